"""The report's sections: one function each, every chart drawn from one SQL query shown with it.

Readable at any scale: each chart keeps the top N (speakers, outlets, entities, stories)
and folds the rest into one 'other' bucket or says in its caption how much is left out.
A section whose table or view is missing in this warehouse (a later stage not yet run,
an older warehouse) becomes a note instead of failing the report.

Everything drawn from articles is untrusted: labels handed to Plotly go through
`label()` (HTML-escaped; Plotly turns the entities back into literal characters when it
draws text), and tables are escaped by the template.
"""
from __future__ import annotations

import duckdb
import plotly.graph_objects as go

from pipelines.core.stories import UNKNOWN_OUTLET
from pipelines.report.charts import chart_layout, label, new_figure, run_query
from pipelines.report.model import Catalog, Chart, Note, Section, Table

TOP_SPEAKERS = 15
TOP_OUTLETS = 8
TOP_SPEAKERS_OVER_TIME = 6
TOP_ENTITIES = 20
TOP_STORIES = 15
TOP_QUOTES = 15
TOP_CLAIM_OBJECTS = 10
TOP_VALUES = 5
TABLE_ROWS = 25
OTHER_OUTLETS = "other outlets"
# Originals only: a duplicate (duplicate_of set) would count the same story twice.
_QUOTES_CTE = """\
WITH q AS (
    SELECT coalesce(e.name, lower(q.speaker))   AS speaker,   -- groups ('analysts') count together
           coalesce(a.publisher, '{UNKNOWN_OUTLET}') AS publisher,
           a.published_at,
           q.quote_type
    FROM quotes q
    JOIN articles a USING (article_id)
    LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
    WHERE q.speaker IS NOT NULL AND a.duplicate_of IS NULL AND a.superseded_by IS NULL
)""".replace("{UNKNOWN_OUTLET}", UNKNOWN_OUTLET)


def _missing(*names: str) -> Note:
    return Note(f"Not in this warehouse yet: {', '.join(names)} (the stage that builds "
                f"{'it' if len(names) == 1 else 'them'} has not run here).")


# ---------------------------------------------------------------- overview

OVERVIEW_SQL = """\
SELECT
    -- current versions only: an edited article counts once; no publisher: one '(unknown outlet)'
    (SELECT count(*) FROM articles WHERE duplicate_of IS NULL AND superseded_by IS NULL) AS articles,
    (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL AND superseded_by IS NULL) AS duplicates,
    (SELECT count(*) FROM articles WHERE superseded_by IS NOT NULL)    AS older_versions,
    (SELECT count(DISTINCT coalesce(publisher, '{unknown}')) FROM articles
     WHERE duplicate_of IS NULL AND superseded_by IS NULL)             AS outlets,
    (SELECT min(published_at) FROM articles WHERE superseded_by IS NULL) AS first_published,
    (SELECT max(published_at) FROM articles WHERE superseded_by IS NULL) AS last_published,
    (SELECT count(*) FROM mentions)                                    AS mentions,
    (SELECT count(*) FROM quotes)                                      AS quotes,
    (SELECT count(*) FROM numeric_claims)                              AS numeric_claims,
    (SELECT count(*) FROM entities)                                    AS entities,
    (SELECT count(*) FROM rejected_inputs)                             AS rejected_inputs""".format(
    unknown=UNKNOWN_OUTLET)


def overview(con: duckdb.DuckDBPyConnection, cat: Catalog) -> Section:
    """Counts of what the warehouse holds."""
    section = Section("overview", "The warehouse at a glance", "What the pipeline has loaded so far.")
    if not cat.has("articles", "mentions", "quotes", "numeric_claims", "entities", "rejected_inputs"):
        section.items.append(_missing("the pipeline's tables"))
        return section
    columns, rows = run_query(con, OVERVIEW_SQL)
    section.items.append(Table("overview", "Totals", OVERVIEW_SQL, columns, rows))
    return section


# ---------------------------------------------------------------- stories

