"""The cleaning stage follows its code: when the cleaning code version changes with a behaviour change,
the next run cleans every raw record again and the warehouse becomes what a fresh build with the new
code gives (articles, cleaning rows, rejections, NLP rows), touching no article the change leaves
as it was. Real DuckDB files under tmp_path; real Dagster runs over the seeds."""
from __future__ import annotations

import json
import re

import pytest

from pipelines import code_versions, quality, stages, warehouse
from pipelines.core import cleaning
from pipelines.pending import pending_work
from pipelines.settings import SEEDS_DIR
from pipelines.stages.recleaning import cleaning_out_of_date
from tests.runs import run_pipeline

_ARTICLE_COLUMNS = ("article_id, source_path, url, title, publisher, author, published_at, body, word_count, body_hash, "
                    "duplicate_of, similarity, version, supersedes, superseded_by, version_of, changes")
_NLP_ROWS = {
    "mentions": "mention_id, article_id, entity_id, text, label, ner_label, canonical_name, start_char, end_char, "
                "sentence_index",
    "quotes": "quote_id, article_id, text, speaker, speaker_mention, cue, quote_type, start_char, end_char, segments",
    "numeric_claims": "claim_id, article_id, text, value, unit, object, sentence, start_char, end_char",
    "date_candidates": "date_candidate_id, article_id, text, start_char, end_char, kind, event",
    "nlp_processed": "article_id, mentions, quotes, claims, body_hash, status",
}
_ENTITY_COLUMNS = "entity_id, name, label, aliases, mention_count, article_count, label_source, is_noise, noise_reason"


def _new_cleaning_version(monkeypatch, changed_file: str = "cleaning.py") -> code_versions.CodeVersion:
    """The cleaning code version as it is after an edit of `changed_file` (the rule is patched by the test)."""
    current = code_versions.cleaning_version()
    manifest = json.loads(json.dumps(current.manifest))
    manifest["files"][changed_file] = "f" * 16
    new = code_versions.CodeVersion("cleaning", "0123456789ab", manifest)
    monkeypatch.setattr(code_versions, "cleaning_version", lambda: new)
    return new


def _keep_captions(monkeypatch) -> None:
    """A behaviour change: photo captions stay in the text (neither caption form is recognised)."""
    monkeypatch.setattr(cleaning, "_CAPTION_LABEL", re.compile(r"(?!)"))
    monkeypatch.setattr(cleaning, "CAPTION_MAX_WORDS", 0)


def _rows(con, entity_links: bool = True) -> dict[str, list]:
    rows = {"articles": con.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY article_id").fetchall(),
            "rejected": con.execute("SELECT content_hash, source_path, stage, reason FROM rejected_inputs "
                                    "ORDER BY ALL").fetchall(),
            "removals": con.execute("SELECT article_id, start_char, end_char, rule, text FROM cleaning_removals "
                                    "ORDER BY ALL").fetchall(),
            "lines": con.execute("SELECT * FROM publisher_lines ORDER BY ALL").fetchall(),
            "fingerprints": con.execute("SELECT * FROM article_fingerprints ORDER BY ALL").fetchall(),
            "bands": con.execute("SELECT * FROM article_lsh_bands ORDER BY ALL").fetchall()}
    for table, columns in _NLP_ROWS.items():
        if not entity_links:
            columns = columns.replace("entity_id, ", "")
        rows[table] = con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
    if entity_links:
        rows["entities"] = con.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities ORDER BY ALL").fetchall()
    return rows


# ---- the whole pipeline over the seeds ------------------------------------------------------------

# `built` and `db` (conftest.py): the seeds built once, and a copy per test.


