"""Antecedents: whom a pronoun that speaks continues.

Entry points: `unnamed_role_before` (a 'he'/'she' after an unnamed role or a role whose holder was
just named), `according_to_before` (an 'according to' source just before), `what_it_says` (the
span of what a speaking pronoun says, whose people it is not), `organisation_before` (the body a
speaking 'it' continues) and `full_firm_name` (a short firm name's full form used earlier).
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from pipelines.core.entities import COMPANY_DESIGNATORS, ROLE_NOUNS, Mention, mention_at
from pipelines.core.quotes.article import Article, Speaker, reported_inline, whole_sentence_start
from pipelines.core.quotes.documents import PLACE_LABELS, document_author, is_document, noun_phrase
from pipelines.core.quotes.roles import person_just_named
from pipelines.core.speech_verbs import (FIRM_NAME_NOUNS, FIRM_NOUNS, NAMED_BODY_NOUNS, ONE_PERSON_NOUNS, ORG_NOUNS,
                                         PEOPLE_NOUNS, PERSON_PRONOUNS, SPEECH_VERBS)


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


def unnamed_role_before(art: Article, pronoun: Token) -> str | Mention | None:
    """The unnamed person a 'he'/'she' continues: when the nearest subject before the pronoun
    (in its sentence or the one before) is a role noun naming nobody ('A Home Office spokesman
    said ... He added'), that role as written; the person that role stands for when it is the
    one person named just before ('Ana Ruiz says ... The prime minister said ... He told');
    else None (the pronoun is a named person's)."""
    passed = None
    for token in _main_subjects_before(art, pronoun, reach=2):
        lemma = token.lemma_.lower()
        if _capitalised_role(art, token):
            # 'A U.S. Banker said': a role noun capitalised as in a headline, which the tagger takes
            # for a name; no person the NER named
            lemma = token.lower_
        elif token.pos_ != "NOUN" or token.tag_ != "NN":
            lemma = ""
        if lemma not in ROLE_NOUNS and not (
                lemma in ONE_PERSON_NOUNS and any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "another", "one")
                                                  for c in token.children)):
            # 'A foreign banker said ... He said', 'noted one dealer ... she added': an unnamed
            # person too; 'the scientist' is someone the article has named
            if passed is None and _writers_own(art, token, pronoun) or art.sent_of[token.i] == passed:
                # 'The official said ... The facility is financed at ... He said': one sentence
                # of the writer's own about a thing does not end the official's turn
                passed = art.sent_of[token.i]
                continue
            return None
        if any(art.person_at(c) is not None for c in token.children if c.dep_ in ("appos", "compound")):
            return None  # 'his aide Ivo Marek': a named person, not an unnamed role
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
        start, end = noun_phrase(token)
        return re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I)
    return None


def unnamed_role_earlier(art: Article, role: Token, holder: Mention) -> str | None:
    """The unnamed holder of a role an indefinite subject introduced ('A Home Office spokesman said
    ... The spokesman added', 'A spokesman for the ministry said'): that role as written, without
    its article, when `holder`, the one the article names with the role only after it, was named
    with another body ('Ann Lee, spokesman for a charity'); None when no such subject came before
    `role` (or is `role` itself), it names someone ('a spokesman for Senator X') or its body
    is not told apart from the holder's (a bare 'a spokesman', 'an Acme executive ... Ann Lee, an
    Acme vice-president': often the same person, named later)."""
    lemma = role.lemma_.lower()
    for i in range(role.i, -1, -1):
        token = art.tokens[i]
        if token.lemma_.lower() != lemma or token.pos_ != "NOUN" or art.quoted[i] \
                or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if any(art.person_at(t) is not None for c in token.children if c.dep_ != "det" for t in c.subtree):
            return None  # a named one, or a person's ('a spokesman for X')
        if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            continue  # 'the spokesman' again: the chain goes back to who introduced him
        own = {t.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod", "prep")
               for t in c.subtree if t.pos_ in ("PROPN", "NOUN", "ADJ")}
        theirs = {w for w, ms in art.person_titles.items() if any(m.canonical == holder.canonical for m in ms)}
        if not own or own & theirs:
            return None
        start, end = noun_phrase(token)
        return re.sub(r"^(?:a|an)\s+", "", art.text[start:end], flags=re.I)
    return None


