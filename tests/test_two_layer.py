"""The two-layer API of notebooks 01–03: shapes, gradients, training, clear errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nblib


def problem(n, i, j, k, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, i))
    Wh, Wo = nblib.initialize_weights(i, j, k, rng=rng)
    t = rng.uniform(-1, 1, size=(n, k))
    return x, t, Wh, Wo


def test_with_bias_puts_ones_first_and_keeps_dtype():
    x = np.array([[2.0, 3.0], [4.0, 5.0]], dtype=np.float32)
    b = nblib.with_bias(x)
    assert np.array_equal(b, [[1, 2, 3], [1, 4, 5]]) and b.dtype == np.float32


def test_activations_for_shapes_and_values():
    x, t, Wh, Wo = problem(5, 3, 4, 2)
    z, y, z_raw, y_raw = nblib.activations_for(x, Wh, Wo)
    assert (z.shape, y.shape, z_raw.shape, y_raw.shape) == ((5, 4), (5, 2), (5, 4), (5, 2))
    assert np.allclose(z_raw, Wh[0] + x @ Wh[1:]) and np.allclose(y, np.tanh(Wo[0] + z @ Wo[1:]))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 6), i=st.integers(1, 4), j=st.integers(1, 5), k=st.integers(1, 3),
       f=st.sampled_from([np.tanh, nblib.sigmoid, nblib.identity]), seed=st.integers(0, 10_000))
def test_backprop_gradient_matches_finite_differences(n, i, j, k, f, seed):
    x, t, Wh, Wo = problem(n, i, j, k, seed)

    def loss():
        return nblib.squared_error(nblib.activations_for(x, Wh, Wo, f)[1], t)

    z, y, z_raw, y_raw = nblib.activations_for(x, Wh, Wo, f)
    dh, do = nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo, f)
    assert nblib.relative_error(nblib.with_bias(x).T @ dh / n, nblib.numerical_gradient(loss, Wh)) < 1e-7
    assert nblib.relative_error(nblib.with_bias(z).T @ do / n, nblib.numerical_gradient(loss, Wo)) < 1e-7


def test_gradient_descent_is_a_batch_averaged_step_and_leaves_inputs_alone():
    x, t, Wh, Wo = problem(6, 2, 3, 1)
    z, y, z_raw, y_raw = nblib.activations_for(x, Wh, Wo)
    dh, do = nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo)
    Wh0, Wo0 = Wh.copy(), Wo.copy()
    new_Wh, new_Wo = nblib.gradient_descent(do, dh, x, z, Wh, Wo, eta=0.5)
    assert np.array_equal(Wh, Wh0) and np.array_equal(Wo, Wo0)
    assert np.allclose(new_Wh, Wh - 0.5 / 6 * nblib.with_bias(x).T @ dh)
    assert np.allclose(new_Wo, Wo - 0.5 / 6 * nblib.with_bias(z).T @ do)


def test_a_small_step_lowers_the_error():
    x, t, Wh, Wo = problem(8, 3, 4, 2)
    before = nblib.squared_error(nblib.activations_for(x, Wh, Wo)[1], t)
    Wh, Wo = nblib.update_weights(t, x, Wh, Wo, eta=0.05)
    assert nblib.squared_error(nblib.activations_for(x, Wh, Wo)[1], t) < before


def test_initialize_weights_is_seeded_and_shaped():
    a, b = nblib.initialize_weights(2, 3, 1, rng=5), nblib.initialize_weights(2, 3, 1, rng=np.random.default_rng(5))
    assert a[0].shape == (3, 3) and a[1].shape == (4, 1)
    assert np.array_equal(a[0], b[0]) and not np.array_equal(a[0], nblib.initialize_weights(2, 3, 1, rng=6)[0])


def test_errors_for_pm1_and_01_targets():
    t = np.array([[1.0], [-1.0], [1.0], [-1.0]])
    mse, mbe = nblib.errors_for(t, np.array([[0.5], [-0.5], [-0.1], [-1.0]]))
    assert mse == pytest.approx((0.25 + 0.25 + 1.21) / 4) and mbe == 0.25
    assert nblib.errors_for((t + 1) / 2, np.array([[0.6], [0.4], [0.4], [0.1]]))[1] == 0.25


def test_train_yields_every_online_step_and_repeats_exactly():
    x, t = nblib.load_xor()
    steps = list(nblib.train(x, t, *nblib.initialize_weights(2, 2, 1, rng=0), epochs=3))
    again = list(nblib.train(x, t, *nblib.initialize_weights(2, 2, 1, rng=0), epochs=3))
    assert [(s.epoch, s.step) for s in steps] == [(e, 4 * (e - 1) + k) for e in (1, 2, 3) for k in (1, 2, 3, 4)]
    assert all(np.array_equal(a.Wh, b.Wh) and a.mse == b.mse for a, b in zip(steps, again))


def test_train_batch_mode_and_live_learning_rate():
    x, t = nblib.load_xor()
    rates = iter([0.0, 0.0, 0.3])
    Wh, Wo = nblib.initialize_weights(2, 2, 1, rng=0)
    steps = list(nblib.train(x, t, Wh, Wo, epochs=3, eta=lambda: next(rates), online=False))
    assert [s.step for s in steps] == [1, 2, 3]
    assert np.array_equal(steps[1].Wh, Wh) and not np.array_equal(steps[2].Wh, Wh)


def solves_xor(j, seed, epochs=500, eta=0.1):
    x, t = nblib.load_xor()
    for s in nblib.train(x, t, *nblib.initialize_weights(2, j, 1, rng=seed), epochs=epochs, eta=eta):
        if s.mbe == 0 and s.mse < 0.05:
            return True
    return False


def test_xor_converges_for_the_documented_seed():
    assert solves_xor(2, seed=0)


def test_xor_converges_for_nearly_every_seed_with_four_hidden_units():
    assert sum(solves_xor(4, seed) for seed in range(20)) >= 19


@pytest.mark.parametrize(("call", "message"), [
    (lambda: nblib.activations_for(np.zeros(3), np.zeros((4, 2)), np.zeros((3, 1))),
     r"x has shape \(3,\): expected a 2-D array N×I, one row per example. .*x.reshape\(1, -1\)"),
    (lambda: nblib.activations_for(np.zeros((5, 3)), np.zeros((3, 2)), np.zeros((3, 1))),
     r"Wh has shape \(3, 2\): expected \(I\+1\)×J = 4×J, .*x has I=3 columns"),
    (lambda: nblib.activations_for(np.zeros((5, 3)), np.zeros((4, 2)), np.zeros((2, 1))),
     r"Wo has shape \(2, 1\): expected \(J\+1\)×K = 3×K, .*Wh has J=2 columns"),
    (lambda: nblib.activations_for(np.full((2, 1), np.nan), np.zeros((2, 2)), np.zeros((3, 1))),
     r"x contains nan at index \(0, 0\)"),
    (lambda: nblib.errors_for(np.zeros((4, 1)), np.zeros((3, 1))), r"t has shape \(4, 1\): expected N×K = 3×1"),
    (lambda: nblib.initialize_weights(2, 0, 1), r"layer sizes must be at least 1; got I=2, J=0, K=1"),
    (lambda: nblib.initialize_weights(2, 2, 1, rng="seed"), r"rng must be a numpy Generator or an int seed"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_gradient_check_table_says_exact_for_backprop_and_wrong_for_a_bug():
    x, t = nblib.load_xor()
    Wh, Wo = nblib.initialize_weights(2, 3, 1, rng=0)
    rows = nblib.gradient_check_table(x, t, Wh, Wo).splitlines()
    assert rows[1].split()[:3] == ["Wh", "3×3", "<"] and rows[1].endswith("exact ✅") and rows[2].endswith("exact ✅")

    def sign_flipped(t, z, y, z_raw, y_raw, Wh, Wo, f=np.tanh):
        dh, do = nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo, f)
        return -dh, -do

    rows = nblib.gradient_check_table(x, t, Wh, Wo, deltas=sign_flipped).splitlines()
    assert all("≈ 1" in row and row.endswith("wrong ❌") for row in rows[1:])
