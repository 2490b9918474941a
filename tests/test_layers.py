"""nblib.layers: every forward/backward pair against finite differences, the composed network
against the hand-written loop, autograd and NeuralNetwork's bias-row matrices, and the
spiral classifiers' training."""

import numpy as np
import pytest

import nblib
from nblib import layers as L
from nblib.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(7)


def backward_matches_finite_differences(forward, backward, inputs, dout):
    """Each of backward's returned gradients vs central differences of Σ out ∘ dout."""
    _, cache = forward(*inputs)
    analytic = backward(dout, cache)
    analytic = analytic if isinstance(analytic, tuple) else (analytic,)

    def probe():
        return float(np.sum(forward(*inputs)[0] * dout))

    return [relative_error(g, numerical_gradient(probe, a)) for g, a in zip(analytic, inputs)]


def test_affine_pair_shapes_and_gradients():
    x, W, b = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 5)), RNG.normal(size=5)
    out, cache = L.affine_forward(x, W, b)
    assert out.shape == (4, 5) and np.allclose(out, x @ W + b)
    dx, dW, db = L.affine_backward(np.ones((4, 5)), cache)
    assert (dx.shape, dW.shape, db.shape) == (x.shape, W.shape, b.shape)
    errors = backward_matches_finite_differences(L.affine_forward, L.affine_backward, (x, W, b),
                                                 RNG.normal(size=(4, 5)))
    assert max(errors) < 1e-8


@pytest.mark.parametrize(("forward", "backward"), [(L.relu_forward, L.relu_backward),
                                                   (L.logistic_forward, L.logistic_backward)])
def test_nonlinearity_pairs_match_finite_differences(forward, backward):
    x = RNG.normal(size=(5, 4))
    x[np.abs(x) < 1e-3] = 0.5  # keep away from ReLU's kink, where the difference quotient is ½
    (error,) = backward_matches_finite_differences(forward, backward, (x,), RNG.normal(size=(5, 4)))
    assert error < 1e-8


def test_relu_and_logistic_forward_values_and_caches():
    x = np.array([[-2.0, 0.0, 3.0]])
    out, cache = L.relu_forward(x)
    assert np.array_equal(out, [[0, 0, 3]]) and cache is x
    a, cache = L.logistic_forward(x)
    assert np.allclose(a, 1 / (1 + np.exp(-x))) and cache is a  # the output: σ' = a(1 − a)
    assert np.array_equal(L.relu_backward(np.ones((1, 3)), x), [[0, 0, 1]])  # the kink passes nothing


def test_softmax_cross_entropy_pair():
    scores, labels = RNG.normal(size=(6, 4)), RNG.integers(0, 4, 6)
    loss, cache = L.softmax_cross_entropy_forward(scores, labels)
    assert loss == pytest.approx(nblib.softmax_cross_entropy(scores, labels))
    dscores = L.softmax_cross_entropy_backward(1.0, cache)
    assert np.allclose(dscores, nblib.softmax_cross_entropy_gradient(scores, labels))
    numeric = numerical_gradient(lambda: L.softmax_cross_entropy_forward(scores, labels)[0], scores)
    assert relative_error(dscores, numeric) < 1e-8
    assert np.allclose(L.softmax_cross_entropy_backward(3.0, cache), 3 * dscores)  # the chain rule's factor


def test_softmax_loss_gradient_is_the_pair_and_stays_finite():
    scores = np.array([[1000.0, 0.0, -1000.0], [0.0, 2.0, 1.0]])
    labels = np.array([0, 1])
    loss, dscores = L.softmax_loss_gradient(scores, labels)
    assert np.isfinite(loss) and np.all(np.isfinite(dscores))
    assert loss == pytest.approx(nblib.softmax_cross_entropy(scores, labels))
    assert np.allclose(dscores, nblib.softmax_cross_entropy_gradient(scores, labels))
    assert scores[0, 0] == 1000.0  # not changed in place


