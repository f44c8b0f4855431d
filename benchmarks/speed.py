"""What `newsetl run` costs next to the bare spaCy parse of the same texts, in one invocation.

Run by hand (never part of `make test`); corpora are arguments:

    .venv/bin/python benchmarks/speed.py --bbc ../shared/corpora/bbc            # seeds, nothing-new, 400 BBC
    .venv/bin/python benchmarks/speed.py --reuters ../shared/corpora/reuters21578.jsonl \\
        --reuters-sizes 5000,10000,19043 --incremental 100 --skip-small      # scaling + incremental batch
    .venv/bin/python benchmarks/speed.py --reuters ../shared/corpora/reuters21578.jsonl --incremental 100 \\
        --incremental-db KEPT.duckdb --skip-small    # the incremental batch on a copy of a kept full warehouse

Every pipeline figure is a fresh `newsetl run` subprocess (`python -m pipelines.cli run`)
into a new warehouse under a temporary folder, timed from launch to exit (interpreter
start, imports, Dagster, every stage and check). Every "bare" figure is a fresh subprocess
that imports spaCy, loads the same model and parses the texts the pipeline parsed (the
bodies in `articles` that `nlp_processed` lists, read from that run's warehouse) with the
same batch size and process count, and does nothing else. Both get the same
environment (BLAS thread variables included). The pair of a case runs back to back, so
the ratio bare / pipeline holds when the machine is shared; absolute seconds do not.

Each pipeline run also records where its time went: `newsetl run --timings FILE` writes
wall-clock marks of its start-up phases (CLI import, nothing-pending check, Dagster import,
asset graph import, Dagster instance), every step's start and end from the run's Dagster event
log, the GX helper's import and every validation; the results keep them as `steps` (seconds
per step), `phases` (seconds per start-up phase), `marks_after_launch` and `gx`. A checkout whose CLI has no --timings (an
older revision measured with --project) is run with --verbose and its steps read from
Dagster's log instead.

Peak memory is the highest sum, over the process and all its descendants, of their
proportional set size (PSS, /proc/<pid>/smaps_rollup; RSS where PSS is unavailable),
sampled every 0.2 s: shared pages are not counted twice.

Results go to benchmarks/results/speed_small.json and speed_reuters.json (one file per
group, figures of each repetition kept); docs/performance.md is then regenerated from
every results file (`benchmarks/perf_doc.py`), so the doc never holds a figure that no
results file has.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TEXT_SUFFIXES = {".txt", ".md", ".html", ".htm", ".json", ".jsonl"}

# The bare parse: nothing but spaCy on the texts, in its own interpreter.
BARE_SCRIPT = r"""
import json, sys, time
started = time.perf_counter()
import spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.load(sys.argv[2])
loaded = time.perf_counter()
n_process, batch_size = int(sys.argv[3]), int(sys.argv[4])
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
done = time.perf_counter()
print(json.dumps({"import_load_seconds": round(loaded - started, 3), "parse_seconds": round(done - loaded, 3),
                  "docs": len(texts), "tokens": tokens}))
"""


# --- process-tree memory ---------------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("utf-8", "replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _children_cpu() -> float:
    """User + system CPU seconds of every waited-for descendant so far (a process's descendants
    are counted once it and they have been waited for: the CLI waits for its GX helper and NLP workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _memory_kib(pid: int) -> int:
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class TreeMemory:
    """Samples the summed PSS of a process and its descendants in a thread; keeps the peak and
    every (wall time, KiB) sample, so a run's peak can be put on the step it happened in."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval, self.peak_kib, self.max_processes = pid, interval, 0, 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            children = _children_map()
            tree, stack = [], [self.pid]
            while stack:
                pid = stack.pop()
                tree.append(pid)
                stack.extend(children.get(pid, []))
            kib = sum(_memory_kib(p) for p in tree)
            self.samples.append((time.time(), kib))
            self.peak_kib = max(self.peak_kib, kib)
            self.max_processes = max(self.max_processes, len(tree))
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# --- one pipeline run, one bare parse -------------------------------------------------

_STEP_LINE = re.compile(r'Finished execution of step "([^"]+)" in ([0-9.hms ]+?)\.?\s*$', re.M)


def _duration_seconds(text: str) -> float:
    total = 0.0
    for value, unit in re.findall(r"([0-9.]+)\s*(ms|h|m|s)", text):
        total += float(value) * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[unit]
    return round(total, 3)


@lru_cache(maxsize=None)
def cli_has_timings(project: Path) -> bool:
    """Whether the measured checkout's `newsetl run` writes --timings (older ones: steps from the log)."""
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--help"], cwd=project,
                         env=environment(project, None), capture_output=True, text=True)
    return "--timings" in out.stdout


