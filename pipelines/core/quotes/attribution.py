"""Attribution: the cue (a reporting verb, 'according to') and its speaker.

Entry points: `speech_events(art)` (every reporting verb with a speaker outside quotes, in
text order), `attribution_at` / `attribution_in` (the attribution a token or a stretch of
text carries), `according_after` (the outer source relaying a statement), `hypothetical`,
`reported_by_fields`. Who a subject stands for is `speakers.resolve_speaker`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from operator import attrgetter

from spacy.tokens import Token

from pipelines.core.doc_cache import doc_text
from pipelines.core.quotes.article import SPEAKER_ENTITY_TYPES, Article, Speaker, paragraph_bounds
from pipelines.core.quotes.speakers import resolve_speaker
from pipelines.core.speech_verbs import (
    ACCORDING_TO,
    CUE_MEDIUM_WORDS,
    EVIDENCE_NOUNS,
    GROUP_PRONOUNS,
    INFERENCE_VERBS,
    PERSON_PRONOUNS,
    SPEECH_PHRASES,
    SPEECH_VERBS,
)

# A legislator's party and state after the name: '(R-OH)', '(D-Vt.)'.
_PARTY_STATE = re.compile(r"\([RDI]-[A-Z][A-Za-z.]{1,5}\)")


def subject_inside_the_claim(art: Article, verb: Token) -> tuple[Token, Token] | None:
    """'X claimed Y was one of the leaders but his lawyer, Z, told ...': the parse makes 'his
    lawyer' a conjunct inside what X claimed and leaves 'told' (a conjunct of 'claimed') without a
    subject. The conjunct noun ending that claim right before the verb is the verb's subject;
    returns it with its conjunction ('but'), where the claim ends. None for any other parse."""
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    before = verb.i - 1
    while before >= 0 and art.tokens[before].is_punct:
        before -= 1
    if before < 0:
        return None
    noun = next((t for t in (art.tokens[before], *art.tokens[before].ancestors)
                 if t.dep_ == "conj" or t.dep_ == "ccomp"), None)
    if noun is None or noun.dep_ != "conj" or noun.pos_ not in ("NOUN", "PROPN") or art.quoted[noun.i] \
            or any(not art.tokens[i].is_punct for i in range(noun.right_edge.i + 1, verb.i)):
        return None
    cc = next((c for c in noun.head.children if c.dep_ == "cc" and c.i < noun.i), None)
    claim = next((a for a in noun.ancestors if a.dep_ == "ccomp"), None)
    if cc is None or claim is None or claim.head.i != verb.head.i:
        return None
    return noun, cc


def _subject_of(art: Article, verb: Token) -> Token | None:
    """Grammatical subject of a reporting verb, following participles ('..., saying'),
    coordination ('and added') and relative clauses ('Peskov, who said'). Subjects
    inside quotes or in another paragraph (a heading the parser glued on) do not count."""
    reporting_verb = verb
    paragraph = art.paragraph_of(verb.idx)
    for _ in range(5):
        for child in verb.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or art.quoted[child.i] \
                    or not any(ch.isalnum() for ch in child.text):  # a dash parsed as a subject
                continue
            if child.dep_ == "nsubjpass" and verb is reporting_verb:
                # 'Priebus was said to be "furious"': the topic, not the speaker.
                agent = next((c for c in verb.children if c.dep_ == "agent"), None) or _clause_by(art, verb)
                return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if art.paragraph_of(child.idx) != paragraph or in_dateline(art, child, reporting_verb):
                continue
            if (child.ent_type_ in ("DATE", "TIME") and child.pos_ == "PROPN"
                    or _PARTY_STATE.match(art.text, max(0, child.idx - 3))):
                # A misparse: 'Saturday ... Sen. Elizabeth Warren (D-MA) said' has the
                # date or the '(D-MA)' tag as its subject; the name near the verb speaks.
                return _nearby_name(art, reporting_verb)
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return child  # 'Obama, who called ...': resolved through the relative clause
            if child.lower_ == "it" and child.dep_ == "nsubj" and verb is reporting_verb and not any(
                    c.dep_ == "auxpass" or c.dep_ == "ccomp" and c.i < child.i and not art.quoted[c.i]
                    for c in verb.children):
                return child  # 'it said in a statement': an organization or a document speaks
            if child.lower_ in ("it", "there", "this", "that", "which", "what", "who"):
                return None
            return child
        for child in verb.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        lost = subject_inside_the_claim(art, verb)  # also for 'and added' after such a verb
        if lost is not None:
            return lost[0]
        if verb is reporting_verb:
            # '"Meh," wrote a Trump supporter': with the quote parsed as the subject,
            # the speaker after the verb is parsed as its object.
            before = next((t for t in reversed(art.tokens[: verb.i]) if not t.is_punct and not t.is_space), None)
            if before is not None and art.quoted[before.i] and (
                    any(c.dep_ == "nsubj" and art.quoted[c.i] for c in verb.children)
                    # '"..." say those behind the talks': the quote parsed as the verb's clause,
                    # the verb with no subject at all
                    or verb.dep_ != "conj" and any(c.dep_ == "ccomp" and c.i < verb.i and art.quoted[c.i]
                                                   for c in verb.children)
                    and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)):
                inverted = next((c for c in verb.rights if c.dep_ == "dobj" and not art.quoted[c.i]), None)
                if inverted is not None:
                    return inverted
            # '“...?” the 43-year-old asked': the speaker parsed as the head the verb modifies.
            head = verb.head
            if verb.dep_ == "acl" and head.i < verb.i and head.pos_ in ("NOUN", "ADJ", "PROPN") \
                    and head.left_edge.i > 0 and art.quoted[head.left_edge.i - 1]:
                return head
            # '..., adding, "..."' hung on the reported clause ('Trump told Newsmax that Romney
            # "had a crazy policy," adding, "He lost ..."'): the reporter adds, not the reported.
            # Only when the reporter comes first: in 'Jones held a meeting and pledged "...",
            # the Sentinel reported' Jones pledges and the Sentinel relays.
            reporter = head.head
            if verb.dep_ in ("advcl", "conj") and head.dep_ == "ccomp" and not is_speech_verb(head) \
                    and reporter.i < head.i and is_speech_verb(reporter) and not art.quoted[reporter.i]:
                verb = reporter
                continue
        # Object control: 'prompted Rubio to ... call Trump "very flexible"' - the object speaks.
        if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB" and any(c.tag_ == "TO" for c in verb.children):
            controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if controller is not None and not art.quoted[controller.i] and (
                    art.person_at(controller) is not None or controller.lower_ in ("him", "her", "them")):
                return controller
        # '..., according to spokesman Mark Ellery, adding that ...': the participle continues
        # the source of the clause it hangs on, not that clause's subject.
        if verb.dep_ in ("advcl", "conj") and verb.head != verb:
            source = _according_source(art, verb.head, verb.i)
            if source is not None:
                return source
        # An implicit subject is the governing clause's, also when that clause is quoted.
        # ('talked about continuing ...': through the preposition to 'talked').
        if verb.head != verb and (
            verb.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp") or art.quoted[verb.i]
            or verb.dep_ == "prep" and verb.pos_ == "ADP"
        ):
            verb = verb.head
        else:
            break
    return _nearby_name(art, reporting_verb)


# A dateline opening a paragraph: a place in capitals, its state or country, a date, the agency, a
# dash ('LONDON (Reuters) -', 'HEMPSTEAD, N.Y., Sept. 26 (UPI) —', 'NEW YORK, March 3 -').
_DATELINE = re.compile(r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)*"
                       r"(?:,? [A-Z][a-z]{2,4}\.? \d{1,2})?\s*(?:\([A-Za-z ]{1,20}\))?\s*(?:--?|–|—)\s")


def in_dateline(art: Article, token: Token, verb: Token) -> bool:
    """A token of the dateline opening the paragraph of a reporting verb that comes after it: the
    parser often makes the place the verb's subject ('LONDON (Reuters) - Ann Lee said')."""
    start = paragraph_bounds(art, verb.idx)[0]
    found = _DATELINE.match(art.text, start)
    return found is not None and token.idx < found.end() <= verb.idx


