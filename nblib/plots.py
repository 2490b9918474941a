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
LABEL_SIZE = 11  # points: ≥ 11 px in a widget (1 pt = 1 CSS px there) and ≥ 15 px in a static figure
NOTEBOOK_WIDTH = 9.2  # inches: the widest static figure that is not shrunk in JupyterLab (at 100 dpi)


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
        show_text = max(num_nodes) <= 8
        size = max(900 / max(max(num_nodes), 3) ** 0.8, 30**2 if show_text else 0)  # a value fits inside
        cmap = plt.get_cmap(NODE_CMAP).with_extremes(bad="lightgrey")  # inputs have no delta
        self.nodes = ax.scatter(units[:, 0], units[:, 1], s=size, c=np.zeros(len(units)), cmap=cmap,
                                norm=self.norm, edgecolors="black", zorder=3)
        bias = np.vstack([p[:1] for p in self.positions[:-1]])
        ax.scatter(bias[:, 0], bias[:, 1], s=size, marker="s", c="white", edgecolors="black", zorder=3)
        for x, y in bias if show_text else ():
            ax.text(x, y, "1", ha="center", va="center", fontsize=LABEL_SIZE, zorder=4)
        self.labels = [ax.text(x, y, "", ha="center", va="center", fontsize=LABEL_SIZE, zorder=4)
                       for x, y in (units if show_text else ())]
        self.colorbar = ax.figure.colorbar(self.nodes, ax=ax, fraction=0.04, pad=0.02)
        ax.legend(handles=[Line2D([], [], color=POSITIVE, lw=2, label="weight > 0"),
                           Line2D([], [], color=NEGATIVE, lw=2, label="weight < 0"),
                           Line2D([], [], color="grey", lw=4, label="thicker: larger |weight|")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=LABEL_SIZE, frameon=False,
                  handlelength=1.5, columnspacing=1.2)
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
               backward: bool = False, title: str | None = None, limit: float | None = None) -> None:
        """Recolour for weights Ws and one example's per-layer values.

        values: forward view, the activations of every layer [x, z_1, ..., y]
        (each a vector of that layer's size); backward view (backward=True), the
        deltas [δ_1, ..., δ_L], input nodes light grey; their colours span ±limit
        (default: the largest |δ| shown).
        """
        weights = np.concatenate([W.T.ravel() for W in Ws])  # edge order: target unit, then source
        scale = max(float(np.max(np.abs(weights))), 1e-12)
        self.edges.set_color([POSITIVE if w > 0 else NEGATIVE for w in weights])
        self.edges.set_linewidth(0.3 + 4.0 * np.abs(weights) / scale)
        self.edges.set_alpha(0.8 if len(weights) < 100 else 0.35)
        if values is not None:
            self._colour_nodes(values, backward, limit)
        if title:
            self.ax.set_title(title, fontsize=12)

    def artists(self) -> list:
        """What ``update`` changes (for a widget that redraws only these): edges, nodes, values, title."""
        return [self.edges, self.nodes, *self.labels, self.ax.title]

    def arrows(self, backward: bool) -> None:
        """Grey arrows above the layers: → for the forward pass, ← for the backward pass."""
        for l in range(len(self.num_nodes) - 1):
            start, end = (l + 0.75, l + 0.25) if backward else (l + 0.25, l + 0.75)
            self.ax.annotate("", xy=(end, self.top), xytext=(start, self.top),
                             arrowprops=dict(arrowstyle="->", color="grey", lw=1.5))

    def _colour_nodes(self, values: Sequence[np.ndarray], backward: bool, limit: float | None) -> None:
        flat = [np.ravel(v) for v in values]
        if backward:
            flat = [np.full(self.num_nodes[0], np.nan), *flat]
            limit = max(limit or float(np.nanmax(np.abs(np.concatenate(flat)))), 1e-12)
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

def nice_limit(value: float, minimum: float = 1.0) -> float:
    """The smallest of 1, 2, 5 × 10^k that is ≥ value (and ≥ minimum): axis limits that change rarely."""
    value = max(float(value), minimum)
    base = 10.0 ** np.floor(np.log10(value))
    return next(m * base for m in (1, 2, 5, 10) if m * base >= value * (1 - 1e-12))


