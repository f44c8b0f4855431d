"""Regression tests of the numeric-claim extractor: the thing named after a bracketed conversion, before a
bracketed figure or through a relative clause; a measure noun 'had'; a table row's unit in its heading; a
time written in two units; names that are no counts. Sentences are made up, of forms read in judged
samples of BBC and Reuters news."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of, head


@pytest.mark.parametrize("text, expected", [
    # an amount's 'of' phrase written after its bracketed conversions: the figures are of the bills
    ("The bank arranged the sale of 8bn euros ($9.4bn; £5.1bn) of treasury bills on Monday.",
     [("8bn euros", "bill"), ("$9.4bn", "bill"), ("£5.1bn", "bill")]),
    # a figure alone in brackets right after its noun
    ("More young voters (61%) backed the plan than older voters.", [("61%", "voter")]),
    # a bracket converting a figure gives it no noun before the bracket
    ("The firm will receive 5 mln pounds cash (9 mln dlrs) at closing.",
     [("5 mln pounds", None), ("9 mln dlrs", None)]),
    # 'which' subject of a verb reported inside a relative clause
    ("The minister praised the leaflet, which the department says has cost about £9,000 to print.",
     [("about £9,000", "leaflet")]),
    # a measure noun that is the object of 'have': what has it is measured
    ("The regional software market had an estimated value of $4.1bn last year.", [("$4.1bn", "market")]),
    # an item a results line includes
    ("Profit includes charges 12.3 mln dlrs in both years.", [("12.3 mln dlrs", "charge")]),
    # a noun split at its hyphen is the whole word, not its particle
    ("Analysts expect a 5 to 6 mln acre take-up in the program.", [("5 to 6 mln acre", "take-up")]),
    # a price 'for' which a passive verb (or the one it is joined to) is done: its subject
    ("The new scanner may be leased or purchased for 95,000 dlrs, the company said.", [("95,000 dlrs", "scanner")]),
    ("The building was sold for £4.2m last year.", [("£4.2m", "building")]),
    ("The firm sold the plant for $5m.", [("$5m", "plant")]),
    # a results word that is the clause's verb is no label; the named grade is what gained
    ("Among sheet grades, RSS3 gained 10 cents to trade at 17.50 rupees a kilo.",
     [("10 cents", "RSS3"), ("17.50 rupees a kilo", "RSS3")]),
    # an age before the sentence's verb read as a noun counts no thing
    ("The 31-year-old set a new world record in the final.", [("31-year", None)]),
])
def test_the_thing_named_around_brackets_and_clauses(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


def test_a_table_row_takes_the_unit_of_its_heading(nlp):
    text = ("Acme Metals today issued the\n\nfollowing base prices, all U.S.\n\ndollars per ounce.\n\n"
            "Previous prices in parentheses.\n\nGOLD - 562 (567)\n\nSILVER - 130 (128)")
    claims = claims_of(nlp, text)
    assert [(c.text, c.unit, c.currency, head(c)) for c in claims] == [
        ("562", "dollar per ounce", "USD", "gold"), ("567", "dollar per ounce", "USD", "gold"),
        ("130", "dollar per ounce", "USD", "silver"), ("128", "dollar per ounce", "USD", "silver")]


def test_a_row_with_no_heading_unit_keeps_none(nlp):
    text = "The following figures were issued.\n\nGOLD - 562 (567)"
    assert [c.unit for c in claims_of(nlp, text)] == [None, None]


def test_a_change_in_money_after_a_price_per_unit_is_per_that_unit(nlp):
    claims = claims_of(nlp, "Among rubber grades, the best sheet sold at an average 18.40 rupees per kilo, up "
                            "three cents from last week.")
    assert [(c.text, c.unit, c.qualifier, head(c)) for c in claims] == [
        ("18.40 rupees per kilo", "indian rupee per kilogram", "=", "sheet"),
        ("three cents", "cent per kilogram", "up", "sheet")]


@pytest.mark.parametrize("text, expected", [
    ("The runner won in two minutes, 3.45 seconds, a personal best.", [("two minutes, 3.45 seconds", 123.45, "second")]),
    ("She finished in three hours, 12 minutes after a slow start.", [("three hours, 12 minutes", 192.0, "minute")]),
    # without the comma the parts stay two claims
    ("She finished in three hours 12 minutes.", [("three hours", 3.0, "hour"), ("12 minutes", 12.0, "minute")]),
    # two counts joined by 'and' stay two
    ("The group holds two television and 12 radio station licenses.", [("two", 2.0, None), ("12", 12.0, None)]),
    # more than a minute's seconds are not one time
    ("It took 5 minutes, 90 seconds longer than planned.", [("5 minutes", 5.0, "minute"), ("90 seconds", 90.0, "second")]),
])
def test_a_time_in_two_units_is_one_time(nlp, text, expected):
    assert [(c.text[:len(e[0])], pytest.approx(c.value), c.unit) for c, e in zip(claims_of(nlp, text), expected)] \
        == expected
    assert len(claims_of(nlp, text)) == len(expected)


@pytest.mark.parametrize("text, expected", [
    # a distance before a meeting's initials and a title names the event
    ("She took the men's 800m NCAA title last year.", []),
    # a number word hyphened to capital letters names a grade
    ("The best sheet one-X sold at 18 rupees a kilo.", [("18 rupees a kilo", "indian rupee per kilogram")]),
    # a currency written with its country's adjective
    ("The company said it would pay 2.3 mln British pounds for the stake.",
     [("2.3 mln British pounds", "pound sterling")]),
])
def test_names_and_currencies(nlp, text, expected):
    assert [(c.text, c.unit) for c in claims_of(nlp, text)] == expected