def stories(con: duckdb.DuckDBPyConnection, cat: Catalog) -> Section:
    """Stories of the period: which outlets covered each, first and last article, on a timeline."""
    section = Section("stories", "Stories of the period",
                      f"Articles grouped into stories; the {TOP_STORIES} covered by the most outlets, "
                      "from their first to their last article.")
    if not cat.has("stories", "story_articles"):
        section.items.append(_missing("stories", "story_articles"))
        return section
    title_col = cat.pick("stories", "label", "title", "headline", "name")
    title_expr = f"s.{title_col}" if title_col else "s.story_id"
    # Current versions of originals only. A story's span is its published span; ingest time stands
    # in only for a story with no dated article (an undated article never stretches a timeline).
    sql = f"""\
WITH per_story AS (
    SELECT sa.story_id,
           coalesce(min(a.published_at), min(a.ingested_at))   AS first_article,
           coalesce(max(a.published_at), max(a.ingested_at))   AS last_article,
           count(DISTINCT a.article_id)                        AS articles,
           count(DISTINCT coalesce(a.publisher, '{UNKNOWN_OUTLET}')) AS outlets,
           list(DISTINCT coalesce(a.publisher, '{UNKNOWN_OUTLET}') ORDER BY coalesce(a.publisher, '{UNKNOWN_OUTLET}')) AS outlet_names
    FROM story_articles sa
    JOIN articles a USING (article_id)
    WHERE a.duplicate_of IS NULL AND a.superseded_by IS NULL
    GROUP BY sa.story_id
)
SELECT p.story_id, {title_expr} AS story, p.first_article, p.last_article, p.articles, p.outlets, p.outlet_names
FROM per_story p JOIN stories s USING (story_id)
ORDER BY p.outlets DESC, p.articles DESC, p.first_article, p.story_id
LIMIT {TOP_STORIES}"""
    columns, rows = run_query(con, sql)
    total = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    if not rows:
        section.items.append(Note("No stories yet."))
        return section
    fig = new_figure()
    for story_id, story, first, last, articles, outlets, names in reversed(rows):
        # A one-article story still gets a visible bar (one hour wide).
        width_ms = max((last - first).total_seconds() * 1000, 3_600_000) if first and last else 3_600_000
        fig.add_trace(go.Bar(
            x=[width_ms], y=[label(story or story_id, 50)], base=[first], orientation="h",
            marker_color="#4c78a8", showlegend=False,
            hovertext=[f"{articles} articles, {outlets} outlets: {label(', '.join(names), 200)}"],
            hoverinfo="text"))
    fig.update_xaxes(type="date")
    chart_layout(fig, height=120 + 28 * len(rows))
    caption = f"{len(rows)} of {total} stories" + ("" if total <= len(rows) else f"; {total - len(rows)} smaller ones not drawn")
    section.items.append(Chart("story_timeline", "Stories on a timeline (first to last article)", sql, fig, caption))
    section.items.append(Table("stories_table", "Outlets per story", sql, columns, rows))
    return section


# ---------------------------------------------------------------- quotes

QUOTED_BY_OUTLET_SQL = f"""\
{_QUOTES_CTE},
top_speakers AS (SELECT speaker FROM q GROUP BY speaker ORDER BY count(*) DESC, speaker LIMIT {TOP_SPEAKERS}),
top_outlets  AS (SELECT publisher FROM q GROUP BY publisher ORDER BY count(*) DESC, publisher LIMIT {TOP_OUTLETS})
SELECT q.speaker,
       CASE WHEN q.publisher IN (SELECT publisher FROM top_outlets) THEN q.publisher
            ELSE '{OTHER_OUTLETS}' END                            AS outlet,
       count(*)                                                  AS quotes,
       sum(count(*)) OVER (PARTITION BY q.speaker)               AS speaker_total
FROM q
WHERE q.speaker IN (SELECT speaker FROM top_speakers)
GROUP BY 1, 2
ORDER BY speaker_total DESC, q.speaker, quotes DESC, outlet"""

