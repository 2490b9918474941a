"""Tests for the exercises added to notebooks 05–06: train_minibatches, momentum_update, penalty_gradient.

Each "student" function is written out here in plain NumPy, independently of the mistake
catalogue in ``nblib.exercises_04_06``: correct variants must pass, and each classic
mistake must get the hint that names it. Also: the references agree with
``NeuralNetwork`` (its train loop, its momentum step, its penalised gradient).
"""

from __future__ import annotations

import numpy as np
import pytest
from check_helpers import assert_hint_names, assert_passes, assert_stubs_and_crashes_are_reported

import nblib
from nblib.checks import EXERCISES
from nblib.network import momentum_update, penalty_gradient, train_minibatches

NAMES = ("train_minibatches", "momentum_update", "penalty_gradient")


# -- train_minibatches, as students write it -----------------------------------------------

def loop(network, X, T, epochs, batch_size, rng):
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start:start + batch_size]
            losses.append(network.update_weights(T[rows], X[rows]))
    return losses


def loop_shuffling_copies(network, X, T, epochs, batch_size, rng):
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        X_shuffled, T_shuffled = X[order], T[order]
        for batch in range(int(np.ceil(len(X) / batch_size))):
            x, t = X_shuffled[batch * batch_size:(batch + 1) * batch_size], T_shuffled[batch * batch_size:][:batch_size]
            losses.append(network.update_weights(t, x))
    return np.array(losses)


def loop_with_array_split(network, X, T, epochs, batch_size, rng):
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for rows in np.split(order, range(batch_size, len(X), batch_size)):
            losses.append(network.update_weights(T[rows], X[rows]))
    return losses


def loop_shuffle_once(network, X, T, epochs, batch_size, rng):
    order, losses = rng.permutation(len(X)), []
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            rows = order[start:start + batch_size]
            losses.append(network.update_weights(T[rows], X[rows]))
    return losses


def loop_no_shuffle(network, X, T, epochs, batch_size, rng):
    return [network.update_weights(T[s:s + batch_size], X[s:s + batch_size])
            for _ in range(epochs) for s in range(0, len(X), batch_size)]


def loop_new_order_per_batch(network, X, T, epochs, batch_size, rng):
    losses = []
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            rows = rng.permutation(len(X))[start:start + batch_size]
            losses.append(network.update_weights(T[rows], X[rows]))
    return losses