def profile(timings: dict, launched: float, exited: float) -> dict:
    """Where a run's wall time went, from its --timings file: start-up phases (seconds after launch),
    every Dagster step (seconds), GX import and validation, and what no step accounts for."""
    # process_started (from /proc, whole seconds of boot time) is too coarse here: launch is the origin.
    marks = {k: v for k, v in timings["marks"].items() if v is not None and k != "process_started"}
    steps = timings.get("steps", {})
    ordered = sorted((v["start"], v["end"], k) for k, v in steps.items() if "start" in v and "end" in v)
    at = {k: round(v - launched, 3) for k, v in marks.items()}
    if ordered:
        at["first_step_started"] = round(ordered[0][0] - launched, 3)
        at["last_step_ended"] = round(ordered[-1][1] - launched, 3)
    at["exited"] = round(exited - launched, 3)

    def between(a: str, b: str) -> float | None:
        return round(at[b] - at[a], 3) if a in at and b in at else None

    phases = {
        "interpreter_and_cli_import": at.get("cli_imported"),
        "pending_check": between("cli_imported", "pending_checked"),
        "dagster_import": between("pending_checked", "dagster_imported"),
        "definitions_import": between("dagster_imported", "definitions_imported"),
        "dagster_instance": between("definitions_imported", "instance_ready"),
        "run_start_to_first_step": between("instance_ready", "first_step_started"),
        "steps_first_to_last": between("first_step_started", "last_step_ended"),
        "between_steps": None,
        "run_end_to_return": between("last_step_ended", "run_returned"),
        "summary_and_timings": between("run_returned", "done"),
        "exit": between("done", "exited"),
    }
    if ordered and phases["steps_first_to_last"] is not None:
        phases["between_steps"] = round(phases["steps_first_to_last"] - sum(e - b for b, e, _ in ordered), 3)
    gx = timings.get("gx") or {}
    validations = gx.get("validations") or []
    return {
        "steps": {k: v["seconds"] for k, v in steps.items() if "seconds" in v},
        "phases": {k: v for k, v in phases.items() if v is not None},
        "marks_after_launch": at,
        "gx": {
            "helper_started_after_launch": round(gx["helper_started"] - launched, 3) if gx.get("helper_started") else None,
            "helper_ready_after_launch": round(gx["helper_ready"] - launched, 3) if gx.get("helper_ready") else None,
            "helper_import_seconds": gx.get("helper_import_seconds"),
            "in_process_import_seconds": gx.get("in_process_import_seconds"),
            "waited_for_import": round(sum(v.get("waited_for_import", 0) for v in validations), 3),
            "validations": len(validations),
            "validation_seconds": round(sum(v["seconds"] for v in validations), 3),
            "per_suite": {v["suite"]: v["seconds"] for v in validations},
        },
    }


def step_peak_memory(steps: dict, samples: list[tuple[float, int]]) -> dict[str, float]:
    """The highest process-tree PSS (MiB) sampled during each step (steps: name -> {start, end})."""
    peaks = {}
    for name, span in steps.items():
        inside = [kib for at, kib in samples if span.get("start", 0) <= at <= span.get("end", 0)]
        if inside:
            peaks[name] = round(max(inside) / 1024, 1)
    return peaks


def run_pipeline(project: Path, inputs: list[Path], db: Path, env: dict, verbose: bool = False,
                 force: bool = False) -> dict:
    """`newsetl run` in a subprocess: wall seconds, peak memory of its process tree, and its profile
    (--timings: start-up phases, step times from the Dagster event log, GX import and validations)."""
    cmd = [sys.executable, "-m", "pipelines.cli", "run", "--db", str(db)]
    for path in inputs:
        cmd += ["--input", str(path)]
    timings_file = db.parent / f"{db.stem}.timings.{time.time_ns()}.json"
    with_timings = cli_has_timings(project)
    if with_timings:
        cmd += ["--timings", str(timings_file)]
    if verbose or not with_timings:  # an older checkout: step times from Dagster's debug log
        cmd.append("--verbose")
    if force:
        cmd.append("--force")
    launched = time.time()
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as memory:
        out, err = proc.communicate()
    wall = time.perf_counter() - started
    exited = time.time()
    cpu = _children_cpu() - cpu_before
    if proc.returncode != 0:
        raise RuntimeError(f"newsetl run failed ({proc.returncode}):\n{out[-3000:]}\n{err[-3000:]}")
    peak_kib = memory.peak_kib
    result = {}
    result.update({"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3), "peak_memory_mib": round(peak_kib / 1024, 1),
                   "max_processes": memory.max_processes})
    if with_timings and timings_file.exists():
        timings = json.loads(timings_file.read_text(encoding="utf-8"))
        result.update(profile(timings, launched, exited), steps_from="timings",
                      step_peak_memory_mib=step_peak_memory(timings.get("steps", {}), memory.samples))
        timings_file.unlink()
    else:
        result.update(steps={name: _duration_seconds(d) for name, d in _STEP_LINE.findall(err + out)},
                      steps_from="log")
    return result


