"""Where a `newsetl run`'s CPU seconds go, process by process and function by function.

Run by hand (never part of `make test`); the corpus is an argument:

    .venv/bin/python benchmarks/run_cpu.py --bbc ../shared/corpora/bbc --limit 400 --rounds 2 --tag NAME
    .venv/bin/python benchmarks/run_cpu.py --bbc ../shared/corpora/bbc --limit 400 --cprofile --tag NAME

CPU seconds, not wall seconds: on a machine shared by several people wall time mostly
measures the others' load, while the CPU time a process was given is its own work
(it still grows a little under load: caches are shared). Each round is a fresh
`newsetl run` into a new warehouse (NEWSETL_CACHE_DIR as any earlier run on the machine
left it: one warm-up per side), then the same command again with nothing new to do; a sampler reads every process of its tree from
/proc (user + system ticks, every 0.1 s) and the parent's RUSAGE_CHILDREN gives the
tree's total once all have been waited for. Processes are told apart by how they
started: the run itself, the parse workers it forks (same command line, other pid),
the GX helper (`pipelines.gx_process`). With --project BEFORE the rounds alternate
between that checkout and this one (`sides`).

With --cprofile, the run executes under cProfile in a driver interpreter and every
parse worker profiles itself (its entry point wrapped before the fork); the top
functions of the run process and of the workers (summed) are written to the
results. The profilers' clock is the process's CPU time (time.process_time), so
waiting and other people's load count for nothing; the CPU of DuckDB's own threads
falls on the Python function that runs the query. cProfile slows Python-heavy code
more than spaCy's Cython, so read its shares, not its seconds.

Writes benchmarks/results/run_cpu_<tag>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import copy_files, environment, git_revision, load_avg  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")

# argv: profile dir, then the CLI's arguments. The run under cProfile, each worker under its own.
DRIVER = r"""
import cProfile, os, sys, time
out = sys.argv[1]
from pipelines.core import parse_workers
_main = parse_workers._worker_main
def _profiled(*args, **kwargs):
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    try:
        _main(*args, **kwargs)
    finally:
        prof.disable()
        prof.dump_stats(os.path.join(out, f"worker-{os.getpid()}.prof"))
parse_workers._worker_main = _profiled
from pipelines import cli
prof = cProfile.Profile(time.process_time)
prof.enable()
code = cli.main(sys.argv[2:])
prof.disable()
prof.dump_stats(os.path.join(out, "run.prof"))
cli._exit_now(code)
"""


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of a live process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().decode("utf-8", "replace").rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


class TreeCpu:
    """Samples the CPU seconds of a process and its descendants; keeps each pid's last reading."""

    def __init__(self, root: int, interval: float = 0.1):
        self.root, self.interval = root, interval
        self.cpu: dict[int, float] = {}
        self.cmd: dict[int, str] = {}
        self.parent: dict[int, int] = {}
        self.root_series: list[tuple[float, float]] = []  # (wall clock, the run process's CPU seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = {self.root}
            stats = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit() and (s := _stat(int(entry))):
                    stats[int(entry)] = s
            grew = True
            while grew:
                grew = False
                for pid, (ppid, _) in stats.items():
                    if ppid in tree and pid not in tree:
                        tree.add(pid)
                        grew = True
            if self.root in stats:
                self.root_series.append((time.time(), stats[self.root][1]))
            for pid in tree:
                if pid in stats:
                    self.cpu[pid] = stats[pid][1]
                    self.parent[pid] = stats[pid][0]
                    if pid not in self.cmd:
                        self.cmd[pid] = _cmdline(pid)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def root_cpu_between(self, start: float, end: float) -> float | None:
        """CPU seconds the run process spent between two wall-clock times (nearest samples)."""
        inside = [cpu for at, cpu in self.root_series if start <= at <= end]
        before = [cpu for at, cpu in self.root_series if at < start]
        if not inside:
            return None
        return round(inside[-1] - (before[-1] if before else inside[0]), 2)

    def by_kind(self) -> dict[str, float]:
        kinds: dict[str, float] = {}
        root_cmd = self.cmd.get(self.root, "")
        for pid, cpu in self.cpu.items():
            cmd = self.cmd.get(pid, "")
            if pid == self.root:
                kind = "run process"
            elif "gx_process" in cmd:
                kind = "GX helper"
            elif cmd == root_cmd and self.parent.get(pid) == self.root:
                kind = "parse workers"
            else:
                kind = "other: " + cmd[:80]
            kinds[kind] = round(kinds.get(kind, 0.0) + cpu, 2)
        return kinds


