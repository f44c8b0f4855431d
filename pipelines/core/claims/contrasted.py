"""The counted thing of a figure whose own clause names none, taken from the figure it is contrasted with or
continues, within its sentence or from the sentence before:

- a figure set against an earlier one of the same kind ('averaged 393 mln dlrs ..., up from 265 mln dlrs',
  'earned 5 mln dlrs in the quarter, against 3 mln dlrs a year earlier', 'realized gains of 93,551 dlrs ...,
  and of 92,075 dlrs', 'from 25.88 dlrs per barrel in 1985 to 13.90 dlrs', 'with an interim figure of 1.5
  million') counts what that figure counts;
- a coordinated clause whose subject is the figure itself or a pronoun ('5.2 million adults ..., while 14.9
  million have ...', 'exports were 32,800 tonnes and consumption 57,800');
- a percentage change set after a level of another unit by a comma with no verb between ('totalled 1,522 in
  January, 1.4 pct down') is that level's change;
- the first figure of a sentence that continues the one before, opening with a pronoun subject of a level or
  change verb or with a contrast ('They were 35 mln dlrs a year earlier', 'A year earlier the figure was 7
  pct'), counts what the last figure of the same kind in the sentence before counts.

A figure borrows only from one of the same kind (the same unit, both money, or both bare counts), and only when
its own clause has no noun subject of its own and its verb, if any, is the source's, a level or change verb,
or 'have'. The borrowed object is the source's as written; nothing in the row says it was borrowed (the
extractor's documentation lists these forms).

A figure and the one it is compared with in brackets, written before the unit both are in ('3,426 (168,682)
tonnes of rye'), both take that unit and its 'of' phrase.

Entry points: `borrow_contrasted_objects(text, index, claims)` -> the claims with the objects filled in;
`bracketed_pair_units(text, index, claims)` -> the claims with the units of bracketed pairs filled in.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from pipelines.core.claims.model import Claim
from pipelines.core.claims.parse import object_phrase
from pipelines.core.claims.patterns import (
    BRACKETED_PAIR_AFTER,
    BRACKETED_PAIR_INSIDE,
    CONTINUING_SENTENCE_OPENING,
    CONTRAST_AFTER_FIGURE,
    CONTRAST_GAP,
    DURATION_UNITS,
    FIGURE_OPENING_BRACKET,
    FROM_BEFORE,
    FROM_TO_GAP,
    LEADING_WORDS,
    LIGHT_HOLDER_BEFORE,
    MONEY_UNITS,
    PARAGRAPH_BREAK,
    UNIT_FORMS,
)
from pipelines.core.quantities import (
    AMBIGUOUS_UNIT_FORMS,
    CHANGE_VERB_LEMMAS,
    LEVEL_VERB_LEMMAS,
    LIGHT_NOUNS,
    MONEY_VERB_NOUNS,
    RESTATING_NOUNS,
    TIME_NOUNS,
)

# The most characters between a level and the percentage change set after it ('1,522 in January, ').
CHANGE_AFTER_LEVEL_GAP = 40
# Verbs a contrasted figure may hang from besides the source's own: a level, a change, or holding ('have').
_CARRYING_VERBS = LEVEL_VERB_LEMMAS | frozenset(CHANGE_VERB_LEMMAS["up"]) | frozenset(CHANGE_VERB_LEMMAS["down"]) \
    | {"have", "compare"}
# Objects a verb of takings or spending names for its money ('takings'): the verb's, no other clause's.
_VERB_NAMED = frozenset(MONEY_VERB_NOUNS.values())
_PRONOUNS = frozenset({"it", "they", "this", "that", "these", "those", "which"})


def borrow_contrasted_objects(text: str, index, claims: Sequence[Claim]) -> list[Claim]:
    """Claims whose own clause names no counted thing take the object of the figure they are contrasted with
    or continue (see the module docstring); the others are returned unchanged."""
    out = list(claims)
    for i, claim in enumerate(out):
        if claim.object is not None or claim.unit in DURATION_UNITS or claim.unit == "year":
            continue
        found = _contrasted_in_sentence(text, index, out, i) or _continued_from_before(text, index, out, i) \
            or _change_after_level(text, index, out, i)
        if found is None:
            continue
        source, unit = found
        if source.object_lemma in _VERB_NAMED and source.object_lemma not in source.sentence.lower():
            continue  # 'spent 8 mln euros and raised 2 mln': the spending is the first verb's, not the second's
        out[i] = replace(claim, object=source.object, object_lemma=source.object_lemma, unit=unit)
    return out


def _money(unit: str | None) -> bool:
    return unit is not None and unit.split(" per ")[0] in MONEY_UNITS


def _same_kind(claim: Claim, source: Claim) -> str | None | bool:
    """The unit the claim is read with when it is of the same kind as the source (the same unit, both money,
    both bare counts), else False. A bare amount of money set against a price per something is per it too."""
    if claim.unit is None and claim.currency is None:
        if source.unit == "percentage" and 0 < (claim.value if claim.value is not None else claim.value_high or 0) <= 1:
            return None  # '31% of documents ... up to three-quarters': both shares
        return None if source.unit is None and source.currency is None else False
    if claim.unit == source.unit:
        return claim.unit
    if _money(claim.unit) and _money(source.unit):
        if source.unit.startswith(f"{claim.unit} per ") and " per " not in claim.unit:
            return source.unit  # 'from 25.88 dlrs per barrel in 1985 to 13.90 dlrs'
        return claim.unit
    return False


def _figure_root(index, claim: Claim) -> Token | None:
    tokens = index.span_tokens(claim.start_char, claim.end_char)
    if not tokens:
        return None
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])


def _carrier(root: Token) -> tuple[Token | None, bool, Token | None]:
    """The verb the figure hangs from, whether the way up to it passes a preposition or an apposition (a
    verbless phrase set against the clause: 'against 3 mln dlrs', 'with 150 on horseback'), and the first noun
    passed on the way ('options on 193 more': the figure is the options' own)."""
    token, phrase, noun = root, False, None
    for _ in range(12):
        if token is not root:
            if token.pos_ in ("VERB", "AUX"):
                return token, phrase, noun
            if noun is None and token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() not in TIME_NOUNS:
                noun = token  # not a period the parser hung it on ('for the first half ..., well below 260 mln')
        if token.dep_ in ("prep", "pobj", "appos", "npadvmod", "advcl", "conj", "pcomp") and token is not root \
                or root.dep_ in ("pobj", "appos", "npadvmod", "conj") and token is root:
            phrase = True
        if token.head.i == token.i:
            break
        token = token.head
    return None, phrase, noun


def _own_clause_is_open(root: Token, source: Claim | None, source_root: Token | None, count: bool) -> bool:
    """The figure's clause names no counted thing of its own: the figure is no noun's phrase but the source's
    (or a light noun's: 'an interim figure of 1.5 million'), its verb's subject is no noun besides the figure,
    and the verb is the source's, a level or change verb, or 'have' (or none: a phrase set against the clause).
    A bare count may be the subject of any verb ('while 1.2 million rely on ...'). A figure continuing the
    sentence before (no source root) must hang from such a verb, not from a phrase."""
    verb, phrase, noun = _carrier(root)
    if noun is not None and noun.lemma_.lower() not in LIGHT_NOUNS and (
            source is None or noun.lemma_.lower() != (source.object_lemma or "").split(" ")[-1]):
        return False
    if verb is None:
        return source_root is not None
    source_verb = _carrier(source_root)[0] if source_root is not None else None
    if source_verb is not None and verb.i == source_verb.i:
        return True  # one verb for both ('includes gains of 93,551 dlrs ..., and of 92,075 dlrs')
    for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        if root.i in {t.i for t in subject.subtree}:
            continue  # the figure is (part of) the subject: '14.9 million have ...'
        if subject.pos_ == "PRON" and subject.lower_ in _PRONOUNS:
            continue  # 'they were', 'which was': the thing of the sentence
        if subject.lemma_.lower() in RESTATING_NOUNS and not any(c.dep_ == "prep" for c in subject.children):
            continue  # 'Now the figure is 14%': the light noun stands for the thing before
        if subject.pos_ in ("NOUN", "PROPN", "PRON"):
            return False  # a clause of its own about something else
    if source_verb is not None and verb.dep_ == "conj" and verb.head.i == source_verb.i:
        return True  # 'exported £16.9bn worth of goods, but imported £21.5bn': the same subject's parallel verb
    if count and root.dep_ in ("nsubj", "nsubjpass") and root.head.i == verb.i:
        return True
    return (phrase and source_root is not None) or verb.lemma_.lower() in _CARRYING_VERBS


def _contrasted_in_sentence(text: str, index, claims: list[Claim], i: int) -> tuple[Claim, str | None] | None:
    claim = claims[i]
    bounds = index.sentence_bounds(claim.start_char)
    for j in range(i - 1, -1, -1):
        source = claims[j]
        if index.sentence_bounds(source.start_char) != bounds or source.end_char > claim.start_char:
            return None
        unit = _same_kind(claim, source)
        if unit is False:
            continue  # 'averaged 393 mln dlrs in the two weeks ..., up from 265 mln dlrs': past the weeks
        if source.object is None or PARAGRAPH_BREAK.search(text, source.end_char, claim.start_char):
            return None
        # with the figure's own leading words: 'an interim profit of 120 mln dlrs ..., well below 260 mln dlrs'
        gap = text[source.end_char:claim.start_char] + LEADING_WORDS.match(claim.text).group()
        if not (CONTRAST_GAP.search(gap) or CONTRAST_AFTER_FIGURE.match(text, claim.end_char)
                or LIGHT_HOLDER_BEFORE.search(text, max(0, claim.start_char - 20), claim.start_char)
                or FROM_TO_GAP.search(gap) and FROM_BEFORE.search(text, max(0, source.start_char - 12), source.start_char)):
            return None
        root = _figure_root(index, claim)
        count = claim.unit is None and claim.currency is None
        if root is None or not _own_clause_is_open(root, source, _figure_root(index, source), count):
            return None
        return source, unit
    return None


def _continued_from_before(text: str, index, claims: list[Claim], i: int) -> tuple[Claim, str | None] | None:
    """The first figure of a sentence that continues the one before ('A year earlier they were 35 mln dlrs')."""
    claim = claims[i]
    start, _ = index.sentence_bounds(claim.start_char)
    if i == 0 or claims[i - 1].start_char >= start or start == 0:
        return None  # not the sentence's first figure, or no sentence before
    if not CONTINUING_SENTENCE_OPENING.match(text, start):
        return None
    root = _figure_root(index, claim)
    if root is None or not _own_clause_is_open(root, None, None, False):
        return None
    before = index.sentence_bounds(claims[i - 1].start_char)
    if text[before[1]:start].strip():
        return None  # the figure before is not in the sentence right before
    for j in range(i - 1, -1, -1):
        source = claims[j]
        if source.start_char < before[0] or PARAGRAPH_BREAK.search(text, source.end_char, claim.start_char):
            return None
        unit = _same_kind(claim, source)
        if unit is False:
            continue
        return (source, unit) if source.object is not None else None
    return None


def _change_after_level(text: str, index, claims: list[Claim], i: int) -> tuple[Claim, str | None] | None:
    """A percentage change set after a level of another unit by a comma, with no verb between ('insolvencies
    totalled 1,522 in January, 1.4 pct down on a year before') is the change of that level's thing."""
    claim = claims[i]
    if i == 0 or claim.unit not in ("percentage", "percentage point") or claim.qualifier not in ("up", "down"):
        return None
    source = claims[i - 1]
    gap = text[source.end_char:claim.start_char]
    if source.object is None or source.unit == claim.unit or source.value is None or "," not in gap \
            or len(gap) > CHANGE_AFTER_LEVEL_GAP or PARAGRAPH_BREAK.search(gap) \
            or index.sentence_bounds(source.start_char) != index.sentence_bounds(claim.start_char):
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.tag_ in ("WDT", "WP") for t in index.span_tokens(source.end_char, claim.start_char)):
        return None  # a clause of its own between them
    return source, claim.unit


