"""Notebook 08: logistic regression as the network with no hidden layer, capacity and symmetry.

The data are the source's: ``make_classification(..., random_state=42)``, the first
4000 rows to train on, the last 1000 to test. Every network here is nblib's
``NeuralNetwork`` with a sigmoid output and binary cross-entropy, num_nodes
[20, *hidden, 1]; hidden = [] is logistic regression (one weight per input plus a bias).

    train_binary_network   mini-batch SGD with momentum, the way the sweep trains
    train_to_convergence   full-batch gradient descent until the gradient vanishes
    evaluate               accuracy and AUC (sklearn.metrics) on both halves of the split
    capacity_sweep, elbow  test AUC against the size of the network
    constant_network, weight_history, observed_ties   the symmetry experiment
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .network import NeuralNetwork

# The source's call, unchanged: 20 features, 15 informative, 3 redundant (linear
# combinations of the informative ones), 2 noise, and 5 % of the labels drawn at random.
SOURCE_DATA = dict(n_samples=5000, n_features=20, n_informative=15, n_redundant=3, n_repeated=0,
                   n_classes=2, flip_y=0.05, class_sep=1.0, shuffle=True, random_state=42)
N_TRAIN = 4000

# How every hidden network of the notebook is trained (the [8, 3] model and the sweep)
TRAINING = dict(activation="relu", eta=0.01, momentum=0.9, epochs=50, batch_size=32, seed=0)


@dataclass(frozen=True)
class Split:
    """Inputs x (N×20) and 0/1 targets t (N,) of the training and the test half."""

    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray


def load_source_data() -> Split:
    """The source's data set: rows 0–3999 train, rows 4000–4999 test."""
    from sklearn.datasets import make_classification

    x, t = make_classification(**SOURCE_DATA)
    return Split(x[:N_TRAIN], t[:N_TRAIN], x[N_TRAIN:], t[N_TRAIN:])


def labels_before_flipping() -> Split:
    """The source data with the labels each example had *before* ``flip_y`` replaced 5 % of them.

    make_classification draws the clusters, then the label flips, then the shuffle; with
    flip_y=0 the points and their classes are the same but the shuffle (rows and columns)
    comes out differently. Each row's sorted values do not depend on the column order, so
    they find every point of the source data in the unflipped set.
    """
    from sklearn.datasets import make_classification

    x, _ = make_classification(**SOURCE_DATA)
    x_clean, t_clean = make_classification(**{**SOURCE_DATA, "flip_y": 0.0})
    label_of = {np.sort(row).tobytes(): label for row, label in zip(x_clean, t_clean)}
    keys = [np.sort(row).tobytes() for row in x]
    if not all(key in label_of for key in keys):
        raise RuntimeError("this scikit-learn draws make_classification differently: cannot match the rows")
    t = np.array([label_of[key] for key in keys])
    return Split(x[:N_TRAIN], t[:N_TRAIN], x[N_TRAIN:], t[N_TRAIN:])


def parameter_count(num_nodes: Sequence[int]) -> int:
    """Weights and biases of a fully connected network: Σ_l (n_{l-1} + 1) · n_l."""
    return sum((n_in + 1) * n_out for n_in, n_out in zip(num_nodes[:-1], num_nodes[1:]))


def binary_network(hidden: Sequence[int] = (), activation="relu", eta: float = 0.01, *, momentum: float = 0.0,
                   l2: float = 0.0, n_inputs: int = 20, seed: int = 0) -> NeuralNetwork:
    """A new network [n_inputs, *hidden, 1] with a sigmoid output and binary cross-entropy."""
    return NeuralNetwork([n_inputs, *hidden, 1], activation, eta, loss="binary_cross_entropy",
                         momentum=momentum, l2=l2, rng=seed)


def train_binary_network(hidden: Sequence[int], x: np.ndarray, t: np.ndarray, *, activation="relu",
                         eta: float = 0.01, momentum: float = 0.9, epochs: int = 50, batch_size: int | None = 32,
                         l2: float = 0.0, seed: int = 0) -> NeuralNetwork:
    """Train [I, *hidden, 1] on x (N×I) and 0/1 targets t (N,) by mini-batch SGD; returns the network."""
    network = binary_network(hidden, activation, eta, momentum=momentum, l2=l2, n_inputs=x.shape[1], seed=seed)
    for _ in network.train(x, _column(t), epochs=epochs, batch_size=batch_size, rng=seed):
        pass
    return network


