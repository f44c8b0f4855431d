"""Great Expectations in a helper process, imported while the run does other work.

`import great_expectations` takes seconds of CPU and a run's first check needs it a few
seconds after the run starts. Imported in a thread, it would hold the GIL against the
imports, ingest and cleaning it should overlap; in a helper process it runs on the other
core. So a run starts the helper first thing (`start()`: the CLI before it imports Dagster;
the checks' `gx` resource, pipelines/resources.py, as any run sets up its resources), the helper imports GX
and builds its context once, and every check sends its frame there (`start_validation`) and gets
the SuiteOutcome back: the same `gx_validation.validate_in_process`, real GX, in another process.

The helper defers the packages GX imports but our validations never run (DEFERRED_IMPORTS):
about half of GX's import. Without a helper (never started, NEWSETL_GX_PROCESS=0, or it died) checks validate in
this process. The helper exits when this process's end of the pipe closes (this
process ended, even by SIGKILL) and is terminated with it at a normal exit.
"""
from __future__ import annotations

import atexit
import importlib.abc
import importlib.machinery
import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

_lock = threading.Lock()
_state: dict = {"process": None, "conn": None, "ready": None, "dead": False}
# What this process spent on GX: helper start and readiness, every validation (see timings()).
_timings: dict = {"helper_started": None, "helper_ready": None, "helper_import_seconds": None, "validations": []}


# Packages `import great_expectations` executes but our pandas validations never use, loaded
# lazily in the helper: scipy (~1.5 s; `from scipy import stats` in two distribution
# expectations' modules), altair (their charts), mistune and jsonschema (rendering, schema
# checks). A lazy module runs on its first attribute use, so a GX code path that does need one
# still gets it. Not sqlalchemy (~0.4 s): GX's compatibility module imports names from it
# (`from sqlalchemy import engine`), which runs it at once anyway.
DEFERRED_IMPORTS = frozenset({"scipy", "altair", "mistune", "jsonschema"})


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds modules of DEFERRED_IMPORTS with the other finders and wraps their loader in a LazyLoader."""

    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] not in DEFERRED_IMPORTS:
            return None
        for finder in sys.meta_path:
            spec = None if finder is self else finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        # Only Python source: an extension module runs when it is created, lazy or not.
        if isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def defer_imports() -> None:
    """Import DEFERRED_IMPORTS lazily from now on in this process (the helper calls it before GX's import)."""
    if not any(isinstance(finder, _DeferringFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _DeferringFinder())


def deferred_status() -> dict[str, str]:
    """Each imported module of DEFERRED_IMPORTS: 'deferred' while its code has not run, else 'executed'.
    (`type()`, unlike attribute access, does not load a lazy module: LazyLoader gives it a module
    subclass until its first attribute use turns it into a plain module.)"""
    return {name: "executed" if type(module) is type(sys) else "deferred"
            for name, module in list(sys.modules.items()) if name.partition(".")[0] in DEFERRED_IMPORTS}


def enabled() -> bool:
    """NEWSETL_GX_PROCESS=0 keeps GX in the calling process (one process less, GX import on the run's path)."""
    from pipelines.settings import get_settings

    return get_settings().gx_process


def start() -> bool:
    """Start the GX helper process unless it runs already (or is disabled); returns whether one runs."""
    if not enabled():
        return False
    with _lock:
        process = _state["process"]
        if process is not None and process.poll() is None and not _state["dead"]:
            return True
        # A fresh interpreter (not a fork: the caller may hold DuckDB connections and Dagster's threads;
        # not multiprocessing's spawn, which re-imports the caller's __main__), talking over a socket pair.
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p or os.getcwd() for p in sys.path))
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", f"from pipelines.gx_process import serve; serve({theirs.fileno()})"],
                pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        except OSError:  # no helper: the checks validate in this process
            ours.close()
            return False
        finally:
            theirs.close()
        conn = Connection(ours.detach())
        _state.update(process=process, conn=conn, ready=None, dead=False)
        _timings["helper_started"] = time.time()
    return True


