"""Decoding and record reading: every input becomes a record or a rejection with a reason."""
from __future__ import annotations

import codecs
import json

import pytest

from pipelines.core.ingest import (DecodeError, RawRecord, Rejection, check_text, content_hash, control_char_ratio,
                                   decode_bytes, discover_inputs, read_records)
from pipelines.core.language import detect_language

ENGLISH = ("Ukraine's military said Russia launched 273 drones overnight, the largest attack of the war, "
           "and officials in Kyiv said at least one person was killed.")


@pytest.mark.parametrize("encoded, encoding", [
    (ENGLISH.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + ENGLISH.encode("utf-8"), "utf-8"),
    (ENGLISH.encode("utf-16"), "utf-16"),  # with BOM
    (codecs.BOM_UTF32_LE + ENGLISH.encode("utf-32-le"), "utf-32"),
])
def test_decode_unicode_variants(encoded, encoding):
    assert decode_bytes(encoded) == (ENGLISH, encoding)


def test_decode_bomless_utf16():
    text, encoding = decode_bytes(ENGLISH.encode("utf-16-le"))
    assert text == ENGLISH and encoding.startswith("utf_16")


def test_decode_latin1_keeps_pound_sign():
    raw = "Shares rose 3% to £4.50 at the café on Monday, traders in London said.".encode("latin-1")
    text, encoding = decode_bytes(raw)
    assert text == "Shares rose 3% to £4.50 at the café on Monday, traders in London said."
    assert encoding in {"cp1252", "latin_1", "iso8859_15"}


@pytest.mark.parametrize("raw, reason", [(b"", "empty file"), (b"  \n\t\n", "empty file")])
def test_decode_empty(raw, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(raw)


def test_check_text_reasons():
    assert check_text(ENGLISH) is None
    assert check_text("1234 5678 90") == "no text: contains no letters"
    assert check_text("abc\x00\x01\x02\x03\x04\x05 def") == "binary content: too many control characters"
    french = ("Le président de la République a annoncé lundi de nouvelles mesures pour soutenir les "
              "agriculteurs touchés par la sécheresse dans le sud du pays.")
    assert check_text(french).startswith("not English: detected language 'fr'")
    assert check_text("Short note.") is None  # too little text to judge the language


def test_detect_language_english():
    lang, prob = detect_language(ENGLISH)
    assert lang == "en" and prob > 0.99


def test_read_text_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    (record,) = read_records(path)
    assert isinstance(record, RawRecord)
    assert record.raw_id == content_hash(ENGLISH.encode()) and len(record.raw_id) == 16
    assert (record.format, record.encoding, record.size_bytes, record.body_text) == ("text", "utf-8", len(ENGLISH), ENGLISH)


def test_read_json_object_takes_fields(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"headline": "Drones", "text": ENGLISH, "published": "2025-05-19",
                                "url": "https://example.org/a", "source": "Wire", "authors": ["A. B", "C. D"]}))
    (record,) = read_records(path)
    assert (record.title, record.body_text, record.published, record.url, record.publisher, record.author) == (
        "Drones", ENGLISH, "2025-05-19", "https://example.org/a", "Wire", "A. B, C. D")
    assert record.record_index is None and record.format == "json"


def test_read_jsonl_mixed(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"body": ENGLISH}), "", "{oops", json.dumps(["not", "an", "object"]), json.dumps({"body": "  "})]
    path.write_text("\n".join(lines))
    items = list(read_records(path))
    assert [type(i).__name__ for i in items] == ["RawRecord", "Rejection", "Rejection", "Rejection"]
    assert items[0].record_index == 1
    assert items[1].record_index == 3 and items[1].reason.startswith("malformed JSON on line 3")
    assert items[2].reason == "malformed JSON record: expected an object, got list"
    assert items[3].reason.startswith("JSON record has no article text")


def test_read_json_array(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"body": ENGLISH}, {"body": ENGLISH + " More."}]))
    items = list(read_records(path))
    assert [i.record_index for i in items] == [0, 1]
    assert items[0].raw_id != items[1].raw_id