QUOTED_OVER_TIME_SQL = f"""\
{_QUOTES_CTE},
span AS (  -- days for a short period, weeks or months for a long one
    SELECT CASE WHEN max(published_at) - min(published_at) > INTERVAL 180 DAY THEN 'month'
                WHEN max(published_at) - min(published_at) > INTERVAL 30 DAY THEN 'week'
                ELSE 'day' END AS bucket
    FROM q),
top_speakers AS (SELECT speaker FROM q GROUP BY speaker ORDER BY count(*) DESC, speaker LIMIT {TOP_SPEAKERS_OVER_TIME})
SELECT date_trunc((SELECT bucket FROM span), q.published_at) AS period,
       CASE WHEN q.speaker IN (SELECT speaker FROM top_speakers) THEN q.speaker
            ELSE 'all other speakers' END                      AS speaker,
       count(*)                                                AS quotes
FROM q
WHERE q.published_at IS NOT NULL
GROUP BY ALL
ORDER BY period, speaker"""


def quoted(con: duckdb.DuckDBPyConnection, cat: Catalog) -> Section:
    """Who is quoted most, by outlet and over time."""
    section = Section("quoted", "Who is quoted most",
                      "Attributed statements (direct, partial and reported speech) per speaker, "
                      "in original articles (duplicates not counted).")
    if not cat.has("quotes", "articles", "entities"):
        section.items.append(_missing("quotes"))
        return section
    _, rows = run_query(con, QUOTED_BY_OUTLET_SQL)
    if not rows:
        section.items.append(Note("No attributed quotes yet."))
        return section
    speakers = list(dict.fromkeys(r[0] for r in rows))
    totals = con.execute(f"{_QUOTES_CTE} SELECT count(DISTINCT speaker), count(*) FROM q").fetchone()
    outlets = list(dict.fromkeys(r[1] for r in sorted(rows, key=lambda r: (r[1] == OTHER_OUTLETS, -r[2]))))
    fig = new_figure()
    for outlet in outlets:
        counts = {r[0]: r[2] for r in rows if r[1] == outlet}
        fig.add_trace(go.Bar(name=label(outlet, 30), orientation="h",
                             y=[label(s, 40) for s in speakers], x=[counts.get(s, 0) for s in speakers]))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    chart_layout(fig, height=160 + 26 * len(speakers), xaxis_title="quotes")
    shown = sum(r[2] for r in rows)
    section.items.append(Chart(
        "quoted_by_outlet", "Most-quoted speakers, by outlet", QUOTED_BY_OUTLET_SQL, fig,
        f"Top {len(speakers)} of {totals[0]} speakers ({shown} of {totals[1]} quotes); "
        f"outlets beyond the top {TOP_OUTLETS} are folded into '{OTHER_OUTLETS}'."))

    _, rows = run_query(con, QUOTED_OVER_TIME_SQL)
    if rows:
        fig = new_figure()
        for speaker in dict.fromkeys(r[1] for r in rows):
            points = [(r[0], r[2]) for r in rows if r[1] == speaker]
            fig.add_trace(go.Scatter(name=label(speaker, 30), mode="lines+markers",
                                     x=[p[0] for p in points], y=[p[1] for p in points]))
        chart_layout(fig, height=380, yaxis_title="quotes")
        section.items.append(Chart("quoted_over_time", "Quotes over time, top speakers", QUOTED_OVER_TIME_SQL, fig,
                                   "Articles without a publication date are left out of this chart."))
    else:
        section.items.append(Note("No quote comes from an article with a publication date: nothing to draw over time."))
    return section


# ---------------------------------------------------------------- mentions

MENTIONED_SQL = f"""\
SELECT e.name, e.label,
       count(*)                       AS mentions,
       count(DISTINCT m.article_id)   AS articles,
       count(DISTINCT coalesce(a.publisher, '{UNKNOWN_OUTLET}')) AS outlets
FROM mentions m
JOIN entities e USING (entity_id)
JOIN articles a USING (article_id)
WHERE a.duplicate_of IS NULL AND a.superseded_by IS NULL
GROUP BY ALL
ORDER BY mentions DESC, e.name
LIMIT {TOP_ENTITIES}"""


