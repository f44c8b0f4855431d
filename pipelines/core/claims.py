"""Numeric claims: quantities stated in an article, with unit, qualifier and subject.

One pass over an already parsed Doc. Numbers are found with precompiled regexes on
`doc.text` (digits, number words, scales, currencies, units, ranges); the parse is
then read, never re-run, for the counted thing (`object`), the entity the number is
about, and to reject names such as 'iPhone 11' or '10 Downing Street'.
Dates, clock times, years used as dates, ordinals, product/model names, phone
numbers and URLs are not claims.
"""
from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipelines.core.entities import Mention, mention_at
from pipelines.core.quantities import (
    AMBIGUOUS_UNIT_FORMS,
    AMOUNT_NOUNS,
    CHANGE_CUES,
    CHANGE_CUES_WITH_BY,
    CHANGE_NOUNS,
    CHANGE_VERB_LEMMAS,
    CURRENCY_PREFIXES,
    FRACTION_WORDS,
    GLUED_SCALES,
    LABEL_WORDS,
    LEMMA_OVERRIDES,
    METRE_EVENT_NOUNS,
    MILLION_COUNT_NOUNS,
    MONTHS,
    MULTIPLIER_WORDS,
    PLURAL_SCALES,
    QUALIFIER_AFTER_CUES,
    QUALIFIER_CUES,
    QUALIFIERS,
    SCALE_AFTER_DIGITS,
    SCALE_WORDS,
    SMALL_NUMBERS,
    UNITS,
    VULGAR_FRACTIONS,
)

__all__ = ["QUALIFIERS", "Claim", "extract_claims"]


@dataclass(frozen=True)
class Claim:
    text: str
    value: float | None        # for a range: its midpoint; for a bound: the bound itself
    value_low: float | None    # range low end, or the bound of '>', '>='
    value_high: float | None   # range high end, or the bound of '<', '<='
    qualifier: str             # one of QUALIFIERS
    unit: str | None
    currency: str | None
    object: str | None
    object_lemma: str | None
    sentence: str
    start_char: int
    end_char: int
    about: str | None
    about_label: str | None


# ---------------------------------------------------------------- regexes (compiled once)

# One space, including the non-breaking kinds and a line break inside a paragraph (newswire wraps lines).
_S = r"(?:[ \t\u00a0\u202f\u2009]|\n(?![ \t]*\n))"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_NUMBER_WORD = _alternation([*SMALL_NUMBERS, *MULTIPLIER_WORDS, *SCALE_WORDS])
_BIG_WORD = _alternation([*MULTIPLIER_WORDS, *SCALE_WORDS])
_WORD_JOIN = (
    rf"(?:-|{_S}+|{_S}*&{_S}*"
    rf"|(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion)){_S}+and{_S}+"
    rf"|(?:(?<=thousand)|(?<=million)|(?<=billion)),{_S}+)"
)
_VULGAR = "".join(VULGAR_FRACTIONS)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+(?:\.\d+)?|\.\d+"

_CORE = re.compile(
    rf"""(?i:
      (?<![\w])(?P<plural>{_alternation(PLURAL_SCALES)})(?:{_S}+of{_S}+(?P<plural2>thousands|millions|billions))?(?={_S}+of\b)
    | (?<![\w])half{_S}+an?{_S}+(?P<halfscale>{_BIG_WORD})\b
    | (?<![\w])(?P<fracnum>{_alternation(SMALL_NUMBERS)}|an?)(?:-|{_S}+)(?P<fracden>{_alternation(FRACTION_WORDS)})\b
    | (?<![\w])(?P<words>(?:an?{_S}+(?=(?:{_BIG_WORD})\b))?(?:{_NUMBER_WORD})\b(?:{_WORD_JOIN}(?:{_NUMBER_WORD})\b)*
                          (?:{_S}+and{_S}+a{_S}+half\b)?)
    )
    | (?<![\w.,])(?P<mixed>\d+)(?:{_S}|-)(?P<mixnum>\d+)/(?P<mixden>\d+)(?![\d/])
    | (?<![\w.,/])(?P<fracn>\d+)/(?P<fracd>\d+)(?![\d/])
    | (?<![\w.,])(?P<digits>{_DIGITS})(?P<exp>[eE][-+]?\d+(?![\w]))?(?:{_S}*×{_S}*10\^?(?P<exp10>[-−]?\d+))?(?P<vulgar>[{_VULGAR}])?
    | (?<![\w])(?P<vulgaronly>[{_VULGAR}])
    """,
    re.X,
)


def _unit_forms() -> dict[str, tuple[str, str | None]]:
    """Surface form -> (canonical unit, currency); lowercase words also Capitalized and UPPER ('N.Z. Dlrs')."""
    forms: dict[str, tuple[str, str | None]] = {}
    for unit, (currency, surfaces) in UNITS.items():
        for surface in surfaces:
            variants = {surface}
            if any(w.islower() and len(w) >= 3 for w in surface.split()) and surface not in AMBIGUOUS_UNIT_FORMS:
                capitalized = " ".join(w.capitalize() if w.islower() else w for w in surface.split())
                variants |= {capitalized, surface.upper()}
            for variant in variants:
                forms.setdefault(variant, (unit, currency))
    return forms


