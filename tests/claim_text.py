"""The claims the extractor finds in a text, for the claims tests (real spaCy model)."""
from __future__ import annotations

from pipelines.core.claims import Claim, extract_claims
from pipelines.core.entities import find_mentions


def claims_of(nlp, text: str) -> list[Claim]:
    doc = nlp(text)
    return extract_claims(doc, find_mentions(doc))


def head(claim: Claim) -> str | None:
    """The head word of the counted thing's lemma (what the judged sets compare)."""
    return claim.object_lemma.split()[-1] if claim.object_lemma else None
