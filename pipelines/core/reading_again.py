"""Reading again: a stored raw record or ingest rejection read by the current ingest code, without
its input file (pipelines/stages/rereading.py asks, when the ingest code version differs). The
record reading is ingest's own (pipelines/core/records.py); what is read is what was kept: a raw
record's text, or the bytes of a guessed decoding; a rejection's bytes and its file's encoding.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from pipelines.core import ingest
from pipelines.core.decoding import CERTAIN_ENCODINGS, DecodeError, Decoded, decode
from pipelines.core.records import (RawRecord, Rejection, content_hash, guarded_json_record, json_error,
                                    parse_jsonl_line, read_bytes, read_text)
from pipelines.settings import DEFAULT_MAX_ARTICLE_BYTES


def read_again(raw_id: str, source_path: str, record_index: int | None, fmt: str, raw_text: str, encoding: str,
               confidence: float | None, original_bytes: bytes | None, size_bytes: int, *,
               max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> RawRecord | Rejection:
    """A stored record read again by the current code, keeping its id and size: decoded again from
    its original bytes when they were kept (a guessed decoding), else read from its decoded text
    (a certain decoding, or bytes never stored), the record reading (JSON fields, the checks)
    redone either way. A record of a file (a JSONL line, a JSON array's item) is decoded by itself (a
    file read anew decides its encoding from its head); an ASCII one keeps its file's."""
    item, decoded = _read_stored(source_path, record_index, fmt, raw_text, encoding, confidence, original_bytes,
                                 max_article_bytes)
    if isinstance(item, Rejection):
        return replace(item, record_index=record_index, content_hash=raw_id)
    return replace(item, raw_id=raw_id, size_bytes=size_bytes, encoding_confidence=decoded.confidence,
                   original_bytes=None if decoded.certain else original_bytes)


def read_rejected_again(source_path: str, record_index: int | None, rejection_hash: str, record_bytes: bytes,
                        record_encoding: str | None, *,
                        max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> list[RawRecord | Rejection]:
    """`rejected_again` as a list."""
    return list(rejected_again(source_path, record_index, rejection_hash, record_bytes, record_encoding,
                               max_article_bytes=max_article_bytes))


def rejected_again(source_path: str, record_index: int | None, rejection_hash: str, record_bytes: bytes,
                   record_encoding: str | None, *,
                   max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[RawRecord | Rejection]:
    """A stored ingest rejection read again by the current code from the bytes it kept: what a run
    reading them now makes of them, record by record as they are read. A whole file is read as a new
    file (all its records); a record of a file (a JSONL line, a JSON array's item) as `read_again`
    reads a stored record: decoded by itself when its file's decoding was a guess or failed, else from
    its text in its file's encoding. A record still rejected keeps its row's key and bytes; one that
    reads has the id a fresh build gives it."""
    path = Path(source_path)
    fmt = ingest.TEXT_SUFFIXES.get(path.suffix.lower())
    if record_index is None or fmt not in ("json", "jsonl"):
        yield from read_bytes(path, fmt, record_bytes, max_article_bytes)
        return
    text, encoding = "", record_encoding
    if encoding is not None:
        try:
            text = record_bytes.decode(encoding)
        except (UnicodeError, LookupError):
            encoding = None
    certain = encoding in CERTAIN_ENCODINGS
    item, decoded = _read_stored(source_path, record_index, fmt, text, encoding or "", None,
                                 None if certain else record_bytes, max_article_bytes)
    if isinstance(item, Rejection):
        yield replace(item, record_index=record_index, content_hash=rejection_hash, record_bytes=record_bytes,
                      record_encoding=record_encoding, bytes_not_kept=None)
        return
    yield replace(item, encoding_confidence=decoded.confidence,
                  original_bytes=None if decoded.certain else record_bytes)


def _read_stored(source_path: str, record_index: int | None, fmt: str, raw_text: str, encoding: str,
                 confidence: float | None, original_bytes: bytes | None,
                 max_article_bytes: int) -> tuple[RawRecord | Rejection, Decoded | None]:
    """One stored record (its text, or the bytes of a guessed decoding) read by the current code:
    the record or rejection with the ids the reading gives, and the decoding used."""
    if original_bytes is not None and record_index is not None and original_bytes.isascii() and encoding:
        # An ASCII record of a file (a line, an array's item) reads the same in any page its file
        # may be guessed as: it keeps its file's.
        decoded = Decoded(raw_text, encoding, 1.0 if confidence is None else confidence)
    elif original_bytes is not None:
        try:
            decoded = decode(original_bytes)
        except DecodeError as exc:
            return Rejection(source_path, record_index, content_hash(original_bytes), str(exc)), None
    else:  # as certain as it was: nothing to decode again
        decoded = Decoded(raw_text, encoding, 1.0 if confidence is None else confidence, certain=True)
    path, data = Path(source_path), original_bytes or raw_text.encode("utf-8", "surrogatepass")
    if fmt == "jsonl":
        items = [parse_jsonl_line(decoded.text.rstrip("\r\n"), record_index, source_path=source_path,
                                   encoding=decoded.encoding, max_article_bytes=max_article_bytes)]
    elif fmt == "json" and record_index is not None:  # an item of a JSON array
        try:
            obj = json.loads(decoded.text)
            raw = json.dumps(obj, ensure_ascii=False, sort_keys=True)
        except (ValueError, RecursionError) as exc:
            return Rejection(source_path, record_index, content_hash(data),
                             f"malformed JSON record {record_index}: {json_error(exc)}"), decoded
        items = [guarded_json_record(obj, source_path=source_path, index=record_index, fmt=fmt,
                                      encoding=decoded.encoding, raw=raw, max_article_bytes=max_article_bytes)]
    else:
        items = list(read_text(path, fmt, decoded, data, max_article_bytes))
    if len(items) != 1:
        return Rejection(source_path, record_index, content_hash(data), f"read again as {len(items)} records"), decoded
    return items[0], decoded
