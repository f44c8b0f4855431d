"""Regression tests of the numeric-claim extractor: 'up to' after a verb of movement is a level reached, not
a bound; 'the number of' counts what its 'of' phrase names; 'lira' is a currency; a bare scaled figure takes
a unit from its own paragraph first and none from an article in two currencies. Sentences are made up, of
forms read in judged samples of BBC and Reuters news."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of, head


def _by_text(nlp, text: str) -> dict:
    return {c.text: c for c in claims_of(nlp, text)}


@pytest.mark.parametrize("text, surface, thing", [
    ("Operating income in the chemicals unit edged up to 412 mln dlrs from 398 mln dlrs.", "412 mln dlrs", "income"),
    ("The number of brokers trading on the market went up to 41 this year from 35.", "41", "broker"),
])
def test_up_to_after_a_verb_of_movement_is_the_level_of_its_subject(nlp, text, surface, thing):
    claim = _by_text(nlp, text)[surface]
    assert (claim.qualifier, claim.value_high, head(claim)) == ("=", None, thing)


def test_up_to_after_other_words_stays_a_bound(nlp):
    claim = _by_text(nlp, "The group may repurchase up to 3 mln of its shares.")["up to 3 mln"]
    assert (claim.qualifier, claim.value_high) == ("<=", 3000000.0)


@pytest.mark.parametrize("text, surface, thing", [
    ("Last year the number of households with a satellite dish had grown by 45%.", "45%", "household"),
    # a people named by its plural proper noun
    ("The total number of Canadians abroad rose by 8% to 3.1 million.", "3.1 million", "canadians"),
])
def test_the_number_of_counts_its_of_phrase(nlp, text, surface, thing):
    assert (head(_by_text(nlp, text)[surface]) or "").lower() == thing


def test_lira_is_a_currency(nlp):
    assert _by_text(nlp, "The bank's net profit rose to 8.4 billion lira.")["8.4 billion lira"].unit == "lira"


def test_a_bare_scaled_figure_takes_no_currency_across_an_article_in_two(nlp):
    text = ("Imports fell to 3.2 billion dlrs last year.\n\n"
            "One state bank raised its profit to 14.5 billion lira.\n\n"
            "A private rival announced a profit of 21 billion, against 19.6 billion a year before.")
    claims = _by_text(nlp, text)
    assert (claims["21 billion"].unit, claims["19.6 billion"].unit) == (None, None)


def test_a_bare_scaled_figure_takes_the_unit_of_its_paragraph_first(nlp):
    text = ("Imports fell to 3.2 billion dlrs last year.\n\n"
            "One state bank raised its profit to 14.5 billion lira. A private rival announced a profit of 21 billion.")
    assert _by_text(nlp, text)["21 billion"].unit == "lira"


def test_a_results_label_of_modifiers_only_keeps_its_last_word(nlp):
    text = "Shr 1.02 dlrs vs 87 cts\nOper net 48.2 mln vs 41.7 mln\nRevs 1.2 billion vs 1.1 billion"
    claims = _by_text(nlp, text)
    assert (head(claims["48.2 mln"]), head(claims["41.7 mln"])) == ("net", "net")


@pytest.mark.parametrize("text, surface", [
    # ages of a list of names that a plural noun counts
    ("The four girls in the final are Anna Kowalska, 16, Maria Jensen, 15, and Rosa Diaz, 13.", "13"),
    # an age in apposition closed by a dash
    ("The driver, Peter Holmes, 19 - who was banned last year - was fined on Monday.", "19"),
])
def test_an_age_after_a_name_in_a_list_or_before_a_dash(nlp, text, surface):
    claim = _by_text(nlp, text)[surface]
    assert (claim.unit, head(claim)) == ("year", "age")
