"""The HTML report and README's 'Ask the warehouse' walkthrough.

A real warehouse built from seeds/ through the Dagster job (the report asset included),
synthetic warehouses for scale and for the views later stages add, and an article carrying
script and onerror payloads that must never reach the page unescaped.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import duckdb
import pytest

from pipelines import cli, warehouse
from pipelines.report import build_sections, default_report_path, write_report
from pipelines.report.model import Chart, Note, Table
from pipelines.report.sections import OTHER_OUTLETS, TOP_OUTLETS, TOP_SPEAKERS
from pipelines.settings import PROJECT_ROOT
from pipelines.walkthrough import build_seed_warehouse, readme_block, render_walkthrough

PAYLOAD_SCRIPT = "<script>window.__pwned='script'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"window.__pwned='img'\">"
PAYLOADS = (PAYLOAD_SCRIPT, PAYLOAD_IMG)


def write_hostile_articles(path):
    """Two outlets' JSONL records whose title, publisher, body (a quote, a number) carry script payloads."""
    body1 = ("Mayor Jane Holloway said on Monday that the city would build 40 new schools next year, "
             f"{PAYLOAD_SCRIPT} in a plan approved by the council after a long debate. \"We will not wait any "
             f"longer {PAYLOAD_IMG} for our children,\" Holloway said. The council also approved 12 new parks "
             "and a library in the northern district, officials said.")
    body2 = ("The city will build 45 new schools, Mayor Jane Holloway announced on Monday, in a plan the council "
             f"approved. \"We will not wait any longer {PAYLOAD_IMG} for our children,\" Holloway said at the town "
             "hall. Critics said the plan would cost 300 million dollars and that the schools were not needed, "
             f"{PAYLOAD_SCRIPT} according to the opposition.")
    records = [
        {"title": f"City approves schools {PAYLOAD_SCRIPT}", "publisher": f"Gazette {PAYLOAD_IMG}",
         "date": "2025-06-02", "body": body1},
        {"title": f"Schools plan {PAYLOAD_IMG}", "publisher": f"Evening Post {PAYLOAD_SCRIPT}",
         "date": "2025-06-03", "body": body2},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def assert_payloads_inert(document: str, charts: int) -> None:
    """No payload appears as markup: only plotly.js (its tag or inlined) and one script per chart are scripts."""
    for payload in PAYLOADS:
        assert payload not in document
    # plotly.js is the first script; after it, nothing but chart scripts and escaped text.
    library_end = document.index("</script>") + len("</script>")
    rest = document[library_end:]
    assert rest.count("<script") == charts
    # No element other than the template's own, and no tag with an event handler attribute.
    assert not re.search(r"<(img|svg|iframe|object|embed|form|input)\b", rest, re.IGNORECASE)
    assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", rest)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("report") / "news.duckdb"
    build_seed_warehouse(db)  # the real job: every asset (report included) and check
    return db


@pytest.fixture
def con(seeds_db):
    connection = duckdb.connect(str(seeds_db), read_only=True)
    yield connection
    connection.close()


# ---------------------------------------------------------------- walkthrough

def test_readme_walkthrough_matches_a_fresh_run(con):
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    generated = render_walkthrough(con)
    assert [line for line in generated.splitlines() if line.startswith("### ")] == [
        "### Who was quoted most, and how?", "### Which outlets reported how many drones?",
        "### Do the outlets agree on the drones?", "### Which claims conflict?", "### Where did a quote first appear?"]
    assert readme_block(readme) == generated, "README is stale: run `make walkthrough`"


# ---------------------------------------------------------------- the report on seeds

def test_report_asset_writes_a_self_contained_report_next_to_the_warehouse(seeds_db):
    path = default_report_path(seeds_db)
    assert path == seeds_db.parent / "report" / seeds_db.stem / "index.html"
    document = path.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>")
    # Offline: plotly.js from the file beside the report (the first script), nothing loaded from elsewhere.
    library_tag = re.search(r'<script src="(plotly-[0-9.]+\.min\.js)"></script>', document)
    assert library_tag and document.index("<script") == library_tag.start()
    library = path.parent / library_tag.group(1)
    assert library.stat().st_size > 3_000_000 and "plotly.js" in library.read_text(encoding="utf-8")[:300]
    outside_library = document[:library_tag.start()] + document[library_tag.end():]
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<iframe|https?://", outside_library)
    # Written once per folder: a second report beside it reuses the file.
    before = library.stat().st_mtime_ns
    write_report(seeds_db, path.parent / "again.html")
    assert library.stat().st_mtime_ns == before and len(list(path.parent.glob("plotly-*"))) == 1
    # --self-contained: one file carrying plotly.js, for mailing or copying alone.
    assert cli.main(["report", "--db", str(seeds_db), "--out", str(path.parent / "alone" / "r.html"),
                     "--self-contained"]) == 0
    alone = (path.parent / "alone" / "r.html").read_text(encoding="utf-8")
    start, end = alone.index("<script>"), alone.index("</script>")
    assert "plotly.js" in alone[start:start + 200] and end - start > 3_000_000
    assert not list((path.parent / "alone").glob("plotly-*"))
    for key in ("story_timeline", "quoted_by_outlet", "quoted_over_time", "mentioned", "quote_reach",
                "claim_verdicts", "dq_outcomes"):
        assert f'data-chart="{key}"' in document
    # Each chart and table has its SQL one click away.
    assert document.count("<details><summary>SQL behind this") == document.count('data-chart="') + document.count(
        'data-table="')


def test_chart_values_come_from_the_warehouse(con):
    sections = {s.key: s for s in build_sections(con)}
    by_outlet = next(i for i in sections["quoted"].items if isinstance(i, Chart) and i.key == "quoted_by_outlet")
    speaker, quotes = con.execute("SELECT speaker, quotes FROM speaker_quote_counts LIMIT 1").fetchone()
    first_label = by_outlet.figure.data[0].y[0]
    assert first_label == speaker
    assert sum(t.x[list(t.y).index(speaker)] for t in by_outlet.figure.data if speaker in t.y) == quotes
    mentioned = next(i for i in sections["mentioned"].items if isinstance(i, Chart))
    top_entity, top_mentions = con.execute(
        "SELECT name, sum(mentions) FROM entity_mention_counts GROUP BY name ORDER BY 2 DESC, name LIMIT 1").fetchone()
    bars = {y: x for t in mentioned.figure.data for y, x in zip(t.y, t.x)}
    assert bars[top_entity] == top_mentions
    # The five samples are one story; Putin's words travelled furthest (3 outlets, 'quite candid' included).
    stories = next(i for i in sections["stories"].items if isinstance(i, Table))
    assert len(stories.rows) == 1 and stories.rows[0][4] == 5 and stories.rows[0][5] == 4  # one unknown outlet
    reach_table = next(i for i in sections["reach"].items if isinstance(i, Table))
    assert reach_table.rows[0][0] == "Vladimir Putin" and reach_table.rows[0][-1] == 3
    # Compared claims: the Istanbul dates conflict (two pairs), the 273 drones agree; sentences side by side.
    pairs = next(i for i in sections["claims"].items if isinstance(i, Table))
    verdicts = [r[0] for r in pairs.rows]
    assert verdicts.count("conflict") == 2 and "agree" in verdicts
    col = {c: i for i, c in enumerate(pairs.columns)}
    assert all(r[col["sentence_a"]] and r[col["sentence_b"]] and r[col["sentence_a"]] != r[col["sentence_b"]]
               for r in pairs.rows)
    # A conflict says what is compared: the thing, both values, the articles they come from.
    conflict = next(r for r in pairs.rows if r[0] == "conflict")
    assert conflict[col["object"]] == "meeting"
    assert {conflict[col["value_a"]], conflict[col["value_b"]]} == {"2025-05-15", "2025-05-16"}
    assert conflict[col["article_id_a"]] != conflict[col["article_id_b"]]


def test_cli_report(seeds_db, tmp_path, capsys):
    out = tmp_path / "elsewhere" / "r.html"
    assert cli.main(["report", "--db", str(seeds_db), "--out", str(out)]) == 0
    # The page alone is small; plotly.js (MBs) lies beside it, where the page loads it from.
    assert 10_000 < out.stat().st_size < 1_000_000
    [library] = out.parent.glob("plotly-*.min.js")
    assert f'<script src="{library.name}">' in out.read_text(encoding="utf-8") and library.stat().st_size > 3_000_000
    assert f"report: {out}" in capsys.readouterr().out
    assert cli.main(["report", "--db", str(tmp_path / "missing.duckdb")]) == 1
    assert "no warehouse at" in capsys.readouterr().err


def test_cli_report_open_hands_the_file_to_the_browser(seeds_db, tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    out = tmp_path / "r.html"
    assert cli.main(["report", "--db", str(seeds_db), "--out", str(out), "--open"]) == 0
    assert opened == [out.resolve().as_uri()] and out.exists()


# ---------------------------------------------------------------- hostile text

def test_article_text_cannot_run_in_the_report(seeds_db, tmp_path):
    from dagster import DagsterInstance, materialize

    from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
    from pipelines.resources import NlpResource, WarehouseResource

    db = tmp_path / "news.duckdb"
    shutil.copy(seeds_db, db)
    inputs = tmp_path / "incoming"
    inputs.mkdir()
    write_hostile_articles(inputs / "hostile.jsonl")
    result = materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        resources={"warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource(processes=1)},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(inputs)]}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False)
    assert result.success
    with duckdb.connect(str(db), read_only=True) as c:
        # The warehouse keeps the text as written (rightly)...
        assert c.execute("SELECT count(*) FROM articles WHERE publisher LIKE '%<script>%' "
                         "OR publisher LIKE '%<img %'").fetchone()[0] == 2
        assert c.execute("SELECT count(*) FROM quotes WHERE text LIKE '%<script>%'").fetchone()[0] >= 1
    document = default_report_path(db).read_text(encoding="utf-8")
    charts = document.count('data-chart="')
    # ...the report shows it as text (escaped in tables, entity-escaped in chart labels)...
    assert "Evening Post &lt;script&gt;window.__pwned=&#39;script&#39;&lt;/script&gt;" in document
    assert "Gazette &lt;img src=x onerror=&#34;window.__pwned=&#39;img&#39;&#34;&gt;" in document
    assert "Gazette \\u0026lt;img" in document or "Gazette &lt;img src=x onerror=\\\"" in document
    # ...and never as markup.
    assert_payloads_inert(document, charts)


# ---------------------------------------------------------------- scale and later stages (synthetic)

def _synthetic_warehouse(db_path, *, speakers: int, outlets: int):
    """Articles and quotes only: `speakers` speakers quoted in `outlets` outlets, speaker i quoted i+1 times each."""
    now = dt.datetime(2025, 1, 1)
    articles, quotes = [], []
    for o in range(outlets):
        article_id = f"a{o:03d}"
        articles.append({"article_id": article_id, "source_path": f"/in/{o}.txt", "publisher": f"Outlet {o:02d}",
                         "published_at": now + dt.timedelta(days=o), "language": "en", "body": "x" * 50,
                         "word_count": 10, "body_hash": article_id, "ingested_at": now, "cleaned_at": now})
        for s in range(speakers):
            for n in range(s + 1):
                quotes.append({"quote_id": f"q{o}-{s}-{n}", "article_id": article_id, "text": f"words {s} {n}",
                               "speaker": f"Speaker {s:02d}", "quote_type": "direct", "confidence": 0.9,
                               "start_char": 0, "end_char": 5, "segments": [[0, 5]]})
    with warehouse.connect(str(db_path)) as c:
        warehouse.insert_frame(c, "articles", warehouse.rows_frame(c, "articles", articles))
        warehouse.insert_frame(c, "quotes", warehouse.rows_frame(c, "quotes", quotes))
        warehouse.apply_views(c)


def test_many_speakers_and_outlets_keep_the_top_and_fold_the_rest(tmp_path):
    db = tmp_path / "big.duckdb"
    _synthetic_warehouse(db, speakers=40, outlets=20)
    with duckdb.connect(str(db), read_only=True) as c:
        quoted = next(s for s in build_sections(c) if s.key == "quoted")
    chart = next(i for i in quoted.items if isinstance(i, Chart) and i.key == "quoted_by_outlet")
    assert len(chart.figure.data) == TOP_OUTLETS + 1 and chart.figure.data[-1].name == OTHER_OUTLETS
    assert len(chart.figure.data[0].y) == TOP_SPEAKERS
    assert chart.figure.data[0].y[0] == "speaker 39"  # the most quoted; unresolved names are lower-cased
    # 12 folded outlets x 40 quotes of speaker 39.
    assert chart.figure.data[-1].x[0] == 12 * 40
    assert chart.caption.startswith(f"Top {TOP_SPEAKERS} of 40 speakers")


def test_sections_use_later_stages_views_when_present_and_degrade_when_absent(tmp_path):
    db = tmp_path / "w.duckdb"
    _synthetic_warehouse(db, speakers=3, outlets=3)
    with duckdb.connect(str(db)) as c:  # a warehouse from before the stories stage and the quarantine
        c.execute("""
            DROP VIEW claim_disagreements; DROP VIEW claim_comparisons; DROP VIEW quote_reach_shared; DROP VIEW quote_reach;
            DROP VIEW story_outlets; DROP VIEW held_back; DROP TABLE story_articles; DROP TABLE stories;
        """)
    with duckdb.connect(str(db), read_only=True) as c:
        before = {s.key: s for s in build_sections(c)}
    assert isinstance(before["stories"].items[0], Note)
    assert "claim_comparisons view is not in this warehouse" in before["claims"].items[0].text
    with duckdb.connect(str(db)) as c:
        c.execute("""
            CREATE TABLE stories AS SELECT 's1' AS story_id, 'Schools <b>plan</b>' AS label;
            CREATE TABLE story_articles AS SELECT 's1' AS story_id, article_id, 0.9 AS similarity FROM articles;
            CREATE VIEW quote_reach AS SELECT 'c1' AS cluster_id, 'speaker 02' AS speaker, 'words 2 0' AS text,
                'Outlet 00' AS first_publisher, TIMESTAMP '2025-01-01' AS first_seen_at, 3 AS articles, 3 AS publishers;
            INSERT INTO numeric_claims (claim_id, article_id, text, value, qualifier, sentence, start_char, end_char)
                VALUES ('c1', 'a000', '40 schools', 40, '=', 'They build 40 schools.', 0, 10),
                       ('c2', 'a001', '45 schools', 45, '=', 'They build 45 schools.', 0, 10);
            CREATE VIEW claim_comparisons AS SELECT 'c1' AS claim_id_a, 'c2' AS claim_id_b, 'conflict' AS verdict;
            CREATE VIEW held_back AS SELECT 'r1' AS run_id, 'offset outside body' AS reason;
        """)
    with duckdb.connect(str(db), read_only=True) as c:
        after = {s.key: s for s in build_sections(c)}
    timeline = after["stories"].items[0]
    assert isinstance(timeline, Chart) and timeline.figure.data[0].y[0] == "Schools &lt;b&gt;plan&lt;/b&gt;"
    story_table = after["stories"].items[1]
    assert story_table.rows[0][4:6] == (3, 3)
    reach = next(i for i in after["reach"].items if isinstance(i, Table))
    assert reach.rows == [("speaker 02", "words 2 0", "Outlet 00", dt.datetime(2025, 1, 1), 3, 3)]
    verdicts = next(i for i in after["claims"].items if isinstance(i, Chart))
    assert list(verdicts.figure.data[0].x) == ["conflict"]
    pairs = next(i for i in after["claims"].items if isinstance(i, Table))
    assert pairs.rows == [("conflict", "Outlet 00", "They build 40 schools.", "Outlet 01", "They build 45 schools.")]
    held = next(i for i in after["quality"].items if isinstance(i, Table) and i.key == "held_back")
    assert held.rows == [("r1", "offset outside body", 1)]


def test_report_of_an_empty_warehouse_is_all_notes(tmp_path):
    db = tmp_path / "empty.duckdb"
    with warehouse.connect(str(db)):
        pass  # schema only, no views, no rows
    result = write_report(db)
    assert result.path == tmp_path / "report" / "empty" / "index.html" and result.charts == 0
    assert any("claims_by_outlet" in n for n in result.notes)
    assert any("No attributed quotes yet" in n for n in result.notes)
