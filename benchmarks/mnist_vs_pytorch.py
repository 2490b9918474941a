"""MNIST, one hidden layer: seconds per epoch and test accuracy, nblib against PyTorch on the CPU.

The same MLP in every framework: 784 → hidden (ReLU) → 10 (softmax + cross-entropy),
float32, mini-batch SGD with momentum, η of epoch e = eta · eta_decay^(e−1), inputs
scaled by 1/255, one thread each. The PyTorch model starts from nblib's initial
weights and sees the same batches in the same order, so its accuracies should match
nblib's to float32 round-off (the momentum buffers differ only once η decays:
PyTorch applies the new η to the whole buffer, nblib to the new gradient only).

Rows:  nblib          NeuralNetwork.train, the engine the notebooks build
       nblib-sklearn  NetworkClassifier.fit_steps (input checks and bookkeeping included)
       pytorch        torch.nn.Sequential + torch.optim.SGD, a hand-written loop (no DataLoader)

The frameworks take turns epoch by epoch, so a busy machine slows them alike.
Before training, the script measures the float32 matrix-product rate of this machine's
BLAS for the five products of one update (same shapes, one thread); afterwards it prints
the GFLOP/s each framework achieved (the products' FLOPs per epoch / median epoch time)
as a share of that rate. The last two lines are the headline numbers:

    nblib/torch epoch time ratio: R    (median s/epoch of nblib / of PyTorch)
    nblib best test accuracy: A%       (NeuralNetwork, best epoch)

PyTorch is not a course requirement: keep it out of the course's environment, in a
virtual environment of its own, and point PYTHONPATH at the repository for nblib:

    python -m venv ../bench && ../bench/bin/pip install torch==2.13.0 numpy matplotlib scikit-learn threadpoolctl
    PYTHONPATH=. ../bench/bin/python benchmarks/mnist_vs_pytorch.py              # 3 epochs
    PYTHONPATH=. ../bench/bin/python benchmarks/mnist_vs_pytorch.py --epochs 10  # notebook 06's budget
"""

import os
import sys

# One thread each, set before NumPy or PyTorch load their BLAS (they read these once, at import).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

import nblib  # noqa: E402
from nblib.classifiers import NetworkClassifier  # noqa: E402
from nblib.network import NeuralNetwork  # noqa: E402

TORCH_MISSING = """PyTorch could not be imported ({error}). It is not part of the course; this benchmark
needs it only to compare against. Install it in a virtual environment of its own (not the
course's) and run this script with that environment's Python:

    python -m venv ../bench && ../bench/bin/pip install torch==2.13.0 numpy matplotlib scikit-learn threadpoolctl
    PYTHONPATH=. ../bench/bin/python benchmarks/mnist_vs_pytorch.py

(or pass --no-torch to time nblib alone)."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--hidden", type=int, default=256, help="hidden units (default 256)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--eta", type=float, default=0.1, help="learning rate of epoch 1")
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--eta-decay", type=float, default=0.8, help="η is multiplied by this every epoch")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-torch", action="store_true", help="time nblib only")
    return parser.parse_args(argv)


def load_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MNIST as float32 rows scaled to [0, 1]: x_train 60000×784, y (N,) int64, x_test 10000×784."""
    mnist = nblib.load_mnist()
    scale = np.float32(1 / 255)  # a float32 scalar: the images become float32, not float64
    x_train = mnist.x_train.reshape(len(mnist.x_train), -1) * scale
    x_test = mnist.x_test.reshape(len(mnist.x_test), -1) * scale
    return x_train, mnist.y_train.astype(np.int64), x_test, mnist.y_test.astype(np.int64)


# Each framework is a generator that trains one epoch per ``next`` and then yields a function
# measuring the test accuracy: the caller times the ``next`` alone, then calls the function.
Epochs = Iterator[Callable[[], float]]


def update_products(batch: int, hidden: int) -> list[tuple[tuple[int, int], tuple[int, int], bool]]:
    """The matrix products of one update of the 784-hidden-10 MLP: (shape of a, shape of b, a is a transpose).

    forward x·W1, z·W2; backward δ2·W2ᵀ; gradients xᵀ·δ1, zᵀ·δ2 (no δ for the inputs).
    """
    return [((batch, 784), (784, hidden), False), ((batch, hidden), (hidden, 10), False),
            ((batch, 10), (10, hidden), False), ((784, batch), (batch, hidden), True),
            ((hidden, batch), (batch, 10), True)]


