"""Classifying quoted spans: direct (its own sentence, or after a lead-in), partial (in a
clause a reporting verb governs) or dropped (a scare quote or a title), each with the
attribution it rests on; split pieces of one statement are joined.

Entry points: `classify(art, spans, events)` -> quotes in text order;
`join_split_quotes(art, quotes)`.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import replace

from spacy.tokens import Token

from pipelines.core.entities import ROLE_NOUNS
from pipelines.core.quotes.article import SPEAKER_ENTITY_TYPES, Article, Speaker, paragraph_bounds, sentence_bounds
from pipelines.core.quotes.attribution import (
    BY_POSITION,
    Attribution,
    according_after,
    according_to,
    attribution_at,
    attribution_in,
    cue_of,
    hypothetical,
    is_speech_verb,
    reported_by_fields,
    verb_attribution,
)
from pipelines.core.quotes.marks import QuotedSpan
from pipelines.core.quotes.phrases import aside_lead, pronoun_possessor, speech_noun_source, title_in_statement
from pipelines.core.quotes.speakers import can_speak, resolve_speaker
from pipelines.core.quotes.model import SPLIT_JOINER, Quote
from pipelines.core.speech_verbs import ACCORDING_TO, NAMING_VERBS, PERSON_PRONOUNS, RELAY_VERBS, SPEECH_NOUNS

# A sentence end right before a quote: '.', '!' or '?' (and closing marks) then space;
# not after an initial or a short abbreviation ('U.S.', 'Mr.').
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bMrs)[.!?][\"”’')]*\s+")


def _lead_in(art: Article, span: QuotedSpan, previous_end: int) -> tuple[int, str]:
    """Start and text of what precedes the quote in its sentence (after the previous quote)."""
    sent_start, _ = sentence_bounds(art, span.open_mark)
    para_start, _ = paragraph_bounds(art, span.open_mark)
    start = max(sent_start, para_start, previous_end)
    # The parser often glues a quote to the sentence before it ('... problems. ''America
    # is already great,'' he said.'): a lead ending a sentence is no lead.
    for match in _SENTENCE_END.finditer(art.text, start, span.open_mark):
        start = match.end()
    lead = "".join(ch for ch in art.text[start : span.open_mark] if unicodedata.category(ch) != "Cf")
    return start, lead.strip()


def _tail(art: Article, span: QuotedSpan, next_start: int) -> tuple[int, int]:
    """What follows the quote up to the end of its sentence (before the next quote).
    A quote ending with a comma that closes its paragraph continues on the next line
    ('“..., an END to the war,”' / 'Trump stated on Truth Social.')."""
    _, para_end = paragraph_bounds(art, span.end - 1)
    stop = para_end
    if art.text[span.end : para_end].strip() == "" and _last_char(art.text, span) == ",":
        nxt = span.end
        while nxt < len(art.text) and art.text[nxt].isspace():
            nxt += 1
        if nxt < len(art.text):
            stop = paragraph_bounds(art, nxt)[1]
    if span.end >= len(art.text):
        return span.end, span.end
    first = span.end
    while first < stop and art.text[first].isspace():
        first += 1
    if first >= stop:
        return span.end, span.end
    _, sent_end = sentence_bounds(art, first)
    return span.end, min(max(sent_end, first), stop, next_start)


def _tail_verb(art: Article, start: int, end: int) -> Attribution | None:
    """'"...," the nominee riffed.' / '"I am still Sanders," it read.': right after a quote
    that ends like a clause going on, the first verb of the tail is its cue even when it is
    not a reporting verb, provided it comes within a few words and has a subject."""
    tokens = art.tokens_in(start, end)
    for i in tokens[:8]:
        token = art.tokens[i]
        if token.pos_ == "VERB" and not art.quoted[i]:
            found = verb_attribution(art, token)
            return found if found is not None and found.speaker is not None else None
    return None


def _governing_attribution(art: Article, span: QuotedSpan) -> Attribution | None:
    """For an embedded quote: the reporting verb among the ancestors of the quote's
    head ('described the discussion as “informative”'), or 'according to X'."""
    inside = art.tokens_in(span.start_char, span.end_char)
    if not inside:
        return None
    doc = art.tokens
    heads = [doc[i] for i in inside if not (inside.start <= doc[i].head.i < inside.stop) or doc[i].head.i == i]
    for head in heads[:2]:
        # A parenthetical cue ('There was, she said, "an implicit bargain"') speaks
        # the whole clause around it.
        for ancestor in (head, *head.ancestors):
            for child in ancestor.children:
                if child.dep_ == "parataxis" and not art.quoted[child.i] and is_speech_verb(child):
                    found = attribution_at(art, child)
                    if found is not None and found.speaker is not None:
                        return found
        found = []
        for ancestor in head.ancestors:
            if not art.quoted[ancestor.i] and is_speech_verb(ancestor):
                found.append(attribution_at(art, ancestor) or Attribution(None, cue_of(ancestor), ancestor.idx))
        # Nested reporting: a verb of what someone should, will or is to say ('she expects
        # Obama to announce an "intensification"') reports nothing; the clause around it does.
        said = [a for a in found if not hypothetical(art.tokens[art.token_at(a.position)])]
        if said:
            found = said
        # In nested reporting ('Schultz said the platform should reiterate "..."') the
        # nearest verb whose speaker is a person wins over one with a thing as subject.
        people = [a for a in found if a.speaker is not None and (a.speaker.label == "PERSON"
                                                                  or a.speaker.mention.lower() in PERSON_PRONOUNS)]
        if people or found:
            return _relayed_report(art, _outer_mention((people or found)[0], art), head)
    sent = art.sents[art.sent_of[inside.start]]
    for token in sent:
        if token.lower_ == ACCORDING_TO[0]:
            found = according_to(art, token)
            if found is not None:
                return found
    return None


def _relayed_report(art: Article, attribution: Attribution, head: Token) -> Attribution:
    """'Bloomberg reported that the minister was "shocked"': a medium's report relays the words
    of the person (or body) its reported clause is about, when the quote sits in that clause's
    predicate; the speaker is that subject and the medium is reported_by."""
    verb = art.tokens[art.token_at(attribution.position)]
    if attribution.speaker is None or verb.lemma_.lower() not in RELAY_VERBS or verb.pos_ != "VERB":
        return attribution
    clause = next((a for a in (head, *head.ancestors) if a.head.i == verb.i and a.i != verb.i), None)
    if clause is None or clause.dep_ != "ccomp":
        return attribution
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or art.quoted[subject.i] or subject.left_edge.i <= head.i <= subject.right_edge.i:
        return attribution
    speaker = resolve_speaker(art, subject)
    if speaker is None or not can_speak(speaker, subject):
        return attribution
    return Attribution(speaker, attribution.cue, attribution.position, reported_by=attribution.speaker)


def _quote(art: Article, span: QuotedSpan, attribution: Attribution | None, quote_type: str,
           confidence: float) -> Quote:
    """A Quote for a span and the attribution it rests on; the confidence drops for no or an
    unresolved speaker and for a missing closing mark."""
    speaker = attribution.speaker if attribution else None
    if speaker is None:
        confidence = min(confidence, 0.5)
    elif not speaker.resolved:
        confidence -= 0.1
    if not span.closed:
        confidence -= 0.15
    return Quote(
        text=art.text[span.start_char : span.end_char],
        speaker=speaker.name if speaker else None,
        speaker_label=speaker.label if speaker else None,
        speaker_mention=speaker.mention if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        cue=attribution.cue if attribution else None,
        quote_type=quote_type,
        start_char=span.start_char,
        end_char=span.end_char,
        confidence=round(max(confidence, 0.05), 2),
        **reported_by_fields(attribution.reported_by if attribution else None),
    )


def _previous_speaker(art: Article, events: list[Attribution], before: int) -> Attribution | None:
    """Who a floating quote continues: the last attribution or else the last named person
    in subject position ('Viguerie is upbeat about ...'), at most two paragraphs back."""
    candidates = []
    k = bisect_left(events, before, key=BY_POSITION) - 1
    if k >= 0:
        candidates.append(events[k])
    k = bisect_left(art.subject_positions, before) - 1
    if k >= 0:
        person = art.subject_people[k][1]
        speaker = Speaker.named(person)
        candidates.append(Attribution(speaker, None, person.start_char))
    paragraph = art.paragraph_of(before)
    recent = [c for c in candidates if paragraph - art.paragraph_of(c.position) <= 2]
    return recent[0] if recent else None  # an attribution first, then a subject


# Last characters of a quote that ends like a clause going on ('"...," he said').
_CLAUSE_GOES_ON = ",?!—–-…"


def classify(art: Article, spans: list[QuotedSpan], events: list[Attribution]) -> list[Quote]:
    """Quotes for the quoted spans of an article, in text order: each span becomes a direct quote
    (its own sentence, a lead-in, a signature or a 'Name:' headline; a floating quote
    continues the previous speaker), a partial quote (a reporting verb governs it, or a
    person's clause holds it), or nothing (scare quotes, titles). `events` are the article's
    speech events (`speech_events`)."""
    quotes: list[Quote] = []
    text = art.text
    last_cued: Attribution | None = None  # the attribution of the last direct quote with a cue
    last_cued_span = -1
    for n, span in enumerate(spans):
        previous_end = spans[n - 1].end if n else 0
        next_start = spans[n + 1].open_mark if n + 1 < len(spans) else len(text)
        lead_start, lead = _lead_in(art, span, previous_end)
        tail_start, tail_end = _tail(art, span, next_start)
        tail = text[tail_start:tail_end].strip()
        content = text[span.start_char : span.end_char]
        last_char = _last_char(text, span)
        starts_upper = content[:1].isupper() or content[:1].isdigit()
        lead_token = art.tokens[art.token_at(span.open_mark - 1)] if lead else None
        first_token = art.tokens[art.token_at(span.start_char)]
        lead_in = bool(lead) and (
            lead.endswith(":")
            or starts_upper and first_token.pos_ != "PROPN"
            and (lead.endswith(",") or lead_token is not None and is_speech_verb(lead_token))
        )
        # Right after another quote of the same sentence ('"a;" "b;"') is not a sentence
        # start: the previous quote (its closing mark at least) is this one's lead.
        if not lead and n and spans[n - 1].end > sentence_bounds(art, span.open_mark)[0]:
            between = text[spans[n - 1].end : span.open_mark].strip()
            if _last_char(text, spans[n - 1]) not in ".?!" and not between.endswith((".", "?", "!")):
                lead = between or text[spans[n - 1].end - 1]

        # After the quote: '"...," he said.' The tail counts when the quote ends like a
        # clause that goes on, or when the tail starts in lower case.
        tail_attribution = None
        # A short tail also counts after a full stop ('“... missing.” Trump said.').
        if tail and (last_char in _CLAUSE_GOES_ON or tail[:1].islower() or not span.closed
                     or len(tail.split()) <= 4 and tail.endswith(".")):
            tail_attribution = attribution_in(art, tail_start, tail_end, last=False)

        headline = _name_colon(art, span)
        if lead == "" or lead_in:
            attribution = tail_attribution or _lead_attribution(art, span, lead, lead_start, previous_end)
            if attribution is None and tail and last_char in _CLAUSE_GOES_ON:
                attribution = _tail_verb(art, tail_start, tail_end)
                if attribution is not None and last_char in "?!" and tail[:1].isupper() \
                        and _says_something_else(art, attribution):
                    attribution = None
            attribution = according_after(art, attribution)
            if attribution is not None:
                quotes.append(_quote(art, span, attribution, "direct", 0.9))
                last_cued, last_cued_span = attribution, n
                continue
            if headline is not None:
                quotes.append(_quote(art, span, headline, "direct", 0.8))
                continue
            signed = _dash_signature(art, span)
            if signed is not None:
                quotes.append(_quote(art, span, signed, "direct", 0.8))
                continue
            aside = aside_lead(art, span, lead_start) if lead else None
            if aside is not None:
                quotes.append(_quote(art, span, aside, "direct", 0.8))
                last_cued, last_cued_span = aside, n
                continue
            sentence_like = last_char in ".?!," and len(content.split()) >= 4
            if lead_in or tail.strip(".,;:!?)]—–- ") == "" or lead == "" and sentence_like:
                # A quote sentence with no cue of its own continues the previous speaker.
                floating = _previous_speaker(art, events, span.open_mark)
                if floating is not None and last_cued is not None and floating is not last_cued and (
                        _same_sentence(art, floating.position, last_cued.position)
                        or last_cued_span == n - 1 and art.paragraph_of(spans[n - 1].end - 1)
                        == art.paragraph_of(span.open_mark)):
                    # A side remark in the cue's sentence ('said O'Donnell, who wrote about it
                    # in the book.') does not take over the speaker.
                    floating = last_cued
                quotes.append(_quote(art, span, floating, "direct", 0.65))
                continue
        # Embedded in a sentence: a partial quote when a reporting verb governs it,
        # otherwise a scare quote or a title, which is not a quote.
        if headline is not None:
            quotes.append(_quote(art, span, headline, "partial", 0.8))
            continue
        governing = according_after(art, _governing_attribution(art, span) or tail_attribution)
        if _looks_like_title(content) and not _named_by(art, span, governing) \
                and not title_in_statement(art, span, governing):
            continue  # 'told "Good Morning America"'
        if governing is not None:
            quotes.append(_quote(art, span, governing, "partial", 0.8))
            continue
        aside = aside_lead(art, span, lead_start) if lead else None
        if aside is not None:
            quotes.append(_quote(art, span, aside, "partial", 0.7))
            continue
        spoken = speech_noun_source(art, span)
        if spoken is not None:
            quotes.append(_quote(art, span, spoken, "partial", 0.5))
            continue
        # A phrase in a clause whose subject is a person ('Trump blasted Disney for its
        # "outrageous practices"') is likely that person's words; a single word there is more
        # often the writer's scare quote ('he praised the "brave" staff') than a quote.
        person = _person_clause(art, span) if len(content.split()) > 1 else None
        if person is not None:
            quotes.append(_quote(art, span, person, "partial", 0.45))
    return quotes


_SIGNATURE = re.compile(r"[ \t]*[-–—―]+\s*(\S[^\n]{0,80}?)\.?[ \t]*$")


def _dash_signature(art: Article, span: QuotedSpan) -> Attribution | None:
    """A quote signed after a dash, at the end of its own line ('“...”― Carla Sanchez.') or
    on the next line ('"..."' / '- Bernie Sanders.', the fact-checkers' style): the name
    after the dash is the speaker."""
    _, para_end = paragraph_bounds(art, span.end - 1)
    if art.text[span.end : para_end].strip():
        return _signature(art, span.end, para_end)
    k = art.paragraph_of(span.end - 1) + 1
    if k >= len(art.para_starts):
        return None
    start = art.para_starts[k]
    if art.text[span.end : start].count("\n") > 2:
        return None
    return _signature(art, start, paragraph_bounds(art, start)[1])


def _signature(art: Article, start: int, end: int) -> Attribution | None:
    """The speaker a dash and a name between `start` and `end` (a line's end) sign for."""
    signature = _SIGNATURE.match(art.text, start, end)
    if signature is None:
        return None
    for i in art.tokens_in(signature.start(1), signature.end(1)):
        name = art.tokens[i]
        if name.pos_ == "PROPN" and (art.person_at(name) is not None or name.ent_type_ in ("ORG", "PERSON")):
            speaker = resolve_speaker(art, name)
            dash = art.text.rindex(signature.group(0).strip()[0], start, signature.start(1) + 1)
            return Attribution(speaker, art.text[dash], dash) if speaker is not None else None
        if name.text == ",":
            break
    name = signature.group(1).rstrip(". ")
    if _NAME_SHAPE.fullmatch(name):  # a name the NER missed: kept as written
        first = signature.start(1)
        dash = art.text.rindex(signature.group(0).strip()[0], start, first + 1)
        return Attribution(Speaker(name, None, name, first, first + len(name), resolved=False), art.text[dash], dash)
    return None


# Two to four capitalized words: the shape of a person's name in a signature.
_NAME_SHAPE = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}")


def _says_something_else(art: Article, attribution: Attribution) -> bool:
    """After a quoted question or exclamation, a new sentence whose verb has an object of its
    own that is no person ('"Who wants that?" Acme offers a service for ...') is the writer's,
    not the quote's cue ('"Why?" asked the minister' is)."""
    verb = art.tokens[art.token_at(attribution.position)]
    return any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and not art.quoted[c.i]
               and c.lemma_.lower() not in ROLE_NOUNS and art.person_at(c) is None for c in verb.children)


def _same_sentence(art: Article, a: int, b: int) -> bool:
    return art.sent_of[art.token_at(a)] == art.sent_of[art.token_at(b)]


def _named_by(art: Article, span: QuotedSpan, governing: Attribution | None) -> bool:
    """A capitalized phrase that a naming verb applies ('called it "Crooked Hillary"',
    'what he calls the "Washington cartel"') is the speaker's words, not a title."""
    if governing is None or governing.cue is None:
        return False
    verb = art.tokens[art.token_at(governing.position)]
    return verb.lemma_.lower() in NAMING_VERBS


def _last_char(text: str, span: QuotedSpan) -> str:
    """Last character of a quote before its closing mark (a trailing comma included)."""
    return text[span.start_char : span.end].rstrip("”\"’' ")[-1:]


def _looks_like_title(content: str) -> bool:
    """'The Godfather', 'Meet the Press': every significant word capitalized. An
    exclamation or a question ('USA! USA!', 'Mr. D'Souza?') is speech, not a title."""
    if content.rstrip(" ,.'’\"”").endswith(("!", "?")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", content) if len(w) > 3 or w[0].isupper()]
    return bool(words) and all(w[0].isupper() for w in words)


def _person_clause(art: Article, span: QuotedSpan) -> Attribution | None:
    """A phrase in a clause whose subject is a person ('Trump blasted Disney for its "outrageous
    practices"'), or a noun cue with a possessor: that person."""
    inside = art.tokens_in(span.start_char, span.end_char)
    if not inside:
        return None
    head = next((art.tokens[i] for i in inside if not (inside.start <= art.tokens[i].head.i < inside.stop)), None)
    for verb in head.ancestors if head is not None else ():
        if verb.pos_ not in ("VERB", "AUX") or art.quoted[verb.i]:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        if art.person_at(subject) is not None or subject.lower_ in PERSON_PRONOUNS:
            return _outer_mention(Attribution(resolve_speaker(art, subject), verb.text, verb.idx), art)
        # A noun cue: 'Rubio's catch phrase ... was that Crist "would say or do anything"'.
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if subject.pos_ == "NOUN" and subject.lemma_.lower() in SPEECH_NOUNS and owner is not None:
            speaker = _possessor(art, owner)
            if speaker is not None:
                return Attribution(speaker, subject.text, subject.idx)
    return None


def _possessor(art: Article, owner: Token) -> Speaker | None:
    """'Rubio's' / 'his' / 'her' in front of a noun cue -> the person."""
    if owner.lower_ in ("his", "her"):
        return pronoun_possessor(art, owner)
    person = art.person_at(owner)
    if person is None:
        return None
    return Speaker.named(person)


def _outer_mention(attribution: Attribution, art: Article) -> Attribution:
    """Nested reporting ('Cruz has railed against what he calls the "Washington cartel"',
    'Rajoy said that he will "try ..."'): when the speaker is a pronoun, an earlier
    subject of a governing clause that names the same person (or is the same pronoun)
    is the mention the quote rests on."""
    speaker = attribution.speaker
    if speaker is None or speaker.mention.lower() not in PERSON_PRONOUNS:
        return attribution
    best = speaker
    verb = art.tokens[art.token_at(speaker.start)].head  # the clause the pronoun is the subject of
    # Only through complement clauses: a conjunct or relative clause with its own
    # pronoun subject ('Trump called it X, but he also noted "Y"') is its own attribution.
    while verb.head != verb:  # spaCy makes a Token per access: `is` never holds
        if verb.dep_ in ("ccomp", "xcomp"):
            verb = verb.head
        elif verb.dep_ in ("pcomp", "dobj", "pobj") and any(c.lower_ == "what" for c in verb.children):
            verb = verb.head.head if verb.dep_ == "pcomp" else verb.head  # 'railed against what he calls'
        else:
            break
        ancestor = verb
        if art.quoted[ancestor.i] or ancestor.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or art.quoted[subject.i] or subject.idx >= best.start:
            continue
        if subject.lower_ == speaker.mention.lower():
            best = Speaker(speaker.name, speaker.label, subject.text, subject.idx, subject.idx + len(subject),
                            speaker.resolved)
            continue
        person = art.person_at(subject)
        if person is not None and person.canonical == speaker.name:
            best = Speaker.named(person)
        elif person is None and subject.pos_ == "NOUN":  # a role: 'The president denounced what he called'
            role = resolve_speaker(art, subject)
            if role is not None and role.resolved and role.name == speaker.name:
                best = role
    if best is speaker:
        return attribution
    return replace(attribution, speaker=best)


def _name_colon(art: Article, span: QuotedSpan) -> Attribution | None:
    """Headline style 'Graham: Trump's ‘Incredibly Hateful Rhetoric’ ...': a paragraph
    opening with a bare name and a colon attributes its quotes to that name."""
    para_start, _ = paragraph_bounds(art, span.open_mark)
    colon = art.text.find(":", para_start, span.open_mark)
    if colon < 0:
        return None
    tokens = [art.tokens[i] for i in art.tokens_in(para_start, colon) if not art.tokens[i].is_space]
    if tokens and len(tokens) <= 12 and not art.text[colon + 1 : span.open_mark].strip() \
            and (person := art.person_at(tokens[0])) is not None \
            and person.start_char == tokens[0].idx:
        # A headline led by a person ('Sarah Silverman heckles Sanders supporters: ...').
        return Attribution(Speaker.named(person), ":", colon)
    # 'CNN President On Trump:' names the speaker before the preposition.
    preposition = next((k for k, t in enumerate(tokens) if t.pos_ == "ADP"), len(tokens))
    tokens = tokens[:preposition]
    if not tokens or len(tokens) > 5 or any(t.pos_ in ("VERB", "AUX", "SCONJ") for t in tokens):
        return None
    name = tokens[-1]
    if name.ent_type_ not in SPEAKER_ENTITY_TYPES or not (name.pos_ == "PROPN" or art.person_at(name)):
        return None
    return Attribution(resolve_speaker(art, name), ":", colon)


def _lead_attribution(art: Article, span: QuotedSpan, lead: str, lead_start: int,
                      previous_end: int) -> Attribution | None:
    """Attribution before the quote: in its sentence ('Trump stated: "..."') or, for a
    quote opening a paragraph, a lead-in ending the previous one ('Trump stated,').
    A colon introduces a quote even without a reporting verb ('Article 33 affirms:',
    'He then listed the qualities ...:'): the subject of the lead-in speaks."""
    if lead:
        start, end = lead_start, span.open_mark
    else:
        para_start, _ = paragraph_bounds(art, span.open_mark)
        before = art.text[:para_start].rstrip()
        if not before.endswith((":", ",")) or previous_end > len(before):
            return None
        start, end = max(sentence_bounds(art, len(before) - 1)[0], previous_end), len(before)
    if not art.text[start:end].rstrip().endswith(":"):
        return attribution_in(art, start, end, last=True)
    return _name_before_colon(art, start, end) or attribution_in(art, start, end, last=True) \
        or _colon_subject(art, start, end)


# Parts of speech of a role phrase before a name ('Manchester City boss', "the club's new manager").
_ROLE_PHRASE_TAGS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART", "CCONJ"})


def _name_before_colon(art: Article, start: int, end: int) -> Attribution | None:
    """'... - Carl Bialik: “...”': a bare name right before the colon is the speaker."""
    tokens = [art.tokens[i] for i in art.tokens_in(start, end) if not art.tokens[i].is_space]
    if len(tokens) < 2 or tokens[-1].text != ":":
        return None
    k = len(tokens) - 2
    while k >= 0 and (tokens[k].pos_ == "PROPN" or tokens[k].lower_ == "and"):
        k -= 1
    if k == len(tokens) - 2:
        return None
    name = tokens[-2]
    if k >= 0 and not tokens[k].is_punct:
        # '- Northbridge United boss Colin Harker:': a person's name after a role that
        # opens the line (a bullet or dash before it) is still a bare name lead.
        while k >= 0 and tokens[k].pos_ in _ROLE_PHRASE_TAGS and not tokens[k].is_punct:
            k -= 1
        if k >= 0 and not tokens[k].is_punct or art.person_at(name) is None:
            return None
    if name.ent_type_ not in SPEAKER_ENTITY_TYPES:
        return None
    speaker = resolve_speaker(art, name)
    return Attribution(speaker, ":", tokens[-1].idx) if speaker is not None else None


def _colon_subject(art: Article, start: int, end: int) -> Attribution | None:
    """The subject of the last verb of a lead-in ending with a colon."""
    for i in reversed(art.tokens_in(start, end)):
        token = art.tokens[i]
        if token.pos_ in ("VERB", "AUX") and not art.quoted[i]:
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                speaker = resolve_speaker(art, subject)
                return Attribution(speaker, ":", token.idx) if speaker is not None else None
    return None


def join_split_quotes(art: Article, quotes: list[Quote]) -> list[Quote]:
    """One statement, one row: consecutive quoted pieces resting on the same speaker
    mention and cue ('"I love cats!" insists Burton. "I absolutely do."', or a floating
    paragraph continuing the same attribution) become one quote with several segments,
    so counting quotes per speaker counts statements, not fragments. Pieces join within
    a paragraph, or across one paragraph break when both are direct: on PolNeAR a
    partial quote and a later paragraph's quote are two statements more often than one."""
    joined: list[Quote] = []
    for q in quotes:
        last = joined[-1] if joined else None
        if (last is not None and q.speaker_start is not None and last.speaker_start == q.speaker_start
                and last.speaker_end == q.speaker_end and last.cue == q.cue
                and _paragraphs_apart(art, last, q) <= (1 if last.quote_type == q.quote_type == "direct" else 0)):
            joined[-1] = replace(
                last,
                text=last.text + SPLIT_JOINER + q.text,
                quote_type="direct" if "direct" in (last.quote_type, q.quote_type) else last.quote_type,
                end_char=q.end_char,
                confidence=max(last.confidence, q.confidence),
                segments=last.segments + q.segments,
            )
        else:
            joined.append(q)
    return joined


def _paragraphs_apart(art: Article, first: Quote, second: Quote) -> int:
    return art.paragraph_of(second.start_char) - art.paragraph_of(first.segments[-1][0])
