"""Claim context that lets real disagreements be found, and the verdicts they get: results-table
lines, measures of difference, the speaker a reported clause's pronoun stands for (real spaCy model,
real DuckDB file)."""
from __future__ import annotations

from datetime import datetime

from pipelines import warehouse
from pipelines.core.claim_context import results_table_place
from pipelines.core.extraction import extract_rows

TABLE = ("Quarter to Jan 31\n\nShr 12 cts vs four cts\n\nNet 390,179 vs 169,275\n\nYear\n\n"
         "Shr loss five cts vs profit 41 cts\n\nNet 61,019 vs 50,745\n\nNOTE: The company corrects its figures.")


def test_a_results_table_line_is_placed_by_part_and_column():
    def place(number, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = TABLE.index(number, start + 1)
        return results_table_place(TABLE, start)[:2]

    assert place("12 cts") == ("results table", "part 1, first column")
    assert place("169,275") == ("results table", "part 1, second column")
    assert place("five cts") == ("results table loss", "part 2, first column")   # after the 'Year' heading
    assert place("41 cts") == ("results table profit", "part 2, second column")
    assert results_table_place(TABLE, TABLE.index("31")) is None                  # a heading is no line
    assert results_table_place("Sales rose to 39.7 mln from 33.5 mln.", 14) is None


def test_claims_of_a_results_table_and_of_prose_get_their_context(nlp):
    claims = {c["text"]: c for c in extract_rows(nlp(TABLE))["claims"]}
    assert (claims["390,179"]["predicate"], claims["390,179"]["time_ref"]) == ("results table", "part 1, first column")
    assert claims["61,019"]["time_ref"] == "part 2, first column"

    def claim(text, number):
        return next(c for c in extract_rows(nlp(text))["claims"] if c["text"].startswith(number))

    # how far a figure is from another is no figure of the thing itself
    assert claim("Analysts said the bid was between 10 and 20 dlrs per share too low.",
                 "between 10")["predicate_class"] == "difference"
    assert claim("The bid of 90 dlrs per share was below the value analysts put on the firm.",
                 "90")["predicate_class"] is None
    # 'Acme Corp said it agreed to buy ...': 'it' is Acme Corp
    assert claim("Acme Corp said it agreed to buy five mln shares of Beta Inc for 20 mln dlrs.",
                 "five")["subject"] == "Acme Corp"


def _verdicts(path, claims, published):
    now = datetime(2031, 3, 12)
    with warehouse.connect(str(path)) as con:
        arts = sorted({c["article_id"] for c in claims})
        warehouse.insert_frame(con, "articles", warehouse.rows_frame(con, "articles", [{
            "article_id": a, "source_path": a, "publisher": None, "language": "en", "published_at": published[a],
            "body": "x" * 400, "word_count": 1, "body_hash": a, "ingested_at": now, "cleaned_at": now}
            for a in arts]))
        warehouse.insert_frame(con, "story_articles", warehouse.rows_frame(con, "story_articles", [{
            "article_id": a, "story_id": "s1", "similarity": 1.0, "method": "joined", "assigned_at": now}
            for a in arts]))
        warehouse.insert_frame(con, "numeric_claims", warehouse.rows_frame(con, "numeric_claims", [
            {"claim_id": f"c{i}", "text": "x" * 3, "qualifier": "=", "sentence": "x", "start_char": i * 10,
             "end_char": i * 10 + 3, "object_generic": False, **c} for i, c in enumerate(claims)]))
        warehouse.apply_views(con)
        return {(a, b): v for a, b, v in con.execute(
            "SELECT claim_id_a, claim_id_b, verdict FROM claim_comparisons").fetchall()}


def test_a_corrected_results_table_conflicts_with_the_first_report(tmp_path):
    def line(article, value, time_ref, predicate="results table", obj="net"):
        return {"article_id": article, "value": value, "object_lemma": obj, "predicate": predicate,
                "time_ref": time_ref}

    first, second = "part 1, first column", "part 1, second column"
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        line("a", 50745.0, first), line("a", 161019.0, second),                   # c0, c1: the first report
        line("b", 161019.0, first), line("b", 50745.0, second),                   # c2, c3: its correction
        line("c", 161019.0, first),                                               # c4: ten days later
        line("a", 7.0, "part 2, first column"), line("b", 7.0, "part 2, second column"),  # c5, c6
        {"article_id": "a", "value": 10.0, "object_lemma": "bid", "predicate": "be",       # c7, c8
         "predicate_class": "difference"},
        {"article_id": "b", "value": 90.0, "object_lemma": "bid", "predicate": "be"},
        line("b", 7.0, "part 2, first column"),                                   # c9
        line("c", 50745.0, second),                                               # c10
        # c11-c13: another company's table the same day (it shares no figure): not one report
        line("d", 20.0, first), line("d", 30.0, second), line("d", 40.0, "part 2, first column"),
    ], published={"a": datetime(2031, 3, 11, 10, 49), "b": datetime(2031, 3, 12, 9, 7),
                  "c": datetime(2031, 3, 22, 9), "d": datetime(2031, 3, 11, 11)})
    assert verdicts[("c0", "c2")] == "conflict"          # one period's net, 22 hours apart
    assert verdicts[("c1", "c3")] == "conflict"
    assert ("c1", "c2") not in verdicts and ("c0", "c3") not in verdicts  # a period against its comparison
    assert verdicts[("c5", "c9")] == "agree"             # the same part and column, the same figure
    assert verdicts[("c0", "c4")] == "different time"    # ten days on: another period may be meant
    assert ("c5", "c6") not in verdicts                  # another part and column: not one quantity
    assert not any("c7" in pair for pair in verdicts)    # a difference is not compared
    assert verdicts[("c0", "c11")] == "different scope"  # tables sharing no figure: two companies
