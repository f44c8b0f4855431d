"""Claims read together after each was read on its own: a table row's figure takes the unit its table's
heading states ('all U.S. Dlrs per troy ounce.'), a time written in two units is one time ('in one
minute, 47.96 seconds'), and a bare scaled figure takes the one unit its sentence or article gives such figures
('to 106.96 mln barrels from a revised 106.33 mln', 'a surplus of 4.8 billion' in an article in dirhams), the
nearest stating it first: its sentence, its paragraph, the article before it, else the article after it.

Entry points: `table_heading_units(text, claims)`, `joined_durations(text, claims)`,
`implied_scaled_units(index, claims)`, `local_dollar_conversions(text, claims)` -> claims;
`read_together(text, index, claims)` runs them in turn.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipelines.core.claims.model import Claim
from pipelines.core.claims.numbers import heading_unit
from pipelines.core.claims.parse import TokenIndex
from pipelines.core.claims.patterns import DURATION_UNITS, GLUED_SCALE, MONEY_UNITS, SCALE, TABLE_ROW, UNIT_FORMS
from pipelines.core.quantities import AMBIGUOUS_UNIT_FORMS, AMOUNT_NOUNS, MILLION_COUNT_NOUNS, SCALE_AFTER_DIGITS


def line_of(text: str, char: int) -> tuple[int, int]:
    """Start and end of the line holding `char`."""
    start = text.rfind("\n", 0, char) + 1
    end = text.find("\n", char)
    return start, len(text) if end < 0 else end


_HEADING_REACH = 600  # characters before a table row searched for its heading


def table_heading_units(text: str, claims: list[Claim]) -> list[Claim]:
    """A figure with no unit on a table row ('PALLADIUM - 130 (130)') takes the unit the table's heading states
    for all its figures ('all U.S. Dlrs per troy ounce.')."""
    out = []
    for claim in claims:
        if claim.unit is None and claim.currency is None and claim.value is not None:
            line_start, line_end = line_of(text, claim.start_char)
            if TABLE_ROW.fullmatch(text, line_start, line_end):
                heading = heading_unit(text, max(0, line_start - _HEADING_REACH), line_start)
                if heading is not None:
                    claim = replace(claim, unit=heading[0], currency=heading[1])
        out.append(claim)
    return out


_NEXT_SMALLER_TIME_UNIT = {"hour": "minute", "minute": "second"}
_DURATION_JOINT = re.compile(r",[ \t]+")


def joined_durations(text: str, claims: list[Claim]) -> list[Claim]:
    """'in one minute, 47.96 seconds', 'three hours, 12 minutes': a whole number of hours or minutes, a comma,
    and less than sixty of the next smaller unit is one time, stated in the smaller unit. Written without the
    comma ('two hours 23 minutes', 'two hours and 23 minutes') the parts stay two claims, as the judged unit
    sets were annotated."""
    out: list[Claim] = []
    for claim in claims:
        before = out[-1] if out else None
        if before is not None and before.value is not None and claim.value is not None \
                and claim.unit is not None and _NEXT_SMALLER_TIME_UNIT.get(before.unit or "") == claim.unit \
                and float(before.value).is_integer() and 0 <= claim.value < 60 and claim.qualifier == "=" \
                and _DURATION_JOINT.fullmatch(text[before.end_char:claim.start_char]):
            out[-1] = replace(claim, text=text[before.start_char:claim.end_char], value=before.value * 60 + claim.value,
                              qualifier=before.qualifier, start_char=before.start_char,
                              object=claim.object or before.object, object_lemma=claim.object_lemma or before.object_lemma)
            continue
        out.append(claim)
    return out


# A figure written as digits and a scale and nothing after ('4.8 billion', 'a revised 106.33 mln').
_BARE_SCALED = re.compile(r"(?i)\d(?:\s|-)?(?:%s)$" % "|".join(re.escape(s) for s in SCALE_AFTER_DIGITS if s != "hundred"))
# Percentages and durations are not what a bare scaled figure counts: 'for the two months to 8.17 billion' (a
# duration read into a range) gives no 'month' to the billions around it.
_NOT_CARRIED = frozenset({"percentage", "percentage point"}) | DURATION_UNITS
_GLUED_MONEY_SCALE = re.compile(r"\d" + GLUED_SCALE.pattern)


def _carried(claim: Claim) -> tuple[str, str | None] | None:
    """The unit a scaled figure with one states for such figures: '58.34 billion rupees', '$1.6bn'."""
    if claim.unit is None or claim.unit in _NOT_CARRIED or " per " in claim.unit:
        return None
    glued = claim.currency is not None and _GLUED_MONEY_SCALE.search(claim.text) is not None  # '£857m', not '10,000m'
    if SCALE.search(claim.text) is None and not glued:
        return None
    return claim.unit, claim.currency


def _names_what_it_counts(index: TokenIndex, claim: Claim) -> bool:
    """A scaled figure whose own phrase says what it counts, so no money unit is implied: 'up to 10 mln of its
    common shares' (an 'of' phrase with a counted plural), 'the 5.8 million who needed them' (people), '3 mln new
    shares' (the noun it modifies)."""
    scale = index.at(claim.end_char - 1)
    for child in scale.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > scale.i:
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None and target.lower_ in MILLION_COUNT_NOUNS:
                return True
        if child.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "who"
                                         for c in child.children):
            return True
    head = scale.head
    return scale.dep_ in ("nummod", "compound", "quantmod") and head.i == scale.i + 1 \
        and head.lower_ in MILLION_COUNT_NOUNS


