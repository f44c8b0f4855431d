"""Which names of a body the warehouse takes as its names: short forms stated in articles
(acronyms, clipped forms, a firm's first word) as aliases across articles, and the longer
written forms (with a country's short name, designators, an owner's acronym) that stand for a
body it already knows. Part of the entities stage (and of its code version)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import duckdb

from pipelines.core.entities import ALIASES, COMPANY_DESIGNATORS, normalize_key
from pipelines.core.entities.names import CHAMBER_NAMES
from pipelines.core.entities.knowledge import is_country, place_country
from pipelines.core.entities.acronyms import acronym_letters, firm_first_word, first_word_form


# The share of an ambiguous short form's mentions its commonest full name must have to take it as an alias.
AMBIGUOUS_SHORT_FORM_SHARE = 2 / 3


def short_form_aliases(rows: list[tuple[str, str, str, int]]) -> dict[tuple[str, str], set[str]]:
    """(label, full name) -> the short forms articles state for it (text, full name, label, mentions).
    A short form stated for several full names goes to the one with AMBIGUOUS_SHORT_FORM_SHARE of its
    mentions, or to none."""
    by_short: dict[str, Counter] = {}
    by_full: dict[str, Counter] = {}
    for text, full, _, n in rows:
        by_short.setdefault(normalize_key(text), Counter())[_body(full)] += n
        by_full.setdefault(normalize_key(text), Counter())[full] += n
    clusters = {short: _spellings_of_one_body(bodies) for short, bodies in by_short.items()}
    out: dict[tuple[str, str], set[str]] = {}
    for text, full, label, _ in rows:
        short = normalize_key(text)
        fulls, cluster = by_short[short], clusters[short]
        mine = sum(n for b, n in fulls.items() if cluster[b] == cluster[_body(full)])
        # Of one body's spellings ('X Organisation' / 'X Organization'), the commonest takes it.
        alike = [f for f in by_full[short] if cluster[_body(f)] == cluster[_body(full)]]
        first = min(alike, key=lambda f: (-by_full[short][f], f))
        if mine >= AMBIGUOUS_SHORT_FORM_SHARE * sum(fulls.values()) and _body(first) == _body(full):
            out.setdefault((label, full), set()).add(text)
    return out


# Words a body's name may be written with or without ('X and Y Commission', 'X of Y').
_CONNECTORS = frozenset({"and", "&", "of", "for", "the"})
# Two written forms of one body's name at least this similar (rapidfuzz ratio, 0-100) are spellings of it.
_SAME_BODY_SIMILARITY = 90


def _body(full: str) -> str:
    """The body a full name names, as a key: 'XY Group' and 'XY Group Inc', 'US Food and Drug
    Administration' and 'Food and Drug Administration', '-isation' and '-ization' are one body."""
    words = normalize_key(without_country(full) or full).split()
    while len(words) > 1 and words[-1].rstrip(".") in COMPANY_DESIGNATORS:
        words.pop()
    return " ".join(w.replace("isation", "ization") for w in words if w not in _CONNECTORS)


def _spellings_of_one_body(bodies: Iterable[str]) -> dict[str, int]:
    """Body key -> a cluster number: keys nearly alike (a letter doubled or dropped: a typo) are one body."""
    from rapidfuzz import fuzz

    cluster: dict[str, int] = {}
    for k, body in enumerate(sorted(bodies)):
        cluster[body] = next((cluster[other] for other in cluster
                              if fuzz.ratio(body, other) >= _SAME_BODY_SIMILARITY), k)
    return cluster


def without_commoner_first_words(con: duckdb.DuckDBPyConnection,
                                   aliases: dict[tuple[str, str], set[str]]) -> dict[tuple[str, str], set[str]]:
    """The short forms without a firm's first word ('XY' of 'XY Lynch') that the warehouse writes
    alone as a name of its own in more articles than the firm's name, or in as many when their
    articles name no rare name in common: one article naming a big company's unit, product or event
    ('XY Europe', 'XY Cup') beside it must not take the company's common name for it everywhere
    (inside that article the join stays)."""
    firm_words = {(text, full) for (_, full), texts in aliases.items() for text in texts
                  if firm_first_word(text, full) and not first_word_form(text, full)}
    if not firm_words:
        return aliases
    names = sorted({n for pair in firm_words for n in pair})
    articles = dict(con.execute(
        "SELECT canonical_name, count(DISTINCT article_id) FROM mentions WHERE canonical_name IN "
        f"({', '.join('?' * len(names))}) "
        "GROUP BY ALL", names).fetchall())
    commoner = {pair for pair in firm_words if articles.get(pair[0], 0) > articles.get(pair[1], 0)
                or (articles.get(pair[0], 0) == articles.get(pair[1], 0) and not _share_rare_names(con, *pair))}
    out = {}
    for (label, full), texts in aliases.items():
        kept = {t for t in texts if (t, full) not in commoner}
        if kept:
            out[(label, full)] = kept
    return out


