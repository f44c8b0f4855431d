"""A warm runner: one long-lived process that runs `newsetl run` with everything already loaded.

A cold `newsetl run` pays its fixed costs in every process: Dagster's import and instance,
GX's import (in its helper), spaCy and the model, the extractors' patterns, Plotly. For the
small batches an incremental pipeline mostly runs, those are most of the run (issue 14).
`newsetl runner` pays them once and then serves runs: `newsetl run` connects to it over a Unix
socket, hands over its arguments, working directory and NEWSETL_*/DAGSTER_HOME settings, and
prints what the run prints, exiting with the run's status. The run itself is the same code as a
cold run (`cli.cmd_run` in the runner's process), so rows, checks and outcomes are the same.
Runs the Dagster instance creates (the landing sensor, the schedules, the UI) reach it through
`pipelines.launcher.WarmRunLauncher`, the instance's run launcher: the runner executes them as
`dagster api execute_run` would in a fresh process, and a run it cannot take is launched cold.

Rules that keep it honest:
- The runner serves the code it loaded. A client whose checkout differs (any source file, SQL,
  suite or the installed packages changed since the runner started) is told the runner is stale;
  the runner exits and the client runs cold. Rows are never written by older code than the
  client's.
- One run at a time (the warehouse has one writer anyway); a second client waits its turn. A
  Dagster run is offered for HANDOFF_WAIT_SECONDS only: the daemon's launch must not wait for a
  busy runner, so that run is launched cold (and waits for the warehouse as before).
- Only the user who started the runner can hand it a run: the socket is mode 0600 and each
  connection's peer credentials are checked.
- The socket is per checkout and interpreter (`socket_path`), in NEWSETL_CACHE_DIR, so a runner
  of another checkout is never used. No runner, a dead one or a refused connection: `newsetl
  run` runs cold, as before.
- The runner exits after NEWSETL_RUNNER_IDLE_SECONDS without a request (default one hour; 0: never) and on
  `newsetl runner --stop`.
- A client that goes away before its run ended (Ctrl-C) interrupts the run, as Ctrl-C does in a
  cold run (what it committed is kept); the runner then exits, since a process stopped anywhere in
  Dagster, DuckDB or spaCy is not one to serve from, and the next run is cold. Terminating a
  Dagster run it executes does the same (the run ends canceled).
"""
from __future__ import annotations

import _thread
import contextlib
import gc
import hashlib
import io
import json
import os
import signal
import socket
import struct
import sys
import sysconfig
import threading
import time
from collections.abc import Callable
from pathlib import Path

from pipelines.settings import PROJECT_ROOT, cache_dir

# The client's settings that a run reads: applied in the runner for the run, then restored.
_FORWARDED_ENV_PREFIXES = ("NEWSETL_", "DAGSTER_HOME")
# What the runner's code is made of: a change to any of these makes a running runner stale.
# Every file of the packages, not only their .py: the speaker ranker's weights are a .json.
_CODE_GLOBS = (("pipelines", "**/*"), ("assets", "**/*"), ("sql", "*.sql"),
               ("expectations", "*.json"), (".", "pyproject.toml"))
DEFAULT_IDLE_SECONDS = 3600
# How long a launcher waits for the runner to take a Dagster run before launching it cold: a busy
# runner answers only after its current run, and the daemon's launch thread must not wait that long.
HANDOFF_WAIT_SECONDS = 2.0
# How long the runner waits for a launcher's go-ahead once it agreed (the launcher tags the run in
# between); a launcher that gave up closes its socket, which ends the wait at once.
GO_WAIT_SECONDS = 30.0
# The tag on a Dagster run the warm runner executes: the runner's process (pipelines.processes).
RUNNER_TAG = "newsetl/warm_runner"
# The tag on a run `newsetl run` executes in its process (or in the runner, for its client): that
# process, so run monitoring can fail the run if it dies (pipelines.launcher's health check).
PROCESS_TAG = "newsetl/process"
# How often the runner looks whether a Dagster run it executes was asked to terminate.
CANCEL_POLL_SECONDS = 0.5


def _forwarded_env() -> dict[str, str]:
    """This process's settings that a run reads (NEWSETL_*, DAGSTER_HOME)."""
    return {k: v for k, v in os.environ.items() if k.startswith(_FORWARDED_ENV_PREFIXES)}


