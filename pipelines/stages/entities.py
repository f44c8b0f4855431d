"""Stage 4: mentions, speakers and claim subjects -> entities.

Incremental: the names not yet linked are resolved against the warehouse through the
`entity_keys` index (normalized form and surname), so only the entities that could match
are loaded. Ids come from an order-independent canonical name; when a batch changes an
entity's canonical name (or merges two), the old id goes to `entity_aliases` and every row
that used it is relinked, so nothing dangles.

Every entity row carries the code version it was resolved with (pipelines/code_versions.py,
entities_version: pipelines/core/entities and this module). When the version differs, the run
unlinks every name, drops the entities and their keys, and resolves
everything again as a fresh build would, in one transaction; an id that no longer names an entity
goes to `entity_aliases` (reason 'code version') pointing at the entity its names resolve to now.

Rows linked to an entity can also go away: an article parsed again (its text changed, or another
NLP version) loses its old rows, an article the cleaning code now rejects loses all of them. Each
entity records how many rows linked to it when the stage last wrote it (`linked_rows`); an entity
fewer rows link to now is resolved again the same way, limited to its names: its rows are
unlinked and resolved with the run's new names, so its name, label, aliases and counts are what
a fresh build gives from the rows left. Its id, if it no longer names an entity, goes to
`entity_aliases` (reason 'mentions changed'); an entity no row links to any more leaves
`entities` for `retired_entities` (its last row), as a fresh build never makes it.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines import code_versions, warehouse
from pipelines.core.entities import (EntityRegistry, RegisteredEntity, entity_id_for, family_of, is_noise_name,
                                     normalize_key, surname_key)
from pipelines.core.entities.knowledge import given_names
from pipelines.core.entities.registry import surname_evidence
from pipelines.stages import entity_generations, entity_names
from pipelines.stages._common import utcnow

# Rows of an article held back by a failed check (view held_back) are not linked until released.
_NOT_HELD = ("NOT EXISTS (SELECT 1 FROM dq_checked d WHERE d.article_id = {table}.article_id AND NOT d.passed "
             "AND d.suite <> 'entities')")


@dataclass
class EntitiesReport:
    names_resolved: int = 0
    entities_created: int = 0
    entities_total: int = 0
    entities_renamed: int = 0
    candidates_loaded: int = 0
    re_resolved_because: str | None = None  # set when a code version change re-resolved every name
    entities_re_resolved: int = 0  # entities resolved again because rows linked to them went away
    entities_retired: int = 0  # entities no row links to any more


# Every name the entities stage links: (table, label column, name column, entity id column).
_LINKED_NAMES = (
    ("mentions", "label", "canonical_name", "entity_id"),
    ("quotes", "speaker_label", "speaker", "speaker_entity_id"),
    ("quotes", "reported_by_label", "reported_by", "reported_by_entity_id"),
    ("numeric_claims", "about_label", "about", "entity_id"),
)
# Families whose names are one entity across labels, decided by the warehouse's vote (see _votes);
# events, works and laws vote among themselves ('X Cup' EVENT in ten articles, LAW in two).
_VOTING_FAMILIES = ("PERSON", "ORG", "PLACE", "NORP", "PRODUCT")
_THINGS = ("EVENT", "WORK_OF_ART", "LAW")


def _vote_family(label: str) -> str:
    return "THING" if label in _THINGS else family_of(label)


def _votes(label: str, name: str) -> bool:
    """Names whose label the warehouse votes on: places, organisations, groups, events, works and
    laws, and person names without a given name ('Kyiv', a nationality, 'Tarn Vel' tagged PERSON); a
    person's full name ('Anna Holmgren') stays a person."""
    words = name.split()
    if label in _THINGS:
        return True
    return family_of(label) in _VOTING_FAMILIES and (
        family_of(label) != "PERSON" or len(words) < 2 or words[0].lower().rstrip(".") not in given_names())