def train_to_convergence(network: NeuralNetwork, x: np.ndarray, t: np.ndarray, *, max_steps: int = 20_000,
                         tol: float = 1e-10) -> int:
    """Full-batch gradient descent until every entry of ∂E/∂W is below tol; returns the steps taken.

    E is the training objective (mean cross-entropy plus the L2 penalty), so the
    weights it stops at are the minimiser a reference implementation must find too.
    Raises if max_steps pass first: "trained" must mean converged.
    """
    t = _column(t)
    for step in range(max_steps + 1):
        zs, z_raws = network.activations_for(x)
        deltas = network.deltas_for(t, zs, z_raws)
        largest = max(float(np.max(np.abs(g))) for g in network.gradients_for(deltas, zs))
        if largest < tol:
            return step
        network.gradient_descent(deltas, zs)
    raise RuntimeError(f"not converged after {max_steps} steps: the largest gradient entry is {largest:.2e} "
                       f"(wanted < {tol:g}); raise max_steps or eta")


def probabilities(network: NeuralNetwork, x: np.ndarray) -> np.ndarray:
    """The network's estimate of P(t = 1 | x), shape (N,)."""
    return network.predictions_for(x)[:, 0]


@dataclass(frozen=True)
class Evaluation:
    """Accuracy (threshold 0.5) and ROC AUC on the training and the test half."""

    train_accuracy: float
    train_auc: float
    test_accuracy: float
    test_auc: float


def evaluate(network: NeuralNetwork, split: Split) -> Evaluation:
    """Accuracy and AUC of the network on both halves of the split."""
    from sklearn.metrics import roc_auc_score

    p_train, p_test = probabilities(network, split.x_train), probabilities(network, split.x_test)
    return Evaluation(float(np.mean((p_train > 0.5) == split.t_train)), float(roc_auc_score(split.t_train, p_train)),
                      float(np.mean((p_test > 0.5) == split.t_test)), float(roc_auc_score(split.t_test, p_test)))


# -- capacity -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SweepResult:
    hidden: tuple[int, ...]
    parameters: int
    evaluation: Evaluation


def capacity_sweep(shapes: Sequence[Sequence[int]], split: Split, **training) -> list[SweepResult]:
    """Train one network per hidden shape (``TRAINING`` unless overridden) and evaluate each."""
    settings = {**TRAINING, **training}
    results = []
    for hidden in shapes:
        network = train_binary_network(hidden, split.x_train, split.t_train, **settings)
        results.append(SweepResult(tuple(hidden), parameter_count(network.num_nodes), evaluate(network, split)))
    return results


def elbow(results: Sequence[SweepResult], tolerance: float = 0.005) -> SweepResult:
    """The smallest network (fewest parameters) whose test AUC is within tolerance of the best one."""
    best = max(r.evaluation.test_auc for r in results)
    good = [r for r in results if r.evaluation.test_auc >= best - tolerance]
    return min(good, key=lambda r: r.parameters)


def sweep_table(results: Sequence[SweepResult]) -> str:
    """The sweep as a fixed-width text table."""
    lines = [f"{'hidden':>10} {'parameters':>10} {'train acc':>9} {'train AUC':>9} {'test acc':>8} {'test AUC':>8}"]
    for r in results:
        e = r.evaluation
        lines.append(f"{str(list(r.hidden)):>10} {r.parameters:>10} {e.train_accuracy:>9.1%} {e.train_auc:>9.3f} "
                     f"{e.test_accuracy:>8.1%} {e.test_auc:>8.3f}")
    return "\n".join(lines)


