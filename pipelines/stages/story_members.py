"""What a story row says of its members, kept to its members as they are.

A story's counts, outlets, spans and label are read from its members whenever members join, leave
or change: the stories stage after each batch and after a split, and cleaning again after it rewrote
articles in place or removed them (pipelines/stages/recleaning.py), as when a new publication-time
parser gives an article another published time, or a new title rule another title, without another
body. A story's centroid is rebuilt from its members' vectors when a member's title changed
(`follow_retitled_articles`).
"""
from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

from pipelines import warehouse
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


# Per story, the member its label is made from: its founder (the article that founded it keeps the
# method 'founder'), else (a story split off, or whose founder left) its first original in time, as
# split_story labels a new story.
_LABEL_SOURCE_SQL = """
    WITH source AS (
        SELECT s.story_id, s.label, sa.article_id
        FROM stories s JOIN story_articles sa USING (story_id) JOIN articles a USING (article_id)
        WHERE {where}
        QUALIFY row_number() OVER (PARTITION BY s.story_id
                                   ORDER BY sa.method = 'founder' DESC, a.duplicate_of IS NOT NULL,
                                            coalesce(a.published_at, a.ingested_at), a.article_id) = 1)
    -- the body only where there is no title to label with
    SELECT source.story_id, source.label, a.article_id, a.title,
           CASE WHEN nullif(trim(a.title), '') IS NULL THEN a.body END AS body
    FROM source JOIN articles a USING (article_id)
"""


def salient_mentions(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, list[tuple]]:
    """(entity_id, name, start_char) of the articles' resolved salient mentions, in text order: the
    entities an ArticleDoc carries in the stories stage."""
    by_article: dict[str, list[tuple]] = {}
    if not article_ids:
        return by_article
    con.register("_salient_of", pl.DataFrame({"id": list(article_ids)}, schema={"id": pl.Utf8}).to_arrow())
    rows = con.execute("""SELECT m.article_id, m.entity_id, e.name, m.start_char FROM mentions m
                          JOIN entities e USING (entity_id) WHERE m.article_id IN (SELECT id FROM _salient_of)
                          AND m.label IN (SELECT unnest(?)) ORDER BY m.article_id, m.start_char""",
                       [sorted(stories.SALIENT_LABELS)]).fetchall()
    con.unregister("_salient_of")
    for aid, eid, name, start in rows:
        by_article.setdefault(aid, []).append((eid, name, start))
    return by_article


def _labels_not_their_members(con: duckdb.DuckDBPyConnection, where: str, params: dict) -> dict[str, str]:
    """story id -> the label its label source makes now (stories.label_for), of the stories matching
    `where` whose stored label is another."""
    rows = con.execute(_LABEL_SOURCE_SQL.format(where=where), params).fetchall()
    untitled = salient_mentions(con, [aid for _sid, _label, aid, _title, body in rows if body is not None])
    labels = {}
    for sid, label, aid, title, body in rows:
        now = stories.label_for(stories.ArticleDoc(aid, body or "", title, None, None, None, untitled.get(aid, [])))
        if now != label:
            labels[sid] = now
    return labels


def refresh_stories(con: duckdb.DuckDBPyConnection, story_ids: Sequence[str]) -> None:
    """What a story row says of its members, from its members as they are now (inside the caller's
    transaction): article and outlet counts over the current versions of originals (articles without
    a publisher are one outlet, stories.UNKNOWN_OUTLET); the published span theirs (an undated
    article never stretches it); the seen span the published span, else (no member dated) their
    ingest times; the label its founder's title (stories.label_for; a story without its founder: its
    first original's). A story that counts no article keeps its spans. Called wherever members join,
    leave or change."""
    if not story_ids:
        return
    ids = {"ids": list(story_ids)}
    con.execute(f"""
        UPDATE stories s SET {", ".join(f"{col} = {value}" for col, value in _AS_MEMBERS.items())}
        FROM ({_MEMBERS_SQL.format(where="s.story_id IN (SELECT unnest($ids::VARCHAR[]))")}) c
        WHERE s.story_id = c.story_id""", {"unknown": stories.UNKNOWN_OUTLET} | ids)
    labels = _labels_not_their_members(con, "s.story_id IN (SELECT unnest($ids::VARCHAR[]))", ids)
    if labels:
        con.executemany("UPDATE stories SET label = ? WHERE story_id = ?", [[lb, sid] for sid, lb in labels.items()])