def _backfill_keys(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse written before entity_keys existed gets its index once."""
    if con.execute("SELECT count(*) FROM entity_keys").fetchone()[0] or \
            not con.execute("SELECT count(*) FROM entities").fetchone()[0]:
        return
    rows = con.execute("SELECT entity_id, label, name, aliases FROM entities").fetchall()
    warehouse.insert_frame(con, "entity_keys", _key_frame(
        RegisteredEntity(eid, name, label, set(aliases)) for eid, label, name, aliases in rows))


def _key_frame(entities) -> pl.DataFrame:
    rows = []
    for e in entities:
        fam = family_of(e.label)
        for key in sorted({normalize_key(a) for a in {e.name, *e.aliases}} - {""}):
            rows.append({"name_key": key, "family": fam, "surname": surname_key(key), "entity_id": e.entity_id})
    return pl.DataFrame(rows, schema={"name_key": pl.Utf8, "family": pl.Utf8, "surname": pl.Utf8,
                                      "entity_id": pl.Utf8})


def _candidates(con: duckdb.DuckDBPyConnection, names: list[tuple[str, str, int]]) -> list[tuple]:
    """Existing entities a batch could resolve to: same normalized form (any family, for the
    label vote), or a person whose surname equals or nearly equals (same first or last three
    letters) a new surname."""
    keys = sorted({normalize_key(n) for _, n, _ in names} - {""})
    last = sorted({surname_key(k) for k in keys})
    if not keys:
        return []
    return con.execute("""
        SELECT e.entity_id, e.name, e.label, e.aliases, e.mention_count, e.label_source = 'team' FROM entities e
        WHERE e.entity_id IN (
            SELECT entity_id FROM entity_keys WHERE name_key IN (SELECT unnest(?))
            UNION
            SELECT entity_id FROM entity_keys WHERE family = 'PERSON'
              AND (surname IN (SELECT unnest(?)) OR (length(surname) >= 5 AND
                   (left(surname, 3) IN (SELECT left(unnest(?), 3)) OR right(surname, 3) IN (SELECT right(unnest(?), 3))))))
    """, [keys, last, last, last]).fetchall()


def entity_frame(rows: list[dict]) -> pl.DataFrame:
    """Entity rows as a frame; every row decides the types (a noise reason may first appear at row 500)."""
    return pl.DataFrame(rows, schema_overrides={"aliases": pl.List(pl.Utf8)}, infer_schema_length=None)


def unlinked_names_sql() -> str:
    """The stage's question, one definition (the nothing-pending check asks it too): (label, name,
    n) of the names not linked to an entity yet, outside held-back articles (one row per table)."""
    return " UNION ALL ".join(
        f"SELECT {label} AS label, {name} AS name, count(*) AS n FROM {table} "
        f"WHERE {entity_id} IS NULL AND {label} IS NOT NULL AND {name} IS NOT NULL "
        f"AND {_NOT_HELD.format(table=table)} GROUP BY ALL"
        for table, label, name, entity_id in _LINKED_NAMES)


def entities_out_of_date(con: duckdb.DuckDBPyConnection) -> str | None:
    """The stage's other question (the nothing-pending check asks it too): None when every entity
    was resolved by the current code version, else what changed since (for the run summary)."""
    version = code_versions.entities_version()
    old = con.execute("SELECT DISTINCT code_version FROM entities WHERE code_version IS DISTINCT FROM ? "
                      "ORDER BY code_version NULLS FIRST LIMIT 1", [version.version]).fetchall()
    if not old:
        return None
    manifest = con.execute("SELECT any_value(manifest) FROM code_versions WHERE stage = 'entities' AND version = ?",
                           [old[0][0]]).fetchone()[0]
    return version.describe_change(json.loads(manifest) if manifest else None)


def _linked_counts_sql() -> str:
    """(entity_id, n): the rows linked to each entity now, in every table the stage links."""
    return "SELECT entity_id, count(*) AS n FROM (" + " UNION ALL ".join(
        f"SELECT {entity_id} AS entity_id FROM {table} WHERE {entity_id} IS NOT NULL"
        for table, _label, _name, entity_id in _LINKED_NAMES) + ") GROUP BY entity_id"


def entities_with_removed_rows(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The stage's third question (the nothing-pending check asks it too): the entities that fewer
    rows link to than when the stage last wrote them (rows removed since: an article parsed again or
    gone), to be resolved again from the rows left. An entity written before the stage recorded its
    linked rows counts too (its code version differs as well, so every name is resolved again)."""
    return [eid for (eid,) in con.execute(f"""
        SELECT e.entity_id FROM entities e LEFT JOIN ({_linked_counts_sql()}) l USING (entity_id)
        WHERE e.linked_rows IS NULL OR coalesce(l.n, 0) <> e.linked_rows ORDER BY 1""").fetchall()]


