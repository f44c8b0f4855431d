"""Regression tests of the numeric-claim extractor: the thing counted where it is named away from the
figure, units written once for a list, a change and the level it reached, and event names and idioms
that read as counts. Sentences are made up, of forms read in judged samples of BBC and Reuters news."""
from __future__ import annotations

import pytest

from pipelines.core.claims import Claim
from tests.claim_text import claims_of, head


def amount(claim: Claim):
    return claim.value if claim.value is not None else (claim.value_low, claim.value_high)


@pytest.mark.parametrize("text, expected", [
    # a verb that holds or keeps a level: its passive subject, or its object
    ("Officials said unemployment was held to about six pct last year.",
     [("about six pct", "unemployment")]),
    ("The central bank kept its discount rate at 4.5 pct.", [("4.5 pct", "rate")]),
    # a verb of range on a noun
    ("The notes carry coupons ranging from 6.2 pct to 7.4 pct.", [("6.2 pct to 7.4 pct", "coupon")]),
    # a payment's form is not what is paid for
    ("Acme said it agreed the purchase of the Delta unit for 40 mln dlrs cash.", [("40 mln dlrs", "purchase")]),
    # a noun joined to a change verb's object, with its own 'to' phrase
    ("The plan would raise capacity to 5,000 units a day and exports to nearly 60 pct.",
     [("5,000 units a day", "unit"), ("nearly 60 pct", "export")]),
    # a change noun that names a rate, with no 'in'/'of' phrase
    ("Official data showed growth of only 0.2% in the quarter.", [("0.2%", "growth")]),
    # 'with X at Y' after another amount
    ("It forecast revenue of 410 mln dlrs with net income at 35 mln dlrs.",
     [("410 mln dlrs", "revenue"), ("35 mln dlrs", "income")]),
    # an age before a possessive: the owner is that old
    ("The 32-year-old Newcastle prop's final match will be his testimonial.", [("32-year", "prop")]),
    # halving or doubling a thing to a level
    ("The board is halving its quarterly payout to nine cents from 18 cents.",
     [("nine cents", "payout"), ("18 cents", "payout")]),
])
def test_the_thing_counted_named_away_from_the_figure(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Output climbed 4% to 12 million, 15 million and 19 million barrels in the three fields.",
     [("4%", "percentage"), ("12 million", "barrel"), ("15 million", "barrel"), ("19 million barrels", "barrel"),
      ("three fields", None)]),
    ("Quotes were 14, 16 and 18 dlrs a tonne.",
     [("14", "dollar per tonne"), ("16", "dollar per tonne"), ("18 dlrs a tonne", "dollar per tonne")]),
    ("Profit was 8 mln, 9 mln and 11 mln stg in the three years.",
     [("8 mln", "pound sterling"), ("9 mln", "pound sterling"), ("11 mln stg", "pound sterling"),
      ("three years", "year")]),
    ("Rates of 3, 4 and 5 pct apply.", [("3", "percentage"), ("4", "percentage"), ("5 pct", "percentage")]),
])
def test_a_unit_written_once_after_a_list_applies_to_each_figure(nlp, text, expected):
    assert [(c.text, c.unit) for c in claims_of(nlp, text)] == expected


def test_a_list_of_figures_of_other_sizes_or_scales_keeps_its_own_units(nlp):
    claims = claims_of(nlp, "The firm bought 3 plants, 40 trucks and 250 tonnes of steel.")
    assert [(c.text, c.unit) for c in claims] == [("3 plants", None), ("40 trucks", None),
                                                 ("250 tonnes", "tonne")]
    claims = claims_of(nlp, "It has 2 and 900 mln dlrs.")
    assert [(c.text, c.unit) for c in claims][-1] == ("900 mln dlrs", "dollar")
    assert all(c.unit is None for c in claims[:-1])


@pytest.mark.parametrize("text, expected", [
    ("The index dropped a record 212 points to 1,904.36.", [("212 points", 212.0, "down"), ("1,904.36", 1904.36, "=")]),
    ("Margins fell 10 to 15 pct.", [("10 to 15 pct", (10.0, 15.0), "down")]),
])
def test_a_change_and_the_level_it_reached_are_two_figures(nlp, text, expected):
    assert [(c.text, amount(c), c.qualifier) for c in claims_of(nlp, text)] == expected