def epoch_means(steps: Sequence[float], epochs: Sequence[int], values: Sequence[float]):
    """(last step, mean value) of every complete epoch: the per-epoch average of a noisy curve.

    An epoch counts as complete once a later epoch has begun, or when it has as many
    updates as the first epoch.
    """
    steps, epochs, values = np.asarray(steps), np.asarray(epochs), np.asarray(values, dtype=float)
    if len(epochs) == 0:
        return np.array([]), np.array([])
    starts = np.flatnonzero(np.r_[True, epochs[1:] != epochs[:-1]])
    ends = np.r_[starts[1:], len(epochs)]
    means = np.add.reduceat(values, starts) / (ends - starts)
    complete = len(ends) if ends[-1] - starts[-1] >= ends[0] - starts[0] else len(ends) - 1
    return steps[ends[:complete] - 1], means[:complete]


class TrainingCurves:
    """Squared error and binary error against updates, on two axes, updated in place.

    per_epoch=True (online or mini-batch training) adds the binary error averaged
    over each epoch, a line to read through the jumps of the per-update curve.
    fixed_limits=True keeps the axis limits on 1-2-5 steps (for widgets: ticks redrawn rarely);
    ``update`` then returns True when the limits changed.
    """

    def __init__(self, ax_mse, ax_mbe, xlabel: str = "update", per_epoch: bool = False,
                 fixed_limits: bool = False):
        (self.mse_line,) = ax_mse.plot([], [], color="C0")
        (self.mbe_line,) = ax_mbe.plot([], [], color="C1", lw=1 if per_epoch else 1.5,
                                       alpha=0.45 if per_epoch else 1.0, label="after each update")
        (self.mbe_mean_line,) = ax_mbe.plot([], [], color="C3", lw=2.2, label="mean over each epoch")
        ax_mse.set(ylabel="mean squared error", xlabel=xlabel, title="squared error")
        ax_mbe.set(ylabel="fraction wrong", xlabel=xlabel, title="binary error", ylim=(-0.05, 1.05))
        if per_epoch:
            ax_mbe.legend(loc="upper right", handlelength=1.2, borderaxespad=0.2)
        self.axes, self.per_epoch, self.fixed_limits = (ax_mse, ax_mbe), per_epoch, fixed_limits
        if fixed_limits:
            self._set_limits(self.limits_for([], []))

    def lines(self) -> list:
        return [self.mse_line, self.mbe_line, self.mbe_mean_line]

    @staticmethod
    def limits_for(steps: Sequence[float], mse: Sequence[float]) -> tuple[float, float]:
        """(last update, largest squared error) rounded up to 1-2-5 steps."""
        return nice_limit(max(steps, default=0), 10), nice_limit(1.05 * max(mse, default=0), 0.1)

    def limits(self) -> tuple[float, float]:
        """The current (last update, largest squared error) the axes show."""
        return self.axes[0].get_xlim()[1], self.axes[0].get_ylim()[1]

    def _set_limits(self, limits: tuple[float, float]) -> None:
        self.axes[0].set(xlim=(0, limits[0]), ylim=(0, limits[1]))
        self.axes[1].set(xlim=(0, limits[0]))

    def update(self, steps: Sequence[float], mse: Sequence[float], mbe: Sequence[float],
               epochs: Sequence[int] | None = None) -> bool:
        self.mse_line.set_data(steps, mse)
        self.mbe_line.set_data(steps, mbe)
        if self.per_epoch and epochs is not None:
            self.mbe_mean_line.set_data(*epoch_means(steps, epochs, mbe))
        if self.fixed_limits:
            limits = self.limits_for(steps, mse)
            changed = limits != self.limits()
            if changed:
                self._set_limits(limits)
            return changed
        for ax in self.axes:
            ax.relim()
            ax.autoscale_view()
        self.axes[1].set_ylim(-0.05, 1.05)
        return True


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
    fig, axes = plt.subplots(1, len(functions), figsize=(min(3.3 * len(functions), NOTEBOOK_WIDTH), 2.8),
                             layout="constrained")
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

def plane_grid(x: np.ndarray, margin: float = 0.5, resolution: int = 50):
    """A resolution×resolution grid over the 2-D inputs x (N×2) plus margin.

    Returns (points M×2, the two meshgrid arrays, extent (left, right, bottom, top)).
    """
    lo, hi = x.min(axis=0) - margin, x.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return np.column_stack([g0.ravel(), g1.ravel()]), (g0, g1), (lo[0], hi[0], lo[1], hi[1])


def _mark_targets(ax, x: np.ndarray, t: np.ndarray, threshold: float) -> list:
    positive = np.ravel(t) > threshold
    return [ax.scatter(*x[positive].T, marker="o", s=70, c="white", edgecolors="black"),
            ax.scatter(*x[~positive].T, marker="X", s=70, c="black")]


