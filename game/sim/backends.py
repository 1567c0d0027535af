"""Where experiment batches run: in this process, in local worker processes, or on a dask cluster.

Every backend takes a picklable batch and a top-level function, returns futures, and can wait for
the first of several to finish and cancel the rest. Local workers ignore SIGINT so that Ctrl-C
reaches only the main process, which stops submitting, cancels what has not started and keeps
what has finished; they end themselves when the main process dies.
dask is imported only for `--scheduler` (the optional `distributed` extra).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from game.core.errors import KhasanError


class Inline:
    """Runs each batch at once in this process (--jobs 1): simplest to debug and to profile."""

    name = "inline"
    slots = 1
    jobs = 1

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def submit(self, batch: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        try:
            fut.set_result(self.fn(batch))
        except Exception as exc:
            fut.set_exception(exc)
        return fut

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        return set(futures)

    def cancel(self, futures: Iterable[Any]) -> None:
        pass

    def close(self) -> None:
        pass


def _ignore_sigint(parent: int, init: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    """A worker's start: Ctrl-C is the parent's to handle, and the worker ends with `parent` (the
    pid the parent gave, not `os.getppid()` now: a parent killed while the worker was still
    starting has already handed it to another process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    if init is not None:
        init(*args)


def _exit_with_parent(parent: int, every_s: float = 0.5) -> None:
    """A worker ends itself when its parent is gone (killed: the worker is re-parented)."""
    while os.getppid() == parent:
        time.sleep(every_s)
    os._exit(1)


class LocalPool:
    """`jobs` worker processes (spawned, so no locks are inherited from threads of this process);
    `init(*initargs)` runs once in each worker, e.g. to load the scenarios."""

    name = "local"

    def __init__(self, fn: Callable[[Any], Any], jobs: int, init: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
        self.fn, self.jobs, self.init, self.initargs = fn, jobs, init, initargs
        self.slots = 3 * jobs
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_ignore_sigint, initargs=(os.getpid(), self.init, self.initargs))

    def submit(self, batch: Any) -> Future[Any]:
        try:
            return self.pool.submit(self.fn, batch)
        except BrokenProcessPool:  # a worker died earlier: its runs are failed; start afresh
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._start()
            return self.pool.submit(self.fn, batch)

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        done, _ = wait(list(futures), return_when=FIRST_COMPLETED)
        return set(done)

    def cancel(self, futures: Iterable[Any]) -> None:
        for f in futures:
            f.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self.pool.shutdown(wait=True)


class DaskCluster:
    """Batches sent to an existing dask.distributed scheduler at `address`."""

    name = "dask"

    def __init__(self, fn: Callable[[Any], Any], address: str, timeout_s: float = 10.0) -> None:
        try:
            import distributed
        except ImportError:
            raise KhasanError(["--scheduler needs dask.distributed: pip install 'khasan[distributed]' "
                               "(or pip install 'dask[distributed]')"]) from None
        self.distributed = distributed
        self.fn = fn
        try:
            self.client = distributed.Client(address, timeout=timeout_s)
        except (OSError, TimeoutError, ValueError) as exc:
            raise KhasanError([f"--scheduler: cannot connect to a dask scheduler at {address}: {exc}"]) from None
        try:
            self.client.wait_for_workers(1, timeout=timeout_s)
        except (OSError, TimeoutError) as exc:
            self.client.close()
            raise KhasanError([f"--scheduler: no dask workers joined {address} within {timeout_s:.0f} s"]) from exc
        workers = self.client.scheduler_info().get("workers", {})
        threads = sum(int(w.get("nthreads", 1)) for w in workers.values())
        self.jobs = threads
        self.slots = max(2, 3 * threads)

    def submit(self, batch: Any) -> Any:
        return self.client.submit(self.fn, batch, pure=False)

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        done = self.distributed.wait(list(futures), return_when="FIRST_COMPLETED").done
        return set(done)

    def cancel(self, futures: Iterable[Any]) -> None:
        self.client.cancel(list(futures))

    def close(self) -> None:
        self.client.close()


def outcome(fut: Any) -> tuple[Any, str | None]:
    """(result, None) for a finished future, or (None, error text) if its batch failed as a whole."""
    try:
        return fut.result(), None
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}".splitlines()[0]
