"""The clinic's exercise checks (notebook 09): right fixes pass, and each wrong answer gets a hint naming its bug.

Every "student" function below is written out here in plain NumPy, independently of the
mistake catalogue in ``nblib.exercises_09`` (a test that reused the catalogue could not fail).
Each table row is (what the student wrote, words the hint must contain).
"""

from __future__ import annotations

import numpy as np
import pytest
from check_helpers import assert_hint_names, assert_passes

import nblib
from nblib import check, sigmoid
from nblib.checks import EXERCISES
from nblib.diagnostics import input_gradient
from nblib.exercises_09 import BrokenNetwork, class_checked, fresh_class, probe_class
from nblib.randomness import as_generator


def ones_first(a):
    return np.hstack([np.ones((len(a), 1)), a])


# -- case 1: sigmoid_deltas ---------------------------------------------------------------------

def sig_deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=sigmoid):
    do = (y - t) * sigmoid(y_raw) * (1 - sigmoid(y_raw))
    return (do @ Wo[1:].T) * sigmoid(z_raw) * (1 - sigmoid(z_raw)), do


def sig_deltas_with_nblib(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=sigmoid):
    return nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo, nblib.sigmoid)


def _sig(out, hid, sign=1, rows=slice(1, None), swap=False, none=False):
    def deltas(t, z, y, z_raw, y_raw, Wh, Wo, activation_function=sigmoid):
        do = sign * (y - t) * out(y, y_raw)
        dh = (do @ Wo[rows].T) * hid(z, z_raw)
        return None if none else ((do, dh) if swap else (dh, do))
    return deltas


def s_twice(s, raw):
    s2 = 1 / (1 + np.exp(-s))
    return s2 * (1 - s2)


def s_right(s, raw):
    return s * (1 - s)


SIGMOID_WRONG = [
    (_sig(s_twice, s_twice), ["still the broken version", "σ is applied twice"]),
    (_sig(s_right, s_twice), ["hidden one is not"]),
    (_sig(s_twice, s_right), ["output one is not"]),
    (_sig(lambda s, r: r * (1 - r), lambda s, r: r * (1 - r)), ["fed the raw values"]),
    (_sig(lambda s, r: 1, s_right), ["missing at the output"]),
    (_sig(s_right, lambda s, r: 1), ["missing in the hidden layer"]),
    (_sig(lambda s, r: 1 - s ** 2, lambda s, r: 1 - s ** 2), ["tanh's derivative"]),
    (_sig(s_right, s_right, sign=-1), ["sign is flipped"]),
    (_sig(s_right, s_right, rows=slice(None)), ["one column apart", "W[1:], without the bias row"]),
    (_sig(s_right, s_right, swap=True), ["wrong order"]),
    (_sig(s_right, s_right, none=True), ["returned None"]),
]


@pytest.mark.parametrize("student", [sig_deltas, sig_deltas_with_nblib, _sig(s_right, s_right)])
def test_sigmoid_deltas_accepts_every_correct_form(student):
    assert_passes("sigmoid_deltas", student)


@pytest.mark.parametrize("student, words", SIGMOID_WRONG)
def test_sigmoid_deltas_names_each_mistake(student, words):
    assert_hint_names("sigmoid_deltas", student, words)


# -- case 2: linear_gradients --------------------------------------------------------------------

def lin(x, t, W, b):
    e = x @ W + b - t
    return x.T @ e / len(x), np.mean(e, axis=0)


def lin_einsum(x, t, W, b):
    e = (np.einsum("ni,ik->nk", x, W) + b - t) / x.shape[0]
    return np.einsum("ni,nk->ik", x, e), e.sum(axis=0)


def _lin(dW, db):
    def gradients(x, t, W, b):
        e = x @ W + b - t
        return dW(x, e), db(e)
    return gradients


