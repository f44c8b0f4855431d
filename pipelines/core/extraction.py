"""The NLP pass over one parsed article: mentions, quotes, numeric claims and date candidates as rows.

Used by the pipeline's NLP stage and by `newsetl extract`, so both emit the
same columns from the same extractors. In the pipeline the extractors run as
the last component of the spaCy pipeline (`newsetl_extract`), i.e. inside
nlp.pipe's worker processes, so extraction uses both cores like the parse.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from pipelines.core.claims import extract_claims
from pipelines.core.dates import date_candidates
from pipelines.core.entities import find_mentions
from pipelines.core.entities.mentions import stored_span
from pipelines.core.nlp import load_model
from pipelines.core.quotes import extract_quotes

EXTRACT_COMPONENT = "newsetl_extract"
ROWS_KEY = "newsetl_rows"
ERROR_KEY = "newsetl_error"
# The row kinds extract_rows returns, each the rows of one table.
ROW_KINDS = ("mentions", "quotes", "claims", "dates")


class ExtractionError(RuntimeError):
    """The extractors failed on one article (the message names the exception)."""


def row_id(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def _row(record) -> dict:
    """A flat dataclass as a dict: dataclasses.asdict without its deep copy of every field
    (a tenth of the extractors' time; the rows' fields are plain values and tuples of them)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def extract_rows(doc: Doc) -> dict[str, list[dict]]:
    """Mentions, quotes, claims and date candidates of a parsed article as plain dicts (no ids yet)."""
    mentions = find_mentions(doc, roles=True)
    named = [m for m in mentions if m.source != "role"]
    return {
        "mentions": [{"text": text, "label": m.label, "ner_label": m.ner_label, "canonical_name": m.canonical,
                      "start_char": start, "end_char": end, "sentence_index": m.sentence_index,
                      "mention_source": m.source, "label_source": m.label_source}
                     for m in mentions for text, start, end in [stored_span(m)]],
        # The quote extractor resolves role phrases itself (with its own speaker evidence);
        # it and the claims extractor see the named mentions.
        "quotes": [_row(q) for q in extract_quotes(doc, named)],
        "claims": [_row(c) for c in extract_claims(doc, named)],
        # Dates with their events, read from this parse; the stories stage resolves them (no parse of its own).
        "dates": [_row(d) for d in date_candidates(doc)],
    }


@dataclass
class ArticleExtraction:
    """Rows for the mentions, quotes, numeric_claims and date_candidates tables (entity ids left to the
    entities stage)."""

    article_id: str
    mentions: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)

    @classmethod
    def from_rows(cls, article_id: str, rows: dict[str, list[dict]]) -> ArticleExtraction:
        def keyed(kind: str, id_column: str, row: dict, *parts: object) -> dict:
            return {id_column: row_id(article_id, kind, *parts), "article_id": article_id, **row}

        return cls(
            article_id,
            [keyed("m", "mention_id", r, r["start_char"], r["end_char"]) for r in rows["mentions"]],
            [keyed("q", "quote_id", r, r["quote_type"], r["start_char"], r["end_char"]) for r in rows["quotes"]],
            [keyed("c", "claim_id", r, r["start_char"], r["end_char"]) for r in rows["claims"]],
            # Same id as the date claim it becomes (date_claims.date_claim_id).
            [keyed("d", "date_candidate_id", r, r["start_char"], r["end_char"]) for r in rows.get("dates", [])],
        )


def doc_rows(doc: Doc) -> dict[str, list[dict]]:
    """The rows the pipeline's extract component left on a doc (extracting now if it did not run);
    raises ExtractionError when the component failed on this doc."""
    if doc.user_data.get(ERROR_KEY):
        raise ExtractionError(doc.user_data[ERROR_KEY])
    rows = doc.user_data.get(ROWS_KEY)
    return rows if rows is not None else extract_rows(doc)


def extract_article(doc: Doc, article_id: str) -> ArticleExtraction:
    return ArticleExtraction.from_rows(article_id, doc_rows(doc))


def extract_text(nlp: Language, text: str, article_id: str, piece_chars: int) -> ArticleExtraction:
    """Parse and extract one text of any length as the NLP stage does: a text longer than
    piece_chars is parsed in pieces cut at paragraph breaks (one Doc alive at a time, never over
    the model's max_length), their rows shifted back onto the whole text."""
    from pipelines.core.doc_cache import sentences
    from pipelines.core.nlp import shift_rows, split_for_parsing

    parts = split_for_parsing(text, piece_chars) if len(text) > piece_chars else [(0, text)]
    rows: dict[str, list[dict]] = {kind: [] for kind in ROW_KINDS}
    sentences_before = 0
    for offset, piece in parts:
        doc = nlp(piece)
        shifted = shift_rows(doc_rows(doc), offset, sentences_before)
        for kind in rows:
            rows[kind] += shifted[kind]
        sentences_before += len(sentences(doc))
    return ArticleExtraction.from_rows(article_id, rows)


@Language.component(EXTRACT_COMPONENT)
def _extract_component(doc: Doc) -> Doc:
    # One article's failure is recorded on its doc, not raised: raising in a worker
    # would lose the whole batch (spaCy drops every doc of a failed batch).
    try:
        doc.user_data[ROWS_KEY] = extract_rows(doc)
    except Exception as exc:  # noqa: BLE001 - any extractor bug is this article's failure
        doc.user_data[ERROR_KEY] = f"{type(exc).__name__}: {exc}"[:500]
    # Nothing downstream needs the token vectors: don't ship them between processes.
    doc.tensor = numpy.empty((0,), dtype="float32")
    return doc


@lru_cache(maxsize=2)
def load_extraction_pipeline(model_name: str) -> Language:
    """The model plus the extractors as its last component (a separate copy from load_model's)."""
    nlp = load_model.__wrapped__(model_name)
    nlp.add_pipe(EXTRACT_COMPONENT, last=True)
    return nlp


def load_extractor_data() -> None:
    """Load what the extractors read besides the Doc (place, given-name and word lists, the
    speaker ranker; each once per process). Called before parse workers are forked, so they
    share the parent's copy instead of each loading its own (a second per worker, measured
    in benchmarks/nlp_profile.py)."""
    from pipelines.core.entities import knowledge
    from pipelines.core.entities.mentions import not_surnames
    from pipelines.core.quotes.ranker import SpeakerRanker

    knowledge.places()
    knowledge.given_names()
    knowledge.common_words()
    knowledge.dictionary_words()
    not_surnames()
    SpeakerRanker.default()


# --- Hook: each numeric claim also knows its event and subject. ---------------
# Post-processes the claim dicts of extract_rows from the same parse (claim_context.py), so
# the claims extractor itself stays untouched. extract_article and the pipeline component
# look extract_rows up at call time, so both get the wrapped version.
_extract_rows_without_claim_context = extract_rows


def extract_rows(doc: Doc) -> dict[str, list[dict]]:  # noqa: F811 - deliberate wrap
    """Mentions, quotes and claims of a parsed article; claims carry predicate and subject."""
    from pipelines.core.claim_context import add_claim_context

    rows = _extract_rows_without_claim_context(doc)
    add_claim_context(doc, rows["claims"], rows["mentions"])
    return rows
