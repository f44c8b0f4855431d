"""Regression tests of the numeric-claim extractor: market and measure notations (prices in eighths of a cent,
feet and inches, accounting negatives, a price per a scaled measure), units after 'of' and 'per', rates to a
named dollar, a unit meant after 'instead of', and non-claims (the scale of 'N stars out of M', set scores).
Sentences are made up, of forms read in judged samples of news."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of


def _found(nlp, text: str) -> list[tuple]:
    return [(c.text, c.value if c.value is not None else (c.value_low, c.value_high), c.unit) for c in claims_of(nlp, text)]


def test_price_in_eighths_of_a_cent(nlp):
    assert _found(nlp, "Corn for July closed at 2.63-1/4 dlrs a bushel.") == \
        [("2.63-1/4 dlrs a bushel", pytest.approx(2.6325), "dollar per bushel")]


def test_inches_after_feet(nlp):
    assert _found(nlp, "The new centre is 6ft 10in and can play either post.") == \
        [("6ft", 6.0, "foot"), ("10in", 10.0, "inch")]


@pytest.mark.parametrize("text, surface, value", [
    ("Quarterly operating income was ($3.75).", "$3.75", -3.75),
    ("The account showed a balance of ($1.2m) at the end of June.", "$1.2m", -1.2e6),
    # a conversion in brackets after a figure stays positive
    ("The stake cost $750m (£400m) last year.", "£400m", 4e8),
])
def test_accounting_negative_in_brackets(nlp, text, surface, value):
    assert {c.text: c.value for c in claims_of(nlp, text)}[surface] == value


@pytest.mark.parametrize("text, found", [
    ("The supplier asks $180 per 1,000 cubic metres of gas.",
     [("$180 per 1,000 cubic metres", 180.0, "dollar per thousand cubic metre")]),
    ("Prices averaged 2.10 dlrs per thousand cubic feet last year.",
     [("2.10 dlrs per thousand cubic feet", 2.1, "dollar per thousand cubic foot")]),
    ("The levy is 40 cents per 100 pounds.", [("40 cents per 100 pounds", 40.0, "cent per hundred pound-mass")]),
])
def test_price_per_a_scaled_measure(nlp, text, found):
    assert _found(nlp, text) == found


@pytest.mark.parametrize("text, unit", [
    ("The council has wasted billions of pounds on the project.", "pound sterling"),
    ("Hundreds of thousands of pounds were raised by the appeal.", "pound sterling"),
    ("The crew removed hundreds of pounds of debris.", "pound-mass"),
])
def test_pounds_after_a_vague_quantity(nlp, text, unit):
    assert [c.unit for c in claims_of(nlp, text)] == [unit]


@pytest.mark.parametrize("text, unit", [
    ("Cocoa closed below two dlrs a pound on Friday.", "dollar per pound-mass"),
    ("Lamb sold at £4 per pound in the market.", "pound sterling per pound-mass"),
])
def test_price_a_pound_is_per_pound_weight(nlp, text, unit):
    assert [c.unit for c in claims_of(nlp, text)] == [unit]


def test_rate_to_a_dollar_named_with_its_country(nlp):
    assert _found(nlp, "The rupee ended at 44.10 to the US dollar.") == [("44.10", 44.1, "indian rupee per dollar")]


def test_unit_meant_after_instead_of(nlp):
    assert _found(nlp, "The board wants a term of five years instead of three.") == \
        [("five years", 5.0, "year"), ("three", 3.0, "year")]


def test_price_for_each_named_share(nlp):
    assert [c.unit for c in claims_of(nlp, "The buyer will pay $31 for each Zentrix share.")] == ["dollar per share"]


def test_european_currency_units(nlp):
    assert [(c.value, c.unit) for c in claims_of(nlp, "The bank will lend 40 mln Ecus to the utility.")] == \
        [(4e7, "ecu")]


@pytest.mark.parametrize("text, values", [
    # the scale of a rating with the thing rated between
    ("Critics gave the show three stars out of five.", [3.0]),
    # a run of set scores after the players' names, with or without a verb
    ("Moya Haas 7-5 2-6 6-3", []),
    ("She beat her sister 6-1 3-6 6-4 in the final.", []),
])
def test_not_claims(nlp, text, values):
    assert [c.value for c in claims_of(nlp, text)] == values


def test_bracketed_dollar_after_us_dollars_is_the_articles_own_dollar(nlp):
    text = "The flat sold for $US310,000 ($402,000), and the one next door fetched A$415,000."
    assert [(c.text, c.unit) for c in claims_of(nlp, text)] == [
        ("$US310,000", "dollar"), ("$402,000", "australian dollar"), ("A$415,000", "australian dollar")]


def test_bracketed_dollar_stays_dollar_without_another_dollar_in_the_article(nlp):
    assert [c.unit for c in claims_of(nlp, "The flat sold for $US310,000 ($402,000).")] == ["dollar", "dollar"]


def test_currency_named_in_the_sentence_before_the_articles(nlp):
    text = ("Exports rose to 20.5 billion dlrs last year, the bank said.\n\n"
            "In lira terms, the lender's profit rose to 450 trillion.")
    assert [c.unit for c in claims_of(nlp, text)] == ["dollar", "lira"]


def test_unit_after_a_word_of_frequency(nlp):
    assert _found(nlp, "The field pumped 450,000 daily barrels in May.") == \
        [("450,000 daily barrels", 450000.0, "barrel per day")]


def test_results_line_price_per_share_without_article(nlp):
    assert [c.unit for c in claims_of(nlp, "Qtly div eight cts shr vs seven cts prior")] == \
        ["cent per share", "cent per share"]


def test_pence_after_a_fraction(nlp):
    assert _found(nlp, "Shares fell 1/2p to 38p.") == [("1/2p", 0.5, "penny"), ("38p", 38.0, "penny")]


def test_index_base_is_no_claim(nlp):
    assert [c.value for c in claims_of(nlp, "The price index rose 0.8 pct to 412.5 in May (1980 base 100).")] == \
        [0.8, 412.5]
