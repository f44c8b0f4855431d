"""Speakers: who a subject token stands for.

Entry points: `resolve_speaker(art, subject)` (a subject token -> `Speaker`: a named mention,
a pronoun resolved to the last fitting person or group, a role noun resolved to the person
holding it, a document resolved to who issued it, or an unnamed group kept as written) and
`can_speak` (a person, a body or a role that speaks). The cue and its subject are found in
`attribution.py`; whom a pronoun continues in `antecedents.py`; documents in `documents.py`.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from pipelines.core.entities import COMPANY_DESIGNATORS, ROLE_NOUNS, TITLE_WORDS, Mention, mention_at
from pipelines.core.quotes.antecedents import (according_to_before, body_named_before, firm_before, firms_before,
                                               full_firm_name, name_after_body_noun, organisation_before,
                                               organisation_named_before, unnamed_role_before, unnamed_role_earlier,
                                               what_it_says)
from pipelines.core.quotes.article import SPEAKER_ENTITY_TYPES, Article, Speaker
from pipelines.core.quotes.documents import (PLACE_LABELS, document_author, is_document, noun_phrase,
                                             possessor_of_own_work)
from pipelines.core.quotes.roles import (appositive_name, holder_named_after, lead_person, name_after_portfolio,
                                         nationality_person, person_described_before,
                                         person_just_named)
from pipelines.core.speech_verbs import (GROUP_PRONOUNS, INDEFINITE_SPEAKERS, NAMED_BODY_NOUNS, NON_SPEAKER_NOUNS, ORG_NOUNS,
                                         PEOPLE_NOUNS, PERSON_PRONOUNS)



def resolve_speaker(art: Article, subject: Token) -> Speaker | None:
    """The speaker a subject token stands for (`_resolve`), with a name that ends in a possessive
    kept whole ("Acme's said": a firm named after its founder, not 'Acme')."""
    speaker = _resolve(art, subject)
    if speaker is not None and speaker.label == "PERSON" and speaker.name in art.full_names:
        # 'Ann Kent' where the NER kept only 'Kent'
        speaker = Speaker(art.full_names[speaker.name], "PERSON", speaker.mention, speaker.start, speaker.end,
                          speaker.resolved)
    following = art.tokens[subject.i + 1] if subject.i + 1 < len(art.tokens) else None
    if speaker is None or speaker.name is None or following is None or following.tag_ != "POS" \
            or following.head.i != subject.i or subject.pos_ != "PROPN" \
            or subject.dep_ not in ("nsubj", "nsubjpass") or not speaker.name.endswith(subject.text) \
            or speaker.end != subject.idx + len(subject):
        return speaker
    end = following.idx + len(following)
    return Speaker(speaker.name + following.text, speaker.label, art.text[speaker.start:end], speaker.start, end,
                   speaker.resolved)


def _resolve(art: Article, subject: Token) -> Speaker | None:
    """The speaker a subject token stands for: a named mention, a pronoun resolved to the last
    fitting person or group, a role noun ('the Kremlin spokesman') resolved to the person
    introduced with that role, or an unnamed group ('officials') kept as written; None for
    tokens that cannot speak."""
    lower = subject.lower_
    token_span = (subject.idx, subject.idx + len(subject))
    if lower in PERSON_PRONOUNS:
        role = unnamed_role_before(art, subject)
        if isinstance(role, Mention):
            return Speaker(role.canonical, role.label, subject.text, *token_span, resolved=True)
        if role is not None:  # 'A Home Office spokesman said ... He added': the spokesman, unnamed
            return Speaker(role, None, subject.text, *token_span, resolved=False)
        person = according_to_before(art, subject) or art.person_before(subject.idx, lower, what_it_says(art, subject))
        if person is None:
            return Speaker(None, None, subject.text, *token_span, resolved=False)
        return Speaker(person.canonical, person.label, subject.text, *token_span, resolved=True)
    if lower in ("they", "we", "it"):
        group = art.group_before(subject)
        if group is not None and (lower != "it" or group.label == "ORG"):
            named = bool(group.label)  # an unnamed group ('officials') has no entity label
            name = (full_firm_name(art, group.canonical, group.start_char) if group.label == "ORG" else None) \
                or group.canonical
            return Speaker(name, group.label or None, subject.text, *token_span, resolved=named)
    if lower == "it":
        organisation = organisation_before(art, subject)
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
        named = next((m for c in subject.rights if c.dep_ == "appos" and (m := art.person_at(c)) is not None), None)
        if named is not None:  # 'one of the minister's deputies, Ann Ruiz, told': the name speaks
            return Speaker.named(named)
        # 'Someone called it a "quiet revolution"', 'About four in 10 said they were "angry"'
        np_start, np_end = noun_phrase(subject)
        return Speaker(None, None, art.text[np_start:np_end], np_start, np_end, resolved=False)
    if lower == "those" and any(c.dep_ in ("prep", "acl") for c in subject.rights) \
            and not any(c.dep_ == "relcl" for c in subject.rights):
        # 'say those behind the negotiations', 'those surveyed said': an unnamed group (not 'those
        # who said X', whose words are no name)
        start, end = subject.idx, subject.right_edge.idx + len(subject.right_edge)
        return Speaker(art.text[start:end], None, art.text[start:end], start, end, resolved=False)
    if subject.pos_ == "PRON" or not subject.is_alpha and not any(ch.isalpha() for ch in subject.text):
        return None
    firm = _firm_name(art, subject) or _name_before_designators(art, subject)
    if firm is not None:
        return firm
    holder = art.holder_named_in(subject)
    if holder is not None:
        return Speaker.named(holder)
    if nationality_person(subject):  # 'the Dutchman said' (which the NER may tag a body or a nation)
        person = person_described_before(art, subject)
        if person is not None:
            start, end = noun_phrase(subject)
            return Speaker(person.canonical, person.label, art.text[start:end], start, end, True)
    mention = mention_at(art.mentions, *token_span) or art.person_at(subject)
    if mention is not None:  # (the NER may tag the firm as anything)
        officer = _officer_before(art, mention)
        if officer is not None:
            return Speaker.named(officer)
    if mention is None:  # 'his aide Ivo Marek', 'the company's founder, Ana Ruiz'
        named = (c for c in subject.children if c.dep_ in ("appos", "compound") and c.i > subject.i)
        mention = next((m for c in named if (m := art.person_at(c)) is not None), None)
    if mention is None and subject.lemma_.lower() in ROLE_NOUNS:
        holder = appositive_name(art, subject) or name_after_portfolio(art, subject)
        if holder is not None:
            return holder
    if mention is not None and mention.label in PLACE_LABELS:
        # 'Norway 4 reported': a name that only starts with a place's (a broadcaster, a
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
        return _firm_named_before(art, subject, mention) or Speaker.named(mention)
    if mention is None:
        firm = _firm_named_before(art, subject, None)  # 'Skyline said' after 'Skyline Gold Corp said'
        if firm is not None:
            return firm
    if subject.lemma_.lower() in NON_SPEAKER_NOUNS:
        return None  # 'his birth certificate said': a record, not a source
    if is_document(subject):
        author = document_author(art, subject)
        if author is not None:
            return author  # 'a report by the IFS concluded': the IFS concludes
        author = _earlier_document_author(art, subject)
        if author is not None:  # '... a report by the IFS. ... the report concluded': the IFS, as 'the report'
            start, end = noun_phrase(subject)
            return Speaker(author.name, author.label, art.text[start:end], start, end, True)
        # Else no speaker: a document is none, and the article names nobody who issued it. The
        # document's words stay the speaker mention (the source the text gives: PolNeAR annotates
        # documents as sources), so the quote does not fall to another clause's subject either.
        start, end = noun_phrase(subject)
        return Speaker(None, None, art.text[start:end], start, end, False)
    np_start, np_end = noun_phrase(subject)
    np_text = art.text[np_start:np_end]
    named = name_after_body_noun(art, subject)
    if named is not None:  # 'said the online bank Acme': Acme
        return Speaker(named, "ORG", np_text, np_start, np_end, True)
    firm = firm_before(art, subject)
    if firm is not None:  # 'Acme Inc said ... the company said': Acme Inc, as 'the company'
        return Speaker(firm, "ORG", np_text, np_start, np_end, True)
    body = body_named_before(art, subject)
    if body is not None:  # 'the Farm Loans Agency said ... The agency said': that agency
        return Speaker(body, "ORG", np_text, np_start, np_end, True)
    firms = firms_before(art, subject)
    if firms is not None:  # 'Acme Inc and Beta Corp said ... The companies said': both, jointly
        return Speaker(firms, None, np_text, np_start, np_end, True)
    body = organisation_named_before(art, subject)
    if body is not None:  # 'Shares in Acme fell ... the firm said', 'A spokesman for X ... The party said'
        return Speaker(body, "ORG", np_text, np_start, np_end, True)
    if subject.tag_ == "NN" and (subject.is_lower or subject.lower_ in TITLE_WORDS) and not (
            subject.lemma_.lower() in NAMED_BODY_NOUNS and subject.lemma_.lower() not in ROLE_NOUNS):
        # (a body is no person: 'Party leader X ... The party says' is not X)
        modifiers = {t.lower_ for t in subject.lefts if t.dep_ in ("compound", "amod")}
        # 'the chair of the Authority': the institution names the role as much as a
        # modifier before the noun does.
        institution = {t.lower_ for of in subject.rights if of.dep_ == "prep" and of.lower_ == "of"
                       for t in of.subtree if t.pos_ in ("PROPN", "NOUN", "ADJ")}
        person = art.person_with_role(subject, modifiers, institution)
        earlier = unnamed_role_earlier(art, subject, person) if person is not None and not any(
            m.canonical == person.canonical and m.start_char < subject.idx for m in art.mentions) else None
        if earlier is not None:
            # 'A Home Office spokesman said ... The spokesman added ... But Ann Lee, spokesman for
            # a charity, said': the unnamed one who spoke before, not a holder named only after
            return Speaker(earlier, None, np_text, np_start, np_end, False)
        if person is None:
            # Nobody else introduced with the role, or the one named just before holds it himself.
            person = person_just_named(art, subject)
            holders = art.person_titles.get(subject.lemma_.lower()) or []
            titles = {w for w, ms in art.person_titles.items() if person in ms} if person is not None else set()
            if person is not None and holders and (person not in holders or institution and not titles & institution):
                person = None  # another holder, or the role of another institution ('president of the Senate')
        if person is not None:
            return Speaker(person.canonical, person.label, np_text, np_start, np_end, True)
    if subject.is_lower and not any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.rights):
        # (the parse may tag a lower-case role a proper noun)
        person = holder_named_after(art, subject)  # 'The lord chancellor hinted ... Lord X told'
        if person is not None:
            return Speaker(person.canonical, person.label, np_text, np_start, np_end, True)
    person = person_described_before(art, subject) or lead_person(art, subject)
    if person is not None:  # 'Sen. X said ... The Texas Republican told'; 'X has ... the first minister said'
        return Speaker(person.canonical, person.label, np_text, np_start, np_end, True)
    joint = [c for c in subject.children if c.dep_ == "conj" and c.pos_ == "NOUN" and c.tag_ == "NNS"
             and not art.quoted[c.i] and art.mention_of(c) is None]
    if subject.tag_ == "NNS" and joint and any(c.dep_ == "cc" and c.lower_ == "and" for c in subject.children):
        # 'Bankers and economists said': both groups speak, not the first alone
        last = joint[-1]
        np_end = max(np_end, noun_phrase(last)[1])
        np_text = art.text[np_start:np_end]
    group = re.sub(r"^(?:the|a|an|some|many|several)\s+", "", np_text, flags=re.I)
    return Speaker(group, None, np_text, np_start, np_end, resolved=False)


def _firm_name(art: Article, subject: Token) -> Speaker | None:
    """One firm named after two people or trades, with a possessive, an ampersand or a closing
    designator ('Hardy and Moore's Corp said', 'Baxter and Poole's said', 'Hardy & Moore said',
    'Dayton Gas and Water Co said'), which the NER cuts in two: the whole name speaks. Two named
    people ('Ann Lee and Tom Hale's lawyer') do not make one."""
    if subject.pos_ != "PROPN":
        return None
    # The name ends at its head (or the head's possessive), before an apposition ('Dayton Gas and
    # Water Co, a unit of X, said').
    left, right = subject.left_edge, subject.left_edge
    while right.i < subject.right_edge.i and (
            (following := art.tokens[right.i + 1]).pos_ == "PROPN" or following.tag_ == "POS"
            or following.lower_ in ("and", "&")):
        right = following
    if right.i < subject.i:
        return None
    span = art.tokens[left.i : right.i + 1]
    joiners = [t for t in span if t.lower_ in ("and", "&")]
    if len(joiners) != 1 or joiners[0] in (span[0], span[-1]) or not (
            joiners[0].text == "&" or any(t.tag_ == "POS" for t in span)
            or span[-1].lower_.rstrip(".") in COMPANY_DESIGNATORS or _initials_name(span, joiners[0])):
        return None
    if not all(t.pos_ == "PROPN" or t.tag_ == "POS" or t is joiners[0] for t in span) or any(art.quoted[t.i] for t in span):
        return None
    start, end = left.idx, right.idx + len(right)
    designated = all(t.lower_.rstrip(".") in COMPANY_DESIGNATORS for t in span[span.index(joiners[0]) + 1:])
    if not designated and any(m.label == "PERSON" and " " in m.canonical for m in art.mentions
                              if start <= m.start_char < end):
        return None  # ('Ann Lee and Tom Hale said'; but 'Ann Lee and Co Inc' is a firm)
    whole = mention_at(art.mentions, start, end)
    if whole is not None and (whole.start_char, whole.end_char) == (start, end):
        return None  # the NER has the whole name already
    name = art.text[start:end]
    return Speaker(name, "ORG", name, start, end, True)


def _name_before_designators(art: Article, subject: Token) -> Speaker | None:
    """'Acme Co Ltd said', where the NER kept only 'Co Ltd': a firm name the NER cut to its
    designators is the whole run of proper nouns before them in the subject's phrase."""
    mention = mention_at(art.mentions, subject.idx, subject.idx + len(subject))
    if subject.pos_ != "PROPN" or mention is None or mention.label != "ORG" \
            or not all(w.lower().rstrip(".") in COMPANY_DESIGNATORS for w in mention.text.split()):
        return None
    first = art.tokens[art.token_at(mention.start_char)]
    left = first
    while left.i > subject.left_edge.i and (before := art.tokens[left.i - 1]).pos_ == "PROPN" \
            and before.head.i == subject.i and not art.quoted[before.i]:
        left = before
    if left.i == first.i:
        return None
    name = art.text[left.idx:mention.end_char]
    return Speaker(name, "ORG", name, left.idx, mention.end_char, True)


# '..., chairman of ', '..., the chief executive of the ': a role of the organisation named next.
_ROLE_OF = re.compile(r",\s*(?:the\s+)?((?:[\w-]+\s+){0,3}?)([a-z]+)\s+(?:of|at)\s+(?:the\s+)?<?$")


def _officer_before(art: Article, organisation: Mention) -> Mention | None:
    """'Ann Lee, chairman of <Lee Oil Co>, called for ...', parsed with the firm as the subject (a
    mark or a wrapped line cut the sentence): the person whose role the firm names speaks."""
    line_start = art.text.rfind("\n", 0, organisation.start_char) + 1
    role = _ROLE_OF.search(art.text, line_start, organisation.start_char)
    if role is None or role.group(2) not in ROLE_NOUNS:
        return None
    return next((m for m in art.mentions if m.label == "PERSON" and m.end_char == role.start()
                 and not art.in_quote(m.start_char)), None)


def _initials_name(span, joiner: Token) -> bool:
    """'S and P', 'AT and T': capital initials joined by 'and', one of them a single letter, are
    one name (two bodies named by initials are rarely one letter: 'the EU and UN')."""
    words = [t for t in span if t is not joiner]
    return len(words) == 2 and all(t.is_upper and t.is_alpha and len(t) <= 2 and t.ent_type_ not in PLACE_LABELS
                                   for t in words) and min(len(t) for t in words) == 1


def _firm_named_before(art: Article, subject: Token, mention: Mention | None) -> Speaker | None:
    """'Mark IV Industries Inc said ... Mark IV said': a name (with the proper nouns the parse
    joins to it) that starts a firm's full name used earlier in the article is that firm, also
    when the NER tagged the short form as a person or cut it ('IV')."""
    if subject.pos_ != "PROPN":
        return None
    first = min((c.left_edge for c in subject.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"),
                key=lambda t: t.i, default=subject)
    start, end = first.idx, subject.idx + len(subject)
    if mention is not None:
        start, end = min(start, mention.start_char), max(end, mention.end_char)
    short = art.text[start:end]
    if " " not in short and mention is not None and mention.label == "PERSON" or art.quoted[first.i]:
        return None
    name = full_firm_name(art, short, start)
    return Speaker(name, "ORG", short, start, end, True) if name is not None else None



# Verbs whose subject issues their object ('Acme filed a suit', 'the ministry issued a statement').
_ISSUING_VERBS = frozenset("issue release publish file produce commission write submit send launch bring".split())


def _earlier_document_author(art: Article, document: Token) -> Speaker | None:
    """Who issued a definite document that names nobody in its sentence ('the report concluded',
    'The book ... says'): the issuer named where the article introduced that document, the nearest
    earlier one of the same noun ('a report by X', 'In his new book, X suggests'); None when that
    one names nobody or the article introduced another ('a new survey')."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in document.children):
        return None
    lemma = document.lemma_.lower()
    for i in range(document.i - 1, -1, -1):
        token = art.tokens[i]
        if token.lemma_.lower() != lemma or token.pos_ != "NOUN" or art.quoted[i]:
            continue
        author = document_author(art, token) or possessor_of_own_work(art, token) or _issuer_by_verb(art, token)
        if author is not None or any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in token.children):
            return author
    return None


def _issuer_by_verb(art: Article, document: Token) -> Speaker | None:
    """'Acme Inc said it filed a suit ... The suit says': the named person or organization (a
    pronoun resolved) that is the subject of the verb issuing the document; None for anyone else."""
    verb = document.head
    if document.dep_ != "dobj" or verb.lemma_.lower() not in _ISSUING_VERBS:
        return None
    while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # 'X met the board and issued a statement'
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or art.quoted[subject.i]:
        return None
    speaker = resolve_speaker(art, subject)
    if speaker is None or speaker.name is None:
        return None
    if speaker.resolved and speaker.label in SPEAKER_ENTITY_TYPES or subject.pos_ == "NOUN" and (
            subject.lemma_.lower() in ORG_NOUNS or subject.lemma_.lower() in ROLE_NOUNS):
        return speaker  # a named one, or a body or role as written ('the ministry issued a statement')
    return None


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
