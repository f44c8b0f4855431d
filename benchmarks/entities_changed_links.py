"""Mentions whose entity a change of the cross-article rules changes, between two warehouses built
from the same articles (the old rules' and the new ones', e.g. the same file re-resolved after a
code version change), to read.

    .venv/bin/python benchmarks/entities_changed_links.py OLD.duckdb NEW.duckdb --out results.json

Each person mention (article, span) is compared by the canonical name of the entity it links to;
every change is listed with its context and the mention counts per (old entity, new entity).
Mentions whose label or canonical name changes (the NLP step's, before the warehouse vote) are
listed apart, with the new label's source, to be read one by one.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import duckdb

_LINKS = """SELECT m.article_id, m.start_char, m.text, m.label, e.name,
                   substr(a.body, greatest(1, m.start_char - 60), 140), m.label_source, m.canonical_name
            FROM mentions m JOIN entities e USING (entity_id) JOIN articles a USING (article_id)"""


def links(db: Path) -> dict[tuple[str, int], tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {(r[0], r[1]): r[2:] for r in con.execute(_LINKS).fetchall()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    old, new = links(args.old), links(args.new)
    changed = [(k, old[k], new[k]) for k in sorted(old) if k in new and old[k][2] != new[k][2]]
    pairs = Counter((o[2], n[2]) for _, o, n in changed)
    result = {
        "old": str(args.old), "new": str(args.new), "mentions": len(old),
        "changed_mentions": len(changed), "changed_articles": len({k[0] for k, _, _ in changed}),
        "moves": [{"from": a, "to": b, "mentions": n} for (a, b), n in pairs.most_common()],
        "changes": [{"article_id": k[0], "start": k[1], "text": o[0], "label": n[1], "from": o[2], "to": n[2],
                     "context": " ".join(n[3].split())} for k, o, n in changed],
    }
    relabelled = [(k, old[k], new[k]) for k in sorted(old) if k in new and (old[k][1], old[k][5]) != (new[k][1], new[k][5])]
    result["label_or_name_changes"] = {
        "changed_mentions": len(relabelled), "articles": len({k[0] for k, _, _ in relabelled}),
        "rows": [{"article_id": k[0], "start": k[1], "text": o[0], "from": f"{o[1]} {o[5]}", "to": f"{n[1]} {n[5]}",
                  "source": n[4], "context": " ".join(n[3].split())} for k, o, n in relabelled],
    }
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(changed)} of {len(old)} mentions change entity in {result['changed_articles']} articles; "
          f"{len(relabelled)} change label or name")
    for move in result["moves"]:
        print(f"  {move['mentions']:4}  {move['from']!r} -> {move['to']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
