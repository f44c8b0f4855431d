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

    assert place("12 cts") == ("results table shr", "part 1, first column")
    assert place("169,275") == ("results table net", "part 1, second column")
    assert place("five cts") == ("results table shr loss", "part 2, first column")   # after the 'Year' heading
    assert place("41 cts") == ("results table shr profit", "part 2, second column")
    assert results_table_place(TABLE, TABLE.index("31")) is None                  # a heading is no line
    assert results_table_place("Sales rose to 39.7 mln from 33.5 mln.", 14) is None


def test_claims_of_a_results_table_and_of_prose_get_their_context(nlp):
    claims = {c["text"]: c for c in extract_rows(nlp(TABLE))["claims"]}
    assert (claims["390,179"]["predicate"], claims["390,179"]["time_ref"]) == ("results table net",
                                                                           "part 1, first column")
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


# A wire's quarter-and-year table without the heading between its blocks, the first block's opening line
# mistyped ('Qtly div' where the second has 'Shr'), lines whose labels qualify the figure.
UNHEADED = ("Qtly div six cts vs five cts\n\nNet 188,000 vs 130,000\n\nSales 12.2 mln vs 10.1 mln\n\n"
            "Shr 81 cts vs 1.45 dlrs\n\nNet 2,463,000 vs 3,718,000\n\nSales 52.4 mln vs 47.5 mln\n\n"
            "Oper shr loss primary 80 cts vs profit 37 cts\n\nShr diluted 57 cts vs 66 cts")


def test_a_results_line_is_named_by_its_label_and_a_block_ends_where_its_labels_come_again():
    def place(number):
        return results_table_place(UNHEADED, UNHEADED.index(number))[:2]

    assert place("six cts") == ("results table qtly div", "part 1, first column")
    assert place("188,000") == ("results table net", "part 1, first column")
    # 'Net' comes again one line into its block: the block before it ('Shr 81 cts') opens the year
    assert place("81 cts") == ("results table shr", "part 2, first column")
    assert place("2,463,000") == ("results table net", "part 2, first column")
    assert place("47.5") == ("results table sales", "part 2, second column")
    # the label qualifies the figure: operating, primary, diluted share earnings are other lines
    assert place("37 cts") == ("results table oper shr primary profit", "part 2, second column")
    assert place("57 cts") == ("results table shr diluted", "part 2, first column")


def test_a_nominal_figure_takes_the_time_of_the_verb_it_hangs_on(nlp):
    def claim(text, number):
        return next(c for c in extract_rows(nlp(text))["claims"] if c["text"].startswith(number))

    assert claim("Acme recorded net income of 908,000 dlrs for the second quarter of 1986.",
                 "908,000")["time_ref"] == "for the second quarter of 1986"
    assert claim("Acme plans to book a credit to income of about 200,000 dlrs in the second quarter of 1987.",
                 "about 200,000")["time_ref"] == "in the second quarter of 1987"


