"""Sanity checks for a network that will not learn (notebook 09, the debugging clinic).

Each check answers one question about a ``NeuralNetwork`` (or its gradients) and
prints the same text on every machine:

- ``initial_loss_report``: is the untrained loss at chance level (ln K, K ln 2, …)?
- ``gradient_table``: do hand-written gradients match finite differences, matrix by matrix?
  (the table of ``nblib.gradcheck``, for any loss and any parameters);
- ``overfit_tiny_batch``: can the network drive the loss on ~10 examples to about 0?
- ``update_ratios``: how large is one step, ‖ΔW_l‖/‖W_l‖ per layer (about 1e-3 is healthy)?
- ``layer_report`` / ``plot_layer_histograms``: which layers are saturated or dead?
- ``eta_sweep`` / ``plot_eta_sweep``: the loss curves for η on a log grid;
- ``input_gradient``: ∂y_k/∂x, for optimising the input instead of the weights.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

import numpy as np

from .activations import DERIVATIVES, derivative
from .gradcheck import _bucket, _table
from .network import LOSSES, backpropagate

FLAT = 1e-3  # σ'(z_raw) below this: the unit passes (almost) no gradient back
HEALTHY_RATIO = (3e-5, 3e-2)  # ‖ΔW‖/‖W‖ within a factor of about 30 of the rule of thumb 1e-3


# -- the initial loss ----------------------------------------------------------------

def chance_loss(network, t: np.ndarray) -> float:
    """The loss of a network whose output raw values are all 0: the 'knows nothing' level.

    Softmax cross-entropy: ln K (every class 1/K); binary cross-entropy: K·ln 2 per
    example (every output ½); squared error: ½ mean ‖σ(0) − t‖².
    """
    t = network._targets(t, len(np.atleast_2d(t)))
    raw = np.zeros_like(t)
    return float(LOSSES[network.loss].value(raw, network.output_activation(raw), t))


def initial_loss_report(network, x: np.ndarray, t: np.ndarray, tolerance: float = 0.25) -> str:
    """The untrained loss next to the chance level, with a verdict.

    A loss far above chance means the initial outputs are confidently wrong: weights
    too large, or inputs not scaled. Far below chance before any training is a bug in
    the loss itself (or the targets leaked into the inputs).
    """
    loss, chance = network.loss_for(t, x), chance_loss(network, t)
    ratio = loss / chance if chance else np.inf
    verdict = "✅ about chance level" if abs(ratio - 1) <= tolerance else "❌ far from chance level"
    return f"initial loss {loss:.3f}, chance level {chance:.3f} (ratio {ratio:.2f}): {verdict}"


# -- gradient checks -------------------------------------------------------------------

def gradient_table(loss: Callable[[], float], gradients: Sequence[tuple[str, np.ndarray, np.ndarray]]) -> str:
    """Hand-written gradients against finite differences, one row per parameter, as text.

    loss: takes no arguments and reads the parameters itself; gradients: (name, the
    parameter array the loss reads, its hand-written gradient). The same table as
    ``gradient_check_table`` (relative error < 1e-7 exact, < 1e-3 close, else wrong).
    """
    return _table(list(gradients), loss)


# -- one step: the update-to-weight ratio ----------------------------------------------------

def update_ratios(network, x: np.ndarray, t: np.ndarray) -> list[float]:
    """‖ΔW_l‖ / ‖W_l‖ of one gradient step on (x, t), for every layer; the network is unchanged.

    ΔW_l = η ∂E/∂W_l. About 1e-3 is healthy; above 3e-2 η is too large (or the
    gradient is); below 3e-5 the layer hardly learns (saturated, dead, η too small).
    """
    zs, z_raws = network.activations_for(x)
    t = network._targets(t, len(zs[0]))
    gradients = network.gradients_for(network.deltas_for(t, zs, z_raws), zs)
    return [float(network.eta * np.linalg.norm(g) / max(np.linalg.norm(W), 1e-300))
            for W, g in zip(network.Ws, gradients)]


def update_ratio_report(network, x: np.ndarray, t: np.ndarray) -> str:
    """``update_ratios`` as one line per layer with a verdict (healthy: within ×30 of 1e-3)."""
    lines = []
    for l, ratio in enumerate(update_ratios(network, x, t), start=1):
        low, high = HEALTHY_RATIO
        verdict = ("✅ healthy" if low <= ratio <= high else "❌ too large: lower η" if ratio > high
                   else "❌ too small: the layer hardly learns")
        lines.append(f"W_{l}: ‖ΔW‖/‖W‖ = {ratio:.0e}  {verdict}")
    return "\n".join(lines)


# -- overfitting a tiny batch --------------------------------------------------------------

def overfit_tiny_batch(network, x: np.ndarray, t: np.ndarray, steps: int = 500, size: int = 10) -> np.ndarray:
    """Train a copy of ``network`` on the first ``size`` examples only; returns the loss per step.

    A correct network and backprop memorise 10 examples: the loss falls to about 0.
    If it does not, the bug is in the model or the gradients, not in the data.
    """
    network = copy.deepcopy(network)
    with np.errstate(all="ignore"):
        return np.array([network.update_weights(t[:size], x[:size]) for _ in range(steps)])


# -- activations and gradients per layer ------------------------------------------------------

def layer_statistics(network, x: np.ndarray, t: np.ndarray) -> list[dict]:
    """Per hidden and output layer: its activations z_l, its σ'(z_raw_l) and its deltas δ_l."""
    zs, z_raws = network.activations_for(x)
    deltas = network.deltas_for(network._targets(t, len(zs[0])), zs, z_raws)
    stats = []
    for l in range(1, len(zs)):
        f = network.output_activation if l == len(zs) - 1 else network.activation_function
        prime = derivative(f)(z_raws[l]) if f in DERIVATIVES else None  # softmax: no σ' per unit
        stats.append({"layer": l, "z": zs[l], "sigma_prime": prime, "delta": deltas[l - 1]})
    return stats


