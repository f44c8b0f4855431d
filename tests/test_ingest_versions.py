"""Ingest follows its code: when the ingest code version changes, the stored raw records are read
again (decoded again from their kept bytes when the decoding was not certain, their JSON fields read
again), what differs is written, and the cleaning and later stages follow. Real DuckDB files under
tmp_path; a real Dagster run of the whole pipeline for the re-decoded article."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from pipelines import code_versions, stages, warehouse
from pipelines.core import ingest, reading_again, records
from pipelines.core.decoding import Decoded
from pipelines.pending import pending_work
from pipelines.stages import rereading
from pipelines.stages.recleaning import cleaning_out_of_date
from pipelines.stages.rereading import ingest_out_of_date
from tests.runs import run_pipeline

_REAL_DECODE = records.decode

# An English article written in Windows-1252: a pound sign, accented letters, typographic quotes.
_LEGACY_TEXT = (
    "Harbour caf\u00e9 owners welcome new ferry timetable\n\n"
    "The owners of a small caf\u00e9 near the harbour said on Monday that the new ferry timetable would "
    "bring more visitors in the quiet winter months, when trade usually falls by half.\n\n"
    "\u201cWe have waited for this for years,\u201d said the manager, who expects to hire two more staff. "
    "The council spent \u00a340m on the new pier and the waiting rooms, and the first boats will run from "
    "the middle of March until the end of October.\n\n"
    "Local shops in the old town also expect a busier season, and several of them plan to open on "
    "Sundays for the first time since the na\u00efve plan of a decade ago was dropped.\n")
_UTF8_TEXT = (
    "Library opens new reading room for students\n\n"
    "The regional library opened a new reading room for students on Friday, with long tables, quiet "
    "corners and evening hours during the exam season, after two years of building work.\n\n"
    "Librarians said the room had been planned for years and was paid for by donations from local "
    "businesses and former students, who gave more than the library had asked for.\n")


def _new_ingest_version(monkeypatch, changed_file: str, version: str = "0123456789ab") -> code_versions.CodeVersion:
    """The ingest code version as it is after an edit of `changed_file` (the behaviour is patched by the test)."""
    manifest = json.loads(json.dumps(code_versions.ingest_version().manifest))
    manifest["files"][changed_file] = version[:4] * 4
    new = code_versions.CodeVersion("ingest", version, manifest)
    monkeypatch.setattr(code_versions, "ingest_version", lambda: new)
    return new


def _central_european_decoding(data: bytes) -> Decoded:
    """An older decoding: bytes that are not UTF-8 read as Windows-1250 ('\u00a3' comes out as '\u0141')."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return Decoded(data.decode("cp1250"), "cp1250", 0.8)
    return _REAL_DECODE(data)


def _rows(con) -> dict[str, list]:
    return {
        "raw": con.execute("SELECT raw_id, source_path, record_index, format, encoding, encoding_confidence, "
                           "raw_text, body_text, title, published, url, publisher, author, original_bytes "
                           "FROM raw_articles ORDER BY raw_id").fetchall(),
        "articles": con.execute("SELECT article_id, title, publisher, author, published_at, body, body_hash, "
                                "duplicate_of FROM articles ORDER BY article_id").fetchall(),
        "rejected": con.execute("SELECT content_hash, stage, reason FROM rejected_inputs ORDER BY ALL").fetchall(),
        "mentions": con.execute("SELECT article_id, text, label, start_char, end_char FROM mentions "
                                "ORDER BY ALL").fetchall(),
        "numeric_claims": con.execute("SELECT article_id, text, value, unit, currency, start_char FROM numeric_claims "
                                      "ORDER BY ALL").fetchall(),
    }