def _capitalised_role(art: Article, token: Token) -> bool:
    """A singular role noun written with a capital in a headline style ('A U.S. Banker'), tagged
    as a name, that is no person's name."""
    return token.tag_ == "NNP" and token.is_title and not token.is_sent_start \
        and (token.lower_ in ROLE_NOUNS or token.lower_ in ONE_PERSON_NOUNS) and art.person_at(token) is None


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


def what_it_says(art: Article, pronoun: Token) -> tuple[int, int]:
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


def according_to_before(art: Article, pronoun: Token) -> Mention | None:
    """'According to X, President of Y, work will begin in May. He added that ...': a 'he'/'she'
    saying something right after a sentence whose source is an 'according to' person continues
    that source, and so does one after a person first named there as whom a view came from ('came
    from X, an analyst'), when no person is the subject of a clause between them; else None."""
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
        if token.dep_ == "pobj" and token.head.lower_ == "from" and not art.quoted[i] \
                and any(c.dep_ == "appos" for c in token.children):
            # 'A dissenting view came from Ann Lee, an analyst at Acme. She said': a person the
            # article introduces there, with what she is, as whom the view came from
            person = art.person_at(token)
            if person is not None and art.fits_pronoun(person, pronoun.lower_) and not any(
                    m.label == "PERSON" and m.canonical == person.canonical and m.start_char < person.start_char
                    for m in art.mentions):
                return person
    return None


