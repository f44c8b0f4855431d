"""Reading numbers from text: a regex match of a number becomes a `Quantity` (value, scale,
currency, unit, sign, range), before the parse is read.

Entry points: `read_quantity(text, match)` (a `patterns.CORE` match -> `Quantity` or None),
`not_a_quantity(text, q)` (text-only rejections: years, scores, codes, odds),
`blocked_mask(text)` (dates, times, links and other spans no claim may start in).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pipelines.core.claims.patterns import (
    AND_A_HALF,
    BETWEEN_BEFORE,
    BRACKET_AFTER,
    blocked_spans,
    BY_BEFORE,
    CHANGE_BEFORE,
    CHANGE_MODIFIED_BEFORE,
    CORE,
    COUNTED_PLURAL,
    CURRENCY_BEFORE,
    EQUIVALENT_AFTER,
    EVENT_ALONE_AFTER,
    EVENT_THE_BEFORE,
    EVENT_TITLE_AFTER,
    LETTER_CODE_AFTER,
    FACE_OFF_AFTER,
    FACE_OFF_BEFORE,
    FORMULA_AFTER,
    FORMULA_BEFORE,
    FRACTION_END,
    HYPHENED_NUMBER_AFTER,
    FROM_AFTER_CHANGE,
    FROM_BEFORE,
    IN_SCALE_BEFORE,
    GLUED_SCALE,
    HEADING_UNIT_CUE,
    HEADING_UNIT_END,
    INCH_CONTEXT,
    LARGE_AMOUNT_BEFORE,
    LEVEL_BEFORE,
    MONEY_UNITS,
    MODEL_AFTER,
    MONTH_AFTER,
    NUMBER_TEXT,
    A_BEFORE_UNIT,
    OF_A,
    OF_AFTER,
    OF_PHRASE_BEFORE_PER,
    OF_UNIT,
    ORDINAL_AFTER,
    OUT_OF_BEFORE,
    PER_NOUN,
    PER_UNIT,
    PLUS_BEFORE,
    QUOTE_SECOND_HALF,
    RANGE_END_PREFIX,
    RANGE_JOIN,
    DURATION_UNITS,
    SCALE,
    SCALE_AFTER_BRACKET,
    SCALE_AFTER_CLOSING,
    SIGN_BEFORE,
    SIGN_WORD_BEFORE,
    SPACED_THOUSANDS,
    SUSPENDED_JOIN,
    THOUSANDS_SEPARATOR,
    UNIT,
    UNIT_FORMS,
    WORD,
    ZERO_SCORE,
    SCORE_BEFORE_BRACKET,
    INDEX_BASE_BEFORE,
    SET_SCORE,
    SET_SCORES_AFTER,
    SET_SCORES_BEFORE,
)
from pipelines.core.claims.notation import (accounting_negative, cent_fraction, inches_after_feet, per_scaled_measure,
                                            unit_after_period_word)
from pipelines.core.quantities import (
    EVENT_DISTANCE_UNITS,
    AMBIGUOUS_UNIT_FORMS,
    CURRENCY_PREFIXES,
    FRACTION_WORDS,
    GLUED_SCALES,
    MULTIPLIER_WORDS,
    PER_NOUNS,
    PLURAL_SCALES,
    SCALE_AFTER_DIGITS,
    SCALE_WORDS,
    SIGN_WORDS,
    SMALL_NUMBERS,
    VAGUE_BOUNDS,
    VULGAR_FRACTIONS,
)


def _words_value(text: str) -> float:
    """'two hundred' -> 200, 'three million, two hundred & forty' -> 3000240, 'a dozen' -> 12."""
    total, current = 0.0, 0.0
    for word in WORD.findall(text.lower()):
        if word in SMALL_NUMBERS:
            current += SMALL_NUMBERS[word]
        elif word in MULTIPLIER_WORDS:
            current = (current or 1) * MULTIPLIER_WORDS[word]
        elif word in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[word]
            current = 0.0
    value = total + current
    if AND_A_HALF.search(text.lower()):
        value += 0.5
    return value


def _digits_value(text: str) -> float:
    return float(THOUSANDS_SEPARATOR.sub("", text))


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
        share = (1 if numerator in ("a", "an") else SMALL_NUMBERS[numerator]) / FRACTION_WORDS[m["fracden"].lower()]
        if m["fracscale"]:  # 'a quarter of a million': a count, the share of the scale
            scale = m["fracscale"].lower()
            return share * (SCALE_WORDS.get(scale) or MULTIPLIER_WORDS[scale]), "words"
        return share, "fraction"
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
    if m["half"]:
        value += 0.5
    return value, "digits"


# ---------------------------------------------------------------- one quantity on the text


@dataclass
class Quantity:
    """One number read from the text, with what surrounds it; mutable while the extractor
    completes it (qualifier cues move `start`, a glued 'm' may become a scale)."""
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
    factor: float = 1.0          # the scale read after the number ('billion': 1e9)
    bounded: bool = False        # a range or a vague quantity: its claim has bounds and no value
    move: str | None = None      # a sign that states a move: '+0.4%' up, 'the pound -2.3%' down


def _read_per(text: str, unit: str, end: int) -> tuple[str, int]:
    """'per kg', '/hour', 'a barrel', 'per share', 'a share', 'per child per year' after a unit."""
    scaled = per_scaled_measure(text, unit, end)
    if scaled is not None:  # '$4 per 1,000 cubic metres'
        return scaled
    for _ in range(2):
        per = PER_UNIT.match(text, end)
        if per and per["u"] not in AMBIGUOUS_UNIT_FORMS:
            unit, end = f"{unit} per {UNIT_FORMS[per['u']][0]}", per.end()
            continue
        noun = PER_NOUN.match(text, end)
        if noun is None or noun["any"] in ("cent", "cents", "se", "the", "his", "her", "its", "their"):
            break
        word = noun["any"] or noun["listed"] or noun["shr"]
        unit, end = f"{unit} per {PER_NOUNS.get(word, word)}", noun.end()
    if " per " not in unit:  # '$40,000 (£21,000) per day': both figures are per day; the surfaces stay
        bracket = BRACKET_AFTER.match(text, end)
        per = PER_UNIT.match(text, bracket.end()) if bracket else None
        if per and per["u"] not in AMBIGUOUS_UNIT_FORMS:
            unit = f"{unit} per {UNIT_FORMS[per['u']][0]}"
    return unit, end


def _read_unit(text: str, pos: int, after_digits: bool) -> tuple[str | None, str | None, int]:
    """Unit written at `pos` (with an optional '/hour' or 'per kg' part) -> (unit, currency, end)."""
    m = UNIT.match(text, pos)
    if not m:
        return None, None, pos
    form = m["u"]
    if form in AMBIGUOUS_UNIT_FORMS:
        glued = m.start("u") == pos
        if form == "in" and not INCH_CONTEXT.match(text, m.end()) and not inches_after_feet(text, m.start("u")):
            return None, None, pos
        if form in ("p", "m", "t", "g") and not (after_digits and (glued or form in ("m", "t"))):
            return None, None, pos
        if form == "p" and not glued:
            return None, None, pos
        if form == "pm" and not after_digits:
            return None, None, pos
        if form in ("L", "J", "W", "°", "ct") and not after_digits:
            return None, None, pos
        if form in ("C", "F", "bu") and not (after_digits and glued):
            return None, None, pos  # '20C' is a temperature; a spaced 'C' is a letter
        if form in ("cup", "cups") and not OF_AFTER.match(text, m.end()):
            return None, None, pos
        if form == "stone" and not after_digits:
            return None, None, pos
        if form == "won" and not LARGE_AMOUNT_BEFORE.search(text, max(0, pos - 20), pos):
            return None, None, pos  # '5 won and 3 lost' is a verb; won are counted in thousands ('1,500 won', '2bn won')
    unit, currency = UNIT_FORMS[form]
    if form.lower() == "pounds" and OF_AFTER.match(text, m.end()):
        unit, currency = "pound-mass", None
    unit, end = _read_per(text, unit, m.end())
    return unit, currency, end


def heading_unit(text: str, start: int, end: int) -> tuple[str, str | None] | None:
    """The unit a table heading between `start` and `end` states for the figures below it ('all U.S. Dlrs per
    troy ounce.', '(in dlrs per tonne)'): (unit, currency) of the last such phrase, or None."""
    found = None
    for cue in HEADING_UNIT_CUE.finditer(text, start, end):
        phrase = " " + " ".join(text[cue.end():min(end, cue.end() + 80)].split())  # a heading wrapped across lines
        unit, currency, unit_end = _read_unit(phrase, 0, True)
        if unit is not None and HEADING_UNIT_END.match(phrase, unit_end):
            found = (unit, currency)
    return found


def _currency_unit_at(text: str, pos: int) -> bool:
    m = UNIT.match(text, pos)
    return bool(m and m.start("u") > pos and UNIT_FORMS[m["u"]][0] in MONEY_UNITS)


def _read_scale(text: str, pos: int, kind: str, has_currency: bool) -> tuple[float, int]:
    """Scale word or suffix after a number ('billion', 'mln', 'bn', glued 'm'/'k') -> (factor, end)."""
    if kind not in ("digits", "words"):
        return 1.0, pos
    m = SCALE.match(text, pos)
    if m:
        return SCALE_AFTER_DIGITS[m["s"].lower()], m.end()  # also 'three mln'
    if kind != "digits":
        return 1.0, pos
    m = GLUED_SCALE.match(text, pos)
    if m:
        letter = m["s"]
        if letter in "kK" or has_currency:
            return GLUED_SCALES[letter], m.end()
        if letter == "m" and (COUNTED_PLURAL.match(text, m.end()) or _currency_unit_at(text, m.end())):
            return GLUED_SCALES[letter], m.end()  # '2m people', '800m euros'; else '60m' is metres
    return 1.0, pos


def _scale_across_bracket(text: str, start: int, pos: int, has_currency: bool) -> float:
    """The scale word written after a bracket: '30.08 (revised from 30.06) billion' scales both figures.
    The surface stays the figure; the bracket's own figures are read on their own."""
    bracket = SCALE_AFTER_BRACKET.match(text, pos)
    if bracket:
        return _read_scale(text, bracket.end(), "digits", has_currency)[0]
    if SCALE_AFTER_CLOSING.match(text, pos):
        opening = text.rfind("(", 0, start)
        if opening > 0 and ")" not in text[opening:start] and text[:opening].rstrip()[-1:].isdigit():
            return _read_scale(text, pos + 1, "digits", has_currency)[0]
    return 1.0


def _read_number(text: str, pos: int) -> tuple[re.Match | None, str | None, str | None, float]:
    """A (currency-prefixed, signed) number starting at pos, for the far end of a range."""
    currency_unit = currency = None
    sign = 1.0
    prefix = RANGE_END_PREFIX.match(text, pos)
    if prefix and prefix.end() > pos:
        if prefix["c"]:
            currency_unit, currency = CURRENCY_PREFIXES[prefix["c"]]
        if prefix["sign"]:
            sign = -1.0
        pos = prefix.end()
    return CORE.match(text, pos), currency_unit, currency, sign


def read_quantity(text: str, m: re.Match) -> Quantity | None:
    """The quantity a `CORE` match starts: its value (scale words, fractions), currency and sign
    before it, unit after it, and a range it opens ('10-15', 'between 3 and 4 million'); None
    when the match reads as no number."""
    value, kind = _core_value(m)
    if value is None:
        return None
    start = m.start()
    currency_unit = currency = None
    before = text[max(0, start - 8):start]
    cur = CURRENCY_BEFORE.search(before)
    if cur and kind == "digits":
        currency_unit, currency = CURRENCY_PREFIXES[cur["c"]]
        start -= len(before) - cur.start("c")
        if cur["sign"]:
            value = -value
    move = None
    if not cur and SIGN_BEFORE.search(before) and kind == "digits":
        start -= 1
        value = -value
        if not LEVEL_BEFORE.search(text, max(0, start - 12), start):
            move = "down"
    elif kind == "digits" and currency is None and PLUS_BEFORE.search(before) is not None:
        start -= 1
        move = "up"
    sign_word = SIGN_WORD_BEFORE.search(text, max(0, start - 8), start) if kind in ("digits", "words") else None
    if sign_word and currency is None:  # 'minus 20C', 'minus-40 degrees', 'plus 3'
        start = sign_word.start()
        value *= SIGN_WORDS[sign_word["w"].lower()]
    pos = m.end()
    spaced = SPACED_THOUSANDS.match(text, pos) if currency and kind == "digits" and m["digits"].isdigit() \
        and len(m["digits"]) <= 3 else None
    if spaced:  # '$30, 000': one amount written with a stray space
        value, pos = value * 1000 + int(spaced["d"]) * (-1 if value < 0 else 1), spaced.end()
    if kind == "digits":  # '3.17-1/4 dlrs'
        eighths, pos = cent_fraction(text, m, pos)
        value += math.copysign(eighths, value)
    factor, pos = _read_scale(text, pos, kind, currency is not None)
    if factor == 1.0 and kind == "digits":
        factor = _scale_across_bracket(text, start, pos, currency is not None)
    value *= factor
    quantity = Quantity(start, m.start(), pos, pos, value, kind, unit=currency_unit, currency=currency,
                        scaled=factor != 1.0, factor=factor, move=move)
    if kind == "plural":  # 'tens of thousands (of roubles)': bounds, no value
        quantity.bounded, quantity.low, quantity.high = True, value, value / VAGUE_BOUNDS[0] * VAGUE_BOUNDS[1]
        of_unit = OF_UNIT.match(text, pos)
        if of_unit and (of_unit["u"] not in AMBIGUOUS_UNIT_FORMS or of_unit["u"].lower() == "pounds"):
            unit, unit_currency = UNIT_FORMS[of_unit["u"]]  # 'billions of pounds' is money, '... of pounds of' weight
            if of_unit["u"].lower() == "pounds" and OF_AFTER.match(text, of_unit.end()):
                unit, unit_currency = "pound-mass", None
            quantity.unit, quantity.currency, quantity.end = unit, unit_currency, of_unit.end()
        return quantity
    if kind == "slash" and _slash_range(text, m, quantity):
        return quantity
    if currency_unit is None:
        # 'a quarter of a percentage point', '1/64 of a mile', 'half a mile'
        of_a = OF_A.match(text, pos) or A_BEFORE_UNIT.match(text, pos) if kind in ("fraction", "slash") else None
        unit, unit_currency, unit_end = _read_unit(text, of_a.end() if of_a else pos,
                                              kind == "digits" or text[m.end() - 1].isdigit())  # also '1/2p'
        unit, unit_end = (unit, unit_end) if unit else unit_after_period_word(text, pos) or (None, pos)
        if unit:
            quantity.unit, quantity.currency, quantity.end = unit, unit_currency, unit_end
    else:
        quantity.unit, quantity.end = _read_per(text, currency_unit, pos)  # '$15.4/hour', '$5 a share'
    _read_range(text, quantity)
    if quantity.unit is None and quantity.end == pos and pos < len(text) and kind == "digits":
        quantity.glued_letters = text[pos].isalpha() or (text[pos] == "." and text[pos + 1:pos + 2].isdigit())
    if quantity.currency is None and quantity.unit is None:  # '15 mln dlrs', '2 trillion yen'
        unit, unit_currency, unit_end = _read_unit(text, quantity.end, kind == "digits")
        if unit and unit_currency:
            quantity.unit, quantity.currency, quantity.end = unit, unit_currency, unit_end
    if quantity.unit is None and not quantity.bounded and kind in ("digits", "words"):
        quantity.unit, quantity.currency = _unit_written_later(text, quantity)
    elif quantity.unit is not None and " per " not in quantity.unit and quantity.unit != "percentage":
        of_phrase = OF_PHRASE_BEFORE_PER.match(text, quantity.end)
        per = PER_UNIT.match(text, of_phrase.end()) if of_phrase else None
        if per and per["u"] not in AMBIGUOUS_UNIT_FORMS:  # '30,000 tonnes of ore a month'; the surface stays
            quantity.unit = f"{quantity.unit} per {UNIT_FORMS[per['u']][0]}"
    if quantity.currency is not None and quantity.value > 0 and accounting_negative(text, quantity.start, quantity.end):
        quantity.value = -quantity.value  # 'revenue was ($45.10)'
    return quantity


def _unit_written_later(text: str, q: Quantity) -> tuple[str | None, str | None]:
    """The unit of a bare figure written after the figure it is joined to: 'three- or six-day', '45 and 50 mg'
    (when that figure has no scale of its own), or after the second half of a price quote: '149.05/10 yen'."""
    quote = QUOTE_SECOND_HALF.match(text, q.end) if q.kind == "digits" and "." in text[q.number_start:q.end] else None
    if quote:
        unit, currency, _ = _read_unit(text, quote.end(), True)
        return unit, currency
    join = SUSPENDED_JOIN.match(text, q.end)
    if join is None or q.scaled:
        return None, None
    m, currency_unit, currency, _ = _read_number(text, join.end())
    if m is None or currency_unit is not None:
        return None, None
    value, kind = _core_value(m)
    round_pair = q.value % 1000 == 0 and value % 1000 == 0  # 'denominations of 5,000 and 100,000 dlrs'
    if kind != q.kind or value is None or not (0 < q.value and 0 < value and (
            round_pair or value <= 10 * q.value and q.value <= 10 * value)):
        return None, None  # parallel figures are of one size; '1,180.0 and 20,000 tonnes' ends a table row
    factor, pos = _read_scale(text, m.end(), kind, False)
    if factor != 1.0:
        return None, None
    unit, currency, _ = _read_unit(text, pos, kind == "digits")
    return unit, currency


# Denominators of fractions as written ('1/8', '3/4', '1/64'); another slash pair is a range or a quote.
_FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 32, 64, 100})


