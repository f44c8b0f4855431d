"""Real disagreements between reports of one event, labelled by hand, and what the verdicts call them.

Run by hand (never part of the test suite):

    .venv/bin/python benchmarks/comparisons_real_conflicts.py build --reuters ../shared/corpora/reuters21578.jsonl \
        --polnear ../shared/eval/polnear --out /tmp/realconf
    .venv/bin/python benchmarks/comparisons_real_conflicts.py candidates --warehouse /tmp/realconf/events.duckdb \
        --seed 2651 --judged real_conflicts_2651
    .venv/bin/python benchmarks/comparisons_real_conflicts.py score --warehouse /tmp/realconf/events.duckdb \
        --judged real_conflicts_2651 --name real_conflicts_before

`build` loads, dated and with no publisher (any two articles of an event are compared), through the
whole Dagster job: every article of the events with two articles or more of the event-labelled dev
sets (benchmarks/judged/story_events.json, _2627, _2641: Reuters-21578 company and policy events,
PolNeAR campaign events), and every Reuters-21578 report whose title says it corrects or repeats
an earlier one (CORRECTED, CORRECTS, RPT, REPEAT) with the earlier report of the same company
(the same ticker or most title words, within 4 days) whose body shares most words with it, as one
event. The stories are then set from the events (`story_articles`: one story per event), so what is
measured is the verdicts, not the story assignment.
With --other-reuters N (--seed): also N random other Reuters-21578 records, in the stories the pipeline gives
them (the labelled events' articles are moved to their events, the others keep their stories).
With --events story_events_test.json --no-corrections: the events of the story set drawn after
tuning, a fresh set for the final draw (`comparisons_dev.py draw` reads it with the other warehouses).
`candidates` lists, with the seed, pairs of number claims from two articles of one event whose
values differ and may measure one thing: the same unit and currency, and the same counted noun or
the sentences sharing half their content words; all of them when --max is not reached, else a
random --max. They go to benchmarks/judged/comparison_verdicts_<judged>.json for a person to label
(`real_conflict`: true when both numbers measure the same quantity, at the same time, and the
values cannot both hold; `why`), together with every pair the view calls 'conflict' (`gold`: the
same question, for the conflict precision).
`score` re-reads the view and writes the recall of the real conflicts among the candidates labelled
before any change (called 'conflict'), the precision of the conflicts (labelled pairs only) and what the view calls the
labelled pairs now, to benchmarks/results/comparisons_dev_<name>.json.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
EVENT_LABELS = ("story_events.json", "story_events_2627.json", "story_events_2641.json")
_CORRECTION = re.compile(r"\bCORRECT(ED|S)\b|^RPT\b|\bREPEAT\b")
_WORD = re.compile(r"[a-z]+")
_STOP = frozenset("the a an of in on at to for and or by with from that this is was were be been has have had it "
                  "its as said says will would which who but not are their they he she his her than more also "
                  "up down about after before over per pct year mln dlrs billion million".split())


def _judged_path(name: str) -> Path:
    return HERE / "judged" / f"comparison_verdicts_{name}.json"


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def correction_pairs(reuters: Path) -> list[tuple[str, str]]:
    """(earlier report, correcting or repeating report) ids of Reuters-21578: the same ticker or most
    title words, within 4 days, the earlier report whose body shares most words (at least 0.3)."""
    rows = [json.loads(line) for line in reuters.read_text(encoding="utf-8").splitlines()]
    for r in rows:
        try:
            r["_day"] = datetime.strptime(r["date"].strip().split(" ")[0], "%d-%b-%Y")
        except ValueError:
            r["_day"] = None
    rows = [r for r in rows if r["_day"] and r.get("title") and len(r.get("body") or "") >= 100]
    pairs = []
    for r in rows:
        if not _CORRECTION.search(r["title"]):
            continue
        tickers = re.findall(r"<([A-Z.]+)>", r["title"])
        base = _words(_CORRECTION.sub("", r["title"]))
        body = _words(r["body"])
        best = None
        for o in rows:
            if o is r or o["id"] > r["id"] or abs(o["_day"] - r["_day"]) > timedelta(days=4):
                continue
            title = _words(o["title"])
            if not (any(f"<{t}>" in o["title"] for t in tickers) or
                    len(base & title) / max(1, len(base | title)) > 0.5):
                continue
            other = _words(o["body"])
            share = len(body & other) / max(1, len(body | other))
            if share >= 0.3 and (best is None or share > best[0]):
                best = (share, o["id"])
        if best:
            pairs.append((f"reuters:{best[1]}", f"reuters:{r['id']}"))
    return pairs


def company_runs(reuters: Path, gap_days: int = 7, wide: bool = False) -> list[list[str]]:
    """Reuters-21578 reports of one company (the one ticker their title names; with `wide`, every ticker
    the title names, or else those of the body), split where two consecutive reports are more than
    gap_days apart: runs of two reports or more, ids in date order.
    A company's figures are reported repeatedly (results, then a dividend, a deal, a correction), so
    these give many pairs of claims that may measure one quantity, whatever the story stage does."""
    by_ticker: dict[str, list[tuple[datetime, int]]] = {}
    for line in reuters.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        tickers = set(re.findall(r"<([A-Z.]+)>", r.get("title") or ""))
        if wide and not tickers:
            tickers = set(re.findall(r"<([A-Z.]+)>", r.get("body") or ""))
        if not tickers or (len(tickers) != 1 and not wide) or len(r.get("body") or "") < 100:
            continue
        try:
            day = datetime.strptime(r["date"].strip().split(" ")[0], "%d-%b-%Y")
        except ValueError:
            continue
        for ticker in sorted(tickers):
            by_ticker.setdefault(ticker, []).append((day, r["id"]))
    runs = []
    for _ticker, reports in sorted(by_ticker.items()):
        reports.sort()
        run = [reports[0]]
        for report in reports[1:]:
            if report[0] - run[-1][0] > timedelta(days=gap_days):
                runs.append(run)
                run = []
            run.append(report)
        runs.append(run)
    return [[f"reuters:{i}" for _day, i in run] for run in runs if len(run) >= 2]


def build(args: argparse.Namespace) -> None:
    from dagster import DagsterInstance, materialize

    from pipelines import warehouse
    from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
    from pipelines.resources import NlpResource, WarehouseResource
    from stories_dev import _texts

    events: dict[str, list[str]] = {}
    for name in args.events:
        for a in json.loads((HERE / "judged" / name).read_text(encoding="utf-8"))["articles"]:
            if not a["event"].startswith("solo:"):
                events.setdefault(f"{name.split('.')[0]}:{a['event']}", []).append(a["id"])
    for earlier, later in correction_pairs(Path(args.reuters)) if not args.no_corrections else []:
        events[f"correction:{later}"] = [earlier, later]
    for run in company_runs(Path(args.reuters), wide=args.companies_wide) if args.companies else []:
        events[f"company:{run[0]}"] = run
    texts = _texts(Path(args.reuters), Path(args.polnear))
    out = Path(args.out)
    folder, db = out / "events", out / "events.duckdb"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ids = sorted({i for members in events.values() for i in members})
    if args.other_reuters:
        loaded = set(ids)
        others = sorted(i for i in texts if i.startswith("reuters:") and i not in loaded)
        ids = sorted(set(ids) | set(random.Random(args.seed).sample(others, min(args.other_reuters, len(others)))))
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as f:
        for i in ids:
            t = texts[i]
            f.write(json.dumps({"url": "https://dev.example/" + re.sub(r"[^\w.-]", "_", i), "title": t["title"],
                                "body": t["body"], "date": t["date"]}) + "\n")
    (out / "events.json").write_text(json.dumps(events, indent=1) + "\n", encoding="utf-8")
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    result = materialize([*ALL_ASSETS, *ALL_CHECKS], resources={
        "warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource()},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(folder)]}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False)
    with warehouse.connect(str(db)) as con:
        # The URLs' one domain would make every article one outlet, and one outlet's pairs are not compared.
        con.execute("UPDATE articles SET publisher = NULL")
        urls = dict(con.execute("SELECT url, article_id FROM articles").fetchall())
        labelled = [urls[u] for u in ("https://dev.example/" + re.sub(r"[^\w.-]", "_", i)
                                      for members in events.values() for i in members) if u in urls]
        if args.other_reuters:
            # the other records keep the stories the pipeline gave them
            con.execute("CREATE TEMP TABLE labelled_ids(article_id VARCHAR)")
            con.executemany("INSERT INTO labelled_ids VALUES (?)", [(a,) for a in set(labelled)])
            con.execute("DELETE FROM story_articles WHERE article_id IN (SELECT article_id FROM labelled_ids)")
        else:
            con.execute("DELETE FROM story_articles")
        rows = []
        # With --companies a labelled event or a correction keeps its articles (their order as added).
        for event, members in (events.items() if args.companies else sorted(events.items())):
            for i in members:
                aid = urls.get("https://dev.example/" + re.sub(r"[^\w.-]", "_", i))
                if aid:
                    rows.append((aid, event))
        # An article of two events (a correction of an event's report) stays in the first one.
        seen: set[str] = set()
        rows = [r for r in rows if not (r[0] in seen or seen.add(r[0]))]
        con.executemany("INSERT INTO story_articles VALUES (?, ?, 1.0, 'label', now(), 'label')", rows)
    print({"seconds": round(time.perf_counter() - started, 1), "success": result.success, "articles": len(ids),
           "other_reuters": args.other_reuters, "seed": args.seed,
           "events": len(events), "corrections": sum(k.startswith("correction:") for k in events)})


_PAIR_SQL = """
    WITH c AS (
        SELECT c.claim_id, c.article_id, sa.story_id, c.text, c.object, c.object_lemma, c.unit, c.currency,
               c.qualifier, c.value, c.value_low, c.value_high, c.sentence, c.predicate, a.title, a.published_at
        FROM numeric_claims c JOIN story_articles sa USING (article_id) JOIN original_articles a USING (article_id)
        WHERE c.qualifier NOT IN ('up', 'down'))
    SELECT a.claim_id, b.claim_id, a.story_id, a.text, b.text, a.object_lemma, b.object_lemma, a.sentence,
           b.sentence, a.predicate, b.predicate, a.title, b.title, a.published_at, b.published_at,
           a.qualifier, a.value, a.value_low, a.value_high, b.qualifier, b.value, b.value_low, b.value_high
    FROM c a JOIN c b ON a.story_id = b.story_id AND a.article_id <> b.article_id AND a.claim_id < b.claim_id
     AND coalesce(a.unit, '') = coalesce(b.unit, '') AND coalesce(a.currency, '') = coalesce(b.currency, '')
     AND NOT (a.qualifier = b.qualifier AND a.value IS NOT DISTINCT FROM b.value
              AND a.value_low IS NOT DISTINCT FROM b.value_low AND a.value_high IS NOT DISTINCT FROM b.value_high)
    ORDER BY a.claim_id, b.claim_id"""


def _interval(q, v, lo, hi) -> tuple[float, float]:
    low = lo if lo is not None else v
    high = hi if hi is not None else v
    if q in ("<", "<="):
        return float("-inf"), high
    if q in (">", ">="):
        return low, float("inf")
    if q == "~":
        return low * 0.9, high * 1.1
    return low, high


def _verdicts(con) -> dict:
    return {(r[0], r[1]): r[2] for r in con.execute(
        "SELECT claim_id_a, claim_id_b, verdict FROM claim_comparisons WHERE kind = 'number'").fetchall()}


def candidates(args: argparse.Namespace) -> None:
    from pipelines import warehouse

    with warehouse.connect(args.warehouse) as con:
        warehouse.apply_views(con)
        rows = con.execute(_PAIR_SQL).fetchall()
        verdicts = _verdicts(con)
        conflicts = con.execute("""SELECT claim_id_a, claim_id_b FROM claim_comparisons
                                   WHERE kind = 'number' AND verdict = 'conflict'""").fetchall()
    found = []
    for r in rows:
        lo_a, hi_a = _interval(*r[15:19])
        lo_b, hi_b = _interval(*r[19:23])
        if max(lo_a, lo_b) <= min(hi_a, hi_b):
            continue  # the values may both hold
        wa, wb = _words(r[7]), _words(r[8])
        shared = len(wa & wb) / max(1, min(len(wa), len(wb)))
        if r[5] and r[5] == r[6] or shared >= 0.5:
            found.append(r)
    rng = random.Random(args.seed)
    by_event: dict[str, list] = {}
    for r in found:
        by_event.setdefault(r[2], []).append(r)
    # a report's table of many figures would fill the set: at most --per-event pairs of each event
    picked = sorted(r for event in sorted(by_event) for r in (
        by_event[event] if len(by_event[event]) <= args.per_event else rng.sample(by_event[event], args.per_event)))
    if len(picked) > args.max:
        picked = sorted(rng.sample(picked, args.max))
    keys = {(r[0], r[1]) for r in picked}
    by_key = {(r[0], r[1]): r for r in rows}
    extra = [by_key[k] for k in conflicts if k not in keys and k in by_key]
    pairs = [{"claim_id_a": r[0], "claim_id_b": r[1], "event": r[2], "text_a": r[3], "text_b": r[4],
              "object_a": r[5], "object_b": r[6], "sentence_a": r[7], "sentence_b": r[8], "predicate_a": r[9],
              "predicate_b": r[10], "title_a": r[11], "title_b": r[12], "published_a": str(r[13]),
              "published_b": str(r[14]), "verdict_when_drawn": verdicts.get((r[0], r[1]), "not compared"),
              "drawn_as": "candidate" if (r[0], r[1]) in keys else "conflict",
              "real_conflict": None, "why": None} for r in picked + extra]
    path = _judged_path(args.judged)
    path.write_text(json.dumps({
        "seed": args.seed, "how_drawn": (
            "every pair of number claims from two articles of one labelled event whose values cannot both "
            "hold, with the same unit and currency and the same counted noun or sentences sharing half their "
            f"content words ({len(found)} found; of each event all of them or random.Random(seed).sample of "
            f"{args.per_event} in event order, then a sample of {args.max} when more), "
            "then every pair the view called 'conflict' not among them (drawn_as 'conflict')"),
        "built_with": args.built_with, "label": (
            "real_conflict: true when both numbers measure the same quantity (thing counted, scope, time) "
            "and the values cannot both hold (a fact-checker would want to look); labelled by reading the "
            "two sentences and titles, before any change to the verdicts"),
        "pairs": pairs}, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(path, len(found), len(picked), len(extra))


def score(args: argparse.Namespace) -> None:
    from pipelines import warehouse

    judged = json.loads(_judged_path(args.judged).read_text(encoding="utf-8"))
    with warehouse.connect(args.warehouse) as con:
        warehouse.apply_views(con)
        now = _verdicts(con)
    labelled = [p for p in judged["pairs"] if p["real_conflict"] is not None]
    # recall over the candidates labelled before any change (not the conflicts a change then found)
    real = [p for p in labelled if p["real_conflict"] and p.get("drawn_as", "candidate") == "candidate"]
    key = lambda p: (p["claim_id_a"], p["claim_id_b"])  # noqa: E731
    called = [p for p in labelled if now.get(key(p)) == "conflict"]
    unlabelled_conflicts = sum(1 for k, v in now.items() if v == "conflict") - len(called)
    tally: dict = {}
    for p in labelled:
        side = tally.setdefault("real" if p["real_conflict"] else "not_real", {})
        v = now.get(key(p), "not compared")
        side[v] = side.get(v, 0) + 1
    out = {
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                 cwd=HERE).stdout.strip(),
        "note": args.note, "judged_file": _judged_path(args.judged).name, "judged_seed": judged["seed"],
        "labelled_pairs": len(labelled), "real_conflicts_among_candidates": len(real),
        "real_called_conflict": sum(1 for p in real if now.get(key(p)) == "conflict"),
        "recall": round(sum(1 for p in real if now.get(key(p)) == "conflict") / len(real), 3) if real else None,
        "conflicts_labelled": len(called), "conflicts_right": sum(1 for p in called if p["real_conflict"]),
        "conflict_precision": round(sum(1 for p in called if p["real_conflict"]) / len(called), 3)
        if called else None,
        "conflicts_not_labelled": unlabelled_conflicts,
        "verdicts_now": tally,
        "counts_now": {v: sum(1 for x in now.values() if x == v) for v in sorted(set(now.values()))},
    }
    path = RESULTS / f"comparisons_dev_{args.name}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--reuters", required=True)
    b.add_argument("--polnear", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--events", nargs="+", default=list(EVENT_LABELS),
                   help="event-labelled sets under benchmarks/judged/ whose events of two articles or more are loaded")
    b.add_argument("--no-corrections", action="store_true", help="leave out the Reuters corrections")
    b.add_argument("--companies", action="store_true",
                   help="also every run of Reuters-21578 reports of one company (`company_runs`) as an event")
    b.add_argument("--companies-wide", action="store_true",
                   help="with --companies: a report joins the run of every ticker its title names, or else its body")
    b.add_argument("--other-reuters", type=int, default=0,
                   help="also this many other Reuters-21578 records (random, --seed), in the stories the pipeline "
                        "gives them (a number larger than the corpus: every record)")
    b.add_argument("--seed", type=int, default=2667)
    c = sub.add_parser("candidates")
    c.add_argument("--warehouse", required=True)
    c.add_argument("--seed", type=int, required=True)
    c.add_argument("--judged", required=True)
    c.add_argument("--max", type=int, default=150)
    c.add_argument("--per-event", type=int, default=6)
    c.add_argument("--built-with", default="comparisons_real_conflicts.py build")
    s = sub.add_parser("score")
    s.add_argument("--warehouse", required=True)
    s.add_argument("--judged", required=True)
    s.add_argument("--name", required=True)
    s.add_argument("--note", default="")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    {"build": build, "candidates": candidates, "score": score}[args.cmd](args)


if __name__ == "__main__":
    main()