def test_a_legacy_page_record_is_decoded_again_and_its_article_follows(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "harbour.txt").write_bytes(_LEGACY_TEXT.encode("cp1252"))
    (inputs / "library.txt").write_text(_UTF8_TEXT, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as old_code:
        old_code.setattr(records, "decode", _central_european_decoding)
        assert run_pipeline(db, [inputs]).success
    with warehouse.connect(str(db)) as con:
        assert ingest_out_of_date(con) is None
        (raw_id, text, kept), = con.execute("SELECT raw_id, raw_text, original_bytes FROM raw_articles "
                                            "WHERE encoding = 'cp1250'").fetchall()
        assert "\u014140m" in text and kept == _LEGACY_TEXT.encode("cp1252")
        assert con.execute("SELECT count(*) FROM raw_articles WHERE original_bytes IS NULL").fetchone()[0] == 1
        library, library_parsed = con.execute("SELECT article_id, processed_at FROM nlp_processed "
                                              "WHERE article_id <> ?", [raw_id]).fetchone()
        old_parsed = con.execute("SELECT processed_at FROM nlp_processed WHERE article_id = ?", [raw_id]).fetchone()[0]

    _new_ingest_version(monkeypatch, "decoding.py")
    with warehouse.connect(str(db)) as con:
        assert pending_work(con, [str(inputs)]).reasons == [
            "records to read again: 2 record(s) read by another ingest code version (decoding.py changed)"]
    assert run_pipeline(db, [inputs]).success
    fresh_db = tmp_path / "fresh.duckdb"
    assert run_pipeline(fresh_db, [inputs]).success
    with warehouse.connect(str(fresh_db)) as con:
        fresh = _rows(con)
    with warehouse.connect(str(db)) as con:
        after = _rows(con)
        assert after == fresh
        raw = con.execute("SELECT raw_text, encoding, original_bytes, ingest_version FROM raw_articles "
                          "WHERE raw_id = ?", [raw_id]).fetchone()
        assert raw[0] == _LEGACY_TEXT and raw[1] == "cp1252" and raw[2] == _LEGACY_TEXT.encode("cp1252")
        assert raw[3] == "0123456789ab"
        body = con.execute("SELECT body FROM articles WHERE article_id = ?", [raw_id]).fetchone()[0]
        assert "\u00a340m" in body and "\u0141" not in body
        # The changed article was parsed again; the other kept its parse.
        parsed = dict(con.execute("SELECT article_id, processed_at FROM nlp_processed").fetchall())
        assert parsed[library] == library_parsed and parsed[raw_id] != old_parsed
        assert pending_work(con, [str(inputs)]).reasons == []
        written = con.execute("SELECT raw_id, run_id FROM raw_articles ORDER BY 1").fetchall()
        cleaned = con.execute("SELECT article_id, run_id, cleaned_at FROM articles ORDER BY 1").fetchall()

    # A second run with the same code reads nothing again and changes nothing.
    assert run_pipeline(db, [inputs]).success
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == fresh
        assert con.execute("SELECT raw_id, run_id FROM raw_articles ORDER BY 1").fetchall() == written
        assert con.execute("SELECT article_id, run_id, cleaned_at FROM articles ORDER BY 1").fetchall() == cleaned


# ---- the ingest and cleaning stages alone ---------------------------------------------------------

_BODY = ("Heavy rain flooded several roads in the northern districts on Sunday night, and emergency crews "
         "worked until dawn to clear the drains.\n\n"
         "Residents were asked to avoid the riverside area while engineers inspected the embankment for "
         "damage caused by the rising water, the city's caf\u00e9 owners among them.\n")


def _wire(folder) -> list[str]:
    folder.mkdir()
    records = [{"title": "Roads flooded after heavy rain", "source": "Example Daily",
                "pubdate": "2024-03-01T10:00:00+02:00", "body": _BODY},
               {"title": "Library opens new reading room", "publisher": "Example Daily", "story": _UTF8_TEXT}]
    (folder / "wire.jsonl").write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
                                        .encode("cp1252"))
    return [str(folder)]


