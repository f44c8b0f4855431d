"""Parse worker processes that live for a whole NLP step and send back rows, not Docs.

spaCy's `nlp.pipe(n_process=N)` serialises every parsed Doc in its worker and
deserialises it in the parent (about 10% of the parse, measured in
benchmarks/nlp_profile.py), and the NLP stage used to start it anew per commit
batch, so both cores waited at every batch end and while the parent wrote to
DuckDB. `ParseWorkers` instead:

- forks its workers once, after the model is loaded (copy-on-write: no load
  per worker), and keeps them for the whole step;
- runs the caller's `handler(doc, key)` in the worker, next to the Doc, and
  sends back only what it returns (the extracted rows: plain dicts and lists);
- keeps a few batches queued per worker, so the workers parse while the
  caller writes what came back;
- pins BLAS to one thread per worker (a forked child no longer reads the
  *_NUM_THREADS variables: numpy is already loaded);
- makes every worker die with its parent (PR_SET_PDEATHSIG, see
  pipelines.core.nlp), so kill -9 of a run leaves no worker behind.

Failures stay with the item they happen on: an exception in the parse or the
handler becomes that item's error string; a batch whose parse raises is parsed
again one item at a time; a worker that dies (crash, OOM kill) is replaced, the
batch it was on is handed out again one item per task, and an item whose worker
dies while parsing it alone gets an error naming the exit. Results come back in
input order. Nothing here imports Dagster or DuckDB.
"""
from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipelines.core import nlp as core_nlp

# Batches queued per worker beyond the one it parses: enough to keep it busy while
# the caller writes a commit batch (about a second), few enough to bound memory.
BATCHES_AHEAD_PER_WORKER = 4
# Once the batches taper (see batch_limit), one: a batch queued long before goes to whichever
# worker had the fewest batches then, not to the one that runs out first, and the workers would
# end apart again (benchmarks/speed_parse_schedule.py replays both).
BATCHES_AHEAD_AT_THE_END = 1
# A worker found dead is replaced at most this many times per pool (each death costs
# at most one item, so a bound only stops a pathological loop, e.g. out of memory).
MAX_RESTARTS = 50

# Near the end of a known number of items a batch is at most this share of what is left per
# worker, so the last batches are small and the workers finish together: a full last batch
# kept one core parsing for seconds while the other had nothing left.
TAPER_SHARES_PER_WORKER = 2

Handler = Callable[[Doc, Any], Any]
# (key, payload, error): payload is the handler's return value, error a one-line message.
Result = tuple[Any, Any, str | None]


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:800]


def parse_batch(nlp: Language, items: list[tuple[str, Any]], handler: Handler, batch_size: int) -> list[Result]:
    """Parse (text, key) pairs and apply handler to each Doc, one Result per item, in order.

    If the batched parse raises (spaCy drops the whole batch), the items not yet
    returned are parsed one at a time, so only the item that fails is lost."""
    results: list[Result] = []

    def handle(doc: Doc, key: Any) -> Result:
        try:
            return key, handler(doc, key), None
        except Exception as exc:  # noqa: BLE001 - this item's failure, recorded by the caller
            return key, None, _error_text(exc)

    try:
        for doc, key in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
            results.append(handle(doc, key))
    except Exception:  # noqa: BLE001 - the batch died: go on one item at a time
        for text, key in items[len(results):]:
            try:
                doc = nlp(text)
            except Exception as exc:  # noqa: BLE001
                results.append((key, None, _error_text(exc)))
                continue
            results.append(handle(doc, key))
    return results


def batch_limit(batch_size: int, remaining: int | None, processes: int) -> int:
    """Items in the next batch: `batch_size`, or with `remaining` items known, no more than
    remaining / (TAPER_SHARES_PER_WORKER * processes) of them (at least one). Parsing a Doc
    does not depend on the batch it is in, so this changes no result, only who waits."""
    if remaining is None:
        return batch_size
    return max(1, min(batch_size, math.ceil(remaining / (TAPER_SHARES_PER_WORKER * max(1, processes)))))


