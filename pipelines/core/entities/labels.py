"""One label per name in an article, decided from all its mentions.

Evidence, strongest first:
- person name: the name is (part of) a person's full name in the article, or was found
  after a role title ('aide Yuri Ushakov');
- source role: the name is cited as a source ('according to X', 'X reported', 'told X',
  'posted on X', 'X, a German newspaper') and is neither a person nor a known place: an
  outlet, agency or platform, so ORG;
- gazetteer: a large known place (a country, a US state, a continent, a city of 100,000+
  people) named without person evidence is never a PERSON;
- the model's vote: the commonest label among the name's mentions;
then a name's head noun ('... Hall', '... United', '... Street') overrules a PERSON without a
given name or title, and makes a street or stadium the model calls an organisation or a place a FAC;
a name the model calls a place or a group that the article writes before a product's word ('X users',
'the X operating system') or after one's 'of' ('versions of X') and the gazetteer does not know is a PRODUCT;
a one-word name is no person when it is a legislature's chamber ('Commons': ORG), a '...ship'
('Premiership': ORG), a prize ('an X', 'X-winning', 'X nomination': WORK_OF_ART), a country's
people ('Rwandan', a language's name: NORP) or a county ('Xshire': GPE, its side when it plays).
After the passes that add mentions, `organisation_words` makes a one-word 'person' followed by a
word only an organisation has ('X CEO', 'X shares') an organisation.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_tokens, expanded_span
from pipelines.core.entities.knowledge import (given_names, is_county_name, is_demonym, is_major_place, language_names,
                                              place_population)
from pipelines.core.entities.spans import Mention, with_label
from pipelines.core.entities.names import (AWARD_WORDS, CHAMBER_NAMES, FACILITY_HEADS, HEAD_LABELS, TITLE_WORDS,
                                           normalize_key)
from pipelines.core.speech_verbs import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Nouns that say a name is a medium: 'X, a German newspaper', 'the news agency X'.
OUTLET_NOUNS = frozenset(
    """newspaper paper daily weekly tabloid magazine journal agency broadcaster channel network outlet
    station radio television tv website site platform service publication newsletter blog
    wire""".split()
)
_POST_VERBS = SPEECH_VERBS | {"publish", "appear", "share", "upload"}


def _head(doc: Doc, m: Mention):
    span = expanded_span(doc, m.start_char, m.end_char)
    return span.root if span is not None else None


def _is_source(doc: Doc, m: Mention) -> bool:
    """The mention is cited as the source of information (outlet, agency, platform)."""
    head = _head(doc, m)
    if head is None:
        return False
    # 'his social media platform Truth Social': the name hangs off the noun it renames.
    for _ in range(2):
        if head.dep_ in ("appos", "compound") and head.head != head and head.head.pos_ in ("NOUN", "PROPN"):
            if head.head.lemma_.lower() in OUTLET_NOUNS | {"media"}:
                return True
            head = head.head
    parent = head.head
    # 'according to X'
    if head.dep_ == "pobj" and parent.lower_ == "to" and parent.head.lower_ == "according":
        return True
    # 'X reported / said / told', 'X quoted ...'
    if head.dep_ in ("nsubj", "nsubjpass") and parent.lemma_.lower() in (SPEECH_VERBS | {"quote", "cite"}):
        return True
    # 'told X', 'said in an interview with X'
    if head.dep_ in ("dative", "dobj") and parent.lemma_.lower() == "tell":
        return True
    # 'posted on X', 'stated on X', 'in a post on X'
    if head.dep_ == "pobj" and parent.lower_ == "on":
        grand = parent.head
        if grand.lemma_.lower() in _POST_VERBS or grand.lower_ in ("post", "posts", "interview", "show", "article"):
            return True
    # 'X, a German newspaper' / 'the newspaper X'
    for child in head.children:
        if child.dep_ == "appos" and child.lemma_.lower() in OUTLET_NOUNS:
            return True
        if child.dep_ == "compound" and child.lemma_.lower() in OUTLET_NOUNS:
            return True
    if head.dep_ == "appos" and parent.lemma_.lower() in OUTLET_NOUNS:
        return True
    return False


# Words after a name that only an organisation (or a place) has: 'Cofinec CEO', 'Velkaro shares'.
ORGANISATION_WORDS = frozenset(
    """ceo chairman chairwoman shares shareholders stock stake subsidiary subsidiaries unit board executives
    employees staff workers spokesman spokeswoman spokesperson plc inc corp ltd""".split())
# Words after a name that only a product (software, a device) has: 'X users', 'X operating system'.
# A place's name is never followed so: a name the model calls a place or a group before one is a product.
PRODUCT_WORDS = frozenset(
    """software operating users user browser pc pcs computer computers laptop laptops handset handsets console
    consoles app apps programs desktop""".split())
# Nouns whose 'of' object is a product: 'versions of X', 'pirated copies of X', 'users of X'.
_PRODUCT_OF = frozenset("version versions copy copies user users".split())


def _product_use(doc: Doc, m: Mention) -> bool:
    """'X users', 'X PCs', 'the X operating system' (the product's word the head of its phrase, not a
    modifier itself: 'Western PC vendors' is no product), 'versions of X', 'users of X'."""
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None:
        return False
    if span.end < len(doc):
        nxt = doc[span.end]
        if nxt.lower_ in PRODUCT_WORDS and (nxt.lower_ == "operating" or nxt.dep_ != "compound"):
            return True
    head = span.root
    return head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in _PRODUCT_OF
# Words after a name that a party or another body has, not a person: 'Tarn Vel leader', 'Tarn Vel MPs'.
# Only for names of two or more words without a given name ('Anna Quist MP' is a person).
MEMBERSHIP_WORDS = frozenset(
    """leader leaders leadership mp mps candidate candidates member members activists voters supporters
    councillor councillors peer peers manifesto conference spokesman spokeswoman spokesperson""".split())


def _before_organisation_word(doc: Doc, m: Mention, words: frozenset[str] = ORGANISATION_WORDS) -> bool:
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    if nxt.lower_ in ("'s", "’s") and span.end + 1 < len(doc):
        nxt = doc[span.end + 1]
    return nxt.lower_ in words


def _given_name_first(name: str) -> bool:
    """'Vince Cable': a known given name and a surname, a person even when the model says ORG."""
    words = name.split()
    return len(words) >= 2 and words[0].lower() in given_names() and words[0][:1].isupper()


def _after_title(doc: Doc, m: Mention) -> bool:
    """'President Bush', 'Mr Brown': a title right before (or opening) the mention."""
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None:
        return False
    first = span[0].lower_.rstrip(".")
    before = doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
    return first in TITLE_WORDS - _PLACE_TITLES or (before in TITLE_WORDS - _PLACE_TITLES
                                                    and doc[span.start - 1].text[:1].isupper())


# Title words that also open place names ('the White House', 'State of ...'): no person evidence.
_PLACE_TITLES = frozenset({"the", "white", "house", "state", "u.s", "u.s.", "us", "russian", "ukrainian", "french",
                           "german", "british", "chinese", "american", "kremlin", "foreign", "press"})


def _listed_with_places(doc: Doc, ms: list[Mention], mentions: list[Mention]) -> bool:
    """A known (smaller) place named in a list of places ('Donetsk, Luhansk, Kherson and Odesa')."""
    if place_population(ms[0].canonical) is None:
        return False
    # Only places the model or the gazetteer is sure of, and a list of at least two of them.
    place_starts = {m.start_char for m in mentions if is_major_place(m.canonical)}
    for m in ms:
        head = _head(doc, m)
        if head is not None and sum(t.idx in place_starts for t in head.conjuncts) >= 2:
            return True
    return False


def _by_head(name: str, label: str, why: str, person_evidence: bool) -> tuple[str, str]:
    """'Manchester United', 'Royal Albert Hall' are no people, 'Wall Street' is no organisation:
    the head noun that ends the name decides (names.HEAD_LABELS)."""
    words = name.split()
    if len(words) < 2:
        return label, why
    head = HEAD_LABELS.get(words[-1].lower())
    if head is None:
        return label, why
    if label == "PERSON" and not person_evidence and words[0].lower() not in given_names():
        return head, "head noun"
    if label in ("ORG", "GPE", "LOC") and words[-1].lower() in FACILITY_HEADS:
        return "FAC", "head noun"
    return label, why


def _award_use(doc: Doc, m: Mention) -> bool:
    """'an X', 'X-winning', 'X nomination': the one-word name is a prize won, not a person."""
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None or len(span) != 1:
        return False
    after = doc[span.end:span.end + 2]
    if len(after) and after[0].lower_ in AWARD_WORDS:
        return True
    if len(after) == 2 and after[0].text == "-" and not after[0].whitespace_ and after[1].lower_ in AWARD_WORDS:
        return True
    # 'won an X' (the head of its phrase), not 'a X statement' nor an initial ('A Foley' in a squad)
    return span.start > 0 and doc[span.start - 1].text in ("a", "an") and span.root.dep_ not in ("compound", "amod")


# Verbs whose object 'an X' is a prize ('won an X'); 'an X' alone is as often one of a people ('an Iraqi').
_PRIZE_VERBS = frozenset("win receive collect award scoop land".split())


# Verbs whose object is a contest won ('won the X'), and nouns after a contest's name ('X title', 'X winners').
_WIN_VERBS = frozenset("win claim clinch retain defend".split())
_CONTEST_NOUNS = frozenset("title titles crown champion champions winner winners".split())


def _contest(doc: Doc, ms: list[Mention]) -> bool:
    """A name written as a contest won: the object of 'win' ('won the X', 'winning the X') or before a
    title's noun ('X title', 'X winners'). No building or place is won."""
    for m in ms:
        span = expanded_span(doc, m.start_char, m.end_char)
        if span is None:
            continue
        if span.root.dep_ == "dobj" and span.root.head.lemma_.lower() in _WIN_VERBS:
            return True
        if span.end < len(doc) and doc[span.end].lower_ in _CONTEST_NOUNS:
            return True
    return False


