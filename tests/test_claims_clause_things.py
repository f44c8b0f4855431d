"""Regression tests of the numeric-claim extractor: the thing counted named by the clause around a figure (a
change set against the clause's change, a 'having' participle, an amount noun after an adjective, a per unit
the parser hangs elsewhere), and forms of numbers read in judged samples of BBC and Reuters news. Sentences
are made up."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of, head


@pytest.mark.parametrize("text, expected", [
    # a change noun set against the change of the clause's verb measures that verb's subject
    ("Operating profits of the big retailers climbed six pct to 310 mln dlrs against a 3.2 pct rise in the "
     "previous half, the survey said.",
     [("six pct", "profit"), ("310 mln dlrs", "profit"), ("3.2 pct", "profit")]),
    # a change noun stated of the subject by 'represent'
    ("The revised output plan represents an 8 pct increase from earlier targets.", [("8 pct", "plan")]),
    # an amount noun after the figure and an adjective
    ("Earnings were 40.1 mln dlrs, excluding a 12.5 mln dlr one-time gain.",
     [("40.1 mln dlrs", "earnings"), ("12.5 mln dlr", "gain")]),
    # a 'having' participle states the subject of its clause, past a noun the parser hangs it on
    ("Copper futures ended at $3,100 on Monday - a drop of 2% - having slumped below $3,000 a tonne for the first time.",
     [("$3,100", "future"), ("2%", "future"), ("below $3,000 a tonne", "future")]),
    # a per unit's word hung outside the figure's span: the figure's own link names the thing
    ("The shipment, priced at 180.50 U.S. Dlrs per tonne fob Santos, will load next month.",
     [("180.50 U.S. Dlrs per tonne", "shipment")]),
])
def test_the_thing_named_by_the_clause(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # 'and a half' hyphened, after digits or words
    ("By noon she had covered 21-and-a-half miles.", [("21-and-a-half miles", 21.5, None, None, "mile")]),
    ("The drive takes three-and-a-half hours.", [("three-and-a-half hours", 3.5, None, None, "hour")]),
    ("The road is 4 and a half miles long.", [("4 and a half miles", 4.5, None, None, "mile")]),
    # a change by a percentage, then the level reached: two figures, not a range
    ("Last month, new home sales fell a revised 1.5 pct to 655,000 homes.",
     [("1.5 pct", 1.5, None, None, "percentage"), ("655,000 homes", 655000.0, None, None, None)]),
    ("Factory orders rose a seasonally adjusted 2.4 pct to 210,000 orders.",
     [("2.4 pct", 2.4, None, None, "percentage"), ("210,000 orders", 210000.0, None, None, None)]),
])
def test_forms_of_numbers(nlp, text, expected):
    assert [(c.text, c.value, c.value_low, c.value_high, c.unit) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a decimal set against a scaled amount on a results line has its scale and unit
    ("Group net profit 1.84 billion francs vs 2.17",
     [("1.84 billion francs", 1.84e9, "franc", "profit"), ("2.17", 2.17e9, "franc", "profit")]),
    # a zero in words opening a results line: the label counts the figure after 'vs'
    ("Shr nil vs seven cts", [("seven cts", 7.0, "cent", "shr")]),
    # an amount's 'of' phrase after its bracketed conversions, the amount a verb's object
    ("The fund holds 12bn rupees ($140m; £75m) of bonds issued abroad.",
     [("12bn rupees", 1.2e10, "indian rupee", "bond"), ("$140m", 1.4e8, "dollar", "bond"),
      ("£75m", 7.5e7, "pound sterling", "bond")]),
    # the noun right before a signed adjustment
    ("Each grant was capped at last year's payments minus 20 pct.",
     [("minus 20 pct", -20.0, "percentage", "payment")]),
    # a signed amount of money is a premium on its base, not of it
    ("Naphtha for May was offered at benchmark plus 12 dlrs, dealers said.", [("plus 12 dlrs", 12.0, "dollar", None)]),
])
def test_results_lines_and_adjustments(nlp, text, expected):
    assert [(c.text, c.value, c.unit, head(c)) for c in claims_of(nlp, text)] == expected


def test_an_event_named_by_its_distance_before_a_win_is_no_claim(nlp):
    assert [c.text for c in claims_of(nlp, "He marked his return with 5000m victory in Gateshead.")] == []


@pytest.mark.parametrize("text, expected", [
    # a bare figure that is a part of, or more of, a figure with a unit has its unit
    ("Shipments reached 210,000 tonnes, of which 95,000 were maize.",
     [("210,000 tonnes", 210000.0, "tonne"), ("95,000", 95000.0, "tonne")]),
    ("We had walked 9 miles - only another 4 to the hut.", [("9 miles", 9.0, "mile"), ("4", 4.0, "mile")]),
    # a knockout round named by its size is no count; with its noun it is one
    ("The club hopes to reach the last 16 of the Europa League.", []),
    ("They were knocked out in the last eight.", []),
    ("The last 12 months were hard.", [("12 months", 12.0, "month")]),
])
def test_parts_and_rounds(nlp, text, expected):
    assert [(c.text, c.value, c.unit) for c in claims_of(nlp, text)] == expected


def test_a_percentage_change_set_after_a_level_by_a_comma_is_its_change(nlp):
    text = "New registrations reached 4,120 in June, 3.1 pct down on the same month a year ago."
    assert [(c.text, c.qualifier, head(c)) for c in claims_of(nlp, text)] == [
        ("4,120", "=", "registration"), ("3.1 pct", "down", "registration")]


@pytest.mark.parametrize("text, expected", [
    ("A stranger walked beside me one day.", []),  # when
    ("The stoppage lasted one day.", ["one day"]),  # how long
    ("Workers will strike for one day next week.", ["one day"]),
])
def test_one_day_as_an_adverb_of_time_is_no_claim(nlp, text, expected):
    assert [c.text for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # 'level' only carries the figure: the clause names what is at that level
    ("The jobless rate fell to its lowest level of 4.8 pct in May.", [("4.8 pct", "rate")]),
    ("Gold reserves rose to a record level of 41 billion dlrs.", [("41 billion dlrs", "reserve")]),
])
def test_a_level_is_a_light_noun(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a count of a word with a one-letter prefix split at its hyphen counts the whole word
    ("The firm sold 300 e-books last year.", [("300 e-books", "e-book")]),
    ("Staff received one e-mail from the board.", [("one e-mail", "e-mail")]),
])
def test_a_word_split_after_a_one_letter_prefix_is_counted_whole(nlp, text, expected):
    assert [(c.text, c.object_lemma) for c in claims_of(nlp, text)] == expected