def flops(products) -> int:
    """2·m·k·n floating-point operations per m×k by k×n product."""
    return sum(2 * a[0] * a[1] * b[1] for a, b, _ in products)


def matmul_rate(batch: int, hidden: int, seconds: float = 1.0) -> float:
    """GFLOP/s of NumPy's float32 matmul for one update's products, on one thread (best of 3 runs)."""
    rng = np.random.default_rng(0)
    operands = []
    for a_shape, b_shape, transposed in update_products(batch, hidden):
        a = rng.random(a_shape[::-1] if transposed else a_shape, dtype=np.float32)
        operands.append((a.T if transposed else a, rng.random(b_shape, dtype=np.float32),
                         np.empty((a_shape[0], b_shape[1]), dtype=np.float32)))

    def run(repeats: int) -> float:
        start = time.perf_counter()
        for _ in range(repeats):
            for a, b, out in operands:
                np.matmul(a, b, out=out)
        return time.perf_counter() - start

    with threadpool_limits(1):
        repeats = 1
        while (elapsed := run(repeats)) < seconds / 3:  # about seconds / 3 per run
            repeats *= 2
        best = min(elapsed, run(repeats), run(repeats)) / repeats
    per_update = flops(update_products(batch, hidden))
    return per_update / best / 1e9


def nblib_epochs(args, Ws, x_train, y_train, x_test, y_test) -> Epochs:
    """NeuralNetwork.train, one epoch per ``next``."""
    net = NeuralNetwork([784, args.hidden, 10], "relu", args.eta, loss="softmax_cross_entropy",
                        momentum=args.momentum, dtype=np.float32)
    net.Ws = [W.copy() for W in Ws]
    T = nblib.one_hot(y_train, 10, dtype=np.float32)
    order_rng = np.random.default_rng(args.seed)
    for epoch in range(1, args.epochs + 1):
        net.eta = args.eta * args.eta_decay ** (epoch - 1)
        for _ in net.train(x_train, T, epochs=1, batch_size=args.batch_size, rng=order_rng):
            pass
        yield lambda: float(np.mean(net.predictions_for(x_test).argmax(axis=1) == y_test))


def classifier_epochs(args, x_train, y_train, x_test, y_test) -> Epochs:
    """NetworkClassifier.fit_steps, paused at the end of every epoch."""
    model = NetworkClassifier((args.hidden,), "relu", "softmax", eta=args.eta, momentum=args.momentum,
                              eta_decay=args.eta_decay, batch_size=args.batch_size, epochs=args.epochs,
                              random_state=args.seed)
    every = math.ceil(len(x_train) / args.batch_size)  # one yield per epoch
    for _ in model.fit_steps(x_train, y_train, every=every):
        yield lambda: float(model.score(x_test, y_test))


def torch_epochs(args, Ws, x_train, y_train, x_test, y_test) -> Epochs:
    """The same MLP in PyTorch, from the same initial weights, over the same batches."""
    import torch

    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, args.hidden), torch.nn.ReLU(), torch.nn.Linear(args.hidden, 10))
    with torch.no_grad():
        for layer, W in zip((model[0], model[2]), Ws):  # nblib: (n+1)×m with bias row 0; torch: m×n and m
            layer.weight.copy_(torch.from_numpy(W[1:].T.copy()))
            layer.bias.copy_(torch.from_numpy(W[0].copy()))
    optimizer = torch.optim.SGD(model.parameters(), lr=args.eta, momentum=args.momentum)
    loss_function = torch.nn.CrossEntropyLoss()
    X, y, X_test = torch.from_numpy(x_train), torch.from_numpy(y_train), torch.from_numpy(x_test)
    order_rng = np.random.default_rng(args.seed)  # the same permutations NeuralNetwork.train draws
    for epoch in range(1, args.epochs + 1):
        for group in optimizer.param_groups:
            group["lr"] = args.eta * args.eta_decay ** (epoch - 1)
        order = torch.from_numpy(order_rng.permutation(len(X)))
        model.train()
        for start in range(0, len(X), args.batch_size):
            rows = order[start:start + args.batch_size]
            optimizer.zero_grad()
            loss_function(model(X[rows]), y[rows]).backward()
            optimizer.step()
        yield lambda: torch_accuracy(model, X_test, y_test)


