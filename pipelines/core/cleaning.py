"""Cleaning: boilerplate removal, normalization and metadata from the content.

`clean_article` turns one raw record into a body fit for NLP plus the title,
publisher, author and publication time found in the text. Rules are generic
(share buttons, search widgets, 'Related News' lists, photo captions, editor
credits, page timestamps), not tied to one site.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from dateutil import parser as date_parser

# One-for-one replacements: same length, so offsets survive (used by `newsetl extract`).
_OFFSET_SAFE = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
    "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ",
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ", "\ufeff": " ", "\u00ad": " ",
    "\r": "\n", "\t": " ", "\u2028": "\n", "\u2029": "\n", "\u0085": "\n",
})

# Whole lines that are page furniture (compared lower-cased, without trailing ':').
FURNITURE_LINES = frozenset("""
get apps|share|share this|share on|x|wechat|weibo|facebook|twitter|whatsapp|linkedin|telegram|email|print|
comment|comments|leave a comment|< go back|go back|back|search|search content|content|title|keyword|keywords|
new to old|old to new|relativity|no result found|no results found|no more|load more|close|light dark|dark mode|
view all|see all|read more|advertisement|sponsored|subscribe|sign in|log in|sign up|menu|home|top|
follow us|newsletter|copy link|copied|skip to content|cookie settings|accept cookies
""".replace("\n", "").split("|"))

# A line that starts a trailing list of links: everything from it on is dropped.
FOOTER_MARKERS = re.compile(
    r"^(related news|related articles|related stories|related|latest news|more news|more from|read more|"
    r"recommended|you may also like|most read|most popular|tags?)\s*:?", re.I)
_TAG_LINE = re.compile(r"^tags?\s*:", re.I)

# '(Source: Wen Wei Po; English Editor: Darius)', '(Web editor: Zhang Kaiwei, Liang Jun)'
_CREDIT_LINE = re.compile(r"^\((?:source|web editor|english editor|editor|editing by|reporting by|writing by)\s*:?[^()]*\)\.?$", re.I)
_SOURCE_IN_CREDIT = re.compile(r"source\s*:\s*([^;)]+)", re.I)
_AUTHOR_LINE = re.compile(r"^(?:original author|author|written by|by)\s*:?\s*(?P<name>[^,;|]+?)\s*(?:[,;|].*)?$", re.I)
# Photo captions: 'cover Photo: Dall-E ...', '... (Photo by A/Xinhua)', '... (Xinhua/Evgeny Sinitsyn)'.
_CAPTION_LINE = re.compile(
    r"^(?:(?:cover\s+)?photo\s*:|image\s*:|picture\s*:|file photo)|"
    r"\((?:photo by [^()]*|[^()]*/[^()]*|[^()]* via [^()]*)\)\.?$", re.I)
# '2025.05.20 15:29', '2025-05-21', '21/05/2025 08:55'
_TIMESTAMP_LINE = re.compile(r"^\d{4}[./-]\d{1,2}[./-]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$|^\d{1,2}[./-]\d{1,2}[./-]\d{4}(?: \d{1,2}:\d{2})?$")
# 'Xinhua) 08:55, May 21, 2025' : a publisher fragment followed by a time and date.
_PUBLISHER_TIME_LINE = re.compile(r"^\(?(?P<publisher>[A-Z][\w .&'-]{1,40})\)\s*(?P<when>\d{1,2}:\d{2},?\s+\w+\.? \d{1,2},? \d{4})$")
# ' date 2025-05-21 Explainer: ...' : a date prefix glued to the headline.
_DATE_PREFIX = re.compile(r"^date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+", re.I)
# 'WASHINGTON/MOSCOW, May 20 (Xinhua) -- ' : a wire dateline opening the first paragraph.
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]+,\s+\w+\.? \d{1,2}\s+\((?P<publisher>[^()]{2,40})\)\s+-{1,2}\s*")
# '..., Orda.kz reports.' closing the first paragraph names the source outlet.
_REPORTS_SOURCE = re.compile(r",\s+(?P<publisher>[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3}) reports\.$")
_MISSING_SPACE_AFTER_COMMA = re.compile(r"(?<=[a-z]),(?=[A-Z][a-z])")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$|[\"”]$")
_WORD = re.compile(r"\w+(?:['’.,-]\w+)*")
_SPACES = re.compile(r"[ \t]+")

BODY_LINE_MIN_WORDS = 15
MIN_BODY_WORDS = 5  # newswire briefs ('Qtly div 25 cts vs 25 cts prior') are articles too


@dataclass(frozen=True)
class CleanedArticle:
    body: str
    title: str | None
    publisher: str | None
    author: str | None
    published_at: datetime | None
    word_count: int


class EmptyArticleError(ValueError):
    """The record held no article text once boilerplate was removed."""


def normalize_preserving_offsets(text: str) -> str:
    """Exotic spaces, zero-width and line separators -> plain ones, one char for one."""
    return text.translate(_OFFSET_SAFE)


def normalize_text(text: str) -> str:
    """NFC, plain spaces, one space between words, trimmed lines; quotes and dashes kept."""
    text = unicodedata.normalize("NFC", normalize_preserving_offsets(text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def parse_datetime(text: str | None) -> datetime | None:
    """Best-effort parse of a date or timestamp string; None if it is not one."""
    if not text or not text.strip():
        return None
    candidate = text.strip()
    if re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}(?: .*)?", candidate):
        candidate = candidate.replace(".", "-", 2)
    try:
        parsed = date_parser.parse(candidate, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        # Reuters style '26-FEB-1987 15:01:01.79' and other stragglers.
        try:
            parsed = date_parser.parse(candidate, fuzzy=True)
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed


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
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        starts_paragraph = not line.strip() or line.startswith(("  ", "\t"))
        if starts_paragraph and current:
            paragraphs.append(" ".join(current))
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def _is_furniture(line: str) -> bool:
    key = line.lower().rstrip(":").strip()
    if key in FURNITURE_LINES:
        return True
    letters = [ch for ch in line if ch.isalpha()]
    # Branding in another script ('點新聞-dotdotnews'): mostly non-Latin letters.
    return bool(letters) and sum(ch.isascii() for ch in letters) < 0.5 * len(letters)


def _is_body_line(line: str) -> bool:
    return count_words(line) >= BODY_LINE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def _pick_title(header: list[str]) -> str | None:
    candidates = [line for line in header if count_words(line) >= 3 or line.startswith(('"', "“", "'", "‘"))]
    if not candidates:
        return None
    title = max(candidates, key=count_words)
    if " | " in title:  # 'Deepline | Two-hour phone call ...': drop the section label
        title = max(title.split(" | "), key=count_words)
    return title.strip()


def _more_precise(current: datetime | None, new: datetime | None) -> datetime | None:
    """Keep the first date seen, but let a timestamp of the same day add the time."""
    if current is None or (new is not None and new.date() == current.date() and current.time() == datetime.min.time()):
        return new or current
    return current


def clean_text(text: str) -> CleanedArticle:
    """Clean a plain-text article (also trafilatura output) and pull its metadata."""
    # Re-join wrapped lines before trimming them: indentation marks newswire paragraphs.
    text = normalize_text(rejoin_hard_wraps(normalize_preserving_offsets(text)))
    title = publisher = author = None
    published_at: datetime | None = None

    kept: list[str] = []
    for line in text.split("\n"):
        if not line:
            continue
        if m := _DATE_PREFIX.match(line):
            published_at = published_at or parse_datetime(m["date"])
            line = line[m.end():]
        if FOOTER_MARKERS.match(line) and kept and (len(kept) > 3 or _TAG_LINE.match(line)):
            break
        if _is_furniture(line) or _CAPTION_LINE.search(line) and count_words(line) < 80:
            continue
        if _CREDIT_LINE.match(line):
            if m := _SOURCE_IN_CREDIT.search(line):
                publisher = publisher or m[1].strip()
            continue
        if (m := _AUTHOR_LINE.match(line)) and count_words(line) <= 12 and not _SENTENCE_END.search(line):
            author = author or m["name"].strip()
            continue
        if _TIMESTAMP_LINE.match(line):
            published_at = _more_precise(published_at, parse_datetime(line))
            continue
        if m := _PUBLISHER_TIME_LINE.match(line):
            publisher = publisher or m["publisher"].strip()
            published_at = _more_precise(published_at, parse_datetime(m["when"].replace(",", "", 1)))
            continue
        kept.append(line)

    # Header: the short lines before the first real paragraph (branding, section names, title).
    first_body = next((i for i, line in enumerate(kept) if _is_body_line(line)), 0)
    header, body_lines = kept[:first_body], kept[first_body:]
    title = _pick_title(header)

    paragraphs: list[str] = []
    seen: set[str] = set()
    for i, line in enumerate(body_lines):
        if i < 3 and (m := _DATELINE.match(line)):
            publisher = publisher or m["publisher"].strip()
            line = line[m.end():]
        if i == 0 and (m := _REPORTS_SOURCE.search(line)):
            publisher = publisher or m["publisher"]
        line = _MISSING_SPACE_AFTER_COMMA.sub(", ", line)
        key = line.lower()
        if key in seen and count_words(line) >= 8:  # a standfirst repeated in the body
            continue
        seen.add(key)
        paragraphs.append(line)
    body = "\n\n".join(paragraphs)
    words = count_words(body)
    if words == 0:
        raise EmptyArticleError("no article text left after removing boilerplate")
    return CleanedArticle(body, title, publisher, author, published_at, words)


_HTML_MARKERS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|</(?:p|div|article|span|li|h[1-6])>", re.I)


def looks_like_html(text: str) -> bool:
    """Markup, not newswire's '<Pepsico Inc>' ticker brackets."""
    return bool(_HTML_MARKERS.search(text[:5000]))