def _slash_range(text: str, m: re.Match, q: Quantity) -> bool:
    """'125/132 dlrs': two close figures with a unit, the second larger, are a range (low/high)."""
    low, high = int(m["fracn"]), int(m["fracd"])
    if high in _FRACTION_DENOMINATORS or not (high / 2 <= low < high):
        return False
    unit, currency, end = _read_unit(text, m.end(), True)
    if unit is None:
        return False
    q.value, q.low, q.high, q.bounded, q.kind = (low + high) / 2, float(low), float(high), True, "digits"
    q.unit, q.currency, q.end = unit, currency, end
    return True


def _percent_range_of_change(text: str, q: Quantity, high: float, unit: str | None) -> bool:
    """'cut by 10 pct to 13 pct': a change by a percentage to a close, larger percentage is a range of the
    change (a level reached would be a rate, and a rate moves by points)."""
    return (q.unit == "percentage" and unit == "percentage" and 0 < q.value < high <= 2 * q.value
            and BY_BEFORE.search(text, max(0, q.start - 12), q.start) is not None)


def _read_range(text: str, q: Quantity) -> None:
    """Extend q over '10-15', 'between 3 and 4 million', '8- to 16-meter', '44 mg to 50 mg'."""
    join = RANGE_JOIN.match(text, q.end)
    if not join:
        return
    word = join["j"].strip(" -\u00a0")
    between = BETWEEN_BEFORE.search(text, max(0, q.start - 12), q.start)
    if word == "and" and not between:
        return
    after_change = word == "to" and (CHANGE_BEFORE.search(text, max(0, q.start - 30), q.start)
                                      or CHANGE_MODIFIED_BEFORE.search(text, max(0, q.start - 40), q.start))
    if word == "to" and FROM_AFTER_CHANGE.search(text, max(0, q.start - 40), q.start):
        return  # 'rose from 5% to 7%', 'expanding from 40 to 1,796 cinemas': a change between two levels
    m, currency_unit, currency, sign = _read_number(text, join.end())
    if not m or q.kind not in ("digits", "words", "fraction"):
        return
    high, kind = _core_value(m)
    number = text[q.number_start:q.number_end]
    if q.kind == "digits" and len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2100 \
            and not (kind == "digits" and m["digits"].isdigit() and len(m["digits"]) in (2, 4)):
        return  # 'from 36,185 in 2003 to 28,041': a year, not the low end of a range ('1998-99' stays a year span)
    if high is None or kind not in ("digits", "words", "fraction", "slash") or q.kind == "fraction" \
            and not text[q.number_start].isdigit():  # '2-1/2 cents to 1/4 cent'; not word fractions
        return
    high *= sign
    if word == "or" and (kind != q.kind or not 0 < q.value < high <= 3 * q.value):
        return  # 'two or three letters' is a rough range; not 'in 1 or 12 cases', nor a list
    factor, pos = _read_scale(text, m.end(), kind, (currency or q.currency) is not None)
    if MONTH_AFTER.match(text, pos):
        return  # 'the 12 months to 31 December'
    if word == "to" and q.unit in DURATION_UNITS and not currency_unit and _read_unit(text, pos, kind == "digits")[0] \
            != q.unit:
        return  # 'in the five weeks to 3.4 billion': a period and a figure, not a range ('two to three months' is)
    if currency_unit:  # '$6.0-$6.5 per share'
        (unit, end), unit_currency = _read_per(text, currency_unit, pos), currency
    else:
        unit, unit_currency, end = _read_unit(text, pos, kind == "digits")
    unit_once = q.unit is None and not q.scaled and factor == 1.0 and unit is not None and 0 < q.value < high <= 4 * q.value
    # 'by 0.50 cent to 65.50 cents': with the unit written on both, 'by' a small figure to a far larger one is a
    # change and the level it reached
    after_change = after_change or (q.unit is not None and 0 < 4 * q.value < high * factor
                                    and BY_BEFORE.search(text, max(0, q.start - 12), q.start) is not None)
    if after_change and not (q.scaled and factor == q.factor and 0 < q.value < high * factor <= 4 * q.value) \
            and not unit_once and not _percent_range_of_change(text, q, high * factor, unit):
        return  # 'fell 180,000 to 1.94 mln' is a change and a level; 'fall by 15 billion to 20 billion' and 'fell 10
        # to 15 pct' (the unit written once, after both) are ranges
    if word == "to" and q.unit == "percentage" and unit is None and 0 < 4 * q.value < high * factor:
        return  # '0.5 pct to 1,804,000 units': a change and the level it reached, not a range
    scale_both = factor != 1.0 and not q.scaled and abs(q.value) < abs(high)  # 'between 3 and 4 million'
    high *= factor
    if q.unit and unit and unit != q.unit:
        if not unit.startswith(q.unit + " per "):
            return
        q.unit = unit  # '34 cts to 36 cts a share'

    low = q.value * factor if scale_both else q.value
    if kind == "words" and q.kind == "words" and not q.scaled and factor == 1.0:
        scale = SCALE_WORDS.get(m["words"].split()[-1].lower())  # 'between six and seven billion'
        if scale and abs(q.value) < scale <= abs(high):
            low = q.value * scale
    if word not in ("to", "and") and not (low < high):
        if q.unit is None and unit is None and low == int(low) and high == int(high):
            q.score, q.end = True, end  # '7-5', '2-2'
        return
    if high == 1 and low > 1:
        return  # '35 to one' is a rate, not a range
    if word == "to" and low > high >= 0 and FROM_BEFORE.search(text, max(0, q.start - 8), q.start):
        return  # 'from 30% to 29%': two levels, not a range
    q.low, q.high = min(low, high), max(low, high)
    q.value = (q.low + q.high) / 2  # kept for ordering and checks; the claim has bounds, no value
    q.bounded = True
    q.unit = q.unit or unit
    q.currency = q.currency or unit_currency
    q.end = end
    if between:
        q.start = between.start()


