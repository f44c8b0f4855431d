"""Objects of money a verb spends 'on' or makes 'from', of a level the parser hangs off a change noun onto the
verb, of a change 'in the number of' a noun, a results label naming a share class, and a period 'to' a figure
read as no range."""
from tests.claim_text import claims_of


def _claims(nlp, text):
    return [(c.text, c.value, c.value_low, c.value_high, c.unit, c.object_lemma) for c in claims_of(nlp, text)]


def test_money_made_from_a_noun_is_of_that_noun(nlp):
    assert _claims(nlp, "The cartoon has raked in $90m from ticket sales in its first month.") == [
        ("$90m", 9e7, None, None, "dollar", "ticket sale")]
    assert _claims(nlp, "The trader, who made £14,000 a week from his smuggling business, was jailed.") == [
        ("£14,000 a week", 14000.0, None, None, "pound sterling per week", "smuggling business")]


def test_money_spent_on_a_noun_is_of_that_noun(nlp):
    assert _claims(nlp, "Parents spend $12 per pupil on exercise books each year.") == [
        ("$12 per pupil", 12.0, None, None, "dollar per pupil", "exercise book")]


def test_change_in_the_number_of_a_noun_counts_the_noun(nlp):
    assert _claims(nlp, "The new model led to a 31% increase in the number of bikes sold in the spring.") == [
        ("31%", 31.0, None, None, "percentage", "bike")]


def test_level_of_a_change_noun_hung_on_the_verb(nlp):
    assert _claims(nlp, "The firm will seek approval for an increase in the number of authorized shares "
                        "to 300 mln, from 150 mln.") == [
        ("300 mln", 3e8, None, None, None, "share"), ("150 mln", 1.5e8, None, None, None, "share")]


def test_results_label_before_a_share_class(nlp):
    assert [c[-1] for c in _claims(nlp, "Qtly div Class B 15 cts vs 15 cts")] == ["div", "div"]


def test_period_to_a_scaled_figure_is_no_range(nlp):
    assert [c[:4] for c in _claims(nlp, "Sales in the four months to 3.2 billion were flat.")] == [
        ("four months", 4.0, None, None), ("3.2 billion", 3.2e9, None, None)]
    assert [c[:4] for c in _claims(nlp, "The sentence was two to three months.")] == [
        ("two to three months", None, 2.0, 3.0)]


def test_span_noun_holding_a_duration_is_its_object(nlp):
    assert _claims(nlp, "The credit would carry a grace period of five years.") == [
        ("five years", 5.0, None, None, "year", "grace period")]


def test_compound_counted_unit_tagged_as_a_name_is_the_subject_thing(nlp):
    assert [c[-1] for c in _claims(nlp, "Acme Airways said April freight ton miles, including mail, were up "
                                        "14.1 pct to 2,345,678 from 2,055,000.")] == ["April freight ton miles"] * 3


def test_of_phrase_after_a_period_hung_on_the_verb_is_the_objects(nlp):
    assert _claims(nlp, "Smith, a maker of garden tools, had sales for 1985 of around 42 mln dlrs.") == [
        ("around 42 mln dlrs", 4.2e7, None, None, "dollar", "sale")]


def test_value_of_a_currency_is_the_currency(nlp):
    assert [c[-1] for c in _claims(nlp, "The value of the rupee against the dollar fell to 48.2 rupees "
                                        "per dollar.")] == ["rupee"]


def test_unit_word_tagged_as_a_verb_is_no_verb(nlp):
    assert [c[-1] for c in _claims(nlp, "The road is 800m long, and the 300m stretch is new.")] == [
        "road", "stretch"]


def test_verb_of_movement_between_two_levels_states_its_subject(nlp):
    assert [c[-1] for c in _claims(nlp, "Profits went from 3 mln dlrs to 5 mln dlrs.")] == ["profit", "profit"]


def test_level_after_up_with_no_verb_is_the_nouns(nlp):
    assert [c[-1] for c in _claims(nlp, "Exports of rice so far up to 1,200,500 tonnes, against 980,000 a "
                                        "year ago.")] == ["export of rice", "export of rice"]


def test_change_read_as_a_range_low_end_keeps_the_subject(nlp):
    assert [c[-1] for c in _claims(nlp, "The number of people out of work fell by 25,000 to 1.4 million.")] == [
        "person", "person"]


def test_level_of_a_change_noun_after_there_was(nlp):
    assert [c[-1] for c in _claims(nlp, "There was a 15% fall in the total number of visitors to 2.3 "
                                        "million.")] == ["visitor", "visitor"]


def test_bare_noun_joined_to_a_plural_compound_shares_its_head(nlp):
    assert [c[-1] for c in _claims(nlp, "Boat and trailer sales in the quarter fell 12.4 pct.")] == ["trailer sale"]


def test_money_a_verb_of_takings_or_spending_takes_is_named_by_the_verb(nlp):
    assert [c[-1] for c in _claims(nlp, "The film has raked in $80m in its first week.")] == ["takings"]
    assert [c[-1] for c in _claims(nlp, "The company is earning about $2.1m an hour.")] == ["earnings"]
    assert [c[-1] for c in _claims(nlp, "It said it would spend 20 mln dlrs this year.")] == ["spending"]
    assert [c[-1] for c in _claims(nlp, "The firm took $5m from the fund.")] == [None]  # a loan, a fee: not said
    assert [c[-1] for c in _claims(nlp, "The lab said it spent 8.16 million euros in 2003 and raised just "
                                        "2.56 million euros.")] == ["spending", None]  # not borrowed
    assert [c[-1] for c in _claims(nlp, "Each unit carries a par value of one dlr.")] == ["par value"]
    assert [c[-1] for c in _claims(nlp, "Total spending will rise to about 130 mln dlrs from 98 mln dlrs last year, "
                                        "with 77 mln dlrs of the 1987 amount set for the new mine.")] == [
        "spending"] * 3  # a noun the sentence writes is borrowed as before
