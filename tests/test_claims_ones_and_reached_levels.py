"""'one' that picks rather than counts, 'N or M' as a rough range, a hyphened formation, and the thing a level
reached by an object-less change verb, a 'worth of' phrase, money 'in' a noun after a passive 'by', a figure
before a chain of modifiers, and a gain 'from' something are of."""
from tests.claim_text import claims_of


def _claims(nlp, text):
    return [(c.text, c.value, c.value_low, c.value_high, c.unit, c.object_lemma) for c in claims_of(nlp, text)]


def test_one_of_a_set_counts_nothing(nlp):
    assert _claims(nlp, "He scored after one of several Welsh errors near the line.") == []


def test_one_introducing_what_the_sentence_names_counts_nothing(nlp):
    assert _claims(nlp, "One area where the chips could help is weather forecasting.") == []


def test_one_before_a_digit_ordinal_is_no_count(nlp):
    assert _claims(nlp, "The new chip uses one 20th the energy of the old one.") == []


def test_two_numbers_joined_by_or_are_a_range(nlp):
    assert _claims(nlp, "The firm was fined after two or three complaints from clients.") == [
        ("two or three complaints", None, 2.0, 3.0, None, "complaint")]
    assert _claims(nlp, "Prices went up by three or four percent.") == [
        ("three or four percent", None, 3.0, 4.0, "percentage", "price")]


def test_three_hyphened_numbers_are_a_formation(nlp):
    assert _claims(nlp, "The side used a 3-5-2 system.") == []


def test_subject_of_a_change_verb_read_as_adjective(nlp):
    assert _claims(nlp, "Fees from tourists should more than double to $40bn.") == [
        ("$40bn", 4e10, None, None, "dollar", "fee")]


def test_subject_of_a_transitive_change_verb_without_object(nlp):
    assert [c[-1].split()[0] for c in _claims(nlp, "Exports of grain will triple to 12 mln tonnes.")] == ["export"]


def test_money_worth_of_a_noun(nlp):
    assert _claims(nlp, "The agency stored 14 billion roubles worth of spare parts.") == [
        ("14 billion roubles", 1.4e10, None, None, "russian ruble", "part")]


def test_money_in_a_plural_noun_after_a_passive_by(nlp):
    assert _claims(nlp, "The deficit will be covered by 300 billion yen in proceeds from the sale of shares.") == [
        ("300 billion yen", 3e11, None, None, "japanese yen", "proceeds")]


def test_figure_before_a_chain_of_modifiers_is_of_the_last_noun(nlp):
    assert _claims(nlp, "It cut its 12 billion dlr public sector foreign debt.") == [
        ("12 billion dlr", 1.2e10, None, None, "dollar", "debt")]


def test_money_of_a_gain_from_something(nlp):
    assert [c[-1] for c in _claims(nlp, "Net profit included gains from discontinued units of 7 mln dlrs.")] == [
        "gain"]


def test_plural_noun_holds_its_own_of_figure_after_another_phrase(nlp):
    assert [c[-1] for c in _claims(nlp, "Residents complained about poor service received in exchange for "
                                        "monthly fees of up to 300 yuan ($36; £19).")] == ["fee", "fee", "fee"]


def test_participle_read_as_the_verb_before_be_holds_the_subject(nlp):
    assert _claims(nlp, "The ministry said the bonus awarded was 1,200.00 dlrs per head and was paid to a "
                        "local firm.") == [("1,200.00 dlrs per head", 1200.0, None, None, "dollar per head", "bonus")]


def test_one_in_all_at_once_idiom_counts_nothing(nlp):
    assert _claims(nlp, "They could build the whole thing in one go.") == []
