"""Attribution: the cue (a reporting verb, 'according to') and its speaker.

Entry points: `speech_events(art)` (every reporting verb with a speaker outside quotes, in
text order), `attribution_at` / `attribution_in` (the attribution a token or a stretch of
text carries), `resolve_speaker` (a subject token -> `Speaker`, pronouns and roles
resolved), `according_after` (the outer source relaying a statement), `hypothetical`,
`reported_by_fields`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from operator import attrgetter

from spacy.tokens import Token

from pipelines.core.doc_cache import doc_text
from pipelines.core.entities import ROLE_NOUNS, TITLE_WORDS, Mention, mention_at
from pipelines.core.quotes.article import Article, Speaker
from pipelines.core.speech_verbs import (
    ACCORDING_TO,
    CUE_MEDIUM_WORDS,
    DOCUMENT_NOUNS,
    GROUP_PRONOUNS,
    EVIDENCE_NOUNS,
    INDEFINITE_SPEAKERS,
    INFERENCE_VERBS,
    NON_SPEAKER_NOUNS,
    ORG_NOUNS,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    SPEECH_PHRASES,
    SPEECH_VERBS,
)

_NP_LEFT = ("compound", "amod", "nmod", "poss", "nummod", "det", "case", "quantmod", "npadvmod")


# A legislator's party and state after the name: '(R-OH)', '(D-Vt.)'.
_PARTY_STATE = re.compile(r"\([RDI]-[A-Z][A-Za-z.]{1,5}\)")


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
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if art.paragraph_of(child.idx) != paragraph:
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
        if verb is reporting_verb:
            # '"Meh," wrote a Trump supporter': with the quote parsed as the subject,
            # the speaker after the verb is parsed as its object.
            before = next((t for t in reversed(art.tokens[: verb.i]) if not t.is_punct and not t.is_space), None)
            if before is not None and art.quoted[before.i] and any(
                    c.dep_ == "nsubj" and art.quoted[c.i] for c in verb.children):
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
        # '..., according to spokesman Paul Tanner, adding that ...': the participle continues
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


# Entity labels of places: a place speaks through its government ('Russia said'), but a longer
# name that starts with a place's is something else.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Entity types that can speak; '' keeps names the NER missed.
SPEAKER_ENTITY_TYPES = frozenset({"", "PERSON", "ORG", "NORP"})


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


def _main_subjects_before(art: Article, pronoun: Token):
    """Subjects of main clauses (not of what they report) before `pronoun`, nearest first, in its
    sentence and the one before; a subject that is the same pronoun again ('The spokesman said
    ... He said ... He said') reaches one sentence further back, up to three times."""
    sentence, reach = art.sent_of[pronoun.i], 1
    own = art.sent_of[pronoun.i]
    i = pronoun.i - 1
    while i >= art.sents[_whole_sentence_start(art, max(0, sentence - reach))].start:
        token = art.tokens[i]
        # In the pronoun's own sentence an adverbial clause before it counts ('Although Putin
        # called it ..., he signaled'); further back only main clauses do.
        main = ("ROOT", "conj", "advcl") if art.sent_of[i] == own else ("ROOT", "conj")
        if token.dep_ in ("nsubj", "nsubjpass") and not art.quoted[i] and token.head.dep_ in main:
            if token.lower_ == pronoun.lower_:
                if reach < 4:
                    sentence, reach = art.sent_of[i], 1
            else:
                yield token
        i -= 1


_SENTENCE_END = re.compile(r"""[.!?;:]["'”’)]*\s*$""")


def _whole_sentence_start(art: Article, k: int) -> int:
    """Index of the sentence that sentence `k` continues when the parser split one sentence in
    two ('... of the assets of Growers' / 'Distributing International Corp, ..., for an
    undisclosed amount.'): back over sentences that do not end a sentence, up to two."""
    for _ in range(2):
        if k == 0 or _SENTENCE_END.search(art.sents[k - 1].text):
            break
        k -= 1
    return k


def _unnamed_role_before(art: Article, pronoun: Token) -> str | None:
    """The unnamed person a 'he'/'she' continues: when the nearest subject before the pronoun
    (in its sentence or the one before) is a role noun naming nobody ('A Home Office spokesman
    said ... He added'), that role as written; else None (the pronoun is a named person's)."""
    for token in _main_subjects_before(art, pronoun):
        if token.pos_ != "NOUN" or token.tag_ != "NN" or token.lemma_.lower() not in ROLE_NOUNS:
            return None
        if any(art.person_at(c) is not None for c in token.children if c.dep_ in ("appos", "compound")) \
                or art.person_with_role(token, {t.lower_ for t in token.lefts if t.dep_ in ("compound", "amod")}):
            return None  # 'his aide Yury Ushakov': a named person, not an unnamed role
        start, end = _noun_phrase(token)
        return re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I)
    return None


