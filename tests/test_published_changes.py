"""Rows made from an article's published time or publisher follow it when cleaning rewrites the
article in place (a new publication-time parser, a re-read field) without parsing it again: its
story's span and counts, the date claims read against its date or its story's, and the quote
clusters made in time order become what a fresh build of the same input with the new code gives.
Real DuckDB files under tmp_path; real Dagster runs of the whole pipeline."""
from __future__ import annotations

import json
import re
from datetime import datetime

from dateutil import parser as date_parser

from pipelines import code_versions, warehouse
from pipelines.core import cleaning
from pipelines.pending import pending_work
from tests.runs import run_pipeline
from tests.warehouse_compare import differences, snapshot


# An invented event reported over four days by several outlets: (published field, publisher, url, title, body).
# Every article names the same company, people and town; relative dates are read against each one's day.
_REPORTS = [
    ("2024-03-04 22:30 EST", "Lowmoor Courier", None, "Norvane Rail halts trains after Pellham bridge crack",
     "Norvane Rail stopped every train across the Pellham viaduct yesterday after engineers found a crack in "
     "one of its piers, chief executive Kasia Wren said. Inspectors from the Pellham Transport Board will "
     "examine the viaduct this week, and buses will carry passengers between Pellham and Lowmoor until it "
     "reopens. \"Nobody will cross that bridge until we know it is safe,\" Kasia Wren said."),
    ("Tue, 05 Mar 2024 10:00:00 GMT", "Eastshire Herald", None, "Pellham viaduct closure strands commuters",
     "Commuters between Pellham and Lowmoor waited for buses yesterday after Norvane Rail closed the Pellham "
     "viaduct. Kasia Wren, chief executive of Norvane Rail, said the crack in the pier was found during a "
     "routine check. The Pellham Transport Board said its inspectors would report on Friday. \"We are "
     "sorry for the delays, and we are working around the clock to reopen the line,\" Kasia Wren said."),
    ("2024-03-06 23:30 EST", "Valley Gazette", None, "Inspectors begin work on cracked Pellham viaduct",
     "Inspectors from the Pellham Transport Board began work on the cracked Pellham viaduct on Wednesday, "
     "two days after Norvane Rail halted its trains. Kasia Wren, chief executive of Norvane Rail, said "
     "yesterday that repairs could take weeks. \"We are sorry for the delays, and we are working around the "
     "clock to reopen the line,\" Kasia Wren said. Buses continue to run between Pellham and Lowmoor."),
    ("2024-W10-5", None, "https://www.lowmoor-observer.example/news/viaduct",
     "Pellham viaduct repairs to take a month, Norvane Rail says",
     "Repairs to the Pellham viaduct will take about a month, Norvane Rail chief executive Kasia Wren said "
     "on Thursday, after the Pellham Transport Board inspectors found the crack ran through the whole pier. "
     "Buses will keep running between Pellham and Lowmoor, and Norvane Rail will refund season tickets."),
    (None, None, "https://news.eastshire-radio.example/pellham",
     "Norvane Rail to refund Pellham commuters",
     "Norvane Rail will refund commuters who hold season tickets between Pellham and Lowmoor while the "
     "Pellham viaduct is closed, chief executive Kasia Wren said yesterday. The Pellham Transport Board "
     "said the crack in the viaduct pier was found by Norvane Rail engineers on a routine check."),
]