def test_a_currency_written_with_its_country_after_a_scale(nlp):
    claims = claims_of(nlp, "It will own 30 pct of the 45 mln U.S. dlr plant.")
    assert [(c.text, c.unit, head(c)) for c in claims] == [("30 pct", "percentage", "plant"),
                                                                 ("45 mln U.S. dlr", "dollar", "plant")]


@pytest.mark.parametrize("text", [
    "She beat three-time world 400m hurdles silver medallist Anna Berg.",
    "Wales's 800m woman Mary Jones will lead the team.",
    "Every manager will keep one eye on the transfer window.",
    "The ministers must speak with one voice on trade.",
])
def test_event_names_and_idioms_are_no_counts(nlp, text):
    assert [c.text for c in claims_of(nlp, text) if c.unit == "metre" or c.value == 1] == []


def test_a_second_guess_at_a_figure_takes_its_unit_and_thing(nlp):
    claims = claims_of(nlp, "Brokers see a payout of about 40 cents, maybe 42.")
    assert [(c.text, c.unit, head(c)) for c in claims] == [("about 40 cents", "cent", "payout"),
                                                          ("42", "cent", "payout")]
    claims = claims_of(nlp, "The unit lost 12 mln dlrs, or perhaps 300 jobs.")
    assert [(c.text, c.unit) for c in claims][-1] == ("300 jobs", None)


@pytest.mark.parametrize("text, expected", [
    # what a measure is of comes before the noun holding the figure
    ("The agency approved the shipment of 30,000 tonnes of soft white wheat to Peru.", [("30,000 tonnes", "wheat")]),
    # a hyphenated word before the subject is no aside set off by dashes
    ("Seasonally adjusted year-on-year M-2 growth was 8.4 pct in May.", [("8.4 pct", "growth")]),
    # a change noun is no thing counted ('an increase from 12 pct': of what is not said)
    ("The ruling reverses an increase from 12.5 pct", [("12.5 pct", None)]),
])
def test_a_measure_of_a_thing_a_hyphenated_subject_and_a_bare_change_noun(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


def test_a_price_of_each_thing_counted_is_per_that_thing(nlp):
    claims = claims_of(nlp, "The firm sold 4,000 seats at 35 dlrs each.")
    assert [(c.text, c.unit, head(c)) for c in claims] == [("4,000 seats", None, "seat"),
                                                          ("35 dlrs", "dollar per seat", "seat")]
    claims = claims_of(nlp, "Holders will get 18 dlrs for each ordinary share they own.")
    assert [(c.value, c.unit) for c in claims] == [(18.0, "dollar per share")]


def test_a_duration_before_a_low_or_high_measures_it(nlp):
    claims = claims_of(nlp, "The peso fell to a 12-year low against the dollar.")
    assert [(c.text, c.unit, head(c)) for c in claims] == [("12-year", "year", "low")]


@pytest.mark.parametrize("text, expected", [
    ("Exports totalled 4.1 mln tonnes in May compare with 3.9 mln tonnes a year ago.",
     [("4.1 mln tonnes", "export"), ("3.9 mln tonnes", "export")]),
    ("The risks had become three-fold since the merger.", [("three-fold", None)]),
    ("It would cost £45m to build the new bridge, officials said.", [("£45m", "bridge")]),
    ("Capital spending will be 90 mln dlrs, with 20 mln dlrs of that amount set aside for the mill.",
     [("90 mln dlrs", "spending"), ("20 mln dlrs", None)]),
])
def test_a_comparison_a_multiple_a_deferred_subject_and_a_light_amount(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a money-supply measure named by a letter and a digit is a thing, not an entity
    ("Broad M3 rose 1.8 pct to 96.2 billion dlrs in March.", [("1.8 pct", "M3"), ("96.2 billion dlrs", "M3")]),
    # a market report's line: the label before a spaced dash
    ("Silver - 2.00 to 3.00 cents lower", [("2.00 to 3.00 cents", "silver")]),
    # a verb of level: 'stabilize at'
    ("Officials expect the jobless rate to stabilize at 7.5 pct.", [("7.5 pct", "rate")]),
    # a change noun after 'after' restates the thing of the percentage before
    ("Imports rose 3.1 pct in May after a 1.2 pct rise in April.", [("3.1 pct", "import"), ("1.2 pct", "import")]),
])
def test_measure_names_market_lines_and_elided_changes(nlp, text, expected):
    assert [(c.text, c.object.split()[-1] if c.object else None) if c.object and c.object[-1].isdigit()
            else (c.text, head(c)) for c in claims_of(nlp, text)] == expected