def torch_accuracy(model, X_test, y_test) -> float:
    import torch

    model.eval()
    with torch.no_grad():
        return float((model(X_test).argmax(dim=1).numpy() == y_test).mean())


def timed(epochs: Epochs) -> Callable[[], tuple[float, float, float]]:
    """A function that trains the next epoch: returns (wall seconds, CPU seconds, test accuracy).

    Training alone is timed. On one thread the CPU seconds are what the epoch takes on an
    idle core; the wall-clock seconds also count the time other processes held the core.
    """
    def next_epoch() -> tuple[float, float, float]:
        start, start_cpu = time.perf_counter(), time.process_time()
        accuracy = next(epochs)
        return time.perf_counter() - start, time.process_time() - start_cpu, accuracy()
    return next_epoch


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    torch_version = None
    if not args.no_torch:
        try:
            import torch
        except ImportError as error:
            print(TORCH_MISSING.format(error=error), file=sys.stderr)
            return 2
        torch_version = torch.__version__
    x_train, y_train, x_test, y_test = load_data()
    rate = matmul_rate(args.batch_size, args.hidden)
    epoch_gflop = flops(update_products(len(x_train), args.hidden)) / 1e9  # the same products over all rows
    Ws = NeuralNetwork([784, args.hidden, 10], "relu", dtype=np.float32, rng=args.seed).Ws
    runs = {
        "nblib": nblib_epochs(args, Ws, x_train, y_train, x_test, y_test),
        "nblib-sklearn": classifier_epochs(args, x_train, y_train, x_test, y_test),
    }
    if torch_version:
        runs["pytorch"] = torch_epochs(args, Ws, x_train, y_train, x_test, y_test)
    print(f"MNIST 784-{args.hidden}-10 ReLU/softmax, float32, batch {args.batch_size}, eta {args.eta} "
          f"(×{args.eta_decay}/epoch), momentum {args.momentum}, seed {args.seed}, 1 thread; "
          f"numpy {np.__version__}" + (f", torch {torch_version}" if torch_version else ""))
    print(f"float32 matmul rate for one update's 5 products (batch {args.batch_size}, 1 thread): {rate:.1f} GFLOP/s; "
          f"an epoch is {epoch_gflop:.1f} GFLOP of products")
    print("seconds: training only; the accuracy is on the 10,000 test images after each epoch\n")
    print("| framework | epoch | seconds | CPU seconds | test accuracy |")
    print("|---|---:|---:|---:|---:|")
    seconds, cpu_seconds, accuracies = ({name: [] for name in runs} for _ in range(3))
    with threadpool_limits(1):
        steps = {name: timed(epochs) for name, epochs in runs.items()}
        for epoch in range(1, args.epochs + 1):
            for name, step in steps.items():  # taking turns: a noisy machine slows all alike
                elapsed, cpu, accuracy = step()
                seconds[name].append(elapsed)
                cpu_seconds[name].append(cpu)
                accuracies[name].append(accuracy)
                print(f"| {name} | {epoch} | {elapsed:.2f} | {cpu:.2f} | {accuracy:.4f} |", flush=True)
    print("\n| framework | median s/epoch | fastest epoch | total s | median CPU s/epoch | GFLOP/s "
          "| of the matmul rate |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, times in seconds.items():
        achieved = epoch_gflop / statistics.median(times)
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {sum(times):.1f} "
              f"| {statistics.median(cpu_seconds[name]):.2f} | {achieved:.1f} | {achieved / rate:.0%} |")
    print(f"| matmul alone | {epoch_gflop / rate:.2f} | | | | {rate:.1f} | 100% |\n")
    ratio = (f"{statistics.median(seconds['nblib']) / statistics.median(seconds['pytorch']):.2f}"
             if "pytorch" in seconds else "n/a (--no-torch)")
    print(f"nblib/torch epoch time ratio: {ratio}")
    print(f"nblib best test accuracy: {max(accuracies['nblib']):.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