def run_entities(con: duckdb.DuckDBPyConnection, run_id: str) -> EntitiesReport:
    """Resolve unlinked mentions, speakers and claim subjects to entities; refresh counts. When the
    entities were resolved by another code version, every name is resolved again first; when rows
    linked to some entities went away, those entities' names are (see above)."""
    from pipelines.stages.nlp import record_code_version

    version = code_versions.entities_version()
    record_code_version(con, version, run_id)
    changed = entities_out_of_date(con)
    affected = None if changed is not None else entities_with_removed_rows(con)
    if changed is None and not affected:
        return _resolve(con, run_id, version.version, in_transaction=False)
    con.execute("BEGIN TRANSACTION")
    try:
        _unlink(con, affected)
        report = _resolve(con, run_id, version.version, in_transaction=True)
        report.entities_retired = _retire_vanished_ids(con, run_id,
                                                       "code version" if changed is not None else "mentions changed")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    report.re_resolved_because = changed
    report.entities_re_resolved = len(affected or ())
    return report


def _unlink(con: duckdb.DuckDBPyConnection, entity_ids: list[str] | None) -> None:
    """Before a re-resolution of the given entities (None: all of them): remember their rows (temp
    table _old_entities) and which of them each linked name had (_old_links), unlink those names, and
    drop the entities and their keys. Names of held-back articles stay unlinked until released, as
    new ones do (their entities may be gone)."""
    which = "IS NOT NULL" if entity_ids is None else "IN (SELECT entity_id FROM _old_entities)"
    con.execute("CREATE OR REPLACE TEMP TABLE _old_entities AS SELECT entity_id, name, label, aliases FROM entities"
                + ("" if entity_ids is None else " WHERE entity_id IN (SELECT unnest(?))"),
                [] if entity_ids is None else [entity_ids])
    con.execute("CREATE OR REPLACE TEMP TABLE _old_links AS " + " UNION ALL ".join(
        f"SELECT {label} AS label, {name} AS name, {entity_id} AS entity_id, count(*) AS n FROM {table} "
        f"WHERE {entity_id} {which} GROUP BY ALL" for table, label, name, entity_id in _LINKED_NAMES))
    for table, _label, _name, entity_id in _LINKED_NAMES:
        con.execute(f"UPDATE {table} SET {entity_id} = NULL WHERE {entity_id} {which}")
    if entity_ids is None:
        con.execute("DELETE FROM entity_keys")
    else:
        con.execute("DELETE FROM entity_keys WHERE entity_id IN (SELECT entity_id FROM _old_entities)")
    con.execute("DELETE FROM entities WHERE entity_id IN (SELECT entity_id FROM _old_entities)")


def _retire_vanished_ids(con: duckdb.DuckDBPyConnection, run_id: str, reason: str) -> int:
    """After a re-resolution: an id that names no entity now resolves (entity_aliases, with `reason`)
    to the entity its former names link to most now, and aliases that pointed at it follow. An id
    none of whose names links anywhere now is retired: its last row goes to retired_entities, with
    the ids renamed or merged into it. Returns the number of entities retired."""
    current_links = " UNION ALL ".join(
        f"SELECT {label} AS label, {name} AS name, {entity_id} AS entity_id, count(*) AS n FROM {table} "
        f"WHERE {entity_id} IN (SELECT entity_id FROM entities) GROUP BY ALL"
        for table, label, name, entity_id in _LINKED_NAMES)
    mapping = con.execute(f"""
        SELECT old, first(new ORDER BY weight DESC, new) AS new FROM (
            SELECT o.entity_id AS old, l.entity_id AS new, sum(o.n * l.n) AS weight
            FROM _old_links o JOIN ({current_links}) l USING (label, name)
            WHERE o.entity_id NOT IN (SELECT entity_id FROM entities)
            GROUP BY ALL)
        GROUP BY old ORDER BY old""").pl()
    con.execute("DROP TABLE _old_links")
    now = utcnow()
    if not mapping.is_empty():
        con.register("_vanished", mapping.to_arrow())
        con.execute("UPDATE entity_aliases SET entity_id = v.new FROM _vanished v WHERE entity_aliases.entity_id = v.old")
        con.execute("DELETE FROM entity_aliases WHERE alias_id IN (SELECT old FROM _vanished)")
        con.execute("INSERT INTO entity_aliases SELECT old, new, ?, ?, ? FROM _vanished",
                    [reason, now, run_id])
        con.unregister("_vanished")
    con.execute("DELETE FROM entity_aliases WHERE alias_id IN (SELECT entity_id FROM entities)")
    # An id left with no entity and no successor: no row links to it or to its names any more.
    con.execute("""CREATE OR REPLACE TEMP TABLE _retired AS SELECT * FROM _old_entities
                   WHERE entity_id NOT IN (SELECT entity_id FROM entities)
                     AND entity_id NOT IN (SELECT alias_id FROM entity_aliases)""")
    retired = con.execute("SELECT count(*) FROM _retired").fetchone()[0]
    con.execute("""DELETE FROM retired_entities WHERE entity_id IN (SELECT entity_id FROM _retired)
                   OR entity_id IN (SELECT alias_id FROM entity_aliases
                                    WHERE entity_id IN (SELECT entity_id FROM _retired))""")
    con.execute("""INSERT INTO retired_entities
                   SELECT entity_id, name, label, aliases, 'no mentions', $now, $run FROM _retired
                   UNION ALL
                   SELECT a.alias_id, r.name, r.label, r.aliases, 'no mentions', $now, $run
                   FROM entity_aliases a JOIN _retired r USING (entity_id)""", {"now": now, "run": run_id})
    con.execute("DELETE FROM entity_aliases WHERE entity_id IN (SELECT entity_id FROM _retired)")
    con.execute("DROP TABLE _retired")
    con.execute("DROP TABLE _old_entities")
    return retired