def test_a_plural_scale_and_a_per_unit_after_a_currency_range(nlp):
    claims = claims_of(nlp, "Fraud may cost banks as much as three billions dlrs a year.")
    assert [(c.value, c.unit) for c in claims] == [(3e9, "dollar per year")]
    claims = claims_of(nlp, "It will pay a dividend of $2.0-$2.5 per share.")
    assert [(c.value_low, c.value_high, c.unit) for c in claims] == [(2.0, 2.5, "dollar per share")]


def test_a_pronoun_subject_and_a_change_past_a_level_take_the_clause_thing(nlp):
    claims = claims_of(nlp, "Bank deposits rose 2.1 pct to 88.4 billion dlrs from March, when they fell 0.6 pct.")
    assert [head(c) for c in claims] == ["deposit", "deposit", "deposit"]
    claims = claims_of(nlp, "Retail credit rose 1.4 pct to 23.9 billion dlrs in June, after a 0.8 pct rise in May.")
    assert [head(c) for c in claims] == ["credit", "credit", "credit"]


def test_an_amount_of_a_thing_held_by_a_noun_and_a_light_equivalent(nlp):
    claims = claims_of(nlp, "The bank booked a release of 3.4 billion francs of reserves in the year.")
    assert [(c.text, head(c)) for c in claims] == [("3.4 billion francs", "reserve")]
    claims = claims_of(nlp, "Its foreign debt reached an equivalent of about 80 pct of gross domestic product.")
    assert [(c.unit, head(c)) for c in claims] == [("percentage of GDP", "debt")]


@pytest.mark.parametrize("text, expected", [
    # the level after a change in index points is in points; a scaled change takes the scaled level's unit
    ("The Nikkei average fell 120 points to 18,450.", [("120 points", "point"), ("18,450", "point")]),
    ("Deposits rose 300 mln to 14.2 billion guilders.", [("300 mln", "dutch guilder"), ("14.2 billion guilders", "dutch guilder")]),
])
def test_units_of_a_change_and_the_level_it_reached(nlp, text, expected):
    assert [(c.text, c.unit) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a change written as an amount of a unit is no thing changed: the subject is
    ("Reserves held by banks fell 2.4 billion crowns to 40.1 billion crowns.", [("2.4 billion crowns", "reserve"),
                                                                           ("40.1 billion crowns", "reserve")]),
    # conversions in one bracket are of the same thing
    ("The firm is losing money, with losses cut to $90m (£48m; 68m euros) from $240m.",
     [("$90m", "loss"), ("£48m", "loss"), ("68m euros", "loss"), ("$240m", "loss")]),
    # a verb that moves its object to a level
    ("Hiring rose again, taking the number of people in work to 29.1 million.", [("29.1 million", "person")]),
])
def test_the_thing_of_a_changed_amount_conversions_and_a_moved_object(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text", [
    "The council will meet again at 1900 hours.",
    "It means a big pay day for the only League One survivors.",
])
def test_clock_hours_and_a_number_word_in_a_name_are_no_claims(nlp, text):
    assert claims_of(nlp, text) == []


