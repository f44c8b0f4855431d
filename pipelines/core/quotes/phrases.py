"""Quoted phrases whose source is no reporting verb's subject: a lead-in set off as an aside
('as the senator put it, "..."', 'in her words, "..."'), a noun of speech whose possessor
speaks ('the mayor's call for "a full inquiry"'), and a capitalized phrase that is what a
reporting verb reports ('the crowd chanted "Jones Out, Smith In"'), which looks like a title.

Entry points, each used by `classify` for a span the reporting-verb rules left without a
source: `aside_lead(art, span, lead_start)`, `speech_noun_source(art, span)`,
`title_in_statement(art, span, governing)`.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.quotes.article import Article, Speaker
from pipelines.core.quotes.attribution import Attribution, is_speech_verb, verb_attribution
from pipelines.core.quotes.marks import QuotedSpan
from pipelines.core.quotes.speakers import can_speak, resolve_speaker
from pipelines.core.speech_verbs import ADDRESSEE_VERBS, AUTHORING_VERBS, SPEECH_NOUNS, WORDS_NOUNS


def pronoun_possessor(art: Article, owner: Token) -> Speaker | None:
    """'his' / 'her' in front of a noun cue -> the person of that gender last named before it."""
    person = art.person_before(owner.idx, owner.lower_)
    if person is None:
        return None
    return Speaker(person.canonical, person.label, owner.text, owner.idx, owner.idx + len(owner), True)


def _possessor_speaker(art: Article, owner: Token) -> Speaker | None:
    """'the mayor's' / 'her' / 'Smith's' in front of a noun of speech -> who speaks."""
    if owner.lower_ in ("his", "her"):
        return pronoun_possessor(art, owner)
    if owner.pos_ not in ("PROPN", "NOUN"):
        return None  # 'its', 'their': a body or a group, often not the one quoted
    speaker = resolve_speaker(art, owner)
    return speaker if speaker is not None and speaker.resolved else None


def aside_lead(art: Article, span: QuotedSpan, lead_start: int) -> Attribution | None:
    """A lead-in set off by a comma that names the source as an aside: 'as X put it, "..."',
    'As X wrote, "..."' (a reporting verb under 'as'), or 'in X's words, "..."' / 'in the words
    of X, "..."'."""
    if not art.text[lead_start : span.open_mark].rstrip().endswith(","):
        return None  # the aside ends right before the quote
    for i in art.tokens_in(lead_start, span.open_mark):
        token = art.tokens[i]
        if art.quoted[i]:
            continue
        if is_speech_verb(token) and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            found = verb_attribution(art, token)
            if found is not None and found.speaker is not None:
                return found
        if token.lower_ in WORDS_NOUNS and token.head.lower_ == "in":
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None:  # 'in the words of X'
                of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            speaker = _possessor_speaker(art, owner) if owner is not None else None
            if speaker is not None:
                return Attribution(speaker, token.text, token.idx)
    return None


def _so_called(art: Article, span: QuotedSpan) -> bool:
    """'a so-called "green corridor"': the writer marks a term, nobody's words."""
    return art.text[max(0, span.open_mark - 12) : span.open_mark].rstrip().lower().endswith(
        ("so-called", "so called"))


def _head(art: Article, span: QuotedSpan) -> Token | None:
    inside = art.tokens_in(span.start_char, span.end_char)
    return next((art.tokens[i] for i in inside if not (inside.start <= art.tokens[i].head.i < inside.stop)
                 or art.tokens[i].head.i == i), None)


def speech_noun_source(art: Article, span: QuotedSpan) -> Attribution | None:
    """'his call for "a total ban"', 'the senator's promise to "fix the roads"': a phrase of two
    or more words inside the noun phrase of a noun of speech (through prepositions and
    clauses hanging on it, not across a verb of the sentence) is the possessor's words."""
    content = art.text[span.start_char : span.end_char]
    if len(content.split()) < 2 or _so_called(art, span):
        return None  # a single quoted word is a term more often than someone's words
    head = _head(art, span)
    if head is None:
        return None
    for ancestor in head.ancestors:
        if art.quoted[ancestor.i]:
            continue
        if ancestor.pos_ in ("VERB", "AUX") and ancestor.dep_ not in ("acl", "xcomp", "pcomp"):
            return None  # the phrase belongs to a clause of its own
        if ancestor.pos_ == "NOUN" and ancestor.lemma_.lower() in SPEECH_NOUNS:
            owner = next((c for c in ancestor.children if c.dep_ == "poss"), None)
            speaker = _possessor_speaker(art, owner) if owner is not None else None
            return Attribution(speaker, ancestor.text, ancestor.idx) if speaker is not None else None
    return None


def title_in_statement(art: Article, span: QuotedSpan, governing: Attribution | None) -> bool:
    """A capitalized phrase of two or more words that is the very words a reporting verb
    reports, its direct object ('the crowd chanted "Jones Out, Smith In"', 'a sign reading "Go
    Home Now"'), is a statement; one naming to whom it was said ('told "Morning Report"'), where
    ('said on "The Evening Hour"') or what a clause is about ('said "Long Night" was a hit': the
    indirect quote holds it) is not, nor is a work someone wrote ('wrote "The Long Night"').
    (A capitalized first word that is no name already makes a direct quote after a reporting
    verb; this is for a phrase the tagger opens with a name: 'chanted "Mayor Jones Must Go"'.)"""
    if governing is None or governing.speaker is None or governing.cue is None:
        return False
    if len(art.text[span.start_char : span.end_char].split()) < 2 or _so_called(art, span):
        return False
    subject = art.tokens[art.token_at(governing.speaker.end - 1)]
    if not can_speak(governing.speaker, subject) and subject.tag_ not in ("NNS", "NNPS"):
        # 'the subject line says "Jupiter Awaits You"': a thing's text, no one's words (a plural,
        # 'the marchers chanted', is people).
        return False
    verb = art.tokens[art.token_at(governing.position)]
    head = _head(art, span)
    return head is not None and head.dep_ == "dobj" and head.head.i == verb.i \
        and verb.lemma_.lower() not in ADDRESSEE_VERBS | AUTHORING_VERBS \
        and not any(c.dep_ == "prt" for c in verb.children)  # 'add back "Open Week"'

