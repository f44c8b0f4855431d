"""Qualifiers and changes: '=', '~', bounds ('more than'), and moves up or down, from cues
in the text around a number and from the parse ('lift ... by 12%', 'a 32% pay cut').

Entry points: `read_qualifier(text, q, index)`, `change_from_parse(root, q)`, `change_unit`.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.claims.numbers import Quantity
from pipelines.core.claims.parse import TokenIndex
from pipelines.core.claims.patterns import (
    AGE_COMPOUND,
    DURATION_UNITS,
    CHANGE_AFTER,
    CHANGE_BEFORE,
    CHANGE_NOUN_LEMMA_OF,
    CHANGE_NOUN_OF,
    CHANGE_OF,
    CHANGE_UNITS,
    CHANGE_VERB_OF,
    DIFFERENCE_AFTER,
    QUALIFIER_AFTER,
    QUALIFIER_AFTER_OF,
    QUALIFIER_BEFORE,
    QUALIFIER_OF,
    TO_LEVEL_AFTER,
)
from pipelines.core.quantities import AMOUNT_NOUNS, DURATION_VERB_LEMMAS, LIGHT_NOUNS, MOVE_LEMMAS, PREPOSITION_CUES


def read_qualifier(text: str, q: Quantity, index: TokenIndex) -> str:
    """Qualifier cue before the quantity (moves q.start over it), then change cues around it."""
    qualifier = "="
    cue = QUALIFIER_BEFORE.search(text, max(0, q.start - 30), q.start)
    if cue and cue["q"].lower() in PREPOSITION_CUES and AGE_COMPOUND.match(text, q.number_end):
        cue = None  # 'from over 24-year-old Moreno': the preposition governs the person, not the age
    if cue and cue["q"].lower() == "up to" and _moved_up(index, cue.start()):
        cue = None  # 'edged up to 1.144 billion', 'exports so far up to 10.2 mln tonnes': a level reached
    if cue and cue["q"].lower() == "over" and q.unit in DURATION_UNITS and _over_a_span(index, cue.start()):
        cue = None  # 'reschedule debt over 10 years': the time it is spread over, not more than ten years
    cue_after = QUALIFIER_AFTER.match(text, q.end)
    if cue:
        qualifier = QUALIFIER_OF[cue["q"].lower()]
        q.start = cue.start()
    difference = DIFFERENCE_AFTER.match(text, q.end)
    if difference:  # '12 more than Rovers', '34 pct more than the average': a difference, not a level
        return "down" if difference["d"].lower() in ("fewer", "less") else "up"
    elif cue_after:
        qualifier = QUALIFIER_AFTER_OF[cue_after["q"].lower()]
    if qualifier in (">", ">=") and q.low is None:
        q.low = q.value
    if qualifier in ("<", "<=") and q.high is None:
        q.high = q.value
    change = CHANGE_BEFORE.search(text, max(0, q.start - 30), q.start)
    if change and change["cb"] and (change["cb_by"] or TO_LEVEL_AFTER.match(text, q.end)):
        return CHANGE_OF[change["cb"].lower()]  # 'cut rates by 0.5%', 'raised 50 cts a barrel to 16.75 dlrs'
    cue = index.at(change.start()) if change and change["c"] else None
    # not the particle of 'shot down 5', nor an amount noun ('includes tax gain 500,000 dlrs')
    # 'shot down 5 bombs': a particle of another verb, unless the amount is one that moves ('closed up 0.5%')
    particle = (cue is not None and cue.lower_ in ("up", "down") and cue.i > 0 and cue.nbor(-1).pos_ == "VERB"
                and cue.nbor(-1).lemma_.lower() not in MOVE_LEMMAS and not change_unit(q.unit))
    if cue is not None and cue.dep_ != "prt" and not particle \
            and not (cue.pos_ == "NOUN" and cue.lemma_.lower() in AMOUNT_NOUNS):
        return CHANGE_OF[change["c"].lower()]
    if change and change["n"]:
        return CHANGE_NOUN_OF[change["n"].lower()]
    after = CHANGE_AFTER.match(text, q.end)
    if after and change_unit(q.unit):
        return CHANGE_NOUN_OF[(after["c"] or after["c2"]).lower()]
    return qualifier


def _over_a_span(index: TokenIndex, char: int) -> bool:
    """'over' a preposition of a verb that is no verb of duration ('cut output by 9.5 pct over two years',
    'pay $120m over eight years'): the span the action is spread over. 'for over 10 years' (a modifier of the
    number), 'took over two years', 'lasted over a year', 'is over 10 years old' keep 'more than'."""
    over = index.at(char)
    return (over is not None and over.dep_ == "prep" and over.head.pos_ == "VERB"
            and over.head.lemma_.lower() not in DURATION_VERB_LEMMAS and over.head.i < over.i)


def _moved_up(index: TokenIndex, char: int) -> bool:
    """'up' of 'up to' is the particle of a verb of movement before it ('went up to 28'), or follows 'so far'."""
    up = index.at(char)
    if up is None or up.i == 0:
        return False
    before = up.nbor(-1)
    if before.lemma_.lower() in MOVE_LEMMAS and before.lemma_.lower() != "be" and before.pos_ in ("VERB", "AUX"):
        return True
    return before.lower_ == "far" and before.i > 0 and before.nbor(-1).lower_ == "so"


def change_unit(unit: str | None) -> bool:
    """Money, percentages and points change ('cut 50 cts a barrel'); counts and lengths are read as levels."""
    return unit is not None and unit.split(" per ")[0] in CHANGE_UNITS


def change_from_parse(root: Token, q: Quantity) -> str | None:
    """A change stated away from the number: 'lift Channel 4's audience share by 12%', 'a 32% pay cut'."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in LIGHT_NOUNS \
            and head.head.dep_ == "pobj":
        root, head = head.head, head.head.head  # 'cut prices by an average of 24%'
    if root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ in ("prep", "agent"):
        return CHANGE_VERB_OF.get(head.head.lemma_.lower()) if head.head.pos_ in ("VERB", "AUX", "NOUN") else None
    if (change_unit(q.unit) and root.dep_ in ("dobj", "npadvmod") and head.pos_ == "VERB"
            and head.lemma_.lower() in CHANGE_VERB_OF):
        # 'raised 25 cts/bbl, also to 16.75 dlrs': a new level after the amount ('cutting six regiments
        # to five' is a count before and after, left as it is)
        if any(c.dep_ == "prep" and c.lower_ == "to" and c.i > root.i and any(t.like_num for t in c.subtree)
               for c in head.children):
            return CHANGE_VERB_OF[head.lemma_.lower()]
    if change_unit(q.unit) and root.dep_ in ("dobj", "pobj", "nsubj", "appos", "conj", "ROOT"):
        # 'nine billion dlrs in military spending cuts': an amount 'in' change nouns
        for prep in root.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                target = next((c for c in prep.children if c.dep_ == "pobj"), None)
                lemma = target.lemma_.lower() if target is not None else ""
                if lemma in CHANGE_NOUN_LEMMA_OF and lemma not in AMOUNT_NOUNS and target.tag_ == "NNS":
                    return CHANGE_NOUN_LEMMA_OF[lemma]
    lemma = head.lemma_.lower()
    if (change_unit(q.unit) and root.dep_ in ("compound", "nummod", "amod", "nmod") and head.pos_ == "NOUN"
            and head.i > root.i and lemma not in AMOUNT_NOUNS):
        return CHANGE_NOUN_LEMMA_OF.get(lemma)  # 'a 32% pay cut', not 'a 1.45 dlr extraordinary gain'
    return None
