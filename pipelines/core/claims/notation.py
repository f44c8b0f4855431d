"""Notations of markets and measures read around a number: prices in eighths of a cent ('3.17-1/4 dlrs'),
inches after feet ('6ft 3in'), a unit after a word of frequency ('450,000 daily barrels'), accounting negatives ('($45.10)'), and prices per a scaled measure ('$4 per
1,000 cubic metres'). Called by `numbers.read_quantity` while it reads one quantity.
"""
from __future__ import annotations

import re

from pipelines.core.claims.patterns import (
    ACCOUNTING_BEFORE,
    CENT_FRACTION_AFTER,
    FEET_BEFORE,
    PER_SCALED,
    PERIOD_ADVERB,
    UNIT,
    UNIT_FORMS,
)
from pipelines.core.quantities import AMBIGUOUS_UNIT_FORMS

_PERIODS = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}
_SCALE_NAMES = {"100": "hundred", "1000": "thousand", "1,000": "thousand", "1,000,000": "million"}


def cent_fraction(text: str, m: re.Match, pos: int) -> tuple[float, int]:
    """'3.17-1/4 dlrs': a price in dollars and cents with eighths of a cent after it -> (the dollars it adds,
    end). Only after exactly two decimals ('9-1/2 pct' is a mixed number, read as one)."""
    digits = m["digits"] or ""
    whole, _, decimals = digits.partition(".")
    if len(decimals) != 2 or pos != m.end("digits"):
        return 0.0, pos
    fraction = CENT_FRACTION_AFTER.match(text, pos)
    if fraction is None:
        return 0.0, pos
    return int(fraction["n"]) / int(fraction["d"]) / 100, fraction.end()


def inches_after_feet(text: str, pos: int) -> bool:
    """The 'in' at `pos` after a figure that follows a height or length in feet: '6ft 3in', '6 feet 2 in'."""
    return FEET_BEFORE.search(text, max(0, pos - 24), pos) is not None


def accounting_negative(text: str, start: int, end: int) -> bool:
    """'revenue was ($45.10)', 'a balance of ($450)': an amount alone in brackets where a statement writes
    a negative; not a conversion after another figure ('$600m (£350m)')."""
    if text[start - 1:start] != "(" or text[end:end + 1] != ")":
        return False
    return ACCOUNTING_BEFORE.search(text, max(0, start - 12), start) is not None


def per_scaled_measure(text: str, unit: str, end: int) -> tuple[str, int] | None:
    """'$4 per 1,000 cubic metres' -> ('dollar per thousand cubic metre', end past the measure): the scaled
    measure is what the price is per, not a figure of its own. 'pounds' here is weight."""
    m = PER_SCALED.match(text, end)
    if m is None:
        return None
    scale = " ".join(m["n"].lower().split())
    scale = _SCALE_NAMES.get(scale.replace("1 million", "1,000,000"), scale)
    measure = "pound-mass" if m["u"].lower() in ("pounds", "pound") else UNIT_FORMS[m["u"]][0]
    if UNIT_FORMS[m["u"]][1] is not None and measure != "pound-mass":
        return None  # 'per 1,000 dollars' is a rate on money, not a measure
    return f"{unit} per {scale} {measure}", m.end()


def unit_after_period_word(text: str, pos: int) -> tuple[str, int] | None:
    """'450,000 daily barrels' -> ('barrel per day', end): a measurement unit after 'daily', 'weekly', 'monthly'
    or 'yearly' is per that time (money is not read so: '$5 daily fee')."""
    period = PERIOD_ADVERB.match(text, pos)
    unit = UNIT.match(text, period.end()) if period else None
    if unit is None or unit["u"] in AMBIGUOUS_UNIT_FORMS or UNIT_FORMS[unit["u"]][1] is not None:
        return None
    return f"{UNIT_FORMS[unit['u']][0]} per {_PERIODS[period['a'].lower()]}", unit.end()
