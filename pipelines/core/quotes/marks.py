"""Finding quoted spans: quote marks paired on the raw text, in any style.

Entry point: `find_quoted_spans(text)` -> `QuotedSpan`s in text order.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- quote marks -----------------------------------------------------------

# Two straight single marks ('') stand for a double mark in some archives (NYT).
_MARKS = re.compile("''|[\"“”„«»'‘’]")
_DOUBLE_MARKS = "\"“”„«»"
_DOUBLE_OPENERS = "“„«"
_DOUBLE_CLOSERS = "”»"
PARAGRAPH = re.compile(r"[^\n]+")
# Characters that may sit right before an opening mark / right after a closing one.
_BEFORE_OPEN = set("([{—–-/:;,") | set(_DOUBLE_MARKS) | set("‘'")
_AFTER_CLOSE = set(".,;:!?)]}—–-…") | set(_DOUBLE_MARKS) | set("’'")


@dataclass(frozen=True)
class QuotedSpan:
    """A pair of quote marks and the content between them."""
    open_mark: int          # offset of the opening mark
    end: int                # offset just past the closing mark (or the paragraph end)
    start_char: int         # content offsets, marks and trailing comma excluded
    end_char: int
    closed: bool            # False when the closing mark is missing


def _can_open(text: str, i: int, width: int = 1) -> bool:
    j = i
    while j > 0 and unicodedata.category(text[j - 1]) == "Cf":
        j -= 1  # invisible marks (a left-to-right embedding before '”This is why ...')
    before = text[j - 1] if j > 0 else "\n"
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in _BEFORE_OPEN) and not after.isspace()


def _can_close(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)


def _content(text: str, open_mark: int, stop: int, end: int, closed: bool) -> QuotedSpan | None:
    start, stop_at = open_mark + (2 if text.startswith("''", open_mark) else 1), stop
    while start < stop_at and text[start].isspace():
        start += 1
    # A comma before the closing mark belongs to the sentence, not to the quote.
    while stop_at > start and (text[stop_at - 1].isspace() or text[stop_at - 1] == ","):
        stop_at -= 1
    if not any(ch.isalnum() for ch in text[start:stop_at]):
        return None
    return QuotedSpan(open_mark, end, start, stop_at, closed)


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Pair quote marks paragraph by paragraph.

    A double quote left open at the end of a paragraph continues when the next
    paragraph opens with a quote mark (the journalists' convention); otherwise it
    ends with its paragraph, so a stray mark never swallows the article. Single
    quotes count only outside double quotes and at word boundaries (apostrophes
    sit between letters).
    """
    spans: list[QuotedSpan] = []
    pending: int | None = None   # open double quote carried from the previous paragraph
    pending_end = 0
    for para in PARAGRAPH.finditer(text):
        p_start, p_end = para.start(), para.end()
        first = p_start
        while first < p_end and text[first].isspace():
            first += 1
        skip = -1
        if pending is not None:
            if first < p_end and (text[first] in _DOUBLE_MARKS or text.startswith("''", first)):
                skip = first  # the quote goes on in this paragraph
            else:
                span = _content(text, pending, pending_end, pending_end, closed=False)
                if span:
                    spans.append(span)
                pending = None
        open_double, open_single = pending, None
        for mark in _MARKS.finditer(text, p_start, p_end):
            i, ch, width = mark.start(), mark.group(), len(mark.group())
            if i == skip:
                continue
            if ch in _DOUBLE_MARKS or ch == "''":
                open_single = None  # a single mark before a double one was an apostrophe
                if open_double is None:
                    if ch in _DOUBLE_OPENERS or _can_open(text, i, width):
                        open_double = i
                elif ch in _DOUBLE_CLOSERS or _can_close(text, i, width) or not _can_open(text, i, width):
                    span = _content(text, open_double, i, i + width, closed=True)
                    if span:
                        spans.append(span)
                    open_double = None
                else:  # a second opening mark: the previous quote lost its closing mark,
                    # unless a stray straight mark meets a curly opener: only the curly pair counts.
                    stray = text[open_double] == '"' and ch in _DOUBLE_OPENERS
                    span = None if stray else _content(text, open_double, i, i, closed=False)
                    if span:
                        spans.append(span)
                    open_double = i
            elif open_double is None:
                if open_single is None:
                    if ch in "‘'" and _can_open(text, i) and text[i + 1].isalnum():
                        open_single = i
                elif ch in "’'" and _can_close(text, i):
                    span = _content(text, open_single, i, i + 1, closed=True)
                    if span:
                        spans.append(span)
                    open_single = None
        pending, pending_end = open_double, p_end
    if pending is not None:
        span = _content(text, pending, pending_end, pending_end, closed=False)
        if span:
            spans.append(span)
    return spans