def clean_html(html: str) -> CleanedArticle:
    """Main text and metadata of an HTML page via trafilatura, then the text rules."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise EmptyArticleError("no article text found in HTML")
    cleaned = clean_text(doc.text)
    return CleanedArticle(
        body=cleaned.body,
        title=doc.title or cleaned.title,
        publisher=doc.sitename or cleaned.publisher,
        author=doc.author or cleaned.author,
        published_at=parse_datetime(doc.date) or cleaned.published_at,
        word_count=cleaned.word_count,
    )


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST_OR_QUOTE = re.compile(r"^\s{0,3}(?:[-*+]\s+|>\s?)", re.M)


def strip_markdown(text: str) -> tuple[str, str | None]:
    """Markdown -> plain text, and the first heading as a title."""
    heading = _MD_HEADING.search(text)
    title = _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", heading[1])).strip() if heading else None
    if heading:
        text = text[:heading.start()] + text[heading.end():]
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
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
) -> CleanedArticle:
    """Clean one raw record; metadata given by the source (JSON fields) wins over guesses."""
    md_title = None
    if fmt == "markdown":
        text, md_title = strip_markdown(text)
    cleaned = clean_html(text) if fmt == "html" or looks_like_html(text) else clean_text(text)
    return CleanedArticle(
        body=cleaned.body,
        title=(title or "").strip() or md_title or cleaned.title,
        publisher=(publisher or "").strip() or cleaned.publisher,
        author=(author or "").strip() or cleaned.author,
        published_at=parse_datetime(published) or cleaned.published_at,
        word_count=cleaned.word_count,
    )


def body_hash(body: str) -> str:
    """Hash of the body ignoring case and spacing: equal hashes are exact duplicates."""
    return hashlib.sha256(" ".join(body.lower().split()).encode()).hexdigest()[:16]
