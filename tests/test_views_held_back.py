"""Every view leaves out what a failed check holds back: holding an article back gives every
view exactly what it gives when the article's rows are not there at all."""
from __future__ import annotations

import shutil

import duckdb

from pipelines import warehouse
from pipelines.settings import SEEDS_DIR
from runs import run_pipeline


def view_rows(db) -> dict[str, list]:
    with warehouse.connect(str(db)) as con:
        con.execute("SET threads = 1")  # any_value / arg_min ties in some views: the same pick every time
        names = warehouse.apply_views(con)
        return {name: sorted(map(repr, con.execute(f"SELECT * FROM {name}").fetchall()))
                for name in names if name != "held_back"}


def test_every_view_leaves_out_held_back_articles(tmp_path):
    built = tmp_path / "built.duckdb"
    assert run_pipeline(built, [SEEDS_DIR]).success
    with duckdb.connect(str(built), read_only=True) as con:
        # The article with the most rows of its own, in a story with others.
        held = con.execute("""
            SELECT a.article_id FROM articles a JOIN story_articles sa USING (article_id)
            WHERE sa.story_id IN (SELECT story_id FROM story_articles GROUP BY 1 HAVING count(*) > 1)
            ORDER BY (SELECT count(*) FROM numeric_claims c WHERE c.article_id = a.article_id)
                   + (SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id) DESC, 1 LIMIT 1
        """).fetchone()[0]
        tables = [t for (t,) in con.execute(
            "SELECT DISTINCT table_name FROM duckdb_columns() WHERE column_name = 'article_id' "
            "AND NOT internal AND table_name IN (SELECT table_name FROM duckdb_tables()) "
            "AND table_name <> 'dq_checked'").fetchall()]
    held_db, gone_db = tmp_path / "held.duckdb", tmp_path / "gone.duckdb"
    shutil.copy(built, held_db)
    shutil.copy(built, gone_db)
    with warehouse.connect(str(held_db)) as con:
        con.execute("DELETE FROM dq_checked WHERE article_id = ?", [held])
        con.execute("INSERT INTO dq_checked VALUES ('articles', ?, 'articles', ?, 'r', 'v', false, "
                    "'[\"probe\"]', 'r', now() AT TIME ZONE 'UTC')", [held, held])
        assert con.execute("SELECT article_id FROM held_back").fetchall() == [(held,)]
    with warehouse.connect(str(gone_db)) as con:
        for table in tables:
            con.execute(f"DELETE FROM {table} WHERE article_id = ?", [held])
        con.execute("DELETE FROM dq_checked WHERE article_id = ?", [held])
    held_views, gone_views, all_views = view_rows(held_db), view_rows(gone_db), view_rows(built)
    assert len(held_views) >= 12 and "article_stats" in held_views and "article_versions" in held_views
    differs = {name: (sorted(set(held_views[name]) - set(gone_views[name]))[:3],
                      sorted(set(gone_views[name]) - set(held_views[name]))[:3])
               for name in held_views if held_views[name] != gone_views[name]}
    assert differs == {}
    # The article was in them before it was held back.
    assert {n for n in all_views if all_views[n] != held_views[n]} >= {
        "article_stats", "article_versions", "claims_by_outlet", "speaker_quote_counts", "entity_mention_counts"}