def _organisation_before(art: Article, pronoun: Token) -> Speaker | None:
    """What an 'it' that speaks continues: the nearest main-clause subject before it when that is
    an organization ('The Gabelli group said ... It said', 'Acme Inc said ... it said');
    else None."""
    for token in _main_subjects_before(art, pronoun):
        mention = mention_at(art.mentions, token.idx, token.idx + len(token))
        if mention is not None and mention.label == "ORG":
            return Speaker(mention.canonical, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
        if mention is None and token.pos_ == "NOUN" and token.lemma_.lower() in DOCUMENT_NOUNS:
            # "the Embassy's report said ... It said": the report's issuer, when it is an organization
            author = _document_author(art, token)
            if author is not None and author.label == "ORG":
                return Speaker(author.name, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
            return None
        if mention is None and token.pos_ == "NOUN" and token.tag_ == "NN" and token.lemma_.lower() in ORG_NOUNS:
            start, end = _noun_phrase(token)
            group = re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I)
            return Speaker(group, None, pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), False)
        return None
    return None


def _noun_phrase(head: Token) -> tuple[int, int]:
    """Char span of a speaker noun phrase: left modifiers + head (+ 'of'/'from' phrase)."""
    start_token, end_token = head, head
    for child in head.lefts:
        if child.dep_ in _NP_LEFT:
            start_token = min(start_token, child.left_edge, key=lambda t: t.i)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            end_token = max(end_token, child.right_edge, key=lambda t: t.i)
    return start_token.idx, end_token.idx + len(end_token)


