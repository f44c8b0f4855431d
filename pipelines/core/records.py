"""Records: the article records of a file's bytes or decoded text, or rejections with a reason.

A file can hold one article (.txt, .md, .html, .htm, a .json object) or many (.jsonl, a .json
array). Every record becomes either a `RawRecord` or a `Rejection`; nothing is dropped silently.
A rejection keeps the bytes it was read from (up to the article limit), so that a later ingest code
can read it again (reading_again.py). Finding and reading files is ingest.py's.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pipelines.core.cleaning import looks_like_html
from pipelines.core.decoding import DecodeError, Decoded, decode
from pipelines.core.language import detect_language


# Field names accepted in JSON records, in order of preference.
BODY_FIELDS = ("body", "text", "content", "article", "story")


TITLE_FIELDS = ("title", "headline")


DATE_FIELDS = ("date", "published_at", "published", "publication_date", "pubdate", "datetime")


URL_FIELDS = ("url", "link")


PUBLISHER_FIELDS = ("publisher", "source", "outlet", "site", "sitename")


AUTHOR_FIELDS = ("author", "authors", "byline")


MIN_LANGUAGE_CONFIDENCE = 0.9


MAX_CONTROL_CHAR_RATIO = 0.01


# Category Cc is exactly U+0000-U+001F and U+007F-U+009F; \t \n \f \r are allowed. One regex
# scan instead of a unicodedata lookup per character (a tenth of ingest's time).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class RawRecord:
    raw_id: str                 # content hash of the record
    source_path: str
    record_index: int | None    # position inside a .jsonl/.json array, else None
    format: str
    size_bytes: int
    encoding: str
    raw_text: str               # the decoded record as it was (whole file, or one JSON record)
    body_text: str              # the article text to clean (JSON body field, else raw_text)
    title: str | None = None
    published: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    encoding_confidence: float = 1.0  # see `Decoded`
    # The bytes the record was decoded from, kept only when the decoding was a guess (not UTF-8 or
    # a byte-order mark: `Decoded.certain`): a new decoding code decodes them again (`read_again`).
    original_bytes: bytes | None = None


@dataclass(frozen=True)
class Rejection:
    source_path: str
    record_index: int | None
    content_hash: str
    reason: str
    # What a later code needs to read the rejected record again (reading_again.py): its bytes,
    # kept up to the article limit (a larger record is rejected as too large whatever the code), and
    # the encoding its file was decoded with (None: not decoded). Else why they are not kept.
    record_bytes: bytes | None = None
    record_encoding: str | None = None
    bytes_not_kept: str | None = None


# Why a rejection keeps no bytes (rejected_inputs.bytes_not_kept).
WHOLE_FILE_NOT_KEPT = "the whole file, not kept: read again from its file while it is there unchanged"


FILE_GONE = "its file is gone: it cannot be read again"


FILE_CHANGED = "its file changed since: the new content is read as a new file"


NOT_A_FILE = "not a regular file: the path is looked at again by every run"


KEPT_IN_RAW_RECORD = "its raw record keeps its text (raw_articles)"


REJECTED_BEFORE_BYTES_WERE_KEPT = "rejected before rejections kept their bytes: it cannot be read again"


def too_large_to_keep(size: int, limit: int) -> str:
    return (f"too large to keep: {size:,} bytes, more than the limit of {limit:,} bytes (NEWSETL_MAX_ARTICLE_BYTES: "
            "any code rejects it as too large)")


def keep_bytes(item: RawRecord | Rejection, data: bytes | None, encoding: str | None,
          max_article_bytes: int) -> RawRecord | Rejection:
    """A rejection with the bytes it was read from (up to the article limit) and its file's
    encoding, so a later code can read it again; a record, or a rejection already saying what it
    keeps, unchanged."""
    if not isinstance(item, Rejection) or item.record_bytes is not None or item.bytes_not_kept is not None:
        return item
    if data is None:
        return item
    if len(data) > max_article_bytes:
        return replace(item, bytes_not_kept=too_large_to_keep(len(data), max_article_bytes))
    return replace(item, record_bytes=data, record_encoding=encoding)


def why_not_kept(item: Rejection) -> str | None:
    """What a rejection's row says about reading it again: None when its bytes are kept."""
    if item.record_bytes is not None:
        return None
    if item.bytes_not_kept is not None:
        return item.bytes_not_kept
    return WHOLE_FILE_NOT_KEPT if item.record_index is None else "its bytes could not be kept"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def describe_error(exc: BaseException) -> str:
    """'PermissionError [Errno 13] Permission denied': the exception's class and message, for reasons."""
    detail = f"[Errno {exc.errno}] {exc.strerror}" if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"{type(exc).__name__} {detail}".strip()


