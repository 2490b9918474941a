"""Tests for the exercise checks of notebook 08: binary_cross_entropy_gradient and stays_tied.

Every "student" function below is written out here in plain NumPy, the way a student
would write it, independently of the mistake catalogue in ``nblib.exercises_08``: a
test that reused the catalogue could not fail.

Conventions: y = σ(y_raw); E = 1/N Σ_n E_n with E_n = −Σ_k [t log y + (1 − t) log(1 − y)],
so ∂E/∂y_raw = (y − t) / N (N×K). stays_tied(num_nodes) → L×2 booleans, row l−1 =
[columns of W_l stay equal, rows 1.. of W_l stay equal] after training from a constant start.
"""

from __future__ import annotations

import numpy as np
import pytest
from check_helpers import assert_hint_names, assert_passes, hint_of

import nblib
from nblib.checks import EXERCISES
from nblib.exercises_08 import stays_tied as reference_stays_tied


def sigmoid(s):
    return 0.5 * (1 + np.tanh(s / 2))  # the identity σ(s) = (1 + tanh(s/2)) / 2: stable, no nblib


# -- correct solutions ------------------------------------------------------------------------------

def bce_gradient(y_raw, t):
    return (sigmoid(y_raw) - t) / y_raw.shape[0]


def bce_gradient_with_naive_sigmoid(y_raw, t):
    y = 1 / (1 + np.exp(-y_raw))  # overflows to inf at −1000, but 1/inf is the right 0
    return (y - t) / len(y_raw)


def bce_gradient_with_nblib(y_raw, t):
    return (nblib.sigmoid(y_raw) - t) / len(t)


def bce_gradient_via_the_chain_rule_clipped(y_raw, t):
    y = np.clip(nblib.sigmoid(y_raw), 1e-300, 1 - 1e-16)
    dE_dy = (-t / y + (1 - t) / (1 - y)) / len(y)
    return dE_dy * y * (1 - y)  # σ' taken from the clipped y: the cancellation done numerically


def tied_by_loops(num_nodes):
    L = len(num_nodes) - 1
    rows = []
    for l in range(1, L + 1):
        units_identical = l != L or num_nodes[L] == 1
        inputs_identical = l != 1 or num_nodes[0] == 1
        rows.append([units_identical, inputs_identical])
    return np.array(rows)


def tied_as_a_list_of_tuples(num_nodes):
    L = len(num_nodes) - 1
    return [(l < L or num_nodes[-1] == 1, l > 1 or num_nodes[0] == 1) for l in range(1, L + 1)]


def tied_as_zeros_and_ones(num_nodes):
    return tied_by_loops(num_nodes).astype(int)


CORRECT = [
    pytest.param("binary_cross_entropy_gradient", bce_gradient, id="bce-tanh-sigmoid"),
    pytest.param("binary_cross_entropy_gradient", bce_gradient_with_naive_sigmoid, id="bce-naive-sigmoid"),
    pytest.param("binary_cross_entropy_gradient", bce_gradient_with_nblib, id="bce-nblib.sigmoid"),
    pytest.param("binary_cross_entropy_gradient", bce_gradient_via_the_chain_rule_clipped, id="bce-chain-rule"),
    pytest.param("stays_tied", tied_by_loops, id="tied-loops"),
    pytest.param("stays_tied", tied_as_a_list_of_tuples, id="tied-list-of-tuples"),
    pytest.param("stays_tied", tied_as_zeros_and_ones, id="tied-0/1"),
]


# -- wrong answers, as students write them -----------------------------------------------------------

def bce_with_sigma_prime(y_raw, t):
    y = sigmoid(y_raw)
    return (y - t) * y * (1 - y) / len(y_raw)


def bce_sign_flipped(y_raw, t):
    return (t - sigmoid(y_raw)) / len(y_raw)


def bce_without_1_over_n(y_raw, t):
    return sigmoid(y_raw) - t


def bce_without_sigmoid(y_raw, t):
    return (y_raw - t) / len(y_raw)


def bce_with_np_mean_denominator(y_raw, t):
    return (sigmoid(y_raw) - t) / y_raw.size


def bce_with_respect_to_y(y_raw, t):
    y = sigmoid(y_raw)
    return (-t / y + (1 - t) / (1 - y)) / len(y)


def bce_summed_over_the_batch(y_raw, t):
    return np.sum(sigmoid(y_raw) - t, axis=0) / len(y_raw)


def bce_forgot_return(y_raw, t):
    gradient = (sigmoid(y_raw) - t) / len(y_raw)  # noqa: F841


