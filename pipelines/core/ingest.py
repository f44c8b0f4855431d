"""Ingest: turn input files into raw article records or rejections with a reason.

A file can hold one article (.txt, .md, .html, .htm, a .json object) or many
(.jsonl, a .json array). Every record becomes either a `RawRecord` or a
`Rejection`; nothing is dropped silently.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pipelines.core.cleaning import looks_like_html
from pipelines.core.decoding import (  # noqa: F401 - part of ingest's API
    BOMS, DecodeError, Decoded, decode, decode_bytes)
from pipelines.core.language import detect_language
from pipelines.settings import DEFAULT_MAX_ARTICLE_BYTES, DEFAULT_MAX_FILE_BYTES

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}

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
# Bytes read at a time when hashing or streaming a file; the head decides a JSONL file's encoding.
CHUNK_BYTES = 1 << 20


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


def _too_large_to_keep(size: int, limit: int) -> str:
    return (f"too large to keep: {size:,} bytes, more than the limit of {limit:,} bytes (NEWSETL_MAX_ARTICLE_BYTES: "
            "any code rejects it as too large)")


def _kept(item: RawRecord | Rejection, data: bytes | None, encoding: str | None,
          max_article_bytes: int) -> RawRecord | Rejection:
    """A rejection with the bytes it was read from (up to the article limit) and its file's
    encoding, so a later code can read it again; a record, or a rejection already saying what it
    keeps, unchanged."""
    if not isinstance(item, Rejection) or item.record_bytes is not None or item.bytes_not_kept is not None:
        return item
    if data is None:
        return item
    if len(data) > max_article_bytes:
        return replace(item, bytes_not_kept=_too_large_to_keep(len(data), max_article_bytes))
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


def _problem(path: Path, what: str, exc: BaseException | None = None) -> Rejection:
    reason = f"{what}: {path}" + (f" ({describe_error(exc)})" if exc is not None else "")
    return Rejection(str(path), None, content_hash(f"{what}:{path}".encode()), reason, bytes_not_kept=NOT_A_FILE)


def walk_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejection]]:
    """Every regular, non-hidden file under the given files/directories (sorted), and a
    rejection for each thing found that cannot be read: unreadable directories, symlink
    loops, broken symlinks, FIFOs and devices (reading a FIFO would block the run).

    A path given that does not exist raises FileNotFoundError (the caller decides).
    """
    found: set[Path] = set()
    problems: list[Rejection] = []

    def visit_file(path: Path, st: os.stat_result) -> None:
        if stat.S_ISREG(st.st_mode):
            found.add(path)
        else:
            problems.append(_problem(path, "not a regular file (FIFO, socket or device)"))

    def walk(top: Path, top_key: tuple[int, int]) -> None:
        # A stack, not recursion: a thousand nested folders are a path like any other.
        stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(top, frozenset({top_key}))]
        while stack:
            folder, ancestors = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                problems.append(_problem(folder, "unreadable directory", exc))
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                try:
                    st = os.stat(path)  # follows symlinks
                except OSError as exc:
                    what = "symlink loop" if getattr(exc, "errno", None) == errno.ELOOP else (
                        "broken symlink" if entry.is_symlink() else "unreadable entry")
                    problems.append(_problem(path, what, exc))
                    continue
                if stat.S_ISDIR(st.st_mode):
                    key = (st.st_dev, st.st_ino)
                    if key in ancestors:
                        problems.append(_problem(
                            path, f"symlink loop: directory links back to {os.path.realpath(path)}"))
                        continue
                    stack.append((path, ancestors | {key}))
                else:
                    visit_file(path, st)

    for raw in paths:
        path = Path(raw)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if path.is_symlink():
                problems.append(_problem(path, "broken symlink"))
                continue
            raise FileNotFoundError(f"input path does not exist: {path}") from None
        except OSError as exc:
            problems.append(_problem(path, "unreadable input path", exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            walk(path, (st.st_dev, st.st_ino))
        else:
            visit_file(path, st)
    return sorted(found), problems


def discover_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Every regular, non-hidden file under the given files/directories, sorted
    (what cannot be read is left out here; `walk_inputs` reports it)."""
    return walk_inputs(paths)[0]