def stories_not_their_members(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The stories whose row says another thing of their members than `refresh_stories` would (a
    path that changed members without refreshing, a member rewritten in place, or a row written by
    an older definition): the stories stage refreshes them first (the nothing-pending check asks too)."""
    out_of_date = {sid for (sid,) in con.execute(f"""
        SELECT s.story_id FROM stories s JOIN ({_MEMBERS_SQL.format(where="TRUE")}) c USING (story_id)
        WHERE ({", ".join(f"s.{col}" for col in _AS_MEMBERS)}) IS DISTINCT FROM ({", ".join(_AS_MEMBERS.values())})
        """, {"unknown": stories.UNKNOWN_OUTLET}).fetchall()}
    return sorted(out_of_date | set(_labels_not_their_members(con, "TRUE", {})))


def follow_rewritten_articles(con: duckdb.DuckDBPyConnection, story_ids: Sequence[str],
                              moved_in_time: Sequence[str], old_titles: dict[str, str | None] | None = None) -> None:
    """The stories stage's rows made from articles that cleaning rewrote in place or removed, brought
    in line inside the caller's transaction (`story_ids`: the stories that held them; `moved_in_time`:
    the rewritten articles whose published time changed; `old_titles`: the rewritten articles whose
    title changed without another body, with the title before), so that the stage's next run makes
    what a fresh build makes:
    - story terms: the document frequencies count the new titles' terms, and the centroids of the
      stories holding a retitled article are rebuilt from their members (`follow_retitled_articles`);
      an article with another body has its terms and its story's centroid as its first parse made them;
    - the stories' counts, spans and labels, from their members now (`refresh_stories`);
    - date claims need nothing here: the stage's own question (date_claims.stale_articles) finds an
      article whose published day, or whose story's first day, is not the one its claims were read
      against, and makes them again;
    - quote clusters are made in time order (a cluster's id is its first quote's): the cluster rows
      of the quotes of an article that moved in time go, and the stage's own question ('quotes not
      clustered') has every quote clustered again in the new order."""
    if old_titles:
        follow_retitled_articles(con, old_titles)
    refresh_stories(con, story_ids)
    if moved_in_time:
        con.execute("""DELETE FROM quote_clusters WHERE quote_id IN (
                           SELECT quote_id FROM quotes WHERE article_id IN (SELECT unnest(?::VARCHAR[])))""",
                    [list(moved_in_time)])


def rebuilt_story(con: duckdb.DuckDBPyConnection, story_id: str, member_ids: Sequence[str], label: str | None,
                  df: dict[str, int], n_docs: int, params: stories.StoryParams) -> stories.StoryState:
    """A story made again from its original members as they are now, in time order (the stage's own
    code: each article's vector with the document frequencies `df` of `n_docs` articles, summed into
    the centroid as the index grows a story); `label` None: its first original's."""
    con.register("_members", pl.DataFrame({"id": list(member_ids)}, schema={"id": pl.Utf8}).to_arrow())
    rows = con.execute("""SELECT article_id, body, title, publisher, published_at, ingested_at FROM articles
                          WHERE article_id IN (SELECT id FROM _members) AND duplicate_of IS NULL
                          ORDER BY coalesce(published_at, ingested_at), article_id""").fetchall()
    con.unregister("_members")
    mentions = salient_mentions(con, [r[0] for r in rows])
    index = stories.StoryIndex(params)
    state = None
    for aid, body, title, pub, published, ingested in rows:
        doc = stories.ArticleDoc(aid, body, title, pub, published, ingested, mentions.get(aid, []))
        vec = stories.article_vector(stories.term_counts(doc), df, n_docs, params)
        if state is None:
            state = stories.StoryState(story_id, label or stories.label_for(doc), {}, published, published,
                                       doc.seen_at, doc.seen_at, ingested)
            index.add_story(state)
        index._grow(state, vec, doc)
    return state


