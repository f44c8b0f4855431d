"""The schema in sql/tables.sql upgrades a warehouse written by an earlier version."""
from __future__ import annotations

import duckdb

from pipelines.warehouse import connect, table_columns

# The quotes table as the first release created it (no segments, no reported_by).
FIRST_RELEASE_QUOTES = """
CREATE TABLE quotes (
    quote_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, text VARCHAR NOT NULL, speaker VARCHAR,
    speaker_label VARCHAR, speaker_entity_id VARCHAR, speaker_mention VARCHAR, speaker_start INTEGER,
    speaker_end INTEGER, cue VARCHAR, quote_type VARCHAR NOT NULL, confidence DOUBLE NOT NULL,
    start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, run_id VARCHAR)
"""


def test_old_quotes_table_gains_segments_and_reported_by(tmp_path):
    db = str(tmp_path / "old.duckdb")
    con = duckdb.connect(db)
    con.execute(FIRST_RELEASE_QUOTES)
    con.execute("INSERT INTO quotes VALUES ('q1', 'a1', 'We will win', 'Mary Jones', 'PERSON', NULL, 'she', "
                "40, 43, 'said', 'direct', 0.9, 1, 12, 'r1')")
    con.close()

    with connect(db) as con:
        columns = table_columns(con, "quotes")
        assert {"segments", "reported_by", "reported_by_mention", "reported_by_start", "reported_by_end",
                "reported_by_label", "reported_by_entity_id"} <= set(columns)
        assert con.execute("SELECT segments, reported_by FROM quotes").fetchall() == [([[1, 12]], None)]
    # Applying the schema again (every writable connection does) changes nothing.
    with connect(db) as con:
        assert con.execute("SELECT count(*), any_value(segments) FROM quotes").fetchall() == [(1, [[1, 12]])]