N_ = len  # readability in the table below
LINEAR_WRONG = [
    (_lin(lambda x, e: x.T @ e, lambda e: e), ["still the broken version"]),
    (_lin(lambda x, e: x.T @ e, lambda e: e.sum(axis=0)), ["missing in both"]),
    (_lin(lambda x, e: x.T @ e, lambda e: e.mean(axis=0)), ["dW lacks the 1/N"]),
    (_lin(lambda x, e: x.T @ e / N_(x), lambda e: e.sum(axis=0)), ["db lacks the 1/N"]),
    (_lin(lambda x, e: x.T @ e / N_(x), lambda e: e / N_(e)), ["not summed over the batch"]),
    (_lin(lambda x, e: x.T @ e / N_(x), lambda e: e.sum(axis=1) / N_(e)), ["wrong axis"]),
    (_lin(lambda x, e: x.T @ e / N_(x), lambda e: e.mean(axis=0, keepdims=True)), ["keeps a batch axis"]),
    (_lin(lambda x, e: x.T @ e / N_(x), lambda e: np.sum(e) / N_(e)), ["one number"]),
    (_lin(lambda x, e: -x.T @ e / N_(x), lambda e: -e.mean(axis=0)), ["sign is flipped"]),
    (_lin(lambda x, e: e.T @ x / N_(x), lambda e: e.mean(axis=0)), ["dW is transposed", "2×3 where 3×2"]),
]


@pytest.mark.parametrize("student", [lin, lin_einsum])
def test_linear_gradients_accepts_every_correct_form(student):
    assert_passes("linear_gradients", student)


@pytest.mark.parametrize("student, words", LINEAR_WRONG)
def test_linear_gradients_names_each_mistake(student, words):
    assert_hint_names("linear_gradients", student, words)


# -- case 3: softmax_backward ------------------------------------------------------------------

def softmax_back_jacobian(dp, p):
    ds = np.empty_like(dp)
    for n in range(len(p)):
        J = np.diag(p[n]) - np.outer(p[n], p[n])
        ds[n] = J.T @ dp[n]
    return ds


def softmax_back_einsum(dp, p):
    return p * dp - p * np.einsum("nk,nk->n", dp, p)[:, None]


SOFTMAX_WRONG = [
    (lambda dp, p: dp * p * (1 - p), ["still the element-wise version", "Jacobian"]),
    (lambda dp, p: p * (1 - p), ["dp is not used"]),
    (lambda dp, p: p * (dp - (dp * p).sum(axis=0, keepdims=True)), ["wrong axis"]),
    (lambda dp, p: p * (dp - (dp * p).sum(axis=1)), ["keepdims"]),
    (lambda dp, p: dp - (dp * p).sum(axis=1, keepdims=True), ["leading factor p"]),
    (lambda dp, p: p * ((dp * p).sum(axis=1, keepdims=True) - dp), ["sign is flipped"]),
    (lambda dp, p: p - dp, ["shortcut p − t"]),
    (lambda dp, p: np.stack([(np.diag(q) + np.outer(q, q)) @ d for q, d in zip(p, dp)]),
     ["`+` is used where `-` belongs"]),
]


@pytest.mark.parametrize("student", [softmax_back_jacobian, softmax_back_einsum])
def test_softmax_backward_accepts_every_correct_form(student):
    assert_passes("softmax_backward", student)


@pytest.mark.parametrize("student, words", SOFTMAX_WRONG)
def test_softmax_backward_names_each_mistake(student, words):
    assert_hint_names("softmax_backward", student, words)


# -- case 4: two_layer_gradients ------------------------------------------------------------------

def two_layer(x, t, Wh, Wo, activation_function=np.tanh):
    prime = nblib.derivative(activation_function)
    z_raw = ones_first(x) @ Wh
    z = activation_function(z_raw)
    y_raw = ones_first(z) @ Wo
    y = activation_function(y_raw)
    do = (y - t) * prime(y_raw)
    dh = do @ Wo[1:].T * prime(z_raw)
    return ones_first(x).T @ dh / len(x), ones_first(z).T @ do / len(x)


def two_layer_with_nblib(x, t, Wh, Wo, activation_function=np.tanh):
    z, y, z_raw, y_raw = nblib.activations_for(x, Wh, Wo, activation_function)
    dh, do = nblib.deltas_for(t, z, y, z_raw, y_raw, Wh, Wo, activation_function)
    return nblib.with_bias(x).T @ dh / len(x), nblib.with_bias(z).T @ do / len(x)


def _two(error=lambda y, t: y - t, sign_o=1, sign_h=1, prime_o=True, prime_h=True, n=True, rows=slice(1, None),
         at_act=False, f_fixed=None, hidden_error=None):
    def gradients(x, t, Wh, Wo, activation_function=np.tanh):
        f = f_fixed or activation_function
        prime = nblib.derivative(f)
        z_raw = ones_first(x) @ Wh
        z = f(z_raw)
        y_raw = ones_first(z) @ Wo
        y = f(y_raw)
        do = error(y, t) * (prime(y if at_act else y_raw) if prime_o else 1)
        back = do if hidden_error is None else hidden_error(y, t) * prime(y_raw)
        dh = back @ Wo[rows].T * (prime(z if at_act else z_raw) if prime_h else 1)
        scale = len(x) if n else 1
        return sign_h * ones_first(x).T @ dh / scale, sign_o * ones_first(z).T @ do / scale
    return gradients


