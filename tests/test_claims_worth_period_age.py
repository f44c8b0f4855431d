"""Objects of three forms: a change noun a 'worth' describes, a duration before a span noun, and an age
compound followed by the sentence's verb read as a participle, a noun the tagger calls an adjective."""
from tests.claim_text import claims_of


def _claims(nlp, text):
    return [(c.text, c.value, c.unit, c.object_lemma) for c in claims_of(nlp, text)]


def test_change_noun_described_by_worth_is_the_object(nlp):
    assert _claims(nlp, "Labour promised spending cuts worth £6bn.") == [
        ("£6bn", 6e9, "pound sterling", "spending cut")]


def test_duration_before_period_measures_the_period(nlp):
    assert _claims(nlp, "A three-month probation period follows.") == [
        ("three-month", 3.0, "month", "probation period")]


def test_age_before_the_sentence_verb_has_no_object(nlp):
    assert _claims(nlp, "The 27-year-old admitted pressure on the team was high.") == [
        ("27-year", 27.0, "year", None)]
    assert _claims(nlp, "A 40-year-old woman was arrested.") == [("40-year", 40.0, "year", "woman")]


def test_noun_tagged_as_adjective_after_the_figure_is_its_object(nlp):
    assert _claims(nlp, "The club must pay the £40,000 fine by Friday.") == [
        ("£40,000", 40000.0, "pound sterling", "fine")]
    assert _claims(nlp, "The shares were 5% higher.") == [("5%", 5.0, "percentage", "share")]
    assert _claims(nlp, "The bank has 30 days to pay the $1.2m fine, under the deal.")[1] == (
        "$1.2m", 1.2e6, "dollar", "fine")
    assert _claims(nlp, "Shares closed at 5 dlrs higher.") == [("5 dlrs", 5.0, "dollar", "share")]
    assert _claims(nlp, "They were fined $500 extra.") == [("$500", 500.0, "dollar", None)]


def test_level_a_participle_takes_a_pronoun_to_is_of_what_the_clause_changed(nlp):
    assert _claims(nlp, "Output rose 5 pct last month, bringing it to 2.3 mln bpd.")[1] == (
        "2.3 mln bpd", 2.3e6, "barrel per day", "output")
    assert _claims(nlp, "The company raised its stake by 3 pct, taking it to 12 pct.")[1] == (
        "12 pct", 12.0, "percentage", "stake")
