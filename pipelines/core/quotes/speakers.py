"""Speakers: who a subject token stands for.

Entry points: `resolve_speaker(art, subject)` (a subject token -> `Speaker`: a named mention,
a pronoun resolved to the last fitting person or group, a role noun resolved to the person
holding it, a document resolved to who issued it, or an unnamed group kept as written) and
`can_speak` (a person, a body or a role that speaks). The cue and its subject are found in
`attribution.py`.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from pipelines.core.entities import COMPANY_DESIGNATORS, ROLE_NOUNS, TITLE_WORDS, Mention, mention_at
from pipelines.core.quotes.article import (SPEAKER_ENTITY_TYPES, Article, Speaker, reported_inline,
                                           whole_sentence_start)
from pipelines.core.quotes.roles import appositive_name, name_after_portfolio, person_just_named
from pipelines.core.speech_verbs import (
    DOCUMENT_NOUNS,
    GROUP_PRONOUNS,
    INDEFINITE_SPEAKERS,
    NON_SPEAKER_NOUNS,
    ONE_PERSON_NOUNS,
    ORG_NOUNS,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    SPEECH_VERBS,
)

_NP_LEFT = ("compound", "amod", "nmod", "poss", "nummod", "det", "case", "quantmod", "npadvmod")

# Entity labels of places: a place speaks through its government ('Russia said'), but a longer
# name that starts with a place's is something else.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _main_subjects_before(art: Article, pronoun: Token, reach: int = 1):
    """Subjects of main clauses (not of what they report) before `pronoun`, nearest first, in its
    sentence and the `reach` before; a subject that is the same pronoun again ('The spokesman said
    ... He said ... He said') reaches one sentence further back, up to three times."""
    sentence = own = art.sent_of[pronoun.i]
    hops = 0
    i = pronoun.i - 1
    while i >= art.sents[whole_sentence_start(art, max(0, sentence - reach))].start:
        token = art.tokens[i]
        # In the pronoun's own sentence an adverbial clause before it counts ('Although Putin
        # called it ..., he signaled'); further back only main clauses do.
        main = ("ROOT", "conj", "advcl") if art.sent_of[i] == own else ("ROOT", "conj")
        if token.dep_ in ("nsubj", "nsubjpass") and not art.quoted[i] and token.head.dep_ in main \
                and not reported_inline(token.head):
            if token.lower_ == pronoun.lower_:
                if hops < 3:
                    sentence, hops = art.sent_of[i], hops + 1
            else:
                yield token
        i -= 1


def _unnamed_role_before(art: Article, pronoun: Token) -> str | Mention | None:
    """The unnamed person a 'he'/'she' continues: when the nearest subject before the pronoun
    (in its sentence or the one before) is a role noun naming nobody ('A Home Office spokesman
    said ... He added'), that role as written; the person that role stands for when it is the
    one person named just before ('Tony Blair says ... The prime minister said ... He told');
    else None (the pronoun is a named person's)."""
    passed = None
    for token in _main_subjects_before(art, pronoun, reach=2):
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or token.tag_ != "NN" or lemma not in ROLE_NOUNS and not (
                lemma in ONE_PERSON_NOUNS and any(c.dep_ == "det" and c.lower_ in ("a", "an", "another")
                                                  for c in token.children)):
            # 'A foreign banker said ... He said': an unnamed person too; 'the scientist' is
            # someone the article has named
            if passed is None and _writers_own(art, token, pronoun) or art.sent_of[token.i] == passed:
                # 'The official said ... The facility is financed at ... He said': one sentence
                # of the writer's own about a thing does not end the official's turn
                passed = art.sent_of[token.i]
                continue
            return None
        if any(art.person_at(c) is not None for c in token.children if c.dep_ in ("appos", "compound")):
            return None  # 'his aide Yury Ushakov': a named person, not an unnamed role
        modifiers = {t.lower_ for t in token.lefts if t.dep_ in ("compound", "amod")}
        holder = art.person_with_role(token, modifiers)
        if holder is not None and modifiers and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            # 'Home Secretary Ann Lee ... The home secretary said ... He said': the role's holder goes
            # on (a bare 'the senator' may be any of the article's senators)
            return holder
        if holder is not None:
            return None
        holder = person_just_named(art, token)
        holders = art.person_titles.get(token.lemma_.lower()) or []
        if holder is not None and (not holders or holder in holders):
            return holder
        start, end = _noun_phrase(token)
        return re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I)
    return None


