"""Worker processes for the NLP pass that can start before the parse is needed.

spaCy's own `nlp.pipe(n_process=N)` forks its workers when the parse starts, so
every run pays the model load on its critical path, and it ships each parsed Doc
back to the parent (serialized in the worker, deserialized in the parent) although
the pipeline only needs the extracted rows. A `ParsePool` instead:

- starts its workers (fresh interpreters, `spawn`) as soon as the caller asks for
  it, e.g. when `newsetl run` starts, so the spaCy import and model load run on
  the other core while Dagster, ingest, cleaning and the first checks run;
- loads the model once per worker process, with the extractors as its last
  component, and sends back only the rows (`ParsedRows`), never the Doc;
- pins BLAS/OpenMP to one thread per worker (the variables are set before the
  worker imports numpy), so N workers use N cores and do not oversubscribe them.

Results come back in input order. A worker that fails to load the model or to
parse re-raises its error in the caller; a worker that dies (killed, out of
memory) raises `WorkerDiedError` instead of hanging the run. Workers exit when
told to, at interpreter exit (daemon processes), or when their parent is gone.

Nothing here imports Dagster or DuckDB (pipelines.core), nor spaCy in the parent.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

# Set in each worker's environment before it imports numpy: one BLAS thread per process.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                         "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
# Chunks handed out ahead of the consumer per worker: keeps both cores busy while the
# caller writes rows, and bounds the texts held in queues.
CHUNKS_AHEAD_PER_WORKER = 3
_POLL_SECONDS = 1.0


class WorkerDiedError(RuntimeError):
    pass


class WorkerError(RuntimeError):
    """An error raised in a worker that could not be sent back as itself."""


@dataclass
class ParsedRows:
    """Stands in for a parsed Doc: the extraction component's output in `user_data`,
    under the key pipelines.core.extraction.extract_article reads."""

    user_data: dict[str, Any] = field(default_factory=dict)


class ExtractedArticle:
    """One article's rows with their ids, built in the worker: the attributes of
    pipelines.core.extraction.ArticleExtraction (article_id, mentions, quotes,
    claims, ...), so the parent never imports spaCy."""

    def __init__(self, fields: dict[str, Any]):
        self.__dict__.update(fields)


# --- the worker process ------------------------------------------------------------

def _worker_main(model_name: str, tasks, results, parent_pid: int) -> None:
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    try:
        from pipelines.core.extraction import ROWS_KEY, extract_article, load_extraction_pipeline

        nlp = load_extraction_pipeline(model_name)
    except BaseException as exc:  # sent to the parent, which raises it
        results.put(("error", None, _portable(exc)))
        return
    while True:
        try:
            task = tasks.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent_pid:  # the parent is gone: nobody will read our results
                return
            continue
        if task is None:
            return
        chunk_id, batch_size, with_ids, items = task
        try:
            if with_ids:  # the article's rows with their ids, as the NLP stage writes them
                rows = [(ctx, extract_article(doc, ctx).__dict__)
                        for doc, ctx in nlp.pipe(items, as_tuples=True, batch_size=batch_size)]
            else:
                rows = [(ctx, doc.user_data.get(ROWS_KEY))
                        for doc, ctx in nlp.pipe(items, as_tuples=True, batch_size=batch_size)]
        except BaseException as exc:
            results.put(("error", chunk_id, _portable(exc)))
            continue
        results.put(("done", chunk_id, rows))


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it pickles, else a WorkerError carrying its traceback."""
    import pickle

    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
        exc.add_note(f"in NLP worker process {os.getpid()}:\n{text}")
        return exc
    except Exception:
        return WorkerError(f"NLP worker process {os.getpid()} failed:\n{text}")


# --- the parent side ------------------------------------------------------------------

