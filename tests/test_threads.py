"""nblib.single_threaded(): one BLAS thread inside the block, the previous limits after it."""

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import nblib


def blas_threads():
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_single_threaded_limits_blas_inside_the_block_and_restores_it_after():
    with threadpool_limits(limits=2, user_api="blas"):
        before = blas_threads()
        assert before and all(n == 2 for n in before)
        with nblib.single_threaded():
            assert all(n == 1 for n in blas_threads())
            a = np.ones((64, 64), dtype=np.float32)
            assert float((a @ a)[0, 0]) == 64.0  # BLAS still works on one thread
        assert blas_threads() == before


def test_single_threaded_without_with_holds_until_restored():
    with threadpool_limits(limits=2, user_api="blas"):
        limits = nblib.single_threaded()
        assert all(n == 1 for n in blas_threads())
        limits.restore_original_limits()
        assert all(n == 2 for n in blas_threads())
