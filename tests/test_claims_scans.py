"""The claim extractor's text scans: spans no claim may start in, and the figure scan."""
from __future__ import annotations

import pytest

from pipelines.core.claims.numbers import blocked_mask
from pipelines.core.claims.patterns import BLOCKED, CORE, blocked_spans


def _blocked_texts(text: str) -> list[str]:
    mask, found, i = blocked_mask(text), [], 0
    while i < len(text):
        if mask[i]:
            j = i
            while j < len(text) and mask[j]:
                j += 1
            found.append(text[i:j])
            i = j
        else:
            i += 1
    return found


@pytest.mark.parametrize(("text", "expected"), [
    ("Shares rose 4% on May 19, 2025 at 2 pm.", ["May 19, 2025", "2 pm"]),
    ("Write to desk@example.org or see example.co.uk/markets for 12 charts.",
     ["desk@example.org", "example.co.uk/markets"]),
    ("The board approved a THREE-FOR-ONE split; a two for one Split followed.", ["THREE-FOR-ONE", "two for one"]),
    ("Output rose 3.5 pct in the quarter.", []),
])
def test_blocked_mask_marks_each_kind_of_span(text, expected):
    assert _blocked_texts(text) == expected


def test_blocked_spans_leaves_out_only_kinds_the_text_cannot_hold():
    plain = "Output rose 3.5 pct on 12 March 2024, said www.example.net."
    assert blocked_spans(plain) is not BLOCKED
    assert "@" not in blocked_spans(plain).pattern
    everything = "a@b.com 2-for-1 three-for-one split"
    assert blocked_spans(everything) is BLOCKED
    texts = [plain, everything, "Mail x@y.org on 1/2/2024 at 10:30, +44 20 7946 0958, 1. item",
             "#1 seed; A.D. 900; &#233; two for one stock split; five-for-two"]
    for text in texts:
        assert [m.span() for m in blocked_spans(text).finditer(text)] == [m.span() for m in BLOCKED.finditer(text)]


def test_figure_scan_finds_figures_not_digits_inside_words():
    text = "Win95 sold twenty-two thousand units, 1.5m in total, half a million and ½ more; RM14.20 each."
    assert [m.group() for m in CORE.finditer(text)] == [
        "twenty-two thousand", "1.5", "half a million", "½", "14.20"]
    assert CORE.match(text, text.index("95")) is None
