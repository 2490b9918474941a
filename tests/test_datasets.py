"""Data loaders: XOR, spiral, digits, MNIST (npz and IDX), and their errors."""

import gzip
import struct

import numpy as np
import pytest

import nblib
from nblib.datasets import IDX_FILES, MNIST_NPZ


def test_xor_both_encodings():
    x, t = nblib.load_xor()
    assert x.shape == (4, 2) and t.shape == (4, 1)
    assert np.array_equal(t[:, 0], np.where(x[:, 0] != x[:, 1], 1, -1))
    xb, tb = nblib.load_xor(binary=True)
    assert set(np.unique(xb)) == {0, 1} and np.array_equal(tb[:, 0], np.logical_xor(xb[:, 0], xb[:, 1]))


def test_spiral_is_seeded_and_balanced():
    x, y = nblib.load_spiral(n_per_class=50, n_classes=4, rng=1)
    assert x.shape == (200, 2) and np.array_equal(np.bincount(y), [50] * 4)
    assert np.array_equal(x, nblib.load_spiral(n_per_class=50, n_classes=4, rng=1)[0])
    assert not np.array_equal(x, nblib.load_spiral(n_per_class=50, n_classes=4, rng=2)[0])
    assert np.abs(x).max() <= 1.0


def test_digits():
    x, y = nblib.load_digits()
    assert x.shape == (1797, 64) and set(np.unique(y)) == set(range(10)) and x.max() == 16


def test_mnist_from_the_repository_is_the_canonical_set():
    m = nblib.load_mnist()
    assert m.x_train.shape == (60000, 28, 28) and m.x_test.shape == (10000, 28, 28)
    assert list(m.y_train[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert list(m.y_test[:10]) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert list(np.bincount(m.y_test)) == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def write_idx(folder, n_train=7, n_test=3, seed=0):
    """A tiny IDX set in the original format: magic 0x0803/0x0801, big-endian sizes, bytes."""
    rng = np.random.default_rng(seed)
    arrays = {"x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
              "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
              "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
              "y_test": rng.integers(0, 10, n_test, dtype=np.uint8)}
    for key, name in IDX_FILES.items():
        a = arrays[key]
        header = struct.pack(">HBB", 0, 0x08, a.ndim) + struct.pack(f">{a.ndim}I", *a.shape)
        with gzip.open(folder / name, "wb") as f:
            f.write(header + a.tobytes())
    return arrays


def test_mnist_reads_the_original_idx_files(tmp_path):
    arrays = write_idx(tmp_path)
    m = nblib.load_mnist(tmp_path)
    for key, a in arrays.items():
        assert np.array_equal(getattr(m, key), a)


def test_missing_file_names_the_path_and_the_remedy(tmp_path):
    with pytest.raises(nblib.DataError, match=r"MNIST not found at .*nowhere\.npz.*git checkout -- data/mnist\.npz"):
        nblib.load_mnist(tmp_path / "nowhere.npz")
    write_idx(tmp_path)
    (tmp_path / IDX_FILES["y_test"]).unlink()
    with pytest.raises(nblib.DataError, match="IDX file not found: .*t10k-labels-idx1-ubyte.gz"):
        nblib.load_mnist(tmp_path)


def test_corrupt_npz_says_checksum_and_names_the_file(tmp_path):
    broken = tmp_path / "mnist.npz"
    data = bytearray(MNIST_NPZ.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = bytes(64)
    broken.write_bytes(bytes(data))
    with pytest.raises(nblib.DataError, match=r"mnist\.npz.*checksum"):
        nblib.load_mnist(broken)


def test_altered_arrays_fail_the_checksum(tmp_path):
    m = nblib.load_mnist()
    x_test = m.x_test.copy()
    x_test[0, 0, 0] ^= 1
    path = tmp_path / "tampered.npz"
    np.savez_compressed(path, x_train=m.x_train, y_train=m.y_train, x_test=x_test, y_test=m.y_test)
    with pytest.raises(nblib.DataError, match=r"tampered\.npz: checksum mismatch for x_test"):
        nblib.load_mnist(path)


def test_corrupt_gzip_says_checksum(tmp_path):
    write_idx(tmp_path)
    path = tmp_path / IDX_FILES["x_test"]
    data = bytearray(path.read_bytes())
    data[-8] ^= 0xFF  # gzip's CRC32 trailer
    path.write_bytes(bytes(data))
    with pytest.raises(nblib.DataError, match=r"t10k-images-idx3-ubyte\.gz is corrupt: gzip checksum"):
        nblib.load_mnist(tmp_path)


def test_truncated_idx_and_wrong_magic(tmp_path):
    write_idx(tmp_path)
    path = tmp_path / IDX_FILES["x_train"]
    raw = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(raw[:-100]))
    with pytest.raises(nblib.DataError, match="truncated or corrupt: header says"):
        nblib.load_mnist(tmp_path)
    path.write_bytes(gzip.compress(b"\x00\x00\x0d\x03" + raw[4:]))
    with pytest.raises(nblib.DataError, match="bad magic number"):
        nblib.load_mnist(tmp_path)


def test_npz_without_the_arrays(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, images=np.zeros(3))
    expected = r"lacks the arrays \['x_train', 'y_train', 'x_test', 'y_test'\] \(found \['images'\]\)"
    with pytest.raises(nblib.DataError, match=expected):
        nblib.load_mnist(path)


def test_spiral_follows_the_source_definition():
    x, y = nblib.load_spiral()
    assert x.shape == (300, 2) and np.array_equal(y, np.repeat([0, 1, 2], 100))
    assert np.array_equal(x, nblib.load_spiral(rng=0)[0])  # rng=None is seed 0: every run the same
    radius = np.hypot(x[:, 0], x[:, 1])
    assert np.allclose(radius, np.tile(np.linspace(0, 1, 100), 3))
    angle = np.arctan2(x[:, 0], x[:, 1])                     # x = (r sin θ, r cos θ)
    expected = np.concatenate([np.linspace(4 * j, 4 * (j + 1), 100) for j in range(3)])
    has_angle = radius > 0                                   # the centre point of each arm has none
    noise = np.angle(np.exp(1j * (angle - expected)))[has_angle]  # wrapped to (−π, π]
    assert 0.15 < noise.std() < 0.25 and abs(noise.mean()) < 0.05
    x0, _ = nblib.load_spiral(noise=0.0)
    assert np.allclose(np.angle(np.exp(1j * (np.arctan2(x0[:, 0], x0[:, 1]) - expected)))[has_angle], 0, atol=1e-9)


@pytest.mark.parametrize("kwargs", [{"noise": -0.1}, {"noise": float("nan")}, {"n_per_class": 0},
                                    {"n_classes": 2.5}])
def test_spiral_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="noise|positive integers"):
        nblib.load_spiral(**kwargs)
