"""Tests for the exercise checker: ``nblib.check``, ``nblib.checked``, ``nblib.show_reference``.

Every "student" function below is written out here, the way a student would write
it, independently of the mistake catalogue in ``nblib.exercises_01_03``: a test that
reused the catalogue could not fail.

Conventions of the course: with_bias(a) = [1, a] (ones column first), weights
(I+1)×J with the bias in row 0; do = (y − t)·f'(y_raw); dh = (do·Wo[1:]ᵀ)·f'(z_raw);
W ← W − η/N · with_bias(input)ᵀ · δ.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

import nblib
from nblib import check, checked, show_reference
from nblib.checks import EXERCISES

NAMES = ("activations_for", "deltas_for", "gradient_descent")
N_OUTPUTS = {"activations_for": 4, "deltas_for": 2, "gradient_descent": 2}


# -- small tools a student writes ---------------------------------------------------

def ones_first(a):
    return np.hstack([np.ones((len(a), 1)), a])


def ones_last(a):
    return np.hstack([a, np.ones((len(a), 1))])


def central_difference(f, h=1e-5):
    """The numerical derivative of the original exercise."""
    return lambda v: (f(v + h) - f(v - h)) / (2 * h)


# -- the straightforward correct solutions ----------------------------------------------

def forward(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = activation_function(z_raw)
    y_raw = ones_first(z) @ Wo
    y = activation_function(y_raw)
    return z, y, z_raw, y_raw


def deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = (y - t) * f_prime(y_raw)
    dh = (do @ Wo[1:].T) * f_prime(z_raw)
    return dh, do


def step(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    Wh = Wh - eta / n * ones_first(x).T @ dh
    Wo = Wo - eta / n * ones_first(z).T @ do
    return Wh, Wo


CORRECT = {"activations_for": forward, "deltas_for": deltas, "gradient_descent": step}


# -- other correct solutions -----------------------------------------------------------

def forward_with_np_dot(x, Wh, Wo, activation_function=np.tanh):
    z_raw = np.dot(np.c_[np.ones(len(x)), x], Wh)
    z = activation_function(z_raw)
    y_raw = np.dot(np.c_[np.ones(len(z)), z], Wo)
    return z, activation_function(y_raw), z_raw, y_raw


def forward_returning_list(x, Wh, Wo, activation_function=np.tanh):
    return list(forward(x, Wh, Wo, activation_function))


def forward_that_prints(x, Wh, Wo, activation_function=np.tanh):
    print("x has shape", x.shape, "and Wh has shape", Wh.shape)
    return forward(x, Wh, Wo, activation_function)


def numerical_deltas(h):
    def deltas_numerically(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
        f_prime = central_difference(activation_function, h)
        do = (y - t) * f_prime(y_raw)
        dh = (do @ Wo[1:].T) * f_prime(z_raw)
        return dh, do
    return deltas_numerically


def deltas_dropping_bias_column_afterwards(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = nblib.derivative(activation_function)
    do = (y - t) * f_prime(y_raw)
    dh = (do @ Wo.T)[:, 1:] * f_prime(z_raw)
    return dh, do


def deltas_with_np_dot(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = np.multiply(y - t, f_prime(y_raw))
    dh = np.multiply(np.dot(do, Wo[1:, :].T), f_prime(z_raw))
    return dh, do


def deltas_returning_list(*args):
    return list(deltas(*args))


def deltas_that_prints(*args):
    dh, do = deltas(*args)
    print("dh =", dh, "do =", do)
    return dh, do


def step_in_place(do, dh, x, z, Wh, Wo, eta=0.1):
    Wh -= eta / len(x) * ones_first(x).T @ dh
    Wo -= eta / len(x) * ones_first(z).T @ do
    return Wh, Wo


def step_with_np_dot(do, dh, x, z, Wh, Wo, eta=0.1):
    n = x.shape[0]
    return (Wh - eta * np.dot(ones_first(x).T, dh) / n,
            Wo - eta * np.dot(ones_first(z).T, do) / n)


def step_returning_list(*args):
    return list(step(*args))


def step_that_prints(*args):
    Wh, Wo = step(*args)
    print("new weights:", Wh, Wo)
    return Wh, Wo


CORRECT_VARIANTS = [
    pytest.param("activations_for", forward, id="forward-straightforward"),
    pytest.param("activations_for", forward_with_np_dot, id="forward-np.dot-np.c_"),
    pytest.param("activations_for", forward_returning_list, id="forward-list"),
    pytest.param("activations_for", forward_that_prints, id="forward-prints"),
    pytest.param("deltas_for", deltas, id="deltas-straightforward"),
    pytest.param("deltas_for", numerical_deltas(1e-4), id="deltas-central-difference-1e-4"),
    pytest.param("deltas_for", numerical_deltas(1e-5), id="deltas-central-difference-1e-5"),
    pytest.param("deltas_for", deltas_dropping_bias_column_afterwards, id="deltas-(do@Wo.T)[:,1:]"),
    pytest.param("deltas_for", deltas_with_np_dot, id="deltas-np.dot"),
    pytest.param("deltas_for", deltas_returning_list, id="deltas-list"),
    pytest.param("deltas_for", deltas_that_prints, id="deltas-prints"),
    pytest.param("gradient_descent", step, id="step-straightforward"),
    pytest.param("gradient_descent", step_in_place, id="step-in-place"),
    pytest.param("gradient_descent", step_with_np_dot, id="step-np.dot"),
    pytest.param("gradient_descent", step_returning_list, id="step-list"),
    pytest.param("gradient_descent", step_that_prints, id="step-prints"),
]


# -- classic mistakes, as students write them ----------------------------------------------

def forward_bias_forgotten(x, Wh, Wo, activation_function=np.tanh):
    z_raw = x @ Wh
    z = activation_function(z_raw)
    y_raw = z @ Wo
    return z, activation_function(y_raw), z_raw, y_raw


def forward_bias_last(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_last(x) @ Wh
    z = activation_function(z_raw)
    y_raw = ones_last(z) @ Wo
    return z, activation_function(y_raw), z_raw, y_raw


def forward_tanh_hard_coded(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = np.tanh(z_raw)
    y_raw = ones_first(z) @ Wo
    return z, np.tanh(y_raw), z_raw, y_raw


def forward_tanh_hard_coded_in_hidden_layer_only(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = np.tanh(z_raw)
    y_raw = ones_first(z) @ Wo
    return z, activation_function(y_raw), z_raw, y_raw


def forward_output_activation_missing(x, Wh, Wo, activation_function=np.tanh):
    z_raw = ones_first(x) @ Wh
    z = activation_function(z_raw)
    y_raw = ones_first(z) @ Wo
    return z, y_raw, z_raw, y_raw


def forward_wrong_order(x, Wh, Wo, activation_function=np.tanh):
    z, y, z_raw, y_raw = forward(x, Wh, Wo, activation_function)
    return z_raw, y_raw, z, y


def deltas_prime_at_activation(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = (y - t) * f_prime(y)
    dh = (do @ Wo[1:].T) * f_prime(z)
    return dh, do


def deltas_sign_flipped(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = (t - y) * f_prime(y_raw)
    dh = (do @ Wo[1:].T) * f_prime(z_raw)
    return dh, do


def deltas_output_prime_missing(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    do = y - t
    dh = (do @ Wo[1:].T) * central_difference(activation_function)(z_raw)
    return dh, do


def deltas_hidden_prime_missing(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    do = (y - t) * central_difference(activation_function)(y_raw)
    dh = do @ Wo[1:].T
    return dh, do


def deltas_bias_row_kept(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = (y - t) * f_prime(y_raw)
    dh = (do @ Wo.T) * f_prime(z_raw)
    return dh, do


def deltas_rows_dropped_at_wrong_end(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    f_prime = central_difference(activation_function)
    do = (y - t) * f_prime(y_raw)
    dh = (do @ Wo[:-1].T) * f_prime(z_raw)
    return dh, do


def deltas_tanh_prime_hard_coded(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    do = (y - t) * (1 - np.tanh(y_raw) ** 2)
    dh = (do @ Wo[1:].T) * (1 - np.tanh(z_raw) ** 2)
    return dh, do


def deltas_tanh_prime_from_outputs(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    do = (y - t) * (1 - y**2)  # right for tanh only
    dh = (do @ Wo[1:].T) * (1 - z**2)
    return dh, do


def deltas_wrong_order(*args):
    dh, do = deltas(*args)
    return do, dh


def step_sign_flipped(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh + eta / n * ones_first(x).T @ dh, Wo + eta / n * ones_first(z).T @ do


def step_without_1_over_n(do, dh, x, z, Wh, Wo, eta=0.1):
    return Wh - eta * ones_first(x).T @ dh, Wo - eta * ones_first(z).T @ do


def step_ignoring_eta(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - ones_first(x).T @ dh / n, Wo - ones_first(z).T @ do / n


def step_eta_hard_coded(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - 0.1 / n * ones_first(x).T @ dh, Wo - 0.1 / n * ones_first(z).T @ do


def step_bias_last(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - eta / n * ones_last(x).T @ dh, Wo - eta / n * ones_last(z).T @ do


def step_bias_row_not_updated(do, dh, x, z, Wh, Wo, eta=0.1):
    Wh, Wo = Wh.copy(), Wo.copy()
    Wh[1:] -= eta / len(x) * x.T @ dh
    Wo[1:] -= eta / len(x) * z.T @ do
    return Wh, Wo


def step_bias_forgotten(do, dh, x, z, Wh, Wo, eta=0.1):
    n = len(x)
    return Wh - eta / n * x.T @ dh, Wo - eta / n * z.T @ do


def step_wrong_order(*args):
    Wh, Wo = step(*args)
    return Wo, Wh


# (exercise, student function, words the hint must contain)
MISTAKES = [
    pytest.param("activations_for", forward_bias_forgotten, ["ValueError", "bias"], id="forward-bias-forgotten"),
    pytest.param("activations_for", forward_bias_last, ["wrong end", "first"], id="forward-bias-at-wrong-end"),
    pytest.param("activations_for", forward_tanh_hard_coded, ["hard-coded"], id="forward-tanh-hard-coded"),
    pytest.param("activations_for", forward_output_activation_missing, ["output activation", "missing"],
                 id="forward-output-activation-missing"),
    pytest.param("activations_for", forward_wrong_order, ["wrong order", "(z_raw, y_raw, z, y)"],
                 id="forward-wrong-order"),
    pytest.param("deltas_for", deltas_prime_at_activation, ["raw value"], id="deltas-derivative-at-activation"),
    pytest.param("deltas_for", deltas_sign_flipped, ["sign", "y − t"], id="deltas-sign-flipped"),
    pytest.param("deltas_for", deltas_output_prime_missing, ["output derivative factor"],
                 id="deltas-output-derivative-missing"),
    pytest.param("deltas_for", deltas_hidden_prime_missing, ["hidden derivative factor"],
                 id="deltas-hidden-derivative-missing"),
    pytest.param("deltas_for", deltas_bias_row_kept, ["ValueError", "Wo[1:]", "bias row"],
                 id="deltas-Wo-with-bias-row"),
    pytest.param("deltas_for", deltas_rows_dropped_at_wrong_end, ["wrong end", "Wo[1:]"],
                 id="deltas-Wo[:-1]"),
    pytest.param("deltas_for", deltas_tanh_prime_hard_coded, ["hard-coded"], id="deltas-tanh-hard-coded"),
    pytest.param("deltas_for", deltas_wrong_order, ["wrong order", "(do, dh)"], id="deltas-wrong-order"),
    pytest.param("gradient_descent", step_sign_flipped, ["sign", "subtracts"], id="step-sign-flipped"),
    pytest.param("gradient_descent", step_without_1_over_n, ["1/N"], id="step-missing-1/N"),
    pytest.param("gradient_descent", step_ignoring_eta, ["learning rate", "ignored"], id="step-eta-ignored"),
    pytest.param("gradient_descent", step_eta_hard_coded, ["learning rate", "hard-coded"],
                 id="step-eta-hard-coded"),
    pytest.param("gradient_descent", step_bias_last, ["wrong end"], id="step-bias-at-wrong-end"),
    pytest.param("gradient_descent", step_bias_row_not_updated, ["bias row", "never updated"],
                 id="step-bias-row-not-updated"),
    pytest.param("gradient_descent", step_wrong_order, ["wrong order", "(Wo, Wh)"], id="step-wrong-order"),
]

# Mistakes the catalogue does not hold; the generic diagnosis must still point at them.
UNCATALOGUED_MISTAKES = [
    pytest.param("activations_for", forward_tanh_hard_coded_in_hidden_layer_only, ["z is wrong", "hard-coded"],
                 id="forward-tanh-hard-coded-in-hidden-layer"),
    pytest.param("deltas_for", deltas_tanh_prime_from_outputs, ["is wrong", "hard-coded"],
                 id="deltas-1-y**2"),
    pytest.param("gradient_descent", step_bias_forgotten, ["ValueError", "bias column"], id="step-bias-forgotten"),
]


def hint_of(name, func):
    result = check(name, func)
    assert not result.passed, f"{func.__name__} should fail {name}"
    assert result.hint
    return result.hint


# -- correct solutions pass ------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_reference_passes_its_own_check(name):
    result = check(name, getattr(nblib, name))
    assert result.passed and bool(result)
    assert result.hint == ""
    assert result.cases == 8


@pytest.mark.parametrize(("name", "func"), CORRECT_VARIANTS)
def test_correct_solutions_pass(name, func, capsys):
    result = check(name, func)
    assert result.passed, result.hint
    assert result.hint == ""
    assert capsys.readouterr().out == ""  # a print in the student's function stays inside the checker


# -- classic mistakes are named ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "func", "words"), MISTAKES + UNCATALOGUED_MISTAKES)
def test_mistakes_fail_with_a_hint_naming_them(name, func, words):
    hint = hint_of(name, func)
    for word in words:
        assert word in hint, f"{word!r} not in hint: {hint}"


@pytest.mark.parametrize("name", NAMES)
def test_different_mistakes_get_different_hints(name):
    funcs = [p.values[1] for p in MISTAKES if p.values[0] == name]
    hints = [hint_of(name, f) for f in funcs]
    assert len(set(hints)) == len(hints) >= 5


def test_a_missing_1_over_n_is_not_mistaken_for_an_ignored_learning_rate():
    assert "1/N" not in hint_of("gradient_descent", step_ignoring_eta)
    assert "learning rate" not in hint_of("gradient_descent", step_without_1_over_n)


def test_shape_errors_name_the_test_case():
    hint = hint_of("activations_for", forward_bias_forgotten)
    assert "test case 1 of 8" in hint and "N=5, I=3, J=4, K=2" in hint


# -- student code that crashes or returns nonsense ------------------------------------------------

def stub(*args, **kwargs):
    raise NotImplementedError


def divides_by_zero(*args, **kwargs):
    return 1 / 0


def looks_up_a_missing_key(*args, **kwargs):
    return {}["eta"]


def too_few_parameters(x, Wh):  # called with the full signature: TypeError
    return x, Wh


def forgets_to_return(name):
    def computes_but_does_not_return(*args):
        CORRECT[name](*args)
    return computes_but_does_not_return


def nan_outputs(name):
    return lambda *args: tuple(np.full_like(v, np.nan) for v in CORRECT[name](*args))


def raveled_outputs(name):
    return lambda *args: tuple(v.ravel() for v in CORRECT[name](*args))


def first_output_only(name):
    return lambda *args: CORRECT[name](*args)[0]


@pytest.mark.parametrize("name", NAMES)
def test_a_stub_is_not_implemented(name):
    assert "not implemented" in hint_of(name, stub)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("func", "exception"), [
    (divides_by_zero, "ZeroDivisionError"),
    (looks_up_a_missing_key, "KeyError"),
    (too_few_parameters, "TypeError"),
])
def test_exceptions_are_caught_and_named(name, func, exception):
    hint = hint_of(name, func)
    assert exception in hint
    assert "Traceback" not in hint


@pytest.mark.parametrize("name", NAMES)
def test_returning_none_asks_for_a_return(name):
    hint = hint_of(name, forgets_to_return(name))
    assert "None" in hint and "return" in hint


@pytest.mark.parametrize("name", NAMES)
def test_nan_outputs_are_reported(name):
    assert "NaN" in hint_of(name, nan_outputs(name))


@pytest.mark.parametrize("name", NAMES)
def test_wrong_shapes_are_reported(name):
    hint = hint_of(name, raveled_outputs(name))
    assert "shape" in hint and "expected" in hint


@pytest.mark.parametrize("name", NAMES)
def test_a_single_array_instead_of_a_tuple(name):
    hint = hint_of(name, first_output_only(name))
    assert f"expected {N_OUTPUTS[name]} arrays" in hint


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("not_a_function", [3, None, (np.zeros((2, 2)), np.zeros((2, 2)))],
                         ids=["int", "None", "result-of-calling"])
def test_a_non_callable_is_refused(name, not_a_function):
    result = check(name, not_a_function)
    assert not result.passed
    assert "expected a function" in result.hint and "without ()" in result.hint


def test_the_result_of_calling_the_function_is_refused():
    x, Wh, Wo = np.ones((2, 3)), np.ones((4, 2)), np.ones((3, 1))
    hint = check("activations_for", forward(x, Wh, Wo)).hint
    assert "got tuple" in hint and "without ()" in hint


def test_an_unknown_exercise_lists_the_known_ones():
    result = check("activation_for", forward)
    assert not result.passed
    assert "'activation_for'" in result.hint
    for name in NAMES:
        assert name in result.hint


# -- student code that mutates its inputs ------------------------------------------------------------

def snapshot(name):
    return [[a.copy() for a in case.args if isinstance(a, np.ndarray)] for case in EXERCISES[name].cases]


def forward_then_clobbers_its_inputs(x, Wh, Wo, activation_function=np.tanh):
    result = forward(x, Wh, Wo, activation_function)
    x[:] = 0
    Wh[:] = np.nan
    Wo *= 1e6
    return result


def deltas_sign_flipped_in_place(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=np.tanh):
    t -= y  # now t holds t − y: the sign is flipped, and t is modified
    f_prime = central_difference(activation_function)
    do = t * f_prime(y_raw)
    Wo[0] = 0
    dh = (do @ Wo[1:].T) * f_prime(z_raw)
    return dh, do


@pytest.mark.parametrize(("name", "func", "passes", "word"), [
    ("activations_for", forward_then_clobbers_its_inputs, True, ""),
    ("deltas_for", deltas_sign_flipped_in_place, False, "sign"),
    ("gradient_descent", step_in_place, True, ""),
])
def test_mutating_the_inputs_does_not_affect_the_check(name, func, passes, word):
    before = snapshot(name)
    result = check(name, func)
    assert result.passed is passes, result.hint
    assert word in result.hint
    after = snapshot(name)
    assert all(np.array_equal(a, b, equal_nan=True) for case_a, case_b in zip(before, after, strict=True)
               for a, b in zip(case_a, case_b, strict=True))
    assert check(name, CORRECT[name]).passed  # later checks are judged on intact cases


# -- no warnings, whatever the student code does --------------------------------------------------------

def forward_with_an_overflow(x, Wh, Wo, activation_function=np.tanh):
    big = np.exp(1000)  # overflows to inf, RuntimeWarning
    z, y, z_raw, y_raw = forward(x, Wh, Wo, activation_function)
    return z * big, y, z_raw, y_raw


def forward_with_an_unused_overflow(x, Wh, Wo, activation_function=np.tanh):
    _ = np.exp(1000) - np.exp(1000)  # inf − inf: two warnings, result unused
    warnings.warn("a warning of the student's own", UserWarning, stacklevel=1)
    return forward(x, Wh, Wo, activation_function)


def deltas_dividing_by_zero_in_numpy(*args):
    dh, do = deltas(*args)
    return dh / 0.0, do


@pytest.mark.parametrize(("name", "func", "passes", "word"), [
    ("activations_for", forward_with_an_overflow, False, "infinity"),
    ("activations_for", forward_with_an_unused_overflow, True, ""),
    ("deltas_for", deltas_dividing_by_zero_in_numpy, False, "NaN or infinity"),
    ("gradient_descent", nan_outputs("gradient_descent"), False, "NaN"),
])
def test_the_checker_emits_no_warnings(name, func, passes, word):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning escaping the checker would fail the check
        result = check(name, func)
    assert result.passed is passes, result.hint
    assert word in result.hint
    assert "checker itself failed" not in result.hint


def forward_returning_complex_arrays(x, Wh, Wo, activation_function=np.tanh):
    z, y, z_raw, y_raw = forward(x, Wh, Wo, activation_function)
    return z + 1j, y, z_raw, y_raw  # wrong: the imaginary part is not zero


def test_complex_outputs_fail_without_warnings():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = check("activations_for", forward_returning_complex_arrays)
    assert not result.passed and "z is not an array of real numbers" in result.hint
    assert [str(w.message) for w in caught] == []


def forward_returning_none_for_the_raw_values(x, Wh, Wo, activation_function=np.tanh):
    z, y, z_raw, y_raw = forward(x, Wh, Wo, activation_function)
    return z, y, None, None


def test_a_none_item_is_named():
    result = check("activations_for", forward_returning_none_for_the_raw_values)
    assert not result.passed and result.hint.startswith("z_raw is None")
    assert "bias" not in result.hint


def test_sys_exit_in_student_code_is_reported():
    def exits(*args):
        raise SystemExit(1)

    result = check("deltas_for", exits)
    assert not result.passed and "SystemExit" in result.hint


# -- checked, show_reference, str(result) ------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_checked_returns_the_students_function_when_correct(name, capsys):
    assert checked(name, CORRECT[name]) is CORRECT[name]
    out = capsys.readouterr().out
    assert out.startswith(f"✅ {name}")
    assert "reference" not in out


@pytest.mark.parametrize(("name", "wrong"), [
    ("activations_for", forward_bias_last),
    ("deltas_for", deltas_sign_flipped),
    ("gradient_descent", stub),
])
def test_checked_falls_back_to_the_reference_when_wrong(name, wrong, capsys):
    assert checked(name, wrong) is getattr(nblib, name)
    out = capsys.readouterr().out
    assert out.startswith(f"❌ {name}")
    assert f"uses nblib's reference {name}" in out


def test_checked_falls_back_when_given_a_non_callable(capsys):
    assert checked("deltas_for", 3) is nblib.deltas_for
    assert "❌" in capsys.readouterr().out


def test_show_reference_prints_the_source(capsys):
    show_reference("deltas_for")
    out = capsys.readouterr().out
    assert "def deltas_for" in out and "Wo[1:]" in out


def test_show_reference_of_an_unknown_exercise(capsys):
    show_reference("nope")
    out = capsys.readouterr().out
    assert "no exercise called 'nope'" in out and "deltas_for" in out


@pytest.mark.parametrize(("name", "func", "mark"), [
    ("activations_for", forward, "✅"),
    ("activations_for", forward_tanh_hard_coded, "❌"),
    ("deltas_for", deltas_bias_row_kept, "❌"),
    ("gradient_descent", too_few_parameters, "❌"),
    ("gradient_descent", step_wrong_order, "❌"),
    ("gradient_descent", 3, "❌"),
])
def test_str_of_a_result_is_a_deterministic_verdict(name, func, mark):
    text = str(check(name, func))
    assert text.startswith(f"{mark} {name}: ")
    assert repr(check(name, func)) == text == str(check(name, func))
    assert not re.search(r"0x[0-9a-fA-F]{4,}", text), text  # no memory addresses
