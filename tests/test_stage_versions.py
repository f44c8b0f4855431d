"""The stages after the parse follow their code: a changed entities version re-resolves every name,
a changed quote-clustering version recomputes every quote cluster (a fresh build's rows, ids kept),
and a second run does nothing. Real pipeline run over the seeds, real DuckDB files under tmp_path."""
from __future__ import annotations

import json
import shutil
from datetime import timedelta

from pipelines import code_versions, warehouse
from pipelines.pending import pending_work
from pipelines.stages.entities import entities_out_of_date, run_entities
from pipelines.stages.stories import quote_clusters_out_of_date, run_stories

_CLUSTER_COLUMNS = "quote_id, cluster_id, speaker_key, text_key, match, similarity"
_ENTITY_COLUMNS = "entity_id, name, label, aliases, mention_count, article_count, label_source, is_noise"


# `built` and `db` (conftest.py): the seeds built once, and a copy per test.


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
        assert pending.reasons == ["story rows to bring up to date (quote_clusters.py changed)"]

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


# ---- rows derived after the parse follow the code and the rows they are made from --------------------

_DATE_CLAIM_COLUMNS = ("date_claim_id, article_id, text, start_char, end_char, date_value, resolution, reference_date, "
                       "reference_source, event, event_class, subject, locations, participants")
_STORY_TABLES = ("stories", "story_articles", "story_postings", "story_term_stats", "story_splits", "quote_clusters",
                 "date_claims", "story_processed")


def _story_rows(con) -> dict[str, list]:
    return {"date_claims": con.execute(f"SELECT {_DATE_CLAIM_COLUMNS} FROM date_claims ORDER BY 1").fetchall(),
            "processed": con.execute("SELECT article_id, date_claims, code_version, reference_date, parsed_at "
                                     "FROM story_processed ORDER BY 1").fetchall(),
            "clusters": con.execute(f"SELECT {_CLUSTER_COLUMNS} FROM quote_clusters ORDER BY 1").fetchall(),
            "members": con.execute("SELECT article_id, story_id FROM story_articles ORDER BY 1").fetchall()}


def _fresh_story_rows(db, tmp_path) -> dict[str, list]:
    """The stories stage's rows built from scratch over a copy of the warehouse's NLP and entity rows."""
    copy = tmp_path / "fresh.duckdb"
    shutil.copy(db, copy)
    with warehouse.connect(str(copy)) as con:
        for table in _STORY_TABLES:
            con.execute(f"DELETE FROM {table}")
        run_stories(con, "fresh")
        return _story_rows(con)


def test_date_claims_made_by_another_code_version_are_made_again_once(db, built):
    current = code_versions.date_claims_version()
    assert {"dates.py", "stages/date_claims.py"} <= set(current.manifest["files"])
    assert current.manifest["entities"] == code_versions.entities_version().version
    with warehouse.connect(str(db)) as con:
        fresh = _story_rows(con)
        assert len(fresh["date_claims"]) >= 20 and {p[2] for p in fresh["processed"]} == {current.version}
        # As an older resolution left them: other days.
        con.execute("UPDATE date_claims SET date_value = DATE '1999-01-01', resolution = 'weekday'")
        con.execute("UPDATE story_processed SET code_version = 'older000000'")
        assert pending_work(con, built["inputs"]).reasons == [
            "story rows to bring up to date (date claims of 5 article(s) to make again (made by another code "
            "version: 5))"]

        report = run_stories(con, "redate")
        assert (report.date_claims_remade, report.articles, report.quotes_reclustered) == (5, 0, 0)
        assert _story_rows(con) == fresh
        assert con.execute("SELECT DISTINCT run_id FROM date_claims").fetchall() == [("redate",)]
        assert run_stories(con, "again").date_claims_remade == 0
        assert not any("story rows" in r for r in pending_work(con, built["inputs"]).reasons)


def test_an_article_parsed_again_gets_its_story_rows_made_again(db, tmp_path):
    with warehouse.connect(str(db)) as con:
        before = _story_rows(con)
        # The article with the most date claims, parsed again by other code: one date and one quote fewer.
        article = con.execute("SELECT article_id FROM date_claims GROUP BY 1 ORDER BY count(*) DESC, 1 "
                              "LIMIT 1").fetchone()[0]
        dropped_date = con.execute("SELECT date_candidate_id FROM date_candidates WHERE article_id = ? "
                                   "ORDER BY start_char LIMIT 1", [article]).fetchone()[0]
        dropped_quote = con.execute("SELECT quote_id FROM quotes WHERE article_id = ? ORDER BY start_char LIMIT 1",
                                    [article]).fetchone()[0]
        con.execute("DELETE FROM date_candidates WHERE date_candidate_id = ?", [dropped_date])
        con.execute("DELETE FROM quotes WHERE quote_id = ?", [dropped_quote])
        con.execute("UPDATE nlp_processed SET processed_at = processed_at + INTERVAL 1 HOUR WHERE article_id = ?",
                    [article])
    fresh = _fresh_story_rows(db, tmp_path)
    with warehouse.connect(str(db)) as con:
        report = run_stories(con, "reparsed")
        assert report.date_claims_remade == 1 and report.articles == 0
        assert report.reclustered_because.startswith("quotes changed since they were clustered (quotes gone: 1")
        after = _story_rows(con)
        assert after == fresh  # a fresh build's rows, story membership kept
        assert after["members"] == before["members"]
        assert len(after["date_claims"]) == len(before["date_claims"]) - 1
        assert dropped_quote not in {r[0] for r in after["clusters"]}
        assert run_stories(con, "again").date_claims_remade == 0


