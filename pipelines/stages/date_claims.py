"""Date claims: the stories stage's reading of the NLP pass's date candidates, kept current.

An article's date claims follow from four things: its date candidates (stored by the NLP pass
from its one parse, pipelines/core/dates.py), the entities of its mentions (a claim's places and
participants are entity ids), its reference day (its published date, else the earliest published
date of its story's articles; with neither, an expression the text does not fix gets no calendar
day), and the code that reads them (`code_versions.date_claims_version`: core/dates.py, this module
and the entities version). story_processed records per article the version, the reference day
and the parse (nlp_processed.processed_at) its claims were made from; the claims of an article
are made again, and only those, when

- they were made by another code version (or before versions were recorded),
- the NLP pass parsed the article again since (its nlp_processed.processed_at is not the one
  recorded),
- its reference day is another now, or the same day from elsewhere (its published time changed
  or went, or its story's first published time moved: `story_members.refresh_stories` keeps a story's
  span that of its current members),
- a place or participant id no longer names an entity (renamed or merged since).

Making them reads only what a fresh build reads, so the rows are a fresh build's.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime

import duckdb
import polars as pl

from pipelines import code_versions
from pipelines.core import dates


def reference_day(published_at: datetime | None, story_first_published: datetime | None) -> tuple[date | None, str]:
    """The day an article's relative dates are read against, and where it comes from. Never the
    ingest day: a file loaded today says nothing about the day its 'Friday' was."""
    if published_at is not None:
        return published_at.date(), "article"
    if story_first_published is not None:
        return story_first_published.date(), "story"
    return None, "none"


def load_mentions(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, list[tuple]]:
    """(start, end, entity_id, label) of the linked mentions of each article."""
    con.register("_dc_articles", pl.DataFrame({"id": list(article_ids)}, schema={"id": pl.Utf8}).to_arrow())
    rows = con.execute("""SELECT article_id, start_char, end_char, entity_id, label FROM mentions
                          WHERE article_id IN (SELECT id FROM _dc_articles) AND entity_id IS NOT NULL
                          ORDER BY article_id, start_char""").fetchall()
    con.unregister("_dc_articles")
    out: dict[str, list[tuple]] = {}
    for aid, start, end, eid, label in rows:
        out.setdefault(aid, []).append((start, end, eid, label))
    return out


def date_claim_rows(con: duckdb.DuckDBPyConnection, articles: Sequence[tuple[str, datetime | None, datetime | None]],
                    mentions_of: dict[str, list[tuple]], run_id: str, now: datetime) -> tuple[list[dict], list[dict]]:
    """The date_claims rows and story_processed rows of `articles` ((article_id, published_at, the
    first published_at of its story)) from their stored date candidates; `mentions_of` gives each
    article's (start, end, entity_id, label) mentions."""
    from pipelines.core.extraction import row_id  # ids as the NLP pass makes them

    version = code_versions.date_claims_version().version
    fields = [f.name for f in dataclasses.fields(dates.DateCandidate)]
    con.register("_dc_articles", pl.DataFrame({"id": [a[0] for a in articles]}, schema={"id": pl.Utf8}).to_arrow())
    candidates: dict[str, list[dates.DateCandidate]] = {}
    for aid, *values in con.execute(f"""
            SELECT article_id, {", ".join(fields)} FROM date_candidates
            WHERE article_id IN (SELECT id FROM _dc_articles) ORDER BY article_id, start_char""").fetchall():
        candidates.setdefault(aid, []).append(dates.DateCandidate(**dict(zip(fields, values))))
    parsed = dict(con.execute("SELECT article_id, processed_at FROM nlp_processed "
                              "WHERE article_id IN (SELECT id FROM _dc_articles)").fetchall())
    con.unregister("_dc_articles")
    rows, processed = [], []
    for aid, published, story_first_published in articles:
        reference, source = reference_day(published, story_first_published)
        n = 0
        for candidate in candidates.get(aid, []):
            c = dates.resolve_candidate(candidate, reference, mentions_of.get(aid, []))
            if c is None:
                continue
            n += 1
            rows.append({
                "date_claim_id": row_id(aid, "d", c.start_char, c.end_char), "article_id": aid, "text": c.text,
                "start_char": c.start_char, "end_char": c.end_char, "sentence": c.sentence,
                "date_value": c.date_value, "resolution": c.resolution, "reference_date": reference,
                "reference_source": source, "event": c.event, "event_class": c.event_class,
                "event_start": c.event_start, "event_end": c.event_end, "subject": c.subject,
                "locations": c.locations, "participants": c.participants, "run_id": run_id})
        processed.append({"article_id": aid, "date_claims": n, "processed_at": now, "run_id": run_id,
                          "code_version": version, "reference_date": reference,
                          "parsed_at": parsed.get(aid)})
    return rows, processed