def _rebuild_centroids(con: duckdb.DuckDBPyConnection, story_ids: Sequence[str], df: dict[str, int], n_docs: int,
                       params: stories.StoryParams) -> None:
    """The story_postings of `story_ids` made again from their members (`rebuilt_story`)."""
    postings = []
    for sid in story_ids:
        members = [aid for (aid,) in con.execute("SELECT article_id FROM story_articles WHERE story_id = ?",
                                                 [sid]).fetchall()]
        state = rebuilt_story(con, sid, members, None, df, n_docs, params)
        if state is not None:
            postings += [{"term": t, "story_id": sid, "weight": w} for t, w in state.centroid.items()]
    con.execute("DELETE FROM story_postings WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [list(story_ids)])
    warehouse.insert_frame(con, "story_postings", warehouse.rows_frame(con, "story_postings", postings))


def follow_retitled_articles(con: duckdb.DuckDBPyConnection, old_titles: dict[str, str | None],
                             params: stories.StoryParams | None = None) -> list[str]:
    """The story terms of articles whose title changed in place without another body (`old_titles`:
    article id -> the title before), inside the caller's transaction: the headline is part of an
    article's vector (stories.term_counts), so the document frequencies (story_term_stats) count the
    new title's terms in place of the old one's, and the centroid (story_postings) of each story
    holding one is rebuilt from its current original members' vectors (`rebuilt_story`) with the
    document frequencies as they are now. Returns the stories rebuilt. (Their labels follow in
    `refresh_stories`.)"""
    params = params or stories.StoryParams()
    # The articles story_term_stats counted: every member assigned as an original (not a copy).
    rows = con.execute("""
        SELECT sa.article_id, sa.story_id, a.body, a.title FROM story_articles sa JOIN articles a USING (article_id)
        WHERE sa.method <> 'duplicate' AND sa.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1""",
                       [list(old_titles)]).fetchall()
    if not rows:
        return []
    mentions = salient_mentions(con, [r[0] for r in rows])
    change: dict[str, int] = {}
    for aid, _sid, body, title in rows:
        def terms(headline):
            return set(stories.term_counts(stories.ArticleDoc(aid, body, headline, None, None, None,
                                                              mentions.get(aid, []))))
        old, new = terms(old_titles[aid]), terms(title)
        for term in new - old:
            change[term] = change.get(term, 0) + 1
        for term in old - new:
            change[term] = change.get(term, 0) - 1
    df = dict(con.execute("SELECT term, df FROM story_term_stats").fetchall())
    for term, delta in change.items():
        df[term] = df.get(term, 0) + delta
    changed = sorted(t for t in change if change[t])
    con.execute("DELETE FROM story_term_stats WHERE term IN (SELECT unnest(?::VARCHAR[]))", [changed])
    warehouse.insert_frame(con, "story_term_stats", warehouse.rows_frame(
        con, "story_term_stats", [{"term": t, "df": df[t]} for t in changed if df[t] > 0]))
    n_docs = df.pop("", 0)
    story_ids = sorted({sid for _aid, sid, _body, _title in rows})
    _rebuild_centroids(con, story_ids, df, n_docs, params)
    return story_ids


# The members of stories whose vector may have changed since their story's terms were made: parsed
# again (another body, another NLP code) since the stories stage read them (story_processed.parsed_at).
_REPARSED_SQL = """
    SELECT sa.article_id FROM story_articles sa
    JOIN story_processed sp USING (article_id) JOIN nlp_processed p USING (article_id)
    WHERE sa.method <> 'duplicate' AND p.processed_at IS DISTINCT FROM sp.parsed_at ORDER BY 1
"""


def reparsed_members(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The original members parsed again since the stories stage read them (their date claims are
    made again for the same reason, `date_claims.stale_articles`, which then records the new parse)."""
    return [aid for (aid,) in con.execute(_REPARSED_SQL).fetchall()]


def follow_reparsed_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str],
                             params: stories.StoryParams | None = None) -> list[str]:
    """The story terms of articles parsed again (another body, other mentions), inside the caller's
    transaction: their old terms are not known any more, so the document frequencies
    (story_term_stats) are counted again over every original member as it is now (what a fresh build
    counts), and the centroids of the stories holding one are rebuilt from their members
    (`rebuilt_story`). Returns the stories rebuilt."""
    if not article_ids:
        return []
    params = params or stories.StoryParams()
    rows = con.execute("""SELECT sa.article_id, a.body, a.title FROM story_articles sa
                          JOIN articles a USING (article_id) WHERE sa.method <> 'duplicate' ORDER BY 1""").fetchall()
    mentions = salient_mentions(con, [r[0] for r in rows])
    df: dict[str, int] = {}
    for aid, body, title in rows:
        for term in stories.term_counts(stories.ArticleDoc(aid, body, title, None, None, None, mentions.get(aid, []))):
            df[term] = df.get(term, 0) + 1
    con.execute("DELETE FROM story_term_stats")
    warehouse.insert_frame(con, "story_term_stats", warehouse.rows_frame(
        con, "story_term_stats", [{"term": t, "df": n} for t, n in df.items()] + [{"term": "", "df": len(rows)}]))
    story_ids = [sid for (sid,) in con.execute(
        "SELECT DISTINCT story_id FROM story_articles WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
        [list(article_ids)]).fetchall()]
    _rebuild_centroids(con, story_ids, df, len(rows), params)
    return story_ids