_UNIT_FORMS = _unit_forms()
_UNIT_ALT = _alternation(_UNIT_FORMS)
# Between number and unit: nothing, a space, or a hyphen ('two-hour', '8- to 16-meter').
_UNIT = re.compile(rf"(?:{_S}?-{_S}?|{_S})?(?P<u>{_UNIT_ALT})(?![A-Za-z0-9])")
# '$15.4/hour', '50 cts a barrel', '6.66 dlrs an hour', '2.4 million barrels per day'.
_PER_UNIT = re.compile(
    rf"(?:{_S}*/{_S}*|{_S}+(?:per|an?){_S}+)(?P<u>{_UNIT_ALT})(?![A-Za-z0-9])(?!{_S}+(?:ago|earlier|before|later)\b)")
_SCALE = re.compile(rf"(?:{_S}|{_S}?-{_S}?)?(?P<s>(?i:{_alternation(SCALE_AFTER_DIGITS)}))(?![A-Za-z])")
_GLUED_SCALE = re.compile(rf"(?P<s>[{''.join(GLUED_SCALES)}])(?![A-Za-z0-9])")
_COUNTED_PLURAL = re.compile(rf"(?i){_S}+(?:{_alternation(MILLION_COUNT_NOUNS)})\b")
_CURRENCY_BEFORE = re.compile(rf"(?:^|(?<=[^\w$]))(?P<c>{_alternation(CURRENCY_PREFIXES)}){_S}?(?P<sign>[-−])?$")
_SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s(]))[-−]$")
_RANGE_JOIN = re.compile(rf"(?P<j>-?{_S}+to{_S}+|{_S}+and{_S}+|{_S}*[-–—]{_S}*)")  # '8- to 16' before '8-'
_RANGE_END_PREFIX = re.compile(rf"(?P<c>{_alternation(CURRENCY_PREFIXES)})?{_S}?(?P<sign>[-−])?")
_BETWEEN_BEFORE = re.compile(rf"(?i)\bbetween{_S}+$")
_FROM_AFTER_CHANGE = re.compile(
    rf"(?i)\b(?:{_alternation(CHANGE_CUES['up'] + CHANGE_CUES['down'])})(?:{_S}+\w+)?{_S}+from{_S}+(?:\w+{_S}+)?$")
_QUALIFIER_BEFORE = re.compile(
    rf"(?i)(?<![\w-])(?P<q>{_alternation(w for ws in QUALIFIER_CUES.values() for w in ws)}){_S}+$")
_QUALIFIER_OF = {cue: q for q, cues in QUALIFIER_CUES.items() for cue in cues}
_QUALIFIER_AFTER = re.compile(
    rf"(?i){_S}+(?P<q>{_alternation(w for ws in QUALIFIER_AFTER_CUES.values() for w in ws)})\b")
_QUALIFIER_AFTER_OF = {cue: q for q, cues in QUALIFIER_AFTER_CUES.items() for cue in cues}
_CHANGE_BEFORE = re.compile(
    rf"(?i)(?<![\w-])(?:(?P<c>{_alternation(CHANGE_CUES['up'] + CHANGE_CUES['down'])})(?P<by>{_S}+by)?"
    rf"|(?P<cb>{_alternation(CHANGE_CUES_WITH_BY['up'] + CHANGE_CUES_WITH_BY['down'])})(?P<cb_by>(?:{_S}+\w+)?{_S}+by)?"
    rf"|(?P<n>{_alternation(n for n in CHANGE_NOUNS['up'] + CHANGE_NOUNS['down'] if n not in AMOUNT_NOUNS)}){_S}+of)"
    rf"{_S}+$")  # 'a gain of 117,000'
_TO_LEVEL_AFTER = re.compile(rf"{_S}+to{_S}+(?:{_alternation(CURRENCY_PREFIXES)})?\d")
_CHANGE_OF = {cue: d for cues_of in (CHANGE_CUES, CHANGE_CUES_WITH_BY) for d, cues in cues_of.items() for cue in cues}
_CHANGE_AFTER = re.compile(
    rf"(?i)(?:{_S}*-?{_S}*)(?P<c>{_alternation(CHANGE_NOUNS['up'] + CHANGE_NOUNS['down'])}|higher|lower)\b")