class DecisionBoundary:
    """The network's output over the input plane (an image), its decision line and the data,
    drawn once and recoloured in place by ``update`` (for widgets; see plot_decision_boundary).
    """

    def __init__(self, ax, x: np.ndarray, t: np.ndarray, threshold: float = 0.0, resolution: int = 100,
                 margin: float = 0.5, value_range: tuple[float, float] | None = None):
        self.ax, self.threshold = ax, threshold
        self.points, self.grid, extent = plane_grid(x, margin, resolution)
        self.n_classes = t.shape[1] if np.ndim(t) == 2 and t.shape[1] > 1 else 0  # K ≥ 2: arg-max regions
        if self.n_classes:
            from matplotlib.colors import ListedColormap

            colours = [CLASS_COLOURS[k % len(CLASS_COLOURS)] for k in range(self.n_classes)]
            cmap, (low, high) = ListedColormap(colours), (-0.5, self.n_classes - 0.5)
        else:
            cmap, (low, high) = NODE_CMAP, value_range or ((-1.0, 1.0) if threshold == 0 else (0.0, 1.0))
        self.image = ax.imshow(np.zeros(self.grid[0].shape), origin="lower", extent=extent, cmap=cmap,
                               vmin=low, vmax=high, alpha=0.35 if self.n_classes else 0.6,
                               interpolation="nearest", aspect="auto")  # an image: fast to recolour
        self.line = None
        if self.n_classes:
            labels = np.argmax(t, axis=1)
            self.markers = [ax.scatter(*x[labels == k].T, s=18, color=CLASS_COLOURS[k % len(CLASS_COLOURS)],
                                       edgecolors="black", linewidths=0.4) for k in range(self.n_classes)]
            ax.set(xlabel="$x_1$", ylabel="$x_2$", title="decision regions (arg-max class)")
        else:
            self.markers = _mark_targets(ax, x, t, threshold)
            ax.set(xlabel="$x_1$", ylabel="$x_2$", title="decision boundary\n○ target +   ✕ target −")

    def update(self, predict: Callable[[np.ndarray], np.ndarray]) -> None:
        """Recolour for predict (M×2 points → M×K outputs); with one output, redraw the line where it
        crosses the threshold; with K ≥ 2, colour each point by its arg-max class."""
        outputs = np.asarray(predict(self.points))
        if self.n_classes:
            self.image.set_data(np.argmax(outputs, axis=1).reshape(self.grid[0].shape))
            return
        out = outputs[:, 0].reshape(self.grid[0].shape)
        self.image.set_data(out)
        if self.line is not None:
            self.line.remove()
        crosses = out.min() < self.threshold < out.max()
        self.line = self.ax.contour(*self.grid, out, levels=[self.threshold], colors="black",
                                    linewidths=1.5) if crosses else None

    def artists(self) -> list:
        return [self.image, *([self.line] if self.line is not None else []), *self.markers]


class UnitHeatmaps:
    """What each hidden unit computes over the input plane, one heatmap per unit, recoloured by ``update``."""

    def __init__(self, axes, x: np.ndarray, resolution: int = 40, margin: float = 0.5,
                 value_range: tuple[float, float] = (-1.0, 1.0)):
        self.points, (g0, _), extent = plane_grid(x, margin, resolution)
        self.shape, self.axes = g0.shape, list(axes)
        self.images = []
        for j, ax in enumerate(self.axes):
            self.images.append(ax.imshow(np.zeros(self.shape), origin="lower", extent=extent, cmap=NODE_CMAP,
                                         vmin=value_range[0], vmax=value_range[1]))
            ax.set_title(f"unit {j + 1}", fontsize=LABEL_SIZE)
            ax.set_xticks([])
            ax.set_yticks([])

    def update(self, hidden_values: Callable[[np.ndarray], np.ndarray]) -> None:
        """hidden_values: maps M×2 points to the M×J activations of one hidden layer."""
        values = np.asarray(hidden_values(self.points))
        for j, image in enumerate(self.images):
            image.set_data(values[:, j].reshape(self.shape))


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
    _mark_targets(ax, x, t, threshold)
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
    if axes is None:
        units = np.asarray(hidden_values(x[:1])).shape[1]
        _, axes = plt.subplots(1, units, figsize=(min(1.6 * units, NOTEBOOK_WIDTH), 1.8), layout="constrained")
        axes = np.atleast_1d(axes)
    heatmaps = UnitHeatmaps(axes, x, resolution, margin, value_range)
    heatmaps.update(hidden_values)
    return heatmaps.axes