def _clause_by(art: Article, verb: Token) -> Token | None:
    """The 'by' of a passive reporting verb that the parse hung on a word of its clause rather than
    on the verb ('were described as "outrageous" by the Commission'): a 'by' after the verb, outside
    quotes, reached from the verb through no other verb."""
    for token in verb.subtree:
        if token.i <= verb.i or token.lower_ != "by" or token.dep_ not in ("prep", "agent") or art.quoted[token.i]:
            continue
        head = token.head
        while head.i != verb.i and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.i == verb.i:
            return token
    return None


def _according_source(art: Article, clause: Token, before: int) -> Token | None:
    """The X of an 'according to X' attached to `clause` before token `before`."""
    for child in clause.children:
        if child.i < before and child.lower_ == ACCORDING_TO[0] and not art.quoted[child.i]:
            to = next((c for c in child.children if c.lower_ == ACCORDING_TO[1]), None)
            if to is None and child.i + 1 < len(art.tokens) and art.tokens[child.i + 1].lower_ == ACCORDING_TO[1]:
                to = art.tokens[child.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                return obj
    return None




def _nearby_name(art: Article, verb: Token) -> Token | None:
    """When the parse gives a reporting verb no subject (common right after a quote:
    '“...,” Ramos, 58, told AFP' / '“...,” said Ramos'), the nearest name or personal
    pronoun before it in its sentence and paragraph, else right after it, is the speaker."""
    sent = art.sents[art.sent_of[verb.i]]
    paragraph = art.paragraph_of(verb.idx)
    window = []
    for i in (*range(verb.i - 1, sent.start - 1, -1), *range(verb.i + 1, min(verb.i + 4, sent.end))):
        token = art.tokens[i]
        if i > verb.i and (art.quoted[i] or token.is_punct):
            break
        if art.quoted[i] or art.paragraph_of(token.idx) != paragraph:
            continue
        while token.dep_ == "compound" and token.head.i > token.i:
            token = token.head
        if i < verb.i and (token.dep_ in ("poss", "pobj", "dative")
                           or token.dep_ == "dobj" and (i < verb.i - 1 or art.person_at(token) is None)) \
                or i > verb.i and token.dep_ == "pobj":
            # 'his remarks', 'from Sverdlovsk Oblast', 'wrote on Twitter' are not speakers; a
            # name parsed as an object before the verb is ('screenwriter Cole Haddon wrote').
            continue
        if token.pos_ == "ADP":
            continue  # 'Of Carson, Levine said': a capitalized preposition is no name
        window.append(token)
    # People first: a date or place the NER missed is also a proper noun.
    for token in window:
        if art.person_at(token) is not None or token.lower_ in PERSON_PRONOUNS or token.lower_ in GROUP_PRONOUNS:
            return token
    return next((t for t in window if t.pos_ == "PROPN" and t.ent_type_ in SPEAKER_ENTITY_TYPES), None)




def cue_of(verb: Token) -> str:
    """The verb, its particle, and a medium phrase ('stated on Truth Social')."""
    words = [verb.text]
    for child in verb.rights:
        if child.dep_ == "prt":
            words.append(child.text)
        elif child.dep_ == "prep" and child.lower_ in ("in", "on", "via", "through") and any(
            t.lower_ in CUE_MEDIUM_WORDS for t in child.subtree
        ):
            words.append(doc_text(child.doc)[child.idx : child.right_edge.idx + len(child.right_edge)])
            break
    return " ".join(words)


def is_speech_verb(token: Token) -> bool:
    """A verb whose lemma is a reporting verb ('say', 'tell') or makes a reporting phrase with a
    child ('point out')."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    return lemma in SPEECH_VERBS or any((lemma, child.lower_) in SPEECH_PHRASES for child in token.children)


@dataclass(frozen=True)
class Attribution:
    """A cue and who it attributes the words to (speaker None when unresolved)."""
    speaker: Speaker | None
    cue: str | None
    position: int  # char offset of the cue (or of the speaker when there is no cue)
    reported_by: Speaker | None = None  # the outer source relaying the speaker's words


BY_POSITION = attrgetter("position")  # key for bisecting attributions, which are in text order


def according_to(art: Article, token: Token) -> Attribution | None:
    """'according to X' -> X."""
    according, to_word = ACCORDING_TO
    if token.lower_ != according:
        return None
    to = next((c for c in token.children if c.lower_ == to_word), None)
    if to is None and token.i + 1 < len(art.tokens) and art.tokens[token.i + 1].lower_ == to_word:
        to = art.tokens[token.i + 1]
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    return Attribution(resolve_speaker(art, obj), " ".join(ACCORDING_TO), token.idx)


def according_after(art: Article, attribution: Attribution | None) -> Attribution | None:
    """'"...," Grayson said, according to Frankel.' / 'According to the school's post, al
    Ashry said ...' / '..., the Orlando Sentinel reported.': the source that reports the
    statement is the outer attribution, the one the quote rests on."""
    if attribution is None or attribution.cue == " ".join(ACCORDING_TO):
        return attribution
    cue = art.token_at(attribution.position)
    sent = art.sents[art.sent_of[cue]]
    for i in range(sent.start, sent.end):
        token = art.tokens[i]
        if art.quoted[i] or i == cue:
            continue
        if token.lower_ == ACCORDING_TO[0]:
            found = according_to(art, token)
            if found is not None and found.speaker is not None:
                return _relayed(attribution, found)
    # '..., the Orlando Sentinel reported.': a report verb governing the cue's clause.
    verb = art.tokens[cue]
    for outer in verb.ancestors:
        if outer.lemma_.lower() == "report" and outer.pos_ == "VERB" and outer.i > cue and not art.quoted[outer.i]:
            found = attribution_at(art, outer)
            if found is not None and found.speaker is not None:
                return _relayed(attribution, found)
    return attribution


def _relayed(inner: Attribution, outer: Attribution) -> Attribution:
    """The speaker stays the person quoted; the outer source is who relays it (or the
    speaker, when the inner attribution names nobody)."""
    if inner.speaker is None:
        return outer
    if outer.speaker is not None and (outer.speaker.start, outer.speaker.end) == (inner.speaker.start,
                                                                                 inner.speaker.end):
        return inner  # the source the participle already rests on relays nothing more
    return replace(inner, reported_by=outer.speaker)


def verb_attribution(art: Article, verb: Token) -> Attribution | None:
    """A verb as the cue: its subject speaks (speaker None when the subject does not
    resolve); None when the verb has no subject."""
    subject = _subject_of(art, verb)
    if subject is None:
        return None
    speaker = resolve_speaker(art, subject)
    if verb.lemma_.lower() in INFERENCE_VERBS and (
            subject.lemma_.lower() in EVIDENCE_NOUNS
            or subject.head.i != verb.i and not is_speech_verb(subject.head)
            and (speaker is None or speaker.label != "PERSON")):
        # 'The letters were found in her attic, suggesting that ...', 'The figures suggest ...':
        # the writer's inference from a fact, nobody's statement ('Sanders said, suggesting
        # a few questions', 'Valls spoke out, suggesting ...' are still the person speaking).
        return None
    return Attribution(speaker, cue_of(verb), verb.idx)


def attribution_at(art: Article, token: Token) -> Attribution | None:
    """The attribution a token outside quotes carries: a reporting verb with a subject, or
    'according to X'; else None."""
    if art.quoted[token.i]:
        return None
    if is_speech_verb(token):
        return verb_attribution(art, token)
    return according_to(art, token)


def attribution_in(art: Article, start: int, end: int, last: bool) -> Attribution | None:
    """First (or last) reporting verb with a subject among the tokens of [start, end)."""
    tokens = art.tokens_in(start, end)
    for i in reversed(tokens) if last else tokens:
        token = art.tokens[i]
        found = attribution_at(art, token)
        if found is not None:
            return found
    return None


_MODALS = frozenset("will would should could can may might must shall".split())


def hypothetical(verb: Token) -> bool:
    """A reporting verb in a clause that says what someone should, will or is to say
    ('should condemn', 'to announce', 'would call'), or a gerund or participle complement
    without an auxiliary, not what was said."""
    if verb.dep_ not in ("ccomp", "xcomp", "advcl", "relcl"):
        return False
    if verb.tag_ == "VB":
        # A purpose clause ('took to Twitter to call Fields "delusional"') did say it.
        return any(c.dep_ == "aux" and (c.lower_ in _MODALS or c.tag_ == "TO" and verb.dep_ in ("ccomp", "xcomp"))
                   for c in verb.children)
    return verb.tag_ in ("VBG", "VBN") and verb.dep_ == "ccomp" and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def reported_by_fields(outer: Speaker | None) -> dict:
    """Quote fields naming `outer` as the relay of a statement ({} for None)."""
    if outer is None:
        return {}
    return {"reported_by": outer.name or outer.mention, "reported_by_mention": outer.mention,
            "reported_by_start": outer.start, "reported_by_end": outer.end,
            "reported_by_label": outer.label if outer.name else None}


def speech_events(art: Article) -> list[Attribution]:
    """Every reporting verb (or 'according to') with a speaker outside quotes, in order."""
    events = []
    for token in art.tokens:
        if art.quoted[token.i]:
            continue
        found = attribution_at(art, token)
        if found is not None and found.speaker is not None:
            events.append(found)
    return events
