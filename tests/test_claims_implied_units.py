"""Regression tests of the numeric-claim extractor: the unit a bare scaled figure shares with the scaled
figures of its sentence or article, the thing behind a measure noun or a noun's prepositional phrase, a
date's spelled-out day, an age after 'just'. Sentences are made up, of forms read in judged samples of BBC
and Reuters news."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of, head


def _by_text(nlp, text: str) -> dict:
    return {c.text: c for c in claims_of(nlp, text)}


@pytest.mark.parametrize("text, surface, unit", [
    # the one unit of the sentence's scaled figures, written after the bare one
    ("Gasoline stocks fell 300,000 barrels to 41.2 mln from a revised 41.5 mln barrels.", "41.2 mln", "barrel"),
    # the unit written well before, past a time phrase
    ("Japan's import bill is put at 61.7 billion yen for the first nine months of the year, "
     "compared with 55.08 billion in the same months a year before, officials said.", "55.08 billion", "japanese yen"),
    # none in the sentence: the one currency of the article's scaled figures
    ("Exports rose to 20.5 billion yen last year, the central bank said.\n\n"
     "The current account showed a deficit of 1.2 billion after a surplus in 1985.", "1.2 billion", "japanese yen"),
    # none before it in the article: the one unit of the scaled figures after it (a results table above a note)
    ("Net 12.5 mln vs 11.9 mln\n\nRevs 1.2 billion vs 1.1 billion\n\nNOTE: Net excludes a gain of 3.4 mln dlrs "
     "from the sale of a unit.", "11.9 mln", "dollar"),
])
def test_bare_scaled_figure_takes_the_one_unit(nlp, text, surface, unit):
    assert _by_text(nlp, text)[surface].unit == unit


def test_two_units_in_the_article_leave_a_bare_scaled_figure_bare(nlp):
    text = ("Sales were 5.2 mln dlrs and exports 3.1 mln stg, the company said.\n\n"
            "Its operating profit was 1.2 mln.")
    assert _by_text(nlp, text)["1.2 mln"].unit is None


@pytest.mark.parametrize("text, surface, thing", [
    # a measure noun's 'of' phrase names what is measured
    ("The fall in the value of imports to 12.5 billion crowns narrowed the gap.", "12.5 billion crowns", "import"),
    # an 'of' phrase hung on the object of another noun's prepositional phrase
    ("The fund expects a deficit for 1988 of 3.4 billion dlrs.", "3.4 billion dlrs", "deficit"),
    ("The notes were priced to give a return at issue of 9.5 pct, the lead manager said.", "9.5 pct", "return"),
    ("That reflected a rise in the surplus on coal of 150 mln stg.", "150 mln stg", "surplus"),
    # a light noun in a verb's 'in' phrase: the verb's object is counted
    ("The maker hopes to ship radios in quantities of two million or more.", "two million", "radio"),
    ("They sell the pumps in quantities of 5,000 to farm groups.", "5,000", "pump"),
    # money's 'in' phrase past its bracketed conversion, for the conversion too
    ("The tour ended after taking $310m (£165m) in ticket receipts.", "$310m", "receipt"),
    ("The tour ended after taking $310m (£165m) in ticket receipts.", "£165m", "receipt"),
])
def test_thing_behind_measure_and_prepositional_nouns(nlp, text, surface, thing):
    assert head(_by_text(nlp, text)[surface]) == thing


def test_money_in_a_place_or_year_past_brackets_counts_nothing(nlp):
    claims = _by_text(nlp, "The firm paid $40m (£21m) in London last year.")
    assert (claims["$40m"].object, claims["£21m"].object) == (None, None)


@pytest.mark.parametrize("text, surface, thing", [
    ("Shr 48 cts", "48 cts", "Shr"),
    ("Oper shr 1.20 dlrs", "1.20 dlrs", "shr"),
    ("Net profit 3.2 mln dlrs", "3.2 mln dlrs", "profit"),
])
def test_results_line_with_one_figure_takes_its_label(nlp, text, surface, thing):
    assert _by_text(nlp, text)[surface].object == thing


def test_no_label_from_a_name_before_a_lone_figure(nlp):
    assert _by_text(nlp, "Smith 48 cts")["48 cts"].object is None


def test_change_noun_after_a_level_is_no_thing(nlp):
    claims = _by_text(nlp, "Cocoa futures traded up to 19.60 dlrs a tonne, a rise of more than 20 cts.")
    assert claims["more than 20 cts"].object is None


@pytest.mark.parametrize("text, surface, unit, thing", [
    # the holder is the figure's own measure or a light noun, not another noun's phrase
    ("The defender now faces his farewell match at the age of 34.", "34", "year", "age"),
    ("The chain has cut fares in Leeds and the suburbs by an average of 12%, the report said.", "12%", "percentage",
     "fare"),
])
def test_own_measure_holder_keeps_its_figure(nlp, text, surface, unit, thing):
    claim = _by_text(nlp, text)[surface]
    assert (claim.unit, head(claim)) == (unit, thing)


def test_spelled_day_of_a_date_is_no_range(nlp):
    claims = claims_of(nlp, "Crude stocks rose in the week ended March five to 25.3 mln barrels, the institute said.")
    assert [(c.text, c.value, c.value_low, c.unit) for c in claims] == [("25.3 mln barrels", 25.3e6, None, "barrel")]


@pytest.mark.parametrize("text, surface", [
    ("In 2001 only 6% of the adults in France owned a scanner at home. Now the figure is 19%.", "19%"),
    ("In 2001 only 6% of the adults in France owned a scanner at home. In 2004 the figure was 11%.", "11%"),
])
def test_light_subject_continuing_the_sentence_before_takes_its_thing(nlp, text, surface):
    assert head(_by_text(nlp, text)[surface]) == "adult"


def test_sentence_opening_at_a_number_then_a_person_is_an_age(nlp):
    claim = _by_text(nlp, "He grew up in Fife. At 14, she was selling papers in the town.")["14"]
    assert (claim.unit, claim.object_lemma) == ("year", "age")


def test_age_after_just(nlp):
    claim = _by_text(nlp, "She won her first title at the age of just 19 in Rome.")["19"]
    assert (claim.unit, claim.object_lemma) == ("year", "age")


@pytest.mark.parametrize("text, surface", [
    # an 'of' phrase with a counted plural: shares, not dollars of the sentence
    ("The firm, which holds 85 mln dlrs in cash, said it would repurchase as many as 4 mln of its ordinary shares.",
     "as many as 4 mln"),
    # a relative clause with 'who': people, not the article's dollars
    ("Donors pledged 3.1 billion dlrs last year.\n\n"
     "Clinics reached 800,000 patients, only a fifth of the 4.2 million who were waiting.", "4.2 million"),
])
def test_scaled_figure_naming_what_it_counts_takes_no_money_unit(nlp, text, surface):
    assert _by_text(nlp, text)[surface].unit is None


def test_listed_noun_in_a_for_phrase_gives_its_head_respectively(nlp):
    # the parser joins the second listed noun to the 'for' phrase's noun; the first figure measures the head
    text = "The association said spending for home repairs and total household spending were 12% and 7% higher respectively."
    claims = _by_text(nlp, text)
    assert head(claims["12%"]) == "spending"
    assert head(claims["7%"]) == "spending"


def test_a_duration_gives_no_unit_to_bare_scaled_figures(nlp):
    # a duration read as a scaled range must not lend 'month' to the counts around it
    text = ("Seat kilometres flown rose 12 pct in March to 3.4 billion from 3.1 billion.\n\n"
            "For the three months to 9.8 billion, the airline said.")
    assert _by_text(nlp, text)["3.4 billion"].unit is None