def _written_as_prize(doc: Doc, word: str) -> bool:
    """The article writes `word` as a prize somewhere: 'X-winning', 'X nomination', 'won an X'.
    'an X' alone is no evidence: a people's singular takes it too ('an Iraqi' beside 'the Iraqis')."""
    for tok in doc_tokens(doc):  # iterating the Doc makes a new Token per token, per call
        if tok.text != word:
            continue
        after = doc[tok.i + 1:tok.i + 3]
        if len(after) and after[0].lower_ in AWARD_WORDS:
            return True
        if len(after) == 2 and after[0].text == "-" and not after[0].whitespace_ and after[1].lower_ in AWARD_WORDS:
            return True
        if tok.i > 0 and doc[tok.i - 1].lower_ in ("a", "an") and tok.dep_ == "dobj" \
                and tok.head.lemma_.lower() in _PRIZE_VERBS:
            return True
    return False


def _not_a_person(name: str, label: str, why: str, ms: list[Mention], doc: Doc) -> tuple[str, str]:
    """A one-word name the evidence gives to no person: a legislature's chamber ('Commons') is a
    body; a word of an abstract noun's form ('...ship': a league, a title) is no person; a prize
    ('an X', 'X-winning') is a work (the model's own label for an award), and its plural ('the Xs'
    beside 'X-winning', 'X nomination' or 'won an X') the ceremony, an event; a country's people
    ('Rwandan', knowledge.is_demonym) or a language's name used for them ('the X band',
    knowledge.language_names) is a NORP; a county ('Xshire') a place."""
    if " " in name.strip():
        return label, why
    key = normalize_key(name)
    if key in CHAMBER_NAMES and label != "ORG":
        return "ORG", "word class"
    if label == "PERSON" and key.endswith("ship") and len(key) > 6:
        return "ORG", "word class"
    if label == "PERSON" and any(_award_use(doc, m) for m in ms):
        return "WORK_OF_ART", "award"
    if label in ("PERSON", "ORG", "GPE", "NORP") and key.endswith("s") and len(key) > 4 \
            and _written_as_prize(doc, name.strip()[:-1]):
        return "EVENT", "award"  # 'the Xs' where the article writes 'X-winning', 'won an X': the prizes' ceremony
    if label == "PERSON" and (is_demonym(name) or key in language_names()) and key not in given_names():
        return "NORP", "word class"  # 'Rwandan', 'Iraqis', a language's name ('the X band'): a people, no person
    if label == "PERSON" and is_county_name(name):
        return "GPE", "word class"  # a county; its side when it plays (teams.py)
    return label, why


