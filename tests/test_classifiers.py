"""NetworkClassifier: scikit-learn conventions, live training, gradients, dtypes, clear errors."""

import math
import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.decomposition import PCA
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator

import nblib
from nblib.classifiers import ClassifierStep, NetworkClassifier, UnscaledInputWarning


@pytest.fixture(scope="module")
def digits():
    """sklearn's 8×8 digits, split 70/30 with every class in both parts."""
    x, labels = nblib.load_digits()
    return train_test_split(x, labels, test_size=0.3, random_state=0, stratify=labels)


def failures(results):
    return [(r["check_name"], repr(r["exception"])) for r in results
            if r["status"] == "failed" or (r["status"] == "xfail" and not r["expected_to_fail"])]


# Skips that remain are the checks' own: pandas is not a course dependency, and the
# array-API check runs only with SCIPY_ARRAY_API=1.
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")
@pytest.mark.parametrize("params", [
    dict(),
    dict(hidden_layer_sizes=(20, 10), activation="tanh", output="tanh", epochs=20),
    dict(hidden_layer_sizes=(), batch_size=None, eta=0.5, epochs=30),
    dict(hidden_layer_sizes=(30,), dropout=0.2),
])
def test_check_estimator_passes_with_nothing_expected_to_fail(params):
    results = check_estimator(NetworkClassifier(random_state=0, **params), on_fail=None)
    assert failures(results) == [] and not any(r["status"] == "xfail" for r in results)
    assert sum(r["status"] == "passed" for r in results) > 40


def test_pipeline_with_scaling_and_pca_learns_the_digits(digits):
    x_train, x_test, y_train, y_test = digits
    model = make_pipeline(StandardScaler(), PCA(40, random_state=0), NetworkClassifier(random_state=0))
    assert model.fit(x_train, y_train).score(x_test, y_test) >= 0.95


def test_cross_val_score_and_grid_search(digits):
    x_train, x_test, y_train, y_test = (a.astype(np.float32) if a.ndim == 2 else a for a in digits)
    model = make_pipeline(StandardScaler(), NetworkClassifier(hidden_layer_sizes=(32,), epochs=5, random_state=0))
    scores = cross_val_score(model, x_train, y_train, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.85
    # float32 inputs (StandardScaler keeps float32) and np.logspace's NumPy float64 scalars:
    # the network must stay float32
    search = GridSearchCV(model, {"networkclassifier__eta": np.logspace(-2, -1, 2),
                                  "networkclassifier__hidden_layer_sizes": [(16,), (32,)]}, cv=3)
    search.fit(x_train, y_train)
    assert search.best_params_["networkclassifier__eta"] == pytest.approx(0.1)
    assert search.score(x_test, y_test) > 0.9
    network = search.best_estimator_[-1].network_
    assert all(W.dtype == np.float32 for W in network.Ws)


def test_string_labels_come_back_as_strings(digits):
    x_train, x_test, y_train, y_test = digits
    names = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
    model = make_pipeline(StandardScaler(), NetworkClassifier(random_state=0)).fit(x_train, names[y_train])
    assert list(model.classes_) == sorted(names)
    predicted = model.predict(x_test)
    assert predicted.dtype.kind == "U" and set(predicted) <= set(names)
    assert np.mean(predicted == names[y_test]) >= 0.95


@pytest.mark.parametrize(("output", "off"), [("softmax", 0.0), ("tanh", -1.0)])
def test_targets_are_one_hot_rows_in_the_order_of_classes(output, off):
    model = NetworkClassifier(hidden_layer_sizes=(2,), output=output, epochs=1)
    model.fit(np.eye(3, dtype=np.float32), ["cat", "ant", "bee"])
    assert list(model.classes_) == ["ant", "bee", "cat"]
    expected = np.array([[1, off, off], [off, off, 1]], dtype=np.float32)
    T = model.targets_for(["ant", "cat"])
    assert T.dtype == np.float32 and np.array_equal(T, expected)
    assert model.fit(np.eye(3), ["cat", "ant", "bee"]).targets_for(["ant"]).dtype == np.float64


@pytest.mark.parametrize("output", ["softmax", "tanh"])
def test_predict_proba_rows_sum_to_one_and_predict_is_their_argmax(digits, output):
    x_train, x_test, y_train, _ = digits
    model = NetworkClassifier(activation="tanh", output=output, random_state=0).fit(x_train / 16, y_train)
    proba = model.predict_proba(x_test / 16)
    assert proba.shape == (len(x_test), 10) and proba.dtype == np.float64
    assert np.allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-12) and proba.min() >= 0
    assert np.array_equal(model.predict(x_test / 16), model.classes_[proba.argmax(axis=1)])


