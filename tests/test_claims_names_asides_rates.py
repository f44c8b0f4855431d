"""Regression tests of the numeric-claim extractor: a name as the subject of a verb of level or change, a
figure opening an aside set off by dashes, a change noun's figure with its own 'in' phrase, 'over' a span of
time, rates of exchange, and lists naming their things once. Sentences are made up."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of


def _read(claim):
    return (claim.text, claim.value, claim.value_low, claim.qualifier, claim.unit, claim.object_lemma)


@pytest.mark.parametrize("text, expected", [
    # a named index, crude grade or company as the subject of a verb of level or change
    ("Oklahoma Heavy was also raised by 50 cts to 17.00 dlrs a barrel.",
     [("50 cts", 50.0, None, "up", "cent", "Oklahoma Heavy"),
      ("17.00 dlrs a barrel", 17.0, None, "=", "dollar per barrel", "Oklahoma Heavy")]),
    ("Markets slid; the Dow Jones industrial average closed down 1.6%, while the Nasdaq lost 1.3%.",
     [("1.6%", 1.6, None, "down", "percentage", "average"),
      ("1.3%", 1.3, None, "=", "percentage", "Nasdaq")]),
    # a person, or a common noun capitalized at the start, is no thing
    ("Smith rose to 45 points in the ranking.", [("45 points", 45.0, None, "=", "point", None)]),
    ("Employment rose 129,000 in March.", [("129,000", 129000.0, None, "up", None, None)]),
    # a figure opening an aside set off by dashes states the noun before the dash
    ("Investors say the price offered - 250p a share - is too low.",
     [("250p a share", 250.0, None, "=", "penny per share", "price")]),
    ("Foreign investment is starting to arrive in large amounts - $5bn in 2004 - and returns are healthy.",
     [("$5bn", 5e9, None, "=", "dollar", "investment")]),
    ("Rising prices - reaching 0.9% month-on-month in March - have stopped the bank from cutting.",
     [("0.9%", 0.9, None, "=", "percentage", "price")]),
    # ... not a dash closing an aside, nor a comparison after the dash
    ("The firm hoped to sell 5 million shares - a third of the firm - for 11-14 euros a share.",
     [("5 million shares", 5e6, None, "=", None, "share"), ("a third", 1 / 3, None, "=", None, "firm"),
      ("11-14 euros a share", None, 11.0, "=", "euro per share", "share")]),
    # a change noun's figure with its own 'in' phrase; a count named by what it counts
    ("The state company ended the year with a decrease of 45 pct in income from oil sales.",
     [("45 pct", 45.0, None, "down", "percentage", "income")]),
    ("Museums recorded increases of more than 10% in visitor numbers compared with last year.",
     [("more than 10%", 10.0, 10.0, ">", "percentage", "visitor number")]),
])
def test_names_asides_and_change_phrases(nlp, text, expected):
    assert [_read(c) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # 'over' a span of time after a verb that is no verb of duration: the span, not 'more than'
    ("Creditors agreed to reschedule the debt over 10 years with a grace period.",
     [("10 years", 10.0, None, "=", "year", None)]),
    ("The firm hoped to pay $100m now and another $120m over eight years.",
     [("$100m", 1e8, None, "=", "dollar", None), ("$120m", 1.2e8, None, "=", "dollar", None),
      ("eight years", 8.0, None, "=", "year", None)]),
    # ... 'for over', 'took over' keep the bound
    ("He has worked there for over 10 years.", [("over 10 years", 10.0, 10.0, ">", "year", None)]),
    ("The project took over two years to complete.", [("over two years", 2.0, 2.0, ">", "year", None)]),
])
def test_over_a_span_of_time(nlp, text, expected):
    assert [_read(c) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a bare figure 'to the dollar' prices the currency named before it; the figure set against it too
    ("The rupee finished at 3.8050 to the dollar, against 3.9050 last week.",
     [("3.8050", 3.805, None, "=", "indian rupee per dollar", "rupee"),
      ("3.9050", 3.905, None, "=", "indian rupee per dollar", "rupee")]),
    ("The peg keeping the yuan around 8.30 to the dollar is blamed for job losses.",
     [("around 8.30", 8.3, None, "~", "chinese yuan per dollar", "yuan")]),
    # a figure in one currency whose clause's subject is another prices the subject; 'yesterday' is when
    ("The dollar eased to 1.3071/76 Canadian dollars from 1.3080/85 yesterday.",
     [("1.3071", 1.3071, None, "=", "canadian dollar", "dollar"),
      ("1.3080", 1.308, None, "=", "canadian dollar", "dollar")]),
])
def test_rates_of_exchange(nlp, text, expected):
    assert [_read(c) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # listed figures take the listed nouns in turn ('respectively', or the nouns are the subject), and a
    # change's list are all changes
    ("Wheat, maize and barley rose 5, 6 and 7 pct respectively.",
     [("5", 5.0, None, "up", "percentage", "wheat"), ("6", 6.0, None, "up", "percentage", "maize"),
      ("7 pct", 7.0, None, "up", "percentage", "barley")]),
    ("Sales and profits rose 5 pct and 6 pct.",
     [("5 pct", 5.0, None, "up", "percentage", "sale"), ("6 pct", 6.0, None, "up", "percentage", "profit")]),
])
def test_lists_naming_their_things_once(nlp, text, expected):
    assert [_read(c) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # the noun a figure's 'for' phrase belongs to, before a 'for' phrase of its own
    ("The company said the client would receive a bill for four mln dlrs for advisory services.",
     [("four mln dlrs", 4e6, None, "=", "dollar", "bill")]),
    # a participle with no subject, a relative clause: the noun they hang from is what the price is of
    ("The group expects to float its newspaper subsidiary, bought from Acme Plc for 200 mln stg in 1984.",
     [("200 mln stg", 2e8, None, "=", "pound sterling", "newspaper subsidiary")]),
    ("He is developing a tablet that will go on sale for less than $150.",
     [("less than $150", 150.0, None, "<", "dollar", "tablet")]),
    # 'left X unchanged at', and a figure after a comparative's 'than', state X and the clause's subject
    ("The company left the exercise price unchanged at 18 cts.", [("18 cts", 18.0, None, "=", "cent", "exercise price")]),
    ("The firm said its pre-tax profit would be slightly lower than the 2.1 billion marks posted in 1985.",
     [("2.1 billion marks", 2.1e9, None, "=", "deutsche mark", "profit")]),
    # a singular noun joined to an adjective's plural modifies it: the plural is counted
    ("More than 3,000 business and political leaders are arriving in the resort.",
     [("More than 3,000 business and political leaders", 3000.0, 3000.0, ">", None, "leader")]),
])
def test_the_noun_a_price_or_count_belongs_to(nlp, text, expected):
    assert [_read(c) for c in claims_of(nlp, text)] == expected


def test_a_price_for_what_a_clause_of_a_noun_buys(nlp):
    text = ("The company said it signed an agreement in principle to acquire the whole share capital of Acme "
            "Engineering Co for 12.5 mln dlrs cash.")
    assert [_read(c) for c in claims_of(nlp, text)] == [("12.5 mln dlrs", 12.5e6, None, "=", "dollar", "share capital")]


@pytest.mark.parametrize("text, expected", [
    # an amount and a term stacked before one noun, split by a comma: the noun is what the amount is of
    ("The bank is launching a 300 mln franc, 8-year bond.",
     [("300 mln franc", 3e8, None, "=", "franc", "bond"), ("8-year", 8.0, None, "=", "year", "bond")]),
    # an apposition with no figure of its own is no second modifier
    ("It raised 40 mln dlrs, a record, last year.", [("40 mln dlrs", 4e7, None, "=", "dollar", None)]),
])
def test_an_amount_stacked_with_another_modifier(nlp, text, expected):
    assert [_read(c) for c in claims_of(nlp, text)] == expected


def test_asides_after_asides(nlp):
    # a dash opening the third aside of a sentence: the count of dashes before it is even
    text = "The price - 30p - was cut - to 250p - and the offer - 300p a share - is low."
    assert [(c.text, c.object_lemma) for c in claims_of(nlp, text)] == [
        ("30p", "price"), ("250p", "price"), ("300p a share", "offer")]


@pytest.mark.parametrize("text, expected", [
    # the parser hangs 'for' on the verb of the noun before it
    ("The company said he ordered that the client receive a bill for three mln dlrs for investment advisory "
     "and corporate finance services.", [("three mln dlrs", "bill")]),
    # a participle after a comma, hung on the verb before: the noun before the comma
    ("Earlier this week the chairman also said it expected to float its newspaper subsidiary, bought from "
     "Acme Holdings Plc for 100 mln stg in 1984.", [("100 mln stg", "newspaper subsidiary")]),
])
def test_what_a_price_is_for(nlp, text, expected):
    assert [(c.text, c.object_lemma) for c in claims_of(nlp, text)] == expected
