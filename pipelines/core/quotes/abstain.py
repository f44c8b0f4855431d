"""No speaker rather than a doubtful one: two attribution paths that the judged outside news
showed to give a wrong speaker far more often than a right one lose their speaker.

The quote keeps its words, cue and the speaker mention with its offsets (the words the
attribution rested on: the candidate), but `speaker` and `speaker_label` become NULL, as for a
quote with no speaker, and the confidence drops to at most 0.5.

1. A bare definite office left unresolved: `the chancellor said`, `said the Acme coach` whose
   holder no rule tied to a name, and a `he`/`she` that continues it. Stored as `chancellor`, it
   names no speaker; the reader of the article knows who it is, the row does not. Offices that as
   often stand for an unnamed source (`the spokesman`, `the official`: `UNNAMED_SOURCE_ROLES`) keep
   their speaker as written, and so do plurals (`the ministers`), indefinite roles (`a senior
   aide`) and offices said whose (`the head of Acme Corp`, `the board's inspector`).
2. A `he`/`she` resolved to a person whose last mention before the pronoun lies inside the quoted
   words themselves (`"Ann Lee would lead that campaign," he said`): a speaker is rarely the third
   person of their own quoted words, so the antecedent is someone spoken about, not the speaker.
   Reported speech is left alone: there the writer may name the speaker in the third person.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipelines.core.entities.names import ROLE_NOUNS
from pipelines.core.quotes.model import Quote
from pipelines.core.speech_verbs import PERSON_PRONOUNS, UNNAMED_SOURCE_ROLES

# The confidence of a quote with no speaker (classify._quote caps it the same way).
NO_SPEAKER_CONFIDENCE = 0.5

_DOUBTFUL_OFFICES = ROLE_NOUNS - UNNAMED_SOURCE_ROLES


def _doubtful_office(speaker: str) -> bool:
    """A bare office as stored ('chancellor', 'Acme coach'): no 'of'/'for' phrase, possessor or
    apposition to tell whose, and not a role that as often stands for an unnamed source."""
    if re.search(r"\s(?:of|for|at|in)\s|'s?\s|,", speaker):
        return False  # 'head of Acme Corp', "the board's inspector": an unnamed holder as written
    return speaker.split()[-1].lower() in _DOUBTFUL_OFFICES


def unresolved_office(quote: Quote) -> bool:
    """`the chancellor` stored as `chancellor`, and a he/she that continues it: a definite singular
    office that names nobody."""
    if quote.speaker is None or quote.speaker_label is not None or not quote.speaker_mention:
        return False
    words = quote.speaker_mention.split()
    if len(words) == 1 and words[0].lower() in PERSON_PRONOUNS:
        return _doubtful_office(quote.speaker)
    if len(words) < 2 or words[0].lower() != "the" or quote.speaker != " ".join(words[1:]):
        return False  # resolved, indefinite or not stored as written
    return _doubtful_office(quote.speaker)


def antecedent_inside_quote(text: str, quote: Quote) -> bool:
    """A `he`/`she` given to a person whose name, last written before the pronoun, stands inside
    this quote's own quoted words. Not in reported speech, where the writer's paraphrase may name
    the speaker ('Ms Lee was shocked by the crowd, she said')."""
    if quote.speaker is None or quote.speaker_start is None or quote.speaker_label != "PERSON":
        return False
    if quote.quote_type == "indirect":
        return False
    if (quote.speaker_mention or "").lower() not in PERSON_PRONOUNS:
        return False
    names = [w for w in re.split(r"\W+", quote.speaker) if len(w) > 2 and w[0].isupper()]
    last = max((m.start() for w in names for m in re.finditer(rf"\b{re.escape(w)}\b", text[: quote.speaker_start])),
               default=None)
    return last is not None and any(start <= last < end for start, end in quote.segments)


def abstain(text: str, quotes: list[Quote]) -> list[Quote]:
    """The quotes, those whose only evidence is a doubtful path without a speaker."""
    return [replace(q, speaker=None, speaker_label=None, confidence=min(q.confidence, NO_SPEAKER_CONFIDENCE))
            if unresolved_office(q) or antecedent_inside_quote(text, q) else q for q in quotes]
