"""Reported speech outside quote marks: indirect quotes ('Putin said that Russia ...') and
first-person paragraphs whose quote marks were lost (', Putin emphasized.').

Entry points: `indirect_quotes(art, events, quotes)`, `unquoted_statements(art, events, spans)`.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.quotes.article import Article, asked_of_subject, paragraph_bounds
from pipelines.core.quotes.attribution import Attribution, hypothetical, subject_inside_the_claim
from pipelines.core.quotes.marks import QuotedSpan
from pipelines.core.quotes.model import Quote
from pipelines.core.speech_verbs import ACCORDING_TO

_FIRST_PERSON = frozenset("i we me us my our".split())


def unquoted_statements(art: Article, events: list[Attribution], spans: list[QuotedSpan]) -> list[Quote]:
    """A paragraph without quote marks that ends with ', Putin emphasized.' and speaks in
    the first person is a direct quote whose marks were lost in copying; in the third
    person it is ordinary reported speech."""
    quoted_paragraphs = {art.paragraph_of(s.open_mark) for s in spans}
    found = []
    for event in events:
        speaker = event.speaker
        paragraph = art.paragraph_of(event.position)
        if event.cue == " ".join(ACCORDING_TO) or paragraph in quoted_paragraphs or event.position < speaker.start:
            continue
        para_start, para_end = paragraph_bounds(art, event.position)
        subject_first = art.token_at(speaker.start)
        if subject_first == 0 or art.tokens[subject_first - 1].text != ",":
            continue
        comma = art.tokens[subject_first - 1]
        after = art.text[event.position : para_end].rstrip()
        if not after.endswith(".") or len(after.split()) > 8 or comma.idx <= para_start:
            continue
        start, end = para_start, comma.idx
        while art.text[start].isspace():
            start += 1
        if not any(art.tokens[i].lower_ in _FIRST_PERSON for i in art.tokens_in(start, end)):
            continue
        found.append(Quote(art.text[start:end], speaker.name, speaker.label, speaker.mention, speaker.start,
                           speaker.end, event.cue, "direct", start, end, 0.6))
    return found


# --- indirect speech -----------------------------------------------------------------


def indirect_quotes(art: Article, events: list[Attribution], quotes: list[Quote]) -> list[Quote]:
    """Reporting verbs with a clausal complement outside quotes: 'Putin said that Russia ...'."""
    taken = sorted((q.start_char, q.end_char) for q in quotes)
    found = []
    for event in events:
        verb = art.tokens[art.token_at(event.position)]
        if verb.lower_ == ACCORDING_TO[0] or hypothetical(verb):
            # 'the Vice President said Trump would ask whether ...': what someone will say is
            # part of the statement around it, not a statement of theirs.
            continue
        if asked_of_subject(verb):
            continue  # 'Asked if X could return, he replied': the question put to him, not his words
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            continue
        tokens = list(clause.subtree)
        for other in verb.children:
            lost = subject_inside_the_claim(art, other) if other.dep_ == "conj" and other.i > clause.i else None
            if lost is not None and lost[1] in tokens:
                tokens = tokens[: tokens.index(lost[1])]  # '... but his lawyer, Z, told': not the claim
        while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct or tokens[0].is_space):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and not _unit_sign(tokens):
            tokens = tokens[:-1]
        if len(tokens) < 3:
            continue
        if art.paragraph_of(tokens[0].idx) != art.paragraph_of(tokens[-1].idx):
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if any(s < end and start < e for s, e in taken):
            continue
        speaker = event.speaker
        confidence = 0.7 if speaker.resolved else 0.6
        found.append(Quote(art.text[start:end], speaker.name, speaker.label, speaker.mention, speaker.start,
                           speaker.end, event.cue, "indirect", start, end, confidence))
    return found


def _unit_sign(tokens: list[Token]) -> bool:
    """The last token is a sign glued to the figure before it ('12%'): spaCy counts '%' as
    punctuation, but it is the figure's unit and the claim ends after it."""
    last = tokens[-1]
    before = tokens[-2] if len(tokens) > 1 else None
    return before is not None and before.like_num and not before.whitespace_ and last.pos_ != "PUNCT"
