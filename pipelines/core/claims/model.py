"""The row the claim extractor produces: one numeric claim."""
from __future__ import annotations

from dataclasses import dataclass

from pipelines.core.quantities import QUALIFIERS

__all__ = ["QUALIFIERS", "Claim"]


@dataclass(frozen=True)
class Claim:
    """One quantity stated in an article: its surface text and offsets, value (and bounds),
    qualifier (one of QUALIFIERS), unit and currency, the counted thing (`object`), the
    sentence, and the entity the number is about."""
    text: str
    value: float | None        # a stated point; for a bound the bound itself; None for a range or a
                               # vague quantity ('tens of thousands'), which has only its bounds
    value_low: float | None    # range or vague low end, or the bound of '>', '>='
    value_high: float | None   # range or vague high end, or the bound of '<', '<='
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
