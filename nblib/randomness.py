"""One place that turns ``rng=`` / ``seed=`` arguments into a Generator."""

from __future__ import annotations

import numpy as np


def as_generator(rng: np.random.Generator | int | None) -> np.random.Generator:
    """A Generator from a Generator (used as is), an int seed, or None (seed 0).

    None means seed 0, not fresh entropy: every notebook output must repeat
    exactly, so the course never draws from an unseeded source.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise ValueError(f"rng must be a numpy Generator or an int seed; got {type(rng).__name__}")