def warm_cache(project: Path, cache: Path, work: Path) -> None:
    """What any run on this machine leaves in NEWSETL_CACHE_DIR (the language model unpacked, remembered
    code versions, the extractors' lists): a nothing-new run over an empty folder, a language check and
    the extractors' lists loaded."""
    env = environment(project, "1")
    env["NEWSETL_CACHE_DIR"] = str(cache)
    (work / "empty").mkdir(exist_ok=True)
    subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--db", str(work / f"warm-{time.time_ns()}.duckdb"),
                    "--input", str(work / "empty")], cwd=project, env=env, capture_output=True, check=True)
    # At least MIN_LETTERS_FOR_LANGUAGE_CHECK letters: a shorter text is never classified, so the
    # model was never loaded and every measured run unpacked it (half a CPU second no real run pays).
    subprocess.run([sys.executable, "-c", "from pipelines.core.language import detect_language as d; "
                    "d('This is an English sentence about the weather today. ' * 5)"], cwd=project, env=env, check=True)
    # The extractors' word and place lists (kept in the cache folder by code that keeps them).
    subprocess.run([sys.executable, "-c", "from pipelines.core.extraction import load_extractor_data as l; l()"],
                   cwd=project, env=env, check=True)


def one_run(project: Path, inputs: Path, work: Path, cprofile: bool, keep_prof: Path | None = None,
            cache: Path | None = None) -> dict:
    db = work / f"run-{time.time_ns()}.duckdb"
    timings = db.with_suffix(".timings.json")
    args = ["run", "--db", str(db), "--input", str(inputs), "--timings", str(timings)]
    prof_dir = work / f"prof-{time.time_ns()}"
    prof_dir.mkdir()
    cmd = ([sys.executable, "-c", DRIVER, str(prof_dir)] if cprofile else [sys.executable, "-m", "pipelines.cli"]) + args
    env = environment(project, "1")
    env["NEWSETL_CACHE_DIR"] = str(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    load = load_avg()
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeCpu(proc.pid) as tree:
        out, err = proc.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"newsetl run failed:\n{out[-2000:]}\n{err[-2000:]}")
    total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    marks = json.loads(timings.read_text())
    steps = {k: round(v["seconds"], 3) for k, v in marks.get("steps", {}).items() if "seconds" in v}
    # The run process's CPU per step and before the first step (start-up: imports, pending check, Dagster).
    spans = {k: (v["start"], v["end"]) for k, v in marks.get("steps", {}).items() if "start" in v and "end" in v}
    step_cpu = {k: tree.root_cpu_between(a, b) for k, (a, b) in spans.items()}
    if spans:
        first = min(a for a, _ in spans.values())
        step_cpu["(before the first step)"] = tree.root_cpu_between(0, first)
        last = max(b for _, b in spans.values())
        step_cpu["(after the last step)"] = tree.root_cpu_between(last, time.time())
    result = {"wall_seconds": round(wall, 2), "cpu_seconds": round(total, 2), "cpu_by_process": tree.by_kind(),
              "steps_wall": steps,
              "run_process_cpu_by_step": dict(sorted(step_cpu.items(), key=lambda kv: -(kv[1] or 0))),
              "load_avg_before": load}
    # The same command again: nothing new to do (the nothing-pending check, then exit).
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    again = subprocess.run([sys.executable, "-m", "pipelines.cli", *args[:5]], cwd=project, env=env,
                           capture_output=True, text=True)
    wall_again = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if "nothing new to do" not in again.stdout:
        raise RuntimeError(f"the second run found work:\n{again.stdout[-2000:]}\n{again.stderr[-2000:]}")
    result["nothing_new"] = {"wall_seconds": round(wall_again, 3), "cpu_seconds": round(
        (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3)}
    if cprofile:
        result["profile"] = {"run process": top(list(prof_dir.glob("run.prof"))),
                             "parse workers": top(list(prof_dir.glob("worker-*.prof")))}
    if keep_prof:  # the raw profiles, for pstats' callers/callees
        keep_prof.mkdir(parents=True, exist_ok=True)
        for f in prof_dir.glob("*.prof"):
            shutil.copy(f, keep_prof / f.name)
    shutil.rmtree(prof_dir, ignore_errors=True)
    return result


def top(files: list[Path], n: int = 45) -> dict:
    """The functions with the most cumulative and own time across profile files."""
    if not files:
        return {}
    stats = pstats.Stats(str(files[0]))
    for f in files[1:]:
        stats.add(str(f))
    total = stats.total_tt

    def name(func) -> str:
        path, line, fn = func
        for marker in ("/pipelines/", "/site-packages/"):
            if marker in path:
                path = path.split(marker, 1)[1]
                break
        return f"{path}:{line}({fn})"

    rows = [(name(func), cc, nc, tt, ct) for func, (cc, nc, tt, ct, _) in stats.stats.items()]
    return {
        "total_seconds_profiled": round(total, 2),
        "by_cumulative": [{"function": f, "calls": nc, "cumulative": round(ct, 2), "share": round(ct / total, 3)}
                          for f, _, nc, _, ct in sorted(rows, key=lambda r: -r[4])[:n]],
        "by_own_time": [{"function": f, "calls": nc, "own": round(tt, 2), "share": round(tt / total, 3)}
                        for f, _, nc, tt, _ in sorted(rows, key=lambda r: -r[3])[:n]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bbc", type=Path, required=True, help="BBC corpus folder")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare against (rounds alternate)")
    parser.add_argument("--before-revision", help="revision of --before when it is no git checkout")
    parser.add_argument("--cprofile", action="store_true", help="run under cProfile (one round per side)")
    parser.add_argument("--keep-prof", type=Path, help="with --cprofile: copy the raw .prof files here")
    parser.add_argument("--tag", default="", help="suffix of the results file name")
    args = parser.parse_args()
    sides = [("after", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    result: dict = {"measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                    "files": args.limit, "cprofile": args.cprofile, "machine_cores": os.cpu_count(),
                    "sides": {name: {"revision": (args.before_revision if name == "before" else None) or git_revision(path)
                                     or path.name, "rounds": []} for name, path in sides}}
    out = ROOT / "benchmarks" / "results" / f"run_cpu{'_' + args.tag if args.tag else ''}.json"
    with tempfile.TemporaryDirectory(prefix="newsetl-cpu-") as tmp:
        work = Path(tmp)
        inputs = work / "bbc"
        copy_files(args.bbc, inputs, args.limit)
        caches = {name: work / f"cache-{name}" for name, _ in sides}
        for name, path in sides:
            warm_cache(path, caches[name], work)
        for round_ in range(args.rounds):
            order = sides if round_ % 2 == 0 else sides[::-1]
            for name, path in order:
                run = one_run(path, inputs, work, args.cprofile, args.keep_prof and args.keep_prof / name, caches[name])
                result["sides"][name]["rounds"].append(run)
                print(f"{name} round {round_ + 1}: {run['cpu_seconds']:.1f} s CPU {run['cpu_by_process']}, "
                      f"wall {run['wall_seconds']:.1f} s (load {run['load_avg_before'][0]}); nothing new: "
                      f"{run['nothing_new']['cpu_seconds']:.2f} s CPU", flush=True)
                out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for side in result["sides"].values():
        cpus = [r["cpu_seconds"] for r in side["rounds"]]
        side["median_cpu_seconds"] = round(statistics.median(cpus), 2)
        side["min_cpu_seconds"] = min(cpus)
        side["median_nothing_new_cpu_seconds"] = round(statistics.median(
            r["nothing_new"]["cpu_seconds"] for r in side["rounds"]), 3)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
