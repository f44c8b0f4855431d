"""Ingest follows its code for what it rejected too: an ingest rejection keeps the bytes of its record
(up to the article limit), and when the ingest code version changes it is read again by the current
code; one that now reads becomes a raw record and flows on as a new record, one still rejected keeps
its row. Real DuckDB files under tmp_path; a real Dagster run of the whole pipeline for the main case."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pipelines import stages, warehouse
from pipelines.core import ingest, reading_again, records
from pipelines.core.decoding import DecodeError
from pipelines.pending import pending_work
from pipelines.stages import rereading
from pipelines.stages.rereading import ingest_out_of_date
from tests.runs import run_pipeline
from tests.test_ingest_versions import _new_ingest_version

_REAL_DETECT = records.detect_language
_REAL_DECODE = records.decode

_FERRY = ("Harbour caf\u00e9 owners welcome new ferry timetable\n\n"
          "The owners of a small caf\u00e9 near the harbour said on Monday that the new ferry timetable would "
          "bring more visitors in the quiet winter months, when trade usually falls by half.\n\n"
          "The council spent \u00a340m on the new pier and the waiting rooms, and the first boats will run from "
          "the middle of March until the end of October, the manager said.\n")
_LIBRARY = ("The regional library opened a new reading room for students on Friday, with long tables, quiet "
            "corners and evening hours during the exam season, after two years of building work. Librarians "
            "said the room had been planned for years and was paid for by donations from local businesses.")
_MARKET = ("The weekly farmers market moved to the old station square on Saturday, where stall holders "
           "said the covered platform kept their produce dry. The council said the market would stay "
           "there until the station building is restored, which is expected to take two more years.")
_FRENCH = ("Le conseil municipal a vot\u00e9 lundi un nouveau budget pour la r\u00e9novation du port, "
           "et les travaux commenceront au printemps prochain selon le maire de la ville.")


def _older_language_check(text: str):
    """An older language check: a text with an accented loanword ('caf\u00e9') was taken for French."""
    if "caf\u00e9" in text:
        return "fr", 0.97
    return _REAL_DETECT(text)


def _utf8_only(data: bytes):
    """An older decoding: bytes that are not UTF-8 are undecodable."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise DecodeError("undecodable: binary content or unknown encoding") from None
    return _REAL_DECODE(data)


def _inputs(folder) -> list:
    folder.mkdir()
    (folder / "ferry.txt").write_bytes(_FERRY.encode("cp1252"))  # undecodable by the older decoding
    lines = [{"title": "Ferry timetable", "body": _FERRY},          # French to the older language check
             {"title": "Library", "body": _LIBRARY},
             {"title": "Port", "body": _FRENCH}]                     # French to any check
    (folder / "wire.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
                                       + "{not json\n", encoding="utf-8")
    (folder / "market.txt").write_text(_MARKET, encoding="utf-8")
    return [folder]


def _rows(con) -> dict[str, list]:
    return {
        "raw": con.execute("SELECT raw_id, source_path, record_index, format, encoding, encoding_confidence, "
                           "raw_text, body_text, title, original_bytes FROM raw_articles ORDER BY raw_id").fetchall(),
        "articles": con.execute("SELECT article_id, title, body, body_hash FROM articles ORDER BY 1").fetchall(),
        "rejected": con.execute("SELECT source_path, record_index, content_hash, stage, reason, record_bytes, "
                                "record_encoding, bytes_not_kept FROM rejected_inputs ORDER BY ALL").fetchall(),
        "ledger": con.execute("SELECT source_path, file_hash, records, rejected FROM ingested_files "
                              "ORDER BY ALL").fetchall(),
        "mentions": con.execute("SELECT article_id, text, label, start_char FROM mentions ORDER BY ALL").fetchall(),
    }


