"""Peak memory of the NLP pass over one very long article (memory bounded by the parse batch).

Run by hand (never part of the tests), one configuration per process, e.g.:

    .venv/bin/python benchmarks/memory_long_article.py --reuters ../shared/corpora/reuters21578.jsonl \
        --mb 1.5 --out benchmarks/results/memory_long_article.json

The article is real text: Reuters-21578 bodies (in file order) joined as paragraphs until it
holds --mb megabytes. It is ingested, cleaned and parsed (one process, the run's settings) into
a new warehouse; the result says the peak resident memory of the process (ru_maxrss), the
seconds of each stage, and the rows written. --label names the measurement in the results file
(several labels accumulate in one file).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build_article(reuters: Path, megabytes: float) -> str:
    target = int(megabytes * 1_000_000)
    parts, size = [], 0
    with open(reuters, encoding="utf-8") as handle:
        for line in handle:
            body = " ".join(json.loads(line).get("body", "").split())
            if len(body) < 200:
                continue
            parts.append(body)
            size += len(body.encode("utf-8")) + 2
            if size >= target:
                break
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reuters", type=Path, required=True)
    parser.add_argument("--mb", type=float, default=1.5)
    parser.add_argument("--label", default="current")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from pipelines import stages, warehouse
    from pipelines.settings import get_settings

    settings = get_settings()
    text = build_article(args.reuters, args.mb)
    timings = {}
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "long.txt"
        article.write_text("A very long article\n\n" + text, encoding="utf-8")
        db = str(Path(tmp) / "w.duckdb")
        started = time.perf_counter()
        with warehouse.connect(db) as con:
            stages.run_ingest(con, [str(article)], "bench")
            timings["ingest"] = time.perf_counter() - started
            stages.run_cleaning(con, "bench")
            timings["cleaning"] = time.perf_counter() - started - timings["ingest"]
        rss_before_nlp = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        report = stages.run_nlp(db, "bench", model_name=settings.spacy_model, batch_size=settings.nlp_batch_size,
                                processes=1, min_docs_per_process=1, piece_chars=settings.nlp_piece_chars,
                                log=lambda line: None)
        timings["nlp"] = time.perf_counter() - started
        with warehouse.connect(db, read_only=True) as con:
            rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("articles", "mentions", "quotes", "numeric_claims")}
            status = con.execute("SELECT status, pieces, error FROM nlp_processed").fetchall()
    result = {
        "label": args.label, "article_bytes": len(text.encode("utf-8")), "article_chars": len(text),
        "piece_chars": settings.nlp_piece_chars, "batch_size": settings.nlp_batch_size,
        "batch_chars": getattr(settings, "nlp_batch_chars", None),
        "peak_rss_mb_before_nlp": round(rss_before_nlp / 1024), 
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "seconds": {k: round(v, 1) for k, v in timings.items()}, "rows": rows,
        "nlp_status": [list(s) for s in status], "articles_parsed": report.articles, "failed": report.failed,
    }
    print(json.dumps(result))
    if args.out:
        existing = json.loads(args.out.read_text()) if args.out.exists() else {"runs": []}
        existing["runs"] = [r for r in existing["runs"] if r["label"] != args.label] + [result]
        args.out.write_text(json.dumps(existing, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