def _is_year(text: str, q: Quantity) -> bool:
    """'in 2022', '1987 loan losses', 'the 1986 year': newswire writes counts from 1,000 up with a comma."""
    if q.kind != "digits" or q.currency or q.scaled:
        return False
    numbers = NUMBER_TEXT.findall(text, q.number_start, q.end)
    if not all(len(n) == 4 and n.isdigit() for n in numbers):
        return False
    if not (any(n[0] == "0" for n in numbers) or all(1800 <= int(n) <= 2100 for n in numbers)):
        return False  # '0700' with its leading zero is a clock time, skipped alike
    return q.unit is None or text[q.number_end:q.end].strip(" -").lower() == "year"


def blocked_mask(text: str) -> bytearray:
    """One byte per char of `text`, 1 inside dates, clock times, links, phone numbers and
    other spans (`BLOCKED`) where no claim may sit."""
    mask = bytearray(len(text) + 1)
    for m in blocked_spans(text).finditer(text):
        mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def not_a_quantity(text: str, q: Quantity) -> bool:
    """Text-only rejections, before the parse is read."""
    if q.glued_letters or q.score or not math.isfinite(q.value) or _is_year(text, q):
        return True
    number = text[q.number_start:q.number_end]
    word_fraction = q.kind == "fraction" and number[0].isalpha()
    if word_fraction and q.unit is None and number[-1] not in "sS" and not FRACTION_END.match(text, q.number_end):
        return True  # 'a third-set rally', 'one third term': ordinals, not 1/3
    before = text[max(0, q.number_start - 2):q.number_start]
    if q.start == q.number_start and len(before) == 2 and before[1] in "-+−/" and before[0].isalnum():
        return True  # 'RS-24', 'COVID-19', the '14' of '2013-14', the '43' of the quote '4.50/43'
    if q.low is not None and HYPHENED_NUMBER_AFTER.match(text, q.end):
        return True  # '4-4-2', '3-5-2': a formation or a code, not a range
    if q.kind == "words" and q.unit is None and LETTER_CODE_AFTER.match(text, q.number_end):
        return True  # 'the grade two-B', 'a three-D film': a name or grade, not a count
    last_word = number.split()[-1].lower()
    if q.kind == "words" and SMALL_NUMBERS.get(last_word, 0) >= 20 and ORDINAL_AFTER.match(text, q.number_end):
        return True  # 'in its twenty-first year': a rank (but 'a five-second victory' is a duration)
    face_offs = (FACE_OFF_AFTER.match(text, q.end), FACE_OFF_BEFORE.search(text, max(0, q.start - 20), q.start)) \
        if q.unit is None and q.low is None else ()
    if any(m is not None and m["n"].lower() == number.lower() for m in face_offs):
        return True  # 'a three-against-three match', '11 against 11': a format, not a count
    if q.kind == "words" and number.split()[0].lower() in (*MULTIPLIER_WORDS, *SCALE_WORDS):
        return True  # 'several hundred', "baker's dozen": no count given
    if q.kind == "slash" and q.unit is None and not OF_AFTER.match(text, q.end) \
            and not CHANGE_BEFORE.search(text, max(0, q.start - 30), q.start):
        return True  # '3/1' odds, '9/11'; but 'gained 7/8 to 27-1/4' is a move of 7/8
    if q.kind == "digits" and len(number) > 1 and number[0] == "0" and number[1].isdigit():
        return True  # '007', '06/05': a code or a name
    if q.unit is None and IN_SCALE_BEFORE.search(text, max(0, q.start - 16), q.start):
        return True  # the scale of 'one in five workers': the claim is the first figure
    if OUT_OF_BEFORE.search(text, max(0, q.start - 30), q.start):
        return True  # the scale of 'rated 3.5 out of 5', 'nine out of ten': the claim is the first figure
    if q.unit in EVENT_DISTANCE_UNITS and q.low is None and EVENT_TITLE_AFTER.match(text, q.end):
        return True  # 'the Olympic 100m champion', 'the 200m final': an event's name
    if q.unit in EVENT_DISTANCE_UNITS and q.low is None and q.kind == "digits" and text[q.number_end:q.end].isalpha() \
            and EVENT_THE_BEFORE.search(text, max(0, q.start - 24), q.start) and EVENT_ALONE_AFTER.match(text, q.end):
        return True  # 'why wouldn't you do the 800m, it's your best event': the event, not a distance
    if FORMULA_BEFORE.search(text, max(0, q.start - 2), q.start) or FORMULA_AFTER.match(text, q.end):
        return True  # '2+2=5': a sum, not a quantity
    if q.unit is not None and EQUIVALENT_AFTER.match(text, q.end):
        return True  # 'a 50mm equivalent': a conversion of the measurement stated beside it
    if q.low is not None and q.unit is None and text[q.end:q.end + 1] == ")" \
            and SCORE_BEFORE_BRACKET.search(text, max(0, q.start - 12), q.start):
        return True  # the '4-7' of '6-7 (4-7)': a tie-break's score
    if q.low is not None and q.unit is None and SET_SCORE.fullmatch(text, q.start, q.end) and (
            SET_SCORES_BEFORE.search(text, max(0, q.start - 16), q.start) or SET_SCORES_AFTER.match(text, q.end)):
        return True  # the '3-6' of '7-5 2-6 6-3': a set in a match's score
    if q.unit is None and not q.scaled and INDEX_BASE_BEFORE.search(text, max(0, q.start - 14), q.start):
        return True  # '(1975 base 100)': an index's base
    if q.low == 0 and q.unit is None and ZERO_SCORE.fullmatch(text, q.start, q.end):
        return True  # 'came from 0-40 down': a score
    if q.kind == "digits" and q.unit is None and not q.scaled and q.value > 1 and "," not in number \
            and MODEL_AFTER.match(text, q.end):
        return True  # 'an old 386 PC', '286-based PCs': a model, not a count
    return False