def test_a_changed_cleaning_rule_brings_the_articles_and_their_nlp_rows_to_a_fresh_builds(db, built, tmp_path,
                                                                                          monkeypatch):
    with warehouse.connect(str(db)) as con:
        assert cleaning_out_of_date(con) is None
        assert con.execute("SELECT DISTINCT cleaning_version FROM articles").fetchall() == \
            [(code_versions.cleaning_version().version,)]
        build_run = con.execute("SELECT any_value(run_id) FROM articles").fetchone()[0]
        before = _rows(con)
        parsed = dict(con.execute("SELECT article_id, processed_at FROM nlp_processed").fetchall())
        captioned = {aid for (aid,) in con.execute(
            "SELECT DISTINCT article_id FROM cleaning_removals WHERE rule = 'caption'").fetchall()}
    assert len(captioned) == 2 and len(before["articles"]) == 5

    _keep_captions(monkeypatch)
    _new_cleaning_version(monkeypatch)
    with warehouse.connect(str(db)) as con:
        assert pending_work(con, built["inputs"]).reasons == [
            "records to clean again: 5 article(s) cleaned by another cleaning code version (cleaning.py changed)"]
    assert run_pipeline(db, built["inputs"]).success
    fresh_db = tmp_path / "fresh.duckdb"
    assert run_pipeline(fresh_db, built["inputs"]).success

    with warehouse.connect(str(fresh_db)) as con:
        fresh = _rows(con)
    with warehouse.connect(str(db)) as con:
        after = _rows(con)
        assert after == fresh
        assert after["articles"] != before["articles"] and after["mentions"] != before["mentions"]
        # The captioned articles were cleaned again and parsed again; the other three kept their rows and parse.
        runs = dict(con.execute("SELECT article_id, run_id FROM articles").fetchall())
        assert {aid for aid, run in runs.items() if run != build_run} == captioned
        reparsed = {aid for aid, at in con.execute("SELECT article_id, processed_at FROM nlp_processed").fetchall()
                    if at != parsed[aid]}
        assert reparsed == captioned
        assert con.execute("SELECT count(*) FROM mentions WHERE run_id <> ? AND article_id NOT IN "
                           "(SELECT unnest(?))", [build_run, sorted(captioned)]).fetchone()[0] == 0
        assert {v for (v,) in con.execute("SELECT DISTINCT cleaning_version FROM articles").fetchall()} == \
            {"0123456789ab"}
        assert cleaning_out_of_date(con) is None
        assert pending_work(con, built["inputs"]).reasons == []
        written = con.execute("SELECT article_id, run_id, cleaned_at FROM articles ORDER BY 1").fetchall()
        parsed_now = con.execute("SELECT article_id, processed_at FROM nlp_processed ORDER BY 1").fetchall()

    # A re-run with the same code changes nothing.
    assert run_pipeline(db, built["inputs"]).success
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == fresh
        assert con.execute("SELECT article_id, run_id, cleaned_at FROM articles ORDER BY 1").fetchall() == written
        assert con.execute("SELECT article_id, processed_at FROM nlp_processed ORDER BY 1").fetchall() == parsed_now


def test_a_warehouse_cleaned_before_versions_were_recorded_is_cleaned_once_and_keeps_its_rows(db, built):
    with warehouse.connect(str(db)) as con:
        before = _rows(con)
        runs = con.execute("SELECT article_id, run_id, cleaned_at FROM articles ORDER BY 1").fetchall()
        con.execute("UPDATE articles SET cleaning_version = NULL")
        assert pending_work(con, built["inputs"]).reasons == [
            "records to clean again: 5 article(s) cleaned by another cleaning code version (processed before "
            "code versions were recorded)"]
        report = stages.run_cleaning(con, "upgrade")
        assert (report.recleaned, report.articles_changed, report.bodies_changed) == (5, 0, 0)
        assert _rows(con) == before
        assert con.execute("SELECT article_id, run_id, cleaned_at FROM articles ORDER BY 1").fetchall() == runs
        assert pending_work(con, built["inputs"]).reasons == []


