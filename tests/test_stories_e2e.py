"""End to end: a real Dagster materialization of every asset and check on seeds/
mixed with generated articles about other events, then the judged facts about stories,
quote reach and compared claims; a second run adds nothing; a split keeps history."""
from __future__ import annotations

import json
import random
import shutil

import duckdb
import pytest

from pipelines import warehouse
from pipelines.settings import SEEDS_DIR
from pipelines.stages.stories import split_story
from runs import run_pipeline

GENERATOR_SEED = 20311  # generated corpus is reproducible

_EVENTS = [
    dict(topic="flood", place="Marrowby", people=["Helena Strand", "Tomas Okafor"], org="the Marrowby Water Board",
         lines=["Floodwater from the river Wend forced {n} residents of {place} from their homes on {day}.",
                "{p0}, the mayor of {place}, said rescue boats reached every street by nightfall.",
                "{org} opened the Wend dam sluices after three days of heavy rain, {p1} said.",
                "Shelters in schools and churches across {place} took in families overnight."]),
    dict(topic="chess", place="Valdoria", people=["Irina Castell", "Pavel Duarte"], org="the Valdoria Chess Union",
         lines=["{p0} won the Valdoria chess open on {day}, beating {p1} in a tense final round.",
                "The final game in {place} lasted {n} moves before {p1} resigned.",
                "{org} said the prize fund of the open had doubled this year.",
                "{p0} dedicated the title to her first coach at the club in {place}."]),
    dict(topic="factory", place="Kestrel Bay", people=["Martin Reyes", "Sofia Lindqvist"], org="Kestrel Motors",
         lines=["{org} will close its battery plant in {place}, cutting {n} jobs, the company said on {day}.",
                "{p0}, the plant manager, told workers the line would stop by the end of the year.",
                "Union leader {p1} called the closure of the {place} plant a betrayal of the town.",
                "{org} blamed falling demand for the batteries made in {place}."]),
]
_OUTLETS = ["Northern Ledger", "Coastal Wire", "Evening Sentinel"]
_DAYS = ["Tuesday", "Wednesday", "Thursday"]


def generated_articles(rng: random.Random) -> list[dict]:
    """Three outlets on each of three invented events (shuffled wording), as JSON records."""
    records = []
    for event in _EVENTS:
        for k, outlet in enumerate(_OUTLETS):
            lines = list(event["lines"])
            rng.shuffle(lines)
            fill = dict(place=event["place"], p0=event["people"][0], p1=event["people"][1], org=event["org"],
                        n=rng.randint(40, 900), day=_DAYS[k])
            body = " ".join(line.format(**fill) for line in lines)
            body = body[0].upper() + body[1:]
            records.append({"title": f"{event['topic'].title()} in {event['place']}: {outlet} report",
                            "publisher": outlet, "date": f"2025-05-{20 + k:02d}", "body": body,
                            "topic": event["topic"]})
    return records


# An invented takeover fight reported over five days by several outlets, then its follow-up ten days
# after the last report (the defence the bid caused): (date, outlet, title, body).
_FIGHT = [
    ("2025-06-02", "Harbour Post", "Castellan Partners bids for Brennock Freight",
     "Castellan Partners, the investment firm run by Loris Maddox, offered 41 dollars a share for Brennock "
     "Freight on Monday, valuing the Dunmore trucking company at 900 million dollars. Brennock Freight said its "
     "board would study the offer. Maddox said Castellan Partners already owns nine percent of Brennock Freight."),
    ("2025-06-03", "Coastal Wire", "Brennock Freight board rejects Castellan offer",
     "The board of Brennock Freight rejected the 41-dollar-a-share takeover offer from Castellan Partners as "
     "inadequate, chairwoman Ada Vinter said in Dunmore. Loris Maddox said Castellan Partners would take its "
     "offer for Brennock Freight directly to shareholders."),
    ("2025-06-04", "Harbour Post", "Castellan Partners starts tender offer for Brennock",
     "Castellan Partners began a tender offer for all shares of Brennock Freight at 41 dollars each, Loris "
     "Maddox said. The offer for the Dunmore company expires in July. Ada Vinter, chairwoman of Brennock "
     "Freight, urged shareholders not to tender their shares to Castellan Partners."),
    ("2025-06-05", "Evening Sentinel", "Brennock Freight sues Castellan Partners over bid",
     "Brennock Freight filed a lawsuit in Dunmore against Castellan Partners and Loris Maddox, saying the "
     "tender offer for its shares broke disclosure rules. Castellan Partners called the suit by Brennock "
     "Freight a delaying tactic, and Ada Vinter said the board would fight the bid."),
    ("2025-06-06", "Coastal Wire", "Maddox raises Castellan offer for Brennock Freight",
     "Loris Maddox raised the Castellan Partners offer for Brennock Freight to 45 dollars a share from 41 "
     "dollars. Brennock Freight chairwoman Ada Vinter said the board in Dunmore would review the higher "
     "takeover offer from Castellan Partners."),
    ("2025-06-06", "Northern Ledger", "Brennock Freight shares jump on higher Castellan bid",
     "Shares of Brennock Freight rose four dollars after Castellan Partners raised its takeover offer to 45 "
     "dollars a share, traders in Dunmore said. Analysts said Loris Maddox might have to pay more to win "
     "Brennock Freight, whose chairwoman Ada Vinter has called the bid too low."),
    ("2025-06-16", "Evening Sentinel", "Brennock Freight approves recapitalization to fend off Castellan",
     "The board of Brennock Freight approved a recapitalization that pays shareholders a special dividend of "
     "30 dollars a share, chairwoman Ada Vinter said in Dunmore, to defeat the takeover offer from Castellan "
     "Partners. Loris Maddox said Castellan Partners would study the plan and keep its 45-dollar offer for "
     "Brennock Freight open."),
]


def fight_articles() -> list[dict]:
    return [{"title": title, "publisher": outlet, "date": day, "body": body} for day, outlet, title, body in _FIGHT]