def mentioned(con: duckdb.DuckDBPyConnection, cat: Catalog) -> Section:
    """Who (and what) is mentioned most."""
    section = Section("mentioned", "Who is mentioned most",
                      "Mentions of resolved entities (people, organisations, places), aliases merged.")
    if not cat.has("mentions", "entities", "articles"):
        section.items.append(_missing("mentions", "entities"))
        return section
    _, rows = run_query(con, MENTIONED_SQL)
    if not rows:
        section.items.append(Note("No entity mentions yet."))
        return section
    total = con.execute("SELECT count(*) FROM entities").fetchone()[0]
    fig = new_figure()
    for entity_label in dict.fromkeys(r[1] for r in rows):
        sub = [r for r in rows if r[1] == entity_label]
        fig.add_trace(go.Bar(name=label(entity_label, 20), orientation="h", y=[label(r[0], 40) for r in sub],
                             x=[r[2] for r in sub],
                             hovertext=[f"{r[2]} mentions in {r[3]} articles, {r[4]} outlets" for r in sub],
                             hoverinfo="text+y"))
    fig.update_yaxes(categoryorder="array", categoryarray=[label(r[0], 40) for r in reversed(rows)])
    fig.update_layout(barmode="stack")  # one label per entity: stacking keeps each bar centred on its row
    chart_layout(fig, height=160 + 24 * len(rows), xaxis_title="mentions")
    section.items.append(Chart("mentioned", "Most-mentioned entities", MENTIONED_SQL, fig,
                               f"Top {len(rows)} of {total} entities."))
    return section


# ---------------------------------------------------------------- quote reach

REPEATED_QUOTES_SQL = f"""\
-- The same words by the same speaker in several original articles (exact repeats only).
WITH q AS (
    SELECT coalesce(e.name, lower(q.speaker)) AS speaker, lower(trim(q.text)) AS words, q.text,
           a.article_id, coalesce(a.publisher, '{UNKNOWN_OUTLET}') AS publisher, a.published_at
    FROM quotes q
    JOIN articles a USING (article_id)
    LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
    WHERE q.speaker IS NOT NULL AND a.duplicate_of IS NULL AND a.superseded_by IS NULL
)
SELECT speaker,
       min(text)                                                  AS quote,
       arg_min(publisher, coalesce(published_at, TIMESTAMP '9999-12-31')) AS first_publisher,
       min(published_at)                                          AS first_seen_at,
       count(DISTINCT article_id)                                 AS articles,
       count(DISTINCT publisher)                                  AS outlets
FROM q
GROUP BY speaker, words
HAVING count(DISTINCT article_id) > 1
ORDER BY outlets DESC, articles DESC, speaker, quote
LIMIT {TOP_QUOTES}"""