def pin_blas_threads(threads: int = 1) -> None:
    """Set the thread count of an OpenBLAS already loaded in this process (numpy's
    scipy-openblas or a system one); best effort, silent where there is none."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            libraries = {line.split()[-1] for line in fh if "openblas" in line.lower() and "/" in line}
    except OSError:
        return
    for path in libraries:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                     "openblas_set_num_threads64_", "openblas_set_num_threads"):
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(ctypes.c_int(threads))
                break


def _worker_main(nlp: Language, handler: Handler, batch_size: int, tasks: Connection, results: Connection,
                 parent_pid: int) -> None:
    """A worker: read (task_id, items) until None, send back (task_id, [Result, ...]).

    A reader thread drains the task pipe and a sender thread writes the results,
    so neither side blocks on a full pipe while the other is busy."""
    core_nlp._die_with_parent(parent_pid)
    pin_blas_threads(1)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                task = tasks.recv()
            except (EOFError, OSError):
                task = None
            inbox.put(task)
            if task is None:
                return

    def send() -> None:
        while (message := outbox.get()) is not None:
            try:
                results.send(message)
            except (OSError, ValueError):  # the parent is gone or closed the pipe
                return
            except Exception as exc:  # noqa: BLE001 - e.g. a payload that does not pickle: the items' failure
                task_id, batch = message
                results.send((task_id, [(key, None, f"result could not be sent: {_error_text(exc)}")
                                        for key, _, _ in batch]))

    threading.Thread(target=read, name="newsetl-parse-in", daemon=True).start()
    sender = threading.Thread(target=send, name="newsetl-parse-out", daemon=True)
    sender.start()
    while (task := inbox.get()) is not None:
        task_id, items = task
        outbox.put((task_id, parse_batch(nlp, items, handler, batch_size)))
    outbox.put(None)
    sender.join()


@dataclass
class _Worker:
    process: Any
    tasks: Connection        # parent's sending end
    results: Connection      # parent's receiving end
    queued: deque = field(default_factory=deque)  # task ids sent and not answered, in order


class WorkerDiedError(RuntimeError):
    pass


class ParseWorkers:
    """`processes` forked workers parsing with `nlp` and returning handler(doc, key) per item.

    Use as a context manager (workers stop on exit); `parse` may be called several times."""

    def __init__(self, nlp: Language, handler: Handler, *, processes: int, batch_size: int,
                 batch_chars: int | None = None):
        self.nlp, self.handler, self.batch_size = nlp, handler, max(1, batch_size)
        # A batch ends at batch_size items or batch_chars characters: a worker's nlp.pipe keeps
        # every Doc of its batch alive, so a long article's pieces are not parsed all at once.
        self.batch_chars = batch_chars
        self.processes = max(1, processes)
        self._ctx = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []
        self._tasks: dict[int, list[tuple[int, tuple[str, Any]]]] = {}  # task id -> [(item index, item)]
        self._next_task = 0
        self.restarts = 0

    # --- workers ------------------------------------------------------------------------

    def _start_worker(self) -> _Worker:
        task_read, task_write = self._ctx.Pipe(duplex=False)
        result_read, result_write = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(
            target=_worker_main, name=f"newsetl-nlp-{len(self._workers) + self.restarts}", daemon=True,
            args=(self.nlp, self.handler, self.batch_size, task_read, result_write, os.getpid()))
        process.start()
        # The parent keeps only its own ends: a worker's death then shows as EOF / a broken pipe.
        task_read.close()
        result_write.close()
        worker = _Worker(process, task_write, result_read)
        self._workers.append(worker)
        return worker

    def __enter__(self) -> ParseWorkers:
        for _ in range(self.processes):
            self._start_worker()
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(kill=exc_type is not None)

    def close(self, kill: bool = False) -> None:
        """Stop the workers (idempotent): a None task ends each once it has done what it
        holds, stragglers are killed; with `kill` (the caller failed) they are killed at once."""
        workers, self._workers = self._workers, []
        for worker in workers:
            try:
                if kill:
                    worker.process.kill()
                else:
                    worker.tasks.send(None)
            except (OSError, ValueError):
                pass
        for worker in workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            worker.tasks.close()
            worker.results.close()

    # --- parsing ------------------------------------------------------------------------

    def parse(self, items: Iterable[tuple[str, Any]], remaining: Callable[[], int] | None = None) -> Iterator[Result]:
        """(text, key) pairs in, (key, payload, error) out, in input order.

        Items are read from `items` lazily, a few batches ahead of what was returned,
        so the caller's work between results overlaps the workers' parsing. `remaining`, when
        given, says how many items `items` still holds (an estimate is fine): the batches then
        shrink towards the end (`batch_limit`)."""
        source = iter(items)
        exhausted = False
        done: dict[int, Result] = {}
        next_index = 0       # index of the next item read from source
        emit = 0             # index of the next item to return
        retry: deque[list[tuple[int, tuple[str, Any]]]] = deque()  # batches to hand out again
        while True:
            # Hand out work: batches to re-do first, then new ones, up to the queue depth per worker.
            for worker in sorted(self._workers, key=lambda w: len(w.queued)):
                while True:
                    limit = batch_limit(self.batch_size, remaining() if remaining else None, self.processes)
                    ahead = BATCHES_AHEAD_PER_WORKER if limit >= self.batch_size else BATCHES_AHEAD_AT_THE_END
                    if len(worker.queued) > ahead:
                        break
                    if retry:
                        batch = retry.popleft()
                    elif not exhausted:
                        batch, chars, full = [], 0, False
                        for item in source:
                            batch.append((next_index, item))
                            next_index += 1
                            chars += len(item[0])
                            full = len(batch) >= limit or bool(self.batch_chars and chars >= self.batch_chars)
                            if full:
                                break
                        if not full:
                            exhausted = True
                        if not batch:
                            break
                    else:
                        break
                    if not self._send(worker, batch):
                        retry.appendleft(batch)
                        break
            while emit in done:
                yield done.pop(emit)
                emit += 1
            if exhausted and emit == next_index:
                return
            if not retry and not any(w.queued for w in self._workers):
                raise RuntimeError(f"parse workers hold no work but item {emit} has no result")  # a bug, not a hang
            self._receive(done, retry)

    def _send(self, worker: _Worker, batch: list[tuple[int, tuple[str, Any]]]) -> bool:
        task_id = self._next_task
        self._next_task += 1
        try:
            worker.tasks.send((task_id, [item for _, item in batch]))
        except (OSError, ValueError):  # the worker is gone: found dead by _receive
            return False
        self._tasks[task_id] = batch
        worker.queued.append(task_id)
        return True

    def _receive(self, done: dict[int, Result], retry: deque) -> None:
        """Wait for a result or a worker's death and handle it."""
        by_fd = {}
        for worker in self._workers:
            by_fd[worker.results] = worker
            by_fd[worker.process.sentinel] = worker
        for ready in wait(list(by_fd)):
            worker = by_fd[ready]
            if worker not in self._workers:
                continue  # already replaced in this round
            if ready is worker.results:
                try:
                    task_id, results = worker.results.recv()
                except (EOFError, OSError):
                    self._replace(worker, done, retry)
                    continue
                worker.queued.remove(task_id)
                for (index, _), result in zip(self._tasks.pop(task_id), results):
                    done[index] = result
            elif not worker.process.is_alive() or worker.process.exitcode is not None:
                self._replace(worker, done, retry)

    def _replace(self, worker: _Worker, done: dict[int, Result], retry: deque) -> None:
        """A worker died: collect what it sent, re-queue what it held, start another."""
        try:
            while worker.results.poll():
                task_id, results = worker.results.recv()
                worker.queued.remove(task_id)
                for (index, _), result in zip(self._tasks.pop(task_id), results):
                    done[index] = result
        except (EOFError, OSError, ValueError):
            pass
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        self._workers.remove(worker)
        worker.tasks.close()
        worker.results.close()
        queued = [self._tasks.pop(task_id) for task_id in worker.queued]
        if queued:
            first, rest = queued[0], queued[1:]
            if len(first) == 1:  # it died on this item alone: the item's failure
                (index, (_, key)), = first
                done[index] = (key, None, f"NLP worker process died while parsing it ({how})")
            else:  # which item killed it is unknown: one item per task from now on
                retry.extend([[pair] for pair in first])
            retry.extend(rest)
        self.restarts += 1
        if self.restarts > MAX_RESTARTS:
            raise WorkerDiedError(f"NLP worker processes died {self.restarts} times (last: {how}); "
                                  "if they were killed for memory, lower NEWSETL_NLP_PROCESSES or "
                                  "NEWSETL_NLP_BATCH_SIZE")
        if len(self._workers) < self.processes:
            self._start_worker()


def parse_in_process(nlp: Language, items: Iterable[tuple[str, Any]], handler: Handler,
                     batch_size: int, batch_chars: int | None = None) -> Iterator[Result]:
    """The same contract as ParseWorkers.parse, in this process (small runs: no fork)."""
    batch: list[tuple[str, Any]] = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(item[0])
        if len(batch) >= batch_size or (batch_chars and chars >= batch_chars):
            yield from parse_batch(nlp, batch, handler, batch_size)
            batch, chars = [], 0
    if batch:
        yield from parse_batch(nlp, batch, handler, batch_size)