def test_records_an_older_decoding_and_language_check_rejected_become_articles(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as old_code:
        old_code.setattr(records, "detect_language", _older_language_check)
        old_code.setattr(records, "decode", _utf8_only)
        assert run_pipeline(db, inputs).success
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2  # library, market
        rejected = con.execute("SELECT source_path, record_index, reason, record_bytes, record_encoding, "
                               "bytes_not_kept FROM rejected_inputs ORDER BY 1, 2").fetchall()
        ferry_txt = str(inputs[0] / "ferry.txt")
        wire = str(inputs[0] / "wire.jsonl")
        assert [(r[0], r[1], r[2][:20]) for r in rejected] == [
            (ferry_txt, None, "undecodable: binary "), (wire, 1, "not English: detecte"),
            (wire, 3, "not English: detecte"), (wire, 4, "malformed JSON on li")]
        # Each keeps the bytes it was read from, and its file's encoding when it was decoded.
        assert rejected[0][3:] == (_FERRY.encode("cp1252"), None, None)
        assert json.loads(rejected[1][3])["body"] == _FERRY and rejected[1][4:] == ("utf-8", None)
        assert con.execute("SELECT records, rejected FROM ingested_files WHERE source_path = ?",
                           [wire]).fetchone() == (1, 3)
        french = con.execute("SELECT rejected_at, run_id FROM rejected_inputs WHERE record_index = 3").fetchone()

    _new_ingest_version(monkeypatch, "language.py")
    with warehouse.connect(str(db)) as con:
        assert pending_work(con, [str(p) for p in inputs]).reasons == [
            "records to read again: 2 record(s) and 4 ingest rejection(s) read by another ingest code version "
            "(language.py changed)"]
    assert run_pipeline(db, inputs).success
    fresh_db = tmp_path / "fresh.duckdb"
    assert run_pipeline(fresh_db, inputs).success
    with warehouse.connect(str(fresh_db)) as con:
        fresh = _rows(con)
    with warehouse.connect(str(db)) as con:
        after = _rows(con)
        assert after == fresh
        titles = sorted(r[1][:15] for r in after["articles"] if r[1])
        assert len(after["articles"]) == 4 and titles == ["Ferry timetable", "Harbour caf\u00e9 ow", "Library"]
        assert all("\u00a340m" in r[2] for r in after["articles"] if "ferry" in (r[1] or "").lower())
        ferry = con.execute("SELECT encoding, original_bytes, ingest_version FROM raw_articles "
                            "WHERE source_path = ?", [ferry_txt]).fetchone()
        assert ferry == ("cp1252", _FERRY.encode("cp1252"), "0123456789ab")
        # One row each for those still rejected, kept as they were; the ledger counts what reads now.
        assert [(r[1], r[4][:20]) for r in after["rejected"]] == [(3, "not English: detecte"),
                                                                   (4, "malformed JSON on li")]
        assert con.execute("SELECT rejected_at, run_id, code_version FROM rejected_inputs WHERE record_index = 3"
                           ).fetchone() == (*french, "0123456789ab")
        assert con.execute("SELECT records, rejected FROM ingested_files WHERE source_path = ?",
                           [wire]).fetchone() == (2, 2)
        assert ingest_out_of_date(con) is None
        assert pending_work(con, [str(p) for p in inputs]).reasons == []
        runs = con.execute("SELECT raw_id, run_id FROM raw_articles ORDER BY 1").fetchall()
        stamps = con.execute("SELECT content_hash, rejected_at, run_id FROM rejected_inputs ORDER BY 1").fetchall()

    # A second run with the same code reads nothing again and changes nothing.
    assert run_pipeline(db, inputs).success
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == fresh
        assert con.execute("SELECT raw_id, run_id FROM raw_articles ORDER BY 1").fetchall() == runs
        assert con.execute("SELECT content_hash, rejected_at, run_id FROM rejected_inputs ORDER BY 1"
                           ).fetchall() == stamps


# ---- the ingest and cleaning stages alone ---------------------------------------------------------

def _run(db, inputs, run_id):
    with warehouse.connect(str(db)) as con:
        ingested = stages.run_ingest(con, [str(p) for p in inputs], run_id)
        return ingested, stages.run_cleaning(con, run_id)


def test_a_record_still_rejected_keeps_one_row_with_the_new_reason(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as old_code:  # an older message for the same rejection
        old_code.setattr(records, "check_text", lambda text, check_language=True: "older reason")
        _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM rejected_inputs WHERE reason = 'older reason'").fetchone()[0] == 5
    _new_ingest_version(monkeypatch, "ingest.py")
    ingested, cleaned = _run(db, inputs, "again")
    assert (ingested.rejections_reread, ingested.records_from_rejections, ingested.rejections_not_reread) == (6, 4, 0)
    assert cleaned.articles_added == 4
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT record_index, reason, code_version, run_id FROM rejected_inputs "
                           "WHERE reason NOT LIKE 'malformed%'").fetchall() == [
            (3, "not English: detected language 'fr' (p=1.00)", "0123456789ab", "again")]
    again, cleaned_again = _run(db, inputs, "third")
    assert (again.rejections_reread, again.reread, cleaned_again.articles_added) == (0, 0, 0)


def test_whole_files_are_read_again_from_disk_when_unchanged_and_say_so_when_gone(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.md").write_text(_LIBRARY, encoding="utf-8")
    (folder / "gone.md").write_text(_MARKET, encoding="utf-8")
    (folder / "huge.jsonl").write_text(json.dumps({"body": _LIBRARY * 6}) + "\n", encoding="utf-8")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as old_code:  # an older ingest that knew no markdown
        old_code.setattr(ingest, "TEXT_SUFFIXES", {k: v for k, v in ingest.TEXT_SUFFIXES.items() if k != ".md"})
        old_code.setenv("NEWSETL_MAX_ARTICLE_BYTES", "1000")
        _run(db, [folder], "build")
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT record_index, reason, record_bytes IS NULL, bytes_not_kept FROM rejected_inputs "
                           "ORDER BY source_path").fetchall() == [
            (None, "unsupported file type '.md'", True, ingest.WHOLE_FILE_NOT_KEPT),
            (1, records.too_large(len(json.dumps({"body": _LIBRARY * 6})), 1000), True,
             records.too_large_to_keep(len(json.dumps({"body": _LIBRARY * 6})), 1000)),
            (None, "unsupported file type '.md'", True, ingest.WHOLE_FILE_NOT_KEPT)]
    (folder / "gone.md").unlink()
    _new_ingest_version(monkeypatch, "ingest.py")
    monkeypatch.setenv("NEWSETL_MAX_ARTICLE_BYTES", "1000")
    ingested, cleaned = _run(db, [folder], "again")
    assert (ingested.rejections_reread, ingested.records_from_rejections, ingested.rejections_not_reread) == (1, 1, 2)
    assert (ingested.files_new, cleaned.articles_added) == (0, 1)
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT source_path FROM raw_articles").fetchall() == [(str(folder / "notes.md"),)]
        assert con.execute("SELECT source_path, bytes_not_kept FROM rejected_inputs WHERE record_index IS NULL"
                           ).fetchall() == [(str(folder / "gone.md"), ingest.FILE_GONE)]
        assert con.execute("SELECT records, rejected FROM ingested_files WHERE source_path = ?",
                           [str(folder / "notes.md")]).fetchone() == (1, 0)
    again, _ = _run(db, [folder], "third")
    assert (again.rejections_reread, again.rejections_not_reread) == (0, 0)


def test_an_older_warehouse_says_its_rejections_cannot_be_read_again(tmp_path):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:  # the warehouse as an older version left it
        for column in ("record_bytes", "record_encoding", "bytes_not_kept"):
            con.execute(f"ALTER TABLE rejected_inputs DROP COLUMN {column}")
        con.execute("UPDATE rejected_inputs SET code_version = NULL")
        con.execute("DELETE FROM schema_applied")
    ingested, cleaned = _run(db, inputs, "upgrade")
    assert (ingested.rejections_reread, ingested.rejections_not_reread, cleaned.articles_added) == (0, 2, 0)
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT record_index, bytes_not_kept, code_version IS NOT NULL FROM rejected_inputs "
                           "ORDER BY 1").fetchall() == [
            (3, ingest.REJECTED_BEFORE_BYTES_WERE_KEPT, True), (4, ingest.REJECTED_BEFORE_BYTES_WERE_KEPT, True)]
        assert ingest_out_of_date(con) is None


