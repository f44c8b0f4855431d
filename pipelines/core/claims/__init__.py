"""Numeric claims: quantities stated in an article, with unit, qualifier and subject.

One pass over an already parsed Doc. Numbers are found with precompiled regexes on
`doc.text` (digits, number words, scales, currencies, units, ranges: `numbers`, with the
regexes in `patterns` built from the vocabulary in `pipelines/core/quantities.py`); the
parse is then read, never re-run (`parse`, `objects`, `changes`), for the counted or measured
thing (`object`: '2,000 drones', 'a debt of £103m', 'sales rose 5%'),
the entity the number is about, changes stated away from the number, and to reject names
such as 'iPhone 11' or '10 Downing Street'. Dates, clock times, years used as dates,
ordinals, product/model names, phone numbers, URLs, list-item numbers, rows of bare figures,
a rating's scale, equivalent figures and bylines' ages are not claims.

Entry point: `extract_claims(doc, mentions)` -> `Claim`s sorted by offset.
"""
from __future__ import annotations

from pipelines.core.claims.extract import extract_claims
from pipelines.core.claims.model import QUALIFIERS, Claim

__all__ = ["QUALIFIERS", "Claim", "extract_claims"]
