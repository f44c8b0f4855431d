"""Ingest: turn input files into raw article records or rejections with a reason.

A file can hold one article (.txt, .md, .html, .htm, a .json object) or many
(.jsonl, a .json array). Every record becomes either a `RawRecord` or a
`Rejection`; nothing is dropped silently.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from pipelines.core.cleaning import looks_like_html

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}

# Field names accepted in JSON records, in order of preference.
BODY_FIELDS = ("body", "text", "content", "article", "story")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published_at", "published", "publication_date", "pubdate", "datetime")
URL_FIELDS = ("url", "link")
PUBLISHER_FIELDS = ("publisher", "source", "outlet", "site", "sitename")
AUTHOR_FIELDS = ("author", "authors", "byline")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")
# Below this many letters (telegraphic briefs: "Qtly div 45 cts vs 45 cts prior") the guess is noise.
MIN_LETTERS_FOR_LANGUAGE_CHECK = 100
MIN_LANGUAGE_CONFIDENCE = 0.9
MAX_CONTROL_CHAR_RATIO = 0.01


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


@dataclass(frozen=True)
class Rejection:
    source_path: str
    record_index: int | None
    content_hash: str
    reason: str


class DecodeError(ValueError):
    pass


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def discover_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Every regular, non-hidden file under the given files/directories, sorted."""
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            raise FileNotFoundError(f"input path does not exist: {path}")
    return sorted(found)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding); raises DecodeError with a reason."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable: invalid {encoding} after byte-order mark ({exc.reason})") from exc
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    # Not UTF-8: let charset-normalizer pick a legacy or BOM-less UTF-16 encoding.
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError("undecodable: binary content or unknown encoding")
    # Short English texts fit several code pages equally well (cp1250 reads '£' as 'Ł');
    # for English news the Western ones are the likely source.
    for match in matches:
        if match.encoding in WESTERN_ENCODINGS and match.chaos <= best.chaos + 0.01:
            return str(match), match.encoding
    return str(best), best.encoding


def control_char_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls / len(text)


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Normalized probabilities, so a confidence threshold means something.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and probability, or (None, 0.0) when there is too little text to judge."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS_FOR_LANGUAGE_CHECK:
        return None, 0.0
    lang, prob = _language_identifier().classify(sample)
    return lang, float(prob)


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
    return RawRecord(
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


def read_records(path: Path, data: bytes | None = None) -> Iterator[RawRecord | Rejection]:
    """Every article record of one file, or the rejections explaining why not."""
    source_path = str(path)
    if data is None:
        data = path.read_bytes()
    digest = content_hash(data)
    fmt = TEXT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        yield Rejection(source_path, None, digest, f"unsupported file type {path.suffix or '(no extension)'!r}")
        return
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        yield Rejection(source_path, None, digest, str(exc))
        return
    if control_char_ratio(text) > MAX_CONTROL_CHAR_RATIO:
        yield Rejection(source_path, None, digest, "binary content: too many control characters")
        return

    if fmt == "jsonl":
        any_line = False
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            any_line = True
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejection(source_path, lineno, content_hash(line.encode()), f"malformed JSON on line {lineno}: {exc.msg}")
                continue
            yield _record_from_json(obj, source_path=source_path, index=lineno, fmt=fmt, encoding=encoding, raw=line)
        if not any_line:
            yield Rejection(source_path, None, digest, "empty file")
        return

    if fmt == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Rejection(source_path, None, digest, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
            return
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                yield _record_from_json(item, source_path=source_path, index=i, fmt=fmt, encoding=encoding,
                                        raw=json.dumps(item, ensure_ascii=False, sort_keys=True))
        else:
            record = _record_from_json(obj, source_path=source_path, index=None, fmt=fmt, encoding=encoding, raw=text)
            yield record
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
    )