@pytest.mark.parametrize("labels", [np.array(["no", "yes"]), np.array([-1, 1]), np.array([False, True])])
def test_binary_problems_work(labels):
    x, y = make_classification(n_samples=300, n_features=6, random_state=0)
    model = NetworkClassifier(hidden_layer_sizes=(16,), epochs=20, random_state=0).fit(x, labels[y])
    assert list(model.classes_) == sorted(labels)
    assert model.predict_proba(x).shape == (300, 2) and model.score(x, labels[y]) > 0.9


def test_fit_returns_self_and_sets_the_fitted_attributes(digits):
    x_train, _, y_train, _ = digits
    model = NetworkClassifier(hidden_layer_sizes=(8,), epochs=3, batch_size=100, random_state=0)
    assert model.fit(x_train / 16, y_train) is model
    assert model.n_features_in_ == 64 and list(model.classes_) == list(range(10))
    assert model.network_.num_nodes == [64, 8, 10]
    assert len(model.loss_curve_) == model.n_iter_ == 3 and model.t_ == 3 * math.ceil(len(x_train) / 100)


def test_unfitted_classifier_says_so():
    model = NetworkClassifier()
    for method in (model.predict, model.predict_proba):
        with pytest.raises(NotFittedError, match="not fitted yet"):
            method(np.zeros((2, 4)))


@pytest.mark.parametrize(("x", "message"), [
    (np.zeros((5, 3)), "X has 3 features, but NetworkClassifier is expecting 4 features as input"),
    (np.full((5, 4), np.nan), "Input X contains NaN"),
    (np.zeros(4), r"Expected 2D array, got 1D array instead"),
])
def test_bad_input_to_predict_gets_a_clear_error(x, message):
    model = NetworkClassifier(hidden_layer_sizes=(3,), epochs=1).fit(np.eye(4), [0, 1, 0, 1])
    with pytest.raises(ValueError, match=message):
        model.predict(x)


@pytest.mark.parametrize(("params", "y", "message"), [
    (dict(output="sigmoid"), [0, 1, 0, 1], r"output must be one of \['softmax', 'tanh'\]; got 'sigmoid'"),
    (dict(eta=-0.1), [0, 1, 0, 1], r"eta must be a number in \(0, ∞\); got -0.1"),
    (dict(momentum=1.0), [0, 1, 0, 1], r"momentum must be a number in \[0, 1\); got 1.0"),
    (dict(hidden_layer_sizes=(10, 0)), [0, 1, 0, 1], r"hidden_layer_sizes must be positive integers"),
    (dict(batch_size=0), [0, 1, 0, 1], r"batch_size must be a positive integer; got 0"),
    (dict(dropout=1.0), [0, 1, 0, 1], r"dropout must be one rate in \[0, 1\) or one per hidden layer \(1\)"),
    (dict(activation="swish"), [0, 1, 0, 1], r"unknown activation 'swish'"),
    (dict(random_state="seed"), [0, 1, 0, 1], r"random_state must be None, an int seed or a numpy Generator"),
    (dict(), [0.5, 1.5, 0.25, 1.0], r"Unknown label type: continuous"),
])
def test_bad_parameters_and_labels_fail_at_fit_with_a_clear_error(params, y, message):
    model = NetworkClassifier(**params)  # __init__ only stores (scikit-learn's rule) ...
    with pytest.raises(ValueError, match=message):  # ... fit checks
        model.fit(np.eye(4), y)


def test_a_diverging_network_stops_with_advice():
    x, y = make_classification(n_samples=200, n_features=5, random_state=0)
    with (pytest.raises(ValueError, match=r"training diverged in epoch \d+: the loss became .*Lower eta"),
          pytest.warns(UnscaledInputWarning)):
        NetworkClassifier(eta=1e4, random_state=0).fit(x * 1e3, y)


def test_unscaled_inputs_get_a_warning_with_advice_and_scaled_ones_none():
    mnist = nblib.load_mnist()
    pixels, labels = mnist.x_train[:300].reshape(-1, 784), mnist.y_train[:300]
    with pytest.warns(UnscaledInputWarning, match=r"values up to 255 .* ReLUs die .* sigmoids and tanh "
                                                  r"saturate .* X / 255 for pixels, or StandardScaler\(\)"):
        NetworkClassifier((8,), epochs=1).fit(pixels, labels)
    with pytest.warns(UnscaledInputWarning, match="values up to 11"):
        NetworkClassifier((8,), epochs=1).partial_fit(np.full((2, 3), -11.0), [0, 1])
    with pytest.warns(UnscaledInputWarning) as caught:  # shown at the caller's line, even through a Pipeline
        make_pipeline(PCA(3), NetworkClassifier((8,), epochs=1)).fit(pixels, labels)
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        NetworkClassifier((8,), epochs=1).fit(pixels / np.float32(255), labels)
        NetworkClassifier((8,), epochs=1).fit(np.full((2, 3), 10.0), [0, 1])  # 10 itself is fine


