"""Where the NLP step's time goes beyond the bare parse: a profile, in one process, in one minute.

Run by hand (never part of `make test`):

    .venv/bin/python benchmarks/nlp_profile.py ../shared/corpora/reuters21578.jsonl --docs 1000

Takes the first N records of a .jsonl corpus (and, with --bbc, the first files of
the BBC corpus), cleans them as the pipeline does, then times on the same texts,
single-process so each part is attributable:
the bare parse (the model alone), each extractor on those parsed Docs, the
parse with the extraction component (what a worker runs), the row ids the
parent computes, what crossing a process boundary costs for rows (what the
NLP stage's parse workers, pipelines/core/parse_workers.py, ship) against Docs
(what spaCy's nlp.pipe(n_process=N) ships, so what the bare multi-process parse
pays), and the DuckDB writes; then a cProfile of extract_rows names the
functions the extractors spend their time in, and `findings` says in words where
the NLP step's time beyond the bare parse goes. With --before CHECKOUT, each
extractor is also timed on the same parsed Docs under that checkout's code and
this one's, in fresh interpreters taking turns (`extractors_before_after`, with
spaCy's Token creations, Doc iterations and doc.text builds per article counted
by cProfile: counts, unlike seconds, do not depend on the machine's load, and
a hash of extract_rows' output on both sides; --extractors-only OUT does only that, into OUT). Writes
benchmarks/results/speed_profile.json, which benchmarks/perf_doc.py renders
into docs/performance.md.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import os
import pickle
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # as in the pipeline's workers

import spacy  # noqa: E402

from pipelines import warehouse  # noqa: E402
from pipelines.core.claims import extract_claims  # noqa: E402
from pipelines.core.cleaning import clean_article  # noqa: E402
from pipelines.core.entities import find_mentions  # noqa: E402
from pipelines.core.extraction import ROWS_KEY, ArticleExtraction, extract_rows, load_extraction_pipeline  # noqa: E402
from pipelines.core.quotes import extract_quotes  # noqa: E402
from pipelines.settings import get_settings  # noqa: E402

# Runs in a fresh interpreter with a checkout first on the path: times each extractor (as
# extract_rows calls it) on the Docs of a DocBin file, once, and counts spaCy's object
# building in one cProfile'd extract_rows pass. argv: model name, DocBin path.
EXTRACTORS = r"""
import cProfile, hashlib, json, pstats, sys, time
import spacy
from spacy.tokens import DocBin
from pipelines.core.claims import extract_claims
from pipelines.core.dates import date_candidates
from pipelines.core.entities import find_mentions
from pipelines.core.extraction import extract_rows
from pipelines.core.quotes import extract_quotes
nlp = spacy.load(sys.argv[1])
docs = list(DocBin().from_disk(sys.argv[2]).get_docs(nlp.vocab))
rows = [extract_rows(d) for d in docs]  # warm-up: lists, ranker, compiled patterns
def timed(fn):
    started = time.process_time()
    value = fn()
    return time.process_time() - started, value
seconds = {}
seconds["mentions"], mentions = timed(lambda: [find_mentions(d, roles=True) for d in docs])
named = [[m for m in ms if m.source != "role"] for ms in mentions]
seconds["quotes"] = timed(lambda: [extract_quotes(d, m) for d, m in zip(docs, named)])[0]
seconds["claims"] = timed(lambda: [extract_claims(d, m) for d, m in zip(docs, named)])[0]
seconds["dates"] = timed(lambda: [date_candidates(d) for d in docs])[0]
seconds["extract_rows"] = timed(lambda: [extract_rows(d) for d in docs])[0]
profiler = cProfile.Profile()
profiler.enable()
for d in docs:
    extract_rows(d)
profiler.disable()
calls = {"Token objects made": 0, "Doc iterations": 0, "doc.text builds": 0}
for (file, line, name), v in pstats.Stats(profiler).stats.items():
    if file.endswith("token.pxd") and name == "cinit":
        calls["Token objects made"] += v[1]
    elif file.endswith("doc.pyx") and name == "__iter__":
        calls["Doc iterations"] += v[1]
    elif file.endswith("doc.pyx") and name == "genexpr":
        calls["doc.text builds"] += v[1]