def loop_full_batches_only(network, X, T, epochs, batch_size, rng):
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for b in range(len(X) // batch_size):
            rows = order[b * batch_size:(b + 1) * batch_size]
            losses.append(network.update_weights(T[rows], X[rows]))
    return losses


def loop_targets_in_file_order(network, X, T, epochs, batch_size, rng):
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            losses.append(network.update_weights(T[start:start + batch_size], X[order[start:start + batch_size]]))
    return losses


def loop_epoch_means(network, X, T, epochs, batch_size, rng):
    means = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        batch_losses = [network.update_weights(T[order[s:s + batch_size]], X[order[s:s + batch_size]])
                        for s in range(0, len(X), batch_size)]
        means.append(sum(batch_losses) / len(batch_losses))
    return means


# -- momentum_update ----------------------------------------------------------------------------

def momentum(W, v, gradient, eta, momentum):
    v_new = momentum * v - eta * gradient
    return W + v_new, v_new


def momentum_in_place(W, v, gradient, eta, momentum):
    v *= momentum
    v -= eta * gradient
    W += v
    return W, v


def momentum_returned_as_list(W, v, gradient, eta, mu):
    v = mu * v - eta * gradient
    return [W + v, v]


def momentum_gradient_added(W, v, gradient, eta, mu):
    v = mu * v + eta * gradient
    return W + v, v


def momentum_old_velocity(W, v, gradient, eta, mu):
    W_new = W + v
    return W_new, mu * v - eta * gradient


def momentum_undecayed(W, v, gradient, eta, mu):
    v = v - eta * gradient
    return W + v, v


def momentum_forgotten(W, v, gradient, eta, mu):
    return W - eta * gradient, -eta * gradient


def momentum_subtracted(W, v, gradient, eta, mu):
    v = mu * v - eta * gradient
    return W - v, v


def momentum_on_everything(W, v, gradient, eta, mu):
    v = mu * (v - eta * gradient)
    return W + v, v


# -- penalty_gradient ---------------------------------------------------------------------------

def penalty(W, l2, l1):
    g = np.zeros_like(W)
    g[1:] = l2 * W[1:] + l1 * np.sign(W[1:])
    return g


def penalty_by_masking(W, l2, l1):
    mask = np.ones_like(W)
    mask[0] = 0
    return mask * (l2 * W + l1 * np.sign(W))


def penalty_with_concatenate(W, l2, l1):
    weights = W[1:]
    return np.concatenate([np.zeros((1, W.shape[1])), l2 * weights + l1 * np.sign(weights)])


def penalty_everywhere(W, l2, l1):
    return l2 * W + l1 * np.sign(W)


def penalty_rows_only(W, l2, l1):
    return l2 * W[1:] + l1 * np.sign(W[1:])


def penalty_last_row_left_out(W, l2, l1):
    g = np.zeros_like(W)
    g[:-1] = l2 * W[:-1] + l1 * np.sign(W[:-1])
    return g


def penalty_without_the_half(W, l2, l1):
    g = np.zeros_like(W)
    g[1:] = 2 * l2 * W[1:] + l1 * np.sign(W[1:])
    return g


def penalty_abs(W, l2, l1):
    g = np.zeros_like(W)
    g[1:] = l2 * W[1:] + l1 * np.abs(W[1:])
    return g


def penalty_sign_as_ratio(W, l2, l1):
    g = np.zeros_like(W)
    g[1:] = l2 * W[1:] + l1 * W[1:] / np.abs(W[1:])  # 0/0 = NaN at a weight that is exactly 0
    return g


def loop_shuffling_the_callers_arrays(network, X, T, epochs, batch_size, rng):
    losses = []
    for _ in range(epochs):
        state = rng.bit_generator.state
        rng.shuffle(X)
        rng.bit_generator.state = state
        rng.shuffle(T)  # the same order for both, but in the caller's arrays
        for start in range(0, len(X), batch_size):
            losses.append(network.update_weights(T[start:start + batch_size], X[start:start + batch_size]))
    return losses


def penalty_l1_linear(W, l2, l1):
    g = np.zeros_like(W)
    g[1:] = (l2 + l1) * W[1:]
    return g


def penalty_swapped(W, l2, l1):
    g = np.zeros_like(W)
    g[1:] = l1 * W[1:] + l2 * np.sign(W[1:])
    return g


CORRECT = [
    ("train_minibatches", loop), ("train_minibatches", loop_shuffling_copies),
    ("train_minibatches", loop_with_array_split),
    ("momentum_update", momentum), ("momentum_update", momentum_returned_as_list),
    ("penalty_gradient", penalty), ("penalty_gradient", penalty_by_masking),
    ("penalty_gradient", penalty_with_concatenate),
]

def loop_two_permutations(network, X, T, epochs, batch_size, rng):
    losses = []
    for _ in range(epochs):
        order_x, order_t = rng.permutation(len(X)), rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            losses.append(network.update_weights(T[order_t[start:start + batch_size]],
                                                 X[order_x[start:start + batch_size]]))
    return losses


MISTAKES = [  # (exercise, buggy function, words the hint must contain)
    ("train_minibatches", loop_shuffle_once, "shuffled once"),
    ("train_minibatches", loop_no_shuffle, "never shuffled"),
    ("train_minibatches", loop_new_order_per_batch, "new permutation for every batch"),
    ("train_minibatches", loop_full_batches_only, "last, smaller batch is dropped"),
    ("train_minibatches", loop_targets_in_file_order, "targets are not"),
    ("train_minibatches", loop_epoch_means, "one loss per epoch"),
    ("momentum_update", momentum_gradient_added, "subtract η ∇"),
    ("momentum_update", momentum_old_velocity, "old velocity"),
    ("momentum_update", momentum_undecayed, "not decayed"),
    ("momentum_update", momentum_forgotten, "plain gradient descent"),
    ("momentum_update", momentum_subtracted, "W ← W − v"),
    ("momentum_update", momentum_on_everything, "multiplies the gradient too"),
    # right values, but the caller's W and v are changed: the exercise returns *new* arrays (as every exercise)
    ("momentum_update", momentum_in_place, "changes its argument W in place"),
    ("penalty_gradient", penalty_everywhere, "bias row is penalised"),
    ("penalty_gradient", penalty_rows_only, "bias row is missing"),
    ("penalty_gradient", penalty_last_row_left_out, "last row"),
    ("penalty_gradient", penalty_without_the_half, "twice too big"),
    ("penalty_gradient", penalty_abs, "not |w|"),
    ("penalty_gradient", penalty_l1_linear, "second L2 term"),
    ("penalty_gradient", penalty_swapped, "swapped"),
    ("penalty_gradient", penalty_sign_as_ratio, "a division by zero"),
    ("train_minibatches", loop_shuffling_the_callers_arrays, "rng.shuffle(X)"),
    ("train_minibatches", loop_two_permutations, "two different permutations"),
    ("momentum_update", lambda W, v, g, eta, mu: (W - eta * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g),
     "moving-average form"),
]



@pytest.mark.parametrize("name", NAMES)
def test_the_reference_passes_and_is_registered(name):
    assert name in EXERCISES
    assert_passes(name, EXERCISES[name].reference)


@pytest.mark.parametrize(("name", "func"), CORRECT, ids=lambda v: getattr(v, "__name__", v))
def test_correct_variants_pass(name, func):
    assert_passes(name, func)


@pytest.mark.parametrize(("name", "func", "words"), MISTAKES, ids=lambda v: getattr(v, "__name__", None))
def test_each_classic_mistake_gets_its_hint(name, func, words):
    assert_hint_names(name, func, words)


@pytest.mark.parametrize("name", NAMES)
def test_stubs_and_crashes_are_reported_never_raised(name):
    assert_stubs_and_crashes_are_reported(name)


def test_train_minibatches_is_the_loop_of_neural_network_train():
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(11, 3)), np.tanh(rng.normal(size=(11, 2)))
    mine, theirs = (nblib.NeuralNetwork([3, 4, 2], np.tanh, eta=0.2, momentum=0.5, rng=1) for _ in range(2))
    losses = train_minibatches(mine, X, T, epochs=3, batch_size=4, rng=np.random.default_rng(5))
    steps = list(theirs.train(X, T, epochs=3, batch_size=4, rng=5))
    assert len(losses) == len(steps) == 9
    np.testing.assert_allclose(losses, [s.loss for s in steps], rtol=1e-12)
    for a, b in zip(mine.Ws, theirs.Ws):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_momentum_update_is_the_step_of_neural_network():
    rng = np.random.default_rng(1)
    x, t = rng.normal(size=(6, 2)), np.tanh(rng.normal(size=(6, 1)))
    net = nblib.NeuralNetwork([2, 3, 1], np.tanh, eta=0.3, momentum=0.8, rng=2)
    Ws, vs = [W.copy() for W in net.Ws], [np.zeros_like(W) for W in net.Ws]
    for _ in range(4):
        zs, z_raws = net.activations_for(x)
        gradients = net.gradients_for(net.deltas_for(t, zs, z_raws), zs)
        Ws, vs = zip(*(momentum_update(W, v, g, 0.3, 0.8) for W, v, g in zip(Ws, vs, gradients)))
        net.update_weights(t, x)
        for a, b in zip(Ws, net.Ws):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_penalty_gradient_is_the_penalty_neural_network_adds():
    rng = np.random.default_rng(3)
    x, t = rng.normal(size=(5, 3)), np.tanh(rng.normal(size=(5, 2)))
    plain = nblib.NeuralNetwork([3, 4, 2], np.tanh, rng=4)
    penalised = nblib.NeuralNetwork([3, 4, 2], np.tanh, l2=0.3, l1=0.05, rng=4)
    zs, z_raws = plain.activations_for(x)
    deltas = plain.deltas_for(t, zs, z_raws)
    for W, g_plain, g_penalised in zip(plain.Ws, plain.gradients_for(deltas, zs), penalised.gradients_for(deltas, zs)):
        np.testing.assert_allclose(g_plain + penalty_gradient(W, 0.3, 0.05), g_penalised, rtol=1e-12)
        assert not penalty_gradient(W, 0.3, 0.05)[0].any()


