"""Plots for notebooks 01–04: the network graph, training curves, activations, decision boundaries.

Every function draws on a matplotlib Axes (made with pyplot when none is given,
so notebooks show it inline) and returns what it drew, so tests can look at
the data. ``NetworkGraph`` and ``TrainingCurves`` keep their artists and update
them in place, which is what the widgets need to redraw without flicker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from .activations import approximate_derivative, derivative

POSITIVE, NEGATIVE = "#d6604d", "#4393c3"  # red: excitatory weight, blue: inhibitory
NODE_CMAP = "coolwarm"


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# -- the network graph -------------------------------------------------------------

def layer_positions(num_nodes: Sequence[int]) -> list[np.ndarray]:
    """(x, y) centres per layer, bias node first (in every layer but the output).

    Layer l sits at x = l; its units are spread evenly around y = 0 and the bias
    node sits one step above them, as in the classic diagram.
    """
    spacing = 1.0 / max(max(num_nodes), 2)
    positions = []
    for l, n in enumerate(num_nodes):
        ys = (np.arange(n)[::-1] - (n - 1) / 2) * spacing
        if l < len(num_nodes) - 1:
            ys = np.concatenate([[ys[0] + 1.3 * spacing if n else 0.0], ys])
        positions.append(np.column_stack([np.full(len(ys), float(l)), ys]))
    return positions


class NetworkGraph:
    """The network drawn once, then recoloured in place by ``update``.

    Nodes are coloured by their activation (forward view) or delta (backward
    view); edges by the sign of the weight (red +, blue −) and thickened by its
    magnitude. Bias nodes are the squares marked 1.
    """

    def __init__(self, ax, num_nodes: Sequence[int], value_range: tuple[float, float] = (-1.0, 1.0)):
        self.ax, self.num_nodes = ax, list(num_nodes)
        self.positions = layer_positions(num_nodes)
        self.norm = Normalize(*value_range)
        self.edges = LineCollection(self._edge_segments(), zorder=1, capstyle="round")
        ax.add_collection(self.edges)
        units = np.vstack([self._units(l) for l in range(len(num_nodes))])
        size = 900 / max(max(num_nodes), 3) ** 0.8
        cmap = plt.get_cmap(NODE_CMAP).with_extremes(bad="lightgrey")  # inputs have no delta
        self.nodes = ax.scatter(units[:, 0], units[:, 1], s=size, c=np.zeros(len(units)), cmap=cmap,
                                norm=self.norm, edgecolors="black", zorder=3)
        bias = np.vstack([p[:1] for p in self.positions[:-1]])
        ax.scatter(bias[:, 0], bias[:, 1], s=size, marker="s", c="white", edgecolors="black", zorder=3)
        show_text = max(num_nodes) <= 8
        for x, y in bias if show_text else ():
            ax.text(x, y, "1", ha="center", va="center", fontsize=8, zorder=4)
        self.labels = [ax.text(x, y, "", ha="center", va="center", fontsize=7, zorder=4)
                       for x, y in (units if show_text else ())]
        self.colorbar = ax.figure.colorbar(self.nodes, ax=ax, fraction=0.04, pad=0.02)
        ax.legend(handles=[Line2D([], [], color=POSITIVE, lw=2, label="weight > 0"),
                           Line2D([], [], color=NEGATIVE, lw=2, label="weight < 0"),
                           Line2D([], [], color="grey", lw=4, label="thicker: larger |weight|")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8, frameon=False)
        names = ["input"] + [f"hidden {l}" for l in range(1, len(num_nodes) - 1)] + ["output"]
        ax.set_xticks(range(len(num_nodes)), names if len(num_nodes) > 3 else ["input x", "hidden z", "output y"])
        ax.set_yticks([])
        ys = np.concatenate([p[:, 1] for p in self.positions])
        self.top = ys.max() + 0.12  # where the direction arrows go
        ax.set_xlim(-0.4, len(num_nodes) - 0.6)
        ax.set_ylim(ys.min() - 0.1, self.top + 0.12)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)

    def _units(self, l: int) -> np.ndarray:
        """Positions of layer l's units (its bias node left out)."""
        return self.positions[l] if l == len(self.positions) - 1 else self.positions[l][1:]

    def _edge_segments(self) -> list:
        # Same order as W.T.ravel(): target unit outer, source (bias first) inner.
        return [(a, b) for l in range(len(self.positions) - 1)
                for b in self._units(l + 1) for a in self.positions[l]]

    def update(self, Ws: Sequence[np.ndarray], values: Sequence[np.ndarray] | None = None,
               backward: bool = False, title: str | None = None) -> None:
        """Recolour for weights Ws and one example's per-layer values.

        values: forward view, the activations of every layer [x, z_1, ..., y]
        (each a vector of that layer's size); backward view (backward=True), the
        deltas [δ_1, ..., δ_L], input nodes light grey.
        """
        weights = np.concatenate([W.T.ravel() for W in Ws])  # edge order: target unit, then source
        scale = max(float(np.max(np.abs(weights))), 1e-12)
        self.edges.set_color([POSITIVE if w > 0 else NEGATIVE for w in weights])
        self.edges.set_linewidth(0.3 + 4.0 * np.abs(weights) / scale)
        self.edges.set_alpha(0.8 if len(weights) < 100 else 0.35)
        if values is not None:
            self._colour_nodes(values, backward)
        if title:
            self.ax.set_title(title, fontsize=10)

    def arrows(self, backward: bool) -> None:
        """Grey arrows above the layers: → for the forward pass, ← for the backward pass."""
        for l in range(len(self.num_nodes) - 1):
            start, end = (l + 0.75, l + 0.25) if backward else (l + 0.25, l + 0.75)
            self.ax.annotate("", xy=(end, self.top), xytext=(start, self.top),
                             arrowprops=dict(arrowstyle="->", color="grey", lw=1.5))

    def _colour_nodes(self, values: Sequence[np.ndarray], backward: bool) -> None:
        flat = [np.ravel(v) for v in values]
        if backward:
            flat = [np.full(self.num_nodes[0], np.nan), *flat]
            limit = max(float(np.nanmax(np.abs(np.concatenate(flat)))), 1e-12)
            self.nodes.set_norm(Normalize(-limit, limit))
            self.colorbar.set_label("delta δ (∂E/∂raw)")
        else:
            self.nodes.set_norm(self.norm)
            self.colorbar.set_label("activation")
        colours = np.concatenate(flat)
        self.nodes.set_array(np.ma.masked_invalid(colours))
        norm = self.nodes.norm
        for label, v in zip(self.labels, colours):
            label.set_text("" if np.isnan(v) else short_number(v))
            label.set_color("white" if not np.isnan(v) and abs(norm(v) - 0.5) > 0.3 else "black")


