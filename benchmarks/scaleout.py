"""The cluster deployment against the embedded one and the bare parse, on the same articles, in one invocation.

Run by hand (never part of `make test`); the corpus is an argument:

    .venv/bin/python benchmarks/scaleout.py --bbc ../shared/corpora/bbc [--limit 400] [--warehouse lake|file]

Cases, back to back on the same input (the first `--limit` BBC files in path order, as
benchmarks/speed.py takes them):

- `bare`: a fresh interpreter imports spaCy, loads the model and parses the texts the pipeline
  parsed, one process (what one worker's parse costs with nothing around it);
- `embedded`: `newsetl run` in a subprocess into a new DuckDB file (the default deployment; its
  NLP stage uses `NEWSETL_NLP_PROCESSES` processes, 2 by default);
- `cluster_1` and `cluster_2`: the cluster job (pipelines/cluster) on a fresh local stack
  (PostgreSQL instance, Redis, 1 or 2 Celery workers, NLP one task per `--batch` articles) into a
  new warehouse: a DuckLake with its catalog in that PostgreSQL (`--warehouse lake`, the default,
  when the lake backend is available) or a DuckDB file. Timed from the run's start to its end with
  the servers and workers already up (they are long-running services in a deployment); the
  workers load the model in their first batch, inside the timing.

Per case: wall seconds, per-step seconds (from the run's events), the NLP span (first parse
step start to last parse step end) and, for the lake, the catalog's snapshots (commits) and the
Parquet bytes written. The machine is noted (cores, load average before and after each case):
on a shared 2-core machine absolute seconds are contended and only their order holds.

Results: benchmarks/results/scaleout_bbc<N>.json; then docs/scale-out.md's compute section is
regenerated from it (benchmarks/scaleout_doc.py).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

BARE_SCRIPT = r"""
import json, sys, time
started = time.perf_counter()
import spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.load(sys.argv[2])
loaded = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=int(sys.argv[3])))
done = time.perf_counter()
print(json.dumps({"import_load_seconds": round(loaded - started, 3), "parse_seconds": round(done - loaded, 3),
                  "tokens": tokens, "docs": len(texts)}))
"""


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def copy_first(source: Path, target: Path, limit: int) -> int:
    files = sorted(p for p in source.rglob("*.txt") if p.name.upper() != "README.TXT")[:limit]
    for f in files:
        dest = target / f.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest)
    return len(files)


def base_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("DAGSTER_HOME", None)
    return env


def embedded_case(inputs: Path, work: Path) -> dict:
    db = work / "embedded.duckdb"
    before = load_avg()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--input", str(inputs), "--db", str(db)],
                          cwd=ROOT, env=base_env(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"newsetl run failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        parsed = con.execute("SELECT count(*) FROM nlp_processed WHERE status = 'ok'").fetchone()[0]
        texts = [r[0] for r in con.execute("SELECT a.body FROM articles a JOIN nlp_processed p USING (article_id) "
                                           "ORDER BY a.ingested_at, a.article_id").fetchall()]
    return {"case": "embedded", "seconds": round(wall, 2), "articles_parsed": parsed,
            "warehouse_bytes": db.stat().st_size, "load_avg_before": before, "load_avg_after": load_avg()}, texts


def bare_case(texts: list[str], work: Path, model: str, batch_size: int) -> dict:
    texts_file = work / "bare_texts.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    before = load_avg()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", BARE_SCRIPT, str(texts_file), model, str(batch_size)],
                          env=base_env(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"bare parse failed:\n{proc.stderr[-2000:]}")
    return {"case": "bare", "seconds": round(wall, 2), **json.loads(proc.stdout.strip().splitlines()[-1]),
            "processes": 1, "load_avg_before": before, "load_avg_after": load_avg()}


def step_times(events) -> dict[str, float]:
    """Step key -> seconds from its last STEP_START to its STEP_SUCCESS (from the instance's event log)."""
    starts, times = {}, {}
    for event, stamp in events:
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = stamp
        elif event.event_type_value == "STEP_SUCCESS" and event.step_key in starts:
            times[event.step_key] = round(stamp - starts[event.step_key], 2)
    return times


def nlp_span(events) -> float:
    stamps = [stamp for event, stamp in events if (event.step_key or "").startswith("nlp_fanout.nlp_batch[")
              and event.event_type_value in ("STEP_START", "STEP_SUCCESS")]
    return round(max(stamps) - min(stamps), 2) if stamps else 0.0


def lake_stats(stack, data_dir: Path) -> dict:
    import psycopg2

    con = psycopg2.connect(stack.postgres.url("lake"))
    try:
        with con.cursor() as cur:
            cur.execute("SELECT count(*) FROM ducklake_snapshot")
            snapshots = cur.fetchone()[0]
            cur.execute("SELECT pg_database_size('lake')")
            catalog_bytes = cur.fetchone()[0]
    finally:
        con.close()
    parquet = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file())
    return {"catalog_snapshots": snapshots, "catalog_bytes": catalog_bytes, "parquet_bytes": parquet}