def _verdicts(path, claims, published, titles=None, mentions=()):
    now = datetime(2031, 3, 12)
    with warehouse.connect(str(path)) as con:
        if mentions:  # (article, entity id, text, label, start)
            warehouse.insert_frame(con, "mentions", warehouse.rows_frame(con, "mentions", [{
                "mention_id": f"m{i}", "article_id": a, "entity_id": e, "text": t, "label": lab, "ner_label": lab,
                "canonical_name": t, "start_char": st, "end_char": st + len(t), "sentence_index": 0}
                for i, (a, e, t, lab, st) in enumerate(mentions)]))
        arts = sorted({c["article_id"] for c in claims})
        warehouse.insert_frame(con, "articles", warehouse.rows_frame(con, "articles", [{
            "article_id": a, "source_path": a, "publisher": None, "language": "en", "published_at": published[a],
            "title": (titles or {}).get(a),
            "body": "x" * 400, "word_count": 1, "body_hash": a, "ingested_at": now, "cleaned_at": now}
            for a in arts]))
        warehouse.insert_frame(con, "story_articles", warehouse.rows_frame(con, "story_articles", [{
            "article_id": a, "story_id": "s1", "similarity": 1.0, "method": "joined", "assigned_at": now}
            for a in arts]))
        warehouse.insert_frame(con, "numeric_claims", warehouse.rows_frame(con, "numeric_claims", [
            {"claim_id": f"c{i}", "text": "x" * 3, "qualifier": "=", "sentence": f"sentence {i}", "start_char": i * 10,
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


def test_a_rounded_figure_is_compatible_with_the_exact_one(tmp_path):
    def figure(article, text, value):
        return {"article_id": article, "text": text, "value": value, "object_lemma": "revenue", "predicate": "report"}

    verdicts = _verdicts(tmp_path / "w.duckdb", [
        figure("a", "2.8 mln", 2.8e6), figure("b", "2,770,243", 2770243.0),      # c0, c1: rounded and exact
        figure("a", "3.3 mln", 3.3e6), figure("b", "3.4 mln", 3.4e6),            # c2, c3: touching at 3.35 mln
        figure("a", "1,236,000", 1236000.0), figure("b", "1,236,347", 1236347.0),  # c4, c5: to the thousand
        figure("a", "10,000", 10000.0), figure("b", "10,400", 10400.0),          # c6, c7: one digit, not rounded
        figure("a", "3.3 mln", 3.3e6), figure("b", "3,362,519", 3362519.0),      # c8, c9: rounds to 3.4 mln
    ], published={"a": datetime(2031, 3, 11, 10), "b": datetime(2031, 3, 11, 12)})
    assert verdicts[("c0", "c1")] == "compatible"
    assert verdicts[("c2", "c3")] == "conflict"
    assert verdicts[("c4", "c5")] == "compatible"
    assert verdicts[("c6", "c7")] == "conflict"
    assert verdicts[("c8", "c9")] == "conflict"


def test_blocks_of_two_results_tables_are_compared_by_the_figures_they_share(tmp_path):
    def line(article, value, time_ref, predicate="results table revs"):
        return {"article_id": article, "value": value, "object_lemma": "revs", "predicate": predicate,
                "time_ref": time_ref}

    q1, q2, y1, y2 = ("part 1, first column", "part 1, second column", "part 2, first column",
                      "part 2, second column")
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        # a quarter report: the quarter's block, then the year's
        line("a", 2921629.0, q1), line("a", 2918682.0, q2), line("a", 3070327.0, y1), line("a", 3195710.0, y2),
        line("a", 8812432.0, y1, "results table net loss"), line("a", 1847560.0, y2, "results table net profit"),
        # a year report the same day: its only block is the year's, its revenue another figure
        line("b", 7981198.0, q1), line("b", 10.3e6, q2),
        line("b", 8812432.0, q1, "results table net loss"), line("b", 1847560.0, q2, "results table net profit"),
    ], published={"a": datetime(2031, 3, 6, 15, 39), "b": datetime(2031, 3, 6, 15, 21)})
    assert verdicts[("c2", "c6")] == "conflict"                  # the year's revenue, two figures
    assert verdicts[("c4", "c8")] == "agree"                     # the year's net loss
    assert verdicts.get(("c0", "c6")) != "conflict"              # the quarter is not the year
    assert ("c1", "c6") not in verdicts                          # nor the column it is set against


def test_a_results_line_in_capitals_is_placed_and_its_article_keeps_its_claims(nlp):
    text = "SHR 12 CTS VS 10 CTS\n\nNET 390,179 VS 169,275"
    assert results_table_place(text, text.index("169,275"))[:2] == ("results table net",
                                                                    "part 1, second column")
    claims = {c["text"]: c for c in extract_rows(nlp(text))["claims"]}
    assert claims["390,179"]["time_ref"] == "part 1, first column"


def _figure_of(nlp, text, number):
    claim = next(c for c in extract_rows(nlp(text))["claims"] if c["text"].startswith(number))
    return {k: claim[k] for k in ("value", "value_low", "value_high", "qualifier", "unit", "currency", "object_lemma",
                                  "predicate", "subject", "scope", "time_ref", "text")}


def test_whose_figure_a_possessive_or_a_part_of_the_company_names_is_not_the_whole_s(nlp, tmp_path):
    owned = _figure_of(nlp, "Norco said the sweetened bid tops Zenith's offer of 41.25 dlrs a share.", "41.25")
    unowned = _figure_of(nlp, "Norco received an offer of 41.50 dlrs per share from Carver Holdings Corp.", "41.50")
    assert owned["subject"] == "Zenith" and unowned["subject"] is None
    part = _figure_of(nlp, "In 1986, the European paper business had sales of 512.3 mln dlrs, according to the "
                           "annual report.", "512.3")
    whole = _figure_of(nlp, "It said the unit accounted for less than two pct of worldwide sales of 3.1 billion "
                            "dlrs in 1986.", "3.1")
    assert part["scope"] == "the European paper business"
    assert whole["scope"] is None  # a noun under another noun is not the verb's subject's
    units = _figure_of(nlp, "Two of its finance subsidiaries will extend loans totalling about 60 mln dlrs for "
                            "offices in Texas.", "about 60")
    one = _figure_of(nlp, "Carver Trust said it agreed to extend three loans totaling 45.2 mln dlrs for offices "
                          "in Texas.", "45.2")
    assert units["scope"] == "Two of its finance subsidiaries" and one["scope"] is None
    same = _figure_of(nlp, "Norco turned down Zenith's offer of 41.25 dlrs a share.", "41.25")
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        {"article_id": "a", **owned}, {"article_id": "b", **unowned},     # c0, c1: two bidders' offers
        {"article_id": "a", **part}, {"article_id": "b", **whole},        # c2, c3: a business against the company
        {"article_id": "a", **units}, {"article_id": "b", **one},         # c4, c5: two units against one
        {"article_id": "b", **same},                                      # c6: the same bidder's offer again
    ], published={"a": datetime(2031, 3, 11, 10), "b": datetime(2031, 3, 11, 12)})
    assert verdicts[("c0", "c1")] == "different scope"
    assert verdicts[("c2", "c3")] == "different scope"
    assert verdicts.get(("c4", "c5"), "not compared") != "conflict"
    assert verdicts[("c0", "c6")] == "agree"



