"""``single_threaded()``: one BLAS thread, for reproducible float32 numbers and fair timings (notebook 06)."""

from __future__ import annotations


def single_threaded():
    """Limit NumPy's BLAS (and any OpenMP pool) to one thread; a context manager.

    ``with nblib.single_threaded(): ...`` restores the previous limits on leaving the
    block. A multi-threaded BLAS splits a matrix product differently depending on the
    number of threads, so float32 sums round differently from machine to machine;
    one thread gives the same digits everywhere, and for the course's matrices it
    costs little time. Called without ``with``, the limit holds until
    ``.restore_original_limits()`` is called on the returned object (a
    ``threadpoolctl.threadpool_limits``).
    """
    from threadpoolctl import threadpool_limits  # imported on first use: keeps `import nblib` fast

    return threadpool_limits(limits=1)
