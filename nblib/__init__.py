"""nblib: the reference solutions and tools behind the Backprop-from-scratch notebooks.

Everything a notebook needs is importable from here. Modules map onto the
notebooks: activations/forward (01), backward/gradcheck (02), update (03),
network (04–06), losses (02, 06), datasets, checks + exercises_* (every exercise).
"""

from . import exercises_01_03 as _exercises_01_03  # noqa: F401  (registers the checks)
from . import exercises_04_06 as _exercises_04_06  # noqa: F401
from . import exercises_07 as _exercises_07  # noqa: F401
from . import exercises_08 as _exercises_08  # noqa: F401
from . import exercises_09 as _exercises_09  # noqa: F401
from .activations import approximate_derivative, derivative, identity, relu, sigmoid, tanh
from .backward import deltas_for
from .checks import CheckResult, check, checked, show_reference, show_solution
from .datasets import DataError, load_digits, load_mnist, load_spiral, load_xor
from .forward import activations_for, with_bias
from .gradcheck import gradient_check_table, network_gradient_check_table, numerical_gradient, relative_error
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    decode,
    log_softmax,
    one_hot,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
    squared_error,
    squared_error_gradient,
)
from .network import NetworkStep, NeuralNetwork, backpropagate, feed_forward
from .threads import single_threaded
from .update import TrainingStep, errors_for, gradient_descent, initialize_weights, train, update_weights

# name -> module, imported on first use (keeps `import nblib` fast)
_LAZY = {
    "NetworkGraph": ".plots", "plot_network": ".plots", "plot_training_curves": ".plots",
    "plot_activations": ".plots", "plot_derivative_errors": ".plots", "plot_decision_boundary": ".plots",
    "plot_unit_heatmaps": ".plots",
    "TrainingDashboard": ".widgets", "NetworkExplorer": ".widgets",
    "NetworkClassifier": ".classifiers", "ClassifierStep": ".classifiers",
    "LiveTraining": ".digit_views", "LivePoint": ".digit_views", "MisclassifiedBrowser": ".digit_views",
    "plot_digits": ".digit_views",
    "plot_confusion_matrix": ".digit_views", "confusion_counts": ".digit_views", "plot_weight_images": ".digit_views",
    "plot_early_stopping": ".digit_views",
}

__all__ = [
    "CheckResult", "DataError", "NetworkStep", "NeuralNetwork", "TrainingStep",
    "activations_for", "approximate_derivative", "binary_cross_entropy",
    "backpropagate", "binary_cross_entropy_gradient", "check", "checked", "decode", "deltas_for", "derivative",
    "errors_for", "feed_forward", "gradient_check_table", "gradient_descent", "identity", "initialize_weights",
    "load_digits", "network_gradient_check_table",
    "load_mnist", "load_spiral", "load_xor", "log_softmax", "numerical_gradient", "one_hot",
    "relative_error", "relu", "show_reference", "show_solution", "sigmoid", "single_threaded", "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_gradient", "squared_error", "squared_error_gradient", "tanh",
    "train", "update_weights", "with_bias",
    *_LAZY,
]


def __getattr__(name: str):
    """Plots and widgets import matplotlib and ipywidgets: load them on first use only."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'nblib' has no attribute {name!r}")