def organisation_before(art: Article, pronoun: Token) -> Speaker | None:
    """What an 'it' that speaks continues: the nearest main-clause subject before it, up to three
    sentences back, that is an organization ('The Norland group said ... It said', 'Acme Inc said
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
            name = full_firm_name(art, mention.canonical, mention.start_char) or mention.canonical
            return Speaker(name, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
        body = _one_word_body(art, token, mention) if token.pos_ == "PROPN" \
            and token.head.lemma_.lower() in SPEECH_VERBS else None
        if body is not None:
            # 'Skyline said ... It said': a one-word name that spoke and is nobody's name is a body,
            # whatever the NER made of it (an 'it' is no person).
            name = full_firm_name(art, body, token.idx) or body
            return Speaker(name, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
        if mention is None and is_document(token):
            # "the Embassy's report said ... It said": the report's issuer, when it is an organization
            author = document_author(art, token)
            if author is not None and author.label == "ORG":
                return Speaker(author.name, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
            return None
        if mention is None and token.pos_ == "NOUN" and token.tag_ == "NN" and token.lemma_.lower() in ORG_NOUNS:
            firm = firm_before(art, token) or body_named_before(art, token)
            if firm is not None:  # 'Acme Inc said ... The company said ... It said': Acme Inc
                return Speaker(firm, "ORG", pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), True)
            start, end = noun_phrase(token)
            group = re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I)
            return Speaker(group, None, pronoun.text, pronoun.idx, pronoun.idx + len(pronoun), False)
        if reach == 1 or token.pos_ == "PROPN" and not (
                mention is not None and mention.label == "PERSON" and " " in mention.canonical):
            return None  # another name ('The US has asked ...', a name the NER missed): not guessed past it
    return None


def _one_word_body(art: Article, token: Token, mention: Mention | None) -> str | None:
    """A one-word proper name ('Skyline', 'Dale-Mart') that is no person's: no place, and not the
    surname of a person the article names in full; None for any other."""
    first = min((c.left_edge for c in token.lefts if c.dep_ in ("compound", "punct")), key=lambda t: t.i,
                default=token)
    name = art.text[first.idx : token.idx + len(token)]
    if " " in name or token.text in art.surnames or name in art.surnames:
        return None
    if mention is not None and (mention.label in PLACE_LABELS or " " in mention.canonical):
        return None
    return name


def full_firm_name(art: Article, short: str, before: int) -> str | None:
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



def _fits_firm(name: str, noun: str) -> bool:
    """An organisation a firm noun may stand for: its name holds no body noun of another kind
    ('Ministry of Trade', 'Labour Party', 'Coffee Board' are no company)."""
    words = {w.lower().strip(".,'’") for w in name.split()}
    if noun in FIRM_NOUNS:  # ('Acme Group Inc' is a company)
        return not (words & ORG_NOUNS) - FIRM_NOUNS - FIRM_NAME_NOUNS - {noun}
    return not (words & ORG_NOUNS) - {noun}


def _named_as_firm(token: Token) -> bool:
    """A name the article introduces with a firm noun ('copy protection firm Acme', 'Acme, the
    private firm which runs ...')."""
    return any(c.lemma_.lower() in FIRM_NOUNS and c.pos_ == "NOUN" for c in token.children
               if c.dep_ in ("appos", "compound")) or token.dep_ in ("appos", "compound") \
        and token.head.lemma_.lower() in FIRM_NOUNS and token.head.pos_ == "NOUN"


def _organisation_name(art: Article, token: Token, introduced: bool = False) -> str | None:
    """The organisation a proper-noun head names: its mention when that is an organisation, else
    its words (with the proper nouns before it) when the NER tagged them as no person, place or
    group ('Quillex said', a firm the NER missed or took for a product), or as a place when the text
    introduced it with a firm noun (`introduced`: 'Acme, the private firm which ...'); None for
    anyone else."""
    if art.quoted[token.i] or token.pos_ != "PROPN" or token.dep_ == "compound":
        return None
    mention = art.mention_of(token)
    if mention is not None:
        if mention.label == "ORG":
            return full_firm_name(art, mention.canonical, mention.start_char) or mention.canonical
        if mention.label in ("PERSON", "NORP") or mention.label in PLACE_LABELS and not introduced:
            return None
    first = min((c.left_edge for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"),
                key=lambda t: t.i, default=token)
    if any(t.ent_type_ in ("PERSON", "NORP") or t.ent_type_ in PLACE_LABELS and not introduced
           for t in art.tokens[first.i : token.i + 1]):
        return None
    name = art.text[first.idx : token.idx + len(token)]
    return full_firm_name(art, name, first.idx) or name


def firm_before(art: Article, noun: Token) -> str | None:
    """The organisation a bare definite firm noun ('the company said', 'said the firm', 'The firm
    promised') stands for: the nearest one that spoke ('Acme Inc said', 'Acme says', whatever the
    NER made of the name), else the nearest the article named with a firm noun ('copy protection
    firm Acme', 'Acme, the private firm which runs ...'), in the noun's sentence or the three
    before it, outside quotes and of a kind the noun fits. None for a noun with a name, possessor
    or 'of' phrase of its own ('the company's chairman', 'the Acme company') and when none fits:
    the firm may be one the story only mentioned, which a nearer speaker does not stand for."""
    lemma = noun.lemma_.lower()
    if lemma not in FIRM_NOUNS or noun.tag_ != "NN" or noun.pos_ != "NOUN" \
            or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in noun.children):
        return None
    if any(c.dep_ in ("poss", "compound", "nmod", "appos") or c.dep_ == "prep" and c.lower_ == "of"
           for c in noun.children):
        return None
    first = art.sents[max(0, art.sent_of[noun.i] - 3)].start
    # The nearest that spoke first: a firm merely described nearer ('a bid for Beta Corp, a maker of
    # ...') is not the one the story follows.
    for introduced in (False, True):
        for i in range(noun.i - 1, first - 1, -1):
            token = art.tokens[i]
            if token.dep_ not in ("nsubj", "nsubjpass") and not introduced:
                continue
            verb = token.head.lemma_.lower()
            # (a name that reported is a news outlet relaying someone: 'BFMTV reported')
            if not (_named_as_firm(token) if introduced else verb in SPEECH_VERBS and verb != "report"):
                continue
            name = _organisation_name(art, token, introduced)
            if name is not None and _fits_firm(name, lemma):
                return name
    return None


def firms_before(art: Article, noun: Token) -> str | None:
    """The organisations a definite plural firm noun ('The companies said') stands for: the nearest
    organisations before it that spoke together ('Acme Inc and Beta Corp said'), as one joint name
    ('Acme Inc and Beta Corp'); None when no such pair spoke."""
    lemma = noun.lemma_.lower()
    if lemma not in FIRM_NOUNS or noun.tag_ != "NNS" or noun.pos_ != "NOUN" \
            or not any(c.dep_ == "det" and c.lower_ in ("the", "both") for c in noun.children) \
            or any(c.dep_ in ("poss", "compound", "appos") for c in noun.children):
        return None
    for i in range(noun.i - 1, -1, -1):
        token = art.tokens[i]
        if token.dep_ != "nsubj" or token.head.lemma_.lower() not in SPEECH_VERBS:
            continue
        joined = [token, *(c for c in token.children if c.dep_ == "conj")]
        names = [_organisation_name(art, t) for t in joined]
        if len(names) > 1 and all(n is not None and _fits_firm(n, lemma) for n in names):
            return ", ".join(names[:-1]) + " and " + names[-1]
    return None


def body_named_before(art: Article, noun: Token) -> str | None:
    """'the Farm Loans Agency said ... The agency said': a bare definite body noun that is not a
    firm's ('the agency', 'the department', 'the ministry') is the nearest organisation whose name
    ends with that noun and that spoke (a reporting verb's subject, not 'reported': an outlet
    relays), in the noun's sentence or the three before it, outside quotes, or the one an earlier
    'the agency' that spoke there stands for; None otherwise."""
    lemma = noun.lemma_.lower()
    if lemma not in ORG_NOUNS or lemma in FIRM_NOUNS or noun.tag_ != "NN" \
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) \
            or any(c.dep_ in ("poss", "compound", "nmod", "amod", "appos") or c.dep_ == "prep" for c in noun.children):
        return None
    first = art.sents[max(0, art.sent_of[noun.i] - 3)].start
    for i in range(noun.i - 1, first - 1, -1):
        token = art.tokens[i]
        verb = token.head.lemma_.lower()
        if token.dep_ not in ("nsubj", "nsubjpass") or verb not in SPEECH_VERBS or verb == "report" \
                or art.quoted[i]:
            continue
        if token.lemma_.lower() == lemma and token.pos_ == "NOUN":
            return body_named_before(art, token)  # '... The agency said ... The agency added': one chain
        mention = art.mention_of(token)
        if mention is not None and mention.label not in ("PERSON", "NORP") \
                and mention.canonical.split()[-1].lower() == lemma:
            return mention.canonical
    return _one_body_of_kind(art, noun, lemma)