def _share_rare_names(con: duckdb.DuckDBPyConnection, bare: str, full: str) -> bool:
    """Whether the articles writing `bare` alone and those writing `full` name a rare name in common
    (any label, neither of the two; named in at most 1 % of the articles that name anything, at least
    2): on a tie of their articles, the evidence that the bare word is that firm's name elsewhere."""
    return bool(con.execute("""
        WITH named AS (SELECT count(DISTINCT article_id) AS n FROM mentions),
             freq AS (SELECT label, canonical_name, count(DISTINCT article_id) AS n FROM mentions GROUP BY ALL),
             around AS (SELECT DISTINCT m.label, m.canonical_name, b.canonical_name AS side FROM mentions m
                        JOIN (SELECT DISTINCT article_id, canonical_name FROM mentions
                              WHERE canonical_name IN ($bare, $full)) b USING (article_id)
                        WHERE m.canonical_name NOT IN ($bare, $full))
        SELECT count(*) FROM around x JOIN around y USING (label, canonical_name) JOIN freq f USING (label, canonical_name)
        WHERE x.side = $bare AND y.side = $full AND f.n <= greatest(2, (SELECT n FROM named) // 100)""",
        {"bare": bare, "full": full}).fetchone()[0])


def without_country(name: str) -> str | None:
    """'U.S. Grain Standards Agency' -> 'Grain Standards Agency': a body's name of three words or more
    after its country's common short name (names.ALIASES: 'U.S.', 'UK', 'Britain'). A shorter rest
    ('U.S. Treasury', 'UK Finance Ministry') names a kind of body many countries have."""
    first, _, rest = name.strip().partition(" ")
    country = ALIASES.get(normalize_key(first))
    if country is None or country.startswith(("European", "United Nations")) or len(rest.split()) < 3:
        return None
    return rest


def country_and_rest(name: str) -> tuple[str, str] | None:
    """('united states', 'Federal Reserve') for 'U.S. Federal Reserve': a name after a country's name
    or common short name (names.ALIASES), the country's key first; None when it starts with none."""
    first, _, rest = name.strip().partition(" ")
    if not rest:
        return None
    alias = ALIASES.get(normalize_key(first))
    if alias is not None:
        return (None if alias.startswith(("European", "United Nations")) else normalize_key(alias)), rest
    return (normalize_key(first), rest) if is_country(first) else None


# Nouns of a kind of body every country has: a two-word rest ending in one ('Trade Office') after a
# country's name is that country's body of the kind, never one body of that name.
BODY_KIND_NOUNS = frozenset("""ministry office department agency bureau bank commission council committee court
                            treasury service authority board administration embassy government police army navy
                            union association federation party""".split())


def one_country_bodies(org_names: Iterable[str]) -> set[str]:
    """Keys of two-word body names ('Xx Reserve') the warehouse writes after one country's name only
    and that end in no kind of body (BODY_KIND_NOUNS): one country's own body, where a rest written
    after several ('UK Xx Yy', 'Japan Xx Yy') names a kind of body many countries have."""
    seen: dict[str, set[str]] = {}
    for name in org_names:
        split = country_and_rest(name)
        if split is not None and split[0] is not None and len(split[1].split()) == 2 \
                and split[1].split()[-1].lower() not in BODY_KIND_NOUNS:
            seen.setdefault(normalize_key(split[1]), set()).add(split[0])
    return {rest for rest, countries in seen.items() if len(countries) == 1}


# A body's kind word after its name ('X Y Board' for the 'X Y' the warehouse knows): the same body.
BODY_KIND_TAILS = frozenset({"board"})


def without_kind_tail(name: str) -> str | None:
    """'Xx Yy Board' -> 'Xx Yy': a body's name of two words or more without a trailing kind word."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) >= 3 and words[-1].lower() in BODY_KIND_TAILS else None


def without_designator(name: str) -> str | None:
    """'XY Motors Corp' -> 'XY Motors': a company's name without its trailing designators."""
    words = name.split()
    cut = len(words)
    while cut > 1 and words[cut - 1].lower().rstrip(".") in COMPANY_DESIGNATORS:
        cut -= 1
    return " ".join(words[:cut]) if cut < len(words) else None


# Designators of a company that owns others: 'X Holdings' is X's owner, written for X's body but
# never its name (a club, a bank or a brand is known by its own name, not its holding company's).
HOLDING_DESIGNATORS = frozenset({"holdings"})


def holding_name(name: str) -> bool:
    """'X Holdings', 'X Holdings plc': a holding company's name (its designators name an owner)."""
    words = [w.lower().rstrip(".") for w in name.split()]
    while len(words) > 1 and words[-1] in COMPANY_DESIGNATORS:
        if words.pop() in HOLDING_DESIGNATORS:
            return True
    return False