def test_fit_steps_yields_while_the_loss_falls_and_the_model_can_predict_meanwhile(digits):
    x_train, x_test, y_train, y_test = digits
    model = NetworkClassifier(hidden_layer_sizes=(32,), batch_size=50, eta_decay=0.9, random_state=0)
    steps = model.fit_steps(x_train / 16, y_train, epochs=4)
    first = next(steps)
    assert first == ClassifierStep(epoch=1, step=1, loss=first.loss, eta=0.1)
    early_score = model.score(x_test / 16, y_test)  # predicting mid-training is allowed
    rest = list(steps)
    per_epoch = math.ceil(len(x_train) / 50)
    assert len(rest) + 1 == 4 * per_epoch and rest[-1].step == 4 * per_epoch and rest[-1].epoch == 4
    assert rest[-1].eta == pytest.approx(0.1 * 0.9 ** 3)
    assert np.mean([s.loss for s in rest[-10:]]) < first.loss / 5
    assert model.loss_curve_ == sorted(model.loss_curve_, reverse=True) and len(model.loss_curve_) == 4
    assert model.score(x_test / 16, y_test) > max(early_score, 0.9)


def test_fit_steps_every_k_updates_averages_the_loss_and_ends_on_the_last_update(digits):
    x_train, _, y_train, _ = digits
    model = NetworkClassifier(hidden_layer_sizes=(8,), batch_size=100, random_state=0)
    n_updates = 2 * math.ceil(len(x_train) / 100)  # 13 per epoch
    steps = list(model.fit_steps(x_train / 16, y_train, epochs=2, every=5))
    assert [s.step for s in steps] == [*range(5, n_updates + 1, 5), n_updates]
    every_step = list(NetworkClassifier(**model.get_params()).fit_steps(x_train / 16, y_train, epochs=2))
    assert steps[0].loss == pytest.approx(np.mean([s.loss for s in every_step[:5]]))
    assert steps[-1].loss == pytest.approx(every_step[-1].loss)  # the 26th update alone
    with pytest.raises(ValueError, match="every must be a positive integer"):
        model.fit_steps(x_train, y_train, every=0)  # at the call, not at the first next


def test_bad_data_fails_when_fit_steps_is_called_not_at_the_first_next():
    with pytest.raises(ValueError, match="Found input variables with inconsistent numbers of samples"):
        NetworkClassifier().fit_steps(np.zeros((5, 2)), [0, 1, 0])


def test_partial_fit_continues_training_and_guards_its_classes(digits):
    x_train, x_test, y_train, y_test = digits
    model = NetworkClassifier(hidden_layer_sizes=(32,), random_state=0)
    model.partial_fit(x_train[:100] / 16, y_train[:100], classes=np.arange(10))
    network = model.network_
    for _ in range(5):
        model.partial_fit(x_train / 16, y_train)
    assert model.network_ is network and model.n_iter_ == 6 and len(model.loss_curve_) == 6
    assert model.score(x_test / 16, y_test) > 0.9
    with pytest.raises(ValueError, match=r"y contains labels \[np.int64\(10\)\] that are not among the classes"):
        model.partial_fit(x_train[:2] / 16, [10, 3])
    with pytest.raises(ValueError, match="differs from the classes of the first call"):
        model.partial_fit(x_train[:2] / 16, y_train[:2], classes=[0, 1])


def test_same_random_state_same_predictions_and_a_pickle_round_trip(digits):
    x_train, x_test, y_train, _ = digits
    def fitted(seed):
        return NetworkClassifier(hidden_layer_sizes=(16,), epochs=3, random_state=seed).fit(x_train / 16, y_train)
    a, b, c = fitted(7), fitted(7), fitted(8)
    assert np.array_equal(a.predict_proba(x_test / 16), b.predict_proba(x_test / 16))
    assert a.loss_curve_ == b.loss_curve_ and a.loss_curve_ != c.loss_curve_
    restored = pickle.loads(pickle.dumps(a))
    assert np.array_equal(restored.predict_proba(x_test / 16), a.predict_proba(x_test / 16))