class ParsePool:
    """Worker processes holding `model_name` with the extractors; `parse` feeds them."""

    def __init__(self, model_name: str, processes: int = 1):
        self.model_name = model_name
        self._ctx = multiprocessing.get_context("spawn")
        self._tasks = self._ctx.Queue()
        self._results = self._ctx.Queue()
        self._workers: list = []
        self._lock = threading.Lock()
        self._next_chunk = 0
        self.ensure_workers(processes)

    @property
    def processes(self) -> int:
        return len(self._workers)

    def ensure_workers(self, processes: int) -> None:
        """Start workers until there are `processes` of them (never fewer than one)."""
        with self._lock, _blas_pinned():
            while len(self._workers) < max(1, processes):
                worker = self._ctx.Process(target=_worker_main, name=f"newsetl-nlp-{len(self._workers)}",
                                           args=(self.model_name, self._tasks, self._results, os.getpid()),
                                           daemon=True)
                worker.start()
                self._workers.append(worker)

    def parse(self, items: Iterable[tuple[str, T]], *, batch_size: int = 32) -> Iterator[tuple[ParsedRows, T]]:
        """Parse (text, context) pairs in the workers; yield (ParsedRows, context) in input order."""
        key = _rows_key()
        for ctx, rows in self._run(items, batch_size, with_ids=False):
            yield ParsedRows({key: rows}), ctx

    def extract(self, items: Iterable[tuple[str, str]], *, batch_size: int = 32) -> Iterator[ExtractedArticle]:
        """(body, article_id) pairs -> each article's rows with ids, in input order; the ids
        and rows are made in the workers (the parent needs neither spaCy nor the extractors)."""
        for _, fields in self._run(items, batch_size, with_ids=True):
            yield ExtractedArticle(fields)

    def _run(self, items: Iterable[tuple[str, T]], batch_size: int, with_ids: bool) -> Iterator[tuple[T, Any]]:
        source = iter(items)
        outstanding: dict[int, int] = {}  # chunk id -> position in the output order
        done: dict[int, list] = {}
        order = 0
        expected = 0
        exhausted = False
        limit = CHUNKS_AHEAD_PER_WORKER * max(1, self.processes)
        while True:
            while not exhausted and len(outstanding) + len(done) < limit:
                chunk = [pair for _, pair in zip(range(batch_size), source)]
                if not chunk:
                    exhausted = True
                    break
                chunk_id = self._next_chunk
                self._next_chunk += 1
                outstanding[chunk_id] = order
                order += 1
                self._tasks.put((chunk_id, batch_size, with_ids, chunk))
            while expected in done:
                yield from done.pop(expected)
                expected += 1
            if exhausted and not outstanding and not done:
                return
            if outstanding:
                chunk_id, rows = self._next_result()
                if chunk_id in outstanding:
                    done[outstanding.pop(chunk_id)] = rows

    def _next_result(self) -> tuple[int, list]:
        while True:
            try:
                kind, chunk_id, payload = self._results.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                dead = [w for w in self._workers if not w.is_alive()]
                if dead:
                    self.shutdown()
                    raise WorkerDiedError(
                        f"NLP worker process {dead[0].name} died (exit code {dead[0].exitcode}); "
                        "if it was killed for memory, lower NEWSETL_NLP_PROCESSES or NEWSETL_NLP_BATCH_SIZE") from None
                continue
            if kind == "error":
                self.shutdown()
                raise payload
            return chunk_id, payload

    def shutdown(self) -> None:
        """Stop the workers (idempotent); the pool is unusable afterwards."""
        workers, self._workers = self._workers, []
        for _ in workers:
            try:
                self._tasks.put(None)
            except (OSError, ValueError):
                break
        # A worker holds nothing worth waiting for (its results are read or unwanted): a short
        # grace period to exit on its own, then it is terminated, so a run does not wait
        # for interpreter teardown.
        for worker in workers:
            worker.join(timeout=0.2)
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=5)
        with _registry_lock:
            if _pools.get(self.model_name) is self:
                del _pools[self.model_name]


def _rows_key() -> str:
    from pipelines.core.extraction import ROWS_KEY

    return ROWS_KEY


class _blas_pinned:
    """Environment of spawned workers: one BLAS thread, unless the user set a number."""

    def __enter__(self):
        self._saved = {name: os.environ.get(name) for name in BLAS_THREAD_VARIABLES}
        for name, value in self._saved.items():
            if value is None:
                os.environ[name] = "1"

    def __exit__(self, *exc):
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)


# --- one pool per model per process -----------------------------------------------------

_pools: dict[str, ParsePool] = {}
_registry_lock = threading.Lock()


def prestart(model_name: str, processes: int = 1) -> ParsePool:
    """Start (or reuse) this process's pool for `model_name` now, so its model load
    overlaps whatever the caller does before the parse."""
    with _registry_lock:
        pool = _pools.get(model_name)
        if pool is None:
            pool = _pools[model_name] = ParsePool(model_name, processes)
    pool.ensure_workers(processes)
    return pool


def prestarted(model_name: str) -> ParsePool | None:
    """The pool `prestart` made for this model, if any."""
    with _registry_lock:
        return _pools.get(model_name)


def shutdown_all() -> None:
    with _registry_lock:
        pools = list(_pools.values())
    for pool in pools:
        pool.shutdown()


atexit.register(shutdown_all)