def _one_body_of_kind(art: Article, noun: Token, lemma: str) -> str | None:
    """'the official Acme Daily newspaper said ... (paragraphs) ... The newspaper said': the one
    body of that kind the article named before the noun, anywhere, outside quotes: a name that
    ends with the noun ('the Farm Loans Agency') or that the noun follows ('the Acme Daily
    newspaper'); None when it names none or several."""
    if lemma in FIRM_NAME_NOUNS:
        return None  # 'the group' is as often a group the text describes as a firm named 'X Group'
    names: dict[str, str] = {}
    for m in art.mentions:
        if m.start_char >= noun.idx:
            break
        if m.label in ("PERSON", "NORP") or art.in_quote(m.start_char):
            continue
        if m.canonical.split()[-1].lower() == lemma:
            names.setdefault(m.canonical.lower(), m.canonical)
            continue
        last = art.tokens[art.token_at(m.end_char - 1)]
        following = art.tokens[last.i + 1] if last.i + 1 < len(art.tokens) else None
        if following is not None and following.lemma_.lower() == lemma and following.pos_ == "NOUN" \
                and following.tag_ == "NN" and last.head.i == following.i:
            names.setdefault(m.canonical.lower(), f"{m.canonical} {following.text}")
    return next(iter(names.values())) if len(names) == 1 else None