def resolve_speaker(art: Article, subject: Token) -> Speaker | None:
    """The speaker a subject token stands for: a named mention, a pronoun resolved to the last
    fitting person or group, a role noun ('the Kremlin spokesman') resolved to the person
    introduced with that role, or an unnamed group ('officials') kept as written; None for
    tokens that cannot speak."""
    lower = subject.lower_
    token_span = (subject.idx, subject.idx + len(subject))
    if lower in PERSON_PRONOUNS:
        role = _unnamed_role_before(art, subject)
        if role is not None:  # 'A Home Office spokesman said ... He added': the spokesman, unnamed
            return Speaker(role, None, subject.text, *token_span, resolved=False)
        person = art.person_before(subject.idx, lower)
        if person is None:
            return Speaker(None, None, subject.text, *token_span, resolved=False)
        return Speaker(person.canonical, person.label, subject.text, *token_span, resolved=True)
    if lower in ("they", "we", "it"):
        group = art.group_before(subject)
        if group is not None and (lower != "it" or group.label == "ORG"):
            named = bool(group.label)  # an unnamed group ('officials') has no entity label
            return Speaker(group.canonical, group.label or None, subject.text, *token_span, resolved=named)
    if lower == "it":
        organisation = _organisation_before(art, subject)
        if organisation is not None:
            return organisation
    if lower in GROUP_PRONOUNS or lower == "it":
        return Speaker(None, None, subject.text, *token_span, resolved=False)
    if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        antecedent = resolve_speaker(art, subject.head.head)
        if antecedent is None:
            return None
        return Speaker(antecedent.name, antecedent.label, subject.text, *token_span, antecedent.resolved)
    if lower in INDEFINITE_SPEAKERS or subject.like_num or subject.pos_ == "NUM":
        # 'Someone called it a "quiet revolution"', 'About four in 10 said they were "angry"'
        np_start, np_end = _noun_phrase(subject)
        return Speaker(None, None, art.text[np_start:np_end], np_start, np_end, resolved=False)
    if subject.pos_ == "PRON" or not subject.is_alpha and not any(ch.isalpha() for ch in subject.text):
        return None
    mention = mention_at(art.mentions, *token_span) or art.person_at(subject)
    if mention is None:  # 'his aide Yury Ushakov', 'the company's founder, Bill Gates'
        named = (c for c in subject.children if c.dep_ in ("appos", "compound") and c.i > subject.i)
        mention = next((m for c in named if (m := art.person_at(c)) is not None), None)
    if mention is None and subject.lemma_.lower() in ROLE_NOUNS:
        holder = _appositive_name(art, subject)
        if holder is not None:
            return holder
    if mention is not None and mention.label in PLACE_LABELS:
        # 'France 2 reported': a name that only starts with a place's (a broadcaster, a
        # team) is not the place.
        longer = [c for c in subject.children if c.dep_ in ("nummod", "compound", "nmod") and c.i > subject.i
                  and c.idx >= mention.end_char and (c.pos_ in ("NUM", "PROPN"))]
        if longer:
            end = max(t.idx + len(t) for c in longer for t in c.subtree)
            name = art.text[mention.start_char:end]
            return Speaker(name, None, name, mention.start_char, end, resolved=False)
    if mention is not None and mention.label not in SPEAKER_ENTITY_TYPES | PLACE_LABELS:
        surname_of = art.surnames.get(subject.text)
        if surname_of is not None:  # a person's surname the NER took for a title ('Trump accused ...')
            return Speaker(surname_of, "PERSON", subject.text, *token_span, resolved=True)
    if mention is not None and mention.label != "NORP":
        return Speaker.named(mention)
    if subject.lemma_.lower() in NON_SPEAKER_NOUNS:
        return None  # 'her death certificate said': a record, not a source
    if subject.pos_ == "NOUN" and subject.lemma_.lower() in DOCUMENT_NOUNS:
        author = _document_author(art, subject)
        if author is not None:
            return author  # 'a report by the IFS concluded': the IFS concludes
        # Else the document stays the speaker, as written and unresolved: it is the source the
        # sentence gives (dropping it lost right speakers on PolNeAR dev, which annotates
        # documents as sources, and let the quote fall to another clause's subject).
    np_start, np_end = _noun_phrase(subject)
    np_text = art.text[np_start:np_end]
    if subject.tag_ == "NN" and (subject.is_lower or subject.lower_ in TITLE_WORDS):
        modifiers = {t.lower_ for t in subject.lefts if t.dep_ in ("compound", "amod")}
        # 'the president of the Commission': the institution names the role as much as a
        # modifier before the noun does.
        institution = {t.lower_ for of in subject.rights if of.dep_ == "prep" and of.lower_ == "of"
                       for t in of.subtree if t.pos_ in ("PROPN", "NOUN", "ADJ")}
        person = art.person_with_role(subject, modifiers, institution)
        if person is None and not art.person_titles.get(subject.lemma_.lower()):
            person = _person_just_named(art, subject)
        if person is not None:
            return Speaker(person.canonical, person.label, np_text, np_start, np_end, True)
    group = re.sub(r"^(?:the|a|an|some|many|several)\s+", "", np_text, flags=re.I)
    return Speaker(group, None, np_text, np_start, np_end, resolved=False)


# Verbs of issuing a document ('a survey published by X'): their agent is its author.
_ISSUED_BY = ("by", "from")