def _country_body_links(con: duckdb.DuckDBPyConnection, joined: dict[tuple[str, str], RegisteredEntity],
                        final, org_written: set[str]) -> dict[tuple[str, str], dict[str, str]]:
    """(label, one-word body name) -> {article id: entity id} for the articles whose country (the one
    they name most) is the country of a body the warehouse writes as that country's name or short name
    and the word ('Xxcouncil' in an article about the U.S., beside 'U.S. Xxcouncil' elsewhere): there
    the word is that country's body; in other articles it stays its own entity (another country's
    body of the kind). The country's bodies are read from this run's names and the warehouse's."""
    bare = {(label, name): e for (label, name), e in joined.items()
            if family_of(e.label) == "ORG" and " " not in name.strip()}
    if not bare:
        return {}
    words = sorted({normalize_key(name) for _, name in bare})
    known = {a for (aliases,) in con.execute(
        """SELECT e.aliases FROM entities e WHERE e.entity_id IN (
               SELECT entity_id FROM entity_keys WHERE family = 'ORG' AND name_key LIKE '% %'
                 AND string_split(name_key, ' ')[-1] IN (SELECT unnest(?)))""", [words]).fetchall() for a in aliases}
    bodies = entity_names.country_bodies(org_written | known)
    if not bodies:
        return {}
    # The entity each full name links to: this run's, else the warehouse's.
    full_ids = {normalize_key(name): final(e) for (label, name), e in joined.items() if family_of(e.label) == "ORG"}
    wanted = sorted({normalize_key(f) for by in bodies.values() for f in by.values()} - set(full_ids))
    if wanted:
        full_ids |= dict(con.execute("SELECT name_key, any_value(entity_id) FROM entity_keys WHERE family = 'ORG' "
                                     "AND name_key IN (SELECT unnest(?)) GROUP BY name_key", [wanted]).fetchall())
    out: dict[tuple[str, str], dict[str, str]] = {}
    for (label, name), e in sorted(bare.items()):
        homes = {country: full_ids[normalize_key(full)]
                 for country, full in bodies.get(normalize_key(name), {}).items() if normalize_key(full) in full_ids}
        if not homes:
            continue
        links = {article: homes[country]
                 for article, country in entity_names.article_countries(con, label, name).items()
                 if country in homes and homes[country] != final(e)}
        if links:
            out[(label, name)] = links
    return out