def parsed_texts(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute(
            "SELECT a.body FROM articles a JOIN nlp_processed p USING (article_id) "
            "ORDER BY a.ingested_at, a.article_id").fetchall()]


def run_bare(texts: list[str], work: Path, env: dict, model: str, processes: int, batch_size: int) -> dict:
    """Import spaCy, load the model and parse the texts in a fresh interpreter."""
    texts_file = work / "bare_texts.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    cmd = [sys.executable, "-c", BARE_SCRIPT, str(texts_file), model, str(processes), str(batch_size)]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as memory:
        out, err = proc.communicate()
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if proc.returncode != 0:
        raise RuntimeError(f"bare parse failed:\n{err[-3000:]}")
    inner = json.loads(out.strip().splitlines()[-1])
    return {"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3), "peak_memory_mib": round(memory.peak_kib / 1024, 1),
            **inner}


def bare_processes(docs: int, settings: dict) -> int:
    """The process count the pipeline's NLP stage picks for this many articles."""
    return max(1, min(settings["processes"], docs // max(1, settings["min_docs_per_process"])))


# --- inputs ---------------------------------------------------------------------------

def copy_files(source: Path, target: Path, limit: int | None, skip: int = 0) -> int:
    files = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                   and p.name.upper() != "README.TXT")
    chosen = files[skip:skip + limit if limit else None]
    for f in chosen:
        dest = target / f.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest)
    return len(chosen)


