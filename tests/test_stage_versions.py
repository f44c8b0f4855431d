"""The stages after the parse follow their code: a changed entities version re-resolves every name,
a changed quote-clustering version recomputes every quote cluster (a fresh build's rows, ids kept),
and a second run does nothing. Real pipeline run over the seeds, real DuckDB files under tmp_path."""
from __future__ import annotations

import json
import shutil

import pytest

from pipelines import code_versions, warehouse
from pipelines.pending import pending_work
from pipelines.settings import SEEDS_DIR
from pipelines.stages.entities import entities_out_of_date, run_entities
from pipelines.stages.stories import quote_clusters_out_of_date, run_stories
from tests.runs import run_pipeline

_CLUSTER_COLUMNS = "quote_id, cluster_id, speaker_key, text_key, match, similarity"
_ENTITY_COLUMNS = "entity_id, name, label, aliases, mention_count, article_count, label_source, is_noise"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions")
    seeds = root / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    db = root / "news.duckdb"
    assert run_pipeline(db, [seeds]).success
    return {"db": db, "inputs": [str(seeds)]}


@pytest.fixture
def db(built, tmp_path):
    copy = tmp_path / "news.duckdb"
    shutil.copy(built["db"], copy)
    return copy


def _old_manifest(version: code_versions.CodeVersion, changed_file: str) -> str:
    manifest = json.loads(json.dumps(version.manifest))
    manifest["files"][changed_file] = "0" * 16
    return json.dumps(manifest, sort_keys=True)


def test_the_stage_modules_are_in_their_versions(tmp_path, monkeypatch):
    assert "stages/entities.py" in code_versions.entities_version().manifest["files"]
    assert "stages/stories.py" in code_versions.stories_version().manifest["files"]
    clustering = code_versions.quote_clusters_version().manifest
    assert {"quote_clusters.py", "stages/stories.py"} <= set(clustering["files"])
    assert clustering["entities"] == code_versions.entities_version().version
    # A behaviour change of the entities stage alone is a new entities version (and a new clustering one).
    before, clustering_before = code_versions.entities_version().version, code_versions.quote_clusters_version().version
    stages = tmp_path / "stages"
    shutil.copytree(code_versions.STAGES_DIR, stages, ignore=shutil.ignore_patterns("__pycache__"))
    with open(stages / "entities.py", "a") as f:
        f.write("\n_CHANGED = 1\n")
    monkeypatch.setattr(code_versions, "STAGES_DIR", stages)
    for fn in (code_versions.entities_version, code_versions.quote_clusters_version):
        fn.cache_clear()
    try:
        assert code_versions.entities_version().version != before
        assert code_versions.quote_clusters_version().version != clustering_before
    finally:
        monkeypatch.undo()
        for fn in (code_versions.entities_version, code_versions.quote_clusters_version):
            fn.cache_clear()


def test_a_new_clustering_version_recomputes_the_quote_clusters_once(db, built):
    current = code_versions.quote_clusters_version()
    with warehouse.connect(str(db)) as con:
        fresh = con.execute(f"SELECT {_CLUSTER_COLUMNS} FROM quote_clusters ORDER BY quote_id").fetchall()
        assert len(fresh) >= 10 and any(match != "founder" for *_, match, _ in fresh)
        assert {v for (v,) in con.execute("SELECT DISTINCT code_version FROM quote_clusters").fetchall()} == \
            {current.version}
        assert quote_clusters_out_of_date(con) is None
        # As an older clustering code left them: other groupings, made by a version whose
        # quote_clusters.py differed.
        con.execute("INSERT INTO code_versions VALUES ('quote_clusters', 'older000000', ?, now(), 'old')",
                    [_old_manifest(current, "quote_clusters.py")])
        con.execute("UPDATE quote_clusters SET code_version = 'older000000', cluster_id = quote_id, "
                    "match = 'founder', similarity = 1.0, run_id = 'old'")
        assert quote_clusters_out_of_date(con) == "quote_clusters.py changed"
        pending = pending_work(con, built["inputs"])
        assert pending.reasons == ["quote clusters made by another code version (quote_clusters.py changed)"]

        report = run_stories(con, "recluster")
        assert report.reclustered_because == "quote_clusters.py changed"
        assert report.quotes_reclustered == len(fresh)
        assert report.articles == 0  # no story assignment redone
        # The rows of the fresh build, ids included; all at the current version.
        assert con.execute(f"SELECT {_CLUSTER_COLUMNS} FROM quote_clusters ORDER BY quote_id").fetchall() == fresh
        assert con.execute("SELECT DISTINCT code_version, run_id FROM quote_clusters").fetchall() == \
            [(current.version, "recluster")]

        again = run_stories(con, "again")
        assert (again.quotes_reclustered, again.reclustered_because) == (0, None)
        assert con.execute("SELECT count(*) FROM quote_clusters WHERE run_id <> 'recluster'").fetchone()[0] == 0
        assert not any("code version" in r for r in pending_work(con, built["inputs"]).reasons)


