"""What a story row says of its members, kept to its members as they are.

A story's counts, outlets and spans are read from its members whenever members join, leave or
change: the stories stage after each batch and after a split, and cleaning again after it rewrote
articles in place or removed them (pipelines/stages/recleaning.py), as when a new publication-time
parser gives an article another published time without another body.
"""
from __future__ import annotations

from collections.abc import Sequence

import duckdb

from pipelines.core import stories


# Per story, what its members say now: the articles it counts are the current versions of originals
# (an edited article counts once, a copy is its original's).
_MEMBERS_SQL = """
    SELECT s.story_id, count(a.article_id) AS articles,
           count(DISTINCT coalesce(a.publisher, $unknown)) FILTER (WHERE a.article_id IS NOT NULL) AS publishers,
           min(a.published_at) AS first_published, max(a.published_at) AS last_published,
           min(a.ingested_at) AS first_ingested, max(a.ingested_at) AS last_ingested
    FROM stories s
    LEFT JOIN story_articles sa ON sa.story_id = s.story_id
    LEFT JOIN articles a ON a.article_id = sa.article_id AND a.duplicate_of IS NULL AND a.superseded_by IS NULL
    WHERE {where}
    GROUP BY s.story_id
"""
# A story row as its members make it: a story that counts no article keeps its spans.
_AS_MEMBERS = {
    "article_count": "c.articles",
    "publisher_count": "c.publishers",
    "first_published_at": "CASE WHEN c.articles > 0 THEN c.first_published ELSE s.first_published_at END",
    "last_published_at": "CASE WHEN c.articles > 0 THEN c.last_published ELSE s.last_published_at END",
    "first_seen_at": "CASE WHEN c.articles > 0 THEN coalesce(c.first_published, c.first_ingested) ELSE s.first_seen_at END",
    "last_seen_at": "CASE WHEN c.articles > 0 THEN coalesce(c.last_published, c.last_ingested) ELSE s.last_seen_at END",
    "last_ingested_at": "CASE WHEN c.articles > 0 THEN c.last_ingested ELSE s.last_ingested_at END",
}


def refresh_stories(con: duckdb.DuckDBPyConnection, story_ids: Sequence[str]) -> None:
    """What a story row says of its members, from its members as they are now (inside the caller's
    transaction): article and outlet counts over the current versions of originals (articles without
    a publisher are one outlet, stories.UNKNOWN_OUTLET); the published span theirs (an undated
    article never stretches it); the seen span the published span, else (no member dated) their
    ingest times. A story that counts no article keeps its spans. Called wherever members join,
    leave or change."""
    if not story_ids:
        return
    con.execute(f"""
        UPDATE stories s SET {", ".join(f"{col} = {value}" for col, value in _AS_MEMBERS.items())}
        FROM ({_MEMBERS_SQL.format(where="s.story_id IN (SELECT unnest($ids::VARCHAR[]))")}) c
        WHERE s.story_id = c.story_id""", {"unknown": stories.UNKNOWN_OUTLET, "ids": list(story_ids)})


def stories_not_their_members(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The stories whose row says another thing of their members than `refresh_stories` would (a
    path that changed members without refreshing, or a row written by an older definition): the
    stories stage refreshes them first (the nothing-pending check asks too)."""
    return [sid for (sid,) in con.execute(f"""
        SELECT s.story_id FROM stories s JOIN ({_MEMBERS_SQL.format(where="TRUE")}) c USING (story_id)
        WHERE ({", ".join(f"s.{col}" for col in _AS_MEMBERS)}) IS DISTINCT FROM ({", ".join(_AS_MEMBERS.values())})
        ORDER BY s.story_id""", {"unknown": stories.UNKNOWN_OUTLET}).fetchall()]


def follow_rewritten_articles(con: duckdb.DuckDBPyConnection, story_ids: Sequence[str],
                              moved_in_time: Sequence[str]) -> None:
    """The stories stage's rows made from articles that cleaning rewrote in place or removed, brought
    in line inside the caller's transaction (`story_ids`: the stories that held them; `moved_in_time`:
    the rewritten articles whose published time changed), so that the stage's next run makes what a
    fresh build makes:
    - the stories' counts and spans, from their members now (`refresh_stories`);
    - date claims need nothing here: the stage's own question (date_claims.stale_articles) finds an
      article whose published day, or whose story's first day, is not the one its claims were read
      against, and makes them again;
    - quote clusters are made in time order (a cluster's id is its first quote's): the cluster rows
      of the quotes of an article that moved in time go, and the stage's own question ('quotes not
      clustered') has every quote clustered again in the new order."""
    refresh_stories(con, story_ids)
    if moved_in_time:
        con.execute("""DELETE FROM quote_clusters WHERE quote_id IN (
                           SELECT quote_id FROM quotes WHERE article_id IN (SELECT unnest(?::VARCHAR[])))""",
                    [list(moved_in_time)])