def jsonl_slice(source: Path, target: Path, start: int, stop: int | None) -> int:
    lines = source.read_text(encoding="utf-8").splitlines()[start:stop]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def environment(project: Path, blas_threads: str | None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(project) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("DAGSTER_HOME", None)  # an ephemeral Dagster instance, as a plain `newsetl run`
    if blas_threads:
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
            env[name] = blas_threads
    return env


def pipeline_settings(project: Path, env: dict) -> dict:
    code = ("import json; from pipelines.settings import get_settings as g; s = g(); print(json.dumps("
            "{'model': s.spacy_model, 'batch_size': s.nlp_batch_size, 'processes': s.nlp_processes, "
            "'min_docs_per_process': s.nlp_min_docs_per_process}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def git_revision(project: Path) -> str | None:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=project,
                               capture_output=True, text=True).stdout.strip()
        return rev.stdout.strip() + ("+changes" if dirty else "") if rev.returncode == 0 else None
    except OSError:
        return None


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- cases ------------------------------------------------------------------------------

def case_pair(name: str, project: Path, inputs: list[Path], work: Path, env: dict, settings: dict,
              *, bare: bool = True, verbose: bool = False, db: Path | None = None, input_records: int = 0,
              force: bool = False) -> dict:
    """One pipeline run into a fresh warehouse (or `db`), then the bare parse of what it parsed.

    The bare parse gets as many processes as the pipeline parsed with: `newsetl run` starts
    its workers for the input records before it knows how many survive cleaning, so that is
    the larger of the stage's count for the parsed articles and the CLI's for the inputs."""
    db = db or work / f"{name}.duckdb"
    load_before = load_avg()
    pipe = run_pipeline(project, inputs, db, env, verbose=verbose, force=force)
    result = {"case": name, "pipeline": pipe, "load_avg_before": load_before}
    if bare:
        texts = parsed_texts(db)
        n = max(bare_processes(len(texts), settings), bare_processes(input_records, settings))
        result["bare"] = run_bare(texts, work, env, settings["model"], n, settings["batch_size"])
        result["bare"]["processes"] = n
        result["ratio_bare_over_pipeline"] = round(result["bare"]["seconds"] / pipe["seconds"], 3)
        # CPU seconds of both process trees: the work done, which a busy machine distorts less than wall time
        # (it says nothing of what ran in parallel).
        if pipe.get("cpu_seconds"):
            result["cpu_ratio_bare_over_pipeline"] = round(result["bare"]["cpu_seconds"] / pipe["cpu_seconds"], 3)
        nlp_step = pipe["steps"].get("nlp_pass")
        if nlp_step:
            result["nlp_step_over_bare_parse"] = round(nlp_step / result["bare"]["parse_seconds"], 3)
    result["load_avg_after"] = load_avg()
    print(f"  {name}: pipeline {pipe['seconds']:.1f}s ({pipe['cpu_seconds']:.1f}s CPU)"
          + (f", bare {result['bare']['seconds']:.1f}s ({result['bare']['cpu_seconds']:.1f}s CPU), "
             f"ratio {result['ratio_bare_over_pipeline']:.2f} (CPU {result.get('cpu_ratio_bare_over_pipeline', 0):.2f})"
             if bare else "")
          + f", peak {pipe['peak_memory_mib']:.0f} MiB", flush=True)
    return result


def small_cases(args, project: Path, env: dict, settings: dict, save) -> list[dict]:
    runs = []
    for rep in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="newsetl-speed-") as tmp:
            work = Path(tmp)
            print(f"repetition {rep + 1}/{args.repeat}", flush=True)
            seeds = work / "seeds"
            copy_files(args.seeds, seeds, None)
            new = case_pair("seeds_new_warehouse", project, [seeds], work, env, settings,
                            input_records=copy_files(args.seeds, work / "seeds_count", None))
            noop = case_pair("seeds_nothing_new", project, [seeds], work, env, settings, bare=False,
                             db=work / "seeds_new_warehouse.duckdb")
            rep_runs = [new, noop]
            save(runs + rep_runs)
            if args.bbc:
                bbc = work / "bbc"
                count = copy_files(args.bbc, bbc, args.bbc_limit)
                result = case_pair(f"bbc_{count}", project, [bbc], work, env, settings, input_records=count)
                result["files"] = count
                rep_runs.append(result)
            for r in rep_runs:
                r["repetition"] = rep + 1
            runs += rep_runs
            save(runs)
    return runs