def reach(con: duckdb.DuckDBPyConnection, cat: Catalog) -> Section:
    """Quote reach: which statements travelled furthest, and who carried them first."""
    section = Section("reach", "Quote reach",
                      "Statements repeated across outlets: how many outlets carried each and who was first.")
    # quote_reach_shared: the same rows for the statements in several articles, built for those only.
    view = next((v for v in ("quote_reach_shared", "quote_reach") if cat.has(v)), None)
    if view:
        text_col = cat.pick(view, "text", "representative_text", "quote_text", "quote")
        cols = [c for c in ("speaker", text_col, "first_publisher", "first_seen_at", "articles", "publishers")
                if c and c in cat.columns[view]]
        order = [c for c in ("publishers", "articles") if c in cols]
        sql = (f"SELECT {', '.join(cols)}\nFROM {view}\n"
               # ties in a fixed order (first seen, then the words), so a report is the same every time
               + (f"WHERE {order[-1]} > 1\nORDER BY {', '.join(c + ' DESC' for c in order)}, "
                  + ", ".join(c for c in ("speaker", "first_seen_at", text_col) if c in cols) + "\n" if order else "")
               + f"LIMIT {TOP_QUOTES}")
        source = "quote_reach"
    elif cat.has("quotes", "articles", "entities"):
        section.items.append(Note("The quote_reach view is not in this warehouse yet: below, exact repeats only."))
        sql, source = REPEATED_QUOTES_SQL, "quotes"
    else:
        section.items.append(_missing("quote_reach"))
        return section
    columns, rows = run_query(con, sql)
    if not rows:
        section.items.append(Note("No statement appears in more than one article yet."))
        return section
    idx = {c: i for i, c in enumerate(columns)}
    text_i = 1 if len(columns) > 1 else 0
    reach_i = idx.get("publishers", idx.get("outlets", idx.get("articles")))
    if reach_i is not None:
        ys = [f"{label(r[idx['speaker']], 25)}: {label(r[text_i], 45)}" if "speaker" in idx else label(r[text_i], 70)
              for r in rows]
        fig = new_figure(go.Bar(orientation="h", y=ys, x=[r[reach_i] for r in rows], marker_color="#f58518",
                               hovertext=[f"first: {label(r[idx['first_publisher']], 40)}" if "first_publisher" in idx
                                          else "" for r in rows], hoverinfo="text+x"))
        fig.update_yaxes(autorange="reversed")
        chart_layout(fig, height=160 + 28 * len(rows), xaxis_title=columns[reach_i])
        section.items.append(Chart("quote_reach", f"Statements carried by the most outlets ({source})", sql, fig))
    section.items.append(Table("quote_reach_table", "Who carried them first", sql, columns, rows))
    return section


# ---------------------------------------------------------------- claims

CLAIMS_BY_OUTLET_SQL = f"""\
-- Counted things that several outlets put a number on: per thing and outlet, its most repeated numbers
-- (bounded for a big corpus: {TOP_CLAIM_OBJECTS} things x {TOP_OUTLETS} outlets x {TOP_VALUES} values).
WITH c AS (
    SELECT * FROM claims_by_outlet
    WHERE object_lemma IS NOT NULL AND value IS NOT NULL AND qualifier NOT IN ('up', 'down')
),
top_objects AS (
    SELECT object_lemma FROM c GROUP BY object_lemma
    HAVING count(DISTINCT publisher) > 1
    ORDER BY count(DISTINCT publisher) DESC, count(DISTINCT value) DESC, object_lemma
    LIMIT {TOP_CLAIM_OBJECTS}
),
top_outlets AS (
    SELECT publisher FROM c WHERE object_lemma IN (SELECT object_lemma FROM top_objects)
    GROUP BY publisher ORDER BY count(*) DESC, publisher
    LIMIT {TOP_OUTLETS}
)
SELECT object_lemma, publisher, qualifier, value, count(*) AS claims, min(text) AS text
FROM c
WHERE object_lemma IN (SELECT object_lemma FROM top_objects) AND publisher IN (SELECT publisher FROM top_outlets)
GROUP BY object_lemma, publisher, qualifier, value
QUALIFY row_number() OVER (PARTITION BY object_lemma, publisher ORDER BY count(*) DESC, value) <= {TOP_VALUES}
ORDER BY object_lemma, publisher, value"""