def test_a_to_or_for_phrase_naming_a_place_limits_a_figure(nlp):
    to_place = _figure_of(nlp, "The agency has shifted seven mln dlrs in export credits to Peru to cover sales of "
                               "U.S. corn, the ministry said.", "seven")
    assert to_place["scope"] == "in export credits, to Peru"  # where it goes limits it, as where it is held
    offices = _figure_of(nlp, "Carver Trust said it agreed to extend three loans totaling 45.2 mln dlrs for offices "
                              "in Texas.", "45.2")
    assert offices["scope"] is None  # the place is inside the phrase, not what the phrase names


def test_a_figure_in_a_by_phrase_is_a_difference_even_a_range_s_end_read_alone(nlp):
    text = "Smith said he expects the stricter rules to prune the current list of 58 dealers down by five to 10 dealers."
    claim = next(c for c in extract_rows(nlp(text))["claims"] if c["text"] == "10 dealers")
    assert (claim["value"], claim["qualifier"], claim["predicate_class"]) == (10.0, "=", "difference")


def test_the_second_of_two_joined_verbs_takes_the_first_one_s_subject_as_the_part_holding_a_figure(nlp):
    joined = _figure_of(nlp, "Four of its subsidiaries will arrange or extend credits totalling about 80 mln dlrs.",
                        "about 80")
    assert joined["scope"] == "Four of its subsidiaries"


def _figure(article, value, obj, text="x", sentence=None):
    return {"article_id": article, "value": value, "object": obj, "object_lemma": obj, "predicate": "report",
            "text": text, **({"sentence": sentence} if sentence else {})}