def plot_capacity(results: Sequence[SweepResult], chosen: SweepResult | None = None, ax=None):
    """Train and test AUC against the parameter count (log scale); one-layer shapes joined by lines."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(7, 4))[1]
    one = [r for r in results if len(r.hidden) == 1]
    two = [r for r in results if len(r.hidden) > 1]
    for attr, colour, label in (("train_auc", "tab:blue", "train"), ("test_auc", "tab:orange", "test")):
        ax.plot([r.parameters for r in one], [getattr(r.evaluation, attr) for r in one], "o-", color=colour,
                label=f"{label} AUC, one hidden layer")
        ax.plot([r.parameters for r in two], [getattr(r.evaluation, attr) for r in two], "s", color=colour,
                mfc="none", label=f"{label} AUC, two hidden layers")
    for r in results:  # labels below the one-layer points, above the two-layer ones
        ax.annotate(str(list(r.hidden)), (r.parameters, r.evaluation.test_auc), fontsize=8,
                    textcoords="offset points", xytext=(0, -12 if len(r.hidden) == 1 else 6), ha="center")
    if chosen is not None:
        ax.axvline(chosen.parameters, color="grey", ls="--", label=f"elbow: hidden {list(chosen.hidden)}")
    ax.set(xscale="log", xlabel="parameters (weights and biases)", ylabel="ROC AUC",
           title="capacity: train AUC keeps rising, test AUC levels off")
    ax.legend(fontsize=8, loc="lower right")
    return ax


# -- symmetry -----------------------------------------------------------------------------

def constant_network(num_nodes: Sequence[int], value: float, activation="relu", eta: float = 0.01,
                     momentum: float = 0.9) -> NeuralNetwork:
    """A binary cross-entropy network whose every weight and bias starts at the same value."""
    network = NeuralNetwork(num_nodes, activation, eta, loss="binary_cross_entropy", momentum=momentum)
    for W in network.Ws:
        W.fill(value)
    return network


def weight_history(network: NeuralNetwork, x: np.ndarray, t: np.ndarray, *, epochs: int, batch_size: int = 32,
                   seed: int = 0, layer: int = 1, row: int = 1) -> np.ndarray:
    """Train and record W_layer[row, :] (one weight into every unit of that layer) after every epoch.

    Returns (epochs + 1)×n_layer: row 0 is before training.
    """
    history = [network.Ws[layer - 1][row].copy()]
    for step in network.train(x, _column(t), epochs=epochs, batch_size=batch_size, rng=seed):
        if step.step % -(-len(x) // batch_size) == 0:  # the last update of an epoch
            history.append(network.Ws[layer - 1][row].copy())
    return np.array(history)


def observed_ties(Ws: Sequence[np.ndarray]) -> np.ndarray:
    """For each W_l, L×2 booleans: [all columns equal (the units are identical), all rows but
    the bias row equal (the inputs are identical)]. Exact equality: a tie is bit for bit."""
    return np.array([[bool(np.all(W == W[:, :1])), bool(np.all(W[1:] == W[1:2]))] for W in Ws])


def _column(t) -> np.ndarray:
    """0/1 targets (N,) or N×1 → an N×1 float column, the shape the network learns."""
    return np.asarray(t, dtype=np.float64).reshape(-1, 1)


# -- plots of the derivation, the convergence lesson and the symmetry experiment ------------

def plot_output_deltas(t: float = 1.0, ax=None):
    """δ_o against y_raw for one example with target t: cross-entropy's y − t next to
    squared error's (y − t) σ'(y_raw), which vanishes where the sigmoid saturates."""
    import matplotlib.pyplot as plt

    from .activations import sigmoid

    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    y_raw = np.linspace(-8, 8, 401)
    y = sigmoid(y_raw)
    ax.plot(y_raw, y - t, label=r"cross-entropy: $\delta_o = y - t$")
    ax.plot(y_raw, (y - t) * y * (1 - y), label=r"squared error: $\delta_o = (y - t)\,\sigma'(y^{\text{raw}})$")
    ax.axhline(0, color="grey", lw=0.5)
    ax.set(xlabel=r"$y^{\text{raw}}$", ylabel=r"$\delta_o$", title=f"output delta of one example with t = {t:g}")
    ax.legend(fontsize=8)
    return ax


def convergence_curve(network: NeuralNetwork, split: Split, checkpoints: Sequence[int]) -> list[tuple[int, Evaluation]]:
    """Full-batch gradient descent, evaluated after each checkpoint's number of steps (ascending)."""
    t, done, curve = _column(split.t_train), 0, []
    for steps in checkpoints:
        for _ in network.train(split.x_train, t, epochs=steps - done):
            pass
        done = steps
        curve.append((steps, evaluate(network, split)))
    return curve


def plot_convergence(curve: Sequence[tuple[int, Evaluation]], converged: Evaluation,
                     reported: tuple[float, float] | None = None, ax=None):
    """Test accuracy and AUC against gradient-descent steps, with the converged fit as lines and
    ``reported`` = (accuracy, AUC) as stars (the numbers a too-short run would report)."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(7, 4))[1]
    steps = [s for s, _ in curve]
    for attr, colour, label in (("test_accuracy", "tab:blue", "accuracy"), ("test_auc", "tab:orange", "AUC")):
        ax.plot(steps, [getattr(e, attr) for _, e in curve], "o-", color=colour, label=f"test {label}")
        ax.axhline(getattr(converged, attr), color=colour, ls="--", label=f"converged test {label}")
    if reported is not None:
        ax.plot([], [], "k*", ms=10, label="the source's numbers")
        for value in reported:
            ax.axhline(value, color="black", ls=":", lw=0.8)
            ax.plot([steps[0]], [value], "k*", ms=10)
    ax.set(xscale="log", xlabel="full-batch gradient-descent steps", ylabel="test score",
           title="logistic regression while it is still training")
    ax.legend(fontsize=8)
    return ax


def plot_weight_histories(histories: dict[str, np.ndarray], row: int = 1, axes=None):
    """One panel per run: the weight from input ``row`` into every hidden unit, epoch by epoch."""
    import matplotlib.pyplot as plt

    if axes is None:
        axes = plt.subplots(1, len(histories), figsize=(4.5 * len(histories), 3.5), sharey=True,
                            layout="constrained")[1]
    axes = np.ravel(axes)
    for ax, (name, history) in zip(axes, histories.items()):
        ax.plot(history)
        ax.set(title=f"{name}\n(spread after training: {np.ptp(history[-1]):.2g})", xlabel="epoch")
    axes[0].set_ylabel(f"$W_1[{row}, j]$, one line per hidden unit j")
    return axes