CLAIM_PAIRS_SQL = f"""\
-- Two outlets, the same counted thing (and unit), different numbers: both sentences side by side.
WITH c AS (  -- bounded before the join: a common noun in a big corpus has thousands of claims
    SELECT * FROM claims_by_outlet
    WHERE object_lemma IS NOT NULL AND value IS NOT NULL AND qualifier NOT IN ('up', 'down')
    QUALIFY row_number() OVER (PARTITION BY object_lemma, publisher ORDER BY value, text) <= 20
),
pairs AS (  -- the first pairs, then formatting (formatting every pair first costs seconds at scale)
    SELECT l.object_lemma, l.publisher AS outlet_a, l.qualifier AS qualifier_a, l.value AS value_a,
           l.sentence AS sentence_a, r.publisher AS outlet_b, r.qualifier AS qualifier_b, r.value AS value_b,
           r.sentence AS sentence_b
    FROM c l
    JOIN c r ON r.object_lemma = l.object_lemma AND r.unit IS NOT DISTINCT FROM l.unit
            AND r.publisher > l.publisher AND r.value <> l.value
    ORDER BY l.object_lemma, outlet_a, outlet_b, value_a, value_b
    LIMIT {TABLE_ROWS}
)
SELECT object_lemma,
       outlet_a, format('{{}} {{:g}}', qualifier_a, value_a) AS claim_a, sentence_a,
       outlet_b, format('{{}} {{:g}}', qualifier_b, value_b) AS claim_b, sentence_b
FROM pairs
ORDER BY object_lemma, outlet_a, outlet_b, value_a, value_b"""


def comparison_sql(cat: Catalog, where: str = "", limit: int = TABLE_ROWS) -> str | None:
    """SQL over claim_comparisons with both claims' sentences, whatever its side columns are called."""
    cols = cat.columns.get("claim_comparisons", [])
    ids = [c for c in cols if "claim_id" in c]
    if len(ids) < 2 or "verdict" not in cols:
        return None
    left, right = ids[0], ids[1]

    def side(id_col: str, stem: str) -> str | None:
        # claim_id_a -> text_a, left_claim_id -> left_text: the same side's other columns.
        candidate = id_col.replace("claim_id", stem)
        return candidate if candidate in cols else None

    text_l, text_r = side(left, "text"), side(right, "text")
    sent_l, sent_r = side(left, "sentence"), side(right, "sentence")
    pub_l, pub_r = side(left, "publisher"), side(right, "publisher")
    lhs = f"coalesce(nl.sentence, cc.{sent_l or text_l})" if (sent_l or text_l) else "nl.sentence"
    rhs = f"coalesce(nr.sentence, cc.{sent_r or text_r})" if (sent_r or text_r) else "nr.sentence"
    publ = f"cc.{pub_l}" if pub_l else "al.publisher"
    pubr = f"cc.{pub_r}" if pub_r else "ar.publisher"
    # What a fact-checker needs to look: the two values, the thing counted, its scope and time, both
    # sentences and the articles they come from.
    extra = [f"cc.{c}" for c in ("object", "value_a", "value_b", "text_a", "text_b", "subject_a", "subject_b",
                                 "scope_a", "scope_b", "time_a", "time_b", "later", "article_id_a", "article_id_b")
             if c in cols]
    return f"""\
SELECT cc.verdict, {", ".join(extra + [""])}
       {publ} AS outlet_a, {lhs} AS sentence_a,
       {pubr} AS outlet_b, {rhs} AS sentence_b
FROM claim_comparisons cc
LEFT JOIN numeric_claims nl ON nl.claim_id = cc.{left}
LEFT JOIN numeric_claims nr ON nr.claim_id = cc.{right}
LEFT JOIN articles al ON al.article_id = nl.article_id
LEFT JOIN articles ar ON ar.article_id = nr.article_id{chr(10) + "WHERE " + where if where else ""}
ORDER BY cc.verdict = 'conflict' DESC, cc.verdict, outlet_a, outlet_b, sentence_a, sentence_b
LIMIT {limit}"""