def small_problem(n=12, d=2, h=7, k=3):
    params = {"W1": RNG.normal(size=(d, h)), "b1": RNG.normal(size=h),
              "W2": RNG.normal(size=(h, k)), "b2": RNG.normal(size=k)}
    return params, RNG.normal(size=(n, d)), RNG.integers(0, k, n)


@pytest.mark.parametrize("activation", ["relu", "logistic"])
def test_loop_layers_and_finite_differences_agree(activation):
    params, x, labels = small_problem()
    loss, loop = L.two_layer_gradients(params, x, labels, 0.1, activation)
    layered_loss, layered = L.layered_gradients(params, x, labels, 0.1, activation)
    assert loss == pytest.approx(layered_loss)
    for name, p in params.items():
        assert relative_error(loop[name], layered[name]) < 1e-12
        numeric = numerical_gradient(lambda: L.two_layer_gradients(params, x, labels, 0.1, activation)[0], p)
        assert relative_error(loop[name], numeric) < 1e-7, name


def test_the_trap_is_harmless_for_relu_and_wrong_for_logistic():
    params, x, labels = small_problem()
    for activation, harmless in (("relu", True), ("logistic", False)):
        right = L.two_layer_gradients(params, x, labels, 1e-3, activation)[1]
        trapped = L.two_layer_gradients(params, x, labels, 1e-3, activation,
                                        hidden_backward=L.trapped_hidden_backward)[1]
        assert relative_error(trapped["W2"], right["W2"]) < 1e-12  # the output layer is untouched
        assert (relative_error(trapped["W1"], right["W1"]) < 1e-12) == harmless
        assert (relative_error(trapped["b1"], right["b1"]) < 1e-12) == harmless


def test_autograd_gives_the_same_gradients():
    autograd = pytest.importorskip("autograd")
    anp = pytest.importorskip("autograd.numpy")
    params, x, labels = small_problem()

    def loss(p):
        z = anp.maximum(anp.dot(x, p["W1"]) + p["b1"], 0)
        scores = anp.dot(z, p["W2"]) + p["b2"]
        log_p = scores - anp.log(anp.sum(anp.exp(scores), axis=1, keepdims=True))
        return -anp.mean(log_p[np.arange(len(x)), labels]) + 0.05 * (anp.sum(p["W1"] ** 2) + anp.sum(p["W2"] ** 2))

    auto = autograd.grad(loss)(params)
    mine = L.two_layer_gradients(params, x, labels, 0.1)[1]
    assert all(relative_error(mine[k], auto[k]) < 1e-10 for k in params)
    assert "same ✅" in L.compare_gradients(mine, auto) and "❌" not in L.compare_gradients(mine, auto)


def test_separate_biases_are_the_bias_row_convention():
    params, x, labels = small_problem()
    net = nblib.NeuralNetwork([2, 7, 3], "relu", loss="softmax_cross_entropy", l2=0.1)
    net.Ws = [L.to_bias_row(params["W1"], params["b1"]), L.to_bias_row(params["W2"], params["b2"])]
    assert np.allclose(L.to_bias_row(params["W1"], params["b1"]), np.vstack([params["b1"], params["W1"]]))
    t = nblib.one_hot(labels, 3)
    zs, z_raws = net.activations_for(x)
    assert np.allclose(z_raws[-1], L.scores_for(params, x))
    loss, grads = L.two_layer_gradients(params, x, labels, 0.1)
    assert loss == pytest.approx(net.loss_for(t, x))
    for W_grad, (w, b) in zip(net.gradients_for(net.deltas_for(t, zs, z_raws), zs), (("W1", "b1"), ("W2", "b2"))):
        assert np.allclose(W_grad, L.to_bias_row(grads[w], grads[b]))


def test_compare_gradients_reports_each_parameter():
    a = {"W": np.ones((2, 3)), "b": np.ones(3)}
    text = L.compare_gradients({"W": np.ones((2, 3)), "b": 1.5 * np.ones(3)}, a)
    lines = text.splitlines()
    assert lines[1].split()[:3] == ["W", "2×3", "<"] and "same ✅" in lines[1]
    assert lines[2].split()[:3] == ["b", "3", "0.2"] and "different ❌" in lines[2]


