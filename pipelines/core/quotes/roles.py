"""Roles: the person a role noun stands for ('the chancellor', 'the minister for X Y', 'The chairman
of the Bar Council, Z'), when the article names its holder: in the subject phrase itself, or in the
sentence before or after. Used by speakers.py."""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.entities import ROLE_NOUNS, TITLE_WORDS, Mention
from pipelines.core.entities.teams import TEAM_PERSON_ROLES
from pipelines.core.quotes.article import (ROLE_QUALIFIERS, SPEAKER_ENTITY_TYPES, Article, Speaker,
                                           whole_sentence_start)
from pipelines.core.entities.knowledge import is_demonym, language_names
from pipelines.core.speech_verbs import NATIONALITY_PERSON_ENDINGS, NATIONALITY_PERSON_NOUNS, SPEECH_VERBS


def person_just_named(art: Article, role: Token) -> Mention | None:
    """'... Mary Robinson has said. The former UN commissioner told ...': a definite role that
    opens its sentence, held by nobody the article introduces with it, is the one person named
    in the sentence before, when that sentence names exactly one person, introduced with no role
    or with that role ('Senate majority leader X said ... The Democratic leader told')."""
    if role.lemma_.lower() not in ROLE_NOUNS or role.dep_ not in ("nsubj", "nsubjpass") or not any(
            c.lower_ == "the" or c.dep_ == "poss" and c.pos_ == "PROPN" for c in role.lefts) \
            or role.left_edge.i != art.sents[art.sent_of[role.i]].start:
        # definite: 'the spokesman', "the Whigs' spokesman"; not 'a' or 'his spokesman', nor "the
        # community's inspector" (a common noun's role is often someone new)
        return None
    if any(c.dep_ == "poss" and art.person_at(c) is not None for c in role.lefts) \
            or role.head.i > role.i and _people_in(art, role.idx, role.head.idx):
        return None  # "X's spokesman" serves X; 'The director of Y, Ann Lee, told' is named here
    k = whole_sentence_start(art, art.sent_of[role.i] - 1) if art.sent_of[role.i] > 0 else None
    start, end = (art.sents[k].start_char, art.sents[art.sent_of[role.i] - 1].end_char) if k is not None else (0, 0)
    people = _people_in(art, start, end)
    if len(people) > 1:
        # 'X has made an appeal after reports claimed Y went back on a pledge. The chancellor
        # insisted': of several people, the one the sentence is about (its main clause's subject).
        people = {name: m for name, m in people.items() if _main_clause_subject(art, m)}
    elif not people and _opens_the_story(art, role) and art.sent_of[role.i] + 1 < len(art.sents) and any(
            c.dep_ in ("amod", "compound", "poss") for c in role.lefts):
        # 'Scotland's first minister has told pupils ... X was speaking to ...': a lead that names
        # the role first and its holder in the next sentence, as its subject.
        following = art.sents[art.sent_of[role.i] + 1]
        people = {name: m for name, m in _people_in(art, following.start_char, following.end_char).items()
                  if _main_clause_subject(art, m)}
    if len(people) != 1:
        return None
    (person,) = people.values()
    titles = {word for word, holders in art.person_titles.items() if person in holders}
    if titles & ROLE_NOUNS and (role.lemma_.lower() not in titles or titles & ROLE_QUALIFIERS):
        # introduced with another role: 'the minister' is not 'shadow minister X' (an honorific,
        # 'Mr X', is no role)
        return None
    return person


def _people_in(art: Article, start: int, end: int) -> dict[str, Mention]:
    """Named people between two char offsets, outside quotes, by name."""
    return {m.canonical: m for m in art.mentions if m.label == "PERSON" and start <= m.start_char < end
            and not art.quoted[art.token_at(m.start_char)]}