@pytest.fixture(scope="module")
def story_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("stories")
    seeds = root / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    other = root / "other"
    other.mkdir()
    records = generated_articles(random.Random(GENERATOR_SEED))
    (other / "generated.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (other / "fight.jsonl").write_text("\n".join(json.dumps(r) for r in fight_articles()) + "\n", encoding="utf-8")
    # A plain-text article with no date and no outlet: its weekday and 'yesterday' fix no day.
    (other / "undated.txt").write_text(
        "Regatta crews rescued off Halvorsund\n\n"
        "Coastguard boats rescued eleven sailors of the Halvorsund regatta on Saturday after a squall "
        "capsized their yachts near the northern reef.\n\n"
        "Race director Anneli Vartiainen said yesterday that the regatta would resume once the harbour "
        "master declared the reef safe.\n", encoding="utf-8")
    db = root / "news.duckdb"
    first = run_pipeline(db, [seeds, other])
    return {"db": db, "first": first, "inputs": [seeds, other], "records": records}


@pytest.fixture
def con(story_run):
    connection = duckdb.connect(str(story_run["db"]), read_only=True)
    yield connection
    connection.close()


def _seed_story(con):
    rows = con.execute("""SELECT DISTINCT sa.story_id FROM story_articles sa JOIN articles a USING (article_id)
                          WHERE a.source_path LIKE '%/seeds/%'""").fetchall()
    assert len(rows) == 1, rows
    return rows[0][0]


def test_run_passes_every_check(story_run):
    result = story_run["first"]
    assert result.success
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    for name in ("stories", "quote_clusters", "date_claims", "claim_comparisons"):
        assert evaluations[f"{name}_expectations"] is True


def test_an_undated_article_gets_no_invented_day(con):
    rows = con.execute("""SELECT d.text, d.date_value, d.resolution, d.reference_source FROM date_claims d
                          JOIN articles a USING (article_id) WHERE a.source_path LIKE '%undated.txt'
                          ORDER BY d.start_char""").fetchall()
    assert rows == [("on Saturday", None, "unfixed_weekday", "none"), ("yesterday", None, "unfixed_relative", "none")]


def test_samples_are_one_story_and_nothing_else_joins(con):
    story = _seed_story(con)
    members = con.execute("""SELECT a.source_path LIKE '%/seeds/%' FROM story_articles sa JOIN articles a
                             USING (article_id) WHERE sa.story_id = ?""", [story]).fetchall()
    assert [m[0] for m in members] == [True] * 5
    # two samples name no publisher: one '(unknown outlet)' beside three named outlets
    assert con.execute("SELECT article_count, publisher_count FROM stories WHERE story_id = ?",
                       [story]).fetchone() == (5, 4)


def test_generated_events_group_by_event(con, story_run):
    by_topic = {}
    for (topic,) in {(r["topic"],) for r in story_run["records"]}:
        rows = con.execute("""SELECT DISTINCT sa.story_id FROM story_articles sa JOIN articles a USING (article_id)
                              WHERE a.title LIKE ?""", [f"{topic.title()} in %"]).fetchall()
        by_topic[topic] = {r[0] for r in rows}
    assert all(len(ids) == 1 for ids in by_topic.values()), by_topic
    assert len(set.union(*by_topic.values())) == 3


def test_a_follow_up_ten_days_after_a_fight_reported_over_days_joins_its_story(con):
    """The takeover fight's six reports over five days are one story, and the recapitalisation ten days
    after the last joins it (before the follow-up path it founded a story of its own: the dated window
    was 7 days and the dated model weighs the days from the last report); nothing else joins it."""
    rows = con.execute("""SELECT a.title, sa.story_id, sa.method FROM story_articles sa JOIN articles a
                          USING (article_id) WHERE a.title LIKE '%Brennock%' ORDER BY a.published_at, a.title""").fetchall()
    assert len(rows) == len(_FIGHT) and len({r[1] for r in rows}) == 1, rows
    assert rows[-1][0] == "Brennock Freight approves recapitalization to fend off Castellan" and rows[-1][2] == "joined"
    assert con.execute("SELECT article_count, publisher_count FROM stories WHERE story_id = ?",
                       [rows[0][1]]).fetchone() == (7, 4)


def test_drone_claims_compared_by_event(con):
    story = _seed_story(con)
    rows = con.execute("""SELECT text_a, text_b, verdict FROM claim_comparisons
                          WHERE story_id = ? AND kind = 'number' AND object = 'drone'""", [story]).fetchall()
    verdicts = {frozenset((a, b)): v for a, b, v in rows}
    assert verdicts[frozenset(("273 drones", "more than two hundred drones"))] == "compatible"
    assert verdicts[frozenset(("273 drones",))] == "agree"  # Ta Kung Pao and Xinhua
    assert not any("127 Ukrainian drones" in pair for pair in verdicts)
    assert con.execute("SELECT predicate FROM numeric_claims WHERE text = '127 Ukrainian drones'").fetchone()[0] \
        == "shoot down"


def _unsigned_sample(con) -> str:
    """Sample 004 names its outlet only as a source (', X reports.'): it has no publisher."""
    return con.execute("SELECT article_id FROM articles WHERE source_path LIKE '%004_052e207af823a055.txt'").fetchone()[0]


def test_istanbul_talks_dates_conflict(con):
    unsigned = _unsigned_sample(con)
    # the article without a publisher stands for itself: its outlet is the shared '(unknown outlet)'
    rows = con.execute("""SELECT CASE WHEN publisher_a = '(unknown outlet)' THEN article_id_a ELSE publisher_a END,
                                 value_a,
                                 CASE WHEN publisher_b = '(unknown outlet)' THEN article_id_b ELSE publisher_b END,
                                 value_b, verdict FROM claim_comparisons
                          WHERE kind = 'date' AND object = 'meeting'
                            AND story_id = (SELECT story_id FROM story_articles WHERE article_id = ?)""",
                       [unsigned]).fetchall()
    conflicts = {frozenset(((pa, va), (pb, vb))) for pa, va, pb, vb, v in rows if v == "conflict"}
    assert frozenset(((unsigned, "2025-05-15"), ("Ta Kung Pao", "2025-05-16"))) in conflicts
    assert frozenset(((unsigned, "2025-05-15"), ("Xinhua", "2025-05-16"))) in conflicts
    story = _seed_story(con)
    seed_conflicts = con.execute("SELECT count(*) FROM claim_disagreements WHERE kind = 'date' AND story_id = ?",
                                 [story]).fetchone()[0]
    assert seed_conflicts == len([r for r in rows if r[4] == "conflict"]) == 2
    # The generated outlets date their event on different weekdays: conflicts in their own stories.
    assert con.execute("SELECT count(*) FROM claim_disagreements WHERE story_id <> ?", [story]).fetchone()[0] > 0


def test_quote_reach(con):
    trump = con.execute("""SELECT speaker, publishers, articles FROM quote_reach
                           WHERE representative_text LIKE 'There is a tremendous opportunity%'""").fetchall()
    assert trump == [("Donald Trump", 2, 2)]
    putin = con.execute("""SELECT speaker, publishers, texts FROM quote_reach
                           WHERE list_contains(texts, 'very substantive and very frank.')""").fetchall()
    assert len(putin) == 1
    speaker, publishers, texts = putin[0]
    assert speaker == "Vladimir Putin" and publishers == 3
    assert any("quite candid" in t for t in texts)
    # quote_reach_shared (the report's) is quote_reach's statements in more than one article, row for row.
    shared = con.execute("SELECT * EXCLUDE (texts) FROM quote_reach_shared ORDER BY cluster_id").fetchall()
    assert len(shared) >= 2 and shared == con.execute(
        "SELECT * EXCLUDE (texts) FROM quote_reach WHERE articles > 1 ORDER BY cluster_id").fetchall()
    assert con.execute("SELECT count(*) FROM quote_reach WHERE articles = 1").fetchone()[0] > 0
    # No cluster holds two speakers.
    assert con.execute("""SELECT count(*) FROM (SELECT cluster_id FROM quote_clusters GROUP BY cluster_id
                          HAVING count(DISTINCT coalesce(speaker_key, '#')) > 1)""").fetchone()[0] == 0


def test_second_run_adds_nothing_and_split_keeps_history(story_run):
    tables = ("stories", "story_articles", "quote_clusters", "date_claims", "story_postings")
    with warehouse.connect(str(story_run["db"]), read_only=True) as con:
        before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    again = run_pipeline(story_run["db"], story_run["inputs"])
    assert again.success
    with warehouse.connect(str(story_run["db"])) as con:
        assert {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables} == before
        story = _seed_story(con)
        orda = _unsigned_sample(con)
        new_id = split_story(con, story, [orda], "judged two events", "test-split")
        assert split_story(con, story, [orda], "judged two events", "test-split") == new_id  # repeatable
        assert con.execute("SELECT story_id FROM story_articles WHERE article_id = ?", [orda]).fetchone()[0] == new_id
        assert con.execute("SELECT split_from, article_count FROM stories WHERE story_id = ?",
                           [new_id]).fetchone() == (story, 1)
        assert con.execute("SELECT article_count FROM stories WHERE story_id = ?", [story]).fetchone()[0] == 4
        assert con.execute("SELECT count(*) FROM story_splits WHERE story_id = ?", [story]).fetchone()[0] == 1
        warehouse.apply_views(con)
        assert con.execute("SELECT count(*) FROM claim_comparisons WHERE article_id_a = ? OR article_id_b = ?",
                           [orda, orda]).fetchone()[0] == 0
