"""The course's data: XOR, spirals, sklearn's 8×8 digits and MNIST.

MNIST is read from the repository's ``data/mnist.npz`` (70,000 images; see
data/README.md), whose array checksums are verified on every load, or from a
folder holding the four original IDX ``.gz`` files.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .randomness import as_generator
from .validation import as_number

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MNIST_NPZ = DATA_DIR / "mnist.npz"

# SHA-256 of np.ascontiguousarray(a).tobytes() for each array (data/README.md).
MNIST_SHA256 = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}


class DataError(ValueError):
    """A data file is missing, corrupt or fails its checksum."""


class MNIST(NamedTuple):
    """Images N×28×28 uint8 (0..255) and labels (N,) uint8 (0..9)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def load_xor(binary: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The four XOR examples: x 4×2, t 4×1.

    binary=False: inputs and targets in {−1, +1}, as the seed notebooks use with
    tanh (t = +1 when exactly one input is +1). binary=True: {0, 1}.
    """
    if not isinstance(binary, (bool, np.bool_)):
        raise TypeError(f"binary must be True or False; got {type(binary).__name__} {binary!r}")
    x = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float64)
    t = np.array([[-1], [1], [1], [-1]], dtype=np.float64)
    if binary:
        return (x + 1) / 2, (t + 1) / 2
    return x, t


def load_spiral(n_per_class: int = 100, n_classes: int = 3, noise: float = 0.2,
                rng: np.random.Generator | int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms in the plane (CS231n's data set): x (n_per_class·n_classes)×2, labels (N,) int.

    Arm j has n_per_class points at radius r = linspace(0, 1) and angle
    θ = linspace(4j, 4(j+1)) + N(0, noise²), i.e. x = (r sin θ, r cos θ). Seeded
    (rng=None is seed 0), so every run draws the same points. Not linearly
    separable: the classic data set for showing what a hidden layer buys.
    """
    if int(n_per_class) != n_per_class or n_per_class < 1 or int(n_classes) != n_classes or n_classes < 1:
        raise ValueError(f"n_per_class and n_classes must be positive integers; got {n_per_class!r} and {n_classes!r}")
    as_number("noise", noise, low=0.0)
    rng = as_generator(rng)
    n_per_class, n_classes = int(n_per_class), int(n_classes)
    r = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    labels = np.repeat(np.arange(n_classes), n_per_class)
    theta = (np.tile(np.linspace(0.0, 4.0, n_per_class), n_classes) + labels * 4.0
             + rng.normal(0.0, noise, size=n_per_class * n_classes))
    x = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    return x, labels


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """sklearn's 1,797 8×8 digits: x 1797×64 float64 (0..16), labels (1797,) int."""
    from sklearn.datasets import load_digits as sklearn_digits  # slow import: only when used

    digits = sklearn_digits()
    return digits.data.astype(np.float64), digits.target.astype(np.int64)


def load_mnist(path: str | Path | None = None) -> MNIST:
    """MNIST's 60,000 training and 10,000 test images, verified.

    path: None → the repository's data/mnist.npz; an ``.npz`` file with keys
    x_train, y_train, x_test, y_test; or a folder with the four IDX ``.gz`` files.
    Raises DataError naming the file when it is missing, corrupt or fails its checksum.
    """
    if path is not None and not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a file or folder name (str or Path) or None; got {type(path).__name__}")
    path = MNIST_NPZ if path is None else Path(path)
    if path.is_dir():
        arrays = {key: _read_idx(path / name, images=key.startswith("x")) for key, name in IDX_FILES.items()}
    elif path.exists():
        arrays = _read_npz(path)
    else:
        raise DataError(
            f"MNIST not found at {path}. Expected the course's data/mnist.npz (it ships with the "
            "repository: run `git checkout -- data/mnist.npz` to restore it), or a folder holding "
            f"{', '.join(IDX_FILES.values())}.")
    _verify(arrays, path)
    return MNIST(**arrays)


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    if path.suffix == ".npy":
        raise DataError(f"{path} is a .npy file (a single array): expected the course's .npz with the arrays "
                        f"{list(MNIST_SHA256)}, or a folder holding {', '.join(IDX_FILES.values())}")
    try:
        with _npz(np.load(path, allow_pickle=False), path) as npz:
            missing = [key for key in MNIST_SHA256 if key not in npz.files]
            if missing:
                raise DataError(f"{path} is not the course's MNIST file: it lacks the arrays {missing} "
                                f"(found {npz.files})")
            return {key: npz[key] for key in MNIST_SHA256}
    except (OSError, ValueError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError(f"{path} is corrupt (checksum or format error while reading it: {exc}); "
                        "restore it with `git checkout -- data/mnist.npz`") from exc


def _npz(loaded, path: Path):
    """np.load's result when it is an .npz archive; a DataError for a lone array saved with np.save."""
    if isinstance(loaded, np.ndarray):
        raise DataError(f"{path} holds a single array (the .npy format), not the course's .npz with the arrays "
                        f"{list(MNIST_SHA256)}: the file is corrupt or not the course's MNIST")
    return loaded


def _read_idx(path: Path, images: bool) -> np.ndarray:
    """One IDX file (gzipped): magic 0x0000 08 D, D big-endian sizes, then uint8 data.

    images: an image file, N×28×28 (D = 3); otherwise labels (D = 1).
    """
    if not path.exists():
        raise DataError(f"MNIST IDX file not found: {path}")
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path} is corrupt: gzip checksum or format error ({exc})") from exc
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] != 0x08:
        raise DataError(f"{path} is not an IDX file of unsigned bytes (bad magic number {raw[:4]!r})")
    ndim, expected = raw[3], (3 if images else 1)
    if ndim != expected or len(raw) < 4 + 4 * ndim:
        raise DataError(f"{path} has a corrupt header: it declares {ndim} dimensions in {len(raw)} bytes; expected "
                        f"{'N×28×28 images' if images else 'N labels'} ({expected} dimension{'s' * (expected > 1)})")
    dims = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    if images and dims[1:] != (28, 28):
        raise DataError(f"{path} is corrupt or not MNIST: its header gives images of {dims[1]}×{dims[2]} pixels; "
                        "expected N×28×28")
    size = math.prod(dims)  # Python integers: a corrupt header cannot overflow
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != size:
        raise DataError(f"{path} is truncated or corrupt: header says {dims}, found {data.size} bytes of data")
    return data.reshape(dims)


def _verify(arrays: dict[str, np.ndarray], path: Path) -> None:
    """Checksums for the full data set; consistent shapes and labels for any IDX set."""
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim != 3 or y.ndim != 1 or len(x) != len(y) or x.dtype != np.uint8 or y.dtype != np.uint8:
            raise DataError(f"{path}: x_{split} must be N×28×28 uint8 and y_{split} N uint8; "
                            f"got {x.shape} {x.dtype} and {y.shape} {y.dtype}")
        if x.shape[1:] != (28, 28):
            raise DataError(f"{path}: x_{split} holds images of shape {x.shape[1:]}; expected N×28×28")
        if y.size and y.max() > 9:
            raise DataError(f"{path}: y_{split} holds labels up to {y.max()}; expected digits 0..9")
    if len(arrays["x_train"]) == 60000 or path.suffix == ".npz":
        for key, expected in MNIST_SHA256.items():
            digest = hashlib.sha256(np.ascontiguousarray(arrays[key]).tobytes()).hexdigest()
            if digest != expected:
                raise DataError(f"{path}: checksum mismatch for {key} (SHA-256 {digest[:12]}…, "
                                f"expected {expected[:12]}…): the file is corrupt or not the course's MNIST")