def claims(con: duckdb.DuckDBPyConnection, cat: Catalog) -> Section:
    """Numbers the outlets disagree on, with both claims' sentences side by side."""
    section = Section("claims", "Numbers the outlets disagree on",
                      "Numeric claims about the same counted thing in different outlets.")
    if cat.has("claim_comparisons"):
        # The view pairs every story's claims on each read: read it once into a temporary table of the
        # same name (it shadows the view in this connection only), so the SQL shown is the SQL run.
        con.execute("CREATE OR REPLACE TEMP TABLE claim_comparisons AS SELECT * FROM claim_comparisons")
        verdict_sql = ("SELECT verdict, count(*) AS pairs FROM claim_comparisons GROUP BY verdict "
                       "ORDER BY pairs DESC, verdict")
        _, rows = run_query(con, verdict_sql)
        if rows:
            fig = new_figure(go.Bar(x=[label(r[0], 20) for r in rows], y=[r[1] for r in rows], marker_color="#54a24b"))
            chart_layout(fig, height=300, yaxis_title="claim pairs")
            section.items.append(Chart("claim_verdicts", "Claim pairs compared, by verdict", verdict_sql, fig))
        pair_sql = comparison_sql(cat)
        if pair_sql:
            columns, rows = run_query(con, pair_sql)
            section.items.append(Table("claim_pairs", "Conflicts first: both sentences side by side", pair_sql,
                                       columns, rows))
        if not rows:
            section.items.append(Note("No claims compared yet."))
        return section
    if not cat.has("claims_by_outlet"):
        section.items.append(_missing("claims_by_outlet", "claim_comparisons"))
        return section
    section.items.append(Note("The claim_comparisons view is not in this warehouse yet: below, every outlet's "
                              "numbers for the things several outlets counted, and pairs of differing numbers "
                              "(which may count different events)."))
    _, rows = run_query(con, CLAIMS_BY_OUTLET_SQL)
    if not rows:
        section.items.append(Note("No counted thing has numbers from more than one outlet yet."))
        return section
    objects = list(dict.fromkeys(r[0] for r in rows))
    fig = new_figure()
    for outlet in dict.fromkeys(r[1] for r in rows):
        sub = [r for r in rows if r[1] == outlet]
        fig.add_trace(go.Scatter(name=label(outlet, 30), mode="markers", marker={"size": 11},
                                 x=[r[3] for r in sub], y=[label(r[0], 30) for r in sub],
                                 hovertext=[f"{label(r[2], 4)} {r[3]:g} ({r[4]} claims): {label(r[5], 80)}"
                                            for r in sub],
                                 hoverinfo="text"))
    values = [r[3] for r in rows if r[3] and r[3] > 0]
    if values and max(values) / max(min(values), 1e-9) > 1000:
        fig.update_xaxes(type="log")
    fig.update_yaxes(categoryorder="array", categoryarray=[label(o, 30) for o in reversed(objects)])
    chart_layout(fig, height=160 + 40 * len(objects), xaxis_title="value claimed")
    section.items.append(Chart("claims_by_outlet", "Each outlet's numbers, per counted thing", CLAIMS_BY_OUTLET_SQL,
                               fig, f"The {len(objects)} counted things with numbers from the most outlets; per outlet (top "
                               f"{TOP_OUTLETS}), its {TOP_VALUES} most repeated numbers."))
    columns, rows = run_query(con, CLAIM_PAIRS_SQL)
    if rows:
        section.items.append(Table("claim_pairs", "Differing numbers, both sentences side by side", CLAIM_PAIRS_SQL,
                                   columns, rows, f"At most {TABLE_ROWS} pairs."))
    return section


# ---------------------------------------------------------------- data quality

REJECTED_SQL = f"""\
-- Records rejected per run, by kind of reason (its text up to the first colon).
SELECT coalesce(run_id, '(no run)')                     AS run_id,
       min(rejected_at)                                 AS first_rejected_at,
       stage,
       -- numbers and quoted names dropped: 'malformed JSON on line 2' and '... line 3' are one reason
       trim(regexp_replace(regexp_replace(split_part(reason, ':', 1), '''[^'']*''', '', 'g'), '[0-9]+', 'N', 'g')) AS reason,
       count(*)                                         AS records
FROM rejected_inputs
GROUP BY ALL
ORDER BY first_rejected_at, run_id, records DESC"""

