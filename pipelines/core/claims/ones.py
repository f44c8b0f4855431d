"""When the word 'one' counts nothing: the pronoun, a determiner picking one of several, a figure of speech, a
moment ('one day you will ...'), a fraction written with an ordinal ('one 20th the size')."""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.claims.numbers import Quantity
from pipelines.core.claims.parse import TokenIndex
from pipelines.core.claims.patterns import (
    OF_AFTER,
    ONE_DAY_IDIOM_AFTER,
    ONE_IDIOM,
    ONE_MOMENT_BEFORE,
    ONE_OF_SUPERLATIVE,
    ORDINAL_DIGITS_AFTER,
    PRONOUN_ONE_BEFORE,
)
from pipelines.core.quantities import DURATION_VERB_LEMMAS
from pipelines.core.speech_verbs import SPEECH_VERBS


def _one_day_when(index: TokenIndex, q: Quantity) -> bool:
    """'one day' as a verb's adverb of time, the verb no verb of duration: it says when."""
    day = index.span_tokens(q.start, q.end)[-1]
    return day.dep_ == "npadvmod" and day.head.pos_ == "VERB" and day.head.lemma_.lower() not in DURATION_VERB_LEMMAS


def _picks_one(text: str, q: Quantity, noun: Token | None) -> bool:
    """A bare 'one' before its noun that picks one thing rather than counting it."""
    if noun is None or PRONOUN_ONE_BEFORE.search(text, max(0, q.start - 10), q.start) \
            or ONE_OF_SUPERLATIVE.match(text, q.number_end) or OF_AFTER.match(text, q.number_end):
        return True  # the pronoun 'one', 'the one of hope', 'at any one time', 'one of many reasons'
    if ONE_IDIOM.match(text, q.number_end) or ORDINAL_DIGITS_AFTER.match(text, q.number_end):
        return True  # 'one such case', 'move one step further', 'one 20th the size'
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in SPEECH_VERBS:
        return True  # 'one dealer said': an unnamed source, not a count
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in SPEECH_VERBS and noun.head.i < noun.i and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in noun.head.children):
        return True  # '"...," wrote one reviewer': the same source, the parser reads it as the object
    # 'one reason is that ...', 'one option would be to ...', 'one place where it helps is farming': it introduces
    # what the sentence names
    return noun.dep_ == "nsubj" and noun.head.lemma_ == "be" and any(
        c.dep_ in ("ccomp", "xcomp") or c.dep_ == "attr" and c.i > noun.head.i for c in noun.head.children)


def one_is_no_count(text: str, q: Quantity, index: TokenIndex, noun: Token | None, qualifier: str) -> bool:
    """The word 'one' of q names no count of one (noun: what it counts, read from the parse)."""
    if q.kind == "words" and q.value == 1 and q.unit is None and qualifier == "=" and _picks_one(text, q, noun):
        return True
    if q.unit == "point" and q.value == 1 and text[max(0, q.start - 3):q.start].lower() == "at ":
        return True  # 'at one point'
    if q.kind == "words" and q.value == 1 and ONE_MOMENT_BEFORE.search(text, max(0, q.start - 40), q.start):
        return True  # 'never think for one minute that ...': a figure of speech
    if q.unit == "day" and q.value == 1 and q.kind == "words" and text[q.number_start].isupper() \
            and ONE_DAY_IDIOM_AFTER.match(text, q.end):
        return True  # 'One day you will ...': some day
    return q.unit == "day" and q.value == 1 and q.kind == "words" and _one_day_when(index, q)
