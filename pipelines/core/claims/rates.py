"""Rates of exchange, read after each claim was read on its own: 'the naira finished at 3.8050 to the dollar' is
a price of the naira in dollars (unit 'nigerian naira per dollar', the naira its thing); 'the dollar eased to
1.3071 Canadian dollars from 1.3080' prices the dollar, the clause's subject, in Canadian dollars.

Entry point: `exchange_rates(text, index, claims)` -> claims.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipelines.core.claims.model import Claim
from pipelines.core.claims.parse import TokenIndex
from pipelines.core.claims.patterns import MONEY_UNITS, UNIT_FORMS

_BASE_WORDS = ("to", "per", "against")  # '8.30 to the dollar', 'per dollar', 'against the dollar'


def _currency(token: Token) -> tuple[str, str] | None:
    """(unit, code) of a currency noun ('naira', 'dollar', 'marks'), else None."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    form = UNIT_FORMS.get(token.text) or UNIT_FORMS.get(token.lower_) or UNIT_FORMS.get(token.lemma_.lower())
    return form if form is not None and form[0] in MONEY_UNITS else None


def _base_after(index: TokenIndex, claim: Claim) -> tuple[str, str] | None:
    """The currency of 'to the dollar' right after a bare figure: the one the rate is counted in."""
    tokens = [t for t in index.span_tokens(claim.end_char, claim.end_char + 30) if t.idx >= claim.end_char]
    if len(tokens) < 2 or tokens[0].lower_ not in _BASE_WORDS:
        return None
    at = 2 if tokens[1].lower_ in ("the", "one", "a", "each") and len(tokens) > 2 else 1
    if len(tokens) > at + 1 and tokens[at].text[:1].isupper():  # 'to the Canadian dollar', 'to the US dollar'
        form = UNIT_FORMS.get(f"{tokens[at].text} {tokens[at + 1].text}")
        if form is not None and form[0] in MONEY_UNITS:
            return form
        if tokens[at].pos_ in ("PROPN", "ADJ") and _currency(tokens[at]) is None:
            return _currency(tokens[at + 1])
    return _currency(tokens[at])


def _rated_before(index: TokenIndex, claim: Claim, base_unit: str) -> Token | None:
    """The nearest currency noun before the figure in its sentence other than the base: the one priced."""
    start, _ = index.sentence_bounds(claim.start_char)
    for token in reversed([t for t in index.span_tokens(start, claim.start_char) if t.idx < claim.start_char]):
        form = _currency(token)
        if form is not None and form[0] != base_unit and not any(ch.isdigit() for ch in token.text):
            return token
    return None


def _subject_currency(index: TokenIndex, claim: Claim) -> Token | None:
    """The currency noun that is the subject of the verb the figure hangs on ('The dollar eased to ...')."""
    tokens = index.span_tokens(claim.start_char, claim.end_char)
    if not tokens:
        return None
    token = tokens[0]
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return subject if subject.i < tokens[0].i and _currency(subject) is not None else None
            if token.dep_ != "conj":
                return None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _set_against(index: TokenIndex, rate: Claim, claim: Claim) -> bool:
    """A bare figure of the same size soon after a rate in its sentence: the rate at another time."""
    return (index.sentence_bounds(rate.start_char) == index.sentence_bounds(claim.start_char)
            and 0 <= claim.start_char - rate.end_char <= 40 and rate.value is not None
            and rate.value / 2 <= claim.value <= 2 * rate.value)


def exchange_rates(index: TokenIndex, claims: list[Claim]) -> list[Claim]:
    """A bare figure 'to the dollar' is the price of the currency named before it in the sentence, in that
    currency per the base; a figure in one currency whose clause's subject is another currency, with no thing
    of its own, prices that currency."""
    out: list[Claim] = []
    rate: Claim | None = None
    for claim in claims:
        if claim.unit is None and claim.currency is None and claim.value is not None:
            base = _base_after(index, claim)
            rated = _rated_before(index, claim, base[0]) if base is not None else None
            if rated is not None:
                unit, code = _currency(rated)
                claim = replace(claim, unit=f"{unit} per {base[0]}", currency=code, object=rated.text,
                                object_lemma=rated.lemma_.lower())
            elif rate is not None and _set_against(index, rate, claim):
                claim = replace(claim, unit=rate.unit, currency=rate.currency, object=rate.object,
                                object_lemma=rate.object_lemma)  # '3.8050 to the dollar, against 3.9050'
            rate = claim if claim.unit is not None and " per " in claim.unit \
                and claim.object is not None and claim.unit.split(" per ")[0] in MONEY_UNITS else None
        elif claim.object is None and claim.unit in MONEY_UNITS:
            subject = _subject_currency(index, claim)
            if subject is not None and _currency(subject)[0] != claim.unit:
                claim = replace(claim, object=subject.text, object_lemma=subject.lemma_.lower())
        out.append(claim)
    return out