def test_others_besides_one_named_are_a_part(tmp_path):
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _figure("a", 4.0, "brokers", "four large brokers"), _figure("b", 2.0, "brokers", "two other small brokers"),
        _figure("a", 3.0, "banks", "three other banks"), _figure("b", 3.0, "banks", "three other banks"),
    ], published={"a": datetime(2031, 3, 11, 10), "b": datetime(2031, 3, 11, 11)})
    assert verdicts[("c0", "c1")] == "different scope"   # two others and one named: three of four
    assert verdicts[("c2", "c3")] == "agree"


def test_two_figures_of_one_copied_sentence_are_not_one_quantity(tmp_path):
    copied = "Jones expects the rules to cut the roster of 58 dealers by five to 10 dealers."
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _figure("c", 58.0, "dealers", "58 dealers", copied), _figure("d", 10.0, "dealers", "10 dealers", copied),
        _figure("c", 58.0, "dealers", "58 dealers", "The roster has 58 dealers."),
        _figure("d", 61.0, "dealers", "61 dealers", "The roster has 61 dealers."),
    ], published={"c": datetime(2031, 3, 11, 10), "d": datetime(2031, 3, 11, 11)})
    assert verdicts[("c0", "c1")] == "different scope"
    assert verdicts[("c2", "c3")] == "conflict"


def test_titles_of_one_template_naming_different_things_are_different_scopes(tmp_path):
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _figure("e", 120.0, "tonnes"), _figure("f", 310.0, "tonnes"),              # c0, c1: two commodities' titles
        _figure("e", 75.0, "cargoes"), _figure("f", 75.0, "cargoes"),              # c2, c3: the same figure
        _figure("g", 9.0, "net"), _figure("h", 7.0, "net"),                        # c4, c5: a year and a quarter
        _figure("i", 3.0, "revs"), _figure("j", 5.0, "revs"),                      # c6, c7: one title abbreviated
        _figure("e", 44.0, "ships"), _figure("k", 46.0, "ships"),                  # c8, c9: a title of its own
    ], published={a: datetime(2031, 3, 11, 10) for a in "efghijk"}, titles={
        "e": "PERUVIAN COPPER EXPORTS ROSE IN 1986", "f": "PERUVIAN ZINC EXPORTS ROSE IN 1986",
        "g": "ACME CORP <ACM> YEAR NET", "h": "ACME CORP <ACM> 4TH QTR NET",
        "i": "ACME CORP <ACM> TWO MONTHS NET", "j": "ACME CORP <ACM> TWO MTHS NET",
        "k": "PERU EXPORTS SEEN LOWER"})
    assert verdicts[("c0", "c1")] == "different scope"   # the titles name different commodities
    assert verdicts[("c2", "c3")] == "agree"             # equal figures still agree
    assert verdicts[("c4", "c5")] == "conflict"          # a period in the titles' slot is not a scope
    assert verdicts[("c6", "c7")] == "conflict"          # one word written two ways
    assert verdicts[("c8", "c9")] == "conflict"          # titles of no one template


def _said(article, value, obj, text, sentence, time_ref=None, **more):
    """A figure as the extractor gives it: its words, its sentence and the time phrase it carries."""
    return {"article_id": article, "value": value, "object": obj, "object_lemma": obj, "predicate": "report",
            "text": text, "sentence": sentence, "time_ref": time_ref, **more}