_CHANGE_NOUN_OF = {**{n: d for d, ns in CHANGE_NOUNS.items() for n in ns}, "higher": "up", "lower": "down"}
_PREV_WORD = re.compile(r"(?P<w>[A-Za-z][\w.]*)[ \u00a0]+$")
_INCH_CONTEXT = re.compile(rf"{_S}*(?:[.,;:!?)]|$|thick|long|wide|tall|high|deep)")
_CAPITALIZED_NEXT = re.compile(rf"{_S}+[A-Z]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_OF_A = re.compile(rf"{_S}+of{_S}+an?(?={_S})")
_OF_AFTER = re.compile(rf"{_S}+of\b")
_GLUED_WORD = re.compile(r"-([A-Za-z]{2,})\b")
_FRACTION_END = re.compile(rf"{_S}+of\b|{_S}*(?:[.,;:!?)]|$)")
_SCORE_CONTEXT = re.compile(r"(?i)\b(?:won|win|wins|beat|beaten|lost|lose|loses|drew|draw|defeat|victory|lead|led|trail|score|scored|thrashing)\b")

_WORD = re.compile(r"[a-z]+")
_AND_A_HALF = re.compile(r"and\s+a\s+half$")
_THOUSANDS_SEPARATOR = re.compile(r"[,\u00a0\u202f\u2009]")
_NUMBER_TEXT = re.compile(r"[\d,.]+")
_WORDS_ONLY = re.compile(r"[^\W\d]*(?:[ \t.'’-]+[^\W\d]*){0,4}")  # words between a number and its noun

# Spans that are never claims: dates, clock times, phone numbers, URLs.
_BLOCKED = re.compile(
    rf"""
      \b(?:{MONTHS})\.?{_S}+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?{_S}*\d{{4}}\b)?      # May 19, 2025
    | \b\d{{1,2}}(?:st|nd|rd|th)?{_S}+(?:of{_S}+)?(?:{MONTHS})\b\.?(?:,?{_S}*\d{{4}}\b)?  # 19 May 2025
    | \b(?:{MONTHS})\.?,?{_S}+\d{{4}}\b                                       # May 2025
    | \b\d{{1,2}}(?:,{_S}*\d{{1,2}})*,?{_S}+(?:and|or|to){_S}+\d{{1,2}}{_S}+(?:{MONTHS})\b  # 14, 20 and 27 April
    | \b\d{{4}}(?P<iso>[-./])\d{{1,2}}(?P=iso)\d{{1,2}}\b                         # 2025.05.20
    | \b\d{{1,2}}(?P<dmy>[/.-])\d{{1,2}}(?P=dmy)\d{{2,4}}\b                       # 5/19/2025, not '2.5-10%'
    | (?<![\d.])\d{{1,2}}(?:[:.]\d{{2}})?{_S}?(?:[ap]\.m\.|[AaPp][Mm]\b)     # 2 pm, 2.17pm
    | (?<![\d.])\d{{1,2}}:\d{{2}}(?::\d{{2}})?\b                              # 15:29
    | \b[0-2]\d[0-5]\d{_S}?(?:GMT|EST|EDT|CST|CDT|PST|PDT|BST|CET|UTC|JST)\b     # 1530 EST
    | (?<![\w+])(?:\+\d{{1,3}}[ .-]?\(?\d{{1,5}}\)?[ .-]?\d{{2,5}}[ .-]?\d{{2,5}}(?:[ .-]?\d{{2,5}})?
                  |\(\d{{2,5}}\)[ .-]?\d{{3,4}}[ .-]\d{{3,4}}
                  |\d{{3,5}}[ .-]\d{{3,4}}[ .-]\d{{3,4}})(?![\w])             # phone numbers
    | (?:https?://|www\.)\S+|\S+@\S+\.\w+|\S+\.(?:com|org|net|gov|co\.uk)(?:/\S*)?   # links
    | &\#x?[0-9a-fA-F]+;                                                     # HTML entities ('&#233;')
    | \b\d+(?:\.\d+)?-for-\d+\b                                             # 2-for-1 split ratios
    """,
    re.X,
)

_MONEY_UNITS = frozenset(unit for unit, (currency, _) in UNITS.items() if currency) | {"cent", "penny", "dime", "franc"}
_CHANGE_UNITS = _MONEY_UNITS | {"percentage", "percentage point", "basis point", "point"}
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
_CHANGE_VERB_OF = {lemma: d for d, lemmas in CHANGE_VERB_LEMMAS.items() for lemma in lemmas}
_CHANGE_NOUN_LEMMA_OF = {n: d for d, ns in CHANGE_NOUNS.items() for n in ns}
_PRONOUN_ONE_BEFORE = re.compile(rf"(?i)\b(?:the|this|that|any|each|no){_S}+$")
# Between two figures of one statement: 'fell 1.6% and 0.5%', 'sank 14.87% - or $1.83', 'fell $10m (£5m)'.
_PARALLEL_GAP = re.compile(rf"{_S}*(?:,?{_S}*(?:and|or)|[-–—]{_S}*or|\(){_S}*")
# A figure that repeats the unit of the one before it: 'to 450 mln stg from 400 mln', '20.6 billion dlrs ...
# of which 7.6 billion'.
_IMPLIED_UNIT_GAP = 80


# ---------------------------------------------------------------- number values


def _words_value(text: str) -> float:
    """'two hundred' -> 200, 'three million, two hundred & forty' -> 3000240, 'a dozen' -> 12."""
    total, current = 0.0, 0.0
    for word in _WORD.findall(text.lower()):
        if word in SMALL_NUMBERS:
            current += SMALL_NUMBERS[word]
        elif word in MULTIPLIER_WORDS:
            current = (current or 1) * MULTIPLIER_WORDS[word]
        elif word in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[word]
            current = 0.0
    value = total + current
    if _AND_A_HALF.search(text.lower()):
        value += 0.5
    return value


def _digits_value(text: str) -> float:
    return float(_THOUSANDS_SEPARATOR.sub("", text))


def _core_value(m: re.Match) -> tuple[float | None, str]:
    """Value of a core match and its kind: 'digits', 'words', 'fraction', 'slash' ('3/4'), 'plural'."""
    if m["plural"]:
        value = 2 * PLURAL_SCALES[m["plural"].lower()]
        if m["plural2"]:
            value *= SCALE_WORDS[m["plural2"].lower()[:-1]]
        return value, "plural"
    if m["halfscale"]:
        word = m["halfscale"].lower()
        return 0.5 * (SCALE_WORDS.get(word) or MULTIPLIER_WORDS[word]), "words"
    if m["fracden"]:
        numerator = m["fracnum"].lower()
        return (1 if numerator in ("a", "an") else SMALL_NUMBERS[numerator]) / FRACTION_WORDS[m["fracden"].lower()], "fraction"
    if m["words"]:
        return _words_value(m["words"]), "words"
    if m["mixed"]:
        den = int(m["mixden"])
        return (int(m["mixed"]) + int(m["mixnum"]) / den if den else None), "fraction"
    if m["fracn"]:
        num, den = int(m["fracn"]), int(m["fracd"])
        return (num / den if den and num < 1000 else None), "slash"
    if m["vulgaronly"]:
        return VULGAR_FRACTIONS[m["vulgaronly"]], "fraction"
    value = _digits_value(m["digits"])
    if m["exp"]:
        value *= 10.0 ** int(m["exp"][1:])
    if m["exp10"]:
        value *= 10.0 ** int(m["exp10"].replace("−", "-"))
    if m["vulgar"]:
        value += VULGAR_FRACTIONS[m["vulgar"]]
    return value, "digits"


# ---------------------------------------------------------------- one quantity on the text


@dataclass
class _Quantity:
    start: int                 # surface start (currency, sign and qualifier included)
    number_start: int          # first char of the number
    number_end: int            # end of the number and its scale word (before the unit)
    end: int                   # surface end (unit included)
    value: float
    kind: str
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    currency: str | None = None
    scaled: bool = False
    glued_letters: bool = False  # digits glued to letters that are neither unit nor scale ('5G', '21st')
    score: bool = False          # '7-5', '2-2': a result, not a quantity


def _read_unit(text: str, pos: int, after_digits: bool) -> tuple[str | None, str | None, int]:
    """Unit written at `pos` (with an optional '/hour' or 'per kg' part) -> (unit, currency, end)."""
    m = _UNIT.match(text, pos)
    if not m:
        return None, None, pos
    form = m["u"]
    if form in AMBIGUOUS_UNIT_FORMS:
        glued = m.start("u") == pos
        if form == "in" and not _INCH_CONTEXT.match(text, m.end()):
            return None, None, pos
        if form in ("p", "m", "t", "g") and not (after_digits and (glued or form in ("m", "t"))):
            return None, None, pos
        if form == "p" and not glued:
            return None, None, pos
        if form == "pm" and not after_digits:
            return None, None, pos
        if form in ("L", "J", "W", "°", "ct") and not after_digits:
            return None, None, pos
    unit, currency = _UNIT_FORMS[form]
    if form.lower() == "pounds" and _OF_AFTER.match(text, m.end()):
        unit, currency = "pound-mass", None
    end = m.end()
    per = _PER_UNIT.match(text, end)
    if per and per["u"] not in AMBIGUOUS_UNIT_FORMS:
        unit, currency = f"{unit} per {_UNIT_FORMS[per['u']][0]}", currency
        end = per.end()
    return unit, currency, end


def _currency_unit_at(text: str, pos: int) -> bool:
    m = _UNIT.match(text, pos)
    return bool(m and m.start("u") > pos and _UNIT_FORMS[m["u"]][1])


def _read_scale(text: str, pos: int, kind: str, has_currency: bool) -> tuple[float, int]:
    """Scale word or suffix after a number ('billion', 'mln', 'bn', glued 'm'/'k') -> (factor, end)."""
    if kind not in ("digits", "words"):
        return 1.0, pos
    m = _SCALE.match(text, pos)
    if m:
        return SCALE_AFTER_DIGITS[m["s"].lower()], m.end()  # also 'three mln'
    if kind != "digits":
        return 1.0, pos
    m = _GLUED_SCALE.match(text, pos)
    if m:
        letter = m["s"]
        if letter in "kK" or has_currency:
            return GLUED_SCALES[letter], m.end()
        if letter == "m" and (_COUNTED_PLURAL.match(text, m.end()) or _currency_unit_at(text, m.end())):
            return GLUED_SCALES[letter], m.end()  # '2m people', '800m euros'; else '60m' is metres
    return 1.0, pos


def _read_number(text: str, pos: int) -> tuple[re.Match | None, str | None, str | None, float]:
    """A (currency-prefixed, signed) number starting at pos, for the far end of a range."""
    currency_unit = currency = None
    sign = 1.0
    prefix = _RANGE_END_PREFIX.match(text, pos)
    if prefix and prefix.end() > pos:
        if prefix["c"]:
            currency_unit, currency = CURRENCY_PREFIXES[prefix["c"]]
        if prefix["sign"]:
            sign = -1.0
        pos = prefix.end()
    return _CORE.match(text, pos), currency_unit, currency, sign


def _read_quantity(text: str, m: re.Match) -> _Quantity | None:
    value, kind = _core_value(m)
    if value is None:
        return None
    start = m.start()
    currency_unit = currency = None
    before = text[max(0, start - 8):start]
    cur = _CURRENCY_BEFORE.search(before)
    if cur and kind == "digits":
        currency_unit, currency = CURRENCY_PREFIXES[cur["c"]]
        start -= len(before) - cur.start("c")
        if cur["sign"]:
            value = -value
    elif _SIGN_BEFORE.search(before) and kind == "digits":
        start -= 1
        value = -value
    pos = m.end()
    factor, pos = _read_scale(text, pos, kind, currency is not None)
    value *= factor
    quantity = _Quantity(start, m.start(), pos, pos, value, kind, unit=currency_unit, currency=currency, scaled=factor != 1.0)
    if currency_unit is None:
        of_a = _OF_A.match(text, pos) if kind == "fraction" else None  # 'a quarter of a percentage point'
        unit, unit_currency, unit_end = _read_unit(text, of_a.end() if of_a else pos, kind == "digits")
        if unit:
            quantity.unit, quantity.currency, quantity.end = unit, unit_currency, unit_end
    else:
        per = _PER_UNIT.match(text, pos)  # '$15.4/hour'
        if per and per["u"] not in AMBIGUOUS_UNIT_FORMS:
            quantity.unit, quantity.end = f"{currency_unit} per {_UNIT_FORMS[per['u']][0]}", per.end()
    _read_range(text, quantity)
    if quantity.unit is None and quantity.end == pos and pos < len(text) and kind == "digits":
        quantity.glued_letters = text[pos].isalpha() or (text[pos] == "." and text[pos + 1:pos + 2].isdigit())
    if quantity.currency is None and quantity.unit is None:  # '15 mln dlrs', '2 trillion yen'
        unit, unit_currency, unit_end = _read_unit(text, quantity.end, kind == "digits")
        if unit and unit_currency:
            quantity.unit, quantity.currency, quantity.end = unit, unit_currency, unit_end
    return quantity


def _read_range(text: str, q: _Quantity) -> None:
    """Extend q over '10-15', 'between 3 and 4 million', '8- to 16-meter', '44 mg to 50 mg'."""
    join = _RANGE_JOIN.match(text, q.end)
    if not join:
        return
    word = join["j"].strip(" -\u00a0")
    between = _BETWEEN_BEFORE.search(text, max(0, q.start - 12), q.start)
    if word == "and" and not between:
        return
    if word == "to" and (_FROM_AFTER_CHANGE.search(text, max(0, q.start - 40), q.start)
                         or _CHANGE_BEFORE.search(text, max(0, q.start - 30), q.start)):
        return  # 'rose from 5% to 7%', 'fell 180,000 to 1.94 mln': a change and a level, not a range
    m, currency_unit, currency, sign = _read_number(text, join.end())
    if not m or q.kind not in ("digits", "words"):
        return
    high, kind = _core_value(m)
    if high is None or kind not in ("digits", "words"):
        return
    high *= sign
    factor, pos = _read_scale(text, m.end(), kind, (currency or q.currency) is not None)
    scale_both = factor != 1.0 and not q.scaled and abs(q.value) < abs(high)  # 'between 3 and 4 million'
    high *= factor
    unit, unit_currency, end = (currency_unit, currency, pos) if currency_unit else _read_unit(text, pos, kind == "digits")
    if q.unit and unit and unit != q.unit:
        return
    low = q.value * factor if scale_both else q.value
    if word not in ("to", "and") and not (low < high):
        if q.unit is None and unit is None and low == int(low) and high == int(high):
            q.score, q.end = True, end  # '7-5', '2-2'
        return
    if high == 1 and low > 1:
        return  # '35 to one' is a rate, not a range
    q.low, q.high = min(low, high), max(low, high)
    q.value = (q.low + q.high) / 2  # a range's value is its midpoint
    q.unit = q.unit or unit
    q.currency = q.currency or unit_currency
    q.end = end
    if between:
        q.start = between.start()


# ---------------------------------------------------------------- reading the parse


class _TokenIndex:
    """Char offset -> token or sentence, by bisection (Doc.text and Token.sent cost a pass over the doc)."""

    def __init__(self, doc: Doc, text: str):
        self.doc = doc
        self.text = text
        self.starts = [t.idx for t in doc]
        self._sentences: list[tuple[int, int]] | None = None

    def sentence_bounds(self, char: int) -> tuple[int, int]:
        if self._sentences is None:
            self._sentences = [(s.start_char, s.end_char) for s in self.doc.sents]
        i = bisect.bisect_right(self._sentences, (char, len(self.text) + 1)) - 1
        return self._sentences[max(0, i)]

    def at(self, char: int) -> Token:
        return self.doc[max(0, bisect.bisect_right(self.starts, char) - 1)]

    def span_tokens(self, start: int, end: int) -> list[Token]:
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = max(first, bisect.bisect_left(self.starts, end) - 1)
        return [self.doc[i] for i in range(first, last + 1)]


def _counted_noun(number_tokens: list[Token], after: Token | None) -> Token | None:
    """The noun a bare count counts: the head of its nummod, 'of X' after 'hundreds', or the next noun."""
    last = number_tokens[-1]
    for tok in reversed(number_tokens):
        head = tok.head
        if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.pos_ in _NOUN_POS and head.i > last.i:
            while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in _NOUN_POS:
                head = head.head
            return None if head.text in _UNIT_FORMS else head  # not the 'pct' of 'the 4.50/43 pct rate'
    if after is not None:
        if after.lower_ == "of" and after.i + 1 < len(after.doc):  # 'hundreds of people'
            candidate = next((c for c in after.children if c.dep_ == "pobj"), None)
            bare = candidate is not None and not any(c.dep_ in ("det", "poss", "nummod") for c in candidate.children)
            if bare and candidate.pos_ in _NOUN_POS:
                return candidate
            return None
        if after.pos_ == "NOUN" and after.text not in _UNIT_FORMS:
            head = after
            while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in _NOUN_POS:
                head = head.head
            return head
    return None


def _object_phrase(noun: Token, text: str, after: int = 0) -> tuple[int, int, str, str]:
    """Counted thing as written (compounds, 'of X'; from char `after` on) and its lemma -> (start, end, text, lemma)."""
    doc = noun.doc
    first = noun.i
    while (first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i in range(first, noun.i + 1)
           and doc[first - 1].idx >= after):  # not the 'm' of '39m cases'
        first -= 1
    last = noun.i
    if noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ == "of" and doc[noun.i + 1].head.i == noun.i:
        pobj = doc[noun.i + 2]
        if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and not list(pobj.children):
            last = noun.i + 2  # 'prisoners of war'
    words = [doc[i].text for i in range(first, last + 1)]
    head_lemma = LEMMA_OVERRIDES.get(noun.lower_) or (noun.lemma_ if noun.pos_ == "PROPN" else noun.lemma_.lower())
    lemma_words = words[:]
    lemma_words[noun.i - first] = head_lemma
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return start, end, text[start:end], " ".join(lemma_words)


def _mention_over(mentions: Sequence[Mention], first: Token, last: Token) -> Mention | None:
    return mention_at(mentions, first.idx, last.idx + len(last.text))


def _about(root: Token, noun: Token | None, quantity: tuple[int, int], mentions: Sequence[Mention],
           text: str) -> Mention | None:
    """Entity the number is about: a modifier of the counted thing, else the clause subject."""
    for holder in (noun, root):
        if holder is None:
            continue
        for child in holder.children:
            if quantity[0] <= child.idx < quantity[1]:
                continue  # the number and its unit ('N.Z. Dlrs') are not what it is about
            if child.dep_ in _MODIFIER_DEPS:
                hit = _mention_over(mentions, child.left_edge, child)
            elif child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                hit = _mention_over(mentions, pobj, pobj) if pobj is not None else None
            else:
                continue
            if hit:
                return hit
    token = root
    for _ in range(4):  # climb to the governing verb, then to the verb it depends on
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            token = token.head
        subject = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None:
            if subject.left_edge.i <= root.i <= subject.right_edge.i:
                return None  # the number is inside the subject; its modifiers were checked above
            return _mention_over(mentions, subject.left_edge, subject)
        if token.head.i == token.i or _PARAGRAPH_BREAK.search(text, token.head.idx, token.idx):
            return None  # the root, or a verb across a paragraph break the parser missed
        token = token.head
    return None


def _describes(token: Token) -> bool:
    """An adjective-like word between a number and its noun ('six new pledges', 'six single-battalion regiments')."""
    return (token.pos_ in ("ADJ", "ADV") or token.tag_ in ("HYPH", "VBN", "VBG")
            or (token.i > 0 and token.nbor(-1).tag_ == "HYPH"))


def _is_label(index: _TokenIndex, text: str, q: _Quantity, noun: Token | None) -> bool:
    """'iPhone 11', 'FTSE 100', 'section 5', '10 Downing Street': a number that names something."""
    prev = _PREV_WORD.search(text, max(0, q.start - 30), q.start)
    if prev and prev["w"].lower().rstrip(".") in LABEL_WORDS:
        return True
    first = index.at(q.number_start)
    if first.i > 0:
        prev_tok = first.doc[first.i - 1]
        adjacent = prev_tok.idx + len(prev_tok.text) >= q.start - 1
        if prev_tok.tag_ == "POS" and prev_tok.i > 0 and prev_tok.nbor(-1).pos_ == "PROPN":
            prev_tok = prev_tok.nbor(-1)  # "Ocean's 12"
        named = prev_tok.pos_ == "PROPN" or (prev_tok.text[:1].isupper() and not prev_tok.is_sent_start)
        # Names carry small bare numbers: '70,000' (a thousands separator) or '30.8 mln' is an amount.
        amount = q.scaled or _THOUSANDS_SEPARATOR.search(text, q.number_start, q.number_end) is not None
        if named and prev_tok.is_alpha and adjacent and not amount:
            # "Scotland's six single-battalion regiments": a plural noun a few words on is what is counted
            last = index.at(q.end - 1)  # not "Poor's 500 stock index futures"
            counted = (noun is not None and noun.tag_ in ("NNS", "NNPS") and 0 < noun.i - last.i <= 4
                       and all(_describes(t) for t in noun.doc[last.i + 1:noun.i]))
            if not counted:
                return True
    return noun is not None and noun.pos_ == "PROPN" and noun.ent_type_ != "NORP" and noun.tag_ != "NNPS"


def _is_year(text: str, q: _Quantity) -> bool:
    """'in 2022', '1987 loan losses', 'the 1986 year': newswire writes counts from 1,000 up with a comma."""
    if q.kind != "digits" or q.currency or q.scaled:
        return False
    numbers = _NUMBER_TEXT.findall(text, q.number_start, q.end)
    if not all(len(n) == 4 and n.isdigit() for n in numbers):
        return False
    if not (any(n[0] == "0" for n in numbers) or all(1800 <= int(n) <= 2100 for n in numbers)):
        return False  # '0700' with its leading zero is a clock time, skipped alike
    return q.unit is None or text[q.number_end:q.end].strip(" -").lower() == "year"


def _qualifier(text: str, q: _Quantity, index: _TokenIndex) -> str:
    """Qualifier cue before the quantity (moves q.start over it), then change cues around it."""
    qualifier = "="
    cue = _QUALIFIER_BEFORE.search(text, max(0, q.start - 30), q.start)
    cue_after = _QUALIFIER_AFTER.match(text, q.end)
    if cue:
        qualifier = _QUALIFIER_OF[cue["q"].lower()]
        q.start = cue.start()
    elif cue_after:
        qualifier = _QUALIFIER_AFTER_OF[cue_after["q"].lower()]
    if qualifier in (">", ">=") and q.low is None:
        q.low = q.value
    if qualifier in ("<", "<=") and q.high is None:
        q.high = q.value
    change = _CHANGE_BEFORE.search(text, max(0, q.start - 30), q.start)
    if change and change["cb"] and (change["cb_by"] or _TO_LEVEL_AFTER.match(text, q.end)):
        return _CHANGE_OF[change["cb"].lower()]  # 'cut rates by 0.5%', 'raised 50 cts a barrel to 16.75 dlrs'
    cue = index.at(change.start()) if change and change["c"] else None
    # not the particle of 'shot down 5', nor an amount noun ('includes tax gain 500,000 dlrs')
    if cue is not None and cue.dep_ != "prt" and not (cue.pos_ == "NOUN" and cue.lemma_.lower() in AMOUNT_NOUNS):
        return _CHANGE_OF[change["c"].lower()]
    if change and change["n"]:
        return _CHANGE_NOUN_OF[change["n"].lower()]
    after = _CHANGE_AFTER.match(text, q.end)
    if after and q.unit in _CHANGE_UNITS:
        return _CHANGE_NOUN_OF[after["c"].lower()]
    return qualifier


# ---------------------------------------------------------------- the extractor


def _blocked_mask(text: str) -> bytearray:
    mask = bytearray(len(text) + 1)
    for m in _BLOCKED.finditer(text):
        mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def extract_claims(doc: Doc, mentions: Sequence[Mention]) -> list[Claim]:
    """Numeric claims of a parsed article, sorted by start_char."""
    text = doc.text
    if not any(ch.isdigit() for ch in text) and not _CORE.search(text):
        return []
    blocked = _blocked_mask(text)
    index = _TokenIndex(doc, text)
    claims: list[Claim] = []
    previous: tuple[Claim, _Quantity] | None = None
    pos = 0
    while True:
        m = _CORE.search(text, pos)
        if not m:
            break
        pos = m.end()
        if any(blocked[m.start():m.end()]):
            continue
        q = _read_quantity(text, m)
        if q is None:
            continue
        pos = max(pos, q.end)
        claim = _claim_from(doc, text, q, index, mentions, previous)
        if claim is not None:
            claims.append(claim)
            previous = (claim, q)
    return claims


def _sentence_of(index: _TokenIndex, start: int, end: int) -> str:
    """The parser's sentence, cut to the paragraph holding the claim (it sometimes runs across blank lines)."""
    sent_start, sent_end = index.sentence_bounds(start)
    sent_end = max(sent_end, end)
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(index.text, sent_start, sent_end)]
    first = max((b_end for _, b_end in breaks if b_end <= start), default=sent_start)
    last = min((b_start for b_start, _ in breaks if b_start >= end), default=sent_end)
    return index.text[first:last].strip()


