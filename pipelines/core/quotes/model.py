"""The row the quote extractor produces: one attributed statement."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quote:
    """One attributed statement: its text and offsets, the speaker (canonical name, entity
    label, the words the attribution rests on and their offsets), the cue, the quote type,
    a confidence, the segments of a split quote and who relays it (reported_by)."""
    text: str
    speaker: str | None
    speaker_label: str | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    quote_type: str  # 'direct' | 'partial' | 'indirect'
    start_char: int
    end_char: int
    confidence: float
    # [start, end) of each piece of the quoted text: one piece, or several when the
    # attribution splits the quote ('"A," he said. "B."'); text joins them with SPLIT_JOINER.
    segments: tuple[tuple[int, int], ...] = ()
    # Who relays the statement ('"...," he said, according to CNN': CNN), when there is a
    # speaker mention as well; the outer source of a nested attribution.
    reported_by: str | None = None
    reported_by_mention: str | None = None
    reported_by_start: int | None = None
    reported_by_end: int | None = None
    reported_by_label: str | None = None  # entity label of the relay, NULL for an unnamed one

    def __post_init__(self) -> None:
        if not self.segments:
            object.__setattr__(self, "segments", ((self.start_char, self.end_char),))


SPLIT_JOINER = " … "  # stands for the attribution left out between the pieces of a split quote