TWO_LAYER_WRONG = [
    (_two(error=lambda y, t: np.ones_like(y), hidden_error=lambda y, t: t - y), ["still the broken version"]),
    (_two(error=lambda y, t: np.ones_like(y)), ["cost's derivative is missing"]),
    (_two(sign_o=-1), ["output layer only"]),
    (_two(sign_h=-1), ["hidden layer only"]),
    (_two(error=lambda y, t: t - y), ["flipped in both"]),
    (_two(prime_o=False), ["σ'(y_raw) is missing"]),
    (_two(prime_h=False), ["σ'(z_raw) is missing"]),
    (_two(n=False), ["1/N is missing"]),
    (_two(at_act=True), ["at the activations"]),
    (_two(rows=slice(None, -1)), ["wrong end"]),
    (_two(f_fixed=np.tanh), ["hard-coded"]),
    (_two(rows=slice(None)), ["one column apart", "W[1:], without the bias row"]),
]


@pytest.mark.parametrize("student", [two_layer, two_layer_with_nblib])
def test_two_layer_gradients_accepts_every_correct_form(student):
    assert_passes("two_layer_gradients", student)


@pytest.mark.parametrize("student, words", TWO_LAYER_WRONG)
def test_two_layer_gradients_names_each_mistake(student, words):
    assert_hint_names("two_layer_gradients", student, words)


# -- case 6: epoch_losses -------------------------------------------------------------------------

def epochs_while(network, x, t, epochs=3, batch_size=4):
    out = []
    for _ in range(epochs):
        start, running = 0, 0.0
        while start < len(x):
            xb, tb = x[start:start + batch_size], t[start:start + batch_size]
            running += network.update_weights(tb, xb) * len(xb)
            start += batch_size
        out.append(running / len(x))
    return out  # a list is fine too


def _epochs(reset_inside=False, never_reset=False, weight=True, divide=True, per_batch=False, after=False,
            train=True, skip_last=False):
    def losses(network, x, t, epochs=3, batch_size=4):
        out, total = [], 0.0
        for _ in range(epochs):
            if not never_reset:
                total = 0.0
            stop = len(x) - batch_size if skip_last else len(x)
            for start in range(0, stop, batch_size):
                if reset_inside:
                    total = 0.0
                xb, tb = x[start:start + batch_size], t[start:start + batch_size]
                loss = network.update_weights(tb, xb) if train else network.loss_for(tb, xb)
                if per_batch:
                    out.append(loss)
                total += loss * (len(xb) if weight else 1)
            if after:
                out.append(network.loss_for(t, x))
            elif not per_batch:
                out.append(total / (len(x) if weight else len(range(0, len(x), batch_size))) if divide else total)
        return np.array(out)
    return losses


EPOCH_WRONG = [
    (_epochs(reset_inside=True), ["still the broken version"]),
    (_epochs(never_reset=True), ["never reset"]),
    (_epochs(weight=False), ["short last batch"]),
    (_epochs(divide=False), ["not divided by N"]),
    (_epochs(per_batch=True), ["per *batch*"]),
    (_epochs(after=True), ["*after* the epoch"]),
    (_epochs(train=False), ["never trained"]),
    (_epochs(skip_last=True), ["the loop stops one step early", "leaves out the last"]),
]


@pytest.mark.parametrize("student", [epochs_while, _epochs()])
def test_epoch_losses_accepts_every_correct_form(student):
    assert_passes("epoch_losses", student)


@pytest.mark.parametrize("student, words", EPOCH_WRONG)
def test_epoch_losses_names_each_mistake(student, words):
    assert_hint_names("epoch_losses", student, words)


# -- case 7: the class Network ------------------------------------------------------------------

def make_class(shared_list=False, local_eta=False, ignore_rng=False, normal=False, no_bias_row=False,
               no_generator=False, not_implemented=False):
    class Student:
        eta = 0.1
        Ws = []

        def __init__(self, num_nodes, eta=0.1, rng=None):
            if not_implemented:
                raise NotImplementedError
            rng = rng if no_generator else as_generator(None if ignore_rng else rng)
            if not local_eta:
                self.eta = eta
            if not shared_list:
                self.Ws = []
            for a, b in zip(num_nodes[:-1], num_nodes[1:]):
                shape = (a, b) if no_bias_row else (a + 1, b)
                draw = rng.normal(size=shape) if normal else rng.uniform(-1, 1, size=shape)
                self.Ws.append(draw / np.sqrt(a))

        def step(self, gradients):
            for W, g in zip(self.Ws, gradients):
                W -= self.eta * g
    return Student


