"""Files in legacy encodings are read as written: no body holds characters its bytes do not."""
from __future__ import annotations

import json

import duckdb
import pytest

from pipelines import stages, warehouse
from pipelines.core import ingest

# English as a word processor saves it: curly quotes (0x91-0x94), dashes (0x96, 0x97), an
# ellipsis (0x85), a pound sign (0xA3) before digits, accented words.
TYPOGRAPHIC = ("The chancellor\u2019s plan \u2013 announced on Tuesday \u2013 would raise \u00a334m, "
               "officials said. \u201cThere\u2019s no going back\u2026\u201d she told the caf\u00e9 "
               "owners in the r\u00e9sum\u00e9 session \u2014 a na\u00efve hope, critics said.")
# Only bytes 0xA0-0xFF: a file Latin-1 and Windows-1252 write alike.
LATIN = ("Sales rose to \u00a312m from \u00a39m at the Z\u00fcrich caf\u00e9 chain, whose se\u00f1or "
         "director expects \u00bd of the gain next year, at 20\u00b0C or so.")
POUND_ONLY = "Profits climbed to \u00a334m in the year to March, up from \u00a321m, the company said."


def read_one(tmp_path, name: str, data: bytes) -> ingest.RawRecord:
    path = tmp_path / name
    path.write_bytes(data)
    items = list(ingest.read_records(path))
    assert len(items) == 1 and isinstance(items[0], ingest.RawRecord), items
    return items[0]


@pytest.mark.parametrize("text,encoding", [
    (TYPOGRAPHIC, "cp1252"), (LATIN, "cp1252"), (LATIN, "latin-1"), (POUND_ONLY, "cp1252"),
    (TYPOGRAPHIC * 20, "cp1252"), (POUND_ONLY * 30, "latin-1"),
])
def test_western_files_are_read_as_written(tmp_path, text, encoding):
    record = read_one(tmp_path, "a.txt", text.encode(encoding))
    assert record.body_text == text
    assert record.encoding == "cp1252" and 0.0 < record.encoding_confidence <= 1.0


def test_short_typographic_texts_other_pages_claim_are_windows_1252():
    # Each once read as another page: a DOS page (quotes as letters), cp1250 ('è' as 'č'),
    # Shift-JIS ('£' as '｣'), Mac pages.
    for text in ("And a\u2014 \u2018and.", "Sides\u2026\u00e9\u00e8 and talks.", "\u00a334m",
                 "Traded\u2122 \u201cthe\u00e8 resume.", "\u00a3in\u00b0 both\u00a0 deal."):
        assert ingest.decode_bytes(text.encode("cp1252")) == (text, "cp1252"), text


def test_utf16_and_utf8_keep_full_confidence():
    assert ingest.decode((TYPOGRAPHIC).encode("utf-16")) == ingest.Decoded(TYPOGRAPHIC, "utf-16", 1.0, certain=True)
    assert ingest.decode(TYPOGRAPHIC.encode("utf-8")) == ingest.Decoded(TYPOGRAPHIC, "utf-8", 1.0, certain=True)
    assert not ingest.decode(TYPOGRAPHIC.encode("cp1252")).certain  # a guess, whatever its confidence
    text, encoding = ingest.decode_bytes(TYPOGRAPHIC.encode("utf-16-le"))  # no byte-order mark
    assert text == TYPOGRAPHIC and encoding.startswith("utf_16")


def test_text_mostly_outside_ascii_is_left_to_the_detector():
    japanese = "\u65e5\u672c\u306e\u9996\u76f8\u306f\u706b\u66dc\u65e5\u3001\u8a18\u8005\u4f1a\u898b\u3067\u767a\u8868\u3057\u305f\u3002" * 4
    decoded = ingest.decode(japanese.encode("shift_jis"))
    assert decoded.text == japanese and decoded.encoding in ("cp932", "shift_jis")
    russian = "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b \u0432\u043e \u0432\u0442\u043e\u0440\u043d\u0438\u043a, \u0447\u0442\u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b \u043f\u0440\u043e\u0434\u043e\u043b\u0436\u0430\u0442\u0441\u044f. " * 3
    decoded = ingest.decode(russian.encode("cp1251"))
    assert decoded.text == russian and decoded.encoding == "cp1251"


def test_bytes_windows_1252_leaves_undefined_go_to_the_detector():
    # 0x81 is undefined in cp1252: the file is not Windows-1252, whatever else it is.
    data = ("Plain English words around one odd byte: " * 3).encode("ascii") + b"\x81\xe9"
    text, encoding = ingest.decode_bytes(data)
    assert encoding != "cp1252" and text.startswith("Plain English words")


def test_encoding_and_its_confidence_are_stored(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.txt").write_bytes((TYPOGRAPHIC * 3).encode("cp1252"))
    (landing / "b.txt").write_text(TYPOGRAPHIC * 3, encoding="utf-8")
    body = {"title": "Chancellor\u2019s plan", "body": TYPOGRAPHIC * 3}
    (landing / "c.jsonl").write_bytes((json.dumps(body, ensure_ascii=False) + "\n").encode("cp1252"))
    db = tmp_path / "w.duckdb"
    with warehouse.connect(str(db)) as con:
        stages.run_ingest(con, [str(landing)], "r")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT regexp_extract(source_path, '[^/]+$'), encoding, encoding_confidence, "
                           "body_text = ? FROM raw_articles ORDER BY 1", [TYPOGRAPHIC * 3]).fetchall()
    assert [(r[0], r[1], r[3]) for r in rows] == [("a.txt", "cp1252", True), ("b.txt", "utf-8", True),
                                                  ("c.jsonl", "cp1252", True)]
    assert rows[1][2] == 1.0 and 0.5 <= rows[0][2] <= 1.0 and 0.5 <= rows[2][2] <= 1.0
