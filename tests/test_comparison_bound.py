"""Claim comparisons within a story are bounded: templated articles do not make millions of pairs."""
from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from pipelines import warehouse


def test_claims_compared_per_story_and_object_are_capped_keeping_every_distinct_figure(tmp_path):
    db = tmp_path / "w.duckdb"
    start = datetime(2024, 1, 1)
    n = 180  # articles without a publisher (each its own outlet), one claim each about the same thing
    articles, links, claims = [], [], []
    for i in range(n):
        aid = f"a{i:04d}"
        articles.append({"article_id": aid, "source_path": f"/in/{aid}.txt", "language": "en", "body": "x",
                         "word_count": 1, "body_hash": aid, "ingested_at": start + timedelta(minutes=i),
                         "cleaned_at": start, "version": 1})
        links.append({"article_id": aid, "story_id": "s1", "similarity": 1.0, "method": "test", "assigned_at": start})
        value = 273.0 if i < n - 3 else 300.0 + i  # the last three report other figures
        claims.append({"claim_id": f"c{i:04d}", "article_id": aid, "text": f"{value:g} drones", "qualifier": "=",
                       "sentence": 0, "start_char": 0, "end_char": 3, "value": value, "object_lemma": "drone",
                       "predicate": "launch"})
    with warehouse.connect(str(db)) as con:
        for table, rows in (("articles", articles), ("story_articles", links), ("numeric_claims", claims)):
            warehouse.insert_frame(con, table, warehouse.rows_frame(con, table, rows))
        warehouse.apply_views(con)
    with duckdb.connect(str(db), read_only=True) as con:
        pairs = con.execute("SELECT count(*), count(*) FILTER (WHERE verdict <> 'agree'), "
                            "count(DISTINCT claim_id_a) + 0 FROM claim_comparisons").fetchone()
        compared = {r[0] for r in con.execute(
            "SELECT claim_id_a FROM claim_comparisons UNION SELECT claim_id_b FROM claim_comparisons").fetchall()}
    assert pairs[0] == 100 * 99 // 2  # not 180 * 179 / 2 = 16,110
    assert len(compared) == 100
    assert {f"c{i:04d}" for i in range(n - 3, n)} <= compared  # the other figures are kept
    # each of the three differs from the 97 others and from each other (undated: 'different time')
    assert pairs[1] == 3 * 97 + 3