def test_story_rows_follow_a_renamed_entity(db, built):
    with warehouse.connect(str(db)) as con:
        # The entity named in the most date claims, renamed by the entities stage since.
        old = con.execute("SELECT id FROM date_claims, unnest(participants) u(id) GROUP BY id "
                          "ORDER BY count(*) DESC, id LIMIT 1").fetchone()[0]
        postings = con.execute("SELECT story_id, weight FROM story_postings WHERE term = ? ORDER BY 1",
                               ["e:" + old]).fetchall()
        df = con.execute("SELECT df FROM story_term_stats WHERE term = ?", ["e:" + old]).fetchone()[0]
        assert postings and df
        claims = con.execute("SELECT date_claim_id, participants, locations FROM date_claims ORDER BY 1").fetchall()
        con.execute("UPDATE entities SET entity_id = 'renamed-id' WHERE entity_id = ?", [old])
        for table, column in (("mentions", "entity_id"), ("quotes", "speaker_entity_id"),
                              ("quotes", "reported_by_entity_id"), ("numeric_claims", "entity_id")):
            con.execute(f"UPDATE {table} SET {column} = 'renamed-id' WHERE {column} = ?", [old])
        con.execute("INSERT INTO entity_aliases VALUES (?, 'renamed-id', 'renamed', now(), 'r')", [old])
        assert "story terms of 1 renamed or merged" in pending_work(con, built["inputs"]).reasons[0]

        report = run_stories(con, "follow")
        assert report.entity_terms_renamed == 1 and report.date_claims_remade >= 1
        assert con.execute("SELECT story_id, weight FROM story_postings WHERE term = 'e:renamed-id' "
                           "ORDER BY 1").fetchall() == postings
        assert con.execute("SELECT count(*) FROM story_postings WHERE term = ?", ["e:" + old]).fetchone()[0] == 0
        assert con.execute("SELECT df FROM story_term_stats WHERE term = 'e:renamed-id'").fetchone()[0] == df
        assert con.execute("SELECT count(*) FROM story_term_stats WHERE term = ?", ["e:" + old]).fetchone()[0] == 0

        def renamed(ids):
            return sorted("renamed-id" if i == old else i for i in ids)
        assert [(cid, sorted(p), sorted(loc)) for cid, p, loc in con.execute(
            "SELECT date_claim_id, participants, locations FROM date_claims ORDER BY 1").fetchall()] == \
            [(cid, renamed(p), renamed(loc)) for cid, p, loc in claims]
        assert con.execute("SELECT count(*) FROM quote_clusters c JOIN quotes q USING (quote_id) WHERE "
                           "c.speaker_key IS DISTINCT FROM coalesce(q.speaker_entity_id, lower(q.speaker))"
                           ).fetchone()[0] == 0
        again = run_stories(con, "again")
        assert (again.entity_terms_renamed, again.date_claims_remade, again.quotes_reclustered) == (0, 0, 0)


def test_an_undated_article_reads_its_dates_again_when_its_story_gains_an_earlier_date(db):
    with warehouse.connect(str(db)) as con:
        undated = con.execute("SELECT d.article_id, min(d.reference_date) FROM date_claims d "
                              "WHERE d.reference_source = 'story' GROUP BY 1 ORDER BY 1 LIMIT 1").fetchone()
        story = con.execute("SELECT story_id FROM story_articles WHERE article_id = ?", [undated[0]]).fetchone()[0]
        # The story's first dated article turns out three days earlier (its time read anew): the story's
        # span follows its members.
        con.execute("""UPDATE articles SET published_at = published_at - INTERVAL 3 DAY WHERE article_id = (
                           SELECT a.article_id FROM articles a JOIN story_articles sa USING (article_id)
                           WHERE sa.story_id = ? AND a.published_at IS NOT NULL AND a.duplicate_of IS NULL
                             AND a.superseded_by IS NULL ORDER BY a.published_at LIMIT 1)""", [story])
        report = run_stories(con, "earlier")
        assert report.date_claims_remade >= 1
        assert con.execute("SELECT DISTINCT reference_date FROM date_claims WHERE article_id = ?",
                           [undated[0]]).fetchall() == [(undated[1] - timedelta(days=3),)]
        assert run_stories(con, "again").date_claims_remade == 0