def cluster_case(workers: int, inputs: Path, work: Path, batch: int, warehouse_kind: str) -> dict:
    from pipelines.cluster.stack import LocalStack

    root = work / f"cluster_{workers}"
    with LocalStack(workers, root, env={"NEWSETL_NLP_FANOUT_BATCH": str(batch)}, start_workers=False) as stack:
        data_dir = root / "lake"
        if warehouse_kind == "lake":
            from pipelines import warehouse

            db = f"ducklake:postgres:{stack.postgres.libpq('lake')}"
            stack.env.update(NEWSETL_WAREHOUSE=db, NEWSETL_LAKE_DATA=str(data_dir))
            os.environ["NEWSETL_LAKE_DATA"] = str(data_dir)
            with warehouse.connect(db):  # the empty lake, created before the timing
                pass
            del os.environ["NEWSETL_LAKE_DATA"]
            snapshots_before = lake_stats(stack, data_dir)["catalog_snapshots"]
        else:
            db = str(root / "cluster.duckdb")
        stack.start_more_workers(workers)
        before = load_avg()
        started = time.perf_counter()
        result = stack.run([inputs], db)
        wall = time.perf_counter() - started
        if not result.success:
            raise RuntimeError(f"cluster run with {workers} worker(s) failed: "
                               + "; ".join(e.message or "" for e in result.all_events if e.is_failure)[:2000])
        from dagster import DagsterInstance

        from pipelines.cluster.stack import _environ

        with _environ(stack.env), DagsterInstance.get() as instance:
            events = [(r.dagster_event, r.timestamp) for r in instance.all_logs(result.run_id) if r.dagster_event]
        hosts = {}
        for event, _ in events:
            if event.event_type_value == "ENGINE_EVENT" and "in celery worker" in (event.message or ""):
                host = event.event_specific_data.metadata["Celery worker"].value.split("@")[0]
                hosts[host] = hosts.get(host, 0) + 1
        out = {"case": f"cluster_{workers}", "workers": workers, "warehouse": warehouse_kind,
               "fanout_batch": batch, "seconds": round(wall, 2), "nlp_span_seconds": nlp_span(events),
               "steps": step_times(events), "steps_per_worker": hosts,
               "load_avg_before": before, "load_avg_after": load_avg()}
        from pipelines import warehouse

        with warehouse.connect(db, read_only=True) as con:
            out["articles_parsed"] = con.execute(
                "SELECT count(*) FROM nlp_processed WHERE status = 'ok'").fetchone()[0]
            out["rows"] = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                           for t in ("articles", "mentions", "quotes", "numeric_claims", "entities", "stories")}
        if warehouse_kind == "lake":
            out.update(lake_stats(stack, data_dir))
            out["catalog_snapshots"] -= snapshots_before  # the run's commits
        else:
            out["warehouse_bytes"] = Path(db).stat().st_size
    return out


def lake_available() -> bool:
    try:
        from pipelines import warehouse

        return hasattr(warehouse, "backend")
    except ImportError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=Path, required=True, help="the BBC corpus directory")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--batch", type=int, default=50, help="articles per NLP task on the cluster")
    parser.add_argument("--warehouse", choices=("lake", "file"), default="lake" if lake_available() else "file")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    from pipelines.settings import get_settings

    settings = get_settings()
    out = args.out or RESULTS / f"scaleout_bbc{args.limit}.json"
    results = {
        "benchmark": "benchmarks/scaleout.py", "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "note": "shared 2-core machine, other work running: seconds are contended, compare within this file"},
        "revision": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                   text=True).stdout.strip() or None,
        "input": {"corpus": "BBC (first files in path order)", "files": 0},
        "settings": {"model": settings.spacy_model, "nlp_batch_size": settings.nlp_batch_size,
                     "embedded_nlp_processes": settings.nlp_processes, "fanout_batch": args.batch,
                     "warehouse": args.warehouse},
        "cases": [],
    }

    def save() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="newsetl-scaleout-") as tmp:
        work = Path(tmp)
        inputs = work / "bbc"
        results["input"]["files"] = copy_first(args.bbc, inputs, args.limit)
        print(f"{results['input']['files']} files; warehouse for the cluster: {args.warehouse}", flush=True)
        embedded, texts = embedded_case(inputs, work)
        results["cases"].append(embedded)
        print(f"  embedded: {embedded['seconds']} s", flush=True)
        save()
        bare = bare_case(texts, work, settings.spacy_model, settings.nlp_batch_size)
        results["cases"].append(bare)
        print(f"  bare parse: {bare['seconds']} s (parse {bare['parse_seconds']} s)", flush=True)
        save()
        for workers in (1, 2):
            case = cluster_case(workers, inputs, work, args.batch, args.warehouse)
            results["cases"].append(case)
            print(f"  cluster, {workers} worker(s): {case['seconds']} s (NLP span {case['nlp_span_seconds']} s)",
                  flush=True)
            save()
    results["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    save()
    print(f"wrote {out}", flush=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scaleout_doc.py"), str(out)], check=False)


if __name__ == "__main__":
    main()
