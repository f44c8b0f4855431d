"""The NLP pass over one parsed article: mentions, quotes and numeric claims as rows.

Used by the pipeline's NLP stage and by `newsetl extract`, so both emit the
same columns from the same extractors.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from spacy.tokens import Doc

from pipelines.core.claims import extract_claims
from pipelines.core.entities import find_mentions
from pipelines.core.quotes import extract_quotes


def row_id(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


@dataclass
class ArticleExtraction:
    article_id: str
    mentions: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)


def extract_article(doc: Doc, article_id: str) -> ArticleExtraction:
    """Rows for the mentions, quotes and numeric_claims tables (entity ids left to the entities stage)."""
    mentions = find_mentions(doc)
    result = ArticleExtraction(article_id)
    for m in mentions:
        result.mentions.append({
            "mention_id": row_id(article_id, "m", m.start_char, m.end_char),
            "article_id": article_id,
            "text": m.text,
            "label": m.label,
            "ner_label": m.ner_label,
            "canonical_name": m.canonical,
            "start_char": m.start_char,
            "end_char": m.end_char,
            "sentence_index": m.sentence_index,
        })
    for q in extract_quotes(doc, mentions):
        row = asdict(q)
        row["quote_id"] = row_id(article_id, "q", q.quote_type, q.start_char, q.end_char)
        row["article_id"] = article_id
        result.quotes.append(row)
    for c in extract_claims(doc, mentions):
        row = asdict(c)
        row["claim_id"] = row_id(article_id, "c", c.start_char, c.end_char)
        row["article_id"] = article_id
        result.claims.append(row)
    return result
