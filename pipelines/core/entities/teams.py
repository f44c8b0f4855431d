"""A place's name used for the team or club that plays there ('Surrey closed on 429 for seven',
'Chicago beat Boston 5-3', 'CHICAGO 63 71 .470'): an organisation, not the place.

Evidence on one mention, any of:
- a score right after the name ('Surrey 429-7', 'Boston 3'), or runs for wickets a few words on
  ('Surrey closed on 429 for seven');
- the subject of a verb of play ('beat', 'won', 'signed', 'drew'), or the object of one
  ('beat Chicago', 'against Kent', 'v Essex');
- the subject of a plural verb ('Tottenham are', 'Leicester have'), as a team is in British English;
- a player or staff role after the name ('Surrey captain', 'Chicago's coach');
- 'X v Y' (either side), or the agent of a verb of play ('knocked out by Chicago').
In an article where some team plays (a sports article), weaker evidence counts too: the name in
brackets right after a person's ('M Tait (Kent)', a line-up), a club's officer after it ('Kent
director of cricket'), the object of a match's or a transfer's noun ('losses to Kent', 'his move
from Kent', 'derby with Kent') or of 'join', 'leave', 'sign for'.
Countries are left alone: a national side keeps its country's name and label.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text, doc_tokens, expanded_span
from pipelines.core.entities.knowledge import (common_words, dictionary_words, given_name_gender, given_names, is_country,
                                              is_major_place, place_population)
from pipelines.core.entities.names import HEAD_LABELS, normalize_key
from pipelines.core.entities.spans import Mention, sentence_index_of, with_label

if TYPE_CHECKING:
    from spacy.tokens import Doc

PLAY_VERBS = frozenset(
    """beat defeat win lose draw tie play sign score lead trail host face edge thrash rout crush overcome
    outplay eliminate qualify relegate promote clinch hammer down upset blank sweep whip overpower bat bowl
    declare dismiss concede equalise equalize snatch outscore outlast shut knock""".split())
# Sports roles a person holds ('the England striker'); with the team's own nouns, the words after a
# team's name ('Xtown striker', 'Xtown fans').
TEAM_PERSON_ROLES = frozenset(
    """captain coach manager striker goalkeeper keeper midfielder defender forward winger pitcher batsman
    bowler skipper quarterback fullback full-back fly-half scrum-half centre-back playmaker prop hooker youngster
    player boss""".split())
TEAM_ROLES = TEAM_PERSON_ROLES | frozenset("squad side team fans supporters players".split())
# Verbs whose object is a team ('beat Chicago', 'face Kent'); 'won the Grand Slam', 'signed a deal' are not.
OBJECT_PLAY_VERBS = frozenset(
    """beat defeat face host play thrash edge rout crush overcome outplay eliminate hammer down upset blank sweep
    whip overpower outscore outlast""".split())
_SCORE = re.compile(r"^\d{1,3}(?:-\d{1,3})?$")
# A cricket side's total after its name ('X closed on 429 for seven', 'reducing X to 133 for five'):
# a few words, then runs for wickets, then no noun ('200 for five charities' is no score).
_RUNS_FOR_WICKETS = re.compile(
    r"^(?:'s)?(?:\s+[a-z]+){0,3}?\s+\d{1,3} for (?:\d|10|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?=\s*(?:[.,;:)]|$|\s(?:in|at|on|by|and|with|when|before|after|declared|overnight)\b))")
_AGAINST = frozenset({"against", "v", "v.", "vs", "vs.", "versus"})
# Nouns that name a team in front of its name ('serie A club Atalanta', 'first division side Nice').
_TEAM_NOUNS = frozenset({"club", "side", "team", "outfit", "champions", "hosts", "visitors"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Nouns of a match or a transfer whose preposition's object is a team in a sports article
# ('losses to X', 'his move from X', 'derby with X'); a trip or a visit goes to the place.
# Nouns of a match played; the venue rules read them too.
MATCH_NOUNS = frozenset("match game win victory defeat loss draw clash derby fixture".split())
_MATCH_NOUNS = MATCH_NOUNS | frozenset("tie move transfer switch loan winner lead".split())
# Verbs of a player's play whose 'for' object is his side in a sports article ('scored for X', 'homered for X').
_PLAYER_VERBS = frozenset("play score homer hit start appear pitch bat bowl".split())
# Nouns a side is called by in a sports article, before its name or in apposition ('title rivals X',
# 'X, nine-wicket winners over Y').
_SIDE_NOUNS = frozenset("rival rivals leader leaders hopeful hopefuls opponent opponents winner winners".split())
# Verbs whose object (or 'for' object) is a club in a sports article ('joined X', 'signed for X').
_CLUB_VERBS = frozenset({"join", "leave", "sign", "rejoin"})
# A club's officers ('Kent director of cricket', 'Kent chairman'), read in a sports article only.
_CLUB_ROLES = frozenset({"director", "chairman", "chairwoman", "owner", "president", "chief"})
# A dateline ('NEW YORK 1996-08-30', 'WIGAN, England 1996-08-31', 'LONDON (Reuters) -'): the place.
_DATELINE_REST = re.compile(r"^\s*(?:,\s*[A-Z][\w .]{0,30}?)?\s*(?:\d{4}-\d{2}-\d{2}|\(|-|[A-Z][a-z]{2}\.? \d)")


def plays_as_team(doc: Doc, m: Mention) -> bool:
    """The mention names a team: a score follows it, it plays, or a player's role follows it
    (never a country's name: a national side keeps its country)."""
    return not is_country(m.canonical) and _plays(doc, m)


def _plays(doc: Doc, m: Mention) -> bool:
    if _dateline(doc, m):
        return False  # 'LONDON 1996-08-30': the date after it is no score
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None:
        return False
    tok = doc_tokens(doc)
    after = tok[span.end] if span.end < len(tok) else None
    if after is not None and _SCORE.match(after.text):
        return True
    if _RUNS_FOR_WICKETS.match(doc_text(doc)[m.end_char:m.end_char + 60]):
        return True
    if after is not None and after.lower_ in ("'s", "’s") and after.i + 1 < len(tok):
        after = tok[after.i + 1]
    if after is not None and after.lower_ in TEAM_ROLES and after.pos_ in ("NOUN", "PROPN", "ADV", "ADJ"):
        return True
    before = tok[span.start - 1] if span.start > 0 else None
    if before is not None and (before.lower_ in _AGAINST or before.lower_ in _TEAM_NOUNS):
        return True
    if after is not None and after.lower_ in _AGAINST and after.i + 1 < len(tok) and tok[after.i + 1].is_title:
        return True  # 'Chicago v Boston' in a list of fixtures
    head = span.root
    while head.dep_ == "conj" and head.head is not head:  # 'Essex and Surrey won'
        head = head.head
    verb = head.head
    if verb.pos_ == "VERB" and (head.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in PLAY_VERBS
                                or head.dep_ == "dobj" and verb.lemma_.lower() in OBJECT_PLAY_VERBS):
        return True
    # 'knocked out by Chicago', 'beaten by Chicago': the agent of a verb of play
    if head.dep_ == "pobj" and verb.dep_ == "agent" and verb.head.lemma_.lower() in PLAY_VERBS:
        return True
    # 'Tottenham are primed', 'Leicester have won': one place takes a plural verb only as a team.
    return _plural_verb(head, span.text)


def _plural_verb(head, text: str) -> bool:
    if head.dep_ in ("nsubj", "nsubjpass") and head.tag_ == "NNP" and not text.endswith("s"):
        verb = head.head
        verbs = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        return any(v.tag_ == "VBP" or v.lower_ == "were" for v in verbs)
    return False


def plural_subject(doc: Doc, m: Mention) -> bool:
    """A singular proper name alone the subject of a plural verb ('X are top', 'X have won'): a
    team in British English, never one person ('X and Y are' is the pair's plural)."""
    span = expanded_span(doc, m.start_char, m.end_char)
    return span is not None and span.root.dep_ != "conj" and not any(
        c.dep_ == "conj" for c in span.root.children) and _plural_verb(span.root, span.text)


def _record_ordinal(tok, i: int) -> bool:
    """'X's seventh', 'X's seventh loss', 'X's fifth in a row': an ordinal that counts a side's
    games or results, alone or before a match's noun. Before an adjective or another noun it
    ranks a place ('X's second most prominent awards', 'X's third largest')."""
    if tok[i].ent_type_ != "ORDINAL":
        return False
    nxt = tok[i + 1] if i + 1 < len(tok) else None
    return nxt is None or nxt.lemma_.lower() in _MATCH_NOUNS or nxt.pos_ in ("PUNCT", "ADP", "CCONJ")


def _persons_win(noun, person_spans: frozenset[tuple[int, int]]) -> bool:
    """The match's noun is said of a person ('X was a 6-1 6-4 winner over Y', 'X, a winner over
    Y'): a one-name sport's player beat another player, no side."""
    holder = None
    if noun.dep_ in ("attr", "acomp") and noun.head.pos_ in ("AUX", "VERB"):
        holder = next((c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    elif noun.dep_ == "appos":
        holder = noun.head
    return holder is not None and any(a <= holder.idx < b for a, b in person_spans)


def plays_in_sports_article(doc: Doc, m: Mention, person_ends: set[int], person_starts: frozenset[int] = frozenset(),
                            person_spans: frozenset[tuple[int, int]] = frozenset()) -> bool:
    """Weaker evidence that a place's name is a team, read only where a team plays in the article:
    in brackets right after a person's name ('M Tait (Kent)'), an officer after it, the object of
    a match's or a transfer's noun ('losses to Kent', 'move from Kent', 'lead over Kent') or of
    'join', 'leave', 'sign for', a player's verb ('scored for Kent'); its possessive before a person
    or its record ('Kent's Anna Holm', 'Kent's lead', 'Kent's seventh'); a side's noun before it or
    in apposition ('title rivals Kent', 'Kent, winners over Essex')."""
    text = doc_text(doc)
    opening = text.rfind("(", max(0, m.start_char - 3), m.start_char)
    if opening >= 0 and not text[opening + 1:m.start_char].strip() and text[m.end_char:m.end_char + 2].lstrip()[:1] in (")", ",") \
            and len(text[:opening].rstrip()) in person_ends:
        return True
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None:
        return False
    tok = doc_tokens(doc)
    after = tok[span.end] if span.end < len(tok) else None
    if after is not None and after.lower_ in _CLUB_ROLES and after.pos_ in ("NOUN", "PROPN"):
        return True
    # 'X's Anna Holm', 'X's lead over Y', 'X's seventh loss': the side's player or its record.
    if after is not None and after.lower_ in ("'s", "’s") and after.i + 1 < len(tok):
        nxt = tok[after.i + 1]
        if nxt.idx in person_starts or nxt.lemma_.lower() in _MATCH_NOUNS or _record_ordinal(tok, nxt.i):
            return True
    first = span.root
    while first.dep_ == "conj" and first.head is not first:  # 'title rivals X and Y'
        first = first.head
    start = min(span.start, first.left_edge.i)
    if start > 0 and tok[start - 1].lower_ in _SIDE_NOUNS:
        return True  # 'title rivals X'
    head = span.root
    if any(c.dep_ == "appos" and c.lower_ in _SIDE_NOUNS and not _persons_win(c, person_spans) for c in head.children):
        return True  # 'X, nine-wicket winners over Y'
    while head.dep_ == "conj" and head.head is not head:  # 'losses to Kent and Essex'
        head = head.head
    parent = head.head
    if head.dep_ == "pobj" and parent.lower_ == "for" and parent.head.lemma_.lower() in _PLAYER_VERBS:
        return True  # 'homered for X
    if head.dep_ == "pobj" and parent.dep_ == "prep" and parent.head.pos_ == "NOUN" \
            and parent.head.lemma_.lower() in _MATCH_NOUNS and parent.lower_ in ("to", "from", "with", "against", "over", "by") \
            and not _persons_win(parent.head, person_spans):
        return True
    if head.dep_ == "dobj" and parent.lemma_.lower() in _CLUB_VERBS:
        return True
    return head.dep_ == "pobj" and parent.lower_ == "for" and parent.head.lemma_.lower() in _CLUB_VERBS


def sports_article(doc: Doc, mentions: list[Mention]) -> bool:
    """Some name in the article plays (a team's, a country's, a person's)."""
    return any(m.source != "role" and _plays(doc, m) for m in mentions)


def names_a_dateline(doc: Doc, m: Mention) -> bool:
    """The place opening a dateline ('LEEDS, England 1996-08-31')."""
    return _dateline(doc, m)


def _after_particle(doc: Doc, m: Mention) -> bool:
    """'brought in Chicago prop X': the 'in' before the name is a verb's particle, not a preposition."""
    span = expanded_span(doc, m.start_char, m.end_char)
    return span is not None and span.start > 0 and doc_tokens(doc)[span.start - 1].dep_ == "prt"


def _dateline(doc: Doc, m: Mention) -> bool:
    """The place opening a dateline ('NEW YORK 1996-08-30', 'WIGAN, England 1996-08-31')."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, m.start_char) + 1
    return not text[line_start:m.start_char].strip() and bool(_DATELINE_REST.match(text[m.end_char:m.end_char + 40]))


def names_the_place(doc: Doc, m: Mention) -> bool:
    """A mention of a team's town that is the town: a dateline, or 'at Detroit', 'in Chicago'."""
    if _dateline(doc, m):
        return True
    text = doc_text(doc)
    before = text[max(0, m.start_char - 4):m.start_char].lower()
    return (before.endswith((" at ", " in ")) or before in ("\nat ", "\nin ")) and not _after_particle(doc, m)


def _at_the_club(doc: Doc, m: Mention) -> bool:
    """'nobody at X', 'his years at X': 'at' after a person's or a thing's noun that is no match's
    ('a win at X' is the ground), where the model did not read the name as a place: the club."""
    if m.label in _PLACE_LABELS:
        return False
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None or span.start == 0:
        return False
    at = doc_tokens(doc)[span.start - 1]
    return at.lower_ == "at" and at.dep_ == "prep" and at.head.pos_ in ("NOUN", "PRON") \
        and at.head.lemma_.lower() not in _MATCH_NOUNS


def _adjective(doc: Doc, ms: list[Mention]) -> bool:
    """A one-word name the tagger reads as an adjective in most of its mentions ('Olympic' in 'her
    Olympic trauma'), whatever a place of that name in the gazetteer says."""
    if " " in ms[0].canonical.strip():
        return False
    spans = [expanded_span(doc, m.start_char, m.end_char) for m in ms]
    return sum(sp is not None and len(sp) == 1 and sp[0].tag_ == "JJ" for sp in spans) * 2 > len(ms)


def relabel_teams(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Every mention of a place's name that plays somewhere in the article is the team (ORG),
    except where it names the place (a dateline, 'at Detroit'), and a one-word 'person' that takes
    a plural verb. A country's side keeps the country; a person's name is never a team."""
    groups: dict[str, list[int]] = {}
    for k, m in enumerate(mentions):
        if m.source != "role":
            groups.setdefault(normalize_key(m.canonical), []).append(k)
    out = list(mentions)
    # A sports article: some name in it plays (a country's, a person's too).
    sports = sports_article(doc, mentions)
    person_ends = {m.end_char for m in mentions if m.label == "PERSON" and m.source != "role"} if sports else set()
    # A possessive before a player ('X's Anna Holm') counts where a place's name plays: a band or a
    # singer that 'beat' another in a chart makes no sports article of a music one.
    place_plays = sports and any(m.source != "role" and (m.label in _PLACE_LABELS or is_country(m.canonical)
                                                         or place_population(m.canonical) is not None)
                                 and _plays(doc, m) for m in mentions)
    person_starts = frozenset(m.start_char for m in mentions if m.label == "PERSON" and m.source != "role"
                              and " " in m.canonical.strip()) if place_plays else frozenset()
    person_spans = frozenset((m.start_char, m.end_char) for m in mentions
                             if m.label == "PERSON" and m.source != "role") if sports else frozenset()
    for idx in groups.values():
        ms = [mentions[k] for k in idx]
        name = ms[0].canonical
        if is_country(name) or any(m.label == "PERSON" and (" " in m.canonical or m.label_source in
                                   ("person name", "given name", "title")) for m in ms):
            continue
        places = sum(m.label in _PLACE_LABELS for m in ms)
        people = sum(m.label == "PERSON" for m in ms)
        placey = (places >= people and (places or place_population(name) is not None)) or is_major_place(name)
        # A one-word 'person' that is the subject of a plural verb ('X are top') is a team too.
        team_like_person = people and " " not in name.strip() and any(plural_subject(doc, m) for m in ms)
        if _adjective(doc, ms):
            continue  # 'the Olympic squad', 'an Olympic bronze': an adjective names no side
        if not team_like_person and (not placey or not any(
                plays_as_team(doc, m) or (sports and m.label != "FAC" and plays_in_sports_article(doc, m, person_ends, person_starts, person_spans))
                for m in ms)):
            continue
        for k in idx:
            m = mentions[k]
            if names_the_place(doc, m) and not _at_the_club(doc, m):
                if m.label not in _PLACE_LABELS:
                    out[k] = with_label(m, "GPE", "gazetteer")
            elif m.label != "ORG" or m.label_source != "team":
                out[k] = with_label(m, "ORG", "team")
    return out


# Head nouns of a club's name ('X United'); any other head noun names a body that is no club
# though its name holds a town's ('X City Council', 'X University').
_CLUB_HEADS = frozenset("united rovers athletic wanderers albion rangers hotspur fc afc club".split())


def _club_of_town(name: str, town: str) -> bool:
    """'Real X', 'X United', 'Inter X': a club's name of two or more words, one of them the town's."""
    keys = [normalize_key(w) for w in name.split()]
    return len(keys) >= 2 and town in keys and all(
        k == town or k in _CLUB_HEADS or k not in HEAD_LABELS for k in keys)


# Words before a town's name that make another place of it or say where in it ('North X', 'Greater X',
# 'New X', 'downtown X'): never a club's first word.
_PLACE_PREFIXES = frozenset("""north south east west northern southern eastern western central greater upper lower
                            inner outer new old downtown metropolitan suburban rural""".split())
# Prepositions whose object is where something happens or goes: the town, whatever the verb.
_PLACE_PREPOSITIONS = frozenset("""in at to from into near outside around across throughout within via toward towards
                                beyond through around inside""".split())


def cut_club_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """In a sports article, a town's one-word name right after a capitalised word of its own noun
    phrase that no mention holds ('Real Xtown's win', the model's span cut before 'Xtown'), where a
    side stands (a possessive, a subject, an object), is the club 'Real Xtown'; not when the word
    makes another place of it ('North Xtown'), is a date or a given name ('May Xtown')."""
    if not sports_article(doc, mentions):
        return mentions
    tok = doc_tokens(doc)
    taken = [(m.start_char, m.end_char) for m in mentions]
    out = []
    for m in mentions:
        span = expanded_span(doc, m.start_char, m.end_char) if m.label in ("GPE", "LOC") and m.source != "role" \
            and " " not in m.canonical.strip() and not is_country(m.canonical) else None
        word = tok[span.start - 1] if span is not None and span.start > 0 else None
        if word is not None and len(span) == 1 and not word.is_sent_start and word.is_title and word.is_alpha \
                and len(word.text) > 1 and not word.ent_type_ and word.lower_ not in given_names() \
                and word.head.i == span.root.i and word.dep_ in ("compound", "amod") \
                and span.root.dep_ in ("poss", "nsubj", "nsubjpass", "dobj") \
                and word.lower_ not in _PLACE_PREFIXES and place_population(f"{word.text} {m.canonical}") is None \
                and not any(s <= word.idx < e for s, e in taken):
            m = replace(m, text=doc_text(doc)[word.idx:m.end_char], start_char=word.idx, label="ORG",
                        canonical=f"{word.text} {m.canonical}", label_source="team")
        out.append(m)
    return out


def _club_position(doc: Doc, m: Mention) -> bool:
    """A town's name where a club stands, not where things happen: the subject or object of a verb
    ('X won', 'they beat X'), or the object of 'of', 'for', 'by' after a verb or an adjective
    ('expected of X'); never after a preposition of place ('in X', 'to X'), a dateline or a noun's
    'of' ('the mayor of X')."""
    if names_the_place(doc, m):
        return False
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None:
        return False
    head = span.root
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head.pos_ in ("VERB", "AUX"):
        return True
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ in ("of", "for", "by") and prep.lower_ not in _PLACE_PREPOSITIONS \
        and prep.head.pos_ in ("VERB", "ADJ")


def towns_as_clubs(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """In a sports article (some name in it is a side), a town's name that is a side (ORG) is the
    one club the article names in full whose name holds it ('X' beside 'Real X'), so it never joins
    the town nor another club of that town across articles. The full name must be a club's: it
    plays in the article ('Real X beat ...') or ends with a club's head noun ('X United'); a
    newspaper, a station or a race that holds the town's name is none. Two such clubs (a derby):
    left alone."""
    if not any(m.label_source == "team" or m.source == "results line" for m in mentions):
        return mentions
    names = {m.canonical for m in mentions if m.label == "ORG" and " " in m.canonical.strip() and m.source != "role"
             and all(w[:1].isupper() for w in m.canonical.split())}
    clubs = {n for n in names if normalize_key(n.split()[-1]) in _CLUB_HEADS
             or any(m.canonical == n and (plays_as_team(doc, m) or m.label_source == "team") for m in mentions)}
    out = []
    for m in mentions:
        name = m.canonical
        if m.label == "ORG" and m.source != "role" and " " not in name.strip() \
                and place_population(name) is not None and not is_country(name):
            fits = {c for c in clubs if _club_of_town(c, normalize_key(name))}
            if len(fits) == 1:
                m = replace(m, canonical=next(iter(fits)))
        elif m.label in ("GPE", "LOC") and m.source != "role" and " " not in name.strip() \
                and place_population(name) is not None and not is_country(name):
            # The club the article names in full, where the town's name stands as a side does.
            fits = {c for c in clubs if _club_of_town(c, normalize_key(name))}
            if len(fits) == 1 and _club_position(doc, m):
                m = replace(m, label="ORG", canonical=next(iter(fits)), label_source="team")
        out.append(m)
    return out


# A side's score in a results line: goals or points ('3'), a cricket total ('429', '429-7').
_LINE_SCORE = re.compile(r"^\d{1,3}(?:-\d{1,2})?$")
# A league table's cells: played, won, drawn, lost, goals, points ('12', '.545', '5 1/2', '1-1').
_TABLE_CELL = re.compile(r"^(?:\d{1,4}|\.\d{3}|\d{1,2}/\d{1,2}|\d{1,3}-\d{1,3})$")
# What may follow a side's total in a scorecard ('X 363 (', 'X 290 and 329 ,', 'X 22 points').
_AFTER_TOTAL = frozenset({",", "(", ";", ".", "points", "pts", ":"})


_NAME_THEN_FIGURE = re.compile(r"^[ \t]*[A-Z][^\s\d]*(?:[ \t]+[A-Z][^\s\d]*){0,2}[ \t]+\d[^\n]*", re.MULTILINE)


@lru_cache(maxsize=1)
def _ordinary_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words that are no side's name alone in a results line (both an ordinary word and a
    dictionary noun: 'Total', 'Group'), and any word of either list (elsewhere)."""
    return common_words() & dictionary_words(), dictionary_words() | common_words()


def untagged_sides(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Names of sides the model left untagged, where the line's shape says they play: a results
    line ('X 2 Y 1'), a league table's row ('X 12 8 2 2 20 9 26'), and, in an article where some
    side plays, a name followed by its total in a scorecard ('X 363 ( ... ) , Y 197-8') or on
    either side of 'v' ('May 18 v X'). Each is an organisation (the team); a country keeps its
    side under its own name and label, a name that opens a person's initials is no side."""
    tok = doc_tokens(doc)
    text = doc_text(doc)
    n = len(doc)
    ordinary, words = _ordinary_words()

    def name_at(i: int) -> int:
        """End of the run of capitalised words (at most three) starting at token i, or i."""
        j = i
        while j < n and j - i < 3 and tok[j].is_alpha and tok[j].text[:1].isupper() and "\n" not in tok[j].text:
            j += 1
        return j

    # Only a line that opens with a name and a figure can be a results line or a table's row.
    strong_lines = []
    for line in _NAME_THEN_FIGURE.finditer(text):
        span = expanded_span(doc, line.start(), line.end())
        if span is None:
            continue
        ids = [i for i in range(span.start, span.end) if not tok[i].is_space]
        runs = []  # (start, end) of each name in the line, in order
        p, shape = 0, []
        while p < len(ids):
            i = ids[p]
            end = name_at(i)
            if end > i:
                runs.append((i, end))
                shape.append("N")
                p += end - i
            else:
                shape.append("S" if _LINE_SCORE.match(tok[i].text) else "C" if _TABLE_CELL.match(tok[i].text) else "x")
                p += 1
        s = "".join(shape)
        if re.fullmatch(r"NSNS(?:x.*)?", s) and (len(s) == 4 or tok[ids[4]].text == "("):
            strong_lines.append(runs[:2])
        elif re.fullmatch(r"N[SC]{4,}", s):
            strong_lines.append(runs[:1])
    sports = bool(strong_lines) or any(m.label == "ORG" and m.label_source == "team" for m in mentions)
    if not sports:
        return mentions
    covered = bytearray(n)
    for m in mentions:
        span = expanded_span(doc, m.start_char, m.end_char)
        if span is not None:
            for i in range(span.start, span.end):
                covered[i] = 1
    found: list[tuple[int, int]] = []
    for runs in strong_lines:
        found += [(i, j) for i, j in runs if not (j - i == 1 and tok[i].lower_ in ordinary)]

    def relabels(m: Mention) -> bool:
        return (m.label not in ("ORG", "GPE", "LOC") and not is_country(m.canonical)
                and m.label_source not in ("person name", "given name", "title"))

    one_word = {}
    for k, m in enumerate(mentions):
        span = expanded_span(doc, m.start_char, m.end_char)
        if span is not None and span.end - span.start == 1:
            one_word[span.start] = k
    strong = {(i, j) for runs in strong_lines for i, j in runs}
    # A person's name or surname of the article followed by a figure is a scorer ('X 79, Y 107').
    people = {w for m in mentions if m.label == "PERSON" for w in (m.canonical.split()[-1:] + [m.text])}
    for i in range(n):
        if i > 0 and tok[i - 1].is_alpha and tok[i - 1].text[:1].isupper():
            continue
        if covered[i]:  # a tagged name with a figure after it may be a scorer ('X 79, Y 107')
            continue
        j = name_at(i)
        if j == i or j >= n:
            continue
        if j - i == 1 and (tok[i].lower_ in words or tok[i].pos_ != "PROPN") or doc[i:j].text in people:
            continue
        nxt = tok[j]
        after = tok[j + 1].text if j + 1 < n else "\n"
        if _LINE_SCORE.match(nxt.text) and after == "-" and j + 2 < n and tok[j + 2].is_digit:
            after = tok[j + 3].text if j + 3 < n else "\n"  # '197-8' written as three tokens
        if after == "and":  # 'X 290 and 329 ,' (two innings), not 'X 30 and 36 pct'
            second = j + 2
            after = tok[second + 1].text if second + 1 < n and _LINE_SCORE.match(tok[second].text) else "x"
            if after == "-" and second + 2 < n and tok[second + 2].is_digit:
                after = tok[second + 3].text if second + 3 < n else "\n"
        # A scorecard's entry opens its line or follows a comma ('c X b Y 50' is a bowler).
        opens = i == 0 or "\n" in tok[i - 1].text or "\n" in tok[i - 1].whitespace_ or tok[i - 1].text in (",", ":", ";") \
            or bool(_LINE_SCORE.match(tok[i - 1].text))
        total = opens and _LINE_SCORE.match(nxt.text) and (after in _AFTER_TOTAL or "\n" in after or "\n" in nxt.whitespace_
                                                  or j + 1 == n)
        against = nxt.lower_ == "v" or (i > 0 and tok[i - 1].lower_ == "v")
        if total or against:
            found.append((i, j))
    # A one-word name the model tagged in such a line is the side too, unless a person's or a country's.
    at_token = {k: i for i, k in one_word.items()}
    mentions = [with_label(m, "ORG", "team") if (at_token.get(k, -1), at_token.get(k, -1) + 1) in strong
                and relabels(m) else m for k, m in enumerate(mentions)]
    sent_ord = sentence_index_of(doc)
    out, seen = [], set()
    for i, j in sorted(set(found)):
        if any(covered[i:j]) or (i, j) in seen:
            continue
        if i > 0 and re.fullmatch(r"[A-Z]\.", tok[i - 1].text):
            continue  # 'R. Kettleborough 108': a player's initial, then his score
        span = doc[i:j]
        name = span.text
        if is_country(name) or given_name_gender(tok[i].text) and j - i > 1:
            continue
        seen.add((i, j))
        out.append(Mention(name, "ORG", "", span.start_char, span.end_char, sent_ord.get(span.sent.start, 0),
                           name, "results line", "team"))
    return mentions + out