# Per article with a story: whether its date claims were made from what holds now (the module
# docstring's four reasons; one column each, so a run can say why).
_STALE_SQL = """
    SELECT sp.article_id, a.published_at, s.first_published_at,
           sp.code_version IS DISTINCT FROM $version AS other_code,
           p.processed_at IS DISTINCT FROM sp.parsed_at AS parsed_again,
           sp.reference_date IS DISTINCT FROM CAST(coalesce(a.published_at, s.first_published_at) AS DATE)
               -- the same day from elsewhere (the article lost or gained its date): its claims say where
               OR EXISTS (SELECT 1 FROM date_claims d WHERE d.article_id = sp.article_id
                          AND d.reference_source IS DISTINCT FROM CASE WHEN a.published_at IS NOT NULL THEN 'article'
                                                                      WHEN s.first_published_at IS NOT NULL THEN 'story'
                                                                      ELSE 'none' END)
               AS other_reference,
           sp.article_id IN (SELECT d.article_id
                             FROM date_claims d, unnest(list_concat(d.locations, d.participants)) u(id)
                             WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = u.id)) AS entity_gone,
           sa.story_id
    FROM story_processed sp
    JOIN story_articles sa USING (article_id)
    JOIN articles a ON a.article_id = sp.article_id
    LEFT JOIN stories s ON s.story_id = sa.story_id
    LEFT JOIN nlp_processed p ON p.article_id = sp.article_id
"""
_REASONS = ("made by another code version", "parsed again", "another reference day", "an entity renamed or merged")


def stale_articles(con: duckdb.DuckDBPyConnection,
                   story_ids: Sequence[str] | None = None) -> tuple[list[tuple], dict[str, int]]:
    """The articles whose date claims must be made again ((article_id, published_at, story's first
    published_at), in id order; of the stories `story_ids` only, when given) and how many for each reason."""
    where = "" if story_ids is None else " AND story_id IN (SELECT unnest($stories::VARCHAR[]))"
    rows = con.execute(f"SELECT * EXCLUDE (story_id) FROM ({_STALE_SQL}) WHERE (other_code OR parsed_again "
                       f"OR other_reference OR entity_gone){where} ORDER BY article_id",
                       {"version": code_versions.date_claims_version().version}
                       | ({} if story_ids is None else {"stories": list(story_ids)})).fetchall()
    counts = {why: sum(1 for r in rows if r[3 + i]) for i, why in enumerate(_REASONS)}
    return [r[:3] for r in rows], {k: v for k, v in counts.items() if v}


def describe_stale(articles: Sequence[tuple], reasons: dict[str, int]) -> str | None:
    """What `stale_articles` found, in words; None when nothing is stale."""
    if not articles:
        return None
    return f"date claims of {len(articles)} article(s) to make again (" + \
        ", ".join(f"{why}: {n}" for why, n in reasons.items()) + ")"


def date_claims_out_of_date(con: duckdb.DuckDBPyConnection) -> str | None:
    """None when every article's date claims were made from what holds now, else why not."""
    return describe_stale(*stale_articles(con))


def rederive(con: duckdb.DuckDBPyConnection, articles: Sequence[tuple], run_id: str, now: datetime) -> int:
    """Make the date claims of `articles` (from stale_articles) again, inside the caller's
    transaction; returns how many claims they have now."""
    from pipelines import warehouse

    if not articles:
        return 0
    ids = [a[0] for a in articles]
    rows, processed = date_claim_rows(con, articles, load_mentions(con, ids), run_id, now)
    con.register("_dc_keys", pl.DataFrame({"id": ids}, schema={"id": pl.Utf8}).to_arrow())
    for table, frame in (("date_claims", warehouse.rows_frame(con, "date_claims", rows)),
                         ("story_processed", warehouse.rows_frame(con, "story_processed", processed))):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM _dc_keys)")
        warehouse.insert_frame(con, table, frame)
    con.unregister("_dc_keys")
    return len(rows)
