"""Freshness: how long from a file dropped into `landing/` until its rows are queryable, under `dg dev`.

Run by hand (never part of `make test`):

    .venv/bin/python benchmarks/freshness.py --bbc ../shared/corpora/bbc --drops 3

Starts `dg dev` (what `make dev` runs) on a free port with default settings, except that the
warehouse, the landing folder, the inputs of scheduled runs and DAGSTER_HOME (with
pipelines/dagster.yaml) are in a temporary folder. A first file (a seed article) is dropped and
waited for, so the warehouse exists; then `--drops` BBC articles are dropped one at a time, each
after the previous one is queryable. For each drop: seconds from the file written to its article
being readable from another process with its NLP rows written (`nlp_processed` has it), polled
read-only every `--poll` seconds; the landing sensor's interval (30 s by default) is part of it.
Also recorded: the most processes the `dg dev` tree had during the drop (webserver, daemon, code
server, run worker, GX helper, parse workers) and while idle, and the load average at each drop.

Writes benchmarks/results/freshness.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import _children_map, git_revision  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_size(pid: int) -> int:
    children = _children_map()
    count, stack = 0, [pid]
    while stack:
        current = stack.pop()
        count += 1
        stack.extend(children.get(current, []))
    return count


class ProcessCount:
    """The largest process count of a tree, sampled every 0.2 s while active."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_size(self.pid))
            time.sleep(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def queryable(db: Path, name: str) -> bool:
    """Whether the article of file `name` has its NLP rows, read as another process reads them."""
    if not db.exists():
        return False
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(
                "SELECT count(*) FROM nlp_processed n JOIN articles a USING (article_id) WHERE a.source_path LIKE ?",
                [f"%/{name}"]).fetchone()[0] > 0
    except duckdb.Error:  # the run holds the write lock, or the tables are not there yet
        return False


def wait_for_ui(port: int, proc: subprocess.Popen, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"dg dev exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
                return time.perf_counter() - started
        except OSError:
            time.sleep(1)
    raise RuntimeError("dg dev's webserver did not answer")


def drop(source: Path, landing: Path, db: Path, dg: subprocess.Popen, poll: float, timeout: float) -> dict:
    target = landing / source.name
    load = os.getloadavg()[0]
    with ProcessCount(dg.pid) as processes:
        shutil.copyfile(source, target.with_suffix(".part"))
        os.replace(target.with_suffix(".part"), target)  # appears whole: the sensor never sees half a file
        dropped = time.perf_counter()
        while not queryable(db, target.name):
            if time.perf_counter() - dropped > timeout:
                raise RuntimeError(f"{target.name} not queryable after {timeout:.0f} s")
            if dg.poll() is not None:
                raise RuntimeError("dg dev exited")
            time.sleep(poll)
        seconds = time.perf_counter() - dropped
    return {"file": source.name, "seconds_to_queryable": round(seconds, 1), "max_processes": processes.peak,
            "load_avg_before": round(load, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=Path, required=True, help="the BBC corpus folder (files are dropped from it)")
    parser.add_argument("--drops", type=int, default=3)
    parser.add_argument("--poll", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds a drop may take before giving up")
    parser.add_argument("--out", type=Path, default=RESULTS / "freshness.json")
    args = parser.parse_args()

    sources = sorted(p for p in args.bbc.rglob("*.txt"))[: args.drops]
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    with tempfile.TemporaryDirectory(prefix="newsetl-fresh-") as tmp:
        tmp = Path(tmp)
        home, landing, inputs = tmp / "dagster_home", tmp / "landing", tmp / "inputs"
        for folder in (home, landing, inputs):
            folder.mkdir()
        shutil.copy(ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")
        db = tmp / "news.duckdb"
        env = dict(os.environ, DAGSTER_HOME=str(home), NEWSETL_DB=str(db), NEWSETL_LANDING=str(landing),
                   NEWSETL_INPUTS=str(inputs), NEWSETL_SCHEDULE_CRON="off", NEWSETL_AUDIT_CRON="off",
                   PYTHONPATH=str(ROOT))
        port = free_port()
        dg = subprocess.Popen([str(Path(sys.executable).parent / "dg"), "dev", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(tmp / "dg.log").open("w"),
                              start_new_session=True)
        try:
            ui_seconds = wait_for_ui(port, dg, 300)
            print(f"dg dev answered after {ui_seconds:.1f} s", flush=True)
            time.sleep(5)
            idle = tree_size(dg.pid)
            first = drop(seed, landing, db, dg, args.poll, args.timeout)
            print(f"first file (new warehouse): {first['seconds_to_queryable']} s", flush=True)
            runs = []
            for source in sources:
                runs.append(drop(source, landing, db, dg, args.poll, args.timeout))
                print(f"{source.name}: {runs[-1]['seconds_to_queryable']} s, {runs[-1]['max_processes']} processes, "
                      f"load {runs[-1]['load_avg_before']}", flush=True)
        finally:
            os.killpg(dg.pid, signal.SIGTERM)
            try:
                dg.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(dg.pid, signal.SIGKILL)
    result = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": git_revision(ROOT),
        "machine": {"cpus": os.cpu_count()},
        "settings": "defaults (sensor interval 30 s); warehouse, landing, inputs and DAGSTER_HOME in a temporary folder; "
                    "schedules off",
        "ui_ready_seconds": round(ui_seconds, 1),
        "idle_processes": idle,
        "first_file_new_warehouse": first,
        "runs": runs,
        "note": "the machine is shared (2 cores, other engineers' jobs): see load_avg_before",
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
