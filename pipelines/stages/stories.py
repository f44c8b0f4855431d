"""Stage 5: stories across outlets, quote clusters and date claims for new articles.

For the articles the NLP pass and the entities stage have finished and no story holds yet:
1. assign each to a story (pipelines/core/stories.py), looking candidates up in the
   story_postings index for its salient entities only;
2. cluster its quotes with the same speaker's quotes in the same story or with the same
   words anywhere (pipelines/core/quote_clusters.py);
3. resolve its date candidates (stored by the NLP pass from its one parse) into date claims
   (pipelines/stages/date_claims.py): the calendar day against the article's date (else its
   story's dated articles; with neither, an expression the text does not fix gets no day),
   places and participants from the resolved mentions.
   No model is loaded here.
Everything is written in one transaction; a re-run finds nothing new and adds nothing. A story's
counts, outlets and spans are read from its current members whenever members join, leave or change
(pipelines/stages/story_members.py).
Numeric claim comparisons are the `claim_comparisons` view over these tables.

The warehouse follows the code and the rows the stage reads. Before new articles, each run brings
the rows of the articles already in stories up to date (`refresh_derived_rows`, one transaction):
- quote clusters: every clustered quote carries the quote-clustering version it was clustered with
  (quote_clusters.code_version: quote_clusters.py, this module, and the entities version, as speakers
  are entities). When it differs, or the quotes changed since (an article parsed again, a speaker
  re-resolved, a quote gone or never clustered), every quote cluster is recomputed in the order a
  fresh build clusters them, so the rows are a fresh build's and a cluster whose grouping is
  unchanged keeps its id (its first quote's);
- date claims: made again per article when their code version, the article's parse, its reference
  day or the entities they name changed (pipelines/stages/date_claims.py);
- story postings and document frequencies of an entity renamed or merged move to its current id;
- story terms of an article parsed again: the document frequencies are counted again over the
  members and its story's centroid is rebuilt from its members (pipelines/stages/story_members.py).
Story assignment is online and story ids never change, so a change of the stories version
(stories_version, recorded in code_versions) assigns only new articles with the new code: an
article keeps its story.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import duckdb
import polars as pl

from pipelines import code_versions, warehouse
from pipelines.core import dates, quote_clusters, stories
from pipelines.stages import date_claims, story_members
from pipelines.stages._common import utcnow


@dataclass
class StoriesReport:
    articles: int = 0
    stories_created: int = 0
    stories_grown: int = 0
    stories_merged: int = 0  # stories absorbed by the second stage (story_merges)
    quotes_clustered: int = 0
    quote_clusters_grown: int = 0
    date_claims: int = 0
    quotes_reclustered: int = 0  # quotes whose clusters were recomputed (code version or quotes changed)
    reclustered_because: str | None = None
    date_claims_remade: int = 0  # articles whose date claims were made again (their inputs or code changed)
    date_claims_remade_because: str | None = None
    entity_terms_renamed: int = 0  # story postings terms of renamed or merged entities moved to the current id
    stories_refreshed: int = 0  # stories whose counts, spans or label were read from their members again
    stories_rebuilt: int = 0  # stories whose centroid was rebuilt from members parsed again


def _ids_table(con: duckdb.DuckDBPyConnection, name: str, ids: Sequence[str]) -> None:
    con.register(name, pl.DataFrame({"id": list(ids)}, schema={"id": pl.Utf8}).to_arrow())


def articles_needing_stories(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[tuple]:
    """New articles (NLP done) in time order; originals before their duplicates."""
    return con.execute(("""
        SELECT a.article_id, a.body, a.title, a.publisher, a.published_at, a.ingested_at,
               -- an exact duplicate skipped by the NLP pass follows its original
               CASE WHEN EXISTS (SELECT 1 FROM nlp_processed p WHERE p.article_id = a.article_id)
                    THEN NULL ELSE a.duplicate_of END AS follows
        FROM articles a
        WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.article_id)
          AND (EXISTS (SELECT 1 FROM nlp_processed p WHERE p.article_id = a.article_id)
               OR a.duplicate_of IS NOT NULL)
        ORDER BY a.duplicate_of IS NOT NULL, coalesce(a.published_at, a.ingested_at), a.article_id
    """) + (f" LIMIT {int(limit)}" if limit else "")).fetchall()


def _window_sql(docs: Sequence[stories.ArticleDoc], params: stories.StoryParams) -> tuple[str, list]:
    """A condition on `stories` rows: the story may be inside the time window of one of `docs`
    (a superset of what core.stories.in_window accepts), with its parameters. Stories outside it
    cannot be joined, so the lookup leaves them out before ranking."""
    window = timedelta(days=params.window_days)
    dated_window = timedelta(days=max(params.window_days, params.dated_window_days))
    published = [d.published_at for d in docs if d.published_at is not None]
    ingested = [d.ingested_at for d in docs]
    # Both dated: the article's date against the story's span. Otherwise ingest times.
    dated = "(first_published_at IS NOT NULL AND first_published_at <= ? AND last_published_at >= ?)"
    by_ingest = "last_ingested_at BETWEEN ? AND ?"
    ingest_params = [min(ingested) - window, max(ingested) + window]
    if not published:
        return by_ingest, ingest_params
    dated_params = [max(published) + dated_window, min(published) - dated_window]
    if len(published) == len(docs):
        return f"({dated} OR (first_published_at IS NULL AND {by_ingest}))", dated_params + ingest_params
    return f"({dated} OR {by_ingest})", dated_params + ingest_params


def _load_index(con: duckdb.DuckDBPyConnection, salient: Sequence[str], terms: Sequence[str],
                params: stories.StoryParams, docs: Sequence[stories.ArticleDoc] = ()) -> stories.StoryIndex:
    """The stories sharing any of the `salient` terms (postings lookup: per term the heaviest
    `candidates_per_term` of the stories inside the time window of one of `docs`), each with its
    centroid's weights for `terms` only (what comparing the batch's articles reads) and the whole
    centroid's length; the index reads a story's whole centroid when an article joins it."""

    def load_centroids(story_ids: list[str]) -> dict[str, dict[str, float]]:
        return {sid: {} for sid in story_ids} | _centroids(con, "story_id IN (SELECT unnest(?::VARCHAR[]))", [story_ids])

    index = stories.StoryIndex(params, load_centroids)
    if not salient:
        return index
    window, window_params = _window_sql(docs, params) if docs else ("TRUE", [])
    _ids_table(con, "_terms", salient)
    # In the window before the ranking: in a warehouse of years, a common entity's heaviest stories
    # are mostly old ones no article of the batch can join, and the lookup would grow with the years.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _hit AS
        SELECT DISTINCT story_id FROM story_postings
        WHERE term IN (SELECT id FROM _terms)
          AND story_id IN (SELECT story_id FROM stories WHERE {window})
        QUALIFY row_number() OVER (PARTITION BY term ORDER BY weight DESC, story_id) <= ?
    """, [*window_params, params.candidates_per_term])
    con.unregister("_terms")
    # Lengths in SQL (whole, and of the entity terms alone): the candidates' whole centroids (about 80
    # terms each) never become Python objects.
    norms = {sid: (whole, entities) for sid, whole, entities in con.execute(
        """SELECT story_id, sqrt(sum(weight * weight)),
                  coalesce(sqrt(sum(weight * weight) FILTER (WHERE starts_with(term, ?))), 0)
           FROM story_postings WHERE story_id IN (SELECT story_id FROM _hit) GROUP BY story_id""",
        [stories.ENTITY_PREFIX]).fetchall()}
    _ids_table(con, "_terms", terms)
    centroids = _centroids(con, "story_id IN (SELECT story_id FROM _hit) AND term IN (SELECT id FROM _terms)")
    con.unregister("_terms")
    rows = con.execute("""SELECT story_id, label, first_published_at, last_published_at, first_seen_at,
                                 last_seen_at, last_ingested_at, article_count FROM stories
                          WHERE story_id IN (SELECT story_id FROM _hit) ORDER BY story_id""").fetchall()
    con.execute("DROP TABLE _hit")
    for sid, label, fp, lp, fs, ls, li, count in rows:
        if sid in norms:  # a story with no postings was not found by them
            index.add_story(stories.StoryState(sid, label, centroids.get(sid, {}), fp, lp, fs, ls, li, complete=False,
                                               articles=count, _norm=norms[sid][0] or 1.0,
                                               _entity_norm=norms[sid][1]))
    return index