class Tidy:
    def __init__(self, num_nodes, eta=0.1, rng=None):
        generator = as_generator(rng)
        self.eta = eta
        self.Ws = []
        for n_in, n_out in zip(num_nodes, num_nodes[1:]):
            self.Ws.append(generator.uniform(-1, 1, (n_in + 1, n_out)) / n_in ** 0.5)

    def step(self, gradients):
        self.Ws = [W - self.eta * g for W, g in zip(self.Ws, gradients)]  # new arrays instead of in place


class FreshEntropy(Tidy):
    def __init__(self, num_nodes, eta=0.1, rng=None):
        generator = np.random.default_rng(rng)  # None: fresh entropy, not the course's seed 0
        self.eta = eta
        self.Ws = [generator.uniform(-1, 1, (a + 1, b)) / np.sqrt(a) for a, b in zip(num_nodes, num_nodes[1:])]


class FanOut(Tidy):
    def __init__(self, num_nodes, eta=0.1, rng=None):
        generator = as_generator(rng)
        self.eta = eta
        self.Ws = [generator.uniform(-1, 1, (a + 1, b)) / np.sqrt(b) for a, b in zip(num_nodes, num_nodes[1:])]


class DrawnTransposed(Tidy):  # the same numbers in the same order, only the shapes are n_l×(n_{l-1}+1)
    def __init__(self, num_nodes, eta=0.1, rng=None):
        generator = as_generator(rng)
        self.eta = eta
        self.Ws = [generator.uniform(-1, 1, (b, a + 1)) / np.sqrt(a) for a, b in zip(num_nodes, num_nodes[1:])]


CLASS_WRONG = [
    (FreshEntropy, ["different result each time", "as_generator(rng)"]),
    (FanOut, ["one slip: `b` is used where `a` belongs", "np.sqrt(a)"]),  # a slip in the class's own method
    (DrawnTransposed, ["the shape of each W of the first network is wrong", "(n_{l-1}+1)×n_l"]),
    (make_class(shared_list=True, local_eta=True), ["still the broken version"]),
    (make_class(shared_list=True), ["shares one list"]),
    (make_class(local_eta=True), ["local variable"]),
    (make_class(ignore_rng=True), ["rng is ignored"]),
    (make_class(normal=True), ["uniform"]),
    (make_class(no_bias_row=True), ["has shape"]),
    (make_class(no_generator=True), ["raised AttributeError"]),
    (make_class(not_implemented=True), ["not implemented yet"]),
]


@pytest.mark.parametrize("cls", [make_class(), Tidy])
def test_network_class_accepts_every_correct_form(cls):
    assert_passes("Network", probe_class(cls))


@pytest.mark.parametrize("cls, words", CLASS_WRONG)
def test_network_class_names_each_mistake(cls, words):
    assert_hint_names("Network", probe_class(cls), words)


def test_a_class_with_shared_state_gets_the_same_verdict_however_often_it_is_checked():
    cls = make_class(shared_list=True)
    cls([2, 2], 0.1, 0)  # the student's own experiments put something in the shared list first
    verdicts = {check("Network", probe_class(cls)).hint for _ in range(3)}
    assert len(verdicts) == 1


def test_class_checked_returns_the_students_class_or_the_reference(capsys):
    good = make_class()
    assert class_checked("Network", good) is good
    assert capsys.readouterr().out.startswith("✅ correct — Network")
    fallback = class_checked("Network", BrokenNetwork)
    assert fallback is EXERCISES["Network"].reference.__wrapped__
    out = " ".join(capsys.readouterr().out.split())
    assert "❌ not yet — Network: this is still the broken version" in out
    assert "uses nblib's reference Network for now" in out
    assert BrokenNetwork.Ws == [] and fresh_class(BrokenNetwork).Ws is not BrokenNetwork.Ws