def socket_path() -> Path:
    """The runner's socket for this checkout and interpreter (NEWSETL_RUNNER_SOCKET overrides)."""
    configured = os.environ.get("NEWSETL_RUNNER_SOCKET")
    if configured:
        return Path(configured)
    key = hashlib.sha1(f"{PROJECT_ROOT}\0{sys.executable}".encode()).hexdigest()[:12]
    return cache_dir() / f"runner-{key}.sock"


def idle_seconds() -> float | None:
    """NEWSETL_RUNNER_IDLE_SECONDS: how long a runner waits for a request before it exits; None
    (0 or less) for a runner that waits as long as it lives (`make dev` stops its own)."""
    raw = os.environ.get("NEWSETL_RUNNER_IDLE_SECONDS")
    seconds = float(raw) if raw else DEFAULT_IDLE_SECONDS
    return seconds if seconds > 0 else None


def code_fingerprint() -> str:
    """Sizes and modification times of the project's code (every file of its packages), SQL and
    suites, and of the installed packages' directory (an install or upgrade changes it): cheap (a
    few ms), and it changes with any edit that could change what a run writes."""
    digest = hashlib.sha1()
    for folder, pattern in _CODE_GLOBS:
        for path in sorted((PROJECT_ROOT / folder).glob(pattern)):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            stat = path.stat()
            digest.update(f"{path.relative_to(PROJECT_ROOT)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    site = Path(sysconfig.get_paths()["purelib"])
    if site.is_dir():
        digest.update(f"site\0{site.stat().st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _send(conn: socket.socket, message: dict) -> None:
    conn.sendall((json.dumps(message) + "\n").encode("utf-8"))


def _connect(path: Path) -> socket.socket | None:
    """A connection to the runner listening on `path`; None when none is (no socket file, or one a
    runner that died left and nobody accepts on)."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        return None
    return conn


def _messages(conn: socket.socket):
    """JSON messages, one per line, until the other side closes."""
    buffer = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield json.loads(line)


# --- the client side: `newsetl run` -------------------------------------------------------------

def forward(argv: list[str], started: float | None) -> int | None:
    """Run `newsetl <argv>` in the warm runner, printing its output here; the run's exit status,
    or None when there is no runner to use (none listening, or stale: the caller runs cold)."""
    conn = _connect(socket_path())
    if conn is None:
        return None
    env = _forwarded_env()
    streams = {"out": sys.stdout, "err": sys.stderr}
    with conn:
        try:
            _send(conn, {"argv": argv, "cwd": os.getcwd(), "env": env, "fingerprint": code_fingerprint(),
                         "started": started, "forwarded_at": time.time()})
            for message in _messages(conn):
                if "stale" in message:
                    return None
                if "exit" in message:
                    return int(message["exit"])
                streams[message["stream"]].write(message["text"])
        except OSError:
            pass
        except KeyboardInterrupt:  # closing the socket interrupts the run in the runner
            print("\ninterrupted: the runner stops the run (what it committed is kept; the next run "
                  "finishes the rest) and exits", file=sys.stderr)
            return 130
    print("error: the warm runner ended during the run (see its own output); what the run committed "
          "is kept, and the next run finishes the rest", file=sys.stderr)
    return 1


def hand_over_dagster_run(run_id: str, instance_ref: str, on_accept: Callable[[int], None]) -> int | None:
    """Offer a run the Dagster instance created (landing sensor, schedule, UI) to this checkout's
    runner (`instance_ref`: the serialised InstanceRef of the instance holding the run); the
    runner's pid once it took the run, or None when no runner is listening, it is stale
    or it is busy for longer than HANDOFF_WAIT_SECONDS (the caller then launches the run cold).

    `on_accept(pid)` runs after the runner agreed and before it starts (the launcher tags the run
    there); the run starts only when the runner hears back, so a launcher that gave up or failed in
    `on_accept` never has its run executed twice."""
    conn = _connect(socket_path())
    if conn is None:
        return None
    env = _forwarded_env()
    with conn:
        conn.settimeout(HANDOFF_WAIT_SECONDS)
        try:
            _send(conn, {"dagster_run": run_id, "instance_ref": instance_ref, "cwd": os.getcwd(), "env": env,
                         "fingerprint": code_fingerprint()})
            reply = next(_messages(conn), {})
        except (OSError, ValueError):  # a timeout (busy) is an OSError too
            return None
        if "accepted" not in reply:
            return None  # stale: the runner exits
        pid = int(reply["accepted"])
        on_accept(pid)
        try:
            _send(conn, {"go": True})
        except OSError:
            return None
    return pid


def stop_runner() -> bool:
    """Ask this checkout's runner to exit; whether one was listening."""
    conn = _connect(socket_path())
    if conn is None:
        return False
    with conn:
        _send(conn, {"stop": True})
        for _ in _messages(conn):
            pass
    return True


# --- the runner side ------------------------------------------------------------------------------

class _SocketStream(io.TextIOBase):
    """A text stream whose writes go to the client as messages; a client gone drops them."""

    def __init__(self, conn: socket.socket, stream: str):
        self._conn, self._stream, self.gone = conn, stream, False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text and not self.gone:
            try:
                _send(self._conn, {"stream": self._stream, "text": text})
            except OSError:
                self.gone = True
        return len(text)


@contextlib.contextmanager
def _client_context(request: dict):
    """The client's working directory and NEWSETL_*/DAGSTER_HOME settings, for one run."""
    saved_env = _forwarded_env()
    saved_cwd = os.getcwd()
    for key in saved_env:
        del os.environ[key]
    os.environ.update(request.get("env") or {})
    os.chdir(request["cwd"])
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        for key in _forwarded_env():
            del os.environ[key]
        os.environ.update(saved_env)


class _Interrupter:
    """Interrupts the run in the main thread (KeyboardInterrupt, as Ctrl-C does in a cold run) when
    `_watch`, in its own thread, finds it should; never once the run has ended. `start` it inside
    the `try` that catches the interrupt: one can arrive as soon as the watch runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running, self.interrupted = True, False
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _watch(self) -> None:
        raise NotImplementedError

    def _interrupt(self) -> None:
        with self._lock:
            if self._running:
                self.interrupted = True
                _thread.interrupt_main()

    def _ending(self) -> None:
        """Wake `_watch` up so it returns."""

    def run_ended(self) -> None:
        with self._lock:
            self._running = False
        self._ending()
        if self._thread.is_alive():
            self._thread.join(timeout=5)


class _ClientWatch(_Interrupter):
    """Interrupts the run when the client closes its end of the socket before the run ended: its
    user pressed Ctrl-C."""

    def __init__(self, conn: socket.socket):
        self._conn = conn
        super().__init__()

    def _watch(self) -> None:
        try:
            while self._conn.recv(4096):  # the client sends nothing after its request
                pass
        except OSError:
            pass
        self._interrupt()

    def _ending(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.shutdown(socket.SHUT_RD)  # ends the watcher's recv


class _CancelWatch(_Interrupter):
    """Interrupts a Dagster run the runner executes once its status turns CANCELING (the launcher's
    `terminate`, i.e. the UI's Terminate button), as `dagster api execute_run`'s cancellation thread
    does in a cold run worker."""

    def __init__(self, instance_ref, run_id: str):
        self._ref, self._run_id, self._stop = instance_ref, run_id, threading.Event()
        super().__init__()

    def _watch(self) -> None:
        from dagster import DagsterInstance
        from dagster._core.storage.dagster_run import DagsterRunStatus

        with DagsterInstance.from_ref(self._ref) as instance:
            while not self._stop.wait(CANCEL_POLL_SECONDS):
                run = instance.get_run_by_id(self._run_id)
                if run is not None and run.status == DagsterRunStatus.CANCELING:
                    self._interrupt()
                    return

    def _ending(self) -> None:
        self._stop.set()


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop_on_sigterm() -> None:
    """Make SIGTERM (`kill`) stop the runner, its socket removed. Needed again after every run:
    Dagster's interrupt handling leaves SIGTERM mapped to SIGINT's handler, and a runner started in
    the background (`newsetl runner &`) ignores SIGINT, so `kill` would no longer stop it."""
    signal.signal(signal.SIGTERM, _raise_interrupt)


def _peer_uid(conn: socket.socket) -> int:
    """The user id of the process at the other end (SO_PEERCRED: pid, uid, gid as three ints)."""
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1]


def _take_dagster_run(conn: socket.socket) -> bool:
    """Agree to a launcher's run and wait for its go-ahead; False when the launcher gave up (it
    waited too long for this busy runner and launched the run cold) or failed to tag the run."""
    try:
        _send(conn, {"accepted": os.getpid()})
        conn.settimeout(GO_WAIT_SECONDS)
        reply = next(_messages(conn), {})
    except (OSError, ValueError):
        return False
    return bool(reply.get("go"))


def _same_settings(request: dict) -> bool:
    """Whether a Dagster run handed over with `request` would see the settings this runner's
    resources were defined with. A run worker imports the definitions afresh, so its resources'
    defaults (the warehouse, the model, the batch sizes) follow its environment; the runner's were
    fixed when it imported them, so a launcher with other NEWSETL_* settings launches cold."""
    from pipelines.resources import default_settings
    from pipelines.settings import get_settings

    with _client_context(request):
        return get_settings() == default_settings()


def _execute_dagster_run(request: dict) -> tuple[str, bool]:
    """Execute a run the Dagster instance created, as `dagster api execute_run` does in a fresh
    run worker (same entry point, same event log, same failure handling), in the launcher's working
    directory and settings; the run's final status, and whether its termination interrupted it."""
    from dagster import DagsterInstance
    from dagster._core.events import EngineEventData
    from dagster._core.instance import InstanceRef
    from dagster._core.storage.dagster_run import DagsterRunStatus
    from dagster._grpc.impl import core_execute_run
    from dagster._serdes import deserialize_value
    from dagster._utils.hosted_user_process import recon_job_from_origin

    with _client_context(request):
        instance = DagsterInstance.from_ref(deserialize_value(request["instance_ref"], InstanceRef))
        try:
            run = instance.get_run_by_id(request["dagster_run"])
            if run is None or run.job_code_origin is None:
                return "not found", False
            if run.status == DagsterRunStatus.CANCELING:  # terminated between the hand-over and now
                instance.report_run_canceled(run)
                return DagsterRunStatus.CANCELED.value, False
            instance.report_engine_event(
                f"Started in the warm runner (pid {os.getpid()}): Dagster, spaCy, the model and GX already loaded.",
                run, EngineEventData.in_process(os.getpid()))
            watch = _CancelWatch(instance.get_ref(), run.run_id)
            try:
                try:
                    watch.start()
                    for _ in core_execute_run(recon_job_from_origin(run.job_code_origin), run, instance,
                                              inject_env_vars=True):
                        pass
                except Exception:  # noqa: BLE001 - core_execute_run wrote the failure to the run's event log
                    pass
                finally:
                    watch.run_ended()  # an interrupt still pending is delivered by here
            except KeyboardInterrupt:
                if not watch.interrupted:
                    raise  # Ctrl-C in the runner's own terminal: the runner stops
            ended = instance.get_run_by_id(run.run_id)
            if watch.interrupted and not ended.is_finished:
                instance.report_run_canceled(ended)
                ended = instance.get_run_by_id(run.run_id)
            return ended.status.value, watch.interrupted
        finally:
            instance.dispose()


def warm_up(log: Callable[[str], None] = print) -> None:
    """Load what every run needs, then rehearse: one whole run of the sample articles into a scratch
    warehouse, deleted after, so the first real run finds every code path warm (Dagster's executor
    and instance, ingest's language model, each suite in the GX helper, the report), not just the
    imports. A rehearsal that fails is logged; the runner serves anyway."""
    import tempfile

    from pipelines import cli, gx_process, warmup
    from pipelines.settings import SEEDS_DIR, get_settings

    # Defined under the runner's own settings, not the rehearsal's scratch ones: the resources'
    # defaults are fixed at this import, and Dagster runs are taken only when theirs match them.
    import pipelines.definitions  # noqa: F401
    gx_process.start()
    warmup.plan_for_run(new_articles=True, model_name=get_settings().spacy_model)
    warmup.run_while(lambda: True)
    gx_process.wait_ready()
    if not SEEDS_DIR.is_dir():
        return
    with tempfile.TemporaryDirectory(prefix="newsetl-runner-") as scratch:
        # Not the user's warehouse or Dagster instance: only the cache settings carry over.
        env = {k: v for k, v in os.environ.items()
               if k.startswith("NEWSETL_") and k not in ("NEWSETL_WAREHOUSE", "NEWSETL_DB")}
        request = {"cwd": scratch, "env": env}
        sink = io.StringIO()
        with _client_context(request), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            try:
                argv = ["run", "--db", str(Path(scratch) / "rehearsal.duckdb"), "--input", str(SEEDS_DIR)]
                code = cli.run_forwarded(argv, started=None, forwarded_at=None)
            except Exception as error:  # noqa: BLE001 - a warm-up, not a run anyone asked for
                code = f"{type(error).__name__}: {error}"
        if code not in (0, 1):  # 1: a check failed, which warms as well
            log(f"rehearsal run ended with {code}; serving anyway:\n{sink.getvalue()[-2000:]}")
    gx_process.reset_timings()
    warmup.reset_timings()


# Why serve() returned: asked to stop, idle, its code went stale, a run was interrupted (after
# the last two a fresh runner, i.e. new code and state, can take over), or another was listening.
STOPPED, IDLE, STALE, INTERRUPTED, ALREADY_LISTENING = "stopped", "idle", "stale", "interrupted", "already listening"
RENEWABLE = (STALE, INTERRUPTED)


def serve(*, log: Callable[[str], None] = print) -> str:
    """Listen on `socket_path()` and run `newsetl run` requests and Dagster runs one at a time,
    until stopped, stale, interrupted or idle for `idle_seconds()`; why it ended (STOPPED, ...)."""
    from pipelines import cli, gx_process, warehouse, warmup

    path = socket_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    probe = _connect(path)
    if probe is not None:
        probe.close()
        log(f"a runner is already listening on {path}")
        return ALREADY_LISTENING
    fingerprint = code_fingerprint()
    started = time.perf_counter()
    warm_up(log)
    # What is loaded now lives as long as the runner: out of the collector's way (it would walk
    # it again in every full collection) and not touched by it in forked parse workers.
    gc.collect()
    gc.freeze()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path.unlink(missing_ok=True)
    listener.bind(str(path))
    path.chmod(0o600)  # a run acts on files as this user: only this user may hand one over
    listener.listen(16)
    listener.settimeout(idle_seconds())
    log(f"runner ready in {time.perf_counter() - started:.1f} s on {path} (pid {os.getpid()}); "
        "`newsetl run` now runs here")
    served = 0
    try:
        while True:
            _stop_on_sigterm()
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                log(f"idle for {idle_seconds():g} s: exiting after {served} run(s)")
                return IDLE
            with conn:
                conn.settimeout(None)
                if _peer_uid(conn) != os.getuid():
                    log("refused a request from another user")
                    continue
                try:
                    request = next(_messages(conn))
                except (StopIteration, OSError, ValueError):
                    continue
                if request.get("stop"):
                    log(f"stopped after {served} run(s)")
                    return STOPPED
                if request.get("fingerprint") != fingerprint:
                    _send(conn, {"stale": True})
                    log("the checkout's code changed since this runner started: exiting (runs go cold)")
                    return STALE
                begun = time.perf_counter()
                gx_process.reset_timings()
                warmup.reset_timings()
                if "dagster_run" in request:
                    if not _same_settings(request):
                        _send(conn, {"other_settings": True})
                        log(f"Dagster run {request['dagster_run']}: its launcher has other NEWSETL_* settings "
                            "than this runner started with; it runs cold")
                        continue
                    if not _take_dagster_run(conn):
                        log(f"Dagster run {request['dagster_run']}: its launcher gave up; it runs cold")
                        continue
                    conn.close()
                    log(f"run {served + 1}: Dagster run {request['dagster_run']} started")
                    status, interrupted = _execute_dagster_run(request)
                    served += 1
                    log(f"run {served}: {status} in {time.perf_counter() - begun:.1f} s")
                    if interrupted:
                        warehouse.release_all()
                        log("the run was terminated: exiting (the next run is cold)")
                        return INTERRUPTED
                    continue
                log(f"run {served + 1}: started ({' '.join(request['argv'])}, in {request['cwd']})")
                out, err = _SocketStream(conn, "out"), _SocketStream(conn, "err")
                watch = _ClientWatch(conn)
                with _client_context(request), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    try:
                        try:
                            watch.start()
                            code = cli.run_forwarded(request["argv"], started=request.get("started"),
                                                     forwarded_at=request.get("forwarded_at"))
                        except Exception as error:  # noqa: BLE001 - the client gets it; the runner serves on
                            print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
                            code = 1
                        finally:
                            watch.run_ended()  # an interrupt still pending is delivered by here
                    except KeyboardInterrupt:
                        if not watch.interrupted:
                            raise  # Ctrl-C in the runner's own terminal: the runner stops
                        code = 130
                served += 1
                if not out.gone and not watch.interrupted:
                    with contextlib.suppress(OSError):
                        _send(conn, {"exit": code})
                log(f"run {served}: exit {code} in {time.perf_counter() - begun:.1f} s"
                    + (" (client gone)" if out.gone else ""))
                if watch.interrupted:
                    # Stopped anywhere in Dagster, DuckDB or spaCy: a fresh process is the only state
                    # known to be right. What the run committed is kept, as after a cold run's Ctrl-C.
                    warehouse.release_all()
                    log("the run was interrupted by its client: exiting (the next run is cold)")
                    return INTERRUPTED
    finally:
        listener.close()
        path.unlink(missing_ok=True)