def test_a_figure_s_moment_of_the_day_or_occasion_is_part_of_its_time(tmp_path):
    day = datetime(2031, 3, 11)
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _said("a", 4.4375, "money", "4-7/16 pct", "Call money was trading at 4-7/16 pct when the central bank "
              "announced the operation.", unit="pct"),
        _said("b", 4.375, "money", "4-3/8 pct", "Call money was trading at 4-3/8 pct when the central bank began "
              "adding reserves.", unit="pct"),
        _said("c", 21.2, "volume", "21.2 mln shares", "The index rose 9.10 points on volume of 21.2 mln shares."),
        _said("d", 42.5, "volume", "42.5 mln shares", "The index fell 4.30 points on volume of 42.5 mln shares."),
        _said("e", 3.1, "volume", "3.1 mln shares", "The index rose on volume of 3.1 mln shares."),
        _said("f", 3.4, "volume", "3.4 mln shares", "The index rose on volume of 3.4 mln shares."),
    ], published={"a": day.replace(hour=11), "b": day.replace(hour=12), "c": day.replace(hour=12),
                  "d": day.replace(hour=16), "e": day.replace(hour=12), "f": day.replace(hour=13)},
        titles={"c": "OSLO STOCKS HIGHER AT MIDSESSION", "d": "OSLO STOCKS CLOSE LOWER",
                "e": "OSLO STOCKS MIXED", "f": "OSLO STOCKS STEADY"})
    assert verdicts[("c0", "c1")] == "different time"    # one rate at two operations of one morning
    assert verdicts[("c2", "c3")] == "different time"    # a market's volume at midsession and at the close
    assert verdicts[("c4", "c5")] == "conflict"          # no moment said: one report's figure, an hour apart


def test_each_figure_of_a_from_to_sentence_takes_its_own_time(tmp_path):
    day = datetime(2031, 3, 11)
    first = "Copper output fell to 2.1 mln tonnes in June from 2.4 mln tonnes in May, the agency said."
    second = "Copper output fell to 2.2 mln tonnes in June from 2.4 mln tonnes in May, the agency said."
    ytd = "Year-to-date demand for fuels averaged {} mln bpd, up 1.8 pct from {} mln in 2030, it said."
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _said("a", 2.1, "output", "2.1 mln tonnes", first, "in June"),
        _said("a", 2.4, "output", "2.4 mln tonnes", first, "in June"),       # the extractor gave it June too
        _said("b", 2.2, "output", "2.2 mln tonnes", second, "in June"),
        _said("c", 7.32, "demand", "7.32 mln bpd", ytd.format("7.32", "7.04"), "in 2030"),
        _said("d", 7.26, "demand", "7.26 mln bpd", ytd.format("7.26", "6.99"), "in 2030"),
    ], published={"a": day.replace(hour=9), "b": day.replace(hour=13), "c": day.replace(hour=17),
                  "d": datetime(2031, 4, 15, 17)})
    assert verdicts[("c0", "c2")] == "conflict"          # June against June, the same day
    assert verdicts[("c1", "c2")] == "different time"    # May's figure against June's
    assert verdicts[("c3", "c4")] == "different time"    # two weekly reports' year-to-date figures
    # the time a figure owns: 'in 2030' is the earlier year's, not the year-to-date figure's
    assert "2030" not in (verdicts and _times(tmp_path / "w.duckdb", "c3"))


def _times(path, claim_id):
    with warehouse.connect(str(path)) as con:
        warehouse.apply_views(con)
        return con.execute("SELECT time_a FROM claim_comparisons WHERE claim_id_a = ?", [claim_id]).fetchone()[0]


def test_an_instrument_s_term_is_not_a_quantity_compared(tmp_path):
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _said("a", 6.0, "bill", "six-month", "The average yield on the six-month bills was 5.9 pct."),
        _said("b", 6.0, "bill", "six-month", "The average yield on the six-month bills was 6.1 pct."),
        _said("a", 13.0, "bill", "13", "The bank sold 4.8 billion francs of 13- and 24-week bills."),
        _said("b", 13.0, "bill", "13-week", "The bank sold 3.1 billion francs of 13-week bills."),
        _said("a", 6.0, "maturity", "six months", "The certificates have maturities of six months."),
        _said("b", 6.0, "maturity", "six months", "The certificates have maturities of six months."),
        _said("a", 4.8, "franc", "4.8 billion francs", "The bank sold 4.8 billion francs of bills."),
        _said("b", 4.8, "franc", "4.8 billion francs", "The bank sold 4.8 billion francs of bills."),
    ], published={"a": datetime(2031, 3, 11, 10), "b": datetime(2031, 3, 11, 11)})
    assert set(verdicts) == {("c6", "c7")}               # only the amount sold is compared
    assert verdicts[("c6", "c7")] == "agree"


