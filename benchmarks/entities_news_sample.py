"""Load a seeded BBC + Reuters sample through the whole pipeline and draw entities to judge.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/entities_news_sample.py --bbc ../shared/corpora/bbc \
        --reuters ../shared/corpora/reuters21578.jsonl --per-corpus 1000 --seed 29 \
        --db /tmp/news2000.duckdb --draw 50 --draw-seed 2901 --out /tmp/draw.json

The sample: `--per-corpus` BBC files (README excluded) and as many Reuters records, each
drawn with random.Random(seed).sample over the sorted list, loaded by one Dagster run into
`--db` (a fresh file). Then the `--top` entities with the most articles (noise included, so
a real name flagged as noise is judged too) are listed and `--draw` of them are drawn with
random.Random(draw_seed).sample; each is written with its aliases, labels seen and a few
mentions in context, for a person to judge (name, label, merges/splits).
`--skip-load` draws again from an existing warehouse.
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

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_landing(bbc: Path, reuters: Path, per_corpus: int, seed: int, landing: Path) -> dict:
    """Copy the seeded sample into one landing folder; return what was drawn."""
    files = sorted(p for p in bbc.rglob("*.txt") if p.name.upper() != "README.TXT")
    chosen = random.Random(seed).sample(files, per_corpus)
    for f in chosen:
        target = landing / "bbc" / f.relative_to(bbc)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    lines = reuters.read_text(encoding="utf-8").splitlines()
    picked = sorted(random.Random(seed).sample(range(len(lines)), per_corpus))
    (landing / "reuters").mkdir(parents=True, exist_ok=True)
    (landing / "reuters" / "reuters_sample.jsonl").write_text(
        "\n".join(lines[i] for i in picked) + "\n", encoding="utf-8")
    return {"bbc_files": [str(f.relative_to(bbc)) for f in chosen], "reuters_lines": picked}


def load(landing: Path, db: Path) -> float:
    from dagster import DagsterInstance, materialize

    from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
    from pipelines.resources import NlpResource, WarehouseResource

    started = time.perf_counter()
    result = materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        resources={"warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource()},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(landing)]}}},
                    "loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False,
    )
    print(f"load: {time.perf_counter() - started:.1f}s success={result.success}", flush=True)
    return time.perf_counter() - started


def draw(db: Path, top: int, n: int, draw_seed: int) -> list[dict]:
    """The `top` entities by articles (ties by name), `n` of them drawn, with context."""
    with duckdb.connect(str(db), read_only=True) as con:
        ranked = con.execute(
            "SELECT entity_id, name, label, aliases, mention_count, article_count, is_noise, noise_reason "
            "FROM entities ORDER BY article_count DESC, mention_count DESC, name LIMIT ?", [top]).fetchall()
        picked = random.Random(draw_seed).sample(range(len(ranked)), n)
        out = []
        for rank in sorted(picked):
            eid, name, label, aliases, mc, ac, noise, reason = ranked[rank]
            forms = con.execute(
                "SELECT text, label, ner_label, count(*) FROM mentions WHERE entity_id = ? "
                "GROUP BY ALL ORDER BY 4 DESC LIMIT 12", [eid]).fetchall()
            contexts = con.execute(
                "SELECT substr(a.body, greatest(1, m.start_char - 70), m.end_char - m.start_char + 140) "
                "FROM mentions m JOIN articles a USING (article_id) WHERE m.entity_id = ? "
                "ORDER BY hash(m.mention_id) LIMIT 4", [eid]).fetchall()
            out.append({"rank": rank + 1, "entity_id": eid, "name": name, "label": label,
                        "aliases": list(aliases)[:15], "mentions": mc, "articles": ac,
                        "is_noise": noise, "noise_reason": reason,
                        "forms": [[t, lab, ner, c] for t, lab, ner, c in forms],
                        "contexts": [" ".join(c[0].split()) for c in contexts]})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bbc", type=Path, required=True)
    parser.add_argument("--reuters", type=Path, required=True)
    parser.add_argument("--per-corpus", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--db", type=Path, required=True, help="warehouse file to create (or reuse with --skip-load)")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--top", type=int, default=200)
    parser.add_argument("--draw", type=int, default=50)
    parser.add_argument("--draw-seed", type=int, default=2901)
    parser.add_argument("--out", type=Path, required=True, help="JSON of the drawn entities, for judging")
    args = parser.parse_args()

    meta = {"seed": args.seed, "per_corpus": args.per_corpus, "top": args.top, "draw": args.draw,
            "draw_seed": args.draw_seed, "db": str(args.db)}
    if not args.skip_load:
        if args.db.exists():
            args.db.unlink()
        landing = Path(tempfile.mkdtemp(prefix="newsetl-entities-sample-"))
        build_landing(args.bbc, args.reuters, args.per_corpus, args.seed, landing)
        meta["load_seconds"] = round(load(landing, args.db), 1)
    drawn = draw(args.db, args.top, args.draw, args.draw_seed)
    args.out.write_text(json.dumps({**meta, "entities": drawn}, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"{len(drawn)} entities written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