def test_a_warehouse_clustered_before_versions_were_recorded_is_reclustered(db):
    with warehouse.connect(str(db)) as con:
        n = con.execute("SELECT count(*) FROM quote_clusters").fetchone()[0]
        con.execute("UPDATE quote_clusters SET code_version = NULL")
        report = run_stories(con, "upgrade")
        assert (report.quotes_reclustered, report.reclustered_because) == (n, "processed before code versions "
                                                                            "were recorded")


def test_a_new_entities_version_re_resolves_every_name_once(db, built):
    current = code_versions.entities_version()
    with warehouse.connect(str(db)) as con:
        fresh = con.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities ORDER BY entity_id").fetchall()
        links = con.execute("SELECT mention_id, entity_id FROM mentions ORDER BY mention_id").fetchall()
        assert len(fresh) >= 20 and sum(1 for _, eid in links if eid is not None) >= 50
        assert entities_out_of_date(con) is None
        # As an older resolution left them: one entity under another id (the rows linked to it too).
        eid, name = con.execute("SELECT entity_id, name FROM entities ORDER BY mention_count DESC, entity_id "
                                "LIMIT 1").fetchone()
        con.execute("INSERT INTO code_versions VALUES ('entities', 'older000000', ?, now(), 'old')",
                    [_old_manifest(current, "stages/entities.py")])
        con.execute("UPDATE entities SET code_version = 'older000000', run_id = 'old'")
        con.execute("UPDATE entities SET entity_id = 'older-id' WHERE entity_id = ?", [eid])
        for table, column in (("mentions", "entity_id"), ("quotes", "speaker_entity_id"),
                              ("quotes", "reported_by_entity_id"), ("numeric_claims", "entity_id")):
            con.execute(f"UPDATE {table} SET {column} = 'older-id' WHERE {column} = ?", [eid])
        assert entities_out_of_date(con) == "stages/entities.py changed"
        assert pending_work(con, built["inputs"]).reasons == [
            "entities resolved by another code version (stages/entities.py changed)"]

        report = run_entities(con, "re-resolve")
        assert report.re_resolved_because == "stages/entities.py changed"
        assert con.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities ORDER BY entity_id").fetchall() == fresh
        assert con.execute("SELECT mention_id, entity_id FROM mentions ORDER BY mention_id").fetchall() == links
        assert con.execute("SELECT DISTINCT code_version FROM entities").fetchall() == [(current.version,)]
        # The id the old code gave still resolves, to the entity its names have now.
        assert con.execute("SELECT entity_id, reason FROM entity_aliases WHERE alias_id = 'older-id'").fetchone() == \
            (eid, "code version")
        assert con.execute("SELECT name FROM entities WHERE entity_id = ?", [eid]).fetchone()[0] == name

        again = run_entities(con, "again")
        assert (again.re_resolved_because, again.names_resolved) == (None, 0)
        assert con.execute("SELECT count(*) FROM entities WHERE run_id <> 're-resolve'").fetchone()[0] == 0
        # Nothing left for the stage; the re-resolved rows are for the entities check to pass.
        assert pending_work(con, built["inputs"]).reasons == ["rows not checked yet by entities"]


def test_a_held_back_article_is_linked_again_once_released(db):
    with warehouse.connect(str(db)) as con:
        article = con.execute("SELECT article_id FROM mentions WHERE entity_id IS NOT NULL "
                              "GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 1").fetchone()[0]
        links = con.execute("SELECT mention_id, entity_id FROM mentions WHERE article_id = ? ORDER BY mention_id",
                            [article]).fetchall()
        con.execute("UPDATE entities SET code_version = NULL")
        con.execute("INSERT INTO dq_checked (suite, item_key, table_name, article_id, suite_version, passed, "
                    "checked_at) VALUES ('mentions', 'held', 'mentions', ?, 'test', false, now())", [article])
        run_entities(con, "re-resolve")
        # Held back: unlinked like a new article's names, none pointing at an entity that may be gone.
        assert con.execute("SELECT count(*) FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL",
                           [article]).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM mentions m WHERE entity_id IS NOT NULL AND NOT EXISTS "
                           "(SELECT 1 FROM entities e WHERE e.entity_id = m.entity_id)").fetchone()[0] == 0
        con.execute("DELETE FROM dq_checked WHERE item_key = 'held'")
        assert run_entities(con, "released").re_resolved_because is None
        assert con.execute("SELECT mention_id, entity_id FROM mentions WHERE article_id = ? ORDER BY mention_id",
                           [article]).fetchall() == links
