"""Entities follow the rows that link to them: when an article is parsed again without a name's
only spelling variant, or leaves the warehouse, the entities stage resolves the entities that
lost rows again, so the warehouse is what a fresh build gives. Real DuckDB files under tmp_path,
the real spaCy model, the stages as the pipeline runs them."""
from __future__ import annotations

import json
import re

from pipelines import code_versions, stages, warehouse
from pipelines.core import cleaning
from pipelines.pending import pending_work
from pipelines.settings import DEFAULT_MODEL
from pipelines.stages.entities import entities_with_removed_rows

_ENTITIES = ("SELECT entity_id, name, label, aliases, mention_count, article_count, linked_rows FROM entities "
             "ORDER BY ALL")
_LINKS = "SELECT mention_id, canonical_name, entity_id FROM mentions ORDER BY ALL"


def _inputs(folder) -> list[str]:
    """Made-up articles: the caption of the first is the only place it names him, misspelt."""
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Harbour museum opens a new wing\n\n"
        "Photo: The museum's director, Peter Hollins, cuts the ribbon at the new wing on Monday.\n\n"
        "The new wing of the harbour museum will show paintings by artists from the coast and models "
        "of the old fishing boats, the museum said.\n\n"
        "The museum had waited eleven years for the money and thanked the volunteers who had kept the "
        "old building open during the long wait.\n")
    (folder / "b.txt").write_text(
        "Museum visitors double after the opening\n\n"
        "Peter Hollis said on Friday that the number of visitors to the harbour museum had doubled "
        "since the new wing opened, and that school trips were booked until the summer.\n\n"
        "The museum will stay open later on Thursdays, Hollis added, so that people who work during "
        "the day can see the new rooms.\n")
    return [str(folder)]


def _build(db, inputs, run_id) -> None:
    with warehouse.connect(str(db)) as con:
        stages.run_ingest(con, inputs, run_id)
        stages.run_cleaning(con, run_id)
    stages.run_nlp(str(db), run_id, model_name=DEFAULT_MODEL, batch_size=4, processes=1, min_docs_per_process=1,
                   log=lambda _: None)
    with warehouse.connect(str(db)) as con:
        stages.run_entities(con, run_id)


def _captions_kept_by_an_older_cleaning_code(monkeypatch) -> None:
    """The older cleaning code: photo captions stay in the text (and its own code version)."""
    monkeypatch.setattr(cleaning, "_CAPTION_LABEL", re.compile(r"(?!)"))
    monkeypatch.setattr(cleaning, "CAPTION_MAX_WORDS", 0)
    current = code_versions.cleaning_version()
    manifest = json.loads(json.dumps(current.manifest))
    manifest["files"]["cleaning.py"] = "f" * 16
    monkeypatch.setattr(code_versions, "cleaning_version",
                        lambda: code_versions.CodeVersion("cleaning", "0123456789ab", manifest))


def test_a_reparse_that_removes_a_names_only_variant_gives_the_fresh_builds_entity(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    with monkeypatch.context() as older:
        _captions_kept_by_an_older_cleaning_code(older)
        _build(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        before = con.execute("SELECT entity_id, name, aliases FROM entities WHERE name LIKE 'Peter Holl%'").fetchall()
        assert [(name, aliases) for _, name, aliases in before] == \
            [("Peter Hollins", ["Peter Hollins", "Peter Hollis"])]
        old_id = before[0][0]

    # The current cleaning code drops the caption: the article is cleaned and parsed again.
    with warehouse.connect(str(db)) as con:
        stages.run_cleaning(con, "again")
    stages.run_nlp(str(db), "again", model_name=DEFAULT_MODEL, batch_size=4, processes=1, min_docs_per_process=1,
                   log=lambda _: None)
    with warehouse.connect(str(db)) as con:
        assert entities_with_removed_rows(con) == [old_id]
        report = stages.run_entities(con, "again")
        assert (report.entities_re_resolved, report.entities_retired) == (1, 0)
        assert entities_with_removed_rows(con) == []
        after, links = con.execute(_ENTITIES).fetchall(), con.execute(_LINKS).fetchall()
        new = con.execute("SELECT entity_id, name, aliases, mention_count, article_count FROM entities "
                          "WHERE name LIKE 'Peter Holl%'").fetchall()
        assert [row[1:] for row in new] == [("Peter Hollis", ["Peter Hollis"], 2, 1)]
        # The old id still resolves, to the entity its names link to now.
        assert con.execute("SELECT entity_id, reason FROM entity_aliases WHERE alias_id = ?", [old_id]).fetchone() \
            == (new[0][0], "mentions changed")
        warehouse.apply_views(con)
        assert con.execute("SELECT entity_id FROM entity_id_map WHERE any_id = ?", [old_id]).fetchone() == (new[0][0],)

    fresh_db = tmp_path / "fresh.duckdb"
    _build(fresh_db, inputs, "fresh")
    with warehouse.connect(str(fresh_db)) as con:
        assert con.execute(_ENTITIES).fetchall() == after
        assert con.execute(_LINKS).fetchall() == links

    # A re-run finds nothing more to do for the entities.
    with warehouse.connect(str(db)) as con:
        again = stages.run_entities(con, "third")
        assert (again.entities_re_resolved, again.names_resolved) == (0, 0)
        assert con.execute(_ENTITIES).fetchall() == after


def test_an_entity_no_row_links_to_any_more_is_retired_and_its_id_still_resolves(tmp_path):
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    _build(db, inputs, "build")
    with warehouse.connect(str(db)) as con:
        eid, name = con.execute("SELECT entity_id, name FROM entities WHERE name = 'Peter Hollis'").fetchone()
        # Every row naming him goes, as when his articles leave the warehouse.
        con.execute("DELETE FROM mentions WHERE entity_id = ?", [eid])
        con.execute("DELETE FROM quotes WHERE speaker_entity_id = ? OR reported_by_entity_id = ?", [eid, eid])
        con.execute("DELETE FROM numeric_claims WHERE entity_id = ?", [eid])
        assert entities_with_removed_rows(con) == [eid]
        assert pending_work(con, []).reasons == [
            "1 entit(ies) to resolve again: rows linked to them went away (articles parsed again or gone)"]
        others = con.execute(f"{_ENTITIES}").fetchall()
        report = stages.run_entities(con, "again")
        assert (report.entities_re_resolved, report.entities_retired) == (1, 1)
        assert con.execute(_ENTITIES).fetchall() == [row for row in others if row[0] != eid]
        assert con.execute("SELECT name, label, reason, run_id FROM retired_entities WHERE entity_id = ?",
                           [eid]).fetchall() == [(name, "PERSON", "no mentions", "again")]
        warehouse.apply_views(con)
        assert con.execute("SELECT entity_id FROM entity_id_map WHERE any_id = ?", [eid]).fetchall() == [(None,)]
        assert entities_with_removed_rows(con) == []