def _resolve(con: duckdb.DuckDBPyConnection, run_id: str, version: str, *, in_transaction: bool) -> EntitiesReport:
    """The incremental resolution of the unlinked names (written in its own transaction unless
    `in_transaction`: the caller's)."""
    now = utcnow()
    report = EntitiesReport()
    _backfill_keys(con)
    names = con.execute(unlinked_names_sql()).fetchall()
    merged: Counter = Counter()
    for label, name, n in names:
        merged[(label, name)] += n
    names = [(label, name, n) for (label, name), n in merged.items()]
    candidates = _candidates(con, names) if names else []
    report.candidates_loaded = len(candidates)
    registry = EntityRegistry(
        (RegisteredEntity(eid, name, label, set(aliases), Counter({label: max(1, count or 0)}))
         for eid, name, label, aliases, count, _ in candidates),
        # The evidence reads every person mention of the warehouse: only when there are names to resolve.
        surnames=surname_evidence(
            con.execute("SELECT article_id, canonical_name, label_source, text FROM mentions WHERE label = 'PERSON'").fetchall(),
            con.execute("SELECT DISTINCT article_id, label, canonical_name FROM mentions WHERE label <> 'PERSON'").fetchall())
        if names else None)
    # A club named after its town ('Surrey' that plays) is not the town: its names take no part in
    # the vote, so the team and the place stay two entities.
    teams = {normalize_key(n) for (n,) in con.execute(
        "SELECT DISTINCT canonical_name FROM mentions WHERE entity_id IS NULL AND label_source = 'team'").fetchall()}
    # Names a product's own words mark somewhere ('X users', 'versions of X', 'the X operating system').
    products = {normalize_key(n) for (n,) in con.execute(
        "SELECT DISTINCT canonical_name FROM mentions WHERE entity_id IS NULL AND label_source = 'product' "
        "AND label = 'PRODUCT'").fetchall()}
    team_entities = {eid for eid, *_, team in candidates if team}
    existing = [row[:5] for row in candidates if row[0] not in team_entities]
    before = set(registry.entities)

    # An acronym an article states or uses with its full name ('International Monetary Fund ... IMF')
    # is an alias of the full name's entity, so the acronym alone in other articles finds it.
    # An acronym stated for two different full names ('EC' for two bodies) is the alias of the one
    # most of its mentions stand for, and only when that one has at least AMBIGUOUS_SHORT_FORM_SHARE
    # of them; otherwise of neither: an acronym alone in another article must not join the wrong body.
    acronyms = entity_names.short_form_aliases(con.execute(
        "SELECT text, canonical_name, label, count(*) FROM mentions "
        "WHERE entity_id IS NULL AND label_source = 'acronym' AND text <> canonical_name GROUP BY ALL").fetchall())
    acronyms = entity_names.without_commoner_first_words(con, acronyms)
    # A clipped name an article states ('Lib Dems' beside 'Liberal Democrats') takes its full name's
    # label wherever it is written (the model calls it a person or an organisation by turns).
    clipped: dict[str, set[tuple[str, str]]] = {}  # clipped name's key -> (label, full name) stated for it
    for (label, full), texts in acronyms.items():
        for text in texts:
            if " " in text.strip():
                clipped.setdefault(normalize_key(text), set()).add((label, full))

    # One label per name across the warehouse: the family with the most mentions wins ('Kyiv'
    # tagged PERSON in one article and GPE in ten is the place; 'Truth Social' ORG twice, GPE once).
    votes: dict[str, Counter] = {}
    for label, name, n in names:
        if _votes(label, name) and not (label == "ORG" and normalize_key(name) in teams):
            votes.setdefault(normalize_key(name), Counter())[label] += n
    for eid, name, label, aliases, count in existing:
        for alias in {name, *aliases}:
            if _votes(label, alias) and normalize_key(alias) in votes:
                votes[normalize_key(alias)][label] += count or 0
    winner: dict[str, str] = {}
    for key, counter in votes.items():
        fams = Counter()
        for label, n in counter.items():
            # A club's name written like a person's ('at X', 'face X' tagged PERSON) is the club.
            fams["ORG" if label == "PERSON" and key in teams else _vote_family(label)] += n
        top_family = max(sorted(fams), key=lambda f: fams[f])
        # A tie between a place and a product whose own words some article writes: the product
        # (an operating system named like a place is written 'X' alone as often as 'X users').
        if top_family == "PLACE" and key in products and fams["PRODUCT"] == fams["PLACE"]:
            top_family = "PRODUCT"
        if top_family == "ORG" and key in teams and counter["PERSON"]:
            winner[key] = "ORG"
        elif len(fams) > 1 or (top_family == "THING" and len(counter) > 1):
            winner[key] = max(sorted(lbl for lbl in counter if _vote_family(lbl) == top_family), key=lambda x: counter[x])
    # The label a clipped name takes: its full name's, as the vote decided it (the commonest if the
    # articles state it for more than one form: 'Lib Dem' for 'Liberal Democrat' and '... Democrats').
    for key, fulls in clipped.items():
        labels = Counter(winner.get(normalize_key(full), label) for label, full in fulls)
        target = max(sorted(labels), key=lambda lbl: labels[lbl])
        if key in votes and any(family_of(lbl) != family_of(target) for lbl in votes[key]):
            winner[key] = target
    voted: set[str] = set()
    # Existing single-word entities of a losing family join the winner.
    for eid, name, label, aliases, count in existing:
        key = normalize_key(name)
        if not _votes(label, name) or key not in winner or family_of(winner[key]) == family_of(label):
            continue
        loser = registry.remove(eid)
        if loser is None:
            continue
        target = None
        for alias in sorted(loser.aliases):
            target = registry.resolve(winner[key], alias, max(1, count or 0))
        if target is not None:
            registry.renamed[eid] = target.entity_id
            voted.add(target.entity_id)

    # Fuller names first, so 'Vladimir Putin' exists before 'Putin' looks for it; clipped names
    # after every full name, so 'Liberal Democrats' holds the alias 'Lib Dems' before it is looked up.
    # A name with a given name written out before its initial form ('Xx Yy' before 'X Yy'), so the
    # initial meets every full name it may stand for (two of that initial: neither).
    names.sort(key=lambda lnn: (normalize_key(lnn[1]) in clipped, -len(lnn[1].split()),
                                len(lnn[1].split()) > 1 and len(lnn[1].split()[0].rstrip(".")) == 1, lnn[1], lnn[0]))
    org_keys = {normalize_key(name) for label, name, _ in names if family_of(label) == "ORG"}
    org_keys |= {normalize_key(a) for _, name, label, aliases, _ in existing if family_of(label) == "ORG"
                 for a in {name, *aliases}}
    # 'U.S. Xx Yy' is the 'Xx Yy' the warehouse knows when no other country's 'Xx Yy' is written.
    org_written = ({name for label, name, _ in names if family_of(label) == "ORG"}
                   | {a for _, name, label, aliases, _ in existing if family_of(label) == "ORG" for a in {name, *aliases}})
    one_country = entity_names.one_country_bodies(org_written)
    # 'Radio Nine' alone is the 'KBC Radio Nine' the warehouse knows ('KBC' a body of its own).
    owned = entity_names.owned_names({name for label, name, _ in names if family_of(label) == "ORG"}
                        | {a for _, name, label, aliases, _ in existing if family_of(label) == "ORG"
                           for a in {name, *aliases}}, org_keys)
    # A club's or a place's name with a designator after it ('X Industries Inc', 'X Holdings') is
    # another body, unless an article writing it writes the bare name as a body too.
    clubs_or_places = teams | {normalize_key(a) for eid, name, label, aliases, *_ in candidates
                               if eid in team_entities or family_of(label) == "PLACE" for a in {name, *aliases}}
    clubs_or_places |= {normalize_key(name) for label, name, _ in names if family_of(label) == "PLACE"}
    club_companies = {name: bare for label, name, _ in names if family_of(label) == "ORG"
                      and (bare := entity_names.known_body(name, org_keys, one_country)) is not None
                      and normalize_key(bare) in clubs_or_places}
    written_with = entity_names.written_with_bare(con, club_companies)
    resolved = []
    for label, name, n in names:
        voting = _votes(label, name) and not (label == "ORG" and normalize_key(name) in teams)
        use = winner.get(normalize_key(name), label) if voting else label
        bare = entity_names.known_body(name, org_keys, one_country) if family_of(use) == "ORG" else None
        if name in club_companies and name not in written_with:
            bare = None
        owner = owned.get(normalize_key(name)) if family_of(use) == "ORG" and bare is None else None
        if owner is not None and normalize_key(owner) != normalize_key(name):
            entity = registry.resolve(use, owner, n)
            registry.add_alias(entity, name)
        elif bare is not None:  # 'U.S. Grain Standards Agency' is the 'Grain Standards Agency', 'XY Corp' is 'XY'
            entity = registry.resolve(use, bare, n)
            # A club's company, or any holding company ('X Holdings': X's owner), never names the body.
            # nor a body's name with a kind word after it ('X Y Board' is no name for 'X Y', the longer).
            if name not in club_companies and not entity_names.holding_name(name) \
                    and entity_names.without_kind_tail(name) != bare:
                registry.add_alias(entity, name)
        else:
            entity = registry.resolve(use, name, n)
        for acronym in sorted(acronyms.get((label, name), ())):
            registry.add_alias(entity, acronym)
        if use != label:
            voted.add(entity.entity_id)
        resolved.append((label, name, entity))
    voted_entities = [registry.entities[v] for v in voted if v in registry.entities]
    registry.settle()

    def final(e: RegisteredEntity) -> str:  # an entity merged away in settle() lives on under the survivor's id
        eid = e.entity_id
        while eid not in registry.entities and eid in registry.renamed:
            eid = registry.renamed[eid]
        return eid

    voted_ids = {final(e) for e in voted_entities}
    mapping = [{"label": label, "name": name, "entity_id": final(e)} for label, name, e in resolved]
    # A plain full name joined to a person its marked forms name ('X Z' to 'X Y. Z', 'X Z Jr.') is, in an
    # article that names nothing rare of that person's articles, someone else (a father or son of one
    # name): those articles link it to an entity of its own (no key: names resolve to the marked one).
    joined = {(label, name): registry.entities[final(e)] for label, name, e in resolved}
    plain = entity_generations.plain_forms([(label, name, e) for (label, name), e in joined.items()])
    apart = entity_generations.articles_apart(
        con, plain, {k: joined[k].aliases | {surname_key(k[1])} for k in plain})
    separate = {k: RegisteredEntity(entity_id_for(k[0], k[1]), k[1], k[0], {k[1]}) for k in apart}
    # 'Xxcouncil' alone in an article about the U.S. is the 'U.S. Xxcouncil' the warehouse knows.
    at_home = _country_body_links(con, joined, final, org_written)
    report.names_resolved = len(mapping)
    renamed = {old: new for old, new in registry.renamed.items() if old != new}
    report.entities_renamed = len(renamed)
    current = {final(e): registry.entities[final(e)] for _, _, e in resolved}
    for new in renamed.values():
        current[new] = registry.entities[new]
    report.entities_created = len(set(current) - before) + len(separate)
    stale = sorted(set(current) | set(renamed) | {e.entity_id for e in separate.values()})

    entity_rows = []
    for eid, e in sorted([*current.items(), *((e.entity_id, e) for e in separate.values())]):
        reason = is_noise_name(e.name, e.label)
        entity_rows.append({
            "entity_id": eid, "name": e.name, "label": e.label, "aliases": sorted(e.aliases),
            "mention_count": 0, "article_count": 0, "linked_rows": 0, "updated_at": now, "run_id": run_id,
            "label_source": "warehouse vote" if eid in voted_ids else None,
            "is_noise": reason is not None, "noise_reason": reason, "code_version": version})
    if not in_transaction:
        con.execute("BEGIN TRANSACTION")
    try:
        if renamed:
            frame = pl.DataFrame([{"old": o, "new": n} for o, n in renamed.items()])
            con.register("_renamed", frame.to_arrow())
            for table, _, _, entity_id in _LINKED_NAMES:
                con.execute(f"UPDATE {table} SET {entity_id} = r.new FROM _renamed r WHERE {table}.{entity_id} = r.old")
            con.execute("UPDATE entity_aliases SET entity_id = r.new FROM _renamed r WHERE entity_aliases.entity_id = r.old")
            con.execute("DELETE FROM entity_aliases WHERE alias_id IN (SELECT new FROM _renamed)")
            # Replace by key with DELETE + INSERT (no INSERT OR REPLACE: a DuckLake warehouse has no keys).
            con.execute("DELETE FROM entity_aliases WHERE alias_id IN (SELECT old FROM _renamed)")
            con.execute("""INSERT INTO entity_aliases
                           SELECT old, new, 'renamed', ?, ? FROM _renamed""", [now, run_id])
            con.unregister("_renamed")
        if apart or at_home:
            rows = [{"article_id": a, "label": label, "name": name, "entity_id": separate[(label, name)].entity_id}
                    for (label, name), articles in sorted(apart.items()) for a in sorted(articles)]
            rows += [{"article_id": a, "label": label, "name": name, "entity_id": eid}
                     for (label, name), links in sorted(at_home.items()) for a, eid in sorted(links.items())]
            con.register("_apart", pl.DataFrame(rows).to_arrow())
            for table, label, name, entity_id in _LINKED_NAMES:
                con.execute(f"""UPDATE {table} SET {entity_id} = p.entity_id FROM _apart p
                                WHERE {table}.{entity_id} IS NULL AND {table}.article_id = p.article_id
                                  AND {table}.{label} = p.label AND {table}.{name} = p.name
                                  AND {_NOT_HELD.format(table=table)}""")
            con.unregister("_apart")
        if mapping:
            con.register("_names", pl.DataFrame(mapping).to_arrow())
            for table, label, name, entity_id in _LINKED_NAMES:
                con.execute(f"""UPDATE {table} SET {entity_id} = n.entity_id FROM _names n
                                WHERE {table}.{entity_id} IS NULL AND {table}.{label} = n.label
                                  AND {table}.{name} = n.name AND {_NOT_HELD.format(table=table)}""")
            con.unregister("_names")
        if entity_rows:
            frame = entity_frame(entity_rows)
            con.execute("DELETE FROM entities WHERE entity_id IN (SELECT unnest(?))", [stale])
            con.execute("DELETE FROM entity_keys WHERE entity_id IN (SELECT unnest(?))", [stale])
            warehouse.insert_frame(con, "entities", frame)
            # An id that is current again is no longer a retired alias or a retired entity.
            con.execute("DELETE FROM entity_aliases WHERE alias_id IN (SELECT unnest(?))", [sorted(current)])
            con.execute("DELETE FROM retired_entities WHERE entity_id IN (SELECT unnest(?))", [sorted(current)])
            warehouse.insert_frame(con, "entity_keys", _key_frame(current.values()))
            con.execute("UPDATE entities SET label_source = 'model' WHERE run_id = ? AND label_source IS NULL",
                        [run_id])
        # Counts and the label's reason are derived from the mentions of the latest version of each
        # article, so they stay right however entities merge, whatever order articles arrived in, and
        # when an edited article supersedes its old version (whose entities this run may not touch):
        # every value that differs is fixed. The reason is the commonest among the mentions (ties by
        # name, so any load order gives the same); a warehouse vote is the stage's own and is kept.
        # linked_rows counts every linked row (any version, any table): the next run compares it.
        con.execute(f"""
            WITH links AS ({_linked_counts_sql()}),
            latest AS (
                SELECT m.entity_id, m.article_id, coalesce(m.label_source, 'model') AS why FROM mentions m
                WHERE m.entity_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM articles a WHERE a.article_id = m.article_id AND a.superseded_by IS NOT NULL)),
            counts AS (SELECT entity_id, count(*) AS mentions, count(DISTINCT article_id) AS articles
                       FROM latest GROUP BY entity_id),
            reasons AS (SELECT entity_id, first(why ORDER BY n DESC, why) AS why FROM (
                            SELECT entity_id, why, count(*) AS n FROM latest GROUP BY ALL) GROUP BY entity_id)
            UPDATE entities SET mention_count = coalesce(c.mentions, 0), article_count = coalesce(c.articles, 0),
                                linked_rows = coalesce(l.n, 0),
                                label_source = CASE WHEN e.label_source = 'warehouse vote' THEN e.label_source
                                                    ELSE coalesce(r.why, e.label_source, 'model') END
            FROM entities e LEFT JOIN counts c USING (entity_id) LEFT JOIN reasons r USING (entity_id)
                 LEFT JOIN links l USING (entity_id)
            WHERE entities.entity_id = e.entity_id
              AND (entities.mention_count IS DISTINCT FROM coalesce(c.mentions, 0)
                   OR entities.article_count IS DISTINCT FROM coalesce(c.articles, 0)
                   OR entities.linked_rows IS DISTINCT FROM coalesce(l.n, 0)
                   OR (e.label_source IS DISTINCT FROM 'warehouse vote'
                       AND entities.label_source IS DISTINCT FROM coalesce(r.why, e.label_source, 'model')))""")
        if not in_transaction:
            con.execute("COMMIT")
    except Exception:
        if not in_transaction:
            con.execute("ROLLBACK")
        raise
    warehouse.crash_point("after:entities")
    report.entities_total = con.execute("SELECT count(*) FROM entities").fetchone()[0]
    return report