def _inputs(folder) -> list[str]:
    folder.mkdir()
    records = []
    for published, publisher, url, title, body in _REPORTS:
        record = {"title": title, "body": body}
        for key, value in (("date", published), ("publisher", publisher), ("url", url)):
            if value is not None:
                record[key] = value
        records.append(record)
    (folder / "viaduct.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return [str(folder)]


def _older_parser(text: str | None) -> datetime | None:
    """A publication-time parser as an older cleaning code had it: it did not know RFC 1123 dates,
    kept a zone abbreviation's time as written, and read ISO week dates."""
    if not text:
        return None
    if re.match(r"[A-Z][a-z]{2}, \d", text):
        return None
    week = re.fullmatch(r"(\d{4})-W(\d{2})-(\d)", text)
    if week:
        return datetime.fromisocalendar(*(int(g) for g in week.groups()))
    return date_parser.parse(text, ignoretz=True)


def _new_cleaning_version(monkeypatch, version: str) -> None:
    manifest = json.loads(json.dumps(code_versions.cleaning_version().manifest))
    manifest["files"]["published.py"] = version[:4] * 4
    new = code_versions.CodeVersion("cleaning", version, manifest)
    monkeypatch.setattr(code_versions, "cleaning_version", lambda: new)


def _build_with_older_code(db, inputs, monkeypatch) -> None:
    with monkeypatch.context() as old_code:
        old_code.setattr(cleaning, "parse_datetime", _older_parser)
        old_code.setattr(cleaning, "url_outlet", lambda url: None)  # an older code named no outlet from a URL
        _new_cleaning_version(old_code, "aaaaaaaaaaaa")
        assert run_pipeline(db, inputs).success


def _comparable(tables: dict) -> dict:
    """Every table and view but the run's bookkeeping (code versions recorded, checks run) and what
    story assignment made online, in the order articles came: the probability each article joined
    with and the centroid's float sums (an article keeps its story, as the stories stage says)."""
    kept = {name: rows for name, rows in tables.items()
            if name not in ("code_versions", "story_postings") and not name.startswith("dq_")}
    kept["story_articles"] = type(tables["story_articles"])(
        row[:2] + row[3:] for row in tables["story_articles"].elements())
    return kept


def _story(con) -> tuple:
    return con.execute("SELECT count(*), min(first_published_at), max(last_published_at), sum(article_count), "
                       "sum(publisher_count) FROM stories").fetchone()


def _claims(con) -> dict[str, tuple]:
    return {text + "|" + title: (value, source) for title, text, value, source in con.execute(
        "SELECT a.title, d.text, d.date_value, d.reference_source FROM date_claims d JOIN articles a USING (article_id) "
        "WHERE d.text IN ('yesterday', 'on Thursday', 'on Friday')").fetchall()}


def test_published_times_changed_by_cleaning_again_move_spans_and_relative_dates_as_a_fresh_build(
        tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _build_with_older_code(db, inputs, monkeypatch)
    with warehouse.connect(str(db)) as con:
        # One story of five articles; the older code left the Tuesday report undated and dated the fifth.
        assert _story(con) == (1, datetime(2024, 3, 4, 22, 30), datetime(2024, 3, 8), 5, 4)
        before = _claims(con)
        assert before["yesterday|Pellham viaduct closure strands commuters"] == (datetime(2024, 3, 3).date(), "story")

    _new_cleaning_version(monkeypatch, "bbbbbbbbbbbb")  # the current parser and outlets
    assert run_pipeline(db, inputs).success
    fresh_db = tmp_path / "fresh.duckdb"
    assert run_pipeline(fresh_db, inputs).success

    fresh = _comparable(snapshot(str(fresh_db)))
    assert differences(_comparable(snapshot(str(db))), fresh) == []
    with warehouse.connect(str(db)) as con:
        # The span is the current dated articles': the first moved to UTC, the week date no longer read.
        assert _story(con) == (1, datetime(2024, 3, 5, 3, 30), datetime(2024, 3, 7, 4, 30), 5, 5)
        after = _claims(con)
        assert after["yesterday|Pellham viaduct closure strands commuters"] == (datetime(2024, 3, 4).date(),
                                                                               "article")
        # The undated article reads 'yesterday' against its story's first day, which moved.
        assert after["yesterday|Norvane Rail to refund Pellham commuters"] == (datetime(2024, 3, 4).date(), "story")
        assert before["yesterday|Norvane Rail to refund Pellham commuters"] == (datetime(2024, 3, 3).date(), "story")
        assert pending_work(con, inputs).reasons == []
        written = con.execute("SELECT story_id, updated_at, run_id FROM stories").fetchall()
        claims_made = con.execute("SELECT article_id, processed_at FROM story_processed ORDER BY 1").fetchall()

    # A second run finds nothing to do and writes nothing.
    assert run_pipeline(db, inputs).success
    assert differences(_comparable(snapshot(str(db))), fresh) == []
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT story_id, updated_at, run_id FROM stories").fetchall() == written
        assert con.execute("SELECT article_id, processed_at FROM story_processed ORDER BY 1").fetchall() == claims_made


def test_an_earlier_report_joining_a_story_moves_its_span_and_its_undated_articles_dates_in_the_same_run(
        tmp_path):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    assert run_pipeline(db, inputs).success
    (tmp_path / "in" / "earlier.jsonl").write_text(json.dumps({
        "title": "Norvane Rail finds crack in Pellham viaduct pier", "date": "2024-03-03T09:00:00Z",
        "publisher": "Pellham Evening Star",
        "body": "Engineers from Norvane Rail found a crack in a pier of the Pellham viaduct during a routine "
                "check, chief executive Kasia Wren said. The Pellham Transport Board was told, and trains "
                "between Pellham and Lowmoor ran slowly over the viaduct while the engineers looked at it."}) + "\n")
    assert run_pipeline(db, inputs).success
    with warehouse.connect(str(db)) as con:
        assert _story(con) == (1, datetime(2024, 3, 3, 9), datetime(2024, 3, 7, 4, 30), 6, 6)
        # The undated article's 'yesterday' is read against its story's new first day in the same run.
        assert _claims(con)["yesterday|Norvane Rail to refund Pellham commuters"] == (datetime(2024, 3, 2).date(),
                                                                                     "story")
        assert pending_work(con, inputs).reasons == []


def test_an_article_that_lost_its_date_reads_its_dates_from_its_story_though_the_day_is_the_same(db):
    from pipelines.stages.stories import run_stories

    with warehouse.connect(str(db)) as con:
        article, story, published = con.execute("""
            SELECT d.article_id, sa.story_id, a.published_at FROM date_claims d
            JOIN story_articles sa USING (article_id) JOIN articles a USING (article_id)
            WHERE d.reference_source = 'article'
              AND (SELECT count(*) FROM story_articles o WHERE o.story_id = sa.story_id) > 1
            ORDER BY d.article_id LIMIT 1""").fetchone()
        claims = con.execute("SELECT date_claim_id, date_value FROM date_claims WHERE article_id = ? ORDER BY 1",
                             [article]).fetchall()
        # Cleaning again no longer reads its date; the other reports of its story were published that day.
        con.execute("UPDATE articles SET published_at = NULL WHERE article_id = ?", [article])
        con.execute("""UPDATE articles SET published_at = ? WHERE article_id <> ? AND article_id IN (
                           SELECT article_id FROM story_articles WHERE story_id = ?)""", [published, article, story])
        report = run_stories(con, "lost")
        assert report.stories_refreshed == 1 and report.date_claims_remade >= 1
        assert con.execute("SELECT first_published_at FROM stories WHERE story_id = ?", [story]).fetchone() == \
            (published,)
        assert con.execute("SELECT date_claim_id, date_value FROM date_claims WHERE article_id = ? ORDER BY 1",
                           [article]).fetchall() == claims
        assert con.execute("SELECT DISTINCT reference_source FROM date_claims WHERE article_id = ?",
                           [article]).fetchall() == [("story",)]
        assert run_stories(con, "again").date_claims_remade == 0


def test_a_story_row_is_read_from_its_current_originals(tmp_path):
    from pipelines.stages.story_members import refresh_stories, stories_not_their_members

    loaded = datetime(2031, 3, 12)
    # (id, publisher, published, newer version, original): an edit's older version and a copy do not count.
    articles = [("old", "Outlet X", datetime(2031, 3, 1), "new", None), ("new", "Outlet X", datetime(2031, 3, 6), None, None),
                ("undated", None, None, None, None), ("copy", "Outlet Y", datetime(2031, 3, 9), None, "new")]
    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        warehouse.insert_frame(con, "articles", warehouse.rows_frame(con, "articles", [{
            "article_id": a, "source_path": a, "publisher": pub, "published_at": published, "superseded_by": newer,
            "duplicate_of": original, "similarity": 1.0 if original else None, "language": "en", "body": "x" * 400,
            "word_count": 1, "body_hash": a, "ingested_at": loaded, "cleaned_at": loaded}
            for a, pub, published, newer, original in articles]))
        warehouse.insert_frame(con, "story_articles", warehouse.rows_frame(con, "story_articles", [{
            "article_id": a[0], "story_id": "s1", "similarity": 1.0, "method": "joined", "assigned_at": loaded}
            for a in articles]))
        warehouse.insert_frame(con, "stories", warehouse.rows_frame(con, "stories", [{
            "story_id": "s1", "label": "x", "first_published_at": datetime(2031, 3, 1),
            "last_published_at": datetime(2031, 3, 9), "first_seen_at": datetime(2031, 3, 1),
            "last_seen_at": datetime(2031, 3, 9), "last_ingested_at": loaded, "article_count": 4, "publisher_count": 3,
            "updated_at": loaded}]))
        assert stories_not_their_members(con) == ["s1"]
        refresh_stories(con, ["s1"])
        assert con.execute("SELECT first_published_at, last_published_at, first_seen_at, last_seen_at, article_count, "
                           "publisher_count FROM stories").fetchone() == (
            datetime(2031, 3, 6), datetime(2031, 3, 6), datetime(2031, 3, 6), datetime(2031, 3, 6), 2, 2)
        assert stories_not_their_members(con) == []
        # Its one dated article loses its date: the span goes, the seen span is the ingest times.
        con.execute("UPDATE articles SET published_at = NULL WHERE article_id = 'new'")
        assert stories_not_their_members(con) == ["s1"]
        refresh_stories(con, ["s1"])
        assert con.execute("SELECT first_published_at, last_published_at, first_seen_at, last_seen_at "
                           "FROM stories").fetchone() == (None, None, loaded, loaded)
