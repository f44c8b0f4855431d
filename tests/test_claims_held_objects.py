"""Regression tests of the numeric-claim extractor: the thing counted behind light, amount and change nouns,
figures set against another by comparatives, and counts that are no claims (ranks, match formats, 'one of
the best', an event named by its distance). Sentences are made up, of forms read in judged samples of BBC and
Reuters news."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of, head


@pytest.mark.parametrize("text, expected", [
    # an amount noun holding money whose sign hangs on the number, not on the scale word
    ("The chain reported an operating loss of $82m for the year.", [("$82m", "loss")]),
    # a duration held by 'time': the time measured
    ("He clocked a time of 10.21 seconds in the heat.", [("10.21 seconds", "time")]),
    # money 'in' a bare singular noun
    ("The minister said he could trim £6bn in defence spending.", [("£6bn", "spending")]),
    # a model code between a count and its noun
    ("Delta's order is for nine DC-9 aircraft with an option for another 20 planes.",
     [("nine", "aircraft"), ("20 planes", "plane")]),
    # an amount hung on the adjective before its noun
    ("The group will set a 12 cent final dividend for its \"B\" shares.", [("12 cent", "dividend")]),
    # a share with its bound before the 'of' phrase
    ("Anyone buying 20 pct or more of the group's shares must make a bid.", [("20 pct", "share")]),
    # a verb of selling with no object states its subject's price
    ("Office towers in the district were selling at 900 dlrs per square foot.", [("900 dlrs per square foot", "tower")]),
    # a 'by' phrase on a noun a change participle modifies
    ("- Increased supply of seed to farmers by 20%", [("20%", "seed")]),  # the supply of seed
])
def test_the_thing_held_by_a_noun_or_a_verb(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a comparative after the figure
    ("Exports reached £20.1bn, £2.2bn lower than the level of a year before.",
     [("£20.1bn", "export"), ("£2.2bn", "export")]),
    # a bound written with the figure, past a period the parser hung it on
    ("The group booked a net profit of 45 mln dlrs for the first half, well below 90 mln dlrs for the "
     "same half of 1985.", [("45 mln dlrs", "profit"), ("below 90 mln dlrs", "profit")]),
    # a verb coordinated with the source's, with no subject of its own
    ("Last month the country sold 3.2 mln tonnes of grain, but bought 1.1 mln tonnes.",
     [("3.2 mln tonnes", "grain"), ("1.1 mln tonnes", "grain")]),
    # 'over' a year-ago figure on the verb whose object is what is compared, and the restated per-share figure
    ("The group expects to report sharply higher profits for the second quarter over the year-ago 2,100,000 dlrs "
     "or 14 cts per share.", [("2,100,000 dlrs", "profit"), ("14 cts per share", "profit")]),
    # a light noun holding the figure sums the one named before
    ("The group will set a 12 cent final dividend for its \"B\" shares, making a total of 20 cents.",
     [("12 cent", "dividend"), ("20 cents", "dividend")]),
])
def test_a_figure_set_against_another_takes_its_thing(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


def test_by_a_small_figure_to_a_far_larger_one_is_a_change_and_a_level(nlp):
    claims = claims_of(nlp, "The new tariff sets the fee by 2 dlrs to 40 dlrs a tonne.")
    assert [(c.text, c.value, c.value_low, c.value_high, c.unit) for c in claims] == [
        ("2 dlrs", 2.0, None, None, "dollar"), ("40 dlrs a tonne", 40.0, None, None, "dollar per tonne")]


def test_by_a_figure_to_a_close_one_stays_a_range(nlp):
    [claim] = claims_of(nlp, "Prices were cut by 2 pct to 3 pct last week.")
    assert (claim.value_low, claim.value_high, claim.unit) == (2.0, 3.0, "percentage")


@pytest.mark.parametrize("text", [
    "The fair, now in its thirty-second season, opens today.",  # a rank
    "They practised in a five-against-five drill before the match.",  # a match format
    "The coach played 11 against 11 on the big pitch.",
    'He said it was "one of the worst (crashes) I have seen".',  # a member of a ranked set
    "Why not enter the 400m, your strongest race?",  # an event named by its distance
])
def test_no_claim(nlp, text):
    assert claims_of(nlp, text) == []


@pytest.mark.parametrize("text, expected", [
    ("The team sold one of its 20 stores.", [("20 stores", "store")]),
    ("The road is 800m long, and the 300m stretch is new.", [("800m", "road"), ("300m", "stretch")]),
    ("He won it four times.", [("four times", None)]),
    ("The only British woman left was Jane Cole in the 5000m.", [("5000m", None)]),  # maybe a stretch of the race
    ("She won by a six-second margin.", [("six-second", "margin")]),  # a duration, not a rank
    ("Its shares were up 2% at 310 pence in afternoon trade.",
     [("2%", "share"), ("310 pence", "share")]),  # no time of day as the thing
    ("The bank bought 90 mln stg in band one.", [("90 mln stg", None)]),  # a label, not the thing
])
def test_counts_and_distances_stay(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected
