"""Decoding: the bytes of an input as text, with the encoding and how sure the decoding is.

A byte-order mark or valid UTF-8 decides; a mostly-ASCII text that Windows-1252 can decode is
Windows-1252; anything else is charset-normalizer's guess, a Western page preferred when it fits
as well.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# The encodings a certain decoding names (a byte-order mark, valid UTF-8); any other was guessed.
CERTAIN_ENCODINGS = ("utf-8", "utf-16", "utf-32")

WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")


class DecodeError(ValueError):
    pass


# English text in a single-byte legacy page is Windows-1252 far more often than anything else, and
# short English texts fit many code pages equally well (cp1250 reads 0xE5 as 'ĺ', Shift-JIS 0xA3 '£'
# as '｣', DOS pages read the smart quotes 0x91-0x97 as letters): a text with at most this many
# non-ASCII bytes per ASCII letter is decoded as cp1252 whenever cp1252 can decode it. Beyond that
# (most letters outside ASCII: Cyrillic, Greek, Japanese, ...) the detector decides; one stray byte
# is allowed whatever the length.
WESTERN_MAX_HIGH_PER_LETTER = 0.5
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float   # 1.0: certain (UTF-8, a byte-order mark, plain ASCII); else 1 - the decoding's mess ratio
    certain: bool = False  # decided by a byte-order mark or valid UTF-8, not guessed (a guess may read 1.0 too)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding); raises DecodeError with a reason."""
    decoded = decode(data)
    return decoded.text, decoded.encoding


def decode(data: bytes) -> Decoded:
    """Decode bytes to text with the encoding and how sure it is; raises DecodeError with a reason.

    A byte-order mark or valid UTF-8 decides. Otherwise a text that is mostly ASCII and decodes as
    Windows-1252 is Windows-1252 (see WESTERN_MAX_HIGH_PER_LETTER); anything else is charset-normalizer's
    best guess, a Western page preferred when it fits as well."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.replace("-sig", ""), 1.0, certain=True)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable: invalid {encoding} after byte-order mark ({exc.reason})") from exc
    if b"\x00" not in data:
        try:
            return Decoded(data.decode("utf-8"), "utf-8", 1.0, certain=True)
        except UnicodeDecodeError:
            pass
        high = len(data) - len(data.translate(None, _HIGH_BYTES))
        letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
        if high <= WESTERN_MAX_HIGH_PER_LETTER * letters + 1:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:  # a byte cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                pass
            else:
                return Decoded(text, "cp1252", _confidence(text))
    # Not UTF-8: let charset-normalizer pick a legacy or BOM-less UTF-16 encoding.
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError("undecodable: binary content or unknown encoding")
    for match in matches:
        if match.encoding in WESTERN_ENCODINGS and match.chaos <= best.chaos + 0.01:
            return Decoded(str(match), match.encoding, round(max(0.0, 1.0 - match.chaos), 3))
    return Decoded(str(best), best.encoding, round(max(0.0, 1.0 - best.chaos), 3))


def _confidence(text: str) -> float:
    from charset_normalizer.md import mess_ratio

    return round(max(0.0, 1.0 - mess_ratio(text, 1.0)), 3)
