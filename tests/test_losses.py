"""Losses: gradients against finite differences, stability at ±1000, target formats."""

import warnings

import numpy as np
import pytest

import nblib

RNG = np.random.default_rng(7)
SCORES = RNG.normal(size=(5, 3))
LABELS = np.array([0, 2, 1, 1, 0])
ONE_HOT = nblib.one_hot(LABELS, 3)
BINARY = RNG.integers(0, 2, size=(5, 3)).astype(float)

CASES = [
    (nblib.squared_error, nblib.squared_error_gradient, ONE_HOT),
    (nblib.binary_cross_entropy, nblib.binary_cross_entropy_gradient, BINARY),
    (nblib.softmax_cross_entropy, nblib.softmax_cross_entropy_gradient, ONE_HOT),
]


@pytest.mark.parametrize(("loss", "gradient", "t"), CASES)
def test_gradient_matches_finite_differences(loss, gradient, t):
    s = SCORES.copy()
    numeric = nblib.numerical_gradient(lambda: loss(s, t), s)
    assert nblib.relative_error(gradient(s, t), numeric) < 1e-7


@pytest.mark.parametrize(("loss", "gradient", "t"), CASES[1:])
def test_cross_entropies_are_finite_without_warnings_at_1000(loss, gradient, t):
    s = np.where(RNG.random((5, 3)) < 0.5, -1000.0, 1000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, grad = loss(s, t), gradient(s, t)
    assert np.isfinite(value) and np.all(np.isfinite(grad))


def test_softmax_rows_sum_to_one_and_survive_huge_scores():
    s = np.array([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = nblib.softmax(s)
        log_p = nblib.log_softmax(s)
    assert np.allclose(p.sum(axis=1), 1) and np.allclose(p[0], [1, 0, 0]) and np.allclose(p[1], 1 / 3)
    assert log_p[0, 2] == pytest.approx(-2000.0)


def test_softmax_keeps_float32():
    assert nblib.softmax(SCORES.astype(np.float32)).dtype == np.float32


def test_softmax_cross_entropy_accepts_index_labels():
    assert nblib.softmax_cross_entropy(SCORES, LABELS) == pytest.approx(nblib.softmax_cross_entropy(SCORES, ONE_HOT))
    assert np.allclose(nblib.softmax_cross_entropy_gradient(SCORES, LABELS),
                       nblib.softmax_cross_entropy_gradient(SCORES, ONE_HOT))


def test_known_values():
    assert nblib.squared_error(np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])) == pytest.approx(2.5)
    assert nblib.softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 3])) == pytest.approx(np.log(4))
    assert nblib.binary_cross_entropy(np.zeros((1, 1)), np.ones((1, 1))) == pytest.approx(np.log(2))


def test_bad_labels_are_explained():
    with pytest.raises(ValueError, match=r"labels must lie in 0..2; got values from 0 to 5"):
        nblib.one_hot(np.array([0, 5]), 3)
    with pytest.raises(ValueError, match="integer"):
        nblib.one_hot(np.array([0.5, 1.0]), 3)
    with pytest.raises(ValueError, match=r"targets must be N×K one-hot \(5, 3\)"):
        nblib.softmax_cross_entropy(SCORES, np.zeros((5, 2)))
