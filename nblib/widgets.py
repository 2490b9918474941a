"""Widgets that make training visible (notebooks 01–04).

Each widget draws into its own matplotlib ``Figure`` (not pyplot's), renders it to
PNG and swaps that into an ``ipywidgets.Image``: the picture is replaced in
place, so nothing flickers and the cell's output never grows. Handlers run
through ``_safely``: an error becomes a message in the widget's status line,
never a traceback in the notebook. Everything is drivable from Python
(``button.click()``, ``slider.value = ...``), which is how the tests use them.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .activations import Activation
from .backward import deltas_for
from .forward import activations_for
from .plots import NetworkGraph, TrainingCurves, plot_decision_boundary, plot_unit_heatmaps
from .update import gradient_descent, initialize_weights, train
from .validation import dashboard_data, explorer_data


def render(figure: Figure) -> bytes:
    """The figure as PNG bytes.

    The first render lays the figure out (constrained layout); later renders
    keep that layout, which halves the time of every redraw.
    """
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    if figure.get_layout_engine() is not None:
        figure.set_layout_engine("none")
    return buffer.getvalue()


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
    functions; pass the student's to see *their* numbers.
    """

    def __init__(self, Wh: np.ndarray, Wo: np.ndarray, x: np.ndarray, t: np.ndarray,
                 activation_function: Activation = np.tanh, forward: Callable = activations_for,
                 backward: Callable = deltas_for):
        Wh, Wo, x, t = explorer_data(Wh, Wo, x, t, dict(activation_function=activation_function, forward=forward,
                                                        backward=backward))
        self.Wh, self.Wo, self.x, self.t = Wh, Wo, x, t
        self.f, self.forward, self.backward = activation_function, forward, backward
        self.example = w.IntSlider(0, 0, len(x) - 1, description="example")
        self.view = w.ToggleButtons(options=["forward", "backward"], description="view")
        self.status, self.image = w.HTML(), w.Image(format="png")
        self.figure = Figure(figsize=(7, 3.4), dpi=80, layout="constrained")
        self.graph = NetworkGraph(self.figure.add_subplot(), [x.shape[1], Wh.shape[1], Wo.shape[1]])
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
            self.graph.update([self.Wh, self.Wo], [dh[n], do[n]], backward=True,
                              title=f"backward pass for x = {_describe(self.x[n])}: deltas ←")
        self.image.value = render(self.figure)
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
        self.step_button = w.Button(description="Train 1 step", icon="step-forward")
        self.hundred_button = w.Button(description="Train 100 steps", icon="fast-forward")
        self.reset_button = w.Button(description="Reset", icon="undo")
        self.play = w.Play(value=0, min=0, max=10**9, interval=400, description="Play/Pause")
        self.eta = w.FloatLogSlider(value=eta, base=10, min=-3, max=0.5, step=0.1, description="learning rate",
                                    readout_format=".3f", style={"description_width": "initial"})
        self.example = w.IntSlider(0, 0, len(self.x) - 1, description="example")
        self.counter, self.status, self.image = w.HTML(), w.HTML(), w.Image(format="png")
        self.step_button.on_click(self._safely(lambda button: self.step(1)))
        self.hundred_button.on_click(self._safely(lambda button: self.step(100)))
        self.reset_button.on_click(self._safely(lambda button: self.reset()))
        self.play.observe(self._safely(self._on_tick), "value")
        self.example.observe(self._safely(lambda change: self.redraw()), "value")
        self.box = w.VBox([
            w.HBox([self.step_button, self.hundred_button, self.play, self.reset_button]),
            w.HBox([self.eta, self.example, self.counter]), self.image, self.status])

    def _build_figure(self, thumbnails: bool) -> None:
        units = min(self.run.num_nodes[1], 8) if thumbnails else 0
        self.figure = Figure(figsize=(10, 7.6 if units else 6.2), dpi=80, layout="constrained")
        grid = self.figure.add_gridspec(3 if units else 2, 3, height_ratios=[1.25, 1, 0.6][:3 if units else 2])
        self.graph_ax = self.figure.add_subplot(grid[0, :2])
        self.graph = NetworkGraph(self.graph_ax, self.run.num_nodes)
        row = grid[2, :].subgridspec(1, 8) if units else None
        self.unit_axes = [self.figure.add_subplot(row[0, i]) for i in range(units)]
        self.boundary_ax = self.figure.add_subplot(grid[0, 2]) if self.x.shape[1] == 2 else None
        self.curves = TrainingCurves(self.figure.add_subplot(grid[1, 0]), self.figure.add_subplot(grid[1, 1]))
        self.summary_ax = self.figure.add_subplot(grid[1, 2])
        self.summary_ax.axis("off")

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
        # The frontend's Play only ever counts up while playing; Reset sets it back to 0.
        if change["new"] > change["old"]:
            self.step(self.steps_per_tick)

    # -- drawing -----------------------------------------------------------------
    def redraw(self) -> None:
        n = self.example.value
        values = self.run.layer_values(self.x)
        y = values[-1]
        self.graph.update(self.run.Ws, [v[n] for v in values],
                          title=f"example {n}: x = {_describe(self.x[n])}, target {_describe(self.t[n])}, "
                                f"prediction {_describe(y[n])}")
        if self.boundary_ax is not None:
            self.boundary_ax.clear()
            plot_decision_boundary(lambda p: self.run.layer_values(p)[-1], self.x, self.t, ax=self.boundary_ax,
                                   resolution=50, threshold=0.5 if self.t.min() >= 0 else 0.0)
        if self.unit_axes:
            plot_unit_heatmaps(lambda p: self.run.layer_values(p)[1], self.x, self.unit_axes)
        self.curves.update([s.step for s in self.history], [s.mse for s in self.history],
                           [s.mbe for s in self.history])
        self._summarise()
        self.image.value = render(self.figure)

    def _summarise(self) -> None:
        last = self.history[-1] if self.history else None
        epoch, step = (last.epoch, last.step) if last else (0, 0)
        self.counter.value = f"<b>epoch {epoch}</b> / {self.epochs} · update {step}"
        self.summary_ax.clear()
        self.summary_ax.axis("off")
        lines = [f"epoch {epoch} of {self.epochs}", f"update {step}", f"learning rate {self.eta.value:.3f}"]
        if last:
            lines += [f"squared error {last.mse:.4f}", f"binary error {last.mbe:.2f}"]
        self.summary_ax.text(0.0, 1.0, "\n".join(lines), va="top", family="monospace", fontsize=10)

    def __repr__(self) -> str:
        sizes = "-".join(map(str, self.run.num_nodes))
        return f"TrainingDashboard({sizes} network, {len(self.x)} examples, {self.epochs} epochs)"
