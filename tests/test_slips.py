"""nblib.slips: the reference with one slip, run to find the one that gives the student's result."""

import numpy as np
import pytest

from nblib import slips
from nblib.activations import derivative


def ref_delta(y, t, y_raw, activation_function=np.tanh):
    sigma_prime = derivative(activation_function)
    do = (y - t) * sigma_prime(y_raw)
    return do / len(y)


def ref_grow(xs):
    out = [xs[0]]
    for x in xs:
        out.append(x * 2)
    return out


RNG = np.random.default_rng(0)
Y, T, Y_RAW = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))


def slip_for(reference, student, *args):
    """The words of the first slip of reference that reproduces student(*args)."""
    want = student(*args)
    found = slips.find(reference, lambda f: _same(f, args, want))
    return found.words if found else None


def _same(f, args, want):
    try:
        got = f(*args)
    except Exception:
        return False
    return np.shape(got) == np.shape(want) and np.allclose(got, want)


@pytest.mark.parametrize("student, words", [
    (lambda y, t, y_raw: (t - y) * (1 - np.tanh(y_raw) ** 2) / len(y), "the subtraction is the wrong way round"),
    (lambda y, t, y_raw: (y - t) / len(y), "the factor `sigma_prime(y_raw)` is missing"),
    (lambda y, t, y_raw: (y - t) * (1 - np.tanh(y_raw) ** 2), "the division by `len(y)` is missing"),
    (lambda y, t, y_raw: (y - t) * np.tanh(y_raw) / len(y),
     "`derivative` is not applied: `activation_function` is used where `derivative(activation_function)`"),
    (lambda y, t, y_raw: (y - t) * (1 - np.tanh(np.tanh(y_raw)) ** 2) / len(y),
     "the derivative `sigma_prime(y_raw)` is written as `sigma_prime(activation_function(y_raw))`"),
    (lambda y, t, y_raw: (y - t) * (1 - np.tanh(y) ** 2) / len(y), "`y` is used where `y_raw` belongs"),
])
def test_a_single_slip_is_found_and_named(student, words):
    assert words in slip_for(ref_delta, student, Y, T, Y_RAW)


def test_a_mistake_that_is_no_single_slip_is_not_explained():
    assert slip_for(ref_delta, lambda y, t, y_raw: np.sin(y) * 3.7 + t, Y, T, Y_RAW) is None


def test_every_slip_is_a_different_function_with_its_line():
    found = slips.slips(ref_delta)
    assert len(found) > 20
    assert all(s.line in ("sigma_prime = derivative(activation_function)", "do = (y - t) * sigma_prime(y_raw)",
                          "return do / len(y)") for s in found)
    assert slips.slips(ref_delta) is found  # compiled once per reference


def test_a_slip_that_loops_forever_is_stopped():
    # `for x in out` (a list the loop grows) would never end; loops only ever run over parameters...
    assert not any(s.line == "for x in xs:" and "`out`" in s.words for s in slips.slips(ref_grow))
    assert any(s.line == "out = [xs[0]]" and "`out` is used where `xs` belongs" in s.words
               for s in slips.slips(ref_grow))
    # ...and any slip that runs too long is cut off by the line budget
    endless = slips._bounded(lambda: [i for i in iter(int, 1)], lines=1000)
    with pytest.raises(slips.TooLong):
        endless()


def test_a_class_has_no_slips():
    assert slips.slips(type("Network", (), {})) == ()
