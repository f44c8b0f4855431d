"""Regression tests of the numeric-claim extractor: a figure whose own clause names no counted thing takes it
from the figure it is contrasted with or continues, in its sentence or the one before, and only then. Sentences
are made up, of forms read in judged samples of BBC and Reuters news."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of, head


@pytest.mark.parametrize("text, expected", [
    # 'up from' past a figure of another unit
    ("Figures showed bank reserves averaged 512 mln dlrs in the three weeks to Friday, up from 340 mln dlrs "
     "in the previous period.",
     [("512 mln dlrs", "reserve"), ("three weeks", None), ("340 mln dlrs", "reserve")]),
    # 'against ... a year earlier'
    ("Deposits stood at 8.1 billion francs at the end of March, after a slow quarter for most of the banks, "
     "against 7.6 billion francs a year earlier.",
     [("8.1 billion francs", "deposit"), ("7.6 billion francs", "deposit")]),
    # the same 'of' phrase repeated for a second pair
    ("The results include writedowns of 41,200 dlrs in the quarter, and of 38,900 dlrs in the prior quarter.",
     [("41,200 dlrs", "writedown"), ("38,900 dlrs", "writedown")]),
    # 'including' a part of the counted whole
    ("The group plans to sell 640,000 ordinary shares, including 95,000 held by its founder.",
     [("640,000 ordinary shares", "share"), ("95,000", "share")]),
    # a coordinated clause whose subject is the bare figure
    ("Some 3.4 million pensioners live alone, while 1.2 million rely on relatives.",
     [("Some 3.4 million pensioners", "pensioner"), ("1.2 million", "pensioner")]),
    # a share written as a fraction set against a percentage
    ("The poll found 42% of voters backed the plan but in rural areas up to two-thirds opposed it.",
     [("42%", "voter"), ("up to two-thirds", "voter")]),
])
def test_a_figure_takes_the_thing_of_the_figure_it_is_contrasted_with(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


def test_the_far_end_of_from_to_takes_the_price_per_unit_and_its_thing(nlp):
    claims = claims_of(nlp, "The loss reflects a fall in the average price from 31.40 dlrs per tonne in 1985 to 27.10 dlrs last year.")
    assert [(c.text, c.unit, head(c)) for c in claims] == [
        ("31.40 dlrs per tonne", "dollar per tonne", "price"), ("27.10 dlrs", "dollar per tonne", "price")]


@pytest.mark.parametrize("text, expected", [
    ("Orders totalled 62 mln dlrs. A year earlier they were 48 mln dlrs.",
     [("62 mln dlrs", "order"), ("48 mln dlrs", "order")]),
    ("Unemployment rose to 9.1 pct in June. That compared with 8.7 pct in May.",
     [("9.1 pct", "unemployment"), ("8.7 pct", "unemployment")]),
])
def test_a_sentence_continuing_the_one_before_counts_its_thing(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a clause with a subject of its own counts its own thing, not the earlier figure's
    ("Revenue was 5 mln dlrs and the firm spent 2 mln dlrs on research.",
     [("5 mln dlrs", "revenue"), ("2 mln dlrs", "research")]),  # what it was spent on, not the revenue
    # a figure of another kind is not contrasted
    ("Exports rose to 12 mln tonnes, and the ministry expects 4 pct more next year.",
     [("12 mln tonnes", "export"), ("4 pct", None)]),
    # a new sentence about something else: its verb is no level or change verb
    ("Profits rose to 12 mln dlrs. It paid 3 mln dlrs to settle the case.",
     [("12 mln dlrs", "profit"), ("3 mln dlrs", None)]),
])
def test_a_figure_with_a_clause_of_its_own_borrows_nothing(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


def test_a_figure_and_its_bracketed_comparison_take_the_unit_written_after_the_brackets(nlp):
    claims = claims_of(nlp, "The board said it bought 52,140 (61,300) tonnes of durum wheat and 7,905 (nil) tonnes "
                            "of barley.")
    assert [(c.text, c.unit, head(c)) for c in claims] == [
        ("52,140", "tonne", "wheat"), ("61,300", "tonne", "wheat"), ("7,905", "tonne", "barley")]
