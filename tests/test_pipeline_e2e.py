"""End to end: a real Dagster materialization of every asset and check on seeds/
(plus bad inputs) into a DuckDB file under tmp_path, then concrete facts."""
from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from pipelines import gx_process
from pipelines.core.quotes import SPLIT_JOINER
from pipelines.settings import SEEDS_DIR
from runs import run_pipeline

SEED_IDS = {
    "wen_wei_po": "000_139efbd0edb5e04c.txt",
    "analysis": "001_4eb90098a0ede75c.txt",
    "ta_kung_pao": "002_dde2061a40e5fc9d.txt",
    "xinhua": "003_272b7305608623dc.txt",
    "orda": "004_052e207af823a055.txt",
}


def write_bad_inputs(folder):
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "broken.json").write_text('{"title": "x", "body": "unterminated', encoding="utf-8")
    (folder / "german.txt").write_text(
        "Die Bundesregierung hat am Montag neue Sanktionen gegen Russland beschlossen. Der Kanzler sagte, "
        "man werde die Ukraine weiterhin mit allen Mitteln unterstützen und die Gespräche fortsetzen.",
        encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "mixed.jsonl").write_text(
        json.dumps({"title": "Fed holds rates", "date": "2025-05-21", "publisher": "Wire",
                    "body": "The Federal Reserve held interest rates steady on Wednesday, officials said. "
                            "Chair Jerome Powell said the bank would keep rates between 4.25% and 4.5% "
                            "while inflation stays above its 2% target, and that about 150 economists agreed."})
        + "\n{not json}\n" + json.dumps({"title": "no body here"}) + "\n",
        encoding="utf-8")
    # Byte-identical copy of a seed (collapses), a lightly edited one (same publisher and title:
    # a new version of the seed) and a syndicated copy in another outlet (a near duplicate).
    shutil.copy(SEEDS_DIR / SEED_IDS["orda"], folder / "orda_copy.txt")
    xinhua = (SEEDS_DIR / SEED_IDS["xinhua"]).read_text(encoding="utf-8")
    (folder / "xinhua_edited.txt").write_text(
        xinhua.replace("Kremlin spokesman", "Kremlin press secretary").replace("on Monday", "on Tuesday"),
        encoding="utf-8")
    (folder / "syndicated.json").write_text(json.dumps({
        "publisher": "Global Wire", "title": "What Trump's calls with Putin and Zelensky mean",
        "body": xinhua.replace("Putin", "Russian President Putin")}), encoding="utf-8")
    # Latin-1 text with a pound sign and an accent, as in the BBC corpus.
    (folder / "latin1.txt").write_bytes(
        ("Café owners in London said on Monday that rents had risen by 12% this year, costing a typical "
         "shop £4,000 more. \"We cannot go on like this,\" said Marie Dupont, who runs a café in Soho.").encode("latin-1"))


@pytest.fixture(scope="module")
def warehouse_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    seeds = root / "a_seeds"  # sorts before incoming/: seeds are the originals of their copies
    shutil.copytree(SEEDS_DIR, seeds)
    bad = root / "incoming"
    write_bad_inputs(bad)
    db_path = root / "news.duckdb"
    result = run_pipeline(db_path, [seeds, bad])
    return {"db": db_path, "result": result, "inputs": [seeds, bad], "seeds": seeds}


@pytest.fixture
def con(warehouse_run):
    connection = duckdb.connect(str(warehouse_run["db"]), read_only=True)
    yield connection
    connection.close()


def scalar(con, sql, params=None):
    return con.execute(sql, params or []).fetchone()[0]


def article_id_of(con, filename):
    return scalar(con, "SELECT article_id FROM articles WHERE source_path LIKE ?", [f"%{filename}"])


def test_run_succeeds_with_every_check_passing(warehouse_run):
    result = warehouse_run["result"]
    assert result.success
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations == {f"{t}_expectations": True for t in
                           ("raw_articles", "articles", "mentions", "quotes", "numeric_claims", "entities",
                            "stories", "quote_clusters", "date_claims", "claim_comparisons")}
    materialized = {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()
                    for m in [m.event_specific_data.materialization]}
    assert materialized == {"raw_articles", "articles", "mentions", "quotes", "numeric_claims", "entities",
                            "analysis_views", "stories", "quote_clusters", "date_claims", "claim_comparisons", "report"}


def test_gx_helper_never_ran_the_deferred_packages(warehouse_run):
    # Every suite was validated in the helper on the run's rows: GX never used the
    # packages it imports there lazily (pipelines.gx_process.DEFERRED_IMPORTS).
    status = gx_process.helper_deferred_status()
    assert {"scipy.stats", "altair"} <= set(status)
    assert {name for name, state in status.items() if state == "executed" and not name.startswith("scipy.")} == {
        "scipy"}
    assert status["scipy.stats"] == "deferred"