def test_class_checked_run_again_rechecks_the_students_class_not_the_reference(capsys):
    given = class_checked("Network", make_class(local_eta=True))  # the notebook's check cell
    for _ in range(2):  # the check cell run again without re-running the class cell
        given = class_checked("Network", given)
        out = " ".join(capsys.readouterr().out.split())
        assert "✅" not in out and "local variable" in out and "not re-run the exercise cell" in out, out
        assert given is EXERCISES["Network"].reference.__wrapped__
        assert not nblib.checks.results()["Network"].passed
    fixed = make_class()
    assert class_checked("Network", fixed) is fixed and nblib.checks.results()["Network"].passed


@pytest.mark.parametrize("thing, words", [(make_class()([2, 2]), "an instance of Student"), (None, "None"),
                                          (len, "built-in function len")])
def test_class_checked_says_when_it_did_not_get_a_class(thing, words, capsys):
    reference = EXERCISES["Network"].reference.__wrapped__
    assert class_checked("Network", thing) is reference
    assert class_checked("Network", reference) is reference  # run again: still about the student's thing
    out = " ".join(capsys.readouterr().out.split())
    assert out.count("❌ not yet — Network: expected a class, got") == 2 and words in out and "Traceback" not in out
    assert "✅" not in out and not nblib.checks.results()["Network"].passed


# -- case 8: init_weights -----------------------------------------------------------------------

def init_loop(num_nodes, rng):
    Ws = []
    for l in range(1, len(num_nodes)):
        Ws.append(rng.uniform(-1.0, 1.0, (num_nodes[l - 1] + 1, num_nodes[l])) * num_nodes[l - 1] ** -0.5)
    return Ws


def _init(draw):
    return lambda num_nodes, rng: [draw(rng, a, b) for a, b in zip(num_nodes[:-1], num_nodes[1:])]


def _zero_bias(rng, a, b):
    W = rng.uniform(-1, 1, (a + 1, b)) / np.sqrt(a)
    W[0] = 0.0
    return W


INIT_WRONG = [
    (_init(lambda rng, a, b: np.zeros((a + 1, b))), ["still the broken version", "symmetry"]),
    (_init(lambda rng, a, b: 0.5 * np.ones((a + 1, b))), ["one value"]),
    (_init(lambda rng, a, b: np.ones((a + 1, b))), ["are 1"]),
    (_init(lambda rng, a, b: rng.uniform(-1, 1, (a + 1, b))), ["not scaled"]),
    (_init(lambda rng, a, b: rng.uniform(-1, 1, (a + 1, b)) / np.sqrt(b)), ["fan-out"]),
    (_init(lambda rng, a, b: rng.uniform(-1, 1, (a + 1, b)) / np.sqrt(a + 1)), ["bias row does not count"]),
    (_init(lambda rng, a, b: rng.standard_normal((a + 1, b)) / np.sqrt(a)), ["normal draws"]),
    (_init(_zero_bias), ["zeroing the bias row"]),
    (_init(lambda rng, a, b: rng.uniform(-1, 1, (a, b)) / np.sqrt(a)), ["has shape", "bias row"]),
    (_init(lambda rng, a, b: np.random.default_rng(0).uniform(-1, 1, (a + 1, b)) / np.sqrt(a)),
     ["Use the rng argument"]),
]


@pytest.mark.parametrize("student", [init_loop, nblib.exercises_09.init_weights])
def test_init_weights_accepts_every_correct_form(student):
    assert_passes("init_weights", student)


@pytest.mark.parametrize("student, words", INIT_WRONG)
def test_init_weights_names_each_mistake(student, words):
    assert_hint_names("init_weights", student, words)


# -- case 9: scale_pixels (a one-line fix: six realistic wrong answers) ---------------------------