def known_body(name: str, org_keys: set[str], one_country: set[str] = frozenset()) -> str | None:
    """The shorter name of a body the warehouse knows that `name` is written for: without its
    country's short name (`without_country`; a two-word rest too when it is in `one_country`, see
    `one_country_bodies`), without its company designators ('XY Corp' is 'XY' when 'XY' is known),
    or both, or without a trailing kind word ('Xx Yy Board'); None when there is none."""
    forms = []
    split = country_and_rest(name)
    if split is not None and split[0] is not None and normalize_key(split[1]) in one_country:
        forms.append(split[1])
    tail = without_kind_tail(name)
    if tail is not None:
        forms.append(tail)
    for first in (without_designator(name), without_country(name)):
        if first is not None:
            forms.append(first)
            second = without_country(first) or without_designator(first)
            if second is not None:
                forms.append(second)
    return next((f for f in forms if normalize_key(f) in org_keys and normalize_key(f) != normalize_key(name)), None)


def written_with_bare(con: duckdb.DuckDBPyConnection, designated: dict[str, str]) -> set[str]:
    """The names of `designated` ('X Holdings' -> 'X') some article writes beside its bare name as a
    body ('X' tagged ORG in the same article)."""
    if not designated:
        return set()
    rows = con.execute("""SELECT DISTINCT a.canonical_name, b.text FROM mentions a JOIN mentions b USING (article_id)
                          WHERE a.canonical_name IN (SELECT unnest(?)) AND b.label = 'ORG'
                            AND b.text <> a.text""", [sorted(designated)]).fetchall()
    return {name for name, text in rows if normalize_key(text) == normalize_key(designated[name])}


def owned_names(names: Iterable[str], org_keys: set[str]) -> dict[str, str]:
    """A body's name without its owner's acronym in front ('Radio Nine' of 'KBC Radio Nine', where the
    warehouse knows 'KBC' as a body) -> that full name, for tails of two words or more, the first
    capitalised, not only designators, that end one full name only. An owner's word is no acronym
    ('Royal Bank of X' is not the 'Bank of X'), and a list ('X, Y') is no name."""
    fulls: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) < 3 or "," in name or acronym_letters(words[0]) is None \
                or normalize_key(words[0]) not in org_keys or not words[1][:1].isupper():
            continue
        if not all(w.lower().rstrip(".") in COMPANY_DESIGNATORS for w in words[1:]):
            fulls.setdefault(normalize_key(" ".join(words[1:])), set()).add(name)
    return {tail: next(iter(f)) for tail, f in fulls.items() if len(f) == 1}


# One-word names of a body every country has one of ('the Senate', 'the Treasury'): after a country's
# name that country's, written alone the one of the country the article is about.
NATIONAL_BODY_NOUNS = CHAMBER_NAMES | frozenset({"treasury", "administration", "government", "cabinet", "army", "navy"})


def country_bodies(org_names: Iterable[str]) -> dict[str, dict[str, str]]:
    """One-word rest's key -> {country's key: full name} for the body names after a country's name or
    short name whose rest is a national body's one word (NATIONAL_BODY_NOUNS: 'U.S. Senate' ->
    {'senate': {'united states': 'U.S. Senate'}}): a body every country has one of, which the bare
    word names only in an article about that country (see `article_countries`). A country's bank,
    house or office is one of many, and a rest of another word may be no body at all."""
    out: dict[str, dict[str, str]] = {}
    for name in sorted(org_names):
        split = country_and_rest(name)
        if split is None or split[0] is None or " " in split[1].strip() or not split[1][:1].isupper() \
                or split[1].lower() not in NATIONAL_BODY_NOUNS:
            continue
        out.setdefault(normalize_key(split[1]), {}).setdefault(split[0], name)
    return out


def _country_key(name: str) -> str | None:
    key = normalize_key(name)
    if key in ALIASES:
        alias = ALIASES[key]
        return None if alias.startswith(("European", "United Nations")) else normalize_key(alias)
    return key if is_country(key) else None


def article_countries(con: duckdb.DuckDBPyConnection, label: str, name: str) -> dict[str, str]:
    """article id -> the article's country, for the articles where `name` (label `label`) is not linked
    yet: the country it names most often as a place (by its name or short name: 'U.S.', 'Britain'),
    more often than any other. An article naming no country (wire copy whose dateline was dropped)
    is read by its cities and states ('Xtown', 'Ohio': the gazetteer's country) and the bodies it
    names after a country ('U.S. Xx Agency'); two countries as often, or none, is no country."""
    rows = con.execute("""
        SELECT m.article_id, m.label, m.canonical_name, count(*) FROM mentions m
        WHERE m.label IN ('GPE', 'ORG') AND m.article_id IN (SELECT article_id FROM mentions
                                                   WHERE label = ? AND canonical_name = ? AND entity_id IS NULL)
        GROUP BY ALL""", [label, name]).fetchall()
    named: dict[str, Counter] = {}
    placed: dict[str, Counter] = {}
    for article, kind, place, n in rows:
        if kind == "GPE" and (country := _country_key(place)) is not None:
            named.setdefault(article, Counter())[country] += n
            continue
        country = place_country(place) if kind == "GPE" else (country_and_rest(place) or (None, ""))[0]
        if country is not None:
            placed.setdefault(article, Counter())[country] += n
    out = {}
    for article in named.keys() | placed.keys():
        (top, n), *rest = (named.get(article) or placed[article]).most_common(2) + [(None, 0)]
        if n > rest[0][1]:
            out[article] = top
    return out