@pytest.mark.parametrize(("params", "seed"), [
    (dict(activation="relu", output="softmax"), 3),
    (dict(activation="relu", output="softmax", l1=0.01, l2=0.1), 4),
    (dict(activation="tanh", output="tanh"), 5),
])
def test_the_classifier_network_gradients_match_finite_differences(params, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(12, 5)), rng.integers(0, 3, size=12)
    model = NetworkClassifier(hidden_layer_sizes=(7, 4), epochs=2, batch_size=4,
                              random_state=seed, **params).fit(x, y)
    net, t = model.network_, model.targets_for(y)
    assert net.dtype == np.float64  # float64 inputs: a float64 network
    zs, z_raws = net.activations_for(x)
    # finite differences are meaningless across a ReLU kink: these seeds keep every raw value clear of 0
    assert all(np.min(np.abs(z_raw)) > 1e-4 for z_raw in z_raws[1:])
    analytic = net.gradients_for(net.deltas_for(t, zs, z_raws), zs)
    for nabla_w, W in zip(analytic, net.Ws):
        assert nblib.relative_error(nabla_w, nblib.numerical_gradient(lambda: net.loss_for(t, x), W)) < 1e-7


def test_the_network_update_is_the_textbook_equations_with_momentum_and_penalties():
    # NeuralNetwork computes z·W[1:] + W[0] instead of [1, z]·W and folds η/N into δ: same maths
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(6, 4)), nblib.one_hot(rng.integers(0, 3, size=6), 3)
    net = nblib.NeuralNetwork([4, 5, 3], "relu", 0.3, loss="softmax_cross_entropy", momentum=0.8,
                              l1=0.01, l2=0.1, rng=0)
    Ws, vs = [W.copy() for W in net.Ws], [rng.normal(size=W.shape) for W in net.Ws]
    net.velocities = [v.copy() for v in vs]
    z_raw = nblib.with_bias(x) @ Ws[0]
    z = np.maximum(z_raw, 0)
    p = nblib.softmax(nblib.with_bias(z) @ Ws[1])
    deltas = [((p - t) @ Ws[1][1:].T) * (z_raw > 0), p - t]
    net.update_weights(t, x)
    for W, v, W_new, v_new, z_prev, delta in zip(Ws, vs, net.Ws, net.velocities, [x, z], deltas):
        penalty = 0.1 * W + 0.01 * np.sign(W)
        penalty[0] = 0
        v_expected = 0.8 * v - 0.3 * (nblib.with_bias(z_prev).T @ delta / 6 + penalty)
        assert np.allclose(v_new, v_expected, rtol=1e-12, atol=1e-14)
        assert np.allclose(W_new, W + v_expected, rtol=1e-12, atol=1e-14)


def test_the_network_computes_in_the_inputs_floating_dtype_like_mlp_classifier():
    x, y = make_classification(n_samples=100, n_features=8, n_classes=3, n_informative=4, random_state=0)
    for inputs, dtype in [(x.astype(np.float32), np.float32), (x, np.float64), ((x * 3).astype(np.int64), np.float64),
                          (x.astype(np.float16), np.float64)]:
        model = NetworkClassifier(hidden_layer_sizes=(8,), epochs=2, eta=np.float64(0.01), l2=np.float64(1e-3),
                                  momentum=np.float64(0.9), dropout=0.1, random_state=0).fit(inputs, y)
        net = model.network_
        zs, z_raws = net.activations_for(inputs[:5])
        nabla_ws = net.gradients_for(net.deltas_for(model.targets_for(y[:5]), zs, z_raws), zs)
        assert all(a.dtype == dtype for a in [*net.Ws, *net.velocities, *zs, *z_raws, *nabla_ws])
        model.partial_fit(x, y)  # float64 data continue a float32 network in float32
        assert all(W.dtype == dtype for W in net.Ws) and model.predict_proba(x).dtype == np.float64


def test_dropout_is_passed_to_the_network_and_off_at_prediction(digits):
    x_train, x_test, y_train, y_test = digits
    model = NetworkClassifier((64,), dropout=0.3, epochs=5, random_state=0).fit(x_train / 16, y_train)
    assert model.network_.dropout == [0.3] and model.score(x_test / 16, y_test) > 0.9
    assert np.array_equal(model.predict_proba(x_test / 16), model.predict_proba(x_test / 16))


def test_a_small_mnist_subset_is_learned_in_three_quick_epochs():
    # 5,000 images × 3 epochs ≈ a quarter of one full epoch; the decay steadies the last updates
    # (≈ 0.91 for every seed tried, against 0.88–0.92 with a constant eta)
    mnist = nblib.load_mnist()
    x_train = mnist.x_train[:5000].reshape(-1, 784) / np.float32(255)
    x_test = mnist.x_test[:2000].reshape(-1, 784) / np.float32(255)
    model = NetworkClassifier(hidden_layer_sizes=(128,), epochs=3, eta_decay=0.5, random_state=0)
    model.fit(x_train, mnist.y_train[:5000])
    assert model.network_.Ws[0].dtype == np.float32
    assert model.score(x_test, mnist.y_test[:2000]) > 0.88