def layer_report(network, x: np.ndarray, t: np.ndarray) -> str:
    """One line per layer: the share of flat (unit, example) pairs, the units flat on *every*
    example (saturated or dead: they never learn), and the mean |δ| that reaches the layer.

    Flat means σ'(z_raw) < 0.001. For ReLU about half the pairs are flat in a healthy
    network (negative inputs); a dead unit is flat for all of them.
    """
    lines = [f"{'layer':<7}{'flat (σ′ < 0.001)':<19}{'dead/saturated units':<22}mean |δ|"]
    for s in layer_statistics(network, x, t):
        flat, dead = "—", "—"
        if s["sigma_prime"] is not None:
            is_flat = s["sigma_prime"] < FLAT
            flat = f"{np.mean(is_flat):.0%}"
            dead = f"{int(np.sum(is_flat.all(axis=0)))} of {is_flat.shape[1]}"
        mean_delta = _bucket(float(np.mean(np.abs(s["delta"]))), floor=1e-12)
        lines.append(f"{s['layer']:<7}{flat:<19}{dead:<22}{mean_delta}")
    return "\n".join(lines)


def plot_layer_histograms(network, x: np.ndarray, t: np.ndarray, bins: int = 40):
    """Histograms of every hidden layer's activations (top) and deltas (bottom).

    Saturated sigmoid/tanh units pile up at the ends of their range; dead ReLUs
    pile up at 0; and their deltas collapse to a spike at 0.
    """
    import matplotlib.pyplot as plt

    stats = layer_statistics(network, x, t)[:-1] or layer_statistics(network, x, t)
    fig, axes = plt.subplots(2, len(stats), figsize=(3.2 * len(stats) + 0.5, 4.4), layout="constrained",
                             squeeze=False)
    for (ax_z, ax_d), s in zip(axes.T, stats):
        ax_z.hist(np.ravel(s["z"]), bins=bins, color="#4393c3")
        ax_z.set(title=f"layer {s['layer']}: activations z", xlabel="z")
        ax_d.hist(np.ravel(s["delta"]), bins=bins, color="#d6604d")
        ax_d.set(title=f"layer {s['layer']}: deltas δ", xlabel="δ = ∂E/∂z_raw")
    return axes


# -- the learning rate -------------------------------------------------------------------

def eta_sweep(make_network: Callable[[float], object], x: np.ndarray, t: np.ndarray,
              etas: Sequence[float], steps: int = 200) -> dict[float, np.ndarray]:
    """The loss per step of batch gradient descent for each η: {eta: losses (steps,)}.

    make_network(eta) builds a fresh network (same seed for every η, so only η
    differs). A diverging run's losses become inf or NaN; they are kept as they are.
    """
    curves = {}
    for eta in etas:
        network = make_network(eta)
        with np.errstate(all="ignore"):
            curves[eta] = np.array([network.update_weights(t, x) for _ in range(steps)])
    return curves


def sweep_summary(curves: dict[float, np.ndarray]) -> str:
    """One line per η: diverged (inf/NaN), unstable (ends above its start), or learning (start → end)."""
    lines = []
    for eta, losses in curves.items():
        if not np.all(np.isfinite(losses)):
            verdict = "diverged: the loss became inf/NaN"
        elif losses[-1] > losses[0]:
            verdict = "unstable: the loss ends higher than it started"
        else:
            verdict = f"learning: loss {losses[0]:.2f} → {losses[-1]:.2f}"
        lines.append(f"eta = {eta:<7g} {verdict}")
    return "\n".join(lines)


def plot_eta_sweep(curves: dict[float, np.ndarray], ax=None):
    """One loss curve per η on a log-scaled loss axis; a diverging run ends where it passes 1e100 or inf/NaN."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
    colours = plt.get_cmap("viridis")(np.linspace(0, 0.9, len(curves)))
    for colour, (eta, losses) in zip(colours, curves.items()):
        finite = np.where(np.isfinite(losses) & (losses < 1e100), losses, np.nan)  # log axis: no overflow
        ax.plot(np.arange(1, len(losses) + 1), finite, color=colour, label=f"η = {eta:g}")
    ax.set(yscale="log", xlabel="update", ylabel="loss E", title="loss curves for η on a log grid")
    ax.legend(fontsize=8, ncol=2)
    return ax


# -- optimising the input -------------------------------------------------------------------

def input_gradient(network, x: np.ndarray, unit: int = 0) -> np.ndarray:
    """∂y_unit/∂x for every row of x, N×n_0: backprop with δ_L = ∂y_unit/∂z_raw_L.

    The same backward loop as training, carried one step further, through W_1, to the
    input (which has no σ'). Only for elementwise output activations.
    """
    zs, z_raws = network.activations_for(x)
    delta_L = np.zeros_like(zs[-1])
    delta_L[:, unit] = derivative(network.output_activation)(z_raws[-1][:, unit])
    deltas = backpropagate(delta_L, z_raws, network.Ws, network.activation_function)
    return deltas[0] @ network.Ws[0][1:].T