def stop() -> None:
    """End the helper (it keeps no state; it also exits by itself when the pipe closes)."""
    with _lock:
        conn, process = _state["conn"], _state["process"]
        _state.update(process=None, conn=None, ready=None)
    if conn is not None:
        conn.close()
    if process is not None and process.poll() is None:
        process.terminate()  # it may still be importing GX, deaf to the closed pipe until done
        process.wait()


atexit.register(stop)


def start_validation(suite: dict, frame) -> Callable[[], object | None]:
    """Hand `frame` to the helper and return a function that waits for the outcome, so the caller
    can do other work while GX validates on the other core. The outcome is None when there is no
    helper to do it (the caller validates in-process); an error GX raised there is raised by the
    waiter. The waiter must be called before this process starts another validation."""
    if _state["conn"] is None or _state["dead"]:
        return _no_helper
    started = time.perf_counter()
    _lock.acquire()  # held until the waiter has the reply: one request on the pipe at a time
    conn = _state["conn"]
    try:
        if conn is None:
            _lock.release()
            return _no_helper
        waited = 0.0
        if _state["ready"] is None:  # the first check waits for the import to finish
            _await_ready(conn)
            waited = time.perf_counter() - started
        conn.send(("validate", suite, frame))
    except (EOFError, OSError):
        _state["dead"] = True  # the helper died: this and later checks validate in-process
        _lock.release()
        return _no_helper
    done: list = []

    def wait() -> object | None:
        if done:
            return done[0]
        try:
            kind, payload = _receive(conn)
        except (EOFError, OSError):
            _state["dead"] = True
            kind, payload = "dead", None
        except BaseException:
            # Interrupted (Ctrl-C) with the reply unread: the pipe is out of step, never read it again.
            _state["dead"] = True
            raise
        finally:
            _lock.release()
        done.append(payload if kind == "ok" else None)
        if kind == "error":
            raise RuntimeError(f"GX validation of suite {suite.get('name')!r} failed in the GX process: {payload}")
        if kind == "ok":
            _timings["validations"].append({"suite": suite.get("name"), "rows": frame.height, "where": "helper",
                                            "waited_for_import": round(waited, 3),
                                            "seconds": round(time.perf_counter() - started, 3)})
        return done[0]
    return wait


def _no_helper() -> None:
    return None


def _await_ready(conn) -> None:
    """Wait (under _lock) for the helper's message that GX is imported and its context built."""
    _, info = _receive(conn)
    _state["ready"] = info
    _timings["helper_ready"] = info.get("ready_at")
    _timings["helper_import_seconds"] = info.get("import_seconds")


def helper_deferred_status() -> dict[str, str] | None:
    """deferred_status() of the helper process (None without a ready helper): which of the packages
    GX imports there ran (see DEFERRED_IMPORTS)."""
    with _lock:
        conn = _state["conn"]
        if conn is None or _state["dead"] or _state["ready"] is None:
            return None
        conn.send(("deferred_status",))
        return conn.recv()[1]


def _receive(conn):
    """The helper's next message."""
    return conn.recv()


def record_in_process(suite: str, rows: int, seconds: float) -> None:
    _timings["validations"].append({"suite": suite, "rows": rows, "where": "in-process", "seconds": round(seconds, 3)})


def timings() -> dict:
    """What GX cost this process: helper start/ready (wall clock), import seconds, each validation."""
    from pipelines.gx_validation import IMPORT_SECONDS

    return {**_timings, "in_process_import_seconds": IMPORT_SECONDS["seconds"],
            "validations": list(_timings["validations"])}


def serve(fd: int) -> None:
    """The helper process: import GX (DEFERRED_IMPORTS lazily), build the context, then validate frames
    (or answer deferred_status) until the pipe closes."""
    started = time.perf_counter()
    conn = Connection(fd)
    defer_imports()
    from pipelines import gx_validation

    gx_validation.gx_context()
    conn.send(("ready", {"import_seconds": round(time.perf_counter() - started, 3), "ready_at": time.time(),
                         "pid": os.getpid()}))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if message[0] == "deferred_status":
                reply = ("ok", deferred_status())
            else:
                _, suite, frame = message
                reply = ("ok", gx_validation.validate_in_process(suite, frame))
        except Exception as exc:  # noqa: BLE001 - sent back and raised in the check
            reply = ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}")
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