def _not_a_quantity(text: str, q: _Quantity) -> bool:
    """Text-only rejections, before the parse is read."""
    if q.glued_letters or q.score or not math.isfinite(q.value) or _is_year(text, q):
        return True
    number = text[q.number_start:q.number_end]
    word_fraction = q.kind == "fraction" and number[0].isalpha()
    if word_fraction and q.unit is None and number[-1] not in "sS" and not _FRACTION_END.match(text, q.number_end):
        return True  # 'a third-set rally', 'one third term': ordinals, not 1/3
    before = text[max(0, q.number_start - 2):q.number_start]
    if q.start == q.number_start and len(before) == 2 and before[1] in "-+−/" and before[0].isalnum():
        return True  # 'RS-24', 'COVID-19', the '14' of '2013-14', the '43' of the quote '4.50/43'
    if q.kind == "words" and number.split()[0].lower() in (*MULTIPLIER_WORDS, *SCALE_WORDS):
        return True  # 'several hundred', "baker's dozen": no count given
    if q.kind == "slash" and q.unit is None and not _OF_AFTER.match(text, q.end):
        return True  # '3/1' odds, '9/11'
    return False


def _glued_m_counted(index: _TokenIndex, q: _Quantity) -> Token | None:
    """'sold almost 4m DS consoles': a glued 'm' before a counted plural (not '60m hurdles') is million."""
    doc = index.doc
    m_token = index.at(q.end - 1)
    for i in range(m_token.i + 1, min(m_token.i + 4, len(doc))):
        tok = doc[i]
        if tok.pos_ == "NOUN":
            if tok.tag_ == "NNS" and tok.lower_ not in METRE_EVENT_NOUNS and tok.text not in _UNIT_FORMS:
                return tok
            return None
        if tok.pos_ not in ("PROPN", "ADJ") and tok.tag_ != "HYPH":
            return None
    return None