def _document_author(art: Article, document: Token) -> Speaker | None:
    """Who issued a document: its possessor ("the Embassy's report"), a 'by'/'from' phrase ('a
    report by X', 'a report from analysts Gartner', 'a survey published by X'), or a name before
    it ('the Pew report'); None when the sentence names nobody that can speak."""
    candidates = [c for c in document.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    for child in document.children:
        if child.dep_ == "prep" and child.lower_ in _ISSUED_BY:
            candidates += [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "acl":
            candidates += [o for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    candidates += [c for c in document.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
    for token in candidates:
        if art.quoted[token.i] or any(c.dep_ == "conj" for c in token.children):
            continue  # 'Statements from the White House and the Kremlin': no one issuer
        # 'analysts Gartner': the name a common noun introduces
        named = next((c for c in token.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"
                      and c.i > token.i), None) if token.pos_ == "NOUN" else None
        mention = mention_at(art.mentions, token.idx, token.idx + len(token)) or art.person_at(token)
        if mention is None and named is not None:
            mention = mention_at(art.mentions, named.idx, named.idx + len(named))
        if mention is not None and mention.label in SPEAKER_ENTITY_TYPES | PLACE_LABELS:
            return Speaker.named(mention)
        if mention is None and token.pos_ == "NOUN" and (
                token.lemma_.lower() in ORG_NOUNS or token.lemma_.lower() in ROLE_NOUNS):
            start, end = _noun_phrase(token)
            return Speaker(re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I), None,
                           art.text[start:end], start, end, False)
    return None


def _person_just_named(art: Article, role: Token) -> Mention | None:
    """'... Mary Robinson has said. The former UN commissioner told ...': a definite role that
    opens its sentence, held by nobody the article introduces with it, is the one person named
    in the sentence before, when that sentence names exactly one person, introduced with no role."""
    if role.lemma_.lower() not in ROLE_NOUNS or role.dep_ not in ("nsubj", "nsubjpass") or not any(
            c.lower_ == "the" for c in role.lefts) or role.left_edge.i != art.sents[art.sent_of[role.i]].start:
        return None
    k = _whole_sentence_start(art, art.sent_of[role.i] - 1) if art.sent_of[role.i] > 0 else None
    if k is None:
        return None
    start, end = art.sents[k].start_char, art.sents[art.sent_of[role.i] - 1].end_char
    people = {m.canonical: m for m in art.mentions if m.label == "PERSON" and start <= m.start_char < end
              and not art.quoted[art.token_at(m.start_char)]}
    if len(people) != 1:
        return None
    (person,) = people.values()
    if any(person in holders for holders in art.person_titles.values()):
        return None  # introduced with another role: 'the minister' is not 'shadow minister X'
    return person


def _appositive_name(art: Article, role: Token) -> Speaker | None:
    """'The chairman of the Bar Council, Guy Mansfield QC warned': the name the parser made a
    second subject of the role's verb, right after the role phrase and a comma, holds the role.
    A name tagged as something else is still a person: a role is held by one."""
    names = [c for c in role.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > role.right_edge.i
             and c.pos_ == "PROPN" and not art.quoted[c.i]]
    if not names:
        return None
    name = names[0]
    between = art.text[role.right_edge.idx + len(role.right_edge) : name.left_edge.idx]
    if between.strip() != ",":
        return None
    mention = mention_at(art.mentions, name.idx, name.idx + len(name)) or art.person_at(name)
    start, end = (mention.start_char, mention.end_char) if mention is not None else (
        name.left_edge.idx, name.idx + len(name))
    canonical = mention.canonical if mention is not None else art.text[start:end]
    return Speaker(canonical, "PERSON", art.text[start:end], start, end, True)


def can_speak(speaker: Speaker, subject: Token) -> bool:
    """A speaker that is a person, a body or a role that speaks: a named person, organization or
    group, a personal pronoun resolved to one, or a role noun ('the minister', 'officials')."""
    if speaker.label in ("PERSON", "ORG", "NORP"):
        return True
    if speaker.mention.lower() in PERSON_PRONOUNS:
        return speaker.resolved
    lemma = subject.lemma_.lower()
    return speaker.label is None and (lemma in ROLE_NOUNS or lemma in PEOPLE_NOUNS or lemma in GROUP_PRONOUNS
                                      or lemma in INDEFINITE_SPEAKERS)


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