def _opens_the_story(art: Article, role: Token) -> bool:
    """No person is named before `role` but in the first line (a title): the role opens a lead."""
    title_end = art.text.find("\n") if art.paragraph_of(role.idx) > 0 else 0
    return not _people_in(art, max(title_end, 0), role.idx)


def _main_clause_subject(art: Article, person: Mention) -> bool:
    """A person named as the subject of a sentence's root verb (not of what it reports)."""
    head = art.tokens[art.token_at(person.end_char - 1)]
    return head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "ROOT"


def appositive_name(art: Article, role: Token) -> Speaker | None:
    """'The chairman of the Bar Council, Guy Mansfield QC warned': the name the parser made a
    second subject of the role's verb, right after the role phrase and a comma, holds the role.
    A name tagged as something else is still a person: a role is held by one."""
    names = [c for c in role.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > role.right_edge.i
             and c.pos_ == "PROPN" and not art.quoted[c.i]]
    if not names:
        return _name_right_after(art, role)
    name = names[0]
    between = art.text[role.right_edge.idx + len(role.right_edge) : name.left_edge.idx]
    if between.strip() != "," and (between.strip() or name.left_edge.i != role.right_edge.i + 1
                                   or art.person_at(name) is None):
        # "X's lawyer Ann Lee described ...": with no comma, only a person right after the role
        return None
    mention = art.mention_of(name)
    start, end = (mention.start_char, mention.end_char) if mention is not None else (
        name.left_edge.idx, name.idx + len(name))
    canonical = mention.canonical if mention is not None else art.text[start:end]
    return Speaker(canonical, "PERSON", art.text[start:end], start, end, True)


def _name_right_after(art: Article, role: Token) -> Speaker | None:
    """'said market analysts Acme-Data': a name the parse hung on the role as an apposition
    with no comma, right after the role noun, is who holds it (a person or a firm)."""
    name = next((c for c in role.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > role.i
                 and c.left_edge.i == role.i + 1 and not art.quoted[c.i]), None)
    if name is None:
        return None
    mention = art.mention_of(name)
    if mention is None or mention.label not in SPEAKER_ENTITY_TYPES:
        return None
    return Speaker.named(mention)


def name_after_portfolio(art: Article, role: Token) -> Speaker | None:
    """'the minister for civil aviation Praful Patel said', 'Acting Assistant Attorney General for
    Antitrust Charles Rule told': a role whose 'for'/'of' phrase ends the subject with a named
    person after the portfolio is held by that person. Not 'a spokesman for Senator X' (a title
    or a role before the name: the name is whom the role serves) nor a bare 'for X'."""
    for prep in role.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "of"):
            continue
        name = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if name is None or name.right_edge.i != role.right_edge.i or art.quoted[name.i]:
            continue
        person = art.person_at(name)
        if person is None:
            # The parse may end the role phrase at the portfolio and make the name a second subject.
            name = next((c for c in role.head.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"
                         and c.left_edge.i == role.right_edge.i + 1 and not art.quoted[c.i]), None)
            person = name and (art.mention_of(name))
            if person is None or person.label not in SPEAKER_ENTITY_TYPES:
                continue
        portfolio = [t for t in art.tokens[prep.i + 1 : art.token_at(person.start_char)] if t.dep_ != "det"]
        if not portfolio or any(t.lower_.rstrip(".") in TITLE_WORDS or t.lemma_.lower() in ROLE_NOUNS
                                or t.is_punct or art.person_at(t) is not None for t in portfolio):
            continue
        # A role is held by a person, whatever the NER took the name for.
        return Speaker(person.canonical, "PERSON", person.text, person.start_char, person.end_char, True)
    return None


