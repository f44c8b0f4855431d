"""Ingest: find the input files and read each into raw article records or rejections with a reason.

A file can hold one article (.txt, .md, .html, .htm, a .json object) or many
(.jsonl, a .json array). Every record becomes either a `RawRecord` or a
`Rejection`; nothing is dropped silently. Finding, hashing and reading files (a .jsonl file
streamed line by line) is here; what a file's bytes or text hold is records.py's.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines.core.decoding import (  # noqa: F401 - part of ingest's API
    BOMS, DecodeError, Decoded, decode, decode_bytes)
from pipelines.core.records import (  # noqa: F401 - part of ingest's API
    FILE_CHANGED, FILE_GONE, KEPT_IN_RAW_RECORD, NOT_A_FILE, REJECTED_BEFORE_BYTES_WERE_KEPT, WHOLE_FILE_NOT_KEPT,
    RawRecord, Rejection, check_text, content_hash, control_char_ratio, describe_error, jsonl_line_record, keep_bytes,
    read_bytes, too_large, too_large_to_keep, why_not_kept, with_confidence)
from pipelines.settings import DEFAULT_MAX_ARTICLE_BYTES, DEFAULT_MAX_FILE_BYTES

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
# Bytes read at a time when hashing or streaming a file; the head decides a JSONL file's encoding.
CHUNK_BYTES = 1 << 20
# Write a batch early when the decoded text it holds passes this size (ingest and reading again).
MAX_BATCH_TEXT_BYTES = 64_000_000


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
                reason = too_large(outcome.size, read_limit(fmt, max_article_bytes, max_file_bytes), what)
                if fmt == "json":
                    reason = reason.replace("NEWSETL_MAX_ARTICLE_BYTES", "NEWSETL_MAX_FILE_BYTES; use .jsonl to stream")
                yield Rejection(source_path, None, outcome.digest, reason,
                                bytes_not_kept=too_large_to_keep(outcome.size, max_article_bytes))
                return
        else:
            outcome.digest, outcome.size = content_hash(data), len(data)
        yield from read_bytes(path, fmt, data, max_article_bytes)
    except Exception as exc:  # one bad file never stops the run
        outcome.failed = outcome.failed or isinstance(exc, OSError)
        verb = "unreadable file" if isinstance(exc, OSError) else "failed to read file"
        yield Rejection(source_path, None, content_hash(f"unreadable:{source_path}".encode()),
                        f"{verb} {source_path}: {describe_error(exc)}")


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
            yield from read_bytes(path, "jsonl", data, max_article_bytes)
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
                yield Rejection(source_path, lineno, digest.hexdigest()[:16], too_large(size, max_article_bytes),
                                bytes_not_kept=too_large_to_keep(size, max_article_bytes))
                continue
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
                decoded = Decoded("", "utf-8", 1.0, certain=True)
            line = line.rstrip(b"\r\n")
            if not line.strip():
                continue
            any_line = True
            yield keep_bytes(with_confidence(jsonl_line_record(line, lineno, source_path=source_path, encoding=decoded.encoding,
                                               max_article_bytes=max_article_bytes), decoded, line),
                        line, decoded.encoding, max_article_bytes)
        handle.finish(outcome)
        if not any_line:
            yield Rejection(source_path, None, outcome.digest, "empty file")


