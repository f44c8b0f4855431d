"""What it costs the entities stage to follow removed rows on a built warehouse, and whether the
result is what resolving every name again (a fresh build's resolution) gives.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/entities_removed_rows_cost.py /work/shared/corpora/bbc --articles 300 \
        --seed 11 --out benchmarks/results/entities_removed_rows_bbc300.json

Articles are drawn at random (seed recorded) from the corpus's .txt files and built with the stages
(ingest, cleaning, NLP with one process, entities). Then, each from a copy of that warehouse:
- nothing: the entities step with nothing to do (the cost of asking which entities lost rows),
  five times (the median is reported);
- body_changed: one article (drawn with the seed among those with a paragraph naming a person)
  loses that paragraph, as a cleaning change that rewrites its body does (body_hash cleared), is
  parsed again, and the entities step runs (timed);
- article_gone: one article's NLP rows go, as when the cleaning code now rejects it (timed);
- every_name: the entities step resolving every name again (a code version change), for scale.
For body_changed and article_gone the warehouse after the step is compared with a copy on which
every name is then resolved again (what a fresh build's resolution of the same rows gives): entity
rows (id, name, label, aliases, counts) and every row's entity id.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_draw import draw_text_files  # noqa: E402
from pipelines import stages, warehouse  # noqa: E402
from pipelines.settings import DEFAULT_MODEL  # noqa: E402

_ENTITIES = "SELECT entity_id, name, label, aliases, mention_count, article_count FROM entities ORDER BY ALL"
_LINKS = ("SELECT 'm', mention_id, entity_id FROM mentions UNION ALL SELECT 'q', quote_id, speaker_entity_id || "
          "'/' || coalesce(reported_by_entity_id, '') FROM quotes UNION ALL SELECT 'c', claim_id, entity_id "
          "FROM numeric_claims ORDER BY ALL")


def _nlp(db: Path, run_id: str) -> float:
    start = time.perf_counter()
    stages.run_nlp(str(db), run_id, model_name=DEFAULT_MODEL, batch_size=32, processes=1, min_docs_per_process=1,
                   log=lambda _: None)
    return time.perf_counter() - start


def _counts(report) -> dict:
    """What the step resolved again (None from code before it followed removed rows)."""
    return {"entities_re_resolved": getattr(report, "entities_re_resolved", None),
            "entities_retired": getattr(report, "entities_retired", None)}


def _entities(db: Path, run_id: str) -> tuple[float, stages.EntitiesReport]:
    with warehouse.connect(str(db)) as con:
        start = time.perf_counter()
        report = stages.run_entities(con, run_id)
        return time.perf_counter() - start, report


def _state(db: Path) -> tuple[list, list]:
    with warehouse.connect(str(db), read_only=True) as con:
        entities = [tuple(tuple(v) if isinstance(v, list) else v for v in row)
                    for row in con.execute(_ENTITIES).fetchall()]
        return entities, con.execute(_LINKS).fetchall()


def _against_every_name_again(db: Path, work: Path) -> dict:
    """Resolve every name of a copy again (as a new entities code version does) and compare."""
    copy = work / "every_name.duckdb"
    shutil.copy(db, copy)
    with warehouse.connect(str(copy)) as con:
        con.execute("UPDATE entities SET code_version = 'older'")
    _entities(copy, "every-name")
    (ents, links), (ref_ents, ref_links) = _state(db), _state(copy)
    copy.unlink()
    return {"entities_differing": len(set(ents) ^ set(ref_ents)), "links_differing": len(set(links) ^ set(ref_links)),
            "same_as_every_name_again": ents == ref_ents and links == ref_links}


def _pick_paragraph(db: Path, seed: int) -> tuple[str, str, str]:
    """(article id, its body, the body without one paragraph that names a person)."""
    with warehouse.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT a.article_id, a.body, list(m.start_char) FROM articles a
                              JOIN mentions m USING (article_id) WHERE m.label = 'PERSON'
                              GROUP BY ALL ORDER BY 1""").fetchall()
    rng = random.Random(seed)
    while True:
        article_id, body, starts = rng.choice(rows)
        start = rng.choice(sorted(starts))
        begin = body.rfind("\n\n", 0, start)
        end = body.find("\n\n", start)
        if begin > 0 and end > 0:  # a paragraph inside the body (not its first or last)
            return article_id, body, body[:begin] + body[end:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="entities_removed_rows_"))
    try:
        draw_text_files(args.corpus, args.articles, args.seed, work / "in")
        built = work / "built.duckdb"
        with warehouse.connect(str(built)) as con:
            stages.run_ingest(con, [str(work / "in")], "build")
            stages.run_cleaning(con, "build")
        nlp_seconds = _nlp(built, "build")
        build_seconds, build_report = _entities(built, "build")
        with warehouse.connect(str(built), read_only=True) as con:
            size = dict(zip(("articles", "mentions", "entities", "linked_rows"), con.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), "
                "(SELECT count(*) FROM entities), (SELECT count(entity_id) FROM mentions) + "
                "(SELECT count(speaker_entity_id) + count(reported_by_entity_id) FROM quotes) + "
                "(SELECT count(entity_id) FROM numeric_claims)").fetchone()))
        result = {"benchmark": "benchmarks/entities_removed_rows_cost.py", "corpus": str(args.corpus),
                  "articles_drawn": args.articles, "seed": args.seed, "warehouse": size,
                  "build": {"nlp_seconds": round(nlp_seconds, 2), "entities_seconds": round(build_seconds, 3),
                            "names_resolved": build_report.names_resolved}}

        db = work / "db.duckdb"
        shutil.copy(built, db)
        times = []
        for k in range(5):  # the same step five times on the same warehouse: the spread of the clock
            seconds, report = _entities(db, f"nothing-{k}")
            times.append(round(seconds, 3))
        result["nothing"] = {"entities_seconds": sorted(times)[2], "all_seconds": times, **_counts(report)}

        shutil.copy(built, db)
        article_id, body, new_body = _pick_paragraph(db, args.seed)
        with warehouse.connect(str(db)) as con:
            con.execute("UPDATE articles SET body = ?, body_hash = left(sha256(?), 16) WHERE article_id = ?",
                        [new_body, new_body, article_id])
            con.execute("UPDATE nlp_processed SET body_hash = NULL WHERE article_id = ?", [article_id])
        reparse = _nlp(db, "body-changed")
        seconds, report = _entities(db, "body-changed")
        result["body_changed"] = {
            "article_id": article_id, "chars_removed": len(body) - len(new_body), "nlp_seconds": round(reparse, 2),
            "entities_seconds": round(seconds, 3), **_counts(report), "entities_renamed": report.entities_renamed,
            "names_resolved": report.names_resolved, **_against_every_name_again(db, work)}

        shutil.copy(built, db)
        with warehouse.connect(str(db)) as con:
            gone = con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()
            gone = random.Random(args.seed + 1).choice(gone)[0]
            for table in ("mentions", "quotes", "numeric_claims", "date_candidates", "nlp_processed"):
                con.execute(f"DELETE FROM {table} WHERE article_id = ?", [gone])
            con.execute("DELETE FROM articles WHERE article_id = ?", [gone])
        seconds, report = _entities(db, "article-gone")
        result["article_gone"] = {
            "article_id": gone, "entities_seconds": round(seconds, 3),
            **_counts(report),
            "names_resolved": report.names_resolved, **_against_every_name_again(db, work)}

        shutil.copy(built, db)
        with warehouse.connect(str(db)) as con:
            con.execute("UPDATE entities SET code_version = 'older'")
        seconds, report = _entities(db, "every-name")
        result["every_name"] = {"entities_seconds": round(seconds, 3), "names_resolved": report.names_resolved}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