def holder_named_after(art: Article, role: Token) -> Mention | None:
    """'The lord chancellor hinted ... "...", Lord Smith told MPs', "Acme could cut jobs, its chief
    executive has said. ... Ann Lee has told investors": a definite role whose holder the article
    has not named yet is the first person named after its sentence, within the next three, when
    that person is new there, speaks there (the subject of a reporting verb) and was introduced
    with no other role; None otherwise (a role somebody was introduced with is theirs; a bare 'the
    minister' may be anyone's)."""
    lemma = role.lemma_.lower()
    if lemma not in ROLE_NOUNS or role.dep_ not in ("nsubj", "nsubjpass") or art.person_titles.get(lemma):
        return None
    if not any(c.lower_ == "the" or c.dep_ == "poss" for c in role.lefts) \
            or not any(c.dep_ in ("amod", "compound", "poss") for c in role.lefts) \
            or any(c.dep_ == "poss" and art.person_at(c) is not None for c in role.lefts) \
            or {t.lower_ for t in role.lefts} & ROLE_QUALIFIERS:
        return None  # "X's spokesman" serves X; a shadow or former holder is someone else
    own = art.sent_of[role.i]
    last = art.sents[min(own + 3, len(art.sents) - 1)]
    after = [m for m in art.mentions if m.label == "PERSON" and art.sents[own].end_char <= m.start_char < last.end_char
             and not art.quoted[art.token_at(m.start_char)]]
    if not after:
        return None
    person = after[0]
    if any(m.label == "PERSON" and m.canonical == person.canonical and m.start_char < role.idx for m in art.mentions):
        return None  # named before: the role would have been given to him there
    head = art.tokens[art.token_at(person.end_char - 1)]
    if head.dep_ != "nsubj" or head.head.lemma_.lower() not in SPEECH_VERBS:
        return None
    titles = {word for word, holders in art.person_titles.items() if person in holders}
    if titles & ROLE_NOUNS and lemma not in titles:
        return None  # introduced with another role: 'the minister ... opposition leader X said'
    return person


def person_described_before(art: Article, role: Token) -> Mention | None:
    """'Sen. X ... said ... The Texas Republican told', 'X said: "..." The Xtown boss continued',
    'Coach X believes ... "...," said the French coach': a definite description of a person (the
    article, a modifier the NER names, a place, a club, a nation or a party, and a role noun, a
    sports role or a party's member) that no other rule tied is the person the text was last about:
    the last person named before it, within its sentence and the three before, outside quotes, as a
    clause's subject; None when that person was introduced with another role or another holds it."""
    lemma = role.lemma_.lower()
    described = art.mention_of(role)
    member = role.tag_ == "NNP" and described is not None and described.label == "NORP"  # 'the Texas Republican'
    nation = nationality_person(role)  # 'the Dutchman': a person, no role of another's
    if not (lemma in ROLE_NOUNS or lemma in TEAM_PERSON_ROLES or member or nation) \
            or role.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in role.lefts):
        return None
    modifiers = [t for c in role.lefts if c.dep_ in ("amod", "compound", "nmod") for t in c.subtree]
    if any(t.lower_ in ROLE_QUALIFIERS or t.lemma_.lower() in ROLE_NOUNS for t in modifiers):
        return None  # 'the former coach' is someone else; 'the Prime Minister' a role of its own
    if not nation and (not modifiers or not all(t.text[:1].isupper() for t in modifiers)
                       or not any((m := art.mention_of(t)) is not None and m.label != "PERSON" for t in modifiers)):
        return None
    own = art.sent_of[role.i]
    start = art.sents[whole_sentence_start(art, max(own - 3, 0))].start_char
    before = [m for m in art.mentions if m.label == "PERSON" and start <= m.start_char < role.left_edge.idx
              and not art.quoted[art.token_at(m.start_char)]]
    if not before:
        return None
    person = before[-1]
    if art.tokens[art.token_at(person.end_char - 1)].dep_ not in ("nsubj", "nsubjpass"):
        return None  # the last person named is not what the sentence is about
    titles = {word for word, holders in art.person_titles.items() if person in holders}
    holders = art.person_titles.get(lemma) or []
    if titles & ROLE_NOUNS and lemma not in titles and not nation or any(h.canonical != person.canonical for h in holders):
        return None  # introduced with another role, or another holds this one
    return person


