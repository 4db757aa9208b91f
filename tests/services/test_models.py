"""The local models' process settings."""

from __future__ import annotations

from threadpoolctl import threadpool_info

from kapex.services.models import LocalModels


def test_loaded_models_leave_numpy_one_blas_thread_per_model_thread(models: LocalModels) -> None:
    # OpenBLAS starts a thread per core; on a busy machine every retrieval product then
    # waited for a woken thread (a query took three times its CPU time).
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas, "numpy's BLAS should be visible to threadpoolctl"
    assert [pool["num_threads"] for pool in blas] == [1] * len(blas)