def test_a_fault_while_writing_leaves_the_rejections_and_the_next_run_reads_them(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as old_code:
        old_code.setattr(records, "detect_language", _older_language_check)
        _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        before = _rows(con)
    _new_ingest_version(monkeypatch, "language.py")

    def disk_full(con, ledger):  # the ledger write, after the rejections' rows, fails
        raise OSError("No space left on device")
    with monkeypatch.context() as m:
        m.setattr(rereading, "_write_ledger", disk_full)
        with pytest.raises(OSError):
            _run(db, inputs, "faulty")
    with warehouse.connect(str(db)) as con:
        assert _rows(con) == before
    ingested, cleaned = _run(db, inputs, "next")
    assert (ingested.records_from_rejections, cleaned.articles_added) == (2, 2)


def test_a_record_too_large_to_keep_says_so(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"body": _FRENCH}) + "\n" + json.dumps({"body": _LIBRARY * 40}) + "\n",
                    encoding="utf-8")
    french, large = ingest.read_records(path, max_article_bytes=5000)
    assert french.record_bytes == json.dumps({"body": _FRENCH}).encode("utf-8") and french.record_encoding == "utf-8"
    assert large.record_bytes is None and large.bytes_not_kept.startswith("too large to keep: ")


def test_a_file_the_older_code_failed_on_is_read_again_and_its_ledger_row_follows(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "library.txt").write_text(_LIBRARY, encoding="utf-8")
    db = tmp_path / "news.duckdb"

    def faulty_check(text, check_language=True):  # an older record reading with a bug
        raise RuntimeError("index out of range")
    with monkeypatch.context() as old_code:
        old_code.setattr(records, "check_text", faulty_check)
        _run(db, [folder], "build")
    library = str(folder / "library.txt")
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT reason, bytes_not_kept FROM rejected_inputs").fetchall() == [
            (f"failed to read file {library}: RuntimeError index out of range", ingest.WHOLE_FILE_NOT_KEPT)]
        assert con.execute("SELECT records, rejected FROM ingested_files").fetchall() == [(0, 1)]
    _new_ingest_version(monkeypatch, "ingest.py")
    ingested, cleaned = _run(db, [folder], "again")
    assert (ingested.rejections_reread, ingested.records_from_rejections, cleaned.articles_added) == (1, 1, 1)
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM rejected_inputs").fetchone()[0] == 0
        assert con.execute("SELECT records, rejected FROM ingested_files").fetchall() == [(1, 0)]