def nationality_person(token: Token) -> bool:
    """A singular noun naming a person by nation, capitalised: 'Dutchman' (a language's name and
    'man'), 'Kenyan' (a country's people's word), 'Swede' (the irregular ones)."""
    word = token.lower_
    if not token.text[:1].isupper() or token.tag_ not in ("NN", "NNP") or word.endswith("s"):
        return False
    stem = next((word[: -len(e)] for e in NATIONALITY_PERSON_ENDINGS if word.endswith(e)), None)
    return word in NATIONALITY_PERSON_NOUNS or stem is not None and stem in language_names() or is_demonym(word)


def lead_person(art: Article, role: Token) -> Mention | None:
    """'Ann Kent has unveiled new rail fares ... The Transport Secretary said', 'Tom Hale has
    rejected the charges ... the first minister told': a bare definite office ('the', role words, no
    name, no possessor) that no rule tied and that nobody in the article is introduced with is
    the person the story is about: the subject of its title or lead, when that person is the
    one the article names most often and was introduced with no role of another. None otherwise
    (a bare role in a story about someone else is often a third person)."""
    lemma = role.lemma_.lower()
    if lemma not in ROLE_NOUNS or role.dep_ not in ("nsubj", "nsubjpass") or art.quoted[role.i] \
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in role.lefts):
        return None
    modifiers = [t for c in role.lefts if c.dep_ != "det" for t in c.subtree]
    if role.tag_ not in ("NN", "NNP") or not any(c.dep_ in ("compound", "amod") for c in role.lefts):
        return None  # an office names its portfolio ('the prime minister'); 'the spokesman' serves someone
    if any(c.dep_ == "poss" for c in role.lefts) or any(t.lower_ in ROLE_QUALIFIERS or _names_a_body(art, t)
                                                        or not t.is_alpha for t in modifiers) \
            or any(c.dep_ == "prep" for c in role.rights):
        return None  # 'the former minister', "Acme's chief", 'the French coach', 'the head of X'
    holders = [m for m in art.person_titles.get(lemma) or []
               if not {w for w, ms in art.person_titles.items() if m in ms} & ROLE_QUALIFIERS]
    if holders:
        return None  # someone is introduced with the role: the rules for holders decide
    counts: dict[str, int] = {}
    for m in art.mentions:
        if m.label == "PERSON" and not art.in_quote(m.start_char):
            counts[m.canonical] = counts.get(m.canonical, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    top = ranked[0][0]
    lead_end = art.sents[min(1, len(art.sents) - 1)].end_char
    lead = next((m for m in art.mentions if m.start_char < lead_end and m.label == "PERSON"
                 and not art.in_quote(m.start_char)
                 and art.tokens[art.token_at(m.end_char - 1)].dep_ in ("nsubj", "nsubjpass")
                 and art.tokens[art.token_at(m.end_char - 1)].head.dep_ == "ROOT"), None)
    if lead is None or lead.canonical != top or lead.start_char > role.idx:
        return None
    titles = {word for word, ms in art.person_titles.items() if any(m.canonical == top for m in ms)}
    if titles & ROLE_NOUNS and lemma not in titles:
        return None  # introduced with another role
    return next((m for m in reversed(art.mentions) if m.canonical == top and m.label == "PERSON"
                 and m.start_char < role.idx), lead)


def _names_a_body(art: Article, token: Token) -> bool:
    """A modifier that ties a role to someone's place, nation or body ('the US president', 'the
    French coach', 'the Acme chief'); a role word the NER tagged a group ('Transport') does not."""
    mention = art.mention_of(token)
    if mention is None:
        return False
    word = token.lower_
    return mention.label != "NORP" or is_demonym(word) or word in language_names() or any(
        word.endswith(e) and word[: -len(e)] in language_names() for e in NATIONALITY_PERSON_ENDINGS)