def control_char_ratio(text: str) -> float:
    """Share of control characters (Unicode category Cc) other than line breaks, tabs and form feeds."""
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def check_text(text: str, *, check_language: bool = True) -> str | None:
    """Reason a decoded text cannot be an English article, or None if it can."""
    if not text.strip():
        return "empty text"
    if control_char_ratio(text) > MAX_CONTROL_CHAR_RATIO:
        return "binary content: too many control characters"
    if not any(ch.isalpha() for ch in text):
        return "no text: contains no letters"
    if not check_language:
        return None
    lang, prob = detect_language(text)
    if lang is not None and lang != "en" and prob >= MIN_LANGUAGE_CONFIDENCE:
        return f"not English: detected language {lang!r} (p={prob:.2f})"
    return None


def _first_field(record: dict, names: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if isinstance(value, dict):
            value = value.get("name")
        if value not in (None, ""):
            return str(value)
    return None


def _record_from_json(obj, *, source_path: str, index: int | None, fmt: str, encoding: str, raw: str):
    data = raw.encode("utf-8")
    digest = content_hash(data)
    if not isinstance(obj, dict):
        return Rejection(source_path, index, digest, f"malformed JSON record: expected an object, got {type(obj).__name__}")
    body = _first_field(obj, BODY_FIELDS)
    if not body or not body.strip():
        return Rejection(source_path, index, digest, f"JSON record has no article text (none of the fields {', '.join(BODY_FIELDS)})")
    reason = check_text(body, check_language=not looks_like_html(body))
    if reason:
        return Rejection(source_path, index, digest, reason)
    record = RawRecord(
        raw_id=digest,
        source_path=source_path,
        record_index=index,
        format=fmt,
        size_bytes=len(data),
        encoding=encoding,
        raw_text=raw,
        body_text=body,
        title=_first_field(obj, TITLE_FIELDS),
        published=_first_field(obj, DATE_FIELDS),
        url=_first_field(obj, URL_FIELDS),
        publisher=_first_field(obj, PUBLISHER_FIELDS),
        author=_first_field(obj, AUTHOR_FIELDS),
    )
    for value in (record.body_text, record.title, record.published, record.url, record.publisher, record.author):
        if value is not None:
            value.encode("utf-8")  # a lone surrogate ('\\ud800' in JSON) cannot be stored: raises here, per record
    return record


def too_large(size: int, limit: int, what: str = "article record") -> str:
    return (f"too large: {what} of {size:,} bytes exceeds the limit of {limit:,} bytes "
            "(NEWSETL_MAX_ARTICLE_BYTES; a degenerate or concatenated input)")


def json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply to parse (RecursionError)"
    return describe_error(exc)


def guarded_json_record(obj, *, source_path: str, index: int | None, fmt: str, encoding: str, raw: str,
                         max_article_bytes: int) -> RawRecord | Rejection:
    data = raw.encode("utf-8", "surrogatepass")
    if len(data) > max_article_bytes:
        return Rejection(source_path, index, content_hash(data), too_large(len(data), max_article_bytes))
    try:
        return _record_from_json(obj, source_path=source_path, index=index, fmt=fmt, encoding=encoding, raw=raw)
    except Exception as exc:
        where = f"record {index} of {source_path}" if index is not None else source_path
        return Rejection(source_path, index, content_hash(data), f"failed to read {where}: {describe_error(exc)}")


def with_confidence(item: RawRecord | Rejection, decoded: Decoded, original: bytes | None) -> RawRecord | Rejection:
    """The record with the confidence of its file's decoding and, when that was a guess, the bytes
    it was decoded from."""
    if not isinstance(item, RawRecord) or decoded.certain:
        return item
    return replace(item, encoding_confidence=decoded.confidence, original_bytes=original)


def _encoded(text: str, encoding: str) -> bytes | None:
    """A record's text in the encoding it was decoded from (a JSON array's item, a line of a file
    decoded whole): the bytes it came from, for a single-byte page. None when it cannot be."""
    try:
        return text.encode(encoding)
    except (UnicodeError, LookupError):
        return None


def jsonl_line_record(line: bytes, lineno: int, *, source_path: str, encoding: str,
                max_article_bytes: int) -> RawRecord | Rejection:
    try:
        text = line.decode(encoding)
    except UnicodeDecodeError as exc:
        return keep_bytes(Rejection(source_path, lineno, content_hash(line),
                               f"undecodable line {lineno}: invalid {encoding} ({exc.reason})"),
                     line, None, max_article_bytes)
    return parse_jsonl_line(text, lineno, source_path=source_path, encoding=encoding,
                             max_article_bytes=max_article_bytes)


def parse_jsonl_line(line: str, lineno: int, *, source_path: str, encoding: str,
                      max_article_bytes: int) -> RawRecord | Rejection:
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return Rejection(source_path, lineno, content_hash(line.encode("utf-8", "surrogatepass")),
                         f"malformed JSON on line {lineno}: {json_error(exc)}")
    return guarded_json_record(obj, source_path=source_path, index=lineno, fmt="jsonl", encoding=encoding,
                                raw=line, max_article_bytes=max_article_bytes)


def read_bytes(path: Path, fmt: str | None, data: bytes, max_article_bytes: int) -> Iterator[RawRecord | Rejection]:
    source_path = str(path)
    digest = content_hash(data)
    if fmt is None:
        yield keep_bytes(Rejection(source_path, None, digest, f"unsupported file type {path.suffix or '(no extension)'!r}"),
                    data, None, max_article_bytes)
        return
    if fmt not in ("json", "jsonl") and len(data) > max_article_bytes:
        yield Rejection(source_path, None, digest, too_large(len(data), max_article_bytes, "single-article file"),
                        bytes_not_kept=too_large_to_keep(len(data), max_article_bytes))
        return
    try:
        decoded = decode(data)
    except DecodeError as exc:
        yield keep_bytes(Rejection(source_path, None, digest, str(exc)), data, None, max_article_bytes)
        return
    for item in read_text(path, fmt, decoded, data, max_article_bytes):
        # A rejection of the whole file keeps the file's bytes (a record of it keeps its own).
        yield keep_bytes(item, data, decoded.encoding, max_article_bytes) if item.record_index is None else item


def read_text(path: Path, fmt: str, decoded: Decoded, data: bytes, max_article_bytes: int) -> Iterator[RawRecord | Rejection]:
    """The records of a file's decoded text (`data`: the bytes it was decoded from)."""
    source_path = str(path)
    digest = content_hash(data)
    text, encoding, confidence = decoded.text, decoded.encoding, decoded.confidence
    if control_char_ratio(text) > MAX_CONTROL_CHAR_RATIO:
        yield Rejection(source_path, None, digest, "binary content: too many control characters")
        return

    if fmt == "jsonl":
        any_line = False
        for lineno, line in enumerate(text.split("\n"), start=1):
            line = line.rstrip("\r")
            if not line.strip():
                continue
            any_line = True
            original = _encoded(line, encoding)
            yield keep_bytes(with_confidence(parse_jsonl_line(line, lineno, source_path=source_path, encoding=encoding,
                                                     max_article_bytes=max_article_bytes), decoded, original),
                        original, encoding, max_article_bytes)
        if not any_line:
            yield Rejection(source_path, None, digest, "empty file")
        return

    if fmt == "json":
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            yield Rejection(source_path, None, digest, f"malformed JSON: {json_error(exc)}")
            return
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                try:
                    raw = json.dumps(item, ensure_ascii=False, sort_keys=True)
                except (ValueError, RecursionError) as exc:
                    yield Rejection(source_path, i, content_hash(f"{digest}:{i}".encode()),
                                    f"malformed JSON record {i}: {json_error(exc)}")
                    continue
                original = _encoded(raw, encoding)
                yield keep_bytes(with_confidence(guarded_json_record(item, source_path=source_path, index=i, fmt=fmt,
                                                            encoding=encoding, raw=raw,
                                                            max_article_bytes=max_article_bytes),
                                       decoded, original), original, encoding, max_article_bytes)
        else:
            yield with_confidence(guarded_json_record(obj, source_path=source_path, index=None, fmt=fmt,
                                                  encoding=encoding, raw=text, max_article_bytes=max_article_bytes),
                             decoded, data)
        return

    # HTML is language-checked after extraction (cleaning): markup would skew the guess.
    reason = check_text(text, check_language=fmt != "html")
    if reason:
        yield Rejection(source_path, None, digest, reason)
        return
    yield RawRecord(
        raw_id=digest,
        source_path=source_path,
        record_index=None,
        format=fmt,
        size_bytes=len(data),
        encoding=encoding,
        raw_text=text,
        body_text=text,
        encoding_confidence=confidence,
        original_bytes=None if decoded.certain else data,
    )
