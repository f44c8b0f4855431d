"""Regression tests of the numeric-claim extractor: the noun a level reached by an infinitive belongs to, an
'of' phrase opening the sentence or hung on a period's participle, a light noun's 'of' phrase, a noun with a
'between' range, money put 'into' something or spent 'to' do something, a share 'off' a noun, a share of a
scale word ('a quarter of a million'), a tie-break's score in brackets, 'one ... another', and a scaled gain
or loss with no unit. Sentences are made up."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of


def _read(claim):
    return (claim.text, claim.value, claim.value_low, claim.unit, claim.object_lemma)


@pytest.mark.parametrize("text, expected", [
    # a level reached by an infinitive hanging from a participle on a noun is that noun's
    ("The plan aims to shrink a trade gap estimated to peak at $80bn (£43bn) next year.",
     [("$80bn", 8e10, None, "dollar", "trade gap"), ("£43bn", 4.3e10, None, "pound sterling", "trade gap")]),
    # an 'of' phrase opening the sentence names what the figures after its comma are of
    ("Of the 40 million Britons with a mobile phone, 35% are teenagers.",
     [("40 million Britons", 4e7, None, None, "Britons"), ("35%", 35.0, None, "percentage", "Britons")]),
    ("Of the settlement, the bank said it would contribute £15m from its reserves.",
     [("£15m", 1.5e7, None, "pound sterling", "settlement")]),
    # a range held by a noun's 'between' phrase
    ("It lends to small firms with yearly turnovers between 5 and 9 mln dlrs.",
     [("between 5 and 9 mln dlrs", None, 5e6, "dollar", "turnover")]),
    # an 'of' phrase hung on a period's participle belongs to the noun the period's phrase hangs on
    ("The group posted a profit for the year ended June 30 of 8.2 mln dlrs, or 41 cts a share, against 5.1 mln dlrs.",
     [("8.2 mln dlrs", 8.2 * 1e6, None, "dollar", "profit"), ("41 cts a share", 41.0, None, "cent per share", "profit"),
      ("5.1 mln dlrs", 5.1e6, None, "dollar", "profit")]),
    # an amount modifying a light noun is of that noun's 'of' phrase
    ("The bank will redeem its 40 mln dlrs face amount of floating rate notes due 1995.",
     [("40 mln dlrs", 4e7, None, "dollar", "rate note")]),
    # money going into something, or spent on an infinitive of purpose
    ("He put £200 a month into a pension plan for ten years.",
     [("£200 a month", 200.0, None, "pound sterling per month", "pension plan"), ("ten years", 10.0, None, "year", None)]),
    ("Shell will spend 40 mln dlrs to expand a chemical plant in Texas.",
     [("40 mln dlrs", 4e7, None, "dollar", "plant")]),
    # a share taken 'off' a noun
    ("The new plan could save drivers up to 20 pct off of standard insurance premiums.",
     [("up to 20 pct", 20.0, None, "percentage", "insurance premium")]),
    ("Shoppers got 30% off the list price of the sofa.", [("30%", 30.0, None, "percentage", "list price")]),
    ("The deal could save firms up to 25 pct off of rivals' fees for freight.",
     [("up to 25 pct", 25.0, None, "percentage", "fee")]),
])
def test_the_noun_a_figure_belongs_to_from_afar(nlp, text, expected):
    assert [_read(c) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a fraction of a scale word is a count, not the fraction
    ("Nearly a quarter of a million people signed the petition.",
     [("Nearly a quarter of a million people", 250000.0, None, None, "person")]),
    ("Three quarters of a billion dollars was raised.",
     [("Three quarters of a billion dollars", 7.5e8, None, "dollar", None)]),
    # a tie-break's score in brackets after a set's score is no range
    ("Kim edged past the top seed Anna Lopez 6-7 (3-7) 7-5 6-3 on Sunday.", []),
    # 'one ... another' picks one of several; a lone 'one', or 'another' as a pronoun, still counts
    ("One tall tree fell across the road while another small tree blocked the lane.", []),
    ("One person died and another was injured in the crash.", [("One person", 1.0, None, None, "person")]),
    ("The firm has one plant in Ohio.", [("one plant", 1.0, None, None, "plant")]),
])
def test_shares_of_scales_tie_breaks_and_contrasts(nlp, text, expected):
    assert [_read(c) for c in claims_of(nlp, text)] == expected


def test_a_scaled_gain_or_loss_takes_the_articles_unit(nlp):
    text = "Shr profit 21p vs 18p\n\nPre-tax profit 45.2 mln stg vs 38.1 mln\n\nExtraordinary 3.2 mln loss vs 400,000 loss\n"
    assert [(c.text, c.unit) for c in claims_of(nlp, text)][-2:] == [("3.2 mln loss", "pound sterling"),
                                                                      ("400,000 loss", None)]
