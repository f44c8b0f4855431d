"""Cleaning: boilerplate removal, normalization and metadata from the content.

`clean_article` turns one raw record into a body fit for NLP plus the title,
publisher, author and publication time found in the text, and the list of every
span it removed with the rule that removed it (`Removal`, stored in the
`cleaning_removals` table), so what was cut can be audited.

The rules are structural and hold for any outlet; none names a site, a widget or
a phrase of a particular page:
- units (lines, or paragraphs of hard-wrapped newswire) mostly in another script;
- short date/time lines (published_at), bylines (`Author:`, `By ...`), credit lines
  in parentheses made of `Label: value` pairs, photo captions by layout (a label
  `Photo:`, or a parenthesized credit standing after the caption's last sentence);
- runs of three or more short link-like lines (menus, share and subscribe blocks);
- the header: lines above the headline (masthead) and one- or two-word labels
  between the headline and the text;
- a trailing list: a short heading after the article's text followed only by lines
  that are not prose (lists of headlines, tags, widgets);
- lines a publisher repeats across many of its articles (passed in by the caller,
  who knows the other articles: the function stays pure);
- a paragraph repeated verbatim (a standfirst repeated in the body);
- newswire company marks ('<Acme Corp>', a stock symbol after a name: `company_marks`).
Prose (a unit of 8 or more words ending a sentence) and table rows (mostly
numbers) are never furniture.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from dateutil import parser as date_parser

from pipelines.core.company_marks import GONE, unmark_names
from pipelines.core.published import TZINFOS, as_utc, html_published_time, more_exact, parse_datetime, url_outlet

# One-for-one replacements: same length, so offsets survive (used by `newsetl extract` and
# by the removal offsets). Control characters (NUL, DEL, C1) become spaces, later collapsed.
_OFFSET_SAFE = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
    "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ",
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ", "\ufeff": " ", "\u00ad": " ",
    "\r": "\n", "\t": " ", "\u2028": "\n", "\u2029": "\n", "\u0085": "\n", "\x0b": "\n", "\x0c": "\n",
    **{chr(c): " " for c in [*range(0x00, 0x09), *range(0x0e, 0x20), *range(0x7f, 0x85), *range(0x86, 0xa0)]},
})

def unmark_title(title: str | None) -> str | None:
    """A title given apart from the text (a JSON field, an HTML page's title) under the same mark
    rule as the text ('BIG CO <BIG> SELLS UNIT' -> 'BIG CO SELLS UNIT'); its removals are not
    recorded (they index the record's text, which does not hold such a title)."""
    if title is None:
        return None
    plain, _ = unmark_names(normalize_preserving_offsets(title))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", plain.replace(GONE, ""))).strip() or None


# '(Source: A Daily; Web Editor: B)', '(Reporting by A; Editing by B)': a whole line in
# parentheses made of 'Label: value' or 'Label by value' pairs.
_CREDIT_LINE = re.compile(
    r"^\((?:\s*[A-Za-z][A-Za-z ]{0,30}?(?:\s*:|\s+by\b)\s*[^:;()]+?[;,]?)+\s*\)\.?$")
_SOURCE_IN_CREDIT = re.compile(r"\bsource\s*:\s*([^;)]+)", re.I)
# A byline: 'Author: A B', 'Original Author: A B, ...', 'Written by A B', 'By A B'.
_AUTHOR_LINE = re.compile(
    r"^(?:(?:[A-Za-z]+\s+)?authors?\s*:|written\s+by\b|(?-i:By)\b(?=\s+(?-i:[A-Z])))\s*(?P<name>[^,;|]+?)\s*(?:[,;|].*)?$", re.I)
# A caption label: 'Photo: ...', 'cover Photo: ...', 'Image credit: ...'.
_CAPTION_LABEL = re.compile(r"^(?:[A-Za-z]+\s+)?(?:photo|image|picture|illustration)s?(?:\s+credits?)?\s*:", re.I)
# A caption by layout: a sentence, then a parenthesized credit (with a slash, 'via' or 'photo/image by')
# standing on its own after the sentence's full stop: '... on Monday. (Photo by A/Agency)'.
_CAPTION_CREDIT = re.compile(r"[.!?]\s+\((?=[^()]*(?:/|\bvia\b|\b(?:photo|image|picture)s?\s+by\b))[^()]+\)$", re.I)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_TAG_LINE = re.compile(r"^tags?\s*:", re.I)
# A line that is only a link: a URL, or a few words behind an arrow ('< Back', 'More »').
_LINK_LINE = re.compile(r"^(?:(?:https?://|www\.)\S+|[<>«»←→‹›]+\s*\S+(?:\s+\S+){0,3}|\S+(?:\s+\S+){0,3}\s*[<>«»←→‹›]+)$", re.I)
# A date prefix glued to a headline: 'Published 2025-05-21 Title ...', '2025-05-21 Title ...'.
_DATE_PREFIX = re.compile(r"^(?:[A-Za-z]+:?\s+)?(?P<date>\d{4}-\d{2}-\d{2})\s+(?=\S)")
# 'PARIS/BERLIN, March 3 (Agency) -- ' : a wire dateline opening a paragraph.
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]+,\s+\w+\.? \d{1,2}\s+\((?P<publisher>[^()]{2,40})\)\s+-{1,2}\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$|[\"”]$")
_WORD = re.compile(r"\w+(?:['’.,-]\w+)*")
_NUMERIC = re.compile(r"^[\d.,%/:-]+$|\d")
_YEARISH = re.compile(r"\b(?:1[89]|20)\d{2}\b|\b\d{1,2}:\d{2}\b")
_SPACES = re.compile(r"[ \t]+")
# A month, a numeric day-month-year or a time: 'Year 1986' alone is a table heading, not a date.
_DATE_SIGNAL = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|"
                          r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\b\d{1,2}:\d{2}\b", re.I)

BODY_LINE_MIN_WORDS = 15
PROSE_MIN_WORDS = 8
SHORT_LINE_MAX_WORDS = 3
SHORT_BLOCK_MIN_LINES = 3
LABEL_MAX_WORDS = 2
DATE_LINE_MAX_WORDS = 8
CAPTION_MAX_WORDS = 80
MIN_BODY_WORDS = 5  # newswire briefs ('Qtly div 25 cts vs 25 cts prior') are articles too


@dataclass(frozen=True)
class Removal:
    """A span cleaning removed: `text == source[start:end]` of the text it was given."""

    start: int
    end: int
    rule: str
    text: str


@dataclass(frozen=True)
class CleanedArticle:
    body: str
    title: str | None
    publisher: str | None
    author: str | None
    published_at: datetime | None
    word_count: int
    removals: tuple[Removal, ...] = ()
    # What the removal offsets index: 'body_text' (the record's article text) or 'html_text'
    # (the text trafilatura extracted from an HTML page; the markup itself is not itemized).
    removals_source: str = "body_text"


class EmptyArticleError(ValueError):
    """The record held no article text once boilerplate was removed (`removals` says what was cut)."""

    def __init__(self, message: str, removals: tuple[Removal, ...] = ()):
        super().__init__(message)
        self.removals = removals


def normalize_preserving_offsets(text: str) -> str:
    """Exotic spaces, zero-width, control characters and line separators -> plain ones, one char for one."""
    return text.translate(_OFFSET_SAFE)


def normalize_text(text: str) -> str:
    """NFC, plain spaces, one space between words, trimmed lines; quotes and dashes kept."""
    text = unicodedata.normalize("NFC", normalize_preserving_offsets(text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def line_key(line: str) -> str:
    """The form in which lines are compared across articles (repeated-line furniture)."""
    return " ".join(normalize_text(line).lower().split())


FURNITURE_CANDIDATE_MAX_WORDS = 12


def furniture_candidates(text: str) -> set[str]:
    """`line_key`s of the short, non-prose lines of a text: what a publisher may repeat as furniture."""
    return {line_key(u.text) for u in _units(normalize_preserving_offsets(text))
            if 0 < u.words <= FURNITURE_CANDIDATE_MAX_WORDS and not _is_prose(u) and not _is_table_row(u)}


def _date_line(text: str) -> datetime | None:
    """The date of a short line that is a date or timestamp plus at most two other words."""
    if count_words(text) > DATE_LINE_MAX_WORDS or not _YEARISH.search(text) or not _DATE_SIGNAL.search(text):
        return None
    candidate = text
    if m := re.match(r"^(.*?)(\d{4})\.(\d{1,2})\.(\d{1,2})\b(.*)$", candidate):
        candidate = f"{m[1]}{m[2]}-{m[3]}-{m[4]}{m[5]}"
    try:
        # No default day: a line that gives a time without a year ('11:15 p.m.') fixes no day (the
        # parser would fill in today's) and fails the year check below.
        parsed, skipped = date_parser.parse(candidate, fuzzy_with_tokens=True, tzinfos=TZINFOS,
                                            default=datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    other_words = sum(count_words(t) for t in skipped)
    if other_words > LABEL_MAX_WORDS or not (1900 <= parsed.year <= 2100):
        return None
    return as_utc(parsed)


def is_hard_wrapped(lines: list[str]) -> bool:
    """True for newswire-style text broken at a fixed width inside paragraphs."""
    lengths = [len(line) for line in lines if line.strip()]
    if len(lengths) < 5:
        return False
    long_lines = [n for n in lengths if n >= 40]
    if len(long_lines) < 0.6 * len(lengths):
        return False
    width = sorted(lengths)[int(len(lengths) * 0.9)]
    unterminated = sum(1 for line in lines if line.strip() and not _SENTENCE_END.search(line.strip()))
    return width <= 100 and unterminated >= 0.5 * len(lengths)


def rejoin_hard_wraps(text: str) -> str:
    """Join wrapped lines into paragraphs; blank or indented lines start a paragraph."""
    lines = text.split("\n")
    if not is_hard_wrapped(lines):
        return text
    return "\n".join(unit.text for unit in _units(normalize_preserving_offsets(text)))


@dataclass
class _Unit:
    """A line (or a re-joined newswire paragraph) with its span in the source text."""

    start: int          # offset of its first non-space character in the source
    end: int            # offset after its last non-space character
    text: str           # normalized text (NFC, single spaces)
    first_line: str     # offset-preserving form of its first source line, from `start`
    words: int = 0

    def __post_init__(self) -> None:
        self.words = count_words(self.text)


def _units(safe: str) -> list[_Unit]:
    """Non-empty lines of `safe` (an offset-preserving normalized text), or paragraphs when hard-wrapped."""
    lines: list[tuple[int, int, str]] = []  # (start, end) of the stripped line, raw line
    pos = 0
    for raw in safe.split("\n"):
        stripped = raw.strip(" ")
        if stripped:
            lead = len(raw) - len(raw.lstrip(" "))
            lines.append((pos + lead, pos + lead + len(stripped), raw))
        else:
            lines.append((pos, pos, raw))
        pos += len(raw) + 1
    wrapped = is_hard_wrapped([raw for _, _, raw in lines])
    groups: list[list[tuple[int, int, str]]] = []
    for line in lines:
        start, end, raw = line
        if start == end:  # blank line: ends a paragraph
            if wrapped and groups and groups[-1]:
                groups.append([])
            continue
        if not wrapped or not groups or not groups[-1] or raw.startswith(("  ", "\t")):
            groups.append([line])
        else:
            groups[-1].append(line)
    units = []
    for group in groups:
        if not group:
            continue
        text = " ".join(safe[s:e] for s, e, _ in group).replace(GONE, "")
        text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
        units.append(_Unit(group[0][0], group[-1][1], text, safe[group[0][0]:group[0][1]]))
    return units


def _is_prose(unit: _Unit) -> bool:
    return unit.words >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(unit.text))


def _is_statement(unit: _Unit) -> bool:
    """Prose that is not a headline: a long sentence, or one closed by a full stop
    (a list of headlines may hold questions: 'Will they meet this time?')."""
    return _is_body_line(unit) or (unit.words >= PROSE_MIN_WORDS and bool(re.search(r"[.!…][\"'”’)]*$", unit.text)))


def _ends_a_list(unit: _Unit) -> bool:
    """A unit no list of headlines or links holds: a statement, a long passage, a table row."""
    numbers = sum(bool(_NUMERIC.search(t)) for t in unit.text.split())
    return _is_statement(unit) or unit.words >= 20 or numbers >= 2 or _is_table_row(unit)


def _is_body_line(unit: _Unit) -> bool:
    return unit.words >= BODY_LINE_MIN_WORDS and bool(_SENTENCE_END.search(unit.text))


def _is_table_row(unit: _Unit) -> bool:
    tokens = unit.text.split()
    return bool(tokens) and sum(bool(_NUMERIC.search(t)) for t in tokens) >= 0.3 * len(tokens)


def _is_mostly_numbers(unit: _Unit) -> bool:
    """'Shr 12 cts vs 10 cts' is a table row; 'Newcastle 2-1 Bolton' is a headline."""
    tokens = unit.text.split()
    return bool(tokens) and sum(bool(_NUMERIC.search(t)) for t in tokens) > 0.4 * len(tokens)


def _is_short_link_like(unit: _Unit) -> bool:
    """A menu item, a share button, a widget label: a few words, no digits, no sentence."""
    return (0 < unit.words <= SHORT_LINE_MAX_WORDS and not any(ch.isdigit() for ch in unit.text)
            and not _SENTENCE_END.search(unit.text)) or bool(_LINK_LINE.match(unit.text))


def _is_label(unit: _Unit) -> bool:
    return (unit.words <= LABEL_MAX_WORDS and not any(ch.isdigit() for ch in unit.text)
            and not _SENTENCE_END.search(unit.text))


def _mostly_other_script(text: str) -> bool:
    # Branding in another script (a site name in CJK or Cyrillic letters): mostly non-Latin letters.
    if text.isascii():  # the common case, without a pass over every character
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) < 0.5 * len(letters)


def _pick_title(header: list[_Unit]) -> int | None:
    """Index of the headline among the header units: the first of three or more words (or in
    quotes) that does not end with a full stop. The first, not the longest: a standfirst
    without its full stop must not take the headline's place (and push it into the masthead)."""
    candidates = [i for i, u in enumerate(header)
                  if (u.words >= 3 or u.text.startswith(('"', "“", "'", "‘"))) and not _is_mostly_numbers(u)]
    unpunctuated = [i for i in candidates if not re.search(r"\.[\"'”’)]*$", header[i].text)]
    pool = unpunctuated or candidates
    return pool[0] if pool else None


def _clean_title(text: str) -> str:
    if " | " in text:  # 'Section | Headline': drop the section label
        text = max(text.split(" | "), key=count_words)
    return text.strip()


def _more_precise(current: datetime | None, new: datetime | None) -> datetime | None:
    """Keep the first date seen, but let a timestamp of the same day add the time."""
    if current is None or (new is not None and new.date() == current.date() and current.time() == datetime.min.time()):
        return new or current
    return current


def clean_text(
    text: str,
    *,
    repeated_lines: frozenset[str] | set[str] = frozenset(),
    title: str | None = None,
    markdown: bool = False,
) -> CleanedArticle:
    """Clean a plain-text article (also trafilatura output) and pull its metadata.

    `repeated_lines` holds `line_key`s the publisher repeats across many articles (its
    furniture); `title`, when the source gave one, marks the headline line in the text.
    Every removed span is returned in `removals`, with offsets into `text`.
    """
    safe, marks = unmark_names(normalize_preserving_offsets(text))
    units = _units(safe)
    # Date lines and date prefixes are page furniture only above the first paragraph of text
    # (a text without any paragraph, e.g. a dividend brief, is all text).
    first_text = next((k for k, u in enumerate(units) if _is_body_line(u)), 0)
    removals: list[Removal] = []
    publisher = author = None
    published_at: datetime | None = None
    md_title: str | None = None

    def remove(unit: _Unit, rule: str, start: int | None = None, end: int | None = None) -> None:
        s, e = unit.start if start is None else start, unit.end if end is None else end
        removals.append(Removal(s, e, rule, text[s:e]))

    kept: list[_Unit] = []
    for index, unit in enumerate(units):
        in_header = index < first_text
        if markdown:
            if md_title is None and (m := _MD_HEADING.match(unit.text)):
                md_title = _md_inline(m[1]).strip()
                remove(unit, "title")
                continue
            unit.text = _SPACES.sub(" ", _md_inline(_MD_LIST_OR_QUOTE.sub("", _MD_HEADING.sub(r"\1", unit.text)))).strip()
            unit.words = count_words(unit.text)
            if not unit.text:
                remove(unit, "markup")
                continue
        if in_header and (m := _DATE_PREFIX.match(unit.first_line)):
            published_at = published_at or parse_datetime(m["date"])
            remove(unit, "date_prefix", unit.start, unit.start + m.end())
            unit.start += m.end()  # what stays of the line starts after the prefix
            unit.first_line = unit.first_line[m.end():]
            unit.text = unit.text[len(_SPACES.sub(" ", m[0]).strip()):].strip()
            unit.words = count_words(unit.text)
        if repeated_lines and not _is_prose(unit) and line_key(unit.text) in repeated_lines:
            remove(unit, "repeated_line")
            continue
        if _mostly_other_script(unit.text):
            remove(unit, "other_script")
            continue
        if _URL_LINE.match(unit.text):
            remove(unit, "link_line")
            continue
        if unit.words <= 30 and unit.text.startswith("(") and _CREDIT_LINE.match(unit.text):
            if m := _SOURCE_IN_CREDIT.search(unit.text):
                publisher = publisher or m[1].strip()
            remove(unit, "credit_line")
            continue
        if (m := _AUTHOR_LINE.match(unit.text)) and unit.words <= 12 and not _SENTENCE_END.search(unit.text):
            author = author or m["name"].strip()
            remove(unit, "byline")
            continue
        if (_CAPTION_LABEL.match(unit.text) and unit.words <= 20) or (
                _CAPTION_CREDIT.search(unit.text) and unit.words <= CAPTION_MAX_WORDS):
            remove(unit, "caption")
            continue
        if _TAG_LINE.match(unit.text) and not _is_prose(unit):
            remove(unit, "tags")
            continue
        if in_header and not _is_prose(unit) and (when := _date_line(unit.text)):
            published_at = _more_precise(published_at, when)
            remove(unit, "date_line")
            continue
        kept.append(unit)

    # Runs of short link-like lines above the text or below it: menus, share and subscribe
    # blocks, widgets. Between paragraphs of text such a run is a list the article gives
    # (fixtures, names) and stays.
    drop: set[int] = set()
    body_lines = [k for k, u in enumerate(kept) if _is_body_line(u)]
    first_line, last_line = (body_lines[0], body_lines[-1]) if body_lines else (len(kept), -1)
    i = 0
    while i < len(kept):
        j = i
        while j < len(kept) and _is_short_link_like(kept[j]):
            j += 1
        if j - i >= SHORT_BLOCK_MIN_LINES and (j <= first_line or i > last_line):
            drop.update(range(i, j))
        i = max(j, i + 1)
    for k in sorted(drop):
        remove(kept[k], "short_line_block")
    kept = [u for k, u in enumerate(kept) if k not in drop]

    # A trailing list: a short heading after the text, followed only by lines that are not prose.
    first_body = next((k for k, u in enumerate(kept) if _is_body_line(u)), None)
    if first_body is not None:
        for k in range(first_body + 1, len(kept)):
            head = kept[k]
            if not 1 <= head.words <= 4 or any(ch.isdigit() for ch in head.text) or re.search(
                    r"[.!?…,;][\"'”’)]*$", head.text):
                continue
            tail = kept[k + 1:]
            if tail and not any(_ends_a_list(u) for u in tail):
                for u in kept[k:]:
                    remove(u, "trailing_list")
                kept = kept[:k]
                break

    # Header: the units before the first paragraph of text. Above the headline is the
    # masthead; between it and the text, one- or two-word labels (section, share).
    first_body = next((k for k, u in enumerate(kept) if _is_body_line(u)), 0)
    header = kept[:first_body]
    title_index = None
    if title or md_title:
        wanted = line_key(title or md_title)
        title_index = next((k for k, u in enumerate(header) if line_key(u.text) == wanted), None)
        if title_index is None:  # 'Headline | Site' given, 'Headline' in the text, or the reverse
            title_index = next((k for k, u in enumerate(header) if u.words >= 2 and (
                line_key(u.text) in wanted or wanted in line_key(u.text))), None)
    elif header:
        title_index = _pick_title(header)
    found_title = None
    header_kept: list[_Unit] = []
    for k, unit in enumerate(header):
        if title_index is not None and k < title_index:
            remove(unit, "masthead")
        elif k == title_index:
            found_title = _clean_title(unit.text)
            remove(unit, "title")
        elif title_index is not None and _is_label(unit):
            remove(unit, "header_label")
        else:
            header_kept.append(unit)
    body_units = header_kept + kept[first_body:]

    paragraphs: list[str] = []
    seen: set[str] = set()
    for k, unit in enumerate(body_units):
        line = unit.text
        if k < 3 and (m := _DATELINE.match(unit.first_line)):
            publisher = publisher or m["publisher"].strip()
            remove(unit, "dateline", unit.start, unit.start + len(m[0].rstrip()))
            line = line[len(_SPACES.sub(" ", m[0]).strip()):].strip()
        key = line.lower()
        if key in seen and count_words(line) >= PROSE_MIN_WORDS:  # a standfirst repeated in the body
            remove(unit, "repeated_paragraph")
            continue
        seen.add(key)
        if line:
            paragraphs.append(line)
    body = "\n\n".join(paragraphs)
    words = count_words(body)
    # A mark's characters count as removed unless a removal of its whole line holds them.
    removals += [Removal(s, e, rule, text[s:e]) for s, e, rule in marks
                 if not any(r.start <= s and e <= r.end for r in removals)]
    removals.sort(key=lambda r: (r.start, r.end))
    if words == 0:
        raise EmptyArticleError("no article text left after removing boilerplate", tuple(removals))
    return CleanedArticle(body, md_title or found_title, publisher, author, published_at, words, tuple(removals))


_HTML_MARKERS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|</(?:p|div|article|span|li|h[1-6])>", re.I)


def looks_like_html(text: str) -> bool:
    """Markup, not newswire's '<Pepsico Inc>' ticker brackets."""
    return bool(_HTML_MARKERS.search(text[:5000]))


def clean_html(html: str, *, repeated_lines: frozenset[str] | set[str] = frozenset()) -> CleanedArticle:
    """Main text and metadata of an HTML page via trafilatura, then the text rules; the publication
    time from the markup (`html_published_time`) to the minute, in UTC."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise EmptyArticleError("no article text found in HTML")
    page_title = unmark_title(doc.title)
    cleaned = clean_text(doc.text, repeated_lines=repeated_lines, title=page_title)
    return CleanedArticle(
        body=cleaned.body,
        title=page_title or cleaned.title,
        publisher=doc.sitename or cleaned.publisher,
        author=doc.author or cleaned.author,
        published_at=more_exact(parse_datetime(html_published_time(html)) or parse_datetime(doc.date),
                                 cleaned.published_at),
        word_count=cleaned.word_count,
        removals=cleaned.removals,
        removals_source="html_text",
    )


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST_OR_QUOTE = re.compile(r"^\s{0,3}(?:[-*+]\s+|>\s?)", re.M)


def _md_inline(text: str) -> str:
    return _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", text))


def strip_markdown(text: str) -> tuple[str, str | None]:
    """Markdown -> plain text, and the first heading as a title."""
    heading = _MD_HEADING.search(text)
    title = _md_inline(heading[1]).strip() if heading else None
    if heading:
        text = text[:heading.start()] + text[heading.end():]
    text = _MD_HEADING.sub(r"\1", text)
    text = _md_inline(text)
    text = _MD_LIST_OR_QUOTE.sub("", text)
    return text, title


def clean_article(
    text: str,
    fmt: str,
    *,
    title: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    author: str | None = None,
    url: str | None = None,
    repeated_lines: frozenset[str] | set[str] = frozenset(),
) -> CleanedArticle:
    """Clean one raw record; metadata given by the source (JSON fields) wins over guesses. The
    publisher is the given one, else what the text or page names (HTML og:site_name), else the
    domain of the record's URL; published_at is in UTC (`as_utc`).

    The removals' offsets index `text` (for HTML: the text trafilatura extracted).
    """
    given_title = unmark_title(title)
    if fmt == "html" or looks_like_html(text):
        cleaned = clean_html(text, repeated_lines=repeated_lines)
    else:
        cleaned = clean_text(text, repeated_lines=repeated_lines, title=given_title, markdown=fmt == "markdown")
    return CleanedArticle(
        body=cleaned.body,
        title=given_title or cleaned.title,
        publisher=(publisher or "").strip() or cleaned.publisher or url_outlet(url),
        author=(author or "").strip() or cleaned.author,
        published_at=parse_datetime(published) or cleaned.published_at,
        word_count=cleaned.word_count,
        removals=cleaned.removals,
        removals_source=cleaned.removals_source,
    )


def body_hash(body: str) -> str:
    """Hash of the body ignoring case and spacing: equal hashes are exact duplicates."""
    return hashlib.sha256(" ".join(body.lower().split()).encode()).hexdigest()[:16]
