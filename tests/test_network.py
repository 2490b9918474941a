"""NeuralNetwork: gradients of every architecture and loss, training, dtypes, clear errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nblib
from nblib.network import LOSSES


def data(net, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, net.num_nodes[0]))
    k = net.num_nodes[-1]
    if net.loss == "softmax_cross_entropy":
        t = nblib.one_hot(rng.integers(0, k, size=n), k)
    elif net.loss == "binary_cross_entropy":
        t = rng.integers(0, 2, size=(n, k)).astype(float)
    else:
        t = rng.uniform(-1, 1, size=(n, k))
    return x, t


ROUND_OFF = 1e-10  # central differences cannot resolve finer: about ε·|E| / h with h = 1e-5


def gradient_errors(net, x, t, masks=None):
    """Relative error per weight matrix, or 0 where the gradient is below what finite differences resolve.

    A tiny gradient (deep sigmoid layers: ‖∇‖ ≈ 1e-5) has a round-off-sized absolute error in
    its numerical estimate, which alone would be a relative error above 1e-7.
    masks: fixed dropout masks, the same in the backward pass and in every finite difference.
    """
    zs, z_raws = net.activations_for(x, masks)
    analytic = net.gradients_for(net.deltas_for(t, zs, z_raws, masks), zs)
    errors = []
    for a, W in zip(analytic, net.Ws):
        numeric = nblib.numerical_gradient(lambda: net.loss_for(t, x, masks), W)
        resolved = np.linalg.norm(a - numeric) > ROUND_OFF
        errors.append(nblib.relative_error(a, numeric) if resolved else 0.0)
    return errors


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5), n=st.integers(1, 6),
       activation=st.sampled_from(["tanh", "sigmoid", "identity", "relu"]),
       loss=st.sampled_from(sorted(LOSSES)), seed=st.integers(0, 10_000))
def test_every_architecture_and_loss_matches_finite_differences(sizes, n, activation, loss, seed):
    if loss == "softmax_cross_entropy" and sizes[-1] < 2:
        sizes = [*sizes[:-1], 2]
    net = nblib.NeuralNetwork(sizes, activation, loss=loss, rng=seed)
    x, t = data(net, n, seed)
    if activation == "relu":  # finite differences are meaningless across a kink
        zs, z_raws = net.activations_for(x)
        if any(np.min(np.abs(r)) < 1e-4 for r in z_raws[1:]):
            return
    assert max(gradient_errors(net, x, t)) < 1e-7


@settings(max_examples=30, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=3, max_size=5), n=st.integers(1, 6),
       activation=st.sampled_from(["tanh", "sigmoid", "relu"]), rate=st.sampled_from([0.2, 0.5, 0.8]),
       seed=st.integers(0, 10_000))
def test_dropout_gradients_match_finite_differences_with_a_fixed_mask(sizes, n, activation, rate, seed):
    net = nblib.NeuralNetwork([*sizes[:-1], max(sizes[-1], 2)], activation, loss="softmax_cross_entropy",
                              dropout=rate, rng=seed)
    x, t = data(net, n, seed)
    masks = net.dropout_masks(n)
    if activation == "relu":  # finite differences are meaningless across a kink
        zs, z_raws = net.activations_for(x, masks)
        if any(np.min(np.abs(r)) < 1e-4 for r in z_raws[1:]):
            return
    assert max(gradient_errors(net, x, t, masks)) < 1e-7


def test_dropout_masks_are_zero_or_one_over_keep_and_seeded():
    net = nblib.NeuralNetwork([3, 400, 300, 2], "relu", dropout=[0.5, 0.0], dtype=np.float32, rng=4)
    first, second = net.dropout_masks(50)
    assert second is None and first.shape == (50, 400) and first.dtype == np.float32
    assert set(np.unique(first)) == {0.0, 2.0} and abs(np.mean(first == 0) - 0.5) < 0.02
    again = nblib.NeuralNetwork([3, 400, 300, 2], "relu", dropout=[0.5, 0.0], dtype=np.float32, rng=4)
    assert np.array_equal(again.dropout_masks(50)[0], first)
    assert not np.array_equal(net.dropout_masks(50)[0], first)  # a fresh mask every call
    assert nblib.NeuralNetwork([3, 4, 2]).dropout_masks(5) is None


def test_dropout_keeps_the_expected_activation_and_is_off_at_prediction():
    net = nblib.NeuralNetwork([5, 200, 3], "sigmoid", dropout=0.25, rng=0)
    x = np.random.default_rng(1).normal(size=(4000, 5))
    plain_zs, _ = net.activations_for(x)
    dropped_zs, dropped_raws = net.activations_for(x, net.dropout_masks(len(x)))
    assert np.array_equal(dropped_raws[1], plain_zs[0] @ net.Ws[0][1:] + net.Ws[0][0])
    assert np.mean(dropped_zs[1] == 0) == pytest.approx(0.25, abs=0.01)
    assert np.mean(dropped_zs[1]) == pytest.approx(np.mean(plain_zs[1]), rel=0.01)  # inverted: ÷ keep
    assert np.array_equal(net.predictions_for(x), plain_zs[-1])


def test_a_dropped_unit_gets_no_update_in_or_out():
    net = nblib.NeuralNetwork([3, 6, 2], "tanh", eta=0.5, dropout=0.5, rng=2)
    before = [W.copy() for W in net.Ws]
    masks = nblib.NeuralNetwork([3, 6, 2], "tanh", dropout=0.5, rng=2).dropout_masks(1)  # the mask update draws
    net.update_weights(np.array([[0.5, -0.5]]), np.array([[1.0, 2.0, -1.0]]))
    dropped = masks[0][0] == 0
    assert 0 < dropped.sum() < 6
    assert np.array_equal(net.Ws[0][:, dropped], before[0][:, dropped])           # incoming weights
    assert np.array_equal(net.Ws[1][1:][dropped], before[1][1:][dropped])         # outgoing weights
    assert not np.array_equal(net.Ws[0][:, ~dropped], before[0][:, ~dropped])


def test_dropout_trains_the_spiral_in_float32():
    x, labels = nblib.load_spiral(rng=0)
    net = nblib.NeuralNetwork([2, 100, 3], "relu", eta=0.5, momentum=0.9, loss="softmax_cross_entropy",
                              dropout=0.2, dtype=np.float32, rng=0)
    steps = list(net.train(x, nblib.one_hot(labels, 3), epochs=200, batch_size=50, rng=0))
    assert all(W.dtype == np.float32 for W in net.Ws) and all(v.dtype == np.float32 for v in net.velocities)
    assert np.mean(steps[-1].loss) < steps[0].loss / 3
    assert np.mean(net.predictions_for(x).argmax(axis=1) == labels) > 0.9


@pytest.mark.parametrize("dropout", [1.0, -0.1, [0.5], "half"])
def test_bad_dropout_gets_a_clear_error(dropout):
    with pytest.raises(ValueError, match=r"dropout must be one rate in \[0, 1\) or one per hidden layer \(2\)"):
        nblib.NeuralNetwork([3, 4, 4, 2], dropout=dropout)


@pytest.mark.parametrize(("l1", "l2"), [(0.1, 0.0), (0.0, 0.3), (0.05, 0.2)])
def test_regularised_gradients_match_and_spare_the_biases(l1, l2):
    net = nblib.NeuralNetwork([3, 4, 2], "tanh", l1=l1, l2=l2, rng=1)
    x, t = data(net, 5, 1)
    assert max(gradient_errors(net, x, t)) < 1e-7
    penalty_only = nblib.NeuralNetwork([3, 4, 2], "tanh", l1=l1, l2=l2, rng=1)
    plain = nblib.NeuralNetwork([3, 4, 2], "tanh", rng=1)
    zs, z_raws = plain.activations_for(x)
    deltas = plain.deltas_for(t, zs, z_raws)
    for a, b in zip(penalty_only.gradients_for(deltas, zs), plain.gradients_for(deltas, zs)):
        assert np.array_equal(a[0], b[0]) and not np.allclose(a[1:], b[1:])


def test_three_layer_network_equals_the_two_layer_functions():
    net = nblib.NeuralNetwork([2, 3, 1], np.tanh, eta=0.2, rng=3)
    x, t = nblib.load_xor()
    Wh, Wo = (W.copy() for W in net.Ws)
    zs, z_raws = net.activations_for(x)
    z, y, z_raw, y_raw = nblib.activations_for(x, Wh, Wo)
    assert np.allclose(zs[1], z) and np.allclose(zs[2], y) and np.allclose(z_raws[1], z_raw)
    dh, do = nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo)
    deltas = net.deltas_for(t, zs, z_raws)
    assert np.allclose(deltas[0], dh) and np.allclose(deltas[1], do)
    net.update_weights(t, x)
    Wh, Wo = nblib.gradient_descent(do, dh, x, z, Wh, Wo, eta=0.2)
    assert np.allclose(net.Ws[0], Wh) and np.allclose(net.Ws[1], Wo)


def test_zs_and_z_raws_start_with_the_input_and_deltas_cover_every_layer():
    net = nblib.NeuralNetwork([4, 5, 3, 2], rng=0)
    x = np.ones((6, 4))
    zs, z_raws = net.activations_for(x)
    assert [z.shape for z in zs] == [(6, 4), (6, 5), (6, 3), (6, 2)] and zs[0] is z_raws[0]
    assert [d.shape for d in net.deltas_for(np.zeros((6, 2)), zs, z_raws)] == [(6, 5), (6, 3), (6, 2)]


@pytest.mark.parametrize("hidden", [[4], [8, 4]])
def test_xor_is_learned_by_batch_training(hidden):
    x, t = nblib.load_xor()
    net = nblib.NeuralNetwork([2, *hidden, 1], np.tanh, eta=0.5, rng=0)
    steps = list(net.train(x, t, epochs=2000))
    assert steps[-1].epoch == 2000 and steps[-1].step == 2000
    assert steps[-1].loss < steps[0].loss
    assert net.errors_for(t, x)[1] == 0.0


def test_mini_batches_momentum_and_softmax_learn_the_spiral():
    x, labels = nblib.load_spiral(rng=0)
    net = nblib.NeuralNetwork([2, 50, 3], "relu", eta=0.5, momentum=0.9,
                              loss="softmax_cross_entropy", rng=0)
    t = nblib.one_hot(labels, 3)
    before = net.loss_for(t, x)
    steps = list(net.train(x, t, epochs=200, batch_size=50, rng=0))
    assert len(steps) == 200 * 6 and [s.epoch for s in steps[:7]] == [1] * 6 + [2]
    accuracy = np.mean(net.predictions_for(x).argmax(axis=1) == labels)
    assert net.loss_for(t, x) < before / 5 and accuracy > 0.95


def test_float32_network_stays_float32():
    net = nblib.NeuralNetwork([4, 6, 3], "relu", loss="softmax_cross_entropy", momentum=0.9,
                              l2=1e-4, dtype=np.float32, rng=0)
    x = np.random.default_rng(0).normal(size=(10, 4))  # float64 input is cast once
    net.update_weights(nblib.one_hot(np.arange(10) % 3, 3), x)
    zs, _ = net.activations_for(x)
    assert all(W.dtype == np.float32 for W in net.Ws) and all(z.dtype == np.float32 for z in zs)
    assert all(v.dtype == np.float32 for v in net.velocities)


def test_same_seed_same_network():
    a, b = nblib.NeuralNetwork([3, 4, 1], rng=9), nblib.NeuralNetwork([3, 4, 1], rng=9)
    assert all(np.array_equal(u, v) for u, v in zip(a.Ws, b.Ws))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: nblib.NeuralNetwork([3]), r"at least 2 layer sizes .* got \[3\]"),
    (lambda: nblib.NeuralNetwork([3, 0, 1]), r"each ≥ 1; got \[3, 0, 1\]"),
    (lambda: nblib.NeuralNetwork([3, 1], loss="hinge"), r"unknown loss 'hinge'"),
    (lambda: nblib.NeuralNetwork([3, 1], "swish"), r"unknown activation 'swish'"),
    (lambda: nblib.NeuralNetwork([3, 2, 1]).activations_for(np.zeros((5, 2))),
     r"x has shape \(5, 2\): expected N×I = N×3, one row per example, one column per input node"),
    (lambda: nblib.NeuralNetwork([3, 2, 1]).update_weights(np.zeros((4, 1)), np.zeros((5, 3))),
     r"t has shape \(4, 1\): expected N×K = 5×1"),
    (lambda: nblib.NeuralNetwork([3, 2, 1]).predictions_for(np.zeros(3)), r"x has shape \(3,\): expected N×I = N×3"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_subclasses_written_before_dropout_still_train_and_check():
    # notebook 04's StudentNetwork overrides the two loops with their original signatures
    class StudentNetwork(nblib.NeuralNetwork):
        def activations_for(self, x):
            return nblib.feed_forward(np.asarray(x, dtype=float), self.Ws, self.activation_function)

        def deltas_for(self, t, zs, z_raws):
            delta_L = (zs[-1] - t) * nblib.derivative(self.activation_function)(z_raws[-1])
            return nblib.backpropagate(delta_L, z_raws, self.Ws, self.activation_function)

    x, t = nblib.load_xor()
    net = StudentNetwork([2, 3, 1], eta=0.5, rng=0)
    before = net.loss_for(t, x)
    for _ in net.train(x, t, epochs=50):
        pass
    assert net.loss_for(t, x) < before
    assert all(row.endswith("exact ✅") for row in nblib.network_gradient_check_table(net, x, t).splitlines()[1:])


def test_network_gradient_check_table_passes_backprop_and_catches_a_planted_bug():
    x, t = nblib.load_xor()
    rows = nblib.network_gradient_check_table(nblib.NeuralNetwork([2, 3, 3, 1], rng=1), x, t).splitlines()
    assert len(rows) == 4 and all(row.endswith("exact ✅") for row in rows[1:])

    class NotReversed(nblib.NeuralNetwork):
        def deltas_for(self, t, zs, z_raws):
            return super().deltas_for(t, zs, z_raws)[::-1]

    rows = nblib.network_gradient_check_table(NotReversed([2, 3, 3], rng=1), x, np.zeros((4, 3))).splitlines()
    assert rows[1].startswith("W_1 (Ws[0])") and rows[1].endswith("wrong ❌") and rows[2].endswith("wrong ❌")
