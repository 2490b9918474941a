"""Widgets that make training visible (notebooks 01–04).

Each widget draws into its own matplotlib ``Figure`` (not pyplot's) held by a
``Picture``: rendered at twice its CSS size for high-DPI screens, text ≥ 11 px,
static parts drawn once and only the changing artists redrawn over them, then
swapped into an ``ipywidgets.Image`` in place, so nothing flickers and the
cell's output never grows. Handlers run
through ``_safely``: an error becomes a message in the widget's status line,
never a traceback in the notebook. Everything is drivable from Python
(``button.click()``, ``slider.value = ...``), which is how the tests use them.
"""

from __future__ import annotations

import copy
import struct
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ipywidgets as w
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from .activations import Activation
from .backward import deltas_for
from .forward import activations_for
from .plots import DecisionBoundary, NetworkGraph, TrainingCurves, UnitHeatmaps
from .update import gradient_descent, initialize_weights, train
from .validation import dashboard_data, explorer_data

SCALE = 2  # pixels per CSS px: widget pictures are rendered for high-DPI screens
CSS_DPI = 72  # figure inches → CSS px, so a font size in points is its size in CSS px
MIN_FONT = 11  # the smallest text on a projector, in CSS px at 100 % zoom
READABLE = {"font.size": 12, "axes.titlesize": 12, "axes.labelsize": 12, "xtick.labelsize": 11,
            "ytick.labelsize": 11, "legend.fontsize": 11, "figure.titlesize": 13}


def readable():
    """A matplotlib rc context with every text ≥ 11 pt (= 11 CSS px in a ``Picture``)."""
    return matplotlib.rc_context(READABLE)


def render(figure: Figure) -> bytes:
    """The figure as PNG bytes (a full draw; ``Picture`` redraws faster).

    The first render lays the figure out (constrained layout); later renders
    keep that layout, which halves the time of every redraw.
    """
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    if figure.get_layout_engine() is not None:
        figure.set_layout_engine("none")
    return encode_png(np.asarray(canvas.buffer_rgba()))


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def encode_png(rgba: np.ndarray) -> bytes:
    """An H×W×4 uint8 picture as PNG bytes, fast: no row filters, zlib level 1.

    About three times as fast as Pillow's encoder on plots (flat colours compress well anyway).
    """
    h, w = rgba.shape[:2]
    rows = np.empty((h, 1 + 4 * w), np.uint8)  # each row: filter byte 0, then RGBA
    rows[:, 0] = 0
    rows[:, 1:] = rgba.reshape(h, -1)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 1))
            + _chunk(b"IEND", b""))


class Picture:
    """A matplotlib Figure shown in an ``ipywidgets.Image``, crisp and quick to update.

    The image is laid out at width×height CSS px and rendered at ``SCALE`` times that
    (figure dpi 144 = 2 × 72, so a font size in points is its size in CSS px). Static
    parts (axes, ticks, labels, legends) are drawn once and kept as a background;
    ``show(artists)`` then draws only the given changing artists on top of it
    (blitting) and sends the PNG. ``redraw_axes(ax)`` re-renders one Axes' static
    parts (new limits or ticks); ``invalidate()`` re-renders everything.
    """

    def __init__(self, width: int, height: int, **figure_kwargs):
        self.width, self.height = width, height
        with readable():
            self.figure = Figure(figsize=(width / CSS_DPI, height / CSS_DPI), dpi=SCALE * CSS_DPI,
                                 layout="constrained", **figure_kwargs)
        self.canvas = FigureCanvasAgg(self.figure)
        self.image = w.Image(format="png", layout=w.Layout(width=f"{width}px", height="auto", max_width="100%",
                                                           align_self="flex-start"))
        self._background = None
        self._stale_axes: list = []
        self._boxes: dict = {}

    def invalidate(self) -> None:
        """Re-render the whole figure on the next ``show()``."""
        self._background = None

    def redraw_axes(self, ax) -> None:
        """Re-render this Axes' static parts on the next ``show()``; call it *before* changing its limits."""
        if self._background is not None and ax not in self._boxes:
            self._boxes[ax] = ax.get_tightbbox(self.canvas.get_renderer())  # where its old labels are
        self._stale_axes.append(ax)

    def show(self, artists: Sequence = ()) -> None:
        """Draw the changing artists (in this order) over the static background and send the picture.

        The artists are marked animated, so full draws leave them out of the background.
        """
        for artist in artists:
            artist.set_animated(True)
        with readable():
            if self._background is None:
                self.canvas.draw()  # static parts only: animated artists are skipped
                if self.figure.get_layout_engine() is not None:
                    self.figure.set_layout_engine("none")  # keep the layout: later draws are cheaper
                self._stale_axes.clear()
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
                self._boxes = {}
            elif self._stale_axes:
                self._redraw_stale_axes()
            else:
                self.canvas.restore_region(self._background)
            renderer = self.canvas.get_renderer()
            for artist in artists:
                if artist.get_visible():
                    artist.draw(renderer)
        self.image.value = encode_png(np.asarray(self.canvas.buffer_rgba()))

    def _redraw_stale_axes(self) -> None:
        self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        pixels = np.asarray(self.canvas.buffer_rgba())
        height = pixels.shape[0]
        for ax in dict.fromkeys(self._stale_axes):
            old = self._boxes.get(ax) or ax.get_tightbbox(renderer)
            box = Bbox.union([old, ax.get_tightbbox(renderer)]).padded(2)
            x0, x1 = max(int(box.x0), 0), min(int(np.ceil(box.x1)), pixels.shape[1])
            y0, y1 = max(int(height - box.y1), 0), min(int(np.ceil(height - box.y0)), height)
            pixels[y0:y1, x0:x1] = 255  # blank the axes and its labels, then draw them anew
            ax.draw(renderer)
            self._boxes[ax] = ax.get_tightbbox(renderer)
        self._stale_axes.clear()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)

    def size(self) -> tuple[int, int]:
        """(width, height) in pixels of the last picture sent (from the PNG header)."""
        return struct.unpack(">II", self.image.value[16:24])


