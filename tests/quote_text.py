"""The quotes the extractor finds in a text, for the quote tests (real spaCy model), each list
checked for the invariants every extraction keeps (offsets, segments, speaker spans)."""
from __future__ import annotations

from pipelines.core.entities import find_mentions
from pipelines.core.quotes import SPLIT_JOINER, Quote, SpeakerRanker, extract_quotes


def _check_invariants(text: str, quotes: list[Quote]) -> None:
    assert [q.start_char for q in quotes] == sorted(q.start_char for q in quotes)
    for q in quotes:
        assert SPLIT_JOINER.join(text[a:b] for a, b in q.segments) == q.text
        assert q.segments[0][0] == q.start_char and q.segments[-1][1] == q.end_char
        assert all(a < b <= c for (a, b), (c, _) in zip(q.segments, q.segments[1:]))
        assert q.quote_type in ("direct", "partial", "indirect")
        assert 0.0 <= q.confidence <= 1.0
        if q.reported_by_mention is not None:
            assert text[q.reported_by_start : q.reported_by_end] == q.reported_by_mention
            assert q.speaker_mention is not None  # a relay relays someone
        if q.speaker_mention is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_mention
        else:
            assert q.speaker_start is None and q.speaker_end is None and q.speaker is None


def quotes_of(nlp, text: str, ranker: SpeakerRanker | None = None) -> list[Quote]:
    doc = nlp(text)
    quotes = extract_quotes(doc, find_mentions(doc), ranker)
    _check_invariants(doc.text, quotes)
    return quotes


def the_quote(quotes: list[Quote], starting: str) -> Quote:
    found = [q for q in quotes if q.text.startswith(starting)]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]
