"""A mention (a name's span in one article) and the small helpers over spans that every step
of `find_mentions` shares: mentions.py runs the steps, labels.py, known_again.py and roles.py
are steps; all of them import this module and none imports mentions.py."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import sentences
from pipelines.core.entities.names import entity_id_for

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Mention:
    text: str          # surface text as in the article
    label: str         # resolved label (PERSON for 'Trump' even when tagged ORG)
    ner_label: str     # label the model gave ('' when the model did not tag it)
    start_char: int
    end_char: int
    sentence_index: int
    canonical: str     # canonical name inside this article ('Vladimir Putin')
    source: str = "model"           # model | known name | title | gazetteer | given name | acronym | product | role | results line
    label_source: str = "model"     # model | model vote | person name | given name | gazetteer | source role | team | head noun | acronym | known name | role

    @property
    def entity_id(self) -> str:
        return entity_id_for(self.label, self.canonical)


def sentence_index_of(doc: Doc) -> dict[int, int]:
    """Map each sentence's start token index to its ordinal in the doc."""
    return {sent.start: i for i, sent in enumerate(sentences(doc))}


def in_spans(spans: list[tuple[int, int]], char: int) -> bool:
    k = bisect_right(spans, (char, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= char < spans[k][1]


def is_name_token(token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text) and not token.is_punct


def mention_at(mentions: Iterable[Mention], start_char: int, end_char: int) -> Mention | None:
    """The mention overlapping [start_char, end_char), preferring PERSON, then the longest."""
    hits = [m for m in mentions if m.start_char < end_char and start_char < m.end_char]
    if not hits:
        return None
    return max(hits, key=lambda m: (m.label == "PERSON", m.end_char - m.start_char))


def with_label(m: Mention, label: str, label_source: str) -> Mention:
    return replace(m, label=label, label_source=label_source)