def _change_unit(unit: str | None) -> bool:
    """Money, percentages and points change ('cut 50 cts a barrel'); counts and lengths are read as levels."""
    return unit is not None and unit.split(" per ")[0] in _CHANGE_UNITS


def _change_from_parse(root: Token, q: _Quantity) -> str | None:
    """A change stated away from the number: 'lift Channel 4's audience share by 12%', 'a 32% pay cut'."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "prep":
        return _CHANGE_VERB_OF.get(head.head.lemma_.lower()) if head.head.pos_ in ("VERB", "AUX", "NOUN") else None
    if (_change_unit(q.unit) and root.dep_ in ("dobj", "npadvmod") and head.pos_ == "VERB"
            and head.lemma_.lower() in _CHANGE_VERB_OF):
        # 'raised 25 cts/bbl, also to 16.75 dlrs': a new level after the amount ('cutting six regiments
        # to five' is a count before and after, left as it is)
        if any(c.dep_ == "prep" and c.lower_ == "to" and c.i > root.i and any(t.like_num for t in c.subtree)
               for c in head.children):
            return _CHANGE_VERB_OF[head.lemma_.lower()]
    lemma = head.lemma_.lower()
    if (_change_unit(q.unit) and root.dep_ in ("compound", "nummod", "amod", "nmod") and head.pos_ == "NOUN"
            and head.i > root.i and lemma not in AMOUNT_NOUNS):
        return _CHANGE_NOUN_LEMMA_OF.get(lemma)  # 'a 32% pay cut', not 'a 1.45 dlr extraordinary gain'
    return None


def _parallel_to(previous: tuple[Claim, _Quantity] | None, q: _Quantity, text: str,
                 index: _TokenIndex) -> tuple[Claim, _Quantity] | None:
    """The claim just before, when it is in the same sentence (and paragraph) as q."""
    if previous is None or previous[0].end_char > q.start:
        return None
    if index.sentence_bounds(previous[0].start_char) != index.sentence_bounds(q.start):
        return None
    if _PARAGRAPH_BREAK.search(text, previous[0].end_char, q.start):
        return None
    return previous


def _claim_from(doc: Doc, text: str, q: _Quantity, index: _TokenIndex, mentions: Sequence[Mention],
                previous: tuple[Claim, _Quantity] | None = None) -> Claim | None:
    if _not_a_quantity(text, q):
        return None
    counted_m = None
    if q.unit == "metre" and q.low is None and text[q.number_end:q.end] == "m":
        counted_m = _glued_m_counted(index, q)
        if counted_m is not None:  # '4m DS consoles': 4 million consoles, not 4 metres
            q.value *= GLUED_SCALES["m"]
            q.unit, q.scaled, q.number_end = None, True, q.end
    number_tokens = index.span_tokens(q.number_start, q.number_end)
    last_token = index.span_tokens(q.start, q.end)[-1]
    after = doc[last_token.i + 1] if last_token.i + 1 < len(doc) else None
    noun = counted_m
    if counted_m is not None:
        pass
    elif q.unit is None:
        noun = _counted_noun(number_tokens, after)
    elif q.unit == "percentage" and after is not None and after.lower_ == "of":
        noun = next((c for c in after.children if c.dep_ == "pobj"), None)  # '61 percent of Americans'
    capitalized = q.kind == "words" and text[q.number_start].isupper() and not number_tokens[0].is_sent_start
    if capitalized and _CAPITALIZED_NEXT.match(text, q.number_end):
        return None  # 'Six Nations', 'Three Degrees': part of a name
    glued = _GLUED_WORD.match(text, q.end) if q.unit is None else None
    if glued:  # 'two-time winner', '22-event programme': the glued word is the counted thing
        if q.kind == "words" and q.value == 1:
            return None  # 'one-off', 'one-sided'
        noun = index.at(glued.start(1))
    if q.unit is None and q.currency is None:
        if _is_label(index, text, q, noun):
            return None
        if q.low is not None and q.kind == "digits" and _SCORE_CONTEXT.search(text, max(0, q.start - 25), min(len(text), q.end + 25)):
            return None  # '3-1 win'
    qualifier = _qualifier(text, q, index)
    if q.kind == "plural" and qualifier == "=":
        qualifier, q.low = ">=", q.value  # 'hundreds of': at least two hundred
    if q.kind == "words" and q.value == 1 and q.unit is None and qualifier == "=":
        if noun is None or _PRONOUN_ONE_BEFORE.search(text, max(0, q.start - 10), q.start):
            return None  # the pronoun 'one', 'the one of hope', 'at any one time'
    if q.unit == "point" and q.value == 1 and text[max(0, q.start - 3):q.start].lower() == "at ":
        return None  # 'at one point'
    end = q.end
    obj = obj_lemma = None
    if noun is not None:
        obj_start, obj_end, obj, obj_lemma = _object_phrase(noun, text, q.end)
        gap = text[end:obj_start]
        if q.unit is None and obj_start >= end and len(gap) <= 40 and _WORDS_ONLY.fullmatch(gap):
            end = obj_end  # the surface includes the counted thing: 'more than two hundred drones'
    tokens = index.span_tokens(q.start, end)
    token_ids = {t.i for t in tokens}
    root = min(tokens, key=lambda t: (t.head.i in token_ids and t.head.i != t.i, abs(t.i - number_tokens[-1].i)))
    if qualifier not in ("up", "down"):
        qualifier = _change_from_parse(root, q) or qualifier
    unit, currency = q.unit, q.currency
    parallel = _parallel_to(previous, q, text, index)
    if parallel is not None:
        before, before_q = parallel
        gap = text[before.end_char:q.start]
        if (unit is None and obj is None and q.scaled and before_q.scaled and before.unit is not None
                and len(gap) <= _IMPLIED_UNIT_GAP and q.kind in ("digits", "words")):
            unit, currency = before.unit, before.currency  # 'to 450 mln stg from 400 mln'
        if (qualifier == "=" and before.qualifier in ("up", "down") and _change_unit(unit)
                and _change_unit(before.unit) and _PARALLEL_GAP.fullmatch(gap)
                and root.dep_ in ("conj", "appos") and before.start_char <= root.head.idx < before.end_char):
            qualifier = before.qualifier  # 'fell by 1.6% and 0.5%', 'sank 14.87% - or $1.83'
    about = _about(root, noun, (q.start, q.end), mentions, text)
    return Claim(
        text=text[q.start:end],
        value=q.value,
        value_low=q.low,
        value_high=q.high,
        qualifier=qualifier,
        unit=unit,
        currency=currency,
        object=obj,
        object_lemma=obj_lemma,
        sentence=_sentence_of(index, q.start, end),
        start_char=q.start,
        end_char=end,
        about=about.canonical if about else None,
        about_label=about.label if about else None,
    )