def test_a_year_earlier_figure_is_another_time_than_this_year_s(tmp_path):
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _said("a", 1.42, "demand", "1.42 mln", "Fuel demand fell 4.9 pct to 1.35 mln bpd from 1.42 mln."),
        _said("b", 1.42, "demand", "1.42 mln bpd", "Fuel demand fell 0.4 pct to 1.42 mln bpd from 1.43 mln."),
        _said("a", 10.0, "sale", "10 mln dlrs", "Sales were 12 mln dlrs against 10 mln dlrs a year ago."),
        _said("b", 10.0, "sale", "10 mln dlrs", "Sales were 10 mln dlrs, the company said."),
        _said("a", 9.0, "price", "9.000 to 9.625 dlrs", "It bought shares at prices ranging from 9.000 to 9.625 dlrs.",
              value_low=9.0, value_high=9.625),
        _said("b", 9.0, "price", "9.000 to 9.625 dlrs", "It paid prices ranging from 9.000 to 9.625 dlrs.",
              value_low=9.0, value_high=9.625),
    ], published={"a": datetime(2031, 3, 11, 10), "b": datetime(2031, 3, 11, 12)})
    assert verdicts[("c0", "c1")] == "different time"    # last year's figure against this year's, equal
    assert verdicts[("c2", "c3")] == "different time"
    assert verdicts[("c4", "c5")] != "different time"    # a range's 'from' is not a change's earlier value


def test_figures_of_reports_days_apart_that_name_nothing_in_common_are_not_one_time(tmp_path):
    band = "The central bank bought {} mln stg of bills in band three at 9-3/4 pct."
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _said("a", 9.75, "bill", "9-3/4 pct", band.format("51"), unit="pct"),
        _said("b", 9.75, "bill", "9-3/4 pct", band.format("171"), unit="pct"),
        _said("a", 40.0, "offer", "40 dlrs", "The offer of 40 dlrs a share for 1986 stands.", "for 1986"),
        _said("b", 40.0, "offer", "40 dlrs", "An offer of 40 dlrs a share for 1986.", "for 1986"),
    ], published={"a": datetime(2031, 3, 11, 10), "b": datetime(2031, 3, 16, 10)})
    assert verdicts[("c0", "c1")] == "different time"    # two days' operations, equal by chance
    assert verdicts[("c2", "c3")] == "agree"             # one time with a year said on both sides


def test_sentences_naming_different_things_and_none_in_common_are_different_scopes(tmp_path):
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        _said("a", 4.1, "quota", "4.1 mln bpd", "Norland production stayed below its quota of 4.1 mln bpd."),
        _said("b", 15.8, "quota", "15.8 mln bpd", "Oil Group production did not exceed its quota of 15.8 mln bpd."),
        _said("a", 4.1, "quota", "4.1 mln bpd", "Norland has a quota of 4.1 mln bpd."),
        _said("b", 4.3, "quota", "4.3 mln bpd", "Norland has a quota of 4.3 mln bpd."),
    ], published={"a": datetime(2031, 3, 11, 10), "b": datetime(2031, 3, 11, 12)},
        # both articles name both: each is about both, and only the sentences say whose quota it is
        mentions=[("a", "e1", "Norland", "GPE", 0), ("a", "e2", "Oil Group", "ORG", 500),
                  ("b", "e2", "Oil Group", "ORG", 0), ("b", "e1", "Norland", "GPE", 500)])
    assert verdicts[("c0", "c1")] == "different scope"   # a member's quota against the group's
    assert verdicts[("c2", "c3")] == "conflict"          # one member's quota, two figures