def test_read_rejections(tmp_path):
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "bad.json").write_text("{")
    reasons = {p.name: next(iter(read_records(p))).reason for p in sorted(tmp_path.iterdir())}
    assert reasons["x.docx"] == "unsupported file type '.docx'"
    assert reasons["bin.txt"].startswith(("binary content", "undecodable"))
    assert reasons["bad.json"].startswith("malformed JSON: Expecting property name")


def test_html_language_is_checked_after_extraction(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>Hallo Welt</p></body></html>")
    (record,) = read_records(path)
    assert isinstance(record, RawRecord) and record.format == "html"


def test_discover_inputs_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x")
    (tmp_path / ".DS_Store").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in discover_inputs([tmp_path])] == ["b.txt", "sub/a.md"]
    with pytest.raises(FileNotFoundError):
        discover_inputs([tmp_path / "missing"])



def test_newswire_brief_is_not_rejected_as_foreign():
    # py3langid calls this Nigerian Pidgin with p=0.93; too little text to judge.
    assert check_text("Qtly div 45 cts vs 45 cts prior\n    Pay October one\n    Record September four") is None


# --- no single input stops the run ------------------------------------------------------

def test_json_nested_too_deep_is_a_rejection(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 10_000 + "]" * 10_000)
    (item,) = read_records(path)
    assert item.reason == "malformed JSON: nested too deeply to parse (RecursionError)"


def test_jsonl_streams_and_rejects_only_the_oversized_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    big = json.dumps({"body": ENGLISH * 50})
    path.write_bytes(codecs.BOM_UTF8 + "\n".join([json.dumps({"body": ENGLISH}), big,
                                                  json.dumps({"body": ENGLISH + " Again."})]).encode())
    items = list(read_records(path, max_article_bytes=len(big) - 1))
    assert [type(i).__name__ for i in items] == ["RawRecord", "Rejection", "RawRecord"]
    assert items[0].body_text == ENGLISH and items[0].record_index == 1
    assert items[1].record_index == 2
    assert items[1].reason == (f"too large: article record of {len(big):,} bytes exceeds the limit of "
                               f"{len(big) - 1:,} bytes (NEWSETL_MAX_ARTICLE_BYTES; a degenerate or concatenated input)")
    assert items[2].record_index == 3


def test_utf16_jsonl_is_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes("\n".join([json.dumps({"body": ENGLISH}), json.dumps({"body": ENGLISH + " Two."})]).encode("utf-16"))
    items = list(read_records(path))
    assert [i.body_text for i in items] == [ENGLISH, ENGLISH + " Two."] and items[0].encoding == "utf-16"


def test_walk_inputs_reports_what_it_cannot_read(tmp_path):
    import os

    from pipelines.core.ingest import walk_inputs

    (tmp_path / "a.txt").write_text(ENGLISH)
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")
    os.symlink(tmp_path / "nowhere", tmp_path / "gone.txt")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b.txt").write_text(ENGLISH)
    os.symlink(tmp_path, tmp_path / "d" / "back")
    os.mkfifo(tmp_path / "fifo.txt")
    files, problems = walk_inputs([tmp_path])
    assert [f.name for f in files] == ["a.txt", "b.txt"]
    reasons = {p.source_path.rsplit("/", 1)[-1]: p.reason for p in problems}
    assert reasons["self.txt"].startswith(f"symlink loop: {tmp_path / 'self.txt'} (OSError [Errno 40]")
    assert reasons["gone.txt"].startswith(f"broken symlink: {tmp_path / 'gone.txt'}")
    assert reasons["back"].startswith("symlink loop: directory links back to")
    assert reasons["fifo.txt"].startswith("not a regular file")
    assert all(len(p.content_hash) == 16 for p in problems)


def test_control_char_ratio_counts_exactly_category_cc():
    import unicodedata

    everything = "".join(map(chr, range(0x110000)))
    controls = sum(1 for ch in everything if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    assert controls == 61
    assert control_char_ratio(everything) == controls / len(everything)
    assert control_char_ratio("abc\x0b\x85 def\n\t\f\r") == 2 / 13