def test_a_classifier_subclass_trains_its_own_network_class():
    built = []

    class Recording(nblib.NeuralNetwork):
        def update_weights(self, t, x):
            built.append(len(x))
            return super().update_weights(t, x)

    class Student(nblib.NetworkClassifier):
        network_class = Recording

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 3)), np.arange(20) % 2
    model = Student((4,), batch_size=8, epochs=2).fit(X, y)
    assert type(model.network_) is Recording and built == [8, 8, 4] * 2
    assert "network_class" not in model.get_params()


def test_live_training_names_the_held_out_set():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 3)), np.arange(30) % 3
    live = nblib.LiveTraining(nblib.NetworkClassifier((4,), epochs=1), X[:20], y[:20], X[20:], y[20:],
                              every=1, held_out="validation")
    live.run()
    assert "validation accuracy" in live.status.value and "test" not in live.status.value


def test_plot_early_stopping_marks_the_first_best_epoch():
    import matplotlib

    matplotlib.use("Agg")
    ax, best = nblib.plot_early_stopping([0.9, 0.95, 0.97, 0.97, 0.96], [0.91, 0.96, 0.98, 0.99, 0.995])
    assert best == 3
    marker = [line for line in ax.get_lines() if line.get_label().startswith("early stopping")]
    assert marker and list(marker[0].get_xdata()) == [3, 3]