PIXELS_WRONG = [
    (lambda images: images.astype(float), ["still the broken version"]),
    (lambda images: images // 255, ["integer division"]),
    (lambda images: (images / 255).astype(np.float32), ["is float32, expected float64"]),
    (lambda images: images / 255, ["is float32, expected float64", "2×3 float32 pixels"]),  # keeps float32 input
    (lambda images: np.asarray(images).astype(np.uint8) / 255, ["fractions are cut off"]),
    (lambda images: (images - images.min()) / (images.max() - images.min()), ["min-max scaling"]),
    (lambda images: images / images.max(), ["maximum"]),
    (lambda images: images / 256.0, ["255, not 256"]),
    (lambda images: (images - images.mean()) / images.std(), ["standardises"]),
    (lambda images: (images - 127.5) / 127.5, ["[−1, 1]"]),
]


@pytest.mark.parametrize("student", [lambda images: np.asarray(images, dtype=np.float64) / 255,
                                     lambda images: np.asarray(images, float) / 255.0,
                                     lambda images: np.divide(images, 255, dtype=np.float64)])
def test_scale_pixels_accepts_every_correct_form(student):
    assert_passes("scale_pixels", student)


@pytest.mark.parametrize("student, words", PIXELS_WRONG)
def test_scale_pixels_names_each_mistake(student, words):
    assert_hint_names("scale_pixels", student, words)


# -- case 10: maximise_output ---------------------------------------------------------------------

def ascent(network, x, unit=0, eta=0.5, steps=50):
    x = x.copy()
    for _ in range(steps):
        x += eta * input_gradient(network, x, unit)
        np.clip(x, 0.0, 1.0, out=x)
    return x


def _ascent(clip_each=True, clip_end=False, clip_first=False, sign=1, low=0.0, sign_steps=False, steps_off=0,
            fixed_unit=None):
    def student(network, x, unit=0, eta=0.5, steps=50):
        unit = unit if fixed_unit is None else fixed_unit
        for _ in range(steps + steps_off):
            if clip_first:
                x = np.clip(x, low, 1)
            g = input_gradient(network, x, unit)
            x = x + sign * eta * (np.sign(g) if sign_steps else g)
            if clip_each and not clip_first:
                x = np.clip(x, low, 1)
        return np.clip(x, low, 1) if clip_end else x
    return student


ASCENT_WRONG = [
    (_ascent(clip_each=False), ["still the broken version"]),
    (_ascent(clip_each=False, clip_end=True), ["once at the end"]),
    (_ascent(clip_first=True), ["before the step"]),
    (_ascent(sign=-1), ["descent"]),
    (_ascent(low=-1.0), ["not [−1, 1]"]),
    (_ascent(sign_steps=True), ["sign steps"]),
    (_ascent(steps_off=-1), ["the loop is off by one", "`steps - 1` where `steps` belongs"]),
    (_ascent(fixed_unit=0), ["`unit` is hard-coded to its default 0"]),
]


@pytest.mark.parametrize("student", [ascent, _ascent()])
def test_maximise_output_accepts_every_correct_form(student):
    assert_passes("maximise_output", student)


@pytest.mark.parametrize("student, words", ASCENT_WRONG)
def test_maximise_output_names_each_mistake(student, words):
    assert_hint_names("maximise_output", student, words)


# -- every exercise of the clinic ------------------------------------------------------------------

CLINIC = ("sigmoid_deltas", "linear_gradients", "softmax_backward", "two_layer_gradients", "epoch_losses",
          "Network", "init_weights", "scale_pixels", "maximise_output")


@pytest.mark.parametrize("name", CLINIC)
def test_the_reference_passes_and_the_broken_version_is_the_first_mistake(name):
    exercise = EXERCISES[name]
    assert check(name, exercise.reference).passed
    assert exercise.mistakes[0].hint.startswith("this is still the ")
    for mistake in exercise.mistakes:  # every catalogued mistake is told apart from the reference
        assert check(name, mistake.func).hint == mistake.hint


def test_an_error_the_shapes_do_not_explain_is_matched_to_the_slips_that_raise_it():
    def swapped(network, x, t, epochs=3, batch_size=4):
        losses = []
        for _ in range(epochs):
            total = 0.0
            for start in range(0, len(x), batch_size):
                rows = slice(start, start + batch_size)
                total += network.update_weights(x[rows], t[rows]) * len(x[rows])  # (x, t): swapped
            losses.append(total / len(x))
        return np.array(losses)
    assert_hint_names("epoch_losses", swapped, ["raised ValueError", "the same error after one slip",
                                                "the first two arguments of `network.update_weights"])


def test_a_constant_start_and_an_epoch_mean_over_the_batch_count_are_named():
    constant = lambda num_nodes, rng=None: [np.full((a + 1, b), 0.1) for a, b in zip(num_nodes, num_nodes[1:])]  # noqa: E731
    assert_hint_names("init_weights", constant, ["every entry of Ws[0] is the same number", "symmetry"])

    def over_batches(network, x, t, epochs=3, batch_size=4):
        losses = []
        for _ in range(epochs):
            total, batches = 0.0, 0
            for start in range(0, len(x), batch_size):
                x_b, t_b = x[start:start + batch_size], t[start:start + batch_size]
                total += network.update_weights(t_b, x_b) * len(x_b)
                batches += 1
            losses.append(total / batches)  # the weighted sum over the number of batches, not over N
        return np.array(losses)
    assert_hint_names("epoch_losses", over_batches, ["divided by the number of batches"])