def learning_rates(eta: float) -> list[tuple[str, float]]:
    """Slider choices: 0.001, 0.002, 0.005, …, 1, 2 (and eta itself), each labelled as it is used."""
    values = sorted({round(m * 10.0**k, 6) for k in range(-3, 1) for m in (1, 2, 5)} | {1.0, 2.0, float(eta)})
    return [(f"{v:g}", v) for v in values]


def _describe(x: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:+.2g}" for v in np.ravel(x)) + ")"


class _Widget:
    """Shared plumbing: a root box, a status line, safe handlers, a stable text repr."""

    box: w.Box
    status: w.HTML

    def _safely(self, handler: Callable) -> Callable:
        def run(*args):
            try:
                handler(*args)
            except Exception as exc:  # a widget must never raise into the notebook
                self.status.value = f"⚠️ {type(exc).__name__}: {exc}"
        return run

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)  # deterministic, unlike the widget's own repr
        return bundle


class NetworkExplorer(_Widget):
    """The network graph for one example at a time, forward (activations) or backward (deltas).

    Ws = [Wh, Wo]; x N×I, t N×K. forward/backward default to nblib's reference
    functions; pass the student's to see *their* numbers. In the backward view the
    colours span the largest |δ| over all examples, so examples compare at a glance.
    """

    def __init__(self, Wh: np.ndarray, Wo: np.ndarray, x: np.ndarray, t: np.ndarray,
                 activation_function: Activation = np.tanh, forward: Callable = activations_for,
                 backward: Callable = deltas_for):
        Wh, Wo, x, t = explorer_data(Wh, Wo, x, t, dict(activation_function=activation_function, forward=forward,
                                                        backward=backward))
        self.Wh, self.Wo, self.x, self.t = Wh, Wo, x, t
        self.f, self.forward, self.backward = activation_function, forward, backward
        self.example = w.IntSlider(0, 0, len(x) - 1, description="example",
                                   tooltip="which training example (row of x) flows through the network")
        self.view = w.ToggleButtons(options=["forward", "backward"], description="view",
                                    tooltips=["activations flow from the inputs to the output",
                                              "deltas flow from the output back to the hidden layer"])
        self.status = w.HTML()
        self.picture = Picture(640, 330)
        self.image, self.figure = self.picture.image, self.picture.figure
        with readable():
            self.graph = NetworkGraph(self.figure.add_subplot(), [x.shape[1], Wh.shape[1], Wo.shape[1]])
        self._shown_view = None
        self.example.observe(self._safely(lambda change: self.redraw()), "value")
        self.view.observe(self._safely(lambda change: self.redraw()), "value")
        self.box = w.VBox([w.HBox([self.example, self.view]), self.image, self.status])
        self._safely(self.redraw)()

    def redraw(self) -> None:
        n = self.example.value
        z, y, z_raw, y_raw = self.forward(self.x, self.Wh, self.Wo, self.f)
        if self.view.value == "forward":
            self.graph.update([self.Wh, self.Wo], [self.x[n], z[n], y[n]],
                              title=f"forward pass for x = {_describe(self.x[n])} →")
        else:
            dh, do = self.backward(self.t, z, y, z_raw, y_raw, self.Wh, self.Wo, self.f)
            limit = float(max(np.max(np.abs(dh)), np.max(np.abs(do))))
            self.graph.update([self.Wh, self.Wo], [dh[n], do[n]], backward=True, limit=limit,
                              title=f"backward pass for x = {_describe(self.x[n])}: deltas ←")
        if self.view.value != self._shown_view:  # the colour bar changed
            self.picture.invalidate()
            self._shown_view = self.view.value
        self.picture.show(self.graph.artists())
        self.status.value = (f"example {n}: x = {_describe(self.x[n])}, target t = {_describe(self.t[n])}, "
                             f"prediction y = {_describe(y[n])}")

    def __repr__(self) -> str:
        return f"NetworkExplorer({len(self.x)} examples, {self.x.shape[1]}-{self.Wh.shape[1]}-{self.Wo.shape[1]})"