def test_gradient_descent_steps_update_in_place_and_yield_losses():
    params, x, labels = small_problem()
    before = {k: v.copy() for k, v in params.items()}
    losses = L.train(params, lambda p: L.two_layer_gradients(p, x, labels), eta=0.5, iterations=30)
    assert losses.shape == (30,) and losses[-1] < losses[0]
    assert not np.allclose(params["W1"], before["W1"])
    assert losses[0] == pytest.approx(L.two_layer_gradients(before, x, labels)[0])


def test_softmax_classifier_on_the_spiral_is_about_half_right():
    x, labels = nblib.load_spiral()
    params = L.init_softmax_classifier(2, 3, rng=0)
    losses = L.train(params, lambda p: L.softmax_classifier_gradients(p, x, labels, 1e-3), 1.0, 200)
    assert losses[0] == pytest.approx(np.log(3), abs=0.01) and losses[-1] < 0.8
    assert 0.45 < L.accuracy(params, x, labels) < 0.6


def test_two_layer_relu_network_learns_the_spiral():
    x, labels = nblib.load_spiral()
    params = L.init_two_layer(2, 100, 3, rng=0)
    assert {k: v.shape for k, v in params.items()} == {"W1": (2, 100), "b1": (100,), "W2": (100, 3), "b2": (3,)}
    L.train(params, lambda p: L.two_layer_gradients(p, x, labels, 1e-3), 1.0, 1500)
    assert L.accuracy(params, x, labels) > 0.9


def test_the_layer_table_checks_every_input_of_every_layer():
    lines = L.layer_gradient_check_table(rng=3).splitlines()
    assert [line.split()[:2] for line in lines[1:]] == [
        ["affine", "x"], ["affine", "W"], ["affine", "b"], ["relu", "x"], ["logistic", "x"], ["softmax-CE", "scores"]]
    assert all("exact ✅" in line for line in lines[1:])


def test_multiclass_decision_regions():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x, labels = nblib.load_spiral(n_per_class=20)
    params = L.init_softmax_classifier(2, 3, rng=0)
    params["W"] = np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0]])
    for targets in (labels, nblib.one_hot(labels, 3)):
        ax = nblib.plot_decision_boundary(lambda p: L.scores_for(params, p), x, targets, resolution=30)
        assert ax.get_title() == "decision regions (arg-max class)"
        assert [len(c.get_offsets()) for c in ax.collections[1:]] == [20, 20, 20]
        plt.close(ax.figure)


def test_the_dashboard_trains_a_three_class_softmax_network_and_draws_its_regions():
    pytest.importorskip("ipywidgets")
    x, labels = nblib.load_spiral(n_per_class=20)
    network = nblib.NeuralNetwork([2, 10, 3], "relu", eta=1.0, loss="softmax_cross_entropy", l2=1e-3, rng=0)
    dashboard = nblib.TrainingDashboard(x, nblib.one_hot(labels, 3), network=network, eta=1.0, epochs=150)
    dashboard.hundred_button.click()
    assert len(dashboard.history) == 100 and "⚠️" not in dashboard.status.value
    assert dashboard.boundary_ax.get_title() == "decision regions (arg-max class)"
    assert len(dashboard.unit_axes) == 8
    assert np.mean(np.argmax(dashboard.network.predictions_for(x), axis=1) == labels) > 0.5


def test_the_softmax_loss_stays_finite_where_the_true_class_probability_underflows():
    from nblib.layers import softmax_loss_gradient
    loss, dscores = softmax_loss_gradient(np.array([[1000.0, 0.0, -1000.0]]), np.array([2]))
    assert loss == 2000.0  # −log p = 1000 − (−1000), exactly, although p itself is 0 in float64
    assert np.array_equal(dscores, [[1.0, 0.0, -1.0]])
