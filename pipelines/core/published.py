"""Publication time and outlet as an input states them: timestamps with their offsets moved to
UTC (`articles.published_at` is UTC without tzinfo), the time a page's markup gives, and the outlet
a URL names. Used by cleaning (`clean_article`) and by the cleaning stage's upgrade of older
warehouses."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from dateutil import parser as date_parser


# Zone abbreviations bylines use, as UTC offsets in seconds (dateutil knows only UTC/GMT/Z).
_ZONE_OFFSETS = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
                 "AKST": -9, "AKDT": -8, "HST": -10, "WET": 0, "WEST": 1, "BST": 1, "IST": 1, "CET": 1,
                 "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
                 "NZST": 12, "NZDT": 13}
TZINFOS = {name: hours * 3600 for name, hours in _ZONE_OFFSETS.items()}


def as_utc(parsed: datetime) -> datetime:
    """A parsed time as articles.published_at stores it: UTC, without tzinfo. A time with an offset
    ('14:05+01:00', '2:05 pm EDT') is moved to UTC; a time without one is kept as written."""
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return parsed.replace(tzinfo=None)
    return parsed.astimezone(timezone.utc).replace(tzinfo=None)


def offset_time_in_utc(text: str | None) -> datetime | None:
    """The time of a timestamp string that carries an offset ('...T14:05+01:00', '2:05 pm EDT'),
    in UTC; None when it has no offset (or is not a time)."""
    if not text or not text.strip():
        return None
    try:
        parsed = date_parser.parse(text.strip(), fuzzy=True, tzinfos=TZINFOS)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    return as_utc(parsed) if parsed.tzinfo is not None and parsed.utcoffset() is not None else None


def parse_datetime(text: str | None) -> datetime | None:
    """Best-effort parse of a date or timestamp string, in UTC (`as_utc`); None if it is not one."""
    if not text or not text.strip():
        return None
    candidate = text.strip()
    if re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}(?: .*)?", candidate):
        candidate = candidate.replace(".", "-", 2)
    try:
        parsed = date_parser.parse(candidate, fuzzy=False, tzinfos=TZINFOS)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        # Reuters style '26-FEB-1987 15:01:01.79' and other stragglers.
        try:
            parsed = date_parser.parse(candidate, fuzzy=True, tzinfos=TZINFOS)
        except (ValueError, OverflowError, TypeError, ArithmeticError):
            return None
    return as_utc(parsed)


# Where a page states when it was published, most explicit first: Open Graph / article meta,
# schema.org microdata, then other common meta names.
_PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished",
                   "dc.date.issued", "dcterms.issued", "pubdate", "publishdate", "sailthru.date", "date")


def html_published_time(html: str) -> str | None:
    """The publication time a page states in its markup, as written (with its offset): meta tags
    (`_PUBLISHED_META`), JSON-LD `datePublished`, else the first <time datetime>. trafilatura keeps
    only the day of it."""
    import json

    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key in _PUBLISHED_META and value and key not in found:
            found[key] = value
    for key in _PUBLISHED_META:
        if key in found:
            return found[key]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        items += [g for item in list(items) if isinstance(item, dict) for g in item.get("@graph", [])]
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return item["datePublished"]
    for time_tag in tree.iter("time"):
        if time_tag.get("datetime"):
            return time_tag.get("datetime")
    return None


def more_exact(first: datetime | None, second: datetime | None) -> datetime | None:
    """`first`, unless it is a bare day that `second` dates to the minute."""
    if first is None or (second is not None and first.time() == datetime.min.time()
                         and abs(second - first) <= timedelta(days=1)):
        return second or first
    return first


def url_outlet(url: str | None) -> str | None:
    """The outlet a URL names: its host without 'www.' ('https://www.example.org/a' -> 'example.org')."""
    from urllib.parse import urlsplit

    host = (urlsplit(url.strip()).hostname or "") if url and "://" in url else ""
    host = host.removeprefix("www.")
    return host if "." in host else None