def test_a_json_array_item_in_a_legacy_page_is_read_again_from_its_kept_bytes(tmp_path, monkeypatch):
    items = [{"title": "Ferry", "body": _FERRY}, {"title": "Port", "body": _FRENCH}]
    path = tmp_path / "wire.json"
    path.write_bytes(json.dumps(items, ensure_ascii=False).encode("cp1252"))
    with monkeypatch.context() as old_code:
        old_code.setattr(records, "detect_language", _older_language_check)
        ferry, port = list(ingest.read_records(path))
    assert isinstance(ferry, ingest.Rejection) and ferry.record_encoding == "cp1252"
    assert ferry.record_bytes == json.dumps(items[0], ensure_ascii=False, sort_keys=True).encode("cp1252")
    fresh_ferry, fresh_port = list(ingest.read_records(path))
    again = reading_again.read_rejected_again(str(path), 0, ferry.content_hash, ferry.record_bytes,
                                              ferry.record_encoding)
    assert [replace(r, encoding_confidence=1.0) for r in again] == [replace(fresh_ferry, encoding_confidence=1.0)]
    assert again[0].body_text == _FERRY and again[0].original_bytes == ferry.record_bytes
    still = reading_again.read_rejected_again(str(path), 1, port.content_hash, port.record_bytes, port.record_encoding)
    assert still == [port] == [fresh_port]


# ---- every rejection keeps its bytes or says why; a whole file read again is streamed ---------------