def decide_labels(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Relabel every mention of a name with the label its article's evidence supports."""
    groups: dict[str, list[int]] = {}
    for k, m in enumerate(mentions):
        groups.setdefault(normalize_key(m.canonical), []).append(k)
    out = list(mentions)
    for key, idx in groups.items():
        ms = [mentions[k] for k in idx]
        votes = Counter(m.label for m in ms)
        person_name = (any(m.label == "PERSON" and (" " in m.canonical or m.source == "title") for m in ms)
                       and not is_major_place(ms[0].canonical)  # 'Sri Lanka' tagged PERSON is still the country
                       ) or any(m.label == "PERSON" and _after_title(doc, m) for m in ms)  # 'President Bush'
        if person_name:
            label, why = "PERSON", "person name"
        elif not votes["PERSON"] and not _given_name_first(ms[0].canonical) \
                and any(m.label not in ("NORP",) and _is_source(doc, m) for m in ms) \
                and place_population(ms[0].canonical) is None:
            label, why = "ORG", "source role"
        elif (is_major_place(ms[0].canonical) or _listed_with_places(doc, ms, mentions)) and votes.most_common(1)[0][0] in ("PERSON", "GPE", "LOC", "ORG") \
                and (votes["PERSON"] or votes["ORG"] <= votes["GPE"] + votes["LOC"]):
            # A big place: never a person; 'Kyiv said' is the government, still the place.
            label = "GPE" if votes["GPE"] >= votes["LOC"] else "LOC"
            why = "gazetteer" if votes["PERSON"] or len(votes) > 1 else "model"
        else:
            top = max(votes.values())
            # Ties go to the label the article uses first.
            label = next(m.label for m in ms if votes[m.label] == top)
            why = "model vote" if len(votes) > 1 else "model"
        label, why = _by_head(ms[0].canonical, label, why, person_evidence=any(
            m.source == "title" or _after_title(doc, m) for m in ms))
        if not person_name:
            label, why = _not_a_person(ms[0].canonical, label, why, ms, doc)
        if label in ("FAC", "GPE", "LOC") and why != "head noun" and place_population(ms[0].canonical) is None \
                and _contest(doc, ms):
            label, why = "EVENT", "award"  # 'won the X', 'X title': a contest, no place
        if label in ("FAC", "GPE", "LOC", "NORP") and why != "head noun" and place_population(ms[0].canonical) is None \
                and not (is_demonym(ms[0].canonical) or normalize_key(ms[0].canonical) in language_names()) \
                and any(_product_use(doc, m) for m in ms):
            label, why = "PRODUCT", "product"  # 'X users', 'the X operating system': software, no place
        for k in idx:
            m = mentions[k]
            if m.label != label or m.label_source != why:
                out[k] = with_label(m, label, why if m.label_source == "model" else m.label_source)
    return out


def organisation_words(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A 'person' the article follows with a word only an organisation has is an organisation:
    a one-word name ('X CEO', 'X shares', 'X spokesman'), or a name of two or more words without
    a given name before a member's word ('Tarn Vel leader', 'Tarn Vel MPs'). Run after every pass
    that adds mentions, since the telling one may be a name found again."""
    groups: dict[str, list[int]] = {}
    for k, m in enumerate(mentions):
        if m.label == "PERSON" and m.source != "role":
            groups.setdefault(normalize_key(m.canonical), []).append(k)
    out = list(mentions)
    for idx in groups.values():
        ms = [mentions[k] for k in idx]
        several = " " in ms[0].canonical.strip()
        if any(m.source == "title" or _after_title(doc, m) for m in ms) or (
                _given_name_first(ms[0].canonical) if several
                else any(m.label_source in ("person name", "given name") for m in ms)):
            continue
        words = ORGANISATION_WORDS | MEMBERSHIP_WORDS if several else ORGANISATION_WORDS
        if any(_before_organisation_word(doc, m, words) for m in ms):
            for k in idx:
                out[k] = with_label(mentions[k], "ORG", "organisation word")
    return out