class TwoLayerRun:
    """The two-layer functions of notebooks 01–03 as a training run the dashboard can drive."""

    def __init__(self, x, t, hidden: int, activation_function: Activation, epochs: int, seed: int,
                 online: bool, functions: dict):
        self.x, self.t, self.f, self.epochs, self.seed, self.online = x, t, activation_function, epochs, seed, online
        self.functions = functions
        self.num_nodes = [x.shape[1], hidden, t.shape[1]]

    def restart(self, eta: Callable[[], float]) -> None:
        """Fresh weights from the seed and a new ``train`` generator reading eta()."""
        self.Ws = list(initialize_weights(*self.num_nodes, rng=self.seed))
        self.steps = train(self.x, self.t, *self.Ws, self.epochs, eta, self.f, self.online, **self.functions)

    def advance(self):
        """One update: the ``TrainingStep``, or None when the last epoch is done."""
        state = next(self.steps, None)
        if state is not None:
            self.Ws = [state.Wh, state.Wo]
        return state

    def layer_values(self, x: np.ndarray) -> list[np.ndarray]:
        """[x, z, y] for inputs x (N×I), computed with the run's forward function."""
        z, y, _, _ = self.functions["forward"](x, *self.Ws, self.f)
        return [x, z, y]


@dataclass(frozen=True)
class Progress:
    """What the dashboard records for a NeuralNetwork after every update."""

    epoch: int
    step: int
    mse: float
    mbe: float


class NetworkRun:
    """A ``NeuralNetwork`` (or a student's subclass) as a training run; Reset restores a copy."""

    def __init__(self, network, x, t, epochs: int, batch_size: int | None):
        self.initial, self.x, self.t, self.epochs, self.batch_size = copy.deepcopy(network), x, t, epochs, batch_size
        self.num_nodes = list(network.num_nodes)

    def restart(self, eta: Callable[[], float]) -> None:
        self.network = copy.deepcopy(self.initial)
        self.eta = eta
        self.steps = self.network.train(self.x, self.t, self.epochs, self.batch_size, rng=0)

    @property
    def Ws(self) -> list[np.ndarray]:
        return self.network.Ws

    def advance(self) -> Progress | None:
        self.network.eta = self.eta()  # read before the update the next() performs
        state = next(self.steps, None)
        if state is None:
            return None
        return Progress(state.epoch, state.step, *self.network.errors_for(self.t, self.x))

    def layer_values(self, x: np.ndarray) -> list[np.ndarray]:
        return self.network.activations_for(x)[0]


