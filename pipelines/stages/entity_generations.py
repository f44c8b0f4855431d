"""A father and his son of one name across articles: which articles' plain form ('X Z') is not the
person a marked form names ('X Y. Z', 'X Z Jr.'). The registry links each name once for the whole
warehouse, so a plain form joins the marked one's entity wherever no article names both; the stage
then takes it back, article by article, where the article shows nothing of that person's world.
Part of the entities stage (and of its code version)."""
from __future__ import annotations

import duckdb

from pipelines.core.entities import RegisteredEntity, family_of, normalize_key
from pipelines.core.entities.names import marks_of_one_generation


def plain_forms(resolved: list[tuple[str, str, RegisteredEntity]]) -> dict[tuple[str, str], list[str]]:
    """(label, plain name) -> the marked forms of the entity it joined ('George Holm' joined to an
    entity that writes 'George K. Holm' or 'George Holm Jr.'); only people's full names."""
    out: dict[tuple[str, str], list[str]] = {}
    for label, name, entity in resolved:
        if family_of(label) != "PERSON" or " " not in name.strip():
            continue
        marked = sorted(a for a in entity.aliases if a != name and marks_of_one_generation(a, name))
        if marked:
            out[(label, name)] = marked
    return out


def articles_apart(con: duckdb.DuckDBPyConnection, plain: dict[tuple[str, str], list[str]],
                   own_names: dict[tuple[str, str], set[str]]) -> dict[tuple[str, str], set[str]]:
    """(label, plain name) -> the articles whose unlinked plain form is someone else than the marked
    forms' person: articles that write neither marked form and name no rare name (any label, in at most
    1 % of the articles that name anything, at least 2; not the person's own names, `own_names`) that
    the marked forms' articles name. In doubt, apart: a son written without his initial in an article
    about his own affairs shares its people and places with his other articles; his father's do not."""
    out: dict[tuple[str, str], set[str]] = {}
    if not plain:
        return out
    named = con.execute("SELECT count(DISTINCT article_id) FROM mentions").fetchone()[0]
    rare_limit = max(2, named // 100)
    for (label, name), marked in sorted(plain.items()):
        own = {normalize_key(n) for n in own_names.get((label, name), set())} | {normalize_key(name)}
        rows = con.execute("""
            WITH marked AS (SELECT DISTINCT article_id FROM mentions WHERE canonical_name IN (SELECT unnest($marked))),
                 plain AS (SELECT DISTINCT article_id FROM mentions
                           WHERE label = $label AND canonical_name = $name AND entity_id IS NULL
                             AND article_id NOT IN (SELECT article_id FROM marked)),
                 freq AS (SELECT label, canonical_name, count(DISTINCT article_id) AS n FROM mentions GROUP BY ALL),
                 theirs AS (SELECT DISTINCT label, canonical_name FROM mentions
                            WHERE article_id IN (SELECT article_id FROM marked))
            SELECT p.article_id, list(DISTINCT m.canonical_name) FILTER (WHERE t.canonical_name IS NOT NULL
                                                                          AND f.n <= $limit)
            FROM plain p JOIN mentions m USING (article_id)
                 LEFT JOIN theirs t ON t.label = m.label AND t.canonical_name = m.canonical_name
                 LEFT JOIN freq f ON f.label = m.label AND f.canonical_name = m.canonical_name
            GROUP BY p.article_id""", {"marked": marked, "label": label, "name": name, "limit": rare_limit}).fetchall()
        apart = {a for a, shared in rows if not any(normalize_key(n) not in own for n in (shared or ()))}
        if apart:
            out[(label, name)] = apart
    return out