def _writers_own(art: Article, subject: Token, pronoun: Token) -> bool:
    """A thing as the subject of a sentence before the pronoun's that says nothing ('The facility
    is financed at ...'), with nobody named in it, while the pronoun says something."""
    if art.sent_of[subject.i] == art.sent_of[pronoun.i] or pronoun.head.lemma_.lower() not in SPEECH_VERBS:
        return False
    if subject.pos_ == "PRON" and subject.lower_ not in ("it", "this", "that", "which"):
        return False
    if subject.pos_ not in ("NOUN", "PRON") or subject.lemma_.lower() in ROLE_NOUNS | PEOPLE_NOUNS \
            or subject.lemma_.lower() in ORG_NOUNS or subject.head.lemma_.lower() in SPEECH_VERBS:
        return False
    sent = art.sents[art.sent_of[subject.i]]
    return not any(art.person_at(t) is not None or t.lower_ in PERSON_PRONOUNS for t in sent)


def _what_it_says(art: Article, pronoun: Token) -> tuple[int, int]:
    """Char span of what a pronoun that speaks says before it in its sentence: the clause an
    inline attribution sets itself in ('Y would have a hard time, he said') or the verb's
    content clause before it, when no quote marks are in it; else (0, 0). Nobody named there is
    the pronoun."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or verb.lemma_.lower() not in SPEECH_VERBS:
        return (0, 0)
    if verb.dep_ == "parataxis" and verb.head.i < verb.i:
        content = verb.head
        start = content.left_edge
    else:
        content = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < pronoun.i), None)
        if content is None:
            return (0, 0)
        start = content.left_edge
    if any(art.quoted[i] for i in range(start.i, pronoun.i)):
        return (0, 0)  # a quote's own people are passed over already; the rest is the lead-in's
    if any(art.tokens[i].lemma_.lower() in SPEECH_VERBS and any(c.dep_ == "nsubj" for c in art.tokens[i].children)
           for i in range(start.i, pronoun.i)):
        return (0, 0)  # 'X acknowledged Y had won, which, he said, ...': X's own attribution is in it
    return start.idx, pronoun.idx


def _according_to_before(art: Article, pronoun: Token) -> Mention | None:
    """'According to X, President of Y, work will begin in May. He added that ...': a 'he'/'she'
    saying something right after a sentence whose source is an 'according to' person continues
    that source, when no person is the subject of a clause between them; else None."""
    if pronoun.head.lemma_.lower() not in SPEECH_VERBS or pronoun.dep_ != "nsubj":
        return None
    own = art.sent_of[pronoun.i]
    first = art.sents[whole_sentence_start(art, max(0, own - 1))].start
    for i in range(pronoun.i - 1, first - 1, -1):
        token = art.tokens[i]
        if token.dep_ in ("nsubj", "nsubjpass") and not art.quoted[i] and (
                art.person_at(token) is not None or token.lower_ in PERSON_PRONOUNS):
            return None  # a person spoke or acted since
        if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according" \
                and not art.quoted[i]:
            person = art.person_at(token)
            return person if person is not None and art.fits_pronoun(person, pronoun.lower_) else None
    return None


def _organisation_before(art: Article, pronoun: Token) -> Speaker | None:
    """What an 'it' that speaks continues: the nearest main-clause subject before it, up to three
    sentences back, that is an organization ('The Gabelli group said ... It said', 'Acme Inc said
    ... it said') or whose organization it names ("Acme's net income fell. It blamed ...", 'the
    statistics office, Eurostat, said'); people
    and things that do not speak ('The cuts will be made ...') are passed over. None when a
    document that names no organization comes first, or nothing fits."""
    # An 'it' in a relative clause ('a verse where it states') is about its own sentence.
    reach = 1 if pronoun.head.dep_ == "relcl" else 3
    for token in _main_subjects_before(art, pronoun, reach=reach):
        mention = mention_at(art.mentions, token.idx, token.idx + len(token))
        if mention is None and token.pos_ in ("NOUN", "PROPN"):
            # "Acme's net income fell": Acme; 'the statistics office, Eurostat, said': Eurostat
            named = (mention_at(art.mentions, c.idx, c.idx + len(c)) for c in token.children
                     if c.dep_ == "poss" or c.dep_ == "appos" and c.pos_ == "PROPN")
            mention = next((m for m in named if m is not None and m.label == "ORG"), None)
        if mention is not None and mention.label == "ORG":
            name = _full_firm_name(art, mention.canonical, mention.start_char) or mention.canonical
            return Speaker(name, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
        body = _one_word_body(art, token, mention) if token.pos_ == "PROPN" \
            and token.head.lemma_.lower() in SPEECH_VERBS else None
        if body is not None:
            # 'Skyline said ... It said': a one-word name that spoke and is nobody's name is a body,
            # whatever the NER made of it (an 'it' is no person).
            name = _full_firm_name(art, body, token.idx) or body
            return Speaker(name, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
        if mention is None and _is_document(token):
            # "the Embassy's report said ... It said": the report's issuer, when it is an organization
            author = _document_author(art, token)
            if author is not None and author.label == "ORG":
                return Speaker(author.name, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
            return None
        if mention is None and token.pos_ == "NOUN" and token.tag_ == "NN" and token.lemma_.lower() in ORG_NOUNS:
            start, end = _noun_phrase(token)
            group = re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I)
            return Speaker(group, None, pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), False)
        if reach == 1 or token.pos_ == "PROPN" and not (
                mention is not None and mention.label == "PERSON" and " " in mention.canonical):
            return None  # another name ('The US has asked ...', a name the NER missed): not guessed past it
    return None


def _one_word_body(art: Article, token: Token, mention: Mention | None) -> str | None:
    """A one-word proper name ('Skyline', 'Winn-Dixie') that is no person's: no place, and not the
    surname of a person the article names in full; None for any other."""
    first = min((c.left_edge for c in token.lefts if c.dep_ in ("compound", "punct")), key=lambda t: t.i,
                default=token)
    name = art.text[first.idx : token.idx + len(token)]
    if " " in name or token.text in art.surnames or name in art.surnames:
        return None
    if mention is not None and (mention.label in PLACE_LABELS or " " in mention.canonical):
        return None
    return name


def _full_firm_name(art: Article, short: str, before: int) -> str | None:
    """The full name of a firm used before offset `before` that `short` starts ('Mark IV' of 'Mark
    IV Industries Inc'); None when there is none."""
    for m in art.mentions:
        if m.start_char >= before:
            break
        words = m.canonical.split()
        if m.label == "ORG" and len(words) > len(short.split()) and m.canonical.startswith(short + " ") \
                and words[-1].lower().rstrip(".") in COMPANY_DESIGNATORS:
            return m.canonical
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
    doc = head.doc
    dash = next((i for i in range(head.i - 1, start_token.i - 1, -1) if doc[i].text in _DASHES
                 and doc[i].whitespace_ and i > 0 and doc[i - 1].whitespace_), None)  # not '43-year-old'
    if dash is not None and not any(t.ent_type_ == "PERSON" for t in doc[start_token.i : dash]):
        # 'WASHINGTON - Members of the caucus said': a dateline or heading is no part of the speaker
        # (but in 'Ann Lee - his co-host - said' the name is)
        start_token = doc[dash + 1]
    while end_token.is_space and end_token.i > start_token.i:
        end_token = doc[end_token.i - 1]  # a paragraph break hangs off the phrase's last word
    return start_token.idx, end_token.idx + len(end_token)


_DASHES = frozenset({"-", "--", "–", "—"})


def resolve_speaker(art: Article, subject: Token) -> Speaker | None:
    """The speaker a subject token stands for: a named mention, a pronoun resolved to the last
    fitting person or group, a role noun ('the Kremlin spokesman') resolved to the person
    introduced with that role, or an unnamed group ('officials') kept as written; None for
    tokens that cannot speak."""
    lower = subject.lower_
    token_span = (subject.idx, subject.idx + len(subject))
    if lower in PERSON_PRONOUNS:
        role = _unnamed_role_before(art, subject)
        if isinstance(role, Mention):
            return Speaker(role.canonical, role.label, subject.text, *token_span, resolved=True)
        if role is not None:  # 'A Home Office spokesman said ... He added': the spokesman, unnamed
            return Speaker(role, None, subject.text, *token_span, resolved=False)
        person = _according_to_before(art, subject) or art.person_before(subject.idx, lower, _what_it_says(art, subject))
        if person is None:
            return Speaker(None, None, subject.text, *token_span, resolved=False)
        return Speaker(person.canonical, person.label, subject.text, *token_span, resolved=True)
    if lower in ("they", "we", "it"):
        group = art.group_before(subject)
        if group is not None and (lower != "it" or group.label == "ORG"):
            named = bool(group.label)  # an unnamed group ('officials') has no entity label
            name = (_full_firm_name(art, group.canonical, group.start_char) if group.label == "ORG" else None) \
                or group.canonical
            return Speaker(name, group.label or None, subject.text, *token_span, resolved=named)
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
        named = next((m for c in subject.rights if c.dep_ == "appos" and (m := art.person_at(c)) is not None), None)
        if named is not None:  # 'one of the minister's deputies, Ann Ruiz, told': the name speaks
            return Speaker.named(named)
        # 'Someone called it a "quiet revolution"', 'About four in 10 said they were "angry"'
        np_start, np_end = _noun_phrase(subject)
        return Speaker(None, None, art.text[np_start:np_end], np_start, np_end, resolved=False)
    if subject.pos_ == "PRON" or not subject.is_alpha and not any(ch.isalpha() for ch in subject.text):
        return None
    firm = _firm_name(art, subject)
    if firm is not None:
        return firm
    holder = art.holder_named_in(subject)
    if holder is not None:
        return Speaker.named(holder)
    mention = mention_at(art.mentions, *token_span) or art.person_at(subject)
    if mention is not None:  # (the NER may tag the firm as anything)
        officer = _officer_before(art, mention)
        if officer is not None:
            return Speaker.named(officer)
    if mention is None:  # 'his aide Yury Ushakov', 'the company's founder, Bill Gates'
        named = (c for c in subject.children if c.dep_ in ("appos", "compound") and c.i > subject.i)
        mention = next((m for c in named if (m := art.person_at(c)) is not None), None)
    if mention is None and subject.lemma_.lower() in ROLE_NOUNS:
        holder = appositive_name(art, subject) or name_after_portfolio(art, subject)
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
        return _firm_named_before(art, subject, mention) or Speaker.named(mention)
    if mention is None:
        firm = _firm_named_before(art, subject, None)  # 'Skyline said' after 'Skyline Gold Corp said'
        if firm is not None:
            return firm
    if subject.lemma_.lower() in NON_SPEAKER_NOUNS:
        return None  # 'her death certificate said': a record, not a source
    if _is_document(subject):
        author = _document_author(art, subject)
        if author is not None:
            return author  # 'a report by the IFS concluded': the IFS concludes
        author = _earlier_document_author(art, subject)
        if author is not None:  # '... a report by the IFS. ... the report concluded': the IFS, as 'the report'
            start, end = _noun_phrase(subject)
            return Speaker(author.name, author.label, art.text[start:end], start, end, True)
        # Else no speaker: a document is none, and the article names nobody who issued it. The
        # document's words stay the speaker mention (the source the text gives: PolNeAR annotates
        # documents as sources), so the quote does not fall to another clause's subject either.
        start, end = _noun_phrase(subject)
        return Speaker(None, None, art.text[start:end], start, end, False)
    np_start, np_end = _noun_phrase(subject)
    np_text = art.text[np_start:np_end]
    if subject.tag_ == "NN" and (subject.is_lower or subject.lower_ in TITLE_WORDS):
        modifiers = {t.lower_ for t in subject.lefts if t.dep_ in ("compound", "amod")}
        # 'the president of the Commission': the institution names the role as much as a
        # modifier before the noun does.
        institution = {t.lower_ for of in subject.rights if of.dep_ == "prep" and of.lower_ == "of"
                       for t in of.subtree if t.pos_ in ("PROPN", "NOUN", "ADJ")}
        person = art.person_with_role(subject, modifiers, institution)
        if person is None:
            # Nobody else introduced with the role, or the one named just before holds it himself.
            person = person_just_named(art, subject)
            holders = art.person_titles.get(subject.lemma_.lower()) or []
            titles = {w for w, ms in art.person_titles.items() if person in ms} if person is not None else set()
            if person is not None and holders and (person not in holders or institution and not titles & institution):
                person = None  # another holder, or the role of another institution ('president of the Senate')
        if person is not None:
            return Speaker(person.canonical, person.label, np_text, np_start, np_end, True)
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
    if any(m.label == "PERSON" and " " in m.canonical for m in art.mentions if start <= m.start_char < end):
        return None
    whole = mention_at(art.mentions, start, end)
    if whole is not None and (whole.start_char, whole.end_char) == (start, end):
        return None  # the NER has the whole name already
    name = art.text[start:end]
    return Speaker(name, "ORG", name, start, end, True)


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
    name = _full_firm_name(art, short, start)
    return Speaker(name, "ORG", short, start, end, True) if name is not None else None


# Verbs of issuing a document ('a survey published by X'): their agent is its author.
_ISSUED_BY = ("by", "from")
# Documents a publication prints ('a report in the Daily Courier'): the publication speaks.
_PUBLISHED_IN = frozenset(("report", "survey", "poll", "review", "analysis"))
# Verbs whose subject issues their object ('Acme filed a suit', 'the ministry issued a statement').
_ISSUING_VERBS = frozenset("issue release publish file produce commission write submit send launch bring".split())


def _is_document(token: Token) -> bool:
    """A noun for a document ('the report', 'a paper'); not one that in the plural names bodies
    that speak ('the papers said': the press, an organization noun too)."""
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and lemma in DOCUMENT_NOUNS and not (token.tag_ == "NNS" and lemma in ORG_NOUNS)


def _named_possessor(art: Article, body: Token) -> Speaker | None:
    """The named person or organization whose body a noun is ("Governor X's office": X; "the
    Harbour Board's press office": the Harbour Board); None for a pronoun or a common noun."""
    owner = next((c for c in body.children if c.dep_ == "poss" and c.pos_ == "PROPN" and not art.quoted[c.i]), None)
    if owner is None:
        return None
    mention = art.mention_of(owner)
    if mention is None or mention.label not in SPEAKER_ENTITY_TYPES:
        return None
    return Speaker.named(mention)


def _document_author(art: Article, document: Token) -> Speaker | None:
    """Who issued a document: its possessor ("the Embassy's report"), a 'by'/'from' phrase ('a
    report by X', 'a report from analysts Gartner', 'a survey published by X'), or a name before
    it ('the Pew report'); a body among them stands for its named possessor ("from X's office": X)
    or as written ("the campaign's statement": campaign); None when the sentence names nobody that
    can speak."""
    candidates = [c for c in document.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    for child in document.children:
        if child.dep_ == "prep" and child.lower_ in _ISSUED_BY:
            candidates += [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "prep" and child.lower_ == "in" and document.lemma_.lower() in _PUBLISHED_IN:
            publication = _publication(art, child)
            if publication is not None:
                return publication
        elif child.dep_ == "acl":
            candidates += [o for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    candidates += [c for c in document.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
    for token in candidates:
        if art.quoted[token.i] or any(c.dep_ == "conj" for c in token.children):
            continue  # 'Statements from the White House and the Kremlin': no one issuer
        # 'analysts Gartner': the name a common noun introduces
        named = next((c for c in token.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"
                      and c.i > token.i), None) if token.pos_ == "NOUN" else None
        mention = art.mention_of(token)
        if mention is None and named is not None:
            mention = mention_at(art.mentions, named.idx, named.idx + len(named))
        if mention is not None and mention.label in SPEAKER_ENTITY_TYPES | PLACE_LABELS:
            return Speaker.named(mention)
        if mention is None and token.pos_ == "NOUN" and (
                token.lemma_.lower() in ORG_NOUNS or token.lemma_.lower() in ROLE_NOUNS):
            holder = _named_possessor(art, token) if token.lemma_.lower() in ORG_NOUNS else None
            if holder is not None:  # "a statement from X's office": X speaks through the office (not
                return holder       # through "X's inspector general": a role is a speaker of its own)
            start, end = _noun_phrase(token)
            return Speaker(re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I), None,
                           art.text[start:end], start, end, False)
    return None


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
        author = _document_author(art, token) or _possessor_of_own_work(art, token) or _issuer_by_verb(art, token)
        if author is not None or any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in token.children):
            return author
    return None


def _publication(art: Article, prep: Token) -> Speaker | None:
    """'a report in the Daily Courier': the named publication, a proper name the NER takes for a
    body or for nothing (not a place, a date: 'a report in Beijing', 'in March')."""
    name = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN" and not art.quoted[c.i]), None)
    if name is None:
        return None
    mention = mention_at(art.mentions, name.idx, name.idx + len(name))
    if mention is not None:
        return Speaker.named(mention) if mention.label == "ORG" else None
    first = name
    while first.i > 0 and art.tokens[first.i - 1].head.i == name.i and art.tokens[first.i - 1].pos_ == "PROPN" \
            and art.tokens[first.i - 1].dep_ == "compound":
        first = art.tokens[first.i - 1]
    start, end = first.idx, name.idx + len(name)
    return Speaker(art.text[start:end], "ORG", art.text[start:end], start, end, True)


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


def _possessor_of_own_work(art: Article, document: Token) -> Speaker | None:
    """'In his new book, X suggests': the subject of the clause a document with a possessive
    pronoun hangs on, when it is a named person ('his', 'her') or organization ('its', 'their');
    with the subject misparsed ('In his book, Title, X, a lawyer, suggests' makes X a conjunct of
    the title), the first such name between the document and the clause's verb."""
    owner = next((c.lower_ for c in document.children if c.dep_ == "poss"), None)
    label = "PERSON" if owner in ("his", "her") else "ORG" if owner in ("its", "their") else None
    if label is None:
        return None
    clause = document
    while clause.dep_ in ("pobj", "prep", "appos", "dobj") and clause.head.i != clause.i:
        clause = clause.head
    subject = next((c for c in clause.children if c.dep_ == "nsubj" and c.i != document.i), None)
    if subject is not None:
        found = [art.mention_of(subject)]
    else:
        found = [m for m in art.mentions if document.idx < m.start_char < clause.idx and m.label == label]
    mention = found[0] if found else None
    if mention is None or mention.label != label or art.in_quote(mention.start_char):
        return None
    return Speaker.named(mention)


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