def _run(db, inputs, run_id):
    with warehouse.connect(str(db)) as con:
        ingested = stages.run_ingest(con, inputs, run_id)
        return ingested, stages.run_cleaning(con, run_id)


def test_json_fields_read_again_after_a_record_reading_change(tmp_path, monkeypatch):
    inputs = _wire(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as old_code:  # an older record reading: no 'source' or 'pubdate' fields
        old_code.setattr(records, "PUBLISHER_FIELDS", ("publisher",))
        old_code.setattr(records, "DATE_FIELDS", ("date", "published_at"))
        _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        before = {r[0]: r for r in con.execute("SELECT article_id, publisher, published_at, run_id, body "
                                               "FROM articles").fetchall()}
        assert sorted(((r[1], r[2]) for r in before.values()), key=str) == [("Example Daily", None), (None, None)]
        ids_before = sorted(before)

    _new_ingest_version(monkeypatch, "ingest.py")
    ingested, cleaned = _run(db, inputs, "again")
    assert (ingested.reread, ingested.records_changed, ingested.cleaning_inputs_changed) == (2, 1, 1)
    assert (ingested.now_rejected, ingested.rejections_lifted, ingested.files_new) == (0, 0, 0)
    assert cleaned.recleaned_because == "1 article(s) whose raw record changed when read again by the ingest code"
    assert (cleaned.recleaned, cleaned.articles_changed, cleaned.bodies_changed) == (2, 1, 0)
    with warehouse.connect(str(db)) as con:
        raw = con.execute("SELECT publisher, published, run_id, encoding, original_bytes IS NOT NULL FROM raw_articles "
                          "WHERE title LIKE 'Roads%'").fetchone()
        assert raw == ("Example Daily", "2024-03-01T10:00:00+02:00", "again", "cp1252", True)
        after = {r[0]: r for r in con.execute("SELECT article_id, publisher, published_at, run_id, body "
                                              "FROM articles").fetchall()}
        assert sorted(after) == ids_before
        changed = [a for a in after.values() if a[3] == "again"]
        assert len(changed) == 1 and changed[0][1:3] == ("Example Daily", datetime(2024, 3, 1, 8))
        assert changed[0][4] == before[changed[0][0]][4]  # same body: not to be parsed again
        assert ingest_out_of_date(con) is None and cleaning_out_of_date(con) is None
        rows = _rows(con)

    again, cleaned_again = _run(db, inputs, "third")
    assert (again.reread, cleaned_again.recleaned, cleaned_again.articles_added) == (0, 0, 0)
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == rows


def test_a_record_the_new_code_rejects_leaves_and_comes_back_when_it_reads_again(tmp_path, monkeypatch):
    inputs = _wire(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        story = con.execute("SELECT raw_id FROM raw_articles WHERE title LIKE 'Library%'").fetchone()[0]
        built = _rows(con)
    with monkeypatch.context() as narrower:  # a record reading that no longer knows the 'story' field
        narrower.setattr(records, "BODY_FIELDS", ("body", "text", "content", "article"))
        _new_ingest_version(narrower, "ingest.py", "aaaaaaaaaaaa")
        ingested, cleaned = _run(db, inputs, "narrower")
        assert (ingested.now_rejected, ingested.records_changed) == (1, 0)
        assert cleaned.now_rejected == 1
        with warehouse.connect(str(db)) as con:
            assert con.execute("SELECT content_hash, stage, reason, code_version FROM rejected_inputs").fetchall() == [
                (story, "ingest", "JSON record has no article text (none of the fields body, text, content, article)",
                 "aaaaaaaaaaaa")]
            assert con.execute("SELECT count(*) FROM articles WHERE article_id = ?", [story]).fetchone()[0] == 0
            assert con.execute("SELECT count(*) FROM raw_articles").fetchone()[0] == 2  # its text is kept
            assert stages.run_cleaning(con, "narrower2").articles_added == 0
    _new_ingest_version(monkeypatch, "ingest.py", "bbbbbbbbbbbb")
    ingested, cleaned = _run(db, inputs, "wider")
    assert (ingested.rejections_lifted, ingested.now_rejected, cleaned.articles_added) == (1, 0, 1)
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == built


def test_a_warehouse_from_before_the_ingest_version_is_read_once_from_its_text(tmp_path):
    inputs = _wire(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        built = _rows(con)
        runs = con.execute("SELECT raw_id, run_id FROM raw_articles ORDER BY 1").fetchall()
        # The warehouse as an older version left it: neither column, no version on the rejections.
        con.execute("ALTER TABLE raw_articles DROP COLUMN ingest_version")
        con.execute("ALTER TABLE raw_articles DROP COLUMN original_bytes")
        con.execute("DELETE FROM schema_applied")
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM raw_articles WHERE ingest_version IS NULL AND original_bytes IS NULL"
                           ).fetchone()[0] == 2
        assert pending_work(con, inputs).reasons == [
            "records to read again: 2 record(s) read by another ingest code version (processed before code "
            "versions were recorded)"]
    ingested, cleaned = _run(db, inputs, "upgrade")
    assert (ingested.reread, ingested.read_from_text, ingested.records_changed) == (2, 2, 0)
    assert (cleaned.recleaned, cleaned.articles_added) == (0, 0)
    with warehouse.connect(str(db)) as con:
        after = _rows(con)
        assert after == {**built, "raw": [r[:-1] + (None,) for r in built["raw"]]}  # no bytes to keep
        assert con.execute("SELECT raw_id, run_id FROM raw_articles ORDER BY 1").fetchall() == runs
        assert ingest_out_of_date(con) is None and cleaning_out_of_date(con) is None
    again, _ = _run(db, inputs, "again")
    assert again.reread == 0


def test_a_fault_while_writing_leaves_the_stored_rows_and_the_next_run_finishes(tmp_path, monkeypatch):
    inputs = _wire(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as old_code:
        old_code.setattr(records, "PUBLISHER_FIELDS", ("publisher",))
        _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        before = _rows(con)
    _new_ingest_version(monkeypatch, "ingest.py")

    def disk_full(con, raw_ids):  # the last write but one of the transaction fails
        raise OSError("No space left on device")
    with monkeypatch.context() as m:
        m.setattr(rereading, "mark_raw_records_changed", disk_full)
        with pytest.raises(OSError):
            _run(db, inputs, "faulty")
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == before
        assert ingest_out_of_date(con).startswith("2 record(s)")
    ingested, _ = _run(db, inputs, "next")
    assert ingested.records_changed == 1
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT list_sort(list(publisher)) FROM articles").fetchone()[0] == ["Example Daily"] * 2


def test_read_again_decodes_a_json_array_item_from_its_text_in_the_files_page(tmp_path, monkeypatch):
    items = [{"title": "Pier", "body": "The council spent \u00a340m on the new pier, officials said on Monday."},
             {"title": "Library", "body": "The regional library opened a new reading room on Friday."}]
    path = tmp_path / "wire.json"
    path.write_bytes(json.dumps(items, ensure_ascii=False).encode("cp1252"))
    with monkeypatch.context() as old_code:
        old_code.setattr(records, "decode", _central_european_decoding)
        pier, library = list(ingest.read_records(path))
    assert "\u014140m" in pier.body_text and pier.original_bytes == pier.raw_text.encode("cp1250")
    again = [reading_again.read_again(r.raw_id, r.source_path, r.record_index, r.format, r.raw_text, r.encoding,
                               r.encoding_confidence, r.original_bytes, r.size_bytes) for r in (pier, library)]
    assert again[0].body_text == items[0]["body"] and again[0].encoding == "cp1252"
    assert again[0].raw_id == pier.raw_id and again[0].original_bytes == pier.original_bytes
    assert again[1] == library  # ASCII: it reads the same in its file's page, which it keeps