def test_articles_the_new_code_rejects_leave_with_their_nlp_and_story_rows(db, built, tmp_path, monkeypatch):
    with warehouse.connect(str(db)) as con:
        short = {aid for (aid,) in con.execute("SELECT article_id FROM articles WHERE word_count < 600").fetchall()}
        assert len(short) == 2
        assert con.execute("SELECT count(*) FROM mentions WHERE article_id IN (SELECT unnest(?))",
                           [sorted(short)]).fetchone()[0] > 0
        ids_before = {eid for (eid,) in con.execute("SELECT entity_id FROM entities").fetchall()}
    monkeypatch.setattr(cleaning, "MIN_BODY_WORDS", 600)
    _new_cleaning_version(monkeypatch)
    assert run_pipeline(db, built["inputs"]).success
    fresh_db = tmp_path / "fresh.duckdb"
    assert run_pipeline(fresh_db, built["inputs"]).success
    with warehouse.connect(str(fresh_db)) as con:
        fresh = _rows(con)
    with warehouse.connect(str(db)) as con:
        # Entity ids and entities too: an entity that lost mentions is resolved again from those left.
        assert _rows(con) == fresh
        assert {r[0] for r in fresh["rejected"]} == short
        # Every id of before still resolves: to an entity, to the entity its names link to now
        # (entity_aliases), or, named only in the articles that left, to none (retired_entities).
        current = {r[0] for r in fresh["entities"]}
        aliased = {a for (a,) in con.execute("SELECT alias_id FROM entity_aliases").fetchall()}
        retired = {eid for (eid,) in con.execute("SELECT entity_id FROM retired_entities "
                                                 "WHERE reason = 'no mentions'").fetchall()}
        assert retired and retired == ids_before - current - aliased
        assert not retired & current
        for table in ("story_articles", "story_processed", "date_claims", "quotes", "date_candidates"):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE article_id IN (SELECT unnest(?))",
                               [sorted(short)]).fetchone()[0] == 0, table
        # No quote cluster names a quote that is gone; the raw records stay.
        assert con.execute("SELECT count(*) FROM quote_clusters c WHERE NOT EXISTS "
                           "(SELECT 1 FROM quotes q WHERE q.quote_id = c.quote_id)").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM raw_articles").fetchone()[0] == 5
        # The stories count the articles they still hold.
        assert con.execute("SELECT sum(article_count) FROM stories").fetchone()[0] == 3
        assert pending_work(con, built["inputs"]).reasons == []


# ---- the cleaning stage alone: duplicates, versions, rejections -----------------------------------------

_PARAGRAPHS = ("The city council approved a new budget for parks on Tuesday after a long debate about "
               "maintenance costs and staffing levels.\n\n"
               "Officials said the money would pay for new trees, benches and lighting in several "
               "neighbourhoods across the city over the next two years.\n")
_WIRE = ("Heavy rain flooded several roads in the northern districts on Sunday night, and emergency crews "
         "worked until dawn to clear the drains.\n\n"
         "Residents were asked to avoid the riverside area while engineers inspected the embankment for "
         "damage caused by the rising water.\n")
_CAPTION = "Photo: Workers plant young trees along the river path near the old bridge on Monday morning.\n\n"


def _inputs(folder) -> list[str]:
    folder.mkdir()
    (folder / "a.txt").write_text("Council approves new budget for city parks\n\n" + _CAPTION + _PARAGRAPHS)
    (folder / "b.txt").write_text("Council approves new budget for city parks\n\n" + _PARAGRAPHS)  # a's copy
    (folder / "c.txt").write_text(_CAPTION)  # only a caption: nothing left without it
    (folder / "d.txt").write_text("The regional library opened a new reading room for students on Friday, with "
                                  "long tables, quiet corners and evening hours during the exam season.\n\n"
                                  "Librarians said the room had been planned for years and was paid for by "
                                  "donations from local businesses and former students.\n")
    records = [{"url": "https://example.org/floods", "title": "Roads flooded", "publisher": "Example Daily",
                "body": _CAPTION + _WIRE},
               {"url": "https://example.org/floods", "title": "Roads flooded after heavy rain",
                "publisher": "Example Daily",
                "body": _CAPTION + _WIRE + "\nThe mayor thanked the crews and promised a report on the "
                                           "drains by the end of the summer.\n"}]
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return [str(folder)]


def _clean(db, inputs, run_id):
    with warehouse.connect(str(db)) as con:
        stages.run_ingest(con, inputs, run_id)
        return stages.run_cleaning(con, run_id)