def test_the_check_fails_a_rejection_of_the_current_code_that_keeps_no_bytes_and_says_nothing(tmp_path):
    from pipelines import quality

    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        assert quality.run_suite(con, "rejected_inputs", "build").success
        # A rejection the current code wrote with neither its bytes nor why not.
        con.execute("UPDATE rejected_inputs SET record_bytes = NULL, bytes_not_kept = NULL WHERE record_index = 3")
        outcome = quality.run_suite(con, "rejected_inputs", "build")
        assert not outcome.success
        assert [(f.expectation, f.kwargs["column"], f.unexpected_count) for f in outcome.failures] == [
            ("expect_column_values_to_be_in_set", "keeps_bytes_or_says_why", 1)]
        assert [k.split(":")[2] for k in outcome.failed_items] == ["3"]
        # The same row made by an older ingest code (from before rejections kept their bytes) is not held to it.
        con.execute("UPDATE rejected_inputs SET code_version = 'older' WHERE record_index = 3")
        assert quality.run_suite(con, "rejected_inputs", "build").success


def test_an_upgraded_warehouse_passes_the_check_and_its_whole_file_rejections_say_why(tmp_path):
    from pipelines import quality

    inputs = _inputs(tmp_path / "in")
    (inputs[0] / "notes.doc").write_text(_LIBRARY, encoding="utf-8")  # unsupported: the whole file, no bytes
    db = tmp_path / "news.duckdb"
    _run(db, inputs, "build")
    with warehouse.connect(str(db)) as con:  # the warehouse as an older version left it
        for column in ("record_bytes", "record_encoding", "bytes_not_kept"):
            con.execute(f"ALTER TABLE rejected_inputs DROP COLUMN {column}")
        con.execute("UPDATE rejected_inputs SET code_version = NULL")
        con.execute("DELETE FROM schema_applied")
    _run(db, inputs, "upgrade")
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT record_index, reason, bytes_not_kept FROM rejected_inputs ORDER BY 1 NULLS FIRST"
                           ).fetchall() == [
            (None, "unsupported file type '.doc'", ingest.WHOLE_FILE_NOT_KEPT),
            (3, "not English: detected language 'fr' (p=1.00)", ingest.REJECTED_BEFORE_BYTES_WERE_KEPT),
            (4, con.execute("SELECT reason FROM rejected_inputs WHERE record_index = 4").fetchone()[0],
             ingest.REJECTED_BEFORE_BYTES_WERE_KEPT)]
        assert con.execute("SELECT records, rejected FROM ingested_files WHERE source_path LIKE '%notes.doc'"
                           ).fetchall() == [(0, 1)]
        outcome = quality.run_suite(con, "rejected_inputs", "upgrade")
        assert outcome.success and outcome.rows_checked == 3


def test_a_whole_jsonl_file_read_again_is_written_a_batch_at_a_time(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [{"title": f"Library {i}", "body": f"{_LIBRARY} Room {i} opens at {8 + i} o'clock."} for i in range(7)]
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines) + "{not json\n",
                                       encoding="utf-8")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as old_code:  # an older ingest that knew no .jsonl: the whole file rejected
        old_code.setattr(ingest, "TEXT_SUFFIXES", {k: v for k, v in ingest.TEXT_SUFFIXES.items() if k != ".jsonl"})
        _run(db, [folder], "build")
    _new_ingest_version(monkeypatch, "ingest.py")
    monkeypatch.setenv("NEWSETL_INGEST_BATCH", "3")
    written = []
    real_insert = warehouse.insert_frame

    def insert(con, table, frame):
        written.append((table, frame.height))
        return real_insert(con, table, frame)
    monkeypatch.setattr(warehouse, "insert_frame", insert)
    ingested, cleaned = _run(db, [folder], "again")
    assert (ingested.rejections_reread, ingested.records_from_rejections, cleaned.articles_added) == (1, 7, 7)
    # Never the whole file at once: a batch of at most three rows at a time.
    assert [n for table, n in written if table in ("raw_articles", "rejected_inputs") and n] == [3, 3, 1, 1]
    with warehouse.connect(str(db)) as con:
        assert con.execute("SELECT record_index, reason FROM rejected_inputs").fetchall() == [
            (8, "malformed JSON on line 8: Expecting property name enclosed in double quotes at line 1 column 2")]
        assert con.execute("SELECT records, rejected FROM ingested_files").fetchall() == [(7, 1)]