def reuters_cases(args, project: Path, env: dict, settings: dict, save) -> list[dict]:
    runs = []
    total = sum(1 for _ in args.reuters.open(encoding="utf-8"))
    # With --incremental the last N records are the batch, so the largest load holds all the others
    # and its warehouse is the "full" one (one load of the whole corpus, not two).
    available = total - args.incremental
    sizes = sorted({min(int(s), available) for s in args.reuters_sizes.split(",") if s})
    if args.incremental_db:  # the full warehouse is a kept one: no load, only the incremental case
        sizes = []
    bare_sizes = sizes if args.bare_sizes is None else {min(int(s), available) for s in args.bare_sizes.split(",") if s}
    for rep in range(args.repeat):
        print(f"repetition {rep + 1}/{args.repeat}", flush=True)
        with tempfile.TemporaryDirectory(prefix="newsetl-speed-") as keep:
            full_db = Path(keep) / "full.duckdb"
            settle = None
            if args.incremental_db:
                shutil.copyfile(args.incremental_db, full_db)
                # A warehouse made by other code first gets what an upgrade does once (re-checks under
                # changed suites, views): one run with nothing new, timed apart from the batch.
                (Path(keep) / "nothing").mkdir()
                settle = case_pair("settle_full_warehouse", project, [Path(keep) / "nothing"], Path(keep), env,
                                   settings, bare=False, verbose=True, db=full_db, force=True)
            for size in sizes:
                with tempfile.TemporaryDirectory(prefix="newsetl-speed-") as tmp:
                    work = Path(tmp)
                    records = jsonl_slice(args.reuters, work / "in" / "reuters.jsonl", 0, size)
                    largest = size == sizes[-1]
                    result = case_pair(f"reuters_{records}", project, [work / "in"], work, env, settings,
                                       bare=size in bare_sizes, verbose=True, db=full_db if largest else None,
                                       input_records=records)
                    result.update(records=records, repetition=rep + 1)
                    runs.append(result)
                    save(runs)
            if args.keep_full and sizes:  # before the batch goes in: what --incremental-db expects
                shutil.copyfile(full_db, args.keep_full)
            if not args.incremental:
                continue
            with tempfile.TemporaryDirectory(prefix="newsetl-speed-") as tmp:
                work = Path(tmp)
                batch = work / "batch" / "batch.jsonl"
                jsonl_slice(args.reuters, batch, available, None)
                with duckdb.connect(str(full_db), read_only=True) as con:
                    held = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                # Every other pair runs the full warehouse first, so an effect of the order within a pair
                # (caches, the machine's drift) falls on both sides instead of always on the full one.
                full_first = rep % 2 == 1
                pair = {}
                for side in (("full", "empty") if full_first else ("empty", "full")):
                    pair[side] = case_pair(f"incremental_{side}_warehouse", project, [batch.parent], work, env,
                                           settings, bare=False, verbose=True, db=full_db if side == "full" else None)
                empty, full = pair["empty"], pair["full"]
                runs.append({"case": "incremental_batch", "repetition": rep + 1, "batch_records": args.incremental,
                             "order": "full first" if full_first else "empty first",
                             "empty": empty, "full": full, "full_warehouse_articles": held,
                             "full_warehouse_from": str(args.incremental_db) if args.incremental_db else None,
                             "settle_run": settle,
                             "ratio_full_over_empty": round(full["pipeline"]["seconds"] / empty["pipeline"]["seconds"], 3)})
                save(runs)
                print(f"  incremental {args.incremental}: empty {empty['pipeline']['seconds']:.1f}s, "
                      f"full ({held} articles) {full['pipeline']['seconds']:.1f}s", flush=True)
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="the sample articles (default seeds/)")
    parser.add_argument("--bbc", type=Path, help="BBC corpus folder (a case with --bbc-limit files)")
    parser.add_argument("--bbc-limit", type=int, default=400)
    parser.add_argument("--reuters", type=Path, help="reuters21578.jsonl (scaling and incremental cases)")
    parser.add_argument("--reuters-sizes", default="5000,10000,19043", help="comma-separated record counts")
    parser.add_argument("--incremental", type=int, default=0,
                        help="with --reuters: a batch of N records into an empty and into a full warehouse")
    parser.add_argument("--incremental-db", type=Path,
                        help="with --incremental: a kept warehouse holding the corpus minus its last N records, "
                             "used (a copy) as the full warehouse instead of loading one (no scaling cases)")
    parser.add_argument("--bare-sizes", help="with --reuters-sizes: the sizes that also get the bare parse "
                        "(default all; '' none: the curve of wall time and memory alone, in half the time)")
    parser.add_argument("--keep-full", type=Path,
                        help="copy the largest Reuters load's warehouse here (for later --incremental-db runs)")
    parser.add_argument("--skip-small", action="store_true", help="skip the seeds/BBC cases")
    parser.add_argument("--repeat", type=int, default=1, help="repetitions of every case")
    parser.add_argument("--project", type=Path, default=ROOT, help="code to measure (default: this checkout)")
    parser.add_argument("--blas-threads", default="1",
                        help="BLAS/OpenMP thread variables for both sides ('' leaves them unset)")
    parser.add_argument("--revision", help="revision label of --project when it is no git checkout "
                        "(e.g. an exported older commit)")
    parser.add_argument("--tag", default="", help="suffix of the results file names (e.g. 'before')")
    parser.add_argument("--no-docs", action="store_true", help="do not regenerate docs/performance.md")
    args = parser.parse_args()

    project = args.project.resolve()
    env = environment(project, args.blas_threads or None)
    settings = pipeline_settings(project, env)
    meta = {"measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "revision": git_revision(project) or args.revision or project.name,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "settings": settings, "blas_threads": args.blas_threads or None, "repeat": args.repeat}
    suffix = f"_{args.tag}" if args.tag else ""
    RESULTS.mkdir(parents=True, exist_ok=True)
    def saver(name: str):
        out = RESULTS / f"{name}{suffix}.json"

        def save(runs: list[dict]) -> None:  # after every case: an interrupted benchmark keeps what it measured
            out.write_text(json.dumps({**meta, "runs": runs}, indent=2) + "\n", encoding="utf-8")
            print(f"  (saved to {out})", flush=True)
        return save

    if not args.skip_small:
        small_cases(args, project, env, settings, saver("speed_small"))
    if args.reuters:
        reuters_cases(args, project, env, settings, saver("speed_reuters"))
    if not args.no_docs:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "perf_doc.py")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