def test_good_inputs_load(con):
    # 5 seeds + the Latin-1 file + one good JSONL record + the edited Xinhua + the syndicated copy.
    assert scalar(con, "SELECT count(*) FROM raw_articles") == 9
    assert scalar(con, "SELECT count(*) FROM articles") == 9
    assert scalar(con, "SELECT encoding FROM raw_articles WHERE source_path LIKE '%latin1.txt'") in {
        "latin_1", "iso8859_1", "cp1252", "iso8859_15"}
    body = scalar(con, "SELECT body FROM articles WHERE source_path LIKE '%latin1.txt'")
    assert body.startswith("Café owners in London") and "£4,000" in body
    row = con.execute("SELECT a.title, a.publisher, a.published_at::VARCHAR, r.record_index FROM articles a "
                      "JOIN raw_articles r ON r.raw_id = a.article_id WHERE a.source_path LIKE '%mixed.jsonl'").fetchone()
    assert row == ("Fed holds rates", "Wire", "2025-05-21 00:00:00", 1)


def test_bad_inputs_land_in_rejected_inputs_with_reason(con):
    rows = con.execute("SELECT regexp_extract(source_path, '[^/]+$') AS name, record_index, stage, reason "
                       "FROM rejected_inputs ORDER BY name, record_index").fetchall()
    reasons = {(name, index): reason for name, index, _, reason in rows}
    assert reasons[("empty.txt", None)] == "empty file"
    assert reasons[("binary.txt", None)].startswith(("binary content", "undecodable"))
    assert reasons[("broken.json", None)].startswith("malformed JSON: Unterminated string")
    assert reasons[("german.txt", None)].startswith("not English: detected language 'de'")
    assert reasons[("notes.pdf", None)] == "unsupported file type '.pdf'"
    assert reasons[("mixed.jsonl", 2)].startswith("malformed JSON on line 2")
    assert reasons[("mixed.jsonl", 3)].startswith("JSON record has no article text")
    assert len(rows) == 7