def test_duplicates_versions_and_rejections_follow_the_new_cleaning_code(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _clean(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        old = _rows(con)
        assert [r[2] for r in old["rejected"]] == ["cleaning"]  # c.txt
        dup = {r[0]: r[10] for r in old["articles"]}
        assert sum(1 for v in dup.values() if v is not None) == 1  # b.txt is a.txt's copy
        assert sorted(r[12] for r in old["articles"]) == [1, 1, 1, 1, 2]  # the wire edit is a second version

        # A failed articles check holds back a.txt (which the change rewrites) and d.txt (which it leaves).
        held = dict(con.execute("SELECT split_part(source_path, '/', -1), article_id FROM articles "
                                "WHERE source_path LIKE '%/a.txt' OR source_path LIKE '%/d.txt'").fetchall())
        checked = quality.suite_version(quality.load_suite("articles"))
        con.execute("INSERT INTO dq_checked (suite, item_key, table_name, article_id, item_version, suite_version, "
                    "passed, checked_at) SELECT 'articles', id, 'articles', id, 'build', ?, false, now() "
                    "FROM (SELECT unnest(?) AS id)", [checked, sorted(held.values())])

    _keep_captions(monkeypatch)
    _new_cleaning_version(monkeypatch)
    report = _clean(db, inputs, "again")
    fresh_db = tmp_path / "fresh.duckdb"
    _clean(fresh_db, inputs, "fresh")
    with warehouse.connect(str(fresh_db)) as con:
        fresh = _rows(con)
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == fresh
        assert fresh["rejected"] == []
        assert (report.recleaned, report.rejections_lifted, report.now_rejected) == (6, 1, 0)
        # a.txt, both wire versions (caption kept) and c.txt (now an article); b.txt loses its original's text.
        assert (report.articles_changed, report.bodies_changed) == (5, 3)
        assert report.recleaned_because == ("5 article(s) and 1 rejection(s) cleaned by another cleaning code "
                                            "version (cleaning.py changed)")
        runs = {path.rsplit("/", 1)[1]: (run, dup) for path, run, dup in con.execute(
            "SELECT source_path, run_id, duplicate_of FROM articles WHERE source_path NOT LIKE '%.jsonl'").fetchall()}
        # b.txt is no copy of a.txt's new text; d.txt, which has no caption, keeps its row.
        assert runs == {"a.txt": ("again", None), "b.txt": ("again", None), "c.txt": ("again", None),
                        "d.txt": ("build", None)}
        # The next articles check validates the rewritten row (and frees it); the unchanged one stays held.
        quality.record_outcome(con, quality.run_suite(con, "articles", "again"), "again")
        assert con.execute("SELECT article_id FROM dq_checked WHERE suite = 'articles' AND NOT passed").fetchall() \
            == [(held["d.txt"],)]
        again = stages.run_cleaning(con, "third")
        assert (again.recleaned, again.articles_added) == (0, 0)
        assert _rows(con) == fresh


def test_a_lake_is_cleaned_again_as_the_embedded_file(tmp_path, monkeypatch):
    def build(name: str) -> str:
        lake = f"ducklake:{tmp_path / name}.ducklake"
        with warehouse.connect(lake) as con:
            stages.run_ingest(con, [str(SEEDS_DIR)], "build")
            stages.run_cleaning(con, "build")
        return lake

    lake = build("lake")
    _keep_captions(monkeypatch)
    _new_cleaning_version(monkeypatch)
    with warehouse.connect(lake) as con:
        report = stages.run_cleaning(con, "again")
        assert (report.recleaned, report.articles_changed, report.bodies_changed) == (5, 2, 2)
        after = _rows(con)
    with warehouse.connect(build("fresh")) as con:
        assert after == _rows(con)


def test_a_fault_while_writing_the_differences_leaves_the_stored_rows_and_the_next_run_finishes(tmp_path,
                                                                                              monkeypatch):
    from pipelines.stages import recleaning

    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _clean(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        before = _rows(con)
    _keep_captions(monkeypatch)
    _new_cleaning_version(monkeypatch)

    def disk_full(*_args):  # the last write of the transaction fails
        raise OSError("No space left on device")
    with monkeypatch.context() as m:
        m.setattr(recleaning, "follow_rewritten_articles", disk_full)
        with warehouse.connect(str(db)) as con:
            with pytest.raises(OSError):
                stages.run_cleaning(con, "faulty")
            assert _rows(con) == before  # on the same connection: no stand-in table is left over
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == before
        assert cleaning_out_of_date(con).startswith("5 article(s) and 1 rejection(s)")
    _clean(db, inputs, "next")
    fresh_db = tmp_path / "fresh.duckdb"
    _clean(fresh_db, inputs, "fresh")
    with warehouse.connect(str(db)) as con, warehouse.connect(str(fresh_db)) as fresh:
        assert _rows(con) == _rows(fresh)
