"""Many machines: the same per-document function on a Dask cluster (``extract --scheduler``).

DESIGN.md: beyond one machine, an existing distributed engine runs ``extract``, never a
home-made scheduler. The driver (the ``extract`` command) keeps everything that makes a batch
safe — resume by sha256, one atomic write per document, input order — and the cluster only
computes: each task gets a file's bytes (workers need no shared file system) and returns its
records.

- ``--scheduler tcp://host:8786`` joins a running cluster (``dask scheduler`` and ``dask
  worker`` started on the machines, each with govextract installed);
  ``--scheduler local`` starts one on this machine with ``--jobs`` worker processes.
- At most ``WINDOW_PER_WORKER`` documents per worker are in flight: ten thousand PDFs never sit
  in the cluster's memory at once.
- ``--timeout``: a document not back in time gets an ``error`` record and its task is
  cancelled; a worker thread cannot be interrupted, so it may finish that document anyway.
- A task that fails (a worker lost, a crash outside ``extract``'s own error handling) gives the
  document an ``error`` record naming the cluster's error; the batch goes on.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.errors import ClusterUnavailable, DocumentTimeout, ExtractError
from extractor.pipeline import Extraction, extract
from extractor.records import error_record
from extractor.settings import Settings

# Documents submitted ahead per worker: enough to keep each busy while results come back in
# order, few enough that the bytes in flight stay small.
WINDOW_PER_WORKER = 4
# Seconds to wait for a scheduler to answer before the run stops with a message.
CONNECT_TIMEOUT = 30


def remote_extract(path: str, data: bytes, settings: Settings) -> Extraction:
    """The task a worker runs: one document from its bytes (collector tuned as in the pool)."""
    from extractor.batch import tune_gc

    tune_gc()
    return extract(path, settings, data=data)


def run_on_cluster(
    files: list[Path], settings: Settings, scheduler: str, jobs: int
) -> Iterator[Extraction]:
    """Extractions in input order, computed on the Dask cluster at ``scheduler``."""
    client, cluster = _connect(scheduler, jobs)
    try:
        pending: deque[tuple[Path, Any]] = deque()
        queue = iter(files)
        while True:
            # Workers may join (or leave) a running cluster: the window follows them.
            window = WINDOW_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
            while len(pending) < window:
                path = next(queue, None)
                if path is None:
                    break
                pending.append((path, _submit(client, path, settings)))
            if not pending:
                break
            path, future = pending.popleft()
            yield _result(path, future, settings)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _connect(scheduler: str, jobs: int) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterUnavailable("--scheduler needs Dask: pip install 'govextract[dask]'") from exc
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT), None
    except OSError as exc:
        raise ClusterUnavailable(
            f"no Dask scheduler answers at {scheduler} ({exc}); start one with `dask scheduler` "
            "and workers with `dask worker ADDRESS`, or use --scheduler local"
        ) from exc


def _submit(client: Any, path: Path, settings: Settings) -> Any:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return exc  # reported in order, like any other failed document
    return client.submit(remote_extract, str(path), data, settings, pure=False)


def _result(path: Path, future: Any, settings: Settings) -> Extraction:
    if isinstance(future, OSError):
        return _failed(path, ExtractError(f"cannot read the file: {future}"), retry=True)
    try:
        return future.result(timeout=settings.timeout)
    except TimeoutError:
        future.cancel()
        return _failed(
            path,
            DocumentTimeout(
                "document took longer than --timeout; rerun it alone with a larger --timeout"
            ),
        )
    except Exception as exc:  # a lost worker or a crash outside extract(): this file only
        return _failed(
            path,
            ExtractError(
                f"the cluster could not extract it ({type(exc).__name__}: {exc}); rerun the "
                "same command to retry it",
                stage="pipeline",
            ),
            retry=True,
        )


def _failed(path: Path, exc: ExtractError, retry: bool = False) -> Extraction:
    """An error record; with ``retry`` it carries no sha256, so a rerun tries the file again
    (resume skips only documents whose sha256 is in the output)."""
    sha: str | None = None
    if not retry:
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            sha = None
    return Extraction(path=str(path), records=[error_record(str(path), sha, exc)])