def implied_scaled_units(index: TokenIndex, claims: list[Claim]) -> list[Claim]:
    """'estimated at 58.34 billion rupees ..., compared with 70.62 billion', 'to 38.25 mln from a revised 37.98
    mln barrels': a bare scaled figure (no unit, no counted noun) takes the unit of the scaled figures of its
    sentence when they all state one; with none in its sentence, the one unit the scaled figures before it in its
    paragraph state; with none there, the one unit every scaled figure before it in the article states ('The
    overall balance showed a surplus of 4.8 billion' in an article in dirhams); with none before it, the one unit
    the scaled figures after it state ('Net 13.5 mln vs 14.6 mln' above a note's '21.7 mln dlrs'). A currency its
    sentence names in words outside any figure ('in peso terms') comes before the paragraph's. Two units, or
    none, leave it bare: an article with figures in two currencies gives neither to a bare figure of another
    paragraph."""
    units = [_carried(c) for c in claims]
    out = []
    for i, claim in enumerate(claims):
        # 'Other 4.6 mln loss vs 600,000 loss': a scaled gain or loss with no unit is an amount, not a count
        amount = claim.object_lemma in AMOUNT_NOUNS and _BARE_SCALED.search(claim.text.rsplit(None, 1)[0])
        if claim.unit is None and claim.currency is None and (_BARE_SCALED.search(claim.text) or amount) \
                and not _names_what_it_counts(index, claim):
            bounds = index.sentence_bounds(claim.start_char)
            in_sentence = {u for c, u in zip(claims, units) if u is not None
                           and index.sentence_bounds(c.start_char) == bounds}
            paragraph = index.text.rfind("\n\n", 0, claim.start_char)
            in_paragraph = {u for c, u in zip(claims[:i], units[:i]) if u is not None and c.start_char > paragraph}
            named = _named_currencies(index, bounds, claims) if not in_sentence else set()
            earlier = {u for u in units[:i] if u is not None}
            later = {u for u in units[i + 1:] if u is not None}  # a results table whose unit a note states after it
            chosen = in_sentence or named or in_paragraph or earlier or later
            if len(chosen) == 1:
                unit, currency = next(iter(chosen))
                claim = replace(claim, unit=unit, currency=currency)
        out.append(claim)
    return out


def _named_currencies(index: TokenIndex, bounds: tuple[int, int], claims: list[Claim]) -> set[tuple[str, str | None]]:
    """The currencies a sentence with no money figure names in words outside its figures ('in peso terms', 'the
    bank's peso deposits'): the money a bare scaled figure of that sentence is in, before the article's. Not a
    currency that is a clause's subject ('the dollar closed at 131 yen'): it is priced, not the money counted."""
    in_sentence = [c for c in claims if bounds[0] <= c.start_char < bounds[1]]
    if any((c.unit or "").split(" per ")[0] in MONEY_UNITS for c in in_sentence):
        return set()
    spans = [(c.start_char, c.end_char) for c in in_sentence]
    found = set()
    for token in index.span_tokens(*bounds):
        if not bounds[0] <= token.idx < bounds[1] or token.pos_ not in ("NOUN", "PROPN", "ADJ") \
                or token.dep_ in ("nsubj", "nsubjpass") or token.text in AMBIGUOUS_UNIT_FORMS \
                or any(s <= token.idx < e for s, e in spans):
            continue
        form = UNIT_FORMS.get(token.text) or UNIT_FORMS.get(token.lemma_.lower())
        if form is not None and form[0] in MONEY_UNITS and form[0] not in ("cent", "penny"):
            found.add(form)
    return found


_US_MARKED = re.compile(r"\$US|US\$|U\.S\.[ \t]?\$")


def local_dollar_conversions(text: str, claims: list[Claim]) -> list[Claim]:
    """'$US120,000 ($131,500)': a bare '$' figure in brackets converting one marked as US dollars is in the
    article's own dollar, the one other dollar its figures state (A$, NZ$, 'Australian dollars'); with none or
    two, it stays 'dollar'."""
    local = {(c.unit, c.currency) for c in claims if c.unit and c.unit.endswith(" dollar") and c.currency != "USD"}
    if len(local) != 1:
        return claims
    (unit, currency), = local
    out = list(claims)
    for i in range(1, len(out)):
        before, claim = out[i - 1], out[i]
        if claim.unit == "dollar" and before.unit == "dollar" and text.startswith("$", claim.start_char) \
                and text[before.end_char:claim.start_char].strip() == "(" and _US_MARKED.match(text, before.start_char):
            out[i] = replace(claim, unit=unit, currency=currency)
    return out


def read_together(text: str, index: TokenIndex, claims: list[Claim]) -> list[Claim]:
    """The units the claims give one another, in turn: a table's heading, a time in two units, a bare scaled
    figure's unit, a converted figure's own dollar."""
    claims = implied_scaled_units(index, joined_durations(text, table_heading_units(text, claims)))
    return local_dollar_conversions(text, claims)