digest = hashlib.sha1(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
json.dump({"seconds": seconds, "calls_per_article": {k: round(v / len(docs), 1) for k, v in calls.items()},
           "rows_sha1": digest}, sys.stdout)
"""


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def compare_extractors(docs, model: str, before: Path, rounds: int) -> dict:
    """Each extractor's CPU seconds on the same Docs under `before`'s code and this checkout's:
    fresh interpreters taking turns for `rounds` rounds, the fastest of each side counting."""
    sides = {"before": before.resolve(), "after": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        docbin = Path(tmp) / "docs.spacy"
        spacy.tokens.DocBin(docs=docs).to_disk(docbin)
        measured: dict[str, list[dict]] = {"before": [], "after": []}
        for turn in range(rounds):
            for side in (("before", "after") if turn % 2 == 0 else ("after", "before")):
                env = dict(os.environ, PYTHONPATH=str(sides[side]))
                out = subprocess.run([sys.executable, "-c", EXTRACTORS, model, str(docbin)], cwd=sides[side],
                                     env=env, check=True, capture_output=True, text=True).stdout
                measured[side].append(json.loads(out))
    result = {side: {"checkout": str(path), "revision": _revision(path)} for side, path in sides.items()}
    for side, runs in measured.items():
        result[side]["seconds"] = {k: round(min(r["seconds"][k] for r in runs), 3) for k in runs[0]["seconds"]}
        result[side]["calls_per_article"] = runs[0]["calls_per_article"]
        result[side]["rows_sha1"] = runs[0]["rows_sha1"]
    result["same_rows"] = result["before"]["rows_sha1"] == result["after"]["rows_sha1"]
    return result


def _revision(path: Path) -> str:
    """The checkout's git revision (with '+changes' when its tree differs), or its folder name."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=path, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "pipelines"], cwd=path, capture_output=True,
                               text=True).stdout.strip()
        return rev + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return path.name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help=".jsonl corpus (records with title and body)")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--bbc", type=Path, help="BBC corpus folder: its first --bbc-docs files join the texts")
    parser.add_argument("--bbc-docs", type=int, default=100)
    parser.add_argument("--before", type=Path, help="checkout whose extractors are timed against this one's")
    parser.add_argument("--rounds", type=int, default=3, help="alternating timing rounds; the fastest counts")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "speed_profile.json")
    parser.add_argument("--extractors-only", type=Path, metavar="OUT",
                        help="with --before: only time the extractors of both checkouts on the same Docs, "
                             "results to OUT (e.g. benchmarks/results/extractors_before_after.json)")
    args = parser.parse_args()
    settings = get_settings()
    batch = settings.nlp_batch_size

    texts = []
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            try:
                texts.append(clean_article(record.get("body") or "", "jsonl", title=record.get("title")).body)
            except Exception:  # the pipeline rejects these; the profile just skips them
                continue
            if len(texts) >= args.docs:
                break
    n_reuters = len(texts)
    if args.bbc:  # BBC files: title on the first line, body after it
        for path in sorted(args.bbc.rglob("*.txt"))[:args.bbc_docs]:
            title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
            try:
                texts.append(clean_article(body, "txt", title=title).body)
            except Exception:
                continue

    n_bbc = len(texts) - n_reuters
    if args.extractors_only:  # the extractors alone, before against after, on one parse of the texts
        if not args.before:
            parser.error("--extractors-only needs --before")
        docs = list(spacy.load(settings.spacy_model).pipe(texts, batch_size=batch))
        result = {"measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  "load_avg": [round(v, 2) for v in os.getloadavg()], "docs": len(docs), "reuters": n_reuters,
                  "bbc": n_bbc, "tokens": sum(len(d) for d in docs), "rounds": args.rounds,
                  "extractors_before_after": compare_extractors(docs, settings.spacy_model, args.before, args.rounds)}
        args.extractors_only.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(result["extractors_before_after"], indent=1))
        return 0
    bare = spacy.load(settings.spacy_model)
    full = load_extraction_pipeline(settings.spacy_model)
    list(bare.pipe(texts[:20])), list(full.pipe(texts[:20]))  # warm-up

    # Bare and full parses alternate for --rounds rounds and the fastest of each counts: on a
    # shared machine the minimum is the figure least disturbed by other work.
    t_bare = t_full = t_mentions = t_quotes = t_claims = t_rows = float("inf")
    for _ in range(args.rounds):
        t, docs = timed(lambda: list(bare.pipe(texts, batch_size=batch)))
        t_bare = min(t_bare, t)
        t, mentions = timed(lambda: [find_mentions(d, roles=True) for d in docs])  # as extract_rows calls them
        t_mentions = min(t_mentions, t)
        named = [[m for m in ms if m.source != "role"] for ms in mentions]
        t_quotes = min(t_quotes, timed(lambda: [extract_quotes(d, m) for d, m in zip(docs, named)])[0])
        t_claims = min(t_claims, timed(lambda: [extract_claims(d, m) for d, m in zip(docs, named)])[0])
        t_rows = min(t_rows, timed(lambda: [extract_rows(d) for d in docs])[0])
        t, full_docs = timed(lambda: list(full.pipe(texts, batch_size=batch)))
        t_full = min(t_full, t)
    tokens = sum(len(d) for d in docs)
    rows = [d.user_data[ROWS_KEY] for d in full_docs]
    t_ids, extractions = timed(lambda: [ArticleExtraction.from_rows(f"a{i}", r) for i, r in enumerate(rows)])

    chunks = [rows[i:i + batch] for i in range(0, len(rows), batch)]
    t_rows_ipc, rows_bytes = timed(lambda: sum(len(pickle.loads(b) and b) for b in (pickle.dumps(c) for c in chunks)))
    t_doc_out, doc_bytes = timed(lambda: [d.to_bytes() for d in docs])
    t_doc_in, _ = timed(lambda: [spacy.tokens.Doc(bare.vocab).from_bytes(b) for b in doc_bytes])

    def write() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "w.duckdb")
            for i in range(0, len(extractions), 500):
                part = extractions[i:i + 500]
                ids = [e.article_id for e in part]
                with warehouse.connect(db) as con:
                    warehouse.replace_rows(con, [
                        ("mentions", "article_id", ids, [dict(m, run_id="r") for e in part for m in e.mentions]),
                        ("quotes", "article_id", ids, [dict(q, run_id="r") for e in part for q in e.quotes]),
                        ("numeric_claims", "article_id", ids, [dict(c, run_id="r") for e in part for c in e.claims]),
                    ])

    t_write, _ = timed(write)

    # Where the extractors' time goes: cumulative seconds of the busiest functions (cProfile inflates
    # every figure by its own overhead, so only the shares among them are meaningful).
    profiler = cProfile.Profile()
    profiler.enable()
    for d in docs:
        extract_rows(d)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(v[3] for (file, _, name), v in stats.items() if name == "extract_rows")
    hotspots = sorted(
        ({"function": f"{Path(file).relative_to(ROOT) if file.startswith(str(ROOT)) else Path(file).name}:{line}({name})",
          "calls": v[1], "share_of_extract_rows": round(v[3] / total, 3)}
         for (file, line, name), v in stats.items()
         if (file.startswith(str(ROOT / "pipelines")) or "spacy" in file) and name not in ("extract_rows", "<listcomp>")),
        key=lambda h: -h["share_of_extract_rows"])[:15]
    before_after = compare_extractors(docs, settings.spacy_model, args.before, args.rounds) if args.before else None
    share = lambda t: t / t_bare * 100  # noqa: E731
    findings = [
        f"The extractors add {share(t_rows):.1f} % to the bare parse (extract_rows on the parsed Docs; the parse "
        f"with the extraction component measured {share(t_full) - 100:+.1f} %). They run in the parse workers, "
        "next to the Doc, so this is the one cost the NLP step must add; it is the remaining gap.",
        f"Within the extractors: mentions {share(t_mentions):.1f} %, quotes {share(t_quotes):.1f} %, claims "
        f"{share(t_claims):.1f} % of the bare parse; the busiest functions are listed in `extractor_hotspots` "
        "(cumulative cProfile shares, which overstate spaCy's cheap Cython calls: each costs the profiler "
        "more than it costs itself; the CPU seconds above are measured without it).",
        f"Shipping Docs between processes (spaCy's nlp.pipe with n_process > 1, which the bare parse uses) costs "
        f"{share(t_doc_out + t_doc_in):.1f} %; the parse workers ship rows instead ({share(t_rows_ipc):.1f} %), "
        "so the bare multi-process parse pays a cost the NLP step does not.",
        f"The parent's own work: row ids {share(t_ids):.1f} %, DuckDB writes {share(t_write):.1f} %; the writes run "
        "while the workers parse the next batches (they are handed out ahead of the writer), so on a machine "
        "with a core to spare they are off the critical path; with exactly one core per worker they compete.",
        f"Net, on an idle machine: the NLP step should take about {100 + share(t_rows) - share(t_doc_out + t_doc_in):.0f} % "
        "of the bare multi-process parse of the same texts (extractors added, Doc shipping saved), plus the model "
        "load, which the bare parse's parse time leaves out (the measured step, in speed_reuters.json, is the verdict).",
    ]
    if before_after:
        b, a = before_after["before"], before_after["after"]
        findings.append(
            f"Against revision {b['revision']} (same Docs, CPU seconds, fastest of {args.rounds} turns): extract_rows "
            f"{b['seconds']['extract_rows']:.2f} s -> {a['seconds']['extract_rows']:.2f} s "
            f"({(1 - a['seconds']['extract_rows'] / b['seconds']['extract_rows']) * 100:.0f} % less); per article, "
            + ", ".join(f"{k} {b['calls_per_article'][k]:,.0f} -> {a['calls_per_article'][k]:,.0f}"
                        for k in a["calls_per_article"])
            + f"; extract_rows' output {'identical' if before_after['same_rows'] else 'DIFFERENT'} on both sides.")
    parts = [
        {"name": "bare parse (the model alone)", "seconds": round(t_bare, 3), "where": "worker"},
        {"name": "parse with the extraction component", "seconds": round(t_full, 3), "where": "worker"},
        {"name": "mentions extractor alone", "seconds": round(t_mentions, 3), "where": "worker"},
        {"name": "quotes extractor alone", "seconds": round(t_quotes, 3), "where": "worker"},
        {"name": "claims extractor alone", "seconds": round(t_claims, 3), "where": "worker"},
        {"name": "extract_rows: the three extractors and their row dicts (the component's work)",
         "seconds": round(t_rows, 3), "where": "worker"},
        {"name": "rows: pickle + unpickle (what the parse workers ship)", "seconds": round(t_rows_ipc, 3), "where": "both"},
        {"name": "Doc.to_bytes (spaCy's n_process workers, per Doc)", "seconds": round(t_doc_out, 3), "where": "worker"},
        {"name": "Doc.from_bytes (spaCy's n_process parent, per Doc)", "seconds": round(t_doc_in, 3), "where": "parent"},
        {"name": "row ids (ArticleExtraction.from_rows)", "seconds": round(t_ids, 3), "where": "parent"},
        {"name": "DuckDB writes (500 articles per transaction)", "seconds": round(t_write, 3), "where": "parent"},
    ]
    result = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "corpus": str(args.corpus),
        "docs": len(texts), "tokens": tokens, "batch_size": batch, "rounds": args.rounds, "load_avg": [round(v, 2) for v in os.getloadavg()],
        "bare_parse_seconds": round(t_bare, 3), "rows_bytes": rows_bytes, "doc_bytes": sum(len(b) for b in doc_bytes),
        "parts": parts,
        "findings": findings,
        "extractor_hotspots": hotspots,
        "extractors_before_after": before_after,
        "summary_heading": (f"First {len(texts) - n_bbc:,} records of `{args.corpus.name}`"
                            + (f" and first {n_bbc:,} BBC files" if n_bbc else "")
                            + f" after cleaning ({tokens:,} tokens), "
                            f"one process, fastest of {args.rounds} alternating rounds, measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with a load average "
                            f"of {os.getloadavg()[0]:.1f}; rows shipped between processes weigh "
                            f"{rows_bytes / 1e6:.1f} MB pickled, the Docs spaCy would ship "
                            f"{sum(len(b) for b in doc_bytes) / 1e6:.1f} MB."),
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