def short_number(v: float) -> str:
    """Two decimals without the leading zero (-.42, .05, 1), so labels fit inside a node."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if abs(v) < 1 else text


def plot_network(Ws: Sequence[np.ndarray], activations: Sequence[np.ndarray] | None = None,
                 deltas: Sequence[np.ndarray] | None = None, ax=None, title: str | None = None,
                 value_range: tuple[float, float] = (-1.0, 1.0)) -> NetworkGraph:
    """Draw the network with weights Ws ([Wh, Wo] or a NeuralNetwork's Ws).

    activations: one example's values per layer [x, z, y] (forward view).
    deltas: one example's deltas per layer [dh, do] (backward view, arrows
    pointing back from the output). Returns the ``NetworkGraph``.
    """
    num_nodes = [Ws[0].shape[0] - 1] + [W.shape[1] for W in Ws]
    ax = _axes(ax, figsize=(1.8 * len(num_nodes) + 2, 3.6))
    graph = NetworkGraph(ax, num_nodes, value_range)
    if deltas is not None:
        graph.update(Ws, deltas, backward=True, title=title or "backward pass: deltas flow from the output back ←")
    else:
        graph.update(Ws, activations, title=title or "forward pass: activations flow to the output →")
    graph.arrows(backward=deltas is not None)
    return graph


# -- training curves ------------------------------------------------------------------

class TrainingCurves:
    """Squared error and binary error against updates, on two axes, updated in place."""

    def __init__(self, ax_mse, ax_mbe, xlabel: str = "update"):
        (self.mse_line,) = ax_mse.plot([], [], color="C0")
        (self.mbe_line,) = ax_mbe.plot([], [], color="C1")
        ax_mse.set(ylabel="mean squared error", xlabel=xlabel, title="squared error")
        ax_mbe.set(ylabel="fraction wrong", xlabel=xlabel, title="binary error", ylim=(-0.05, 1.05))
        self.axes = (ax_mse, ax_mbe)

    def update(self, steps: Sequence[float], mse: Sequence[float], mbe: Sequence[float]) -> None:
        self.mse_line.set_data(steps, mse)
        self.mbe_line.set_data(steps, mbe)
        for ax in self.axes:
            ax.relim()
            ax.autoscale_view()
        self.axes[1].set_ylim(-0.05, 1.05)


def plot_training_curves(steps: Sequence[float], mse: Sequence[float], mbe: Sequence[float],
                         xlabel: str = "epoch") -> TrainingCurves:
    """Squared error and binary error per epoch (or update), side by side."""
    _, (ax_mse, ax_mbe) = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained")
    curves = TrainingCurves(ax_mse, ax_mbe, xlabel)
    curves.update(steps, mse, mbe)
    return curves


# -- activations and derivatives ------------------------------------------------------

def plot_activations(functions: Sequence[Callable], x: np.ndarray | None = None) -> list:
    """Each activation (solid) with its derivative (dashed), one panel each."""
    x = np.linspace(-5, 5, 401) if x is None else x
    fig, axes = plt.subplots(1, len(functions), figsize=(3.3 * len(functions), 2.8), layout="constrained")
    axes = np.atleast_1d(axes)
    for ax, f in zip(axes, functions):
        ax.plot(x, f(x), label=f"{f.__name__}(x)")
        ax.plot(x, derivative(f)(x), "--", label=f"{f.__name__}'(x)")
        ax.axhline(0, color="grey", lw=0.5)
        ax.axvline(0, color="grey", lw=0.5)
        ax.set(title=f.__name__, xlabel="raw value x")
        ax.legend(fontsize=8)
    return list(axes)


def plot_derivative_errors(f: Callable, x: float = 0.5, steps: np.ndarray | None = None, ax=None):
    """|numerical − exact| derivative against the step h, forward vs central differences (log-log).

    Shows the two error sources: truncation (falls with h) and round-off
    (grows as h shrinks), and why central differences win.
    """
    steps = np.logspace(-12, -1, 45) if steps is None else steps
    exact = derivative(f)(np.array([x]))[0]
    forward = np.abs((f(x + steps) - f(x)) / steps - exact)
    central = np.abs(np.array([approximate_derivative(f, np.array([x]), h)[0] for h in steps]) - exact)
    ax = _axes(ax, figsize=(6, 3.6))
    ax.loglog(steps, np.maximum(forward, 1e-17), "o-", ms=3, label="forward (f(x+h) − f(x)) / h")
    ax.loglog(steps, np.maximum(central, 1e-17), "s-", ms=3, label="central (f(x+h) − f(x−h)) / 2h")
    ax.set(xlabel="step size h", ylabel="|error|", title=f"derivative of {f.__name__} at x = {x}")
    ax.legend(fontsize=8)
    return ax


# -- decision boundaries ---------------------------------------------------------------

def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], x: np.ndarray, t: np.ndarray,
                           ax=None, resolution: int = 120, threshold: float = 0.0, margin: float = 0.5,
                           value_range: tuple[float, float] | None = None, own_scale: bool = False):
    """The network's output over the input plane, its decision line, and the data.

    predict: maps an M×2 array of points to M×1 outputs (M×K with K ≥ 2: the class regions
    of the arg-max, t then holds N labels or N×K one-hot rows). The line is drawn
    where the output crosses ``threshold`` (0 for ±1 targets). The colours span
    the fixed ``value_range`` (default: −1..1 for threshold 0, else 0..1), so a
    nearly constant output looks flat instead of being stretched.
    own_scale=True: the colours span the output's own minimum..maximum instead, and a
    labelled colour bar shows that range (to see the shape of a tiny output range).
    """
    low, high = value_range or ((-1.0, 1.0) if threshold == 0 else (0.0, 1.0))
    ax = _axes(ax, figsize=(4.2, 3.6))
    lo, hi = x.min(axis=0) - margin, x.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    outputs = np.asarray(predict(np.column_stack([g0.ravel(), g1.ravel()])))
    if outputs.ndim == 2 and outputs.shape[1] > 1:  # K ≥ 2 outputs: one region per class
        return _class_regions(np.argmax(outputs, axis=1).reshape(g0.shape), g0, g1, x, t, ax, outputs.shape[1])
    out = outputs.reshape(-1, 1)[:, 0].reshape(g0.shape)
    if own_scale:
        low, high = float(out.min()), float(out.max())
        high = high if high > low else low + 1e-12  # a constant output still gets a valid scale
    filled = ax.contourf(g0, g1, np.clip(out, low, high), levels=np.linspace(low, high, 21), cmap=NODE_CMAP,
                         alpha=0.6)
    if own_scale:
        decimals = max(2, int(np.ceil(-np.log10(high - low))) + 1)
        ax.figure.colorbar(filled, ax=ax, ticks=np.linspace(low, high, 5), format=f"%.{decimals}f",
                           label="output y (own scale)")
    if out.min() < threshold < out.max():
        ax.contour(g0, g1, out, levels=[threshold], colors="black", linewidths=1.5)
    positive = np.ravel(t) > threshold
    ax.scatter(*x[positive].T, marker="o", s=70, c="white", edgecolors="black")
    ax.scatter(*x[~positive].T, marker="X", s=70, c="black")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title="decision boundary\n○ target +   ✕ target −")
    ax.title.set_fontsize(10)
    return ax


CLASS_COLOURS = ("#4393c3", "#d6604d", "#5aae61", "#9970ab", "#f1a340", "#636363")


def _class_regions(region: np.ndarray, g0: np.ndarray, g1: np.ndarray, x: np.ndarray, t: np.ndarray, ax,
                   n_classes: int):
    """Multi-class decision regions: each grid point coloured by its arg-max class, the data by its label.

    t: (N,) integer labels or N×K one-hot rows.
    """
    from matplotlib.colors import ListedColormap

    colours = [CLASS_COLOURS[k % len(CLASS_COLOURS)] for k in range(n_classes)]
    ax.contourf(g0, g1, region, levels=np.arange(n_classes + 1) - 0.5, cmap=ListedColormap(colours), alpha=0.35)
    labels = np.argmax(t, axis=1) if np.ndim(t) == 2 else np.asarray(t)
    for k in range(n_classes):
        ax.scatter(*x[labels == k].T, s=18, color=colours[k], edgecolors="black", linewidths=0.4,
                   label=f"class {k}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title="decision regions (arg-max class)")
    ax.title.set_fontsize(10)
    return ax


def plot_unit_heatmaps(hidden_values: Callable[[np.ndarray], np.ndarray], x: np.ndarray, axes=None,
                       resolution: int = 40, margin: float = 0.5, value_range: tuple[float, float] = (-1.0, 1.0)):
    """What each hidden unit computes over the input plane, one small heatmap per unit.

    hidden_values: maps M×2 points to the M×J activations of one hidden layer.
    As in TensorFlow Playground, each thumbnail shows where that unit fires, so
    you can see the network assemble its decision from simple pieces.
    """
    lo, hi = x.min(axis=0) - margin, x.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    values = np.asarray(hidden_values(np.column_stack([g0.ravel(), g1.ravel()])))
    if axes is None:
        _, axes = plt.subplots(1, values.shape[1], figsize=(1.6 * values.shape[1], 1.8), layout="constrained")
        axes = np.atleast_1d(axes)
    for j, ax in enumerate(axes):
        ax.clear()
        ax.imshow(values[:, j].reshape(g0.shape), origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]),
                  cmap=NODE_CMAP, vmin=value_range[0], vmax=value_range[1])
        ax.set_title(f"hidden unit {j + 1}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    return list(axes)
