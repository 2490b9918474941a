"""MNIST past 98.5 %: what each change buys, chosen on a validation split, then one test.

Every row trains a ``NetworkClassifier`` (float32, ReLU hidden layers, softmax +
cross-entropy, mini-batch SGD with momentum 0.9, η of epoch e = eta · eta_decay^(e−1))
on the first 50,000 training images and reports its accuracy on the last 10,000
(the validation split) after each epoch, with the seconds of training alone (one BLAS
thread, so the numbers hold on any machine with at least one free core; the accuracy
measurements are not timed). The test images are not looked at until the end: the
recipe (``RECIPE``, the row with the best validation accuracy) is retrained on all
60,000 training images and its test accuracy is printed once. Notebook 06 shows this table
(it is too long to run there) and trains the recipe, retrained on all 60,000, as its final model.

    python benchmarks/mnist_recipe.py                 # every row, then the recipe on the test set
    python benchmarks/mnist_recipe.py --rows wide     # rows whose name contains "wide"
    python benchmarks/mnist_recipe.py --no-test       # validation only
"""

import os
import sys

# One thread, set before NumPy loads its BLAS (it reads these once, at import).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import nblib  # noqa: E402
from nblib.classifiers import NetworkClassifier  # noqa: E402

N_VALIDATION = 10_000  # the last 10,000 training images

BASE = dict(hidden_layer_sizes=(256,), activation="relu", output="softmax", eta=0.1, momentum=0.9,
            eta_decay=0.8, batch_size=64, epochs=10, random_state=0)

# (name of the change against notebook 06's main run, the parameters in full); every row trains 10 epochs
WIDE = {**BASE, "hidden_layer_sizes": (1024,)}
ROWS = [
    ("06 main run (256 units)", BASE),
    ("wider: 512 units", {**BASE, "hidden_layer_sizes": (512,)}),
    ("two layers of 512", {**BASE, "hidden_layer_sizes": (512, 512)}),
    ("wider: 1024 units", WIDE),
    ("wider: 1536 units", {**BASE, "hidden_layer_sizes": (1536,)}),
    ("1024, η 0.05", {**WIDE, "eta": 0.05}),
    ("1024, η 0.2", {**WIDE, "eta": 0.2}),
    ("1024, batch 128, η 0.2", {**WIDE, "eta": 0.2, "batch_size": 128}),
    ("1024, inputs standardised", {**WIDE, "standardise": True}),
    ("1024 + dropout 0.2", {**WIDE, "dropout": 0.2}),
    ("1024 + dropout 0.5", {**WIDE, "dropout": 0.5}),
    ("1024 + l2 5e-4", {**WIDE, "l2": 5e-4}),
    ("1024 + l2 1e-4", {**WIDE, "l2": 1e-4}),
]
# The best validation accuracy within the budget (dropout needs more than 10 epochs to pay off)
RECIPE = ROWS[-1]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="", help="only the rows whose name contains this text")
    parser.add_argument("--no-test", action="store_true", help="skip retraining the recipe and testing it")
    return parser.parse_args(argv)


def load_data():
    """MNIST as float32 rows in [0, 1]: training split, validation split, all training images, test."""
    mnist = nblib.load_mnist()
    x = mnist.x_train.reshape(-1, 784) / np.float32(255)
    x_test = mnist.x_test.reshape(-1, 784) / np.float32(255)
    y, y_test = mnist.y_train, mnist.y_test
    split = len(x) - N_VALIDATION
    return (x[:split], y[:split]), (x[split:], y[split:]), (x, y), (x_test, y_test)


def scaling(x, standardise: bool):
    """The map from pixels in [0, 1] to the network's inputs: the identity, or (x − mean) / std with
    one mean and one std over every pixel of the training images x."""
    if not standardise:
        return lambda a: a
    mean, std = np.float32(x.mean(dtype=np.float64)), np.float32(x.std(dtype=np.float64))
    return lambda a: (a - mean) / std


def train(params, x, y, x_val=None, y_val=None):
    """Train on (x, y): returns (model, input scaling, (wall, CPU) seconds of training, validation
    accuracy after each epoch).

    On one thread the CPU seconds are what the training takes on an idle core; the wall-clock
    seconds also count the time other processes took the core away.
    """
    params = dict(params)
    scale = scaling(x, params.pop("standardise", False))
    x, x_val = scale(x), (None if x_val is None else scale(x_val))
    model = NetworkClassifier(**params)
    every = math.ceil(len(x) / params["batch_size"])  # one yield per epoch
    wall, cpu, accuracies = 0.0, 0.0, []
    steps = model.fit_steps(x, y, every=every)
    while True:
        start, start_cpu = time.perf_counter(), time.process_time()
        step = next(steps, None)
        wall, cpu = wall + time.perf_counter() - start, cpu + time.process_time() - start_cpu
        if step is None:
            return model, scale, (wall, cpu), accuracies
        if x_val is not None:
            accuracies.append(model.score(x_val, y_val))


def describe(params) -> str:
    hidden = "-".join(str(h) for h in params["hidden_layer_sizes"])
    l2 = f", l2 {params['l2']:g}" if params.get("l2") else ""
    l2 += ", inputs standardised" if params.get("standardise") else ""
    return (f"784-{hidden}-10, dropout {params.get('dropout', 0)}{l2}, batch {params['batch_size']}, "
            f"η {params['eta']} ×{params['eta_decay']}/epoch, {params['epochs']} epochs")


def main(argv=None) -> int:
    args = parse_args(argv)
    (x_train, y_train), (x_val, y_val), (x_all, y_all), (x_test, y_test) = load_data()
    print(f"MNIST: train on {len(x_train):,}, validate on the last {len(x_val):,} training images; "
          f"float32, 1 BLAS thread, numpy {np.__version__}")
    print("seconds: training alone (accuracy measurements excluded), CPU time of the one thread "
          "(wall clock in brackets: it grows with the load of the machine)\n")
    print("| change | network and schedule | val. accuracy | best epoch (val.) | CPU s/epoch | training s |")
    print("|---|---|---:|---:|---:|---:|")
    for name, params in ROWS:
        if args.rows not in name:
            continue
        _, _, (wall, cpu), accuracies = train(params, x_train, y_train, x_val, y_val)
        best = int(np.argmax(accuracies))
        print(f"| {name} | {describe(params)} | {accuracies[-1]:.2%} | {accuracies[best]:.2%} ({best + 1}) "
              f"| {cpu / len(accuracies):.2f} | {cpu:.1f} ({wall:.1f}) |", flush=True)
    if args.no_test:
        return 0
    name, params = RECIPE
    model, scale, (wall, cpu), _ = train(params, x_all, y_all)
    print(f"\nrecipe ({describe(params)}), retrained on all {len(x_all):,} training images: "
          f"{cpu:.1f} CPU s of training on 1 thread ({cpu / params['epochs']:.2f} s/epoch; wall clock {wall:.1f} s)")
    print(f"test accuracy: {model.score(scale(x_test), y_test):.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
