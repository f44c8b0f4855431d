"""Rows the stories stage made from an article's title and text follow it when cleaning rewrites
the title in place (a new title rule) without another body, or rewrites its body (parsed again): its
story's label and the document frequencies of story terms become what a fresh build of the same
input with the new code gives, and the story's centroid is rebuilt from its current members' vectors.
Real DuckDB files under tmp_path; real Dagster runs of the whole pipeline."""
from __future__ import annotations

import dataclasses
import json

from pipelines import warehouse
from pipelines.core import cleaning
from pipelines.pending import pending_work
from tests.runs import run_pipeline
from tests.test_published_changes import _REPORTS, _comparable, _new_cleaning_version
from tests.warehouse_compare import differences, snapshot


def _inputs(folder) -> list[str]:
    """The reports with their headline in the text behind a section label ('Section | Headline'),
    no title field: the cleaning rules find the headline."""
    folder.mkdir()
    records = [{"body": f"Regional | {title}\n\n{body}", "date": published or "2024-03-08",
                "publisher": publisher or "Pellham Wire"}
               for published, publisher, _url, title, body in _REPORTS]
    (folder / "viaduct.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return [str(folder)]


def _build_with_older_title_rule(db, inputs, monkeypatch) -> None:
    with monkeypatch.context() as old_code:
        old_code.setattr(cleaning, "_clean_title", lambda text: text.strip())  # kept the section label
        _new_cleaning_version(old_code, "aaaaaaaaaaaa")
        assert run_pipeline(db, inputs).success


def _postings(con) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for sid, term, weight in con.execute("SELECT story_id, term, weight FROM story_postings").fetchall():
        out.setdefault(sid, {})[term] = weight
    return out


def _term_stats(con) -> dict[str, int]:
    return dict(con.execute("SELECT term, df FROM story_term_stats").fetchall())


def test_a_title_changed_by_cleaning_again_moves_its_storys_label_and_terms_as_a_fresh_build(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _build_with_older_title_rule(db, inputs, monkeypatch)
    with warehouse.connect(str(db)) as con:
        # One story of five; the older rule kept the section label in every headline.
        assert con.execute("SELECT label, article_count FROM stories").fetchall() == [
            ("Regional | Norvane Rail halts trains after Pellham bridge crack", 5)]
        assert _term_stats(con)["regional"] == 5
        assert "regional" in _postings(con)[con.execute("SELECT story_id FROM stories").fetchone()[0]]

    _new_cleaning_version(monkeypatch, "bbbbbbbbbbbb")  # the current title rule
    assert run_pipeline(db, inputs).success
    fresh_db = tmp_path / "fresh.duckdb"
    assert run_pipeline(fresh_db, inputs).success

    fresh = _comparable(snapshot(str(fresh_db)))
    assert differences(_comparable(snapshot(str(db))), fresh) == []
    with warehouse.connect(str(db)) as con, warehouse.connect(str(fresh_db)) as fresh_con:
        assert con.execute("SELECT label FROM stories").fetchall() == [
            ("Norvane Rail halts trains after Pellham bridge crack",)]
        assert "regional" not in _term_stats(con) and _term_stats(con) == _term_stats(fresh_con)
        # The centroid is its members' vectors now: the old headline's word is gone, the terms are a
        # fresh build's (the weights are sums made in another order, with other document frequencies).
        postings, fresh_postings = _postings(con), _postings(fresh_con)
        assert postings.keys() == fresh_postings.keys()
        for story_id, centroid in postings.items():
            assert "regional" not in centroid
            assert centroid.keys() == fresh_postings[story_id].keys()
        assert pending_work(con, inputs).reasons == []
        written = con.execute("SELECT story_id, label, updated_at, run_id FROM stories").fetchall()

    # A second run finds nothing to do and writes nothing.
    assert run_pipeline(db, inputs).success
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT story_id, label, updated_at, run_id FROM stories").fetchall() == written
        assert _postings(con) == postings
    assert differences(_comparable(snapshot(str(db))), fresh) == []


def test_a_body_changed_by_cleaning_again_moves_its_storys_terms_as_a_fresh_build(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    clean_article = cleaning.clean_article

    def kept_sign_off(*args, **kwargs):  # an older rule kept the desk's sign-off line in the body
        cleaned = clean_article(*args, **kwargs)
        return dataclasses.replace(cleaned, body=cleaned.body + "\n\nFiled by the overnight desk.")
    with monkeypatch.context() as old_code:
        old_code.setattr(cleaning, "clean_article", kept_sign_off)
        _new_cleaning_version(old_code, "aaaaaaaaaaaa")
        assert run_pipeline(db, inputs).success
    with warehouse.connect(str(db)) as con:
        assert _term_stats(con)["overnight"] == 5

    _new_cleaning_version(monkeypatch, "bbbbbbbbbbbb")
    assert run_pipeline(db, inputs).success
    fresh_db = tmp_path / "fresh.duckdb"
    assert run_pipeline(fresh_db, inputs).success
    fresh = _comparable(snapshot(str(fresh_db)))
    assert differences(_comparable(snapshot(str(db))), fresh) == []
    with warehouse.connect(str(db)) as con, warehouse.connect(str(fresh_db)) as fresh_con:
        assert "overnight" not in _term_stats(con) and _term_stats(con) == _term_stats(fresh_con)
        postings, fresh_postings = _postings(con), _postings(fresh_con)
        assert {sid: c.keys() for sid, c in postings.items()} == {sid: c.keys() for sid, c in fresh_postings.items()}
        assert pending_work(con, inputs).reasons == []

    assert run_pipeline(db, inputs).success
    with warehouse.connect(str(db)) as con:
        assert _postings(con) == postings
    assert differences(_comparable(snapshot(str(db))), fresh) == []


def test_a_story_whose_founder_has_another_title_is_relabelled_and_the_pending_check_says_so(db):
    from pipelines.stages.stories import run_stories, story_rows_out_of_date
    from pipelines.stages.story_members import stories_not_their_members

    with warehouse.connect(str(db)) as con:
        story, founder, label = con.execute("""
            SELECT s.story_id, sa.article_id, s.label FROM stories s JOIN story_articles sa USING (story_id)
            WHERE sa.method = 'founder' ORDER BY s.story_id LIMIT 1""").fetchone()
        assert stories_not_their_members(con) == []
        con.execute("UPDATE articles SET title = '  A headline written again  ' WHERE article_id = ?", [founder])
        assert stories_not_their_members(con) == [story]
        assert "label" in story_rows_out_of_date(con)
        assert run_stories(con, "relabel").stories_refreshed == 1
        assert con.execute("SELECT label FROM stories WHERE story_id = ?", [story]).fetchone() == (
            "A headline written again",)
        # No title: the founder's most named entities, as a story founded by it is labelled.
        con.execute("UPDATE articles SET title = NULL WHERE article_id = ?", [founder])
        assert stories_not_their_members(con) == [story]
        run_stories(con, "untitled")
        relabelled = con.execute("SELECT label FROM stories WHERE story_id = ?", [story]).fetchone()[0]
        assert relabelled not in (label, "A headline written again") and relabelled
        assert story_rows_out_of_date(con) is None
        assert run_stories(con, "again").stories_refreshed == 0