def file_hash(path: Path, on_chunk: Callable[[bytes], object] | None = None) -> tuple[str, int]:
    """(content hash, size) of a file, read in chunks: memory stays bounded whatever its size
    (on_chunk sees each chunk: to count lines on the way)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            if on_chunk is not None:
                on_chunk(chunk)
    return digest.hexdigest()[:16], size


def read_limit(fmt: str | None, max_article_bytes: int, max_file_bytes: int) -> int | None:
    """Bytes up to which a file of this format is read whole (None: never whole, it is streamed)."""
    if fmt is None or fmt == "jsonl":
        return None
    return max_file_bytes if fmt == "json" else max_article_bytes


def read_input(path: Path, *, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
               max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> tuple[bytes | None, str, int]:
    """One read of a file: (its bytes, their hash, size) when it is read whole (a single-article or
    .json file within its limit), else (None, hash, size) of the file streamed through the hash
    (never more than the limit in memory, whatever stat says: a /proc file says 0 bytes).
    Raises OSError when the file cannot be read."""
    limit = read_limit(TEXT_SUFFIXES.get(path.suffix.lower()), max_article_bytes, max_file_bytes)
    if limit is None:
        return None, *file_hash(path)
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
        if len(data) <= limit:
            return data, content_hash(data), len(data)
        digest, size = hashlib.sha256(data), len(data)
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return None, digest.hexdigest()[:16], size


@dataclass
class ReadOutcome:
    """What reading one file came to, filled by `read_records`: the hash and size of the bytes it
    read, or failed (an I/O error before the end: the file must not be recorded as ingested, so
    the next run reads it again)."""
    digest: str | None = None
    size: int = 0
    failed: bool = False


class _HashingReader:
    """A binary file that hashes the bytes read from it; seek(0) starts the hash over."""

    def __init__(self, handle) -> None:
        self._handle = handle
        self.seek(0)

    def seek(self, position: int) -> None:
        if position != 0:
            raise ValueError("a hashing reader only goes back to the start")
        self._handle.seek(0)
        self.sha, self.size = hashlib.sha256(), 0

    def _took(self, data: bytes) -> bytes:
        self.sha.update(data)
        self.size += len(data)
        return data

    def read(self, size: int = -1) -> bytes:
        return self._took(self._handle.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._took(self._handle.readline(size))

    def finish(self, outcome: ReadOutcome) -> None:
        """Read to the end (hashing) and record the hash of the whole file in outcome."""
        while self.read(CHUNK_BYTES):
            pass
        outcome.digest, outcome.size = self.sha.hexdigest()[:16], self.size


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


def _too_large(size: int, limit: int, what: str = "article record") -> str:
    return (f"too large: {what} of {size:,} bytes exceeds the limit of {limit:,} bytes "
            "(NEWSETL_MAX_ARTICLE_BYTES; a degenerate or concatenated input)")


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply to parse (RecursionError)"
    return describe_error(exc)


def read_records(
    path: Path,
    data: bytes | None = None,
    *,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    outcome: ReadOutcome | None = None,
) -> Iterator[RawRecord | Rejection]:
    """Every article record of one file, or the rejections explaining why not.

    Never raises for a bad file or record: an unreadable file, a record over the size
    limit, JSON nested too deeply, or any unexpected failure on one record becomes a
    `Rejection` whose reason names the exception and the file, and reading goes on with
    the next record. A .jsonl file is streamed line by line (memory bounded by a record);
    other files are read whole only when within their limit (`data`: bytes already read).
    `outcome` receives the hash of the bytes read, or that the read failed.
    """
    outcome = outcome if outcome is not None else ReadOutcome()
    source_path = str(path)
    fmt = TEXT_SUFFIXES.get(path.suffix.lower())
    try:
        if data is None:
            if fmt == "jsonl":
                yield from _read_jsonl_stream(path, max_article_bytes, outcome)
                return
            data, outcome.digest, outcome.size = read_input(path, max_article_bytes=max_article_bytes,
                                                            max_file_bytes=max_file_bytes)
            if fmt is None:  # not read into memory: it may be anything, of any size
                yield Rejection(source_path, None, outcome.digest,
                                f"unsupported file type {path.suffix or '(no extension)'!r}")
                return
            if data is None:
                what = "JSON file" if fmt == "json" else "single-article file"
                reason = _too_large(outcome.size, read_limit(fmt, max_article_bytes, max_file_bytes), what)
                if fmt == "json":
                    reason = reason.replace("NEWSETL_MAX_ARTICLE_BYTES", "NEWSETL_MAX_FILE_BYTES; use .jsonl to stream")
                yield Rejection(source_path, None, outcome.digest, reason,
                                bytes_not_kept=_too_large_to_keep(outcome.size, max_article_bytes))
                return
        else:
            outcome.digest, outcome.size = content_hash(data), len(data)
        yield from _read_bytes(path, fmt, data, max_article_bytes)
    except Exception as exc:  # one bad file never stops the run
        outcome.failed = outcome.failed or isinstance(exc, OSError)
        verb = "unreadable file" if isinstance(exc, OSError) else "failed to read file"
        yield Rejection(source_path, None, content_hash(f"unreadable:{source_path}".encode()),
                        f"{verb} {source_path}: {describe_error(exc)}")


def _guarded_json_record(obj, *, source_path: str, index: int | None, fmt: str, encoding: str, raw: str,
                         max_article_bytes: int) -> RawRecord | Rejection:
    data = raw.encode("utf-8", "surrogatepass")
    if len(data) > max_article_bytes:
        return Rejection(source_path, index, content_hash(data), _too_large(len(data), max_article_bytes))
    try:
        return _record_from_json(obj, source_path=source_path, index=index, fmt=fmt, encoding=encoding, raw=raw)
    except Exception as exc:
        where = f"record {index} of {source_path}" if index is not None else source_path
        return Rejection(source_path, index, content_hash(data), f"failed to read {where}: {describe_error(exc)}")


def _read_jsonl_stream(path: Path, max_article_bytes: int, outcome: ReadOutcome) -> Iterator[RawRecord | Rejection]:
    """A .jsonl file line by line: no more than one record (up to the limit) in memory; the bytes
    read are hashed on the way (outcome)."""
    source_path = str(path)
    with open(path, "rb") as raw_handle:
        handle = _HashingReader(raw_handle)
        head = handle.read(CHUNK_BYTES)
        if any(head.startswith(bom) for bom, enc in BOMS if enc != "utf-8-sig"):
            # UTF-16/32 lines cannot be split on b'\n': read whole (bounded by the record limit per line below).
            handle.seek(0)
            data = handle.read()
            handle.finish(outcome)
            yield from _read_bytes(path, "jsonl", data, max_article_bytes)
            return
        decoded = Decoded("", "utf-8", 1.0, certain=True)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the chunk's end
                try:
                    decoded = decode(head)
                except DecodeError as dexc:
                    handle.finish(outcome)
                    yield Rejection(source_path, None, outcome.digest, str(dexc))
                    return
        handle.seek(0)
        any_line = False
        lineno = 0
        while True:
            line = handle.readline(max_article_bytes + 1)
            if not line:
                break
            lineno += 1
            if len(line) > max_article_bytes and not line.endswith(b"\n"):
                digest = hashlib.sha256(line)
                size = len(line)
                while (rest := handle.readline(CHUNK_BYTES)):  # skip the rest of the line, hashing it
                    ended = rest.endswith(b"\n")
                    rest = rest.rstrip(b"\r\n") if ended else rest
                    digest.update(rest)
                    size += len(rest)
                    if ended:
                        break
                any_line = True
                yield Rejection(source_path, lineno, digest.hexdigest()[:16], _too_large(size, max_article_bytes),
                                bytes_not_kept=_too_large_to_keep(size, max_article_bytes))
                continue
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
                decoded = Decoded("", "utf-8", 1.0, certain=True)
            line = line.rstrip(b"\r\n")
            if not line.strip():
                continue
            any_line = True
            yield _kept(_confident(_jsonl_line(line, lineno, source_path=source_path, encoding=decoded.encoding,
                                               max_article_bytes=max_article_bytes), decoded, line),
                        line, decoded.encoding, max_article_bytes)
        handle.finish(outcome)
        if not any_line:
            yield Rejection(source_path, None, outcome.digest, "empty file")


def _confident(item: RawRecord | Rejection, decoded: Decoded, original: bytes | None) -> RawRecord | Rejection:
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


def _jsonl_line(line: bytes, lineno: int, *, source_path: str, encoding: str,
                max_article_bytes: int) -> RawRecord | Rejection:
    try:
        text = line.decode(encoding)
    except UnicodeDecodeError as exc:
        return _kept(Rejection(source_path, lineno, content_hash(line),
                               f"undecodable line {lineno}: invalid {encoding} ({exc.reason})"),
                     line, None, max_article_bytes)
    return _parse_jsonl_line(text, lineno, source_path=source_path, encoding=encoding,
                             max_article_bytes=max_article_bytes)


def _parse_jsonl_line(line: str, lineno: int, *, source_path: str, encoding: str,
                      max_article_bytes: int) -> RawRecord | Rejection:
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return Rejection(source_path, lineno, content_hash(line.encode("utf-8", "surrogatepass")),
                         f"malformed JSON on line {lineno}: {_json_error(exc)}")
    return _guarded_json_record(obj, source_path=source_path, index=lineno, fmt="jsonl", encoding=encoding,
                                raw=line, max_article_bytes=max_article_bytes)


def _read_bytes(path: Path, fmt: str | None, data: bytes, max_article_bytes: int) -> Iterator[RawRecord | Rejection]:
    source_path = str(path)
    digest = content_hash(data)
    if fmt is None:
        yield _kept(Rejection(source_path, None, digest, f"unsupported file type {path.suffix or '(no extension)'!r}"),
                    data, None, max_article_bytes)
        return
    if fmt not in ("json", "jsonl") and len(data) > max_article_bytes:
        yield Rejection(source_path, None, digest, _too_large(len(data), max_article_bytes, "single-article file"),
                        bytes_not_kept=_too_large_to_keep(len(data), max_article_bytes))
        return
    try:
        decoded = decode(data)
    except DecodeError as exc:
        yield _kept(Rejection(source_path, None, digest, str(exc)), data, None, max_article_bytes)
        return
    for item in _read_text(path, fmt, decoded, data, max_article_bytes):
        # A rejection of the whole file keeps the file's bytes (a record of it keeps its own).
        yield _kept(item, data, decoded.encoding, max_article_bytes) if item.record_index is None else item


def _read_text(path: Path, fmt: str, decoded: Decoded, data: bytes, max_article_bytes: int) -> Iterator[RawRecord | Rejection]:
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
            yield _kept(_confident(_parse_jsonl_line(line, lineno, source_path=source_path, encoding=encoding,
                                                     max_article_bytes=max_article_bytes), decoded, original),
                        original, encoding, max_article_bytes)
        if not any_line:
            yield Rejection(source_path, None, digest, "empty file")
        return

    if fmt == "json":
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            yield Rejection(source_path, None, digest, f"malformed JSON: {_json_error(exc)}")
            return
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                try:
                    raw = json.dumps(item, ensure_ascii=False, sort_keys=True)
                except (ValueError, RecursionError) as exc:
                    yield Rejection(source_path, i, content_hash(f"{digest}:{i}".encode()),
                                    f"malformed JSON record {i}: {_json_error(exc)}")
                    continue
                original = _encoded(raw, encoding)
                yield _kept(_confident(_guarded_json_record(item, source_path=source_path, index=i, fmt=fmt,
                                                            encoding=encoding, raw=raw,
                                                            max_article_bytes=max_article_bytes),
                                       decoded, original), original, encoding, max_article_bytes)
        else:
            yield _confident(_guarded_json_record(obj, source_path=source_path, index=None, fmt=fmt,
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