@pytest.mark.parametrize("text, expected", [
    ("Profits were $2.1bn in the quarter, while revenues came in at $19.4bn.", [("$2.1bn", "profit"), ("$19.4bn", "revenue")]),
    ("Exports of rubber are likely to rise to 40,000 tonnes in 1988.", [("40,000 tonnes", "rubber")]),
    ("The study forecasts tin exports to fall to 12,000 tonnes next year.", [("12,000 tonnes", "export")]),
    ("The party is calling for a 2p rise on income tax.", [("2p", "tax")]),
    ("Three of the region's biggest hospitals will close.", [("Three", "hospital")]),
])
def test_level_verbs_raised_objects_partitives_and_change_nouns_on(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


def test_a_round_pair_a_share_of_an_amount_an_age_and_idioms(nlp):
    claims = claims_of(nlp, "The notes come in denominations of 1,000 and 50,000 Swiss francs.")
    assert [c.unit for c in claims] == ["swiss franc", "swiss franc"]
    claims = claims_of(nlp, "Toys took 30% of the £2.2bn spent on gifts.")
    assert [(c.text, c.object) for c in claims][0] == ("30%", None)
    claims = claims_of(nlp, '"I am 31, and I still love the game," she said.')
    assert [(c.text, c.unit, c.object) for c in claims] == [("31", "year", "age")]
    assert claims_of(nlp, "Nobody should think for one minute that the club is for sale.") == []
    assert claims_of(nlp, "As they say, one thing leads to another.") == []
    claims = claims_of(nlp, "Sales rose to 38,000 tonnes in 1986 from 31,000 tonnes in 1985 and 30,000 in 1984.")
    assert [c.unit for c in claims] == ["tonne", "tonne", "tonne"]


def test_units_meant_through_vs_a_rate_list_and_a_country_cent(nlp):
    claims = claims_of(nlp, "Exports of tin in May were 3,120,000 tonnes, vs 3,480,000 in April.")
    assert [c.unit for c in claims] == ["tonne", "tonne"]
    claims = claims_of(nlp, "In band one the Bank bought 31 mln stg at 9-7/8 pct and in band two 18 mln at 9-3/4 pct.")
    assert [(c.text, c.unit) for c in claims] == [("31 mln stg", "pound sterling"), ("9-7/8 pct", "percentage"),
                                                 ("18 mln", "pound sterling"), ("9-3/4 pct", "percentage")]
    claims = claims_of(nlp, "The peso should stay at the 40 U.S. ct level.")
    assert [(c.value, c.unit) for c in claims] == [(40.0, "cent")]


def test_an_age_in_words_a_moved_noun_a_split_word_and_an_idiom(nlp):
    claims = claims_of(nlp, "The film is not suitable for children under twelve.")
    assert [(c.unit, head(c)) for c in claims] == [("year", "child")]
    claims = claims_of(nlp, "Retailers had a strong month, with sales up 4%.")
    assert [head(c) for c in claims] == ["sale"]
    claims = claims_of(nlp, "Officials said 12% of the e-mail sent was spam.")
    assert [head(c) for c in claims] == ["e-mail"]  # the whole word
    assert claims_of(nlp, "Not in a million years would he sell the club.") == []


def test_guards_a_counted_object_a_hyphenated_noun_a_purpose_clause_and_a_misread_duration(nlp):
    # a verb's object with a count or a year of its own is still the thing ('valued the six tracks at')
    claims = claims_of(nlp, "Analysts have valued the four stores at between £10m-£12m.")
    assert [head(c) for c in claims] == ["store", "store"]
    # a noun hyphenated with a preposition keeps its head ('cattle-on-feed')
    claims = claims_of(nlp, "USDA put cattle-on-feed in the major states at 9.1 mln head, 104 pct of a year ago.")
    assert [(c.text, head(c)) for c in claims][-1] == ("104 pct", "cattle")
    # a 'to' clause of purpose does not make the verb's object the thing measured
    claims = claims_of(nlp, "He kicked the goal to become the first player to reach 500 points.")
    assert [(c.text, c.object) for c in claims] == [("500 points", None)]
    # a figure after 'and' takes no duration from a figure misread as one
    claims = claims_of(nlp, "Slaughter was put at 98,000 head versus 96,000 week ago and 99,000 a year ago.")
    assert [c.unit for c in claims][-1] is None