def _bare_definite(noun: Token, nouns: frozenset[str]) -> bool:
    """'the party', 'The firm': a singular common noun of `nouns` with 'the' and no name,
    possessor, modifier phrase or 'of' phrase of its own."""
    return noun.lemma_.lower() in nouns and noun.tag_ == "NN" and noun.pos_ == "NOUN" \
        and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) \
        and not any(c.dep_ in ("poss", "compound", "nmod", "appos") or c.dep_ == "prep" and c.lower_ == "of"
                    for c in noun.children)


def _spoke_for(art: Article, last: Token) -> bool:
    """A name an officer spoke for: 'A spokesman for X said', 'the leader of X told'."""
    role = last.head.head if last.dep_ == "pobj" and last.head.lower_ in ("for", "of") else None
    return role is not None and role.lemma_.lower() in ROLE_NOUNS and role.dep_ in ("nsubj", "nsubjpass") \
        and role.head.lemma_.lower() in SPEECH_VERBS


def organisation_named_before(art: Article, noun: Token) -> str | None:
    """'Shares in Acme fell. The firm said', 'A spokesman for the Unity Movement said ... The
    party said': a bare definite firm noun that no speaker before it stands for is the nearest
    organisation the NER named in any role in the noun's sentence or the one before it; another
    body noun of NAMED_BODY_NOUNS ('the party', 'the union') is the nearest one whose officer spoke
    ('A spokesman for X said') in its sentence or the three before. Outside quotes, not a dateline's
    or a credit's ('(AP)', 'Facebook/Ann Lee'), not one with 'the' before it ('a pitchman for the
    Acme', a product) and whose name holds no body noun of another kind; None otherwise."""
    if not _bare_definite(noun, NAMED_BODY_NOUNS):
        return None
    lemma = noun.lemma_.lower()
    firm = lemma in FIRM_NOUNS
    first = art.tokens[art.sents[max(0, art.sent_of[noun.i] - (1 if firm else 3))].start].idx
    for m in reversed(art.mentions):
        if m.end_char > noun.idx or m.label != "ORG":
            continue
        if m.start_char < first:
            break
        head = art.tokens[art.token_at(m.start_char)]
        last = art.tokens[art.token_at(m.end_char - 1)]
        before = art.tokens[head.i - 1] if head.i else None
        if art.quoted[last.i] or "/" in m.canonical or before is not None and before.lower_ in ("(", "the") \
                or last.dep_ in ("nsubj", "nsubjpass") and last.head.lemma_.lower() == "report":
            continue  # (an outlet that reported relays someone else: 'the Gazette reported')
        if not firm and not _spoke_for(art, last):
            continue
        name = full_firm_name(art, m.canonical, m.start_char) or m.canonical
        if _fits_firm(name, lemma):
            return name
    return None


def name_after_body_noun(art: Article, noun: Token) -> str | None:
    """'said the online bank Acme', 'the charity Helpline said': the name set after an
    organisation noun is the organisation that speaks."""
    if noun.lemma_.lower() not in ORG_NOUNS or noun.pos_ != "NOUN":
        return None
    for c in noun.children:
        if c.dep_ in ("appos", "compound") and c.i > noun.i and c.pos_ == "PROPN" and not art.quoted[c.i]:
            mention = art.mention_of(c)
            if mention is not None and mention.label in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC") or mention is None \
                    and c.ent_type_ == "":
                start = min(t.idx for t in c.subtree if t.pos_ in ("PROPN", "NUM") and t.i > noun.i)
                end = c.idx + len(c)
                return art.text[start:end]
    return None