DQ_RUNS_SQL = """\
-- Great Expectations outcomes per run: expectations passed and failed, rows checked.
SELECT coalesce(run_id, '(no run)')                     AS run_id,
       min(checked_at)                                  AS checked_at,
       count(*) FILTER (WHERE success)                  AS passed,
       count(*) FILTER (WHERE NOT success)              AS failed,
       max(rows_checked)                                AS most_rows_checked
FROM dq_results
GROUP BY ALL
ORDER BY checked_at DESC
LIMIT 30"""

DQ_FAILURES_SQL = f"""\
SELECT checked_at, table_name, expectation, unexpected_count, unexpected_examples
FROM dq_results
WHERE NOT success
ORDER BY checked_at DESC, table_name, expectation
LIMIT {TABLE_ROWS}"""


def _run_label(run_id: str, when: object) -> str:
    stamp = when.strftime("%Y-%m-%d %H:%M") if hasattr(when, "strftime") else ""
    return label(f"{stamp} {run_id[:8]}".strip(), 30)


def quality(con: duckdb.DuckDBPyConnection, cat: Catalog) -> Section:
    """Data quality: rows held back or rejected per run and why, check outcomes over time."""
    section = Section("quality", "Data quality",
                      "What the pipeline refused or held back, and how its checks went, run by run.")
    if cat.has("rejected_inputs"):
        _, rows = run_query(con, REJECTED_SQL)
        if rows:
            runs = list(dict.fromkeys((r[0], r[1]) for r in rows))
            fig = new_figure()
            for reason in dict.fromkeys(r[3] for r in rows):
                counts = {}
                for r in rows:
                    if r[3] == reason:
                        counts[r[0]] = counts.get(r[0], 0) + r[4]
                fig.add_trace(go.Bar(name=label(reason, 40), x=[_run_label(*run) for run in runs],
                                     y=[counts.get(run[0], 0) for run in runs]))
            fig.update_layout(barmode="stack")
            chart_layout(fig, height=360, yaxis_title="records rejected")
            section.items.append(Chart("rejected", "Records rejected per run, by reason", REJECTED_SQL, fig))
        else:
            section.items.append(Note("No input has been rejected."))
    else:
        section.items.append(_missing("rejected_inputs"))

    if cat.has("held_back"):
        reason_col = cat.pick("held_back", "reason", "why", "cause")
        run_col = cat.pick("held_back", "run_id")
        keys = [c for c in (run_col, reason_col) if c]
        sql = (f"SELECT {', '.join(keys + ['count(*) AS rows_held_back'])}\nFROM held_back\n"
               + (f"GROUP BY ALL\nORDER BY rows_held_back DESC\n" if keys else "") + f"LIMIT {TABLE_ROWS}")
        columns, rows = run_query(con, sql)
        section.items.append(Table("held_back", "Rows held back", sql, columns, rows))
    else:
        section.items.append(Note("No held_back view in this warehouse: rows are either loaded or rejected."))

    if cat.has("dq_results"):
        columns, rows = run_query(con, DQ_RUNS_SQL)
        if rows:
            ordered = list(reversed(rows))
            x = [_run_label(r[0], r[1]) for r in ordered]
            fig = new_figure([go.Bar(name="passed", x=x, y=[r[2] for r in ordered], marker_color="#54a24b"),
                             go.Bar(name="failed", x=x, y=[r[3] for r in ordered], marker_color="#e45756")])
            fig.update_layout(barmode="stack")
            chart_layout(fig, height=340, yaxis_title="expectations")
            section.items.append(Chart("dq_outcomes", "Check outcomes per run", DQ_RUNS_SQL, fig,
                                       f"The last {len(rows)} runs that wrote check results."))
            columns, rows = run_query(con, DQ_FAILURES_SQL)
            if rows:
                section.items.append(Table("dq_failures", "Latest failed expectations", DQ_FAILURES_SQL, columns, rows))
            else:
                section.items.append(Note("Every expectation has passed in every run."))
        else:
            section.items.append(Note("No check has run yet."))
    else:
        section.items.append(_missing("dq_results"))
    return section


ALL_SECTIONS = (overview, stories, quoted, mentioned, reach, claims, quality)