def bce_with_exp_instead_of_sigmoid(y_raw, t):
    return (np.exp(y_raw) - t) / len(y_raw)


def bce_scalar_loss(y_raw, t):
    y = sigmoid(y_raw)
    return -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))


def tied_nothing(num_nodes):
    return np.zeros((len(num_nodes) - 1, 2), dtype=bool)


def tied_nothing_but_trivial(num_nodes):
    L = len(num_nodes) - 1
    return np.array([[num_nodes[l] == 1, num_nodes[0] == 1 if l == 1 else num_nodes[l - 1] == 1]
                     for l in range(1, L + 1)])


def tied_everything(num_nodes):
    return np.ones((len(num_nodes) - 1, 2), dtype=bool)


def tied_output_columns_too(num_nodes):
    return np.array([[True, l > 1 or num_nodes[0] == 1] for l in range(1, len(num_nodes))])


def tied_first_layer_rows_too(num_nodes):
    L = len(num_nodes) - 1
    return np.array([[l < L or num_nodes[L] == 1, True] for l in range(1, L + 1)])


def tied_deeper_rows_forgotten(num_nodes):
    L = len(num_nodes) - 1
    return np.array([[l < L or num_nodes[L] == 1, num_nodes[0] == 1] for l in range(1, L + 1)])


def tied_columns_swapped(num_nodes):
    return tied_by_loops(num_nodes)[:, ::-1]


def tied_one_row_per_layer_of_units(num_nodes):
    return tied_by_loops(num_nodes + [1])  # counted the layers of nodes, not the weight matrices


def tied_only_hidden_columns_as_a_vector(num_nodes):
    L = len(num_nodes) - 1
    return np.array([l < L for l in range(1, L + 1)])


def tied_transposed(num_nodes):
    return tied_by_loops(num_nodes).T


def tied_raises(num_nodes):
    return np.array([[num_nodes[l + 1] == 1] for l in range(len(num_nodes))])  # IndexError at the end


# (exercise, student function, words the hint must contain)
MISTAKES = [
    pytest.param("binary_cross_entropy_gradient", bce_with_sigma_prime, ["leftover σ'", "squared-error"],
                 id="bce-leftover-sigma-prime"),
    pytest.param("binary_cross_entropy_gradient", bce_sign_flipped, ["sign is flipped"], id="bce-sign"),
    pytest.param("binary_cross_entropy_gradient", bce_without_1_over_n, ["1/N is missing"], id="bce-missing-1/N"),
    pytest.param("binary_cross_entropy_gradient", bce_without_sigmoid, ["sigmoid is missing"], id="bce-no-sigmoid"),
    pytest.param("binary_cross_entropy_gradient", bce_with_np_mean_denominator, ["N·K", "len(y_raw)"],
                 id="bce-divided-by-N*K"),
    pytest.param("binary_cross_entropy_gradient", bce_with_respect_to_y, ["with respect to the output y",
                                                                         "σ'(y_raw)"], id="bce-dE/dy"),
    pytest.param("stays_tied", tied_nothing_but_trivial, ["Gradient descent never breaks a tie"],
                 id="tied-nothing"),
    pytest.param("stays_tied", tied_everything, ["not everything stays tied"], id="tied-everything"),
    pytest.param("stays_tied", tied_output_columns_too, ["only with a single output", "K > 1"],
                 id="tied-output-columns"),
    pytest.param("stays_tied", tied_first_layer_rows_too, ["first layer's rows are not tied", "feature x_i"],
                 id="tied-first-layer-rows"),
    pytest.param("stays_tied", tied_deeper_rows_forgotten, ["rows of deeper layers are tied too"],
                 id="tied-deeper-rows"),
    pytest.param("stays_tied", tied_columns_swapped, ["two columns are swapped"], id="tied-swapped"),
]