def test_duplicates(con):
    # The byte-identical copy collapsed into the seed's row (content hash is the id).
    assert scalar(con, "SELECT count(*) FROM raw_articles WHERE source_path LIKE '%orda_copy.txt'") == 0
    assert scalar(con, "SELECT records FROM ingested_files WHERE source_path LIKE '%orda_copy.txt'") == 1
    original = article_id_of(con, SEED_IDS["xinhua"])
    # Another outlet's copy of the Xinhua story stays a near duplicate of it.
    duplicate_of, similarity = con.execute(
        "SELECT duplicate_of, similarity FROM articles WHERE source_path LIKE '%syndicated.json'").fetchone()
    assert duplicate_of == original and 0.8 < similarity < 1.0
    assert scalar(con, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL") == 1
    # Views count originals (latest versions) only: 9 articles - 1 duplicate - 1 superseded version.
    assert scalar(con, "SELECT count(*) FROM original_articles") == 7


def test_edited_article_is_a_new_version(con):
    old = article_id_of(con, SEED_IDS["xinhua"])
    new, version, supersedes, version_of, duplicate_of, changes = con.execute(
        "SELECT article_id, version, supersedes, version_of, duplicate_of, changes FROM articles "
        "WHERE source_path LIKE '%xinhua_edited.txt'").fetchone()
    assert (version, supersedes, version_of, duplicate_of) == (2, old, "publisher_title", None)
    assert scalar(con, "SELECT superseded_by FROM articles WHERE article_id = ?", [old]) == new
    changes = json.loads(changes)
    assert changes["title_changed"] is False and changes["words_added"] >= 2
    assert {"old": "spokesman", "new": "press secretary"} in changes["changes"]
    # The old version's NLP rows stay, but no view counts them; the new version's do count.
    assert scalar(con, "SELECT count(*) FROM mentions WHERE article_id = ?", [old]) > 0
    assert scalar(con, "SELECT count(*) FROM claims_by_outlet WHERE article_id = ?", [old]) == 0
    assert scalar(con, "SELECT count(*) FROM claims_by_outlet WHERE article_id = ?", [new]) > 0
    assert scalar(con, "SELECT count(*) FROM original_articles WHERE article_id IN (?, ?)", [old, new]) == 1
    assert scalar(con, "SELECT count(*) FROM article_versions WHERE article_id = ?", [old]) == 1
    # Entity counts use the latest versions only.
    assert scalar(con, "SELECT sum(mention_count) FROM entities") == scalar(
        con, "SELECT count(*) FROM mentions JOIN articles USING (article_id) WHERE superseded_by IS NULL")


def test_cleaning_removals_are_recorded(con):
    rows = con.execute("""SELECT regexp_extract(a.source_path, '[^/]+$'), c.rule, count(*) FROM cleaning_removals c
                          JOIN articles a USING (article_id) GROUP BY ALL""").fetchall()
    counts = {(name, rule): n for name, rule, n in rows}
    assert counts[(SEED_IDS["ta_kung_pao"], "short_line_block")] == 22
    assert counts[(SEED_IDS["orda"], "byline")] == 1
    assert (SEED_IDS["analysis"], "title") not in counts
    # Every removal is the raw record's text at its offsets.
    assert scalar(con, """SELECT count(*) FROM cleaning_removals c JOIN raw_articles r ON r.raw_id = c.article_id
                          WHERE substr(r.body_text, c.start_char + 1, c.end_char - c.start_char) <> c.text""") == 0


def test_boilerplate_is_gone(con):
    assert scalar(con, "SELECT count(*) FROM articles WHERE body LIKE '%Get Apps%'") == 0
    for junk in ("Related News", "English Editor", "Web editor", "Search Content", "Light Dark", "view all",
                 "Original Author", "cover Photo", "\u00a0", "Wechat"):
        assert scalar(con, "SELECT count(*) FROM articles WHERE body LIKE ?", [f"%{junk}%"]) == 0, junk


def test_metadata_from_content(con):
    rows = {r[0].rsplit("/", 1)[-1]: r[1:] for r in con.execute(
        "SELECT source_path, title, publisher, author, published_at::VARCHAR FROM articles").fetchall()}
    assert rows[SEED_IDS["ta_kung_pao"]] == (
        "Two-hour phone call between Trump and Putin: Russian-Ukrainian negotiations reach impasse",
        "Ta Kung Pao", None, "2025-05-20 15:29:00")
    assert rows[SEED_IDS["xinhua"]] == (
        "Explainer: What to know about Trump's calls with Putin, Zelensky?", "Xinhua", None, "2025-05-21 08:55:00")
    # The Orda.kz page names its outlet only in ', Orda.kz reports.' (a source, in general): no publisher.
    assert rows[SEED_IDS["orda"]][1:3] == (None, "Rustam Muratov")
    assert rows[SEED_IDS["wen_wei_po"]][1] == "Wen Wei Po"


def test_trump_quote_attributed_to_donald_trump(con):
    rows = con.execute("""
        SELECT q.speaker, e.name, q.quote_type FROM quotes q JOIN entities e ON e.entity_id = q.speaker_entity_id
        JOIN original_articles USING (article_id)
        WHERE q.text LIKE 'There is a tremendous opportunity for Russia%'""").fetchall()
    assert len(rows) == 2  # Wen Wei Po and Xinhua both carry it
    assert {r for r in rows} == {("Donald Trump", "Donald Trump", "direct")}


def test_relay_of_a_quote_is_linked_to_its_entity(con):
    # Orda.kz: '"Because I think there's a chance ...," he said, according to CNN.'
    rows = con.execute("""
        SELECT q.speaker, q.speaker_mention, q.reported_by, e.name, e.label FROM quotes q
        JOIN entities e ON e.entity_id = q.reported_by_entity_id
        WHERE q.text LIKE 'Because I think there''s a chance%'""").fetchall()
    assert rows == [("Donald Trump", "he", "CNN", "CNN", "ORG")]


def test_ta_kung_pao_reports_273_drones(con):
    aid = article_id_of(con, SEED_IDS["ta_kung_pao"])
    rows = con.execute("SELECT value, qualifier, object_lemma FROM numeric_claims "
                       "WHERE article_id = ? AND text LIKE '%273%'", [aid]).fetchall()
    assert rows == [(273.0, "=", "drone")]


def test_outlets_disagree_on_drones(con):
    rows = con.execute("SELECT publisher, value, qualifier FROM claims_by_outlet WHERE object_lemma = 'drone' "
                       "ORDER BY value, publisher").fetchall()
    assert ("Xinhua", 273.0, "=") in rows and ("Ta Kung Pao", 273.0, "=") in rows
    assert any(value == 200.0 and qualifier == ">" for _, value, qualifier in rows)


def test_offsets_index_into_body(con):
    for table in ("mentions", "numeric_claims"):
        bad = scalar(con, f"""SELECT count(*) FROM {table} t JOIN articles a USING (article_id)
                              WHERE substr(a.body, t.start_char + 1, t.end_char - t.start_char) <> t.text""")
        assert bad == 0, table
    # A quote is its segments' text joined (a split quote leaves its attribution out).
    bad = scalar(con, f"""SELECT count(*) FROM quotes q JOIN articles a USING (article_id)
                          WHERE array_to_string(list_transform(q.segments,
                                    lambda s: substr(a.body, s[1] + 1, s[2] - s[1])), '{SPLIT_JOINER}') <> q.text
                             OR q.segments[1][1] <> q.start_char OR q.segments[-1][2] <> q.end_char""")
    assert bad == 0
    assert scalar(con, "SELECT count(*) FROM quotes WHERE len(segments) > 1") > 0


def test_entities_resolve_name_variants(con):
    putin = con.execute("SELECT entity_id, label, aliases FROM entities WHERE name = 'Vladimir Putin'").fetchall()
    assert len(putin) == 1 and putin[0][1] == "PERSON"
    # Every 'Putin' mention, whatever the surface form, points at the one entity.
    forms = con.execute("SELECT DISTINCT text FROM mentions WHERE entity_id = ? ORDER BY text", [putin[0][0]]).fetchall()
    assert {"Putin", "Vladimir Putin"} <= {f[0] for f in forms}
    # 'Trump' tagged ORG by the model is still the PERSON Donald Trump.
    trump_id = scalar(con, "SELECT entity_id FROM entities WHERE name = 'Donald Trump' AND label = 'PERSON'")
    assert scalar(con, "SELECT count(*) FROM mentions WHERE text = 'Trump' AND ner_label = 'ORG' "
                       "AND entity_id = ?", [trump_id]) > 0
    assert scalar(con, "SELECT count(*) FROM mentions WHERE text = 'Trump' AND entity_id <> ?", [trump_id]) == 0
    assert scalar(con, "SELECT count(*) FROM mentions WHERE entity_id IS NULL") == 0


def test_views_answer_questions(con):
    top = con.execute("SELECT speaker FROM speaker_quote_counts LIMIT 2").fetchall()
    assert {t[0] for t in top} == {"Donald Trump", "Vladimir Putin"}
    assert scalar(con, "SELECT sum(mentions) FROM entity_mention_counts WHERE name = 'Donald Trump' "
                       "AND publisher = 'Xinhua' AND day = DATE '2025-05-21'") > 5
    assert scalar(con, "SELECT count(*) FROM article_stats") == 9


def test_a_name_with_initials_is_one_speaker_in_every_view(con):
    # 'J.D. Vance' and 'JD Vance' (a full stop in a name is an initial, not parse debris).
    rows = con.execute("SELECT speaker, quotes FROM speaker_quote_counts WHERE speaker LIKE '%Vance%'").fetchall()
    assert len(rows) == 1 and rows[0][0] in ("J.D. Vance", "JD Vance") and rows[0][1] >= 4
    assert scalar(con, "SELECT count(DISTINCT entity_id) FROM entity_mention_counts WHERE name LIKE '%Vance%'") == 1
    assert scalar(con, "SELECT sum(mentions) FROM entity_mention_counts WHERE name LIKE '%Vance%'") >= 4


def test_dq_results_recorded(con):
    rows = con.execute("SELECT table_name, bool_and(success), count(*) FROM dq_results GROUP BY 1 ORDER BY 1").fetchall()
    assert [r[0] for r in rows] == ["articles", "claim_comparisons", "cleaning_removals", "date_claims", "entities",
                                    "mentions", "numeric_claims", "quote_clusters", "quotes", "raw_articles",
                                    "rejected_inputs", "stories", "story_articles"]
    assert all(r[1] for r in rows)
    # The rejections suite saw all seven rejected inputs of this run.
    assert scalar(con, "SELECT max(rows_checked) FROM dq_results WHERE table_name = 'rejected_inputs'") == 7


def test_second_run_adds_nothing(warehouse_run):
    tables = ("raw_articles", "rejected_inputs", "articles", "mentions", "quotes", "numeric_claims", "entities",
              "ingested_files", "nlp_processed")

    def snapshot():
        with duckdb.connect(str(warehouse_run["db"]), read_only=True) as c:
            return {t: c.execute(f"SELECT count(*), count(DISTINCT run_id) FROM {t}").fetchone() for t in tables}

    before = snapshot()
    result = run_pipeline(warehouse_run["db"], warehouse_run["inputs"])
    assert result.success
    assert snapshot() == before


def test_deleting_an_input_changes_nothing(warehouse_run):
    tables = ("raw_articles", "articles", "mentions", "quotes", "numeric_claims", "entities", "cleaning_removals")

    def snapshot():
        with duckdb.connect(str(warehouse_run["db"]), read_only=True) as c:
            return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    before = snapshot()
    (warehouse_run["seeds"] / SEED_IDS["orda"]).unlink()
    result = run_pipeline(warehouse_run["db"], warehouse_run["inputs"])
    assert result.success
    assert snapshot() == before