def bracketed_pair_units(text: str, index, claims: Sequence[Claim]) -> list[Claim]:
    """'3,426 (168,682) tonnes of rye', '16,818 (nil) tonnes of wheat': a bare figure followed by its comparison in
    brackets, and the bracketed figure itself, are in the unit written after the brackets, of its 'of' phrase."""
    out = list(claims)
    for i, claim in enumerate(out):
        if claim.unit is not None or claim.currency is not None or claim.value is None:
            continue
        after = BRACKETED_PAIR_AFTER.match(text, claim.end_char)
        if after is None and FIGURE_OPENING_BRACKET.search(text, max(0, claim.start_char - 20), claim.start_char):
            after = BRACKETED_PAIR_INSIDE.match(text, claim.end_char)
        if after is None or after["u"] in AMBIGUOUS_UNIT_FORMS:
            continue
        unit, currency = UNIT_FORMS[after["u"]]
        obj = obj_lemma = None
        if after.end() > after.end("u") and claim.object is None:
            noun = index.at(after.end())
            for _ in range(4):
                if noun.dep_ in ("compound", "amod", "nmod") and noun.head.i > noun.i:
                    noun = noun.head  # 'high quality rye'
            if noun.pos_ in ("NOUN", "PROPN"):
                obj, obj_lemma = object_phrase(noun, text, after.end())[2:]
        out[i] = replace(claim, unit=unit, currency=currency, object=claim.object or obj,
                         object_lemma=claim.object_lemma or obj_lemma)
    return out
