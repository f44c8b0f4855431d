"""Stage 4: mentions, speakers and claim subjects -> entities."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines import warehouse
from pipelines.core.entities import EntityRegistry, RegisteredEntity
from pipelines.stages._common import utcnow

# Rows of an article held back by a failed check (view held_back) are not linked until released.
_NOT_HELD = ("NOT EXISTS (SELECT 1 FROM dq_checked d WHERE d.article_id = {table}.article_id AND NOT d.passed "
             "AND d.suite <> 'entities')")


@dataclass
class EntitiesReport:
    names_resolved: int = 0
    entities_created: int = 0
    entities_total: int = 0


# Every name the entities stage links: (table, label column, name column, entity id column).
_LINKED_NAMES = (
    ("mentions", "label", "canonical_name", "entity_id"),
    ("quotes", "speaker_label", "speaker", "speaker_entity_id"),
    ("quotes", "reported_by_label", "reported_by", "reported_by_entity_id"),
    ("numeric_claims", "about_label", "about", "entity_id"),
)


def run_entities(con: duckdb.DuckDBPyConnection, run_id: str) -> EntitiesReport:
    """Resolve unlinked mentions, speakers and claim subjects to entities; refresh counts."""
    now = utcnow()
    report = EntitiesReport()
    registry = EntityRegistry(
        RegisteredEntity(eid, name, label, set(aliases))
        for eid, name, label, aliases in con.execute("SELECT entity_id, name, label, aliases FROM entities").fetchall()
    )
    before = set(registry.entities)
    names = con.execute(" UNION ".join(
        f"SELECT DISTINCT {label}, {name} FROM {table} "
        f"WHERE {entity_id} IS NULL AND {label} IS NOT NULL AND {name} IS NOT NULL AND {_NOT_HELD.format(table=table)}"
        for table, label, name, entity_id in _LINKED_NAMES)).fetchall()
    # Fuller names first, so 'Vladimir Putin' exists before 'Putin' looks for it.
    names.sort(key=lambda ln: (-len(ln[1].split()), ln[1], ln[0]))
    mapping = []
    for label, name in names:
        entity = registry.resolve(label, name)
        mapping.append({"label": label, "name": name, "entity_id": entity.entity_id})
    report.names_resolved = len(mapping)
    changed = {m["entity_id"] for m in mapping}
    report.entities_created = len(set(registry.entities) - before)

    entity_rows = [
        {"entity_id": e.entity_id, "name": e.name, "label": e.label, "aliases": sorted(e.aliases),
         "mention_count": 0, "article_count": 0, "updated_at": now, "run_id": run_id}
        for eid, e in registry.entities.items() if eid in changed
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        if mapping:
            con.register("_names", pl.DataFrame(mapping).to_arrow())
            for table, label, name, entity_id in _LINKED_NAMES:
                con.execute(f"""UPDATE {table} SET {entity_id} = n.entity_id FROM _names n
                                WHERE {table}.{entity_id} IS NULL AND {table}.{label} = n.label
                                  AND {table}.{name} = n.name AND {_NOT_HELD.format(table=table)}""")
            con.unregister("_names")
        if entity_rows:
            frame = pl.DataFrame(entity_rows, schema_overrides={"aliases": pl.List(pl.Utf8)})
            con.execute("DELETE FROM entities WHERE entity_id IN (SELECT unnest(?))", [list(changed)])
            warehouse.insert_frame(con, "entities", frame)
        # Counts are derived from the mentions of the latest version of each article, so they
        # stay right however entities merge and when an edited article supersedes its old
        # version (whose entities may not be touched by this run): every count that differs is fixed.
        con.execute("""
            UPDATE entities SET mention_count = coalesce(c.mentions, 0), article_count = coalesce(c.articles, 0)
            FROM entities e LEFT JOIN (
                SELECT m.entity_id, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
                FROM mentions m JOIN articles a USING (article_id)
                WHERE m.entity_id IS NOT NULL AND a.superseded_by IS NULL GROUP BY m.entity_id) c USING (entity_id)
            WHERE entities.entity_id = e.entity_id
              AND (entities.mention_count IS DISTINCT FROM coalesce(c.mentions, 0)
                   OR entities.article_count IS DISTINCT FROM coalesce(c.articles, 0))""")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    warehouse.crash_point("after:entities")
    report.entities_total = con.execute("SELECT count(*) FROM entities").fetchone()[0]
    return report