class TrainingDashboard(_Widget):
    """Train a network step by step and watch it learn.

    Buttons: Train 1 step, Train 100 steps, Play/Pause (the frontend's ``Play``
    ticks; each tick takes ``steps_per_tick`` steps), Reset (fresh weights from
    the same seed, so a run repeats exactly); a learning-rate slider read before
    every update; an example slider for the network graph. Panels: the graph for
    the chosen example, the decision boundary (2-D inputs), both error curves,
    and for a ``network`` what each first-layer hidden unit computes over the plane.

    Two-layer mode (notebook 03): hidden, activation_function, seed, online and
    forward/backward/descend, the exercise functions to train with.
    Network mode (notebook 04): network=NeuralNetwork(...) (or a subclass), trained
    by its own ``train`` with batch_size (None: batch learning).
    """

    def __init__(self, x: np.ndarray, t: np.ndarray, hidden: int = 2, activation_function: Activation = np.tanh,
                 eta: float = 0.1, epochs: int = 1000, seed: int = 0, online: bool = True,
                 steps_per_tick: int = 4, forward: Callable = activations_for,
                 backward: Callable = deltas_for, descend: Callable = gradient_descent,
                 network=None, batch_size: int | None = None):
        x, t = dashboard_data(x, t, hidden=hidden, eta=eta, epochs=epochs, seed=seed, steps_per_tick=steps_per_tick,
                              functions=dict(activation_function=activation_function, forward=forward,
                                             backward=backward, descend=descend), network=network,
                              batch_size=batch_size)
        self.x, self.t, self.epochs, self.steps_per_tick = x, t, epochs, steps_per_tick
        if network is None:
            functions = dict(forward=forward, backward=backward, descend=descend)
            self.run = TwoLayerRun(x, t, hidden, activation_function, epochs, seed, online, functions)
        else:
            self.run = NetworkRun(network, x, t, epochs, batch_size)
        self._build_controls(eta)
        self._build_figure(thumbnails=network is not None and x.shape[1] == 2)
        self._safely(self.reset)()

    @property
    def Wh(self) -> np.ndarray:
        return self.run.Ws[0]

    @property
    def Wo(self) -> np.ndarray:
        return self.run.Ws[-1]

    @property
    def network(self):
        """The NeuralNetwork being trained (network mode only; None for the two-layer functions)."""
        return getattr(self.run, "network", None)
    # -- layout ------------------------------------------------------------------
    def _build_controls(self, eta: float) -> None:
        self.step_button = w.Button(description="Train 1 step", icon="step-forward",
                                    tooltip="one gradient-descent update, then redraw")
        self.hundred_button = w.Button(description="Train 100 steps", icon="fast-forward",
                                       tooltip="100 updates, then redraw")
        self.reset_button = w.Button(description="Reset", icon="undo",
                                     tooltip="fresh weights from the same seed: the run repeats exactly")
        self.play = w.Play(value=0, min=0, max=10**9, interval=40, show_repeat=False, description="Play / Pause",
                           tooltip=f"▶ play: {self.steps_per_tick} updates per frame · ❚❚ pause · ■ stop",
                           style={"description_width": "initial"})
        # The frontend draws Play as bare icons and no description: a label says what they do.
        self.play_label = w.Label("Play / Pause:", tooltip=self.play.tooltip)
        self.eta = w.SelectionSlider(options=learning_rates(eta), value=eta, description="learning rate η",
                                     tooltip="η, read before every update", style={"description_width": "initial"})
        self.example = w.IntSlider(0, 0, len(self.x) - 1, description="example",
                                   tooltip="which training example the network graph shows")
        self.counter, self.status = w.HTML(), w.HTML()
        self.step_button.on_click(self._safely(lambda button: self.step(1)))
        self.hundred_button.on_click(self._safely(lambda button: self.step(100)))
        self.reset_button.on_click(self._safely(lambda button: self.reset()))
        self.play.observe(self._safely(self._on_tick), "value")
        self.example.observe(self._safely(lambda change: self.redraw()), "value")
        self.eta.observe(self._safely(lambda change: self._show()), "value")
        self._last_tick = 0.0

    def _build_figure(self, thumbnails: bool) -> None:
        units = min(self.run.num_nodes[1], 8) if thumbnails else 0
        self.picture = Picture(880, 640 if units else 530)
        self.figure, self.image = self.picture.figure, self.picture.image
        with readable():
            grid = self.figure.add_gridspec(3 if units else 2, 3, height_ratios=[1.3, 1, 0.55][:3 if units else 2])
            self.graph_ax = self.figure.add_subplot(grid[0, :2] if self.x.shape[1] == 2 else grid[0, :])
            self.graph = NetworkGraph(self.graph_ax, self.run.num_nodes)
            row = grid[2, :].subgridspec(1, 8) if units else None
            self.unit_axes = [self.figure.add_subplot(row[0, i]) for i in range(units)]
            self.units = UnitHeatmaps(self.unit_axes, self.x) if units else None
            self.boundary_ax = self.figure.add_subplot(grid[0, 2]) if self.x.shape[1] == 2 else None
            self.boundary = None if self.boundary_ax is None else DecisionBoundary(
                self.boundary_ax, self.x, self.t, threshold=0.5 if self.t.min() >= 0 else 0.0)
            per_epoch = getattr(self.run, "online", False) or bool(getattr(self.run, "batch_size", None))
            self.curves = TrainingCurves(self.figure.add_subplot(grid[1, 0]), self.figure.add_subplot(grid[1, 1]),
                                         per_epoch=per_epoch, fixed_limits=True)
            self.summary_ax = self.figure.add_subplot(grid[1, 2])
            self.summary_ax.axis("off")
            self.summary = self.summary_ax.text(0.0, 1.0, "", va="top", family="monospace", fontsize=12)
        self.box = w.VBox([
            w.HBox([self.step_button, self.hundred_button, self.play_label, self.play, self.reset_button]),
            w.HBox([self.eta, self.example, self.counter]), self.image, self.status])

    # -- state -------------------------------------------------------------------
    def reset(self) -> None:
        """Fresh weights from the seed, empty history, training not started."""
        self.play.playing = False
        self.play.value = 0
        self.run.restart(lambda: self.eta.value)
        self.history: list = []
        self.finished = False
        self.status.value = "Ready: press Train 1 step, Train 100 steps or Play."
        self.redraw()

    def step(self, n: int = 1) -> int:
        """Take up to n updates; returns how many were taken (0 once training is finished)."""
        if self.finished:
            self.play.playing = False
            self.status.value = f"Training finished after {self.epochs} epochs: press Reset to start again."
            return 0
        taken = 0
        while taken < n:
            state = self.run.advance()
            if state is None:
                self.finished = True
                break
            self.history.append(state)
            taken += 1
        self.status.value = (f"Training finished after {self.epochs} epochs." if self.finished
                             else f"Took {taken} step{'s' * (taken != 1)}.")
        self.redraw()
        return taken

    def _on_tick(self, change) -> None:
        # The frontend's Play only ever counts up while playing; Reset and Stop set it back to 0.
        # Ticks that queued up while the kernel was busy arrive back to back: skip those, so
        # the picture keeps up with the clock and stops as soon as Pause is pressed. Play ticks
        # every 40 ms, so a frame starts at most 40 ms after the last one is done.
        backlog = self.play.playing and time.monotonic() - self._last_tick < 0.005
        if change["new"] > change["old"] and not backlog:
            self.step(self.steps_per_tick)
        self._last_tick = time.monotonic()

    # -- drawing -----------------------------------------------------------------
    def redraw(self) -> None:
        n = self.example.value
        values = self.run.layer_values(self.x)
        y = values[-1]
        self.graph.update(self.run.Ws, [v[n] for v in values],
                          title=f"example {n}: x = {_describe(self.x[n])}, target {_describe(self.t[n])}, "
                                f"prediction {_describe(y[n])}")
        if self.boundary is not None:
            self.boundary.update(lambda p: self.run.layer_values(p)[-1])
        if self.units is not None:
            self.units.update(lambda p: self.run.layer_values(p)[1])
        steps, mse = [s.step for s in self.history], [s.mse for s in self.history]
        if self.curves.limits_for(steps, mse) != self.curves.limits():
            for ax in self.curves.axes:
                self.picture.redraw_axes(ax)  # new ticks: redraw these two axes, not the whole figure
        self.curves.update(steps, mse, [s.mbe for s in self.history], [s.epoch for s in self.history])
        self._show()

    def _show(self) -> None:
        """Update the readouts (they follow the learning-rate slider at once) and send the picture."""
        last = self.history[-1] if self.history else None
        epoch, step = (last.epoch, last.step) if last else (0, 0)
        self.counter.value = f"<b>epoch {epoch}</b> / {self.epochs} · update {step}"
        lines = [f"epoch {epoch} of {self.epochs}", f"update {step}", f"learning rate η {self.eta.label}"]
        if last:
            lines += [f"squared error {last.mse:.4f}", f"binary error {last.mbe:.2f}"]
        self.summary.set_text("\n".join(lines))
        artists = [*self.graph.artists(), *self.curves.lines(), self.summary]
        artists += self.boundary.artists() if self.boundary is not None else []
        artists += self.units.images if self.units is not None else []
        self.picture.show(artists)

    def __repr__(self) -> str:
        sizes = "-".join(map(str, self.run.num_nodes))
        return f"TrainingDashboard({sizes} network, {len(self.x)} examples, {self.epochs} epochs)"
