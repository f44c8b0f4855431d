"""Regression tests of the numeric-claim extractor: the thing counted named by the clause around a figure (a
change set against the clause's change, a 'having' participle, an amount noun after an adjective, a per unit
the parser hangs elsewhere), and forms of numbers read in judged samples of BBC and Reuters news. Sentences
are made up."""
from __future__ import annotations

import pytest

from tests.claim_text import claims_of, head


@pytest.mark.parametrize("text, expected", [
    # a change noun set against the change of the clause's verb measures that verb's subject
    ("Operating profits of the big retailers climbed six pct to 310 mln dlrs against a 3.2 pct rise in the "
     "previous half, the survey said.",
     [("six pct", "profit"), ("310 mln dlrs", "profit"), ("3.2 pct", "profit")]),
    # a change noun stated of the subject by 'represent'
    ("The revised output plan represents an 8 pct increase from earlier targets.", [("8 pct", "plan")]),
    # an amount noun after the figure and an adjective
    ("Earnings were 40.1 mln dlrs, excluding a 12.5 mln dlr one-time gain.",
     [("40.1 mln dlrs", "earnings"), ("12.5 mln dlr", "gain")]),
    # a 'having' participle states the subject of its clause, past a noun the parser hangs it on
    ("Copper futures ended at $3,100 on Monday - a drop of 2% - having slumped below $3,000 a tonne for the first time.",
     [("$3,100", "future"), ("2%", "future"), ("below $3,000 a tonne", "future")]),
    # a per unit's word hung outside the figure's span: the figure's own link names the thing
    ("The shipment, priced at 180.50 U.S. Dlrs per tonne fob Santos, will load next month.",
     [("180.50 U.S. Dlrs per tonne", "shipment")]),
])
def test_the_thing_named_by_the_clause(nlp, text, expected):
    assert [(c.text, head(c)) for c in claims_of(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    # 'and a half' hyphened, after digits or words
    ("By noon she had covered 21-and-a-half miles.", [("21-and-a-half miles", 21.5, None, None, "mile")]),
    ("The drive takes three-and-a-half hours.", [("three-and-a-half hours", 3.5, None, None, "hour")]),
    ("The road is 4 and a half miles long.", [("4 and a half miles", 4.5, None, None, "mile")]),
    # a change by a percentage, then the level reached: two figures, not a range
    ("Last month, new home sales fell a revised 1.5 pct to 655,000 homes.",
     [("1.5 pct", 1.5, None, None, "percentage"), ("655,000 homes", 655000.0, None, None, None)]),
    ("Factory orders rose a seasonally adjusted 2.4 pct to 210,000 orders.",
     [("2.4 pct", 2.4, None, None, "percentage"), ("210,000 orders", 210000.0, None, None, None)]),
])
def test_forms_of_numbers(nlp, text, expected):
    assert [(c.text, c.value, c.value_low, c.value_high, c.unit) for c in claims_of(nlp, text)] == expected