# Wrong answers the catalogue does not hold; the generic diagnosis must still point at them.
OTHER_MISTAKES = [
    pytest.param("binary_cross_entropy_gradient", bce_summed_over_the_batch,
                 ["reduced over the examples (axis 0)", "one row per example"], id="bce-summed-over-batch"),
    pytest.param("binary_cross_entropy_gradient", bce_forgot_return, ["returned None", "return gradient"],
                 id="bce-no-return"),
    pytest.param("binary_cross_entropy_gradient",
                 lambda y_raw, t: (np.exp(y_raw) / (1 + np.exp(y_raw)) - t) / len(y_raw),
                 ["NaN or infinity", "an overflow", "±1000"], id="bce-naive-sigmoid-overflows"),
    pytest.param("binary_cross_entropy_gradient", bce_with_exp_instead_of_sigmoid,
                 ["gradient is wrong", "(sigmoid(y_raw) − t) / N"], id="bce-exp"),
    pytest.param("binary_cross_entropy_gradient", bce_scalar_loss,
                 ["gradient has shape ()", "shape of y_raw"], id="bce-returns-the-loss"),
    pytest.param("stays_tied", tied_nothing, ["nothing is tied here", "never breaks a tie"], id="tied-all-false"),
    pytest.param("stays_tied", tied_one_row_per_layer_of_units, ["tied has shape 4×2, expected 3×2", "one row too many",
                                                                 "one row per weight matrix"], id="tied-L+1-rows"),
    pytest.param("stays_tied", tied_only_hidden_columns_as_a_vector, ["tied has shape (3,)", "2 columns"],
                 id="tied-vector"),
    pytest.param("stays_tied", tied_transposed, ["tied is transposed", "shape 2×3 where 3×2 is expected"],
                 id="tied-transposed"),
    pytest.param("stays_tied", tied_raises, ["raised IndexError", "one row per weight matrix"], id="tied-raises"),
]


@pytest.mark.parametrize("name", ["binary_cross_entropy_gradient", "stays_tied"])
def test_the_reference_passes_its_own_check(name):
    result = assert_passes(name, EXERCISES[name].reference)
    assert result.cases == len(EXERCISES[name].cases) >= 4


@pytest.mark.parametrize(("name", "func"), CORRECT)
def test_correct_solutions_pass(name, func):
    assert_passes(name, func)


@pytest.mark.parametrize(("name", "func", "words"), MISTAKES + OTHER_MISTAKES)
def test_wrong_answers_fail_with_a_hint_naming_the_mistake(name, func, words):
    assert_hint_names(name, func, words)


def test_a_wrong_shape_is_explained_with_the_exercises_own_word_not_a_bias_row_guess():
    """stays_tied has no bias row: its shape hint replaces the generic guess about weight matrices."""
    hint = hint_of("stays_tied", tied_one_row_per_layer_of_units)
    assert "bias row or a column of ones" not in hint and "L = len(num_nodes) − 1 rows" in hint


@pytest.mark.parametrize("name", ["binary_cross_entropy_gradient", "stays_tied"])
def test_each_exercise_has_at_least_eight_wrong_answers_with_distinct_catalogued_hints(name):
    wrong = [p for p in MISTAKES + OTHER_MISTAKES if p.values[0] == name]
    assert len(wrong) >= 8
    catalogued = [hint_of(name, p.values[1]) for p in MISTAKES if p.values[0] == name]
    assert len(set(catalogued)) == len(catalogued)


def test_the_cases_cover_a_single_example_several_outputs_and_extreme_raw_values():
    cases = EXERCISES["binary_cross_entropy_gradient"].cases
    assert any(c.args[0].shape[0] == 1 for c in cases)
    assert any(c.args[0].shape[1] > 1 for c in cases)  # K > 1 tells 1/N from 1/(N·K)
    assert any(np.abs(c.args[0]).max() >= 1000 for c in cases)
    sizes = [c.args[0] for c in EXERCISES["stays_tied"].cases]
    assert any(s[-1] > 1 for s in sizes) and any(len(s) == 2 for s in sizes) and any(s[0] == 1 for s in sizes)


def test_the_gradient_reference_agrees_with_finite_differences_of_the_loss():
    rng = np.random.default_rng(3)
    y_raw, t = rng.normal(size=(4, 3)), rng.integers(0, 2, size=(4, 3)).astype(float)
    numerical = nblib.numerical_gradient(lambda: nblib.binary_cross_entropy(y_raw, t), y_raw)
    assert nblib.relative_error(EXERCISES["binary_cross_entropy_gradient"].reference(y_raw, t), numerical) < 1e-7


@pytest.mark.parametrize("num_nodes", [[20, 8, 3, 1], [4, 3, 2], [3, 2], [1, 4, 1], [5, 6, 6, 3]])
def test_the_stays_tied_reference_predicts_what_training_does(num_nodes):
    """The reference is a prediction: train from a constant start and read the ties off the weights."""
    from nblib.capacity import constant_network, observed_ties

    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, num_nodes[0]))
    t = rng.integers(0, 2, size=(40, num_nodes[-1])).astype(float)
    network = constant_network(num_nodes, 0.3, activation="tanh", eta=0.2)
    for _ in network.train(x, t, epochs=15, batch_size=8, rng=0):
        pass
    assert np.array_equal(observed_ties(network.Ws), reference_stays_tied(num_nodes))
