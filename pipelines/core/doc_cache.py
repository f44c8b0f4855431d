"""What the extractors read of a parsed article, built once per article.

spaCy rebuilds doc.text, doc.sents and a new Token object from its arrays on every
access (doc.text alone was a sixth of the extractors' time: benchmarks/nlp_profile.py),
and the extractors read them many times per article. Only the last doc asked about is
kept, per thread (two threads extracting at once never see each other's doc): holding
it keeps its address from being reused by the next doc, so the identity check cannot be
fooled. Everything returned is read-only. No spaCy import here: the entities stage
imports the mention code without loading spaCy.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_LAST = threading.local()


def _cached(doc: Doc, key: str, build: Callable[[Doc], Any]) -> Any:
    last = _LAST.__dict__  # this thread's
    if last.get("doc") is not doc:
        last.clear()
        last["doc"] = doc
    value = last.get(key)
    if value is None:
        value = last[key] = build(doc)
    return value


def sentences(doc: Doc) -> list[Span]:
    """doc.sents as a list."""
    return _cached(doc, "sents", lambda d: list(d.sents))


def doc_text(doc: Doc) -> str:
    """doc.text."""
    # Joined from the cached tokens: spaCy's own doc.text makes a new Token per token.
    return _cached(doc, "text", lambda d: "".join([t.text_with_ws for t in doc_tokens(d)]))


def doc_tokens(doc: Doc) -> list[Token]:
    """The doc's tokens as a list (iterating a Doc, or doc[i], makes a new Token each time)."""
    return _cached(doc, "tokens", list)


def doc_entities(doc: Doc) -> tuple[Span, ...]:
    """doc.ents (spaCy builds a new tuple of Spans on every access)."""
    return _cached(doc, "ents", lambda d: d.ents)


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token, in order (for bisection)."""
    return _cached(doc, "starts", lambda d: [t.idx for t in doc_tokens(d)])


def span_text(doc: Doc, start: int, end: int) -> str:
    """doc[start:end].text for tokens [start, end), cut from the doc's text without building
    the Span and its Tokens."""
    if end <= start:
        return ""
    tokens = doc_tokens(doc)
    last = tokens[end - 1]
    return doc_text(doc)[tokens[start].idx:last.idx + len(last)]


def expanded_span(doc: Doc, start: int, end: int) -> Span | None:
    """doc.char_span(start, end, alignment_mode="expand"), built once per doc and offsets: the
    entity passes ask for the same mention's span again and again, and spaCy builds a new Span
    (and a Token per character bound) each time."""
    spans = _cached(doc, "expanded_spans", lambda d: {})
    key = (start, end)
    if key not in spans:
        spans[key] = doc.char_span(start, end, alignment_mode="expand")
    return spans[key]