def _centroids(con: duckdb.DuckDBPyConnection, where: str, params: list | None = None) -> dict[str, dict[str, float]]:
    """term -> weight per story, of the story_postings rows matching `where`; read as flat columns
    (a list per story costs a Python object per posting twice)."""
    rows = con.execute(f"SELECT story_id, term, weight FROM story_postings WHERE {where} ORDER BY story_id, term",
                       params or []).pl()
    centroids: dict[str, dict[str, float]] = {}
    for sid, term, weight in zip(rows["story_id"].to_list(), rows["term"].to_list(), rows["weight"].to_list()):
        centroid = centroids.get(sid)
        if centroid is None:
            centroid = centroids[sid] = {}
        centroid[term] = weight
    return centroids


def _load_df(con: duckdb.DuckDBPyConnection, terms: Sequence[str]) -> tuple[dict[str, int], int]:
    _ids_table(con, "_terms", [*terms, ""])
    df = dict(con.execute("SELECT term, df FROM story_term_stats WHERE term IN (SELECT id FROM _terms)").fetchall())
    con.unregister("_terms")
    return df, df.pop("", 0)


def run_stories(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    params: stories.StoryParams | None = None,
    limit: int | None = None,
) -> StoriesReport:
    """Assign new articles to stories (then merge the stories that converged), cluster their quotes,
    resolve their date claims (at most `limit` articles per call when given: the benchmark's batches)."""
    from pipelines.stages.nlp import record_code_version

    params = params or stories.StoryParams()
    now = utcnow()
    report = StoriesReport()
    record_code_version(con, code_versions.stories_version(), run_id)
    record_code_version(con, code_versions.quote_clusters_version(), run_id)
    record_code_version(con, code_versions.date_claims_version(), run_id)
    refresh_derived_rows(con, run_id, report)
    todo = articles_needing_stories(con, limit)
    if not todo:
        return report
    originals = [r for r in todo if r[6] is None]
    original_ids = [r[0] for r in originals]
    _ids_table(con, "_batch", original_ids)
    mention_rows = con.execute("""
        SELECT m.article_id, m.entity_id, e.name, m.label, m.start_char, m.end_char
        FROM mentions m JOIN entities e USING (entity_id)
        WHERE m.article_id IN (SELECT id FROM _batch) AND m.entity_id IS NOT NULL
        ORDER BY m.article_id, m.start_char
    """).fetchall()
    con.unregister("_batch")
    mentions_of: dict[str, list[tuple]] = {}
    for aid, eid, name, label, start, end in mention_rows:
        mentions_of.setdefault(aid, []).append((eid, name, label, start, end))

    docs = [stories.ArticleDoc(aid, body, title, publisher, published, ingested,
                               [(eid, name, start) for eid, name, label, start, _end in mentions_of.get(aid, [])
                                if label in stories.SALIENT_LABELS])
            for aid, body, title, publisher, published, ingested, _dup in originals]
    counts = {d.article_id: stories.term_counts(d) for d in docs}
    batch_terms = sorted({t for c in counts.values() for t in c})
    df, n_docs = _load_df(con, batch_terms)
    for c in counts.values():  # the batch counts in its own document frequencies
        for term in c:
            df[term] = df.get(term, 0) + 1
    n_docs += len(docs)

    salient = sorted({t for d in docs for t in stories.salient_entities(d, params.salient_entities)})
    vectors = {d.article_id: stories.article_vector(counts[d.article_id], df, n_docs, params) for d in docs}
    titles = {d.article_id: stories.title_vector(d, df, n_docs) for d in docs}
    compared = {*salient, *(t for v in vectors.values() for t in v), *(t for v in titles.values() for t in v)}
    index = _load_index(con, salient, sorted(compared), params, docs)
    known_before = set(index.stories)
    assignments: list[stories.Assignment] = [index.assign(d, vectors[d.article_id], titles[d.article_id])
                                             for d in docs]
    report.stories_created = sum(1 for a in assignments if a.method == "founder")
    merges = index.merge_converged(a.story_id for a in assignments)
    merged_into = stories.merge_targets(merges)
    for a in assignments:
        if a.story_id in merged_into:
            a.story_id, a.method = merged_into[a.story_id], "merged"
    story_of = {a.article_id: a.story_id for a in assignments}
    # Duplicates go where their original is (in this batch or before).
    dup_rows = [r for r in todo if r[6] is not None]
    if dup_rows:
        _ids_table(con, "_dups", [r[6] for r in dup_rows])
        story_of.update((aid, merged_into.get(sid, sid)) for aid, sid in con.execute(
            "SELECT article_id, story_id FROM story_articles WHERE article_id IN (SELECT id FROM _dups)").fetchall())
        con.unregister("_dups")
    for aid, *_rest, dup_of in dup_rows:
        if dup_of in story_of:
            assignments.append(stories.Assignment(aid, story_of[dup_of], 1.0, "duplicate"))
            story_of[aid] = story_of[dup_of]
    report.articles = len(assignments)
    report.stories_grown = len({a.story_id for a in assignments if a.story_id in known_before})
    report.stories_merged = len(merges)

    dirty = [s for s in index.stories.values() if s.dirty]
    story_rows = [{
        "story_id": s.story_id, "label": s.label, "first_published_at": s.first_published_at,
        "last_published_at": s.last_published_at, "first_seen_at": s.first_seen_at, "last_seen_at": s.last_seen_at,
        "last_ingested_at": s.last_ingested_at, "article_count": 0, "publisher_count": 0, "updated_at": now,
        "run_id": run_id} for s in dirty]
    posting_rows = [{"term": t, "story_id": s.story_id, "weight": w} for s in dirty for t, w in s.centroid.items()]
    member_rows = [{"article_id": a.article_id, "story_id": a.story_id, "similarity": a.similarity,
                    "method": a.method, "assigned_at": now, "run_id": run_id} for a in assignments]
    stat_rows = [{"term": t, "df": df[t]} for t in batch_terms] + [{"term": "", "df": n_docs}]

    cluster_rows = _cluster_quotes(con, [a.article_id for a in assignments], story_of, run_id, report)
    first_published = {s.story_id: s.first_published_at for s in index.stories.values()}
    published_of = {r[0]: r[4] for r in todo}
    # A duplicate's story may be one the lookup did not load: its first date from the table.
    elsewhere = sorted({a.story_id for a in assignments} - set(first_published))
    if elsewhere:
        first_published.update(con.execute("SELECT story_id, first_published_at FROM stories "
                                           "WHERE story_id IN (SELECT unnest(?))", [elsewhere]).fetchall())
    date_rows, processed_rows = date_claims.date_claim_rows(
        con, [(a.article_id, published_of[a.article_id], first_published.get(a.story_id)) for a in assignments],
        {aid: [(start, end, eid, label) for eid, _name, label, start, end in ments]
         for aid, ments in mentions_of.items()}, run_id, now)
    report.date_claims = len(date_rows)

    dirty_ids = [s.story_id for s in dirty]
    # An absorbed story's rows go and its stored members move to the story it merged into; story_merges
    # keeps the record.
    gone_ids = [m.story_id for m in merges]
    merge_rows = [{"story_id": m.story_id, "into_story_id": m.into_story_id, "cosine": m.cosine,
                   "merged_at": now, "run_id": run_id} for m in merges]
    new_ids = [a.article_id for a in assignments]
    # A new version supersedes its older one: the older one's story counts one article less.
    _ids_table(con, "_new", new_ids)
    superseded_in = [sid for (sid,) in con.execute("""
        SELECT DISTINCT sa.story_id FROM articles a JOIN story_articles sa ON sa.article_id = a.supersedes
        WHERE a.article_id IN (SELECT id FROM _new)""").fetchall()]
    con.unregister("_new")
    con.execute("BEGIN TRANSACTION")
    try:
        for table, key, keys, rows in [
            ("stories", "story_id", dirty_ids + gone_ids, story_rows),
            ("story_postings", "story_id", dirty_ids + gone_ids, posting_rows),
            ("story_merges", "story_id", gone_ids, merge_rows),
            ("story_term_stats", "term", [r["term"] for r in stat_rows], stat_rows),
            ("story_articles", "article_id", new_ids, member_rows),
            ("quote_clusters", "quote_id", [r["quote_id"] for r in cluster_rows], cluster_rows),
            ("date_claims", "article_id", new_ids, date_rows),
            ("story_processed", "article_id", new_ids, processed_rows),
        ]:
            frame = warehouse.rows_frame(con, table, rows)
            if keys:
                _ids_table(con, "_keys", keys)
                con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM _keys)")
                con.unregister("_keys")
            warehouse.insert_frame(con, table, frame)
        for gone, into in merged_into.items():
            con.execute("UPDATE story_articles SET story_id = ?, method = 'merged', run_id = ? WHERE story_id = ?",
                        [into, run_id, gone])
        touched = sorted({*dirty_ids, *superseded_in})
        story_members.refresh_stories(con, touched)
        # A story whose first published time the batch moved: its undated members read their dates again.
        date_claims.rederive(con, date_claims.stale_articles(con, touched)[0], run_id, now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return report


# The text around a stored quote (quote_clusters compares it for one- to three-word quotes).
_QUOTE_CONTEXT = "substr(a.body, greatest(1, q.start_char - 199), q.end_char - greatest(0, q.start_char - 200) + 200)"


def quote_clusters_out_of_date(con: duckdb.DuckDBPyConnection) -> str | None:
    """None when every stored quote cluster row was made by the current quote-clustering code,
    else what changed since."""
    version = code_versions.quote_clusters_version()
    old = con.execute("SELECT DISTINCT code_version FROM quote_clusters WHERE code_version IS DISTINCT FROM ? "
                      "ORDER BY code_version NULLS FIRST LIMIT 1", [version.version]).fetchall()
    if not old:
        return None
    manifest = con.execute("SELECT any_value(manifest) FROM code_versions WHERE stage = 'quote_clusters' "
                           "AND version = ?", [old[0][0]]).fetchone()[0]
    return version.describe_change(json.loads(manifest) if manifest else None)


# What makes the stored quote clusters another grouping than a fresh build's though the code is the
# same: a clustered quote gone or with another speaker (re-parsed, or its speaker's entity renamed),
# a quote of an article with a story never clustered, an article parsed again since its story rows.
_QUOTES_CHANGED_SQL = """
    SELECT (SELECT count(*) FROM quote_clusters c
            WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE q.quote_id = c.quote_id)),
           (SELECT count(*) FROM quote_clusters c JOIN quotes q USING (quote_id)
            WHERE c.speaker_key IS DISTINCT FROM coalesce(q.speaker_entity_id, lower(q.speaker))),
           (SELECT count(*) FROM quotes q JOIN story_articles sa USING (article_id)
            WHERE NOT EXISTS (SELECT 1 FROM quote_clusters c WHERE c.quote_id = q.quote_id)),
           (SELECT count(*) FROM story_processed sp JOIN nlp_processed p USING (article_id)
            WHERE p.processed_at IS DISTINCT FROM sp.parsed_at
              AND EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = sp.article_id))
"""


def quotes_changed_since_clustered(con: duckdb.DuckDBPyConnection) -> str | None:
    """None when the stored quote clusters were made from the quotes as they are now, else what changed."""
    counts = con.execute(_QUOTES_CHANGED_SQL).fetchone()
    parts = [f"{what}: {n}" for what, n in zip(("quotes gone", "speakers changed", "quotes not clustered",
                                                 "articles parsed again"), counts) if n]
    return "quotes changed since they were clustered (" + ", ".join(parts) + ")" if parts else None


def renamed_entity_terms(con: duckdb.DuckDBPyConnection) -> int:
    """How many entity terms of story_postings or story_term_stats name an id that is no longer an
    entity's (renamed or merged since: entity_aliases says what it is now)."""
    return con.execute("""
        SELECT count(*) FROM (SELECT term FROM story_term_stats WHERE starts_with(term, $p)
                              UNION SELECT DISTINCT term FROM story_postings WHERE starts_with(term, $p)) t
        WHERE t.term IN (SELECT $p || alias_id FROM entity_aliases)""", {"p": stories.ENTITY_PREFIX}).fetchone()[0]


def follow_renamed_entities(con: duckdb.DuckDBPyConnection) -> int:
    """Move the story postings and document frequencies of renamed or merged entities to the
    entity's current id (weights and counts of an old and a current id add up), inside the
    caller's transaction; returns the number of old terms moved."""
    con.execute("""CREATE OR REPLACE TEMP TABLE _renamed AS
                   SELECT $p || alias_id AS old, $p || entity_id AS new FROM entity_aliases""",
                {"p": stories.ENTITY_PREFIX})
    moved = renamed_entity_terms(con)
    con.execute("""CREATE OR REPLACE TEMP TABLE _touched AS
                   SELECT p.term, p.story_id, p.weight, coalesce(r.new, p.term) AS new_term
                   FROM story_postings p LEFT JOIN _renamed r ON p.term = r.old
                   WHERE p.story_id IN (SELECT story_id FROM story_postings WHERE term IN (SELECT old FROM _renamed))
                     AND (r.old IS NOT NULL OR p.term IN (SELECT new FROM _renamed))""")
    con.execute("""DELETE FROM story_postings USING _touched t
                   WHERE story_postings.term = t.term AND story_postings.story_id = t.story_id""")
    con.execute("""INSERT INTO story_postings (term, story_id, weight)
                   SELECT new_term, story_id, sum(weight) FROM _touched GROUP BY ALL""")
    con.execute("""CREATE OR REPLACE TEMP TABLE _touched AS
                   SELECT s.term, s.df, coalesce(r.new, s.term) AS new_term
                   FROM story_term_stats s LEFT JOIN _renamed r ON s.term = r.old
                   WHERE r.old IS NOT NULL OR s.term IN (SELECT new FROM _renamed r2
                                                         WHERE r2.old IN (SELECT term FROM story_term_stats))""")
    con.execute("DELETE FROM story_term_stats WHERE term IN (SELECT term FROM _touched)")
    con.execute("INSERT INTO story_term_stats (term, df) SELECT new_term, sum(df) FROM _touched GROUP BY ALL")
    con.execute("DROP TABLE _touched")
    con.execute("DROP TABLE _renamed")
    return moved


def story_rows_out_of_date(con: duckdb.DuckDBPyConnection) -> str | None:
    """The stage's other question (the nothing-pending check asks it too): None when the story rows,
    quote clusters, date claims and story postings of the articles already in stories follow the current
    code and the current NLP and entity rows, else what does not."""
    renamed = renamed_entity_terms(con)
    unrefreshed = len(story_members.stories_not_their_members(con))
    reasons = [f"{unrefreshed} stor(ies) whose counts, spans or label are not their members'" if unrefreshed
               else None,
               quote_clusters_out_of_date(con), quotes_changed_since_clustered(con),
               date_claims.date_claims_out_of_date(con),
               f"story terms of {renamed} renamed or merged entit(ies)" if renamed else None]
    return "; ".join(r for r in reasons if r) or None


def refresh_derived_rows(con: duckdb.DuckDBPyConnection, run_id: str, report: StoriesReport) -> None:
    """Bring the rows derived from the articles already in stories up to date: story rows that are
    not their members' are read from them again (`story_members`); then, in one transaction, story
    terms of renamed entities move to the current id; every quote cluster is recomputed when the
    clustering code or the quotes changed (`recluster_quotes`); the date claims of the articles
    whose inputs or code changed are made again (pipelines/stages/date_claims.py); the story terms
    of members parsed again are made from their new parse (`story_members.follow_reparsed_articles`).
    Story membership stays as it is: an article keeps its story."""
    # Story rows first: the date claims of an undated article are read against its story's span.
    unrefreshed = story_members.stories_not_their_members(con)
    if unrefreshed:
        warehouse.write_transaction(con, lambda c: story_members.refresh_stories(c, unrefreshed))
        report.stories_refreshed = len(unrefreshed)
    report.reclustered_because = quote_clusters_out_of_date(con) or quotes_changed_since_clustered(con)
    stale, reasons = date_claims.stale_articles(con)
    renamed = renamed_entity_terms(con)
    # Members parsed again (also stale for their date claims, whose rows then record the new parse).
    reparsed = story_members.reparsed_members(con)
    if report.reclustered_because is None and not stale and not renamed:
        return
    report.date_claims_remade_because = date_claims.describe_stale(stale, reasons)
    con.execute("BEGIN TRANSACTION")
    try:
        if renamed:
            report.entity_terms_renamed = follow_renamed_entities(con)
        report.stories_rebuilt = len(story_members.follow_reparsed_articles(con, reparsed))
        if report.reclustered_because is not None:
            report.quotes_reclustered = recluster_quotes(con, run_id)
        date_claims.rederive(con, stale, run_id, utcnow())
        report.date_claims_remade = len(stale)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


# Articles per step of a re-clustering (each step reads its candidates from the steps before it).
RECLUSTER_ARTICLES_PER_STEP = 2000


def recluster_quotes(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Recompute every quote cluster with the current code, inside the caller's transaction: the
    stored rows go and the quotes of every article with a story are clustered again in time order
    (the order a fresh build clusters them in; candidates come in that order too), so the result
    is a fresh build's and a cluster id (its first quote's) stays where the grouping did not change.
    Returns the number of quotes clustered."""
    articles = con.execute("""
        SELECT sa.article_id, sa.story_id FROM story_articles sa JOIN articles a USING (article_id)
        ORDER BY coalesce(a.published_at, a.ingested_at), a.article_id""").fetchall()
    story_of = dict(articles)
    report = StoriesReport()
    clustered = 0
    con.execute("DELETE FROM quote_clusters")
    for start in range(0, len(articles), RECLUSTER_ARTICLES_PER_STEP):
        step = [aid for aid, _ in articles[start:start + RECLUSTER_ARTICLES_PER_STEP]]
        rows = _cluster_quotes(con, step, story_of, run_id, report)
        warehouse.insert_frame(con, "quote_clusters", warehouse.rows_frame(con, "quote_clusters", rows))
        clustered += len(rows)
    return clustered


def _cluster_quotes(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], story_of: dict[str, str],
                    run_id: str, report: StoriesReport) -> list[dict]:
    version = code_versions.quote_clusters_version().version
    _ids_table(con, "_batch", article_ids)
    new = con.execute(f"""
        SELECT q.quote_id, coalesce(q.speaker_entity_id, lower(q.speaker)), q.article_id, q.quote_type, q.text,
               {_QUOTE_CONTEXT}
        FROM quotes q JOIN articles a USING (article_id)
        WHERE q.article_id IN (SELECT id FROM _batch)
          AND NOT EXISTS (SELECT 1 FROM quote_clusters c WHERE c.quote_id = q.quote_id)
        ORDER BY coalesce(a.published_at, a.ingested_at), a.article_id, q.start_char
    """).fetchall()
    con.unregister("_batch")
    if not new:
        return []
    items = [quote_clusters.QuoteItem(qid, key, story_of.get(aid), qtype, text, context, aid)
             for qid, key, aid, qtype, text, context in new]
    speakers = sorted({i.speaker_key for i in items if i.speaker_key is not None})
    batch_stories = sorted({i.story_id for i in items if i.story_id is not None})
    keys = sorted({quote_clusters.text_key(i.text) for i in items})
    candidates: list[quote_clusters.ClusterMember] = []
    if speakers:
        _ids_table(con, "_speakers", speakers)
        _ids_table(con, "_stories", batch_stories)
        _ids_table(con, "_texts", keys)
        candidates = [quote_clusters.ClusterMember(*row) for row in con.execute(f"""
            SELECT c.quote_id, c.cluster_id, c.speaker_key, sa.story_id, q.quote_type, q.text, {_QUOTE_CONTEXT},
                   q.article_id
            FROM quote_clusters c JOIN quotes q USING (quote_id) JOIN story_articles sa ON sa.article_id = q.article_id
            JOIN articles a ON a.article_id = q.article_id
            WHERE c.speaker_key IN (SELECT id FROM _speakers)
              AND (sa.story_id IN (SELECT id FROM _stories) OR c.text_key IN (SELECT id FROM _texts))
            -- in the order they were clustered: ties between equal matches go as in one batch
            ORDER BY coalesce(a.published_at, a.ingested_at), a.article_id, q.start_char
        """).fetchall()]
        for name in ("_speakers", "_stories", "_texts"):
            con.unregister(name)
    assigned = quote_clusters.assign_clusters(items, candidates)
    report.quotes_clustered = len(assigned)
    report.quote_clusters_grown = sum(1 for a in assigned if a.match != "founder")
    return [{**a.__dict__, "run_id": run_id, "code_version": version} for a in assigned]


def split_story(con: duckdb.DuckDBPyConnection, story_id: str, article_ids: Sequence[str], reason: str,
                run_id: str, params: stories.StoryParams | None = None) -> str:
    """Split a story that turned out to be two, without rewriting history by hand.

    The given articles move to a new story (id derived from the old one and the moved
    articles, so repeating the split is a no-op) whose `split_from` names the old story;
    the old story keeps its id and the rest. Both centroids are rebuilt from their
    articles, counts refreshed, and the split is recorded in story_splits. Comparisons and
    quote reach follow automatically (they are views over story membership)."""
    params = params or stories.StoryParams()
    moving = sorted(set(article_ids))
    members = {aid for (aid,) in con.execute("SELECT article_id FROM story_articles WHERE story_id = ?",
                                             [story_id]).fetchall()}
    new_id = stories.split_story_id(story_id, moving)
    if not moving or not set(moving) <= members:
        already = con.execute("SELECT count(*) FROM story_splits WHERE story_id = ? AND new_story_id = ?",
                              [story_id, new_id]).fetchall()[0][0]
        if already:
            return new_id
        raise ValueError(f"articles {sorted(set(moving) - members)} are not in story {story_id}")
    if set(moving) == members:
        raise ValueError("a split must leave at least one article in the original story")
    now = utcnow()
    df, n_docs = dict(con.execute("SELECT term, df FROM story_term_stats").fetchall()), 0
    n_docs = df.pop("", 0)

    def rebuilt(sid: str, ids: Sequence[str], label: str | None, split_from: str | None) -> tuple[dict, list[dict]]:
        state = story_members.rebuilt_story(con, sid, ids, label, df, n_docs, params)
        story = {"story_id": sid, "label": state.label, "first_published_at": state.first_published_at,
                 "last_published_at": state.last_published_at, "first_seen_at": state.first_seen_at,
                 "last_seen_at": state.last_seen_at, "last_ingested_at": state.last_ingested_at,
                 "article_count": 0, "publisher_count": 0, "split_from": split_from, "updated_at": now,
                 "run_id": run_id}
        return story, [{"term": t, "story_id": sid, "weight": w} for t, w in state.centroid.items()]

    old_label, old_split_from = con.execute("SELECT label, split_from FROM stories WHERE story_id = ?",
                                            [story_id]).fetchall()[0]
    staying = sorted(members - set(moving))
    old_row, old_postings = rebuilt(story_id, staying, old_label, old_split_from)
    new_row, new_postings = rebuilt(new_id, moving, None, story_id)
    warehouse.replace_rows(con, [
        ("stories", "story_id", [story_id, new_id], [old_row, new_row]),
        ("story_postings", "story_id", [story_id, new_id], old_postings + new_postings),
        ("story_splits", "new_story_id", [new_id], [{"story_id": story_id, "new_story_id": new_id,
                                                     "articles": len(moving), "reason": reason, "split_at": now,
                                                     "run_id": run_id}]),
    ])
    _ids_table(con, "_moving", moving)
    con.execute("""UPDATE story_articles SET story_id = ?, method = 'split', run_id = ?
                   WHERE article_id IN (SELECT id FROM _moving)""", [new_id, run_id])
    con.unregister("_moving")
    story_members.refresh_stories(con, [story_id, new_id])
    return new_id
