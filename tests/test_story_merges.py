"""The second stage of story assignment: stories whose centroids converge become one, the larger
keeping its id; the stage moves the absorbed story's articles and records the merge."""
from __future__ import annotations

from datetime import datetime, timedelta

from pipelines import quality, warehouse
from pipelines.core import stories

WHEN = datetime(2031, 3, 12, 9)


def _story(story_id: str, centroid: dict[str, float], articles: int, published: datetime | None = None,
           ingested: datetime = WHEN) -> stories.StoryState:
    seen = published or ingested
    return stories.StoryState(story_id, story_id, dict(centroid), published, published, seen, seen, ingested,
                              articles=articles)


# Two halves of one event as two outlets word it: the same people and places, partly other words.
_EVENT_A = {"e:city": 0.5, "e:police": 0.4, "e:mayor": 0.3, "gunmen": 0.4, "market": 0.4, "attack": 0.3}
_EVENT_B = {"e:city": 0.5, "e:police": 0.4, "e:governor": 0.3, "assailants": 0.4, "market": 0.4, "attack": 0.3}
_OTHER = {"e:city": 0.5, "e:council": 0.5, "e:mayor": 0.3, "budget": 0.5, "taxes": 0.4, "vote": 0.3}


def test_stories_whose_centroids_converge_merge_into_the_larger():
    params = stories.StoryParams()
    index = stories.StoryIndex(params)
    for story in (_story("s_small", _EVENT_B, 2), _story("s_large", _EVENT_A, 3), _story("s_other", _OTHER, 4)):
        index.add_story(story)
    assert round(stories.centroid_cosine(index.stories["s_small"], index.stories["s_large"]), 3) == 0.725
    assert round(stories.centroid_cosine(index.stories["s_small"], index.stories["s_other"]), 3) == 0.251
    merges = index.merge_converged(["s_small"])
    assert merges == [stories.Merge("s_small", "s_large", 0.725275)]
    large = index.stories["s_large"]
    assert set(index.stories) == {"s_large", "s_other"} and large.articles == 5 and large.dirty
    assert large.centroid == {"e:city": 1.0, "e:police": 0.8, "e:mayor": 0.3, "e:governor": 0.3, "gunmen": 0.4,
                              "assailants": 0.4, "market": 0.8, "attack": 0.6}
    # The absorbed story is found by no term any more; the one that kept its id by all of its terms.
    assert all("s_small" not in posting for posting in index.postings.values())
    assert index.candidates(["e:governor"]) == {"s_large"}
    # Below the threshold nothing merges.
    strict = stories.StoryIndex(stories.StoryParams(merge_min_cosine=0.75))
    strict.add_story(_story("s_small", _EVENT_B, 2))
    strict.add_story(_story("s_large", _EVENT_A, 3))
    assert strict.merge_converged(["s_small", "s_large"]) == [] and len(strict.stories) == 2


def test_dated_stories_days_apart_or_undated_ones_a_window_apart_stay_apart():
    """The cosine rule (the shipped weights hold no merge model): dated stories merge only within
    `merge_max_gap_days`."""
    params = stories.StoryParams()
    assert stories.default_model().merge is None

    def merged(a: stories.StoryState, b: stories.StoryState) -> bool:
        index = stories.StoryIndex(params)
        index.add_story(a)
        index.add_story(b)
        return bool(index.merge_converged([a.story_id]))

    # An official's two appearances three days apart are worded alike; on the same day they would merge.
    assert merged(_story("a", _EVENT_A, 2, published=WHEN), _story("b", _EVENT_B, 2, published=WHEN + timedelta(hours=20)))
    assert not merged(_story("a", _EVENT_A, 2, published=WHEN), _story("b", _EVENT_B, 2, published=WHEN + timedelta(days=3)))
    # Undated, the ingest window decides.
    assert merged(_story("a", _EVENT_A, 2), _story("b", _EVENT_B, 2, ingested=WHEN + timedelta(days=6)))
    assert not merged(_story("a", _EVENT_A, 2), _story("b", _EVENT_B, 2, ingested=WHEN + timedelta(days=8)))
    # Ties in size: the story seen first keeps its id.
    index = stories.StoryIndex(params)
    index.add_story(_story("z_first", _EVENT_B, 2, ingested=WHEN))
    index.add_story(_story("a_later", _EVENT_A, 2, ingested=WHEN + timedelta(hours=1)))
    assert [(m.story_id, m.into_story_id) for m in index.merge_converged(["a_later"])] == [("a_later", "z_first")]


def test_a_story_absorbed_into_one_absorbed_in_turn_goes_to_the_last():
    merges = [stories.Merge("s1", "s2", 0.6), stories.Merge("s3", "s4", 0.7), stories.Merge("s2", "s4", 0.5)]
    assert stories.merge_targets(merges) == {"s1": "s4", "s2": "s4", "s3": "s4"}
    # One pass over the stories a batch touched: each merges into its nearest, which then holds both.
    index = stories.StoryIndex(stories.StoryParams())
    index.add_story(_story("s_b", _EVENT_B, 1))
    index.add_story(_story("s_a", _EVENT_A, 2))
    index.add_story(_story("s_c", {**_EVENT_A, "gunmen": 0.5, "e:mayor": 0.4}, 5))
    merges = index.merge_converged(["s_a", "s_b"])
    assert [(m.story_id, m.into_story_id) for m in merges] == [("s_a", "s_c"), ("s_b", "s_c")]
    assert set(index.stories) == {"s_c"} and index.stories["s_c"].articles == 8


def _entity_id(name: str) -> str:
    return name.lower().replace(" ", "-")


def _occurrences(text: str, name: str) -> list[int]:
    found, start = [], text.find(name)
    while start >= 0:
        found.append(start)
        start = text.find(name, start + 1)
    return found


def _insert(con, table: str, rows: list[dict]) -> None:
    warehouse.insert_frame(con, table, warehouse.rows_frame(con, table, rows))


def test_the_stage_moves_an_absorbed_story_s_articles_and_records_the_merge(tmp_path):
    """Two stored stories of one event (assigned under a stricter threshold) converge when a third
    article joins one of them: the other's articles move to it, its rows go, story_merges keeps the
    record, counts follow; a second run changes nothing."""
    from pipelines.stages.stories import run_stories

    bodies = {
        "a1": "Gunmen attacked the crowded market in Tarnow, killing shoppers, police said. The mayor of Tarnow "
              "called the market attack a massacre, and Ilse Brandt, the governor, flew in.",
        "b1": "Assailants opened fire at the Tarnow market, police said. Governor Ilse Brandt said the market "
              "attack left shoppers dead.",
        "a2": "Police in Tarnow said the gunmen who attacked the market fled. The mayor of Tarnow and Governor "
              "Ilse Brandt visited the market after the attack.",
    }
    db = tmp_path / "w.duckdb"
    with warehouse.connect(str(db)) as con:
        _insert(con, "articles", [{
            "article_id": aid, "source_path": aid, "language": "en", "body": body, "word_count": len(body.split()),
            "body_hash": aid, "ingested_at": WHEN + timedelta(minutes=n), "cleaned_at": WHEN}
            for n, (aid, body) in enumerate(bodies.items())])
        _insert(con, "entities", [{"entity_id": _entity_id(name), "name": name, "label": label, "aliases": [name],
                                   "mention_count": 1, "article_count": 1, "updated_at": WHEN}
                                  for name, label in (("Tarnow", "GPE"), ("Ilse Brandt", "PERSON"))])
        _insert(con, "mentions", [{
            "mention_id": f"{aid}-{start}", "article_id": aid, "entity_id": _entity_id(name), "text": name,
            "label": label, "ner_label": label, "canonical_name": name, "start_char": start,
            "end_char": start + len(name), "sentence_index": 0}
            for aid, body in bodies.items() for name, label in (("Tarnow", "GPE"), ("Ilse Brandt", "PERSON"))
            for start in _occurrences(body, name)])
        _insert(con, "nlp_processed", [{"article_id": aid, "model": "m", "mentions": 1, "quotes": 0, "claims": 0,
                                        "processed_at": WHEN} for aid in bodies])
        strict = stories.StoryParams(min_probability_undated=0.99, merge_min_cosine=2.0)  # as before merges
        con.execute("DELETE FROM nlp_processed WHERE article_id = 'a2'")
        first = run_stories(con, "r1", params=strict)
        assert (first.articles, first.stories_created, first.stories_merged) == (2, 2, 0)
        _insert(con, "nlp_processed", [{"article_id": "a2", "model": "m", "mentions": 1, "quotes": 0, "claims": 0,
                                        "processed_at": WHEN}])
        second = run_stories(con, "r2", params=stories.StoryParams(min_probability_undated=0.06))
        members = con.execute("SELECT article_id, story_id, method FROM story_articles ORDER BY 1").fetchall()
        merged = con.execute("SELECT story_id, into_story_id, round(cosine, 3), run_id FROM story_merges").fetchall()
        counts = con.execute("SELECT story_id, article_count FROM stories ORDER BY 1").fetchall()
        postings = con.execute("SELECT DISTINCT story_id FROM story_postings").fetchall()
        # The data-quality suites of the stories stage accept the moved rows (real GX validation).
        checks = {name: quality.run_suite(con, name, "r2") for name in ("story_articles", "stories")}
        again = run_stories(con, "r3")
        after = con.execute("SELECT article_id, story_id, method FROM story_articles ORDER BY 1").fetchall()
    a1_story, b1_story = stories.story_id_for("a1"), stories.story_id_for("b1")
    assert second.stories_merged == 1
    assert merged == [(b1_story, a1_story, 0.672, "r2")]
    assert members == [("a1", a1_story, "founder"), ("a2", a1_story, "joined"), ("b1", a1_story, "merged")]
    assert counts == [(a1_story, 3)] and postings == [(a1_story,)]
    assert again.articles == 0 and after == members
    assert {name: (o.success, o.rows_checked) for name, o in checks.items()} == {
        "story_articles": (True, 3), "stories": (True, 1)}


def _with_merge_model(merge: dict | None) -> stories.StoryModel:
    shipped = stories.default_model()
    return stories.StoryModel(shipped.dated, shipped.undated, follow_up=shipped.follow_up, merge=merge)


def test_merge_features_of_two_dated_stories():
    a = _story("a", _EVENT_A, 2, published=WHEN)
    b = _story("b", _EVENT_B, 1, published=WHEN + timedelta(days=3))
    b.last_published_at = b.last_seen_at = WHEN + timedelta(days=5)  # b reported over two days
    top_a, top_b = stories.heaviest_entities(a, 8), stories.heaviest_entities(b, 8)
    f = {k: round(v, 3) for k, v in stories.merge_features(a, b, top_a, top_b).items()}
    assert f == {"cosine": 0.725, "entity_cosine": 0.82, "word_cosine": 0.61, "shared_top_entities": 0.667,
                 "log_gap_days": 1.386, "log_relative_gap": 0.693, "log_smaller_story": 0.0}


def test_a_merge_model_joins_dated_stories_of_one_event_days_apart():
    """Past `merge_max_gap_days` the cosine rule never merges two dated stories; with a merge model in
    the weights two stories of `merge_min_articles` or more merge when it gives `min_probability_merge`
    (days apart count against it)."""
    model = _with_merge_model({"bias": -2.5, "weights": {"cosine": 6.0, "log_gap_days": -1.0}})

    def merged(days: float, merge_model: stories.StoryModel | None, centroid=_EVENT_B,
               articles: int = 2) -> list[stories.Merge]:
        index = stories.StoryIndex(stories.StoryParams(), model=merge_model)
        index.add_story(_story("a", _EVENT_A, 3, published=WHEN))
        index.add_story(_story("b", centroid, articles, published=WHEN + timedelta(days=days)))
        return index.merge_converged(["b"])

    without = _with_merge_model(None)
    assert merged(3, without) == []
    assert merged(3, model) == [stories.Merge("b", "a", 0.725275)]   # p = 0.61
    assert merged(14, model) == []                                    # p = 0.30
    assert merged(3, model, centroid=_OTHER) == []                    # another matter on that topic
    assert merged(25, model) == []                                    # past the dated window
    assert merged(3, model, articles=1) == []                         # one article: no profile yet
    # Within the short gap the cosine rule alone decides, whatever the model says.
    assert merged(0.5, _with_merge_model({"bias": -50.0, "weights": {"cosine": 0.0}})) == [
        stories.Merge("b", "a", 0.725275)]
    assert merged(0.5, _with_merge_model({"bias": 50.0, "weights": {"cosine": 0.0}}), centroid=_OTHER) == []
    # A model that names a feature the code does not compute is refused.
    try:
        _with_merge_model({"bias": 0.0, "weights": {"time_factor": 1.0}})
    except ValueError as e:
        assert "merge" in str(e)
    else:
        raise AssertionError("a merge model weighing an unknown feature was accepted")


def test_the_stage_merges_dated_stories_days_apart_by_the_merge_model_and_keeps_the_record(tmp_path, monkeypatch):
    """Two outlets' stories of one event four days apart (stored as two: the second was assigned with
    a 2-day window) stay two under the cosine rule when a third article grows the second; with a merge
    model its articles move to the first, story_merges records it, the story's row, span and the
    outlets view follow, and a second run changes nothing."""
    from pipelines.stages.stories import run_stories

    day0 = datetime(2031, 3, 12, 9)
    articles = {
        "a1": ("Tarnow Post", day0, "Gunmen attacked the crowded market in Tarnow, killing shoppers, police said. "
               "The mayor of Tarnow called the market attack a massacre; Ilse Brandt, the governor, flew in."),
        "a2": ("Tarnow Post", day0 + timedelta(hours=3), "Police in Tarnow said the gunmen who attacked the market "
               "fled. Governor Ilse Brandt visited the market after the attack on shoppers."),
        "b1": ("River Daily", day0 + timedelta(days=4), "Four days after gunmen attacked the Tarnow market, police "
               "said shoppers were back. Governor Ilse Brandt laid flowers at the market."),
        "b2": ("River Daily", day0 + timedelta(days=4, hours=2), "Governor Ilse Brandt reopened the Tarnow market "
               "attacked by gunmen; police guarded shoppers at the market."),
        "c1": ("River Daily", day0 + timedelta(days=4, hours=5), "Shoppers returned to the Tarnow market where "
               "gunmen attacked; Governor Ilse Brandt thanked police."),
    }
    shipped = stories.default_model()

    def run(db, merge: dict | None) -> dict:
        monkeypatch.setattr(stories, "default_model", lambda: stories.StoryModel(
            shipped.dated, shipped.undated, follow_up=shipped.follow_up, merge=merge))
        with warehouse.connect(str(db)) as con:
            _insert(con, "articles", [{
                "article_id": aid, "source_path": aid, "publisher": pub, "language": "en", "published_at": when,
                "body": body, "word_count": len(body.split()), "body_hash": aid, "ingested_at": WHEN,
                "cleaned_at": WHEN} for aid, (pub, when, body) in articles.items()])
            _insert(con, "entities", [{"entity_id": _entity_id(name), "name": name, "label": label, "aliases": [name],
                                       "mention_count": 1, "article_count": 1, "updated_at": WHEN}
                                      for name, label in (("Tarnow", "GPE"), ("Ilse Brandt", "PERSON"))])
            _insert(con, "mentions", [{
                "mention_id": f"{aid}-{start}", "article_id": aid, "entity_id": _entity_id(name), "text": name,
                "label": label, "ner_label": label, "canonical_name": name, "start_char": start,
                "end_char": start + len(name), "sentence_index": 0}
                for aid, (_pub, _when, body) in articles.items()
                for name, label in (("Tarnow", "GPE"), ("Ilse Brandt", "PERSON"))
                for start in _occurrences(body, name)])

            def parsed(*ids: str) -> None:
                _insert(con, "nlp_processed", [{"article_id": aid, "model": "m", "mentions": 1, "quotes": 0,
                                                "claims": 0, "processed_at": WHEN} for aid in ids])

            parsed("a1", "a2")
            run_stories(con, "r1")
            parsed("b1", "b2")
            run_stories(con, "r2", params=stories.StoryParams(dated_window_days=2.0))
            parsed("c1")
            report = run_stories(con, "r3")
            warehouse.apply_views(con)
            out = {
                "merged": report.stories_merged,
                "members": con.execute("SELECT article_id, story_id, method FROM story_articles ORDER BY 1").fetchall(),
                "merges": con.execute("SELECT story_id, into_story_id, run_id FROM story_merges").fetchall(),
                "stories": con.execute("SELECT story_id, article_count, first_published_at, last_published_at "
                                       "FROM stories ORDER BY 1").fetchall(),
                "outlets": con.execute("SELECT story_id, publishers FROM story_outlets ORDER BY 1").fetchall(),
            }
            again = run_stories(con, "r4")
            out["again"] = (again.articles, con.execute(
                "SELECT article_id, story_id, method FROM story_articles ORDER BY 1").fetchall() == out["members"])
        return out

    a_story, b_story = stories.story_id_for("a1"), stories.story_id_for("b1")
    before = run(tmp_path / "cosine_rule.duckdb", None)
    assert before["merged"] == 0 and before["merges"] == []
    assert [s[:2] for s in before["stories"]] == sorted([(a_story, 2), (b_story, 3)])
    after = run(tmp_path / "learned.duckdb", {"bias": -2.5, "weights": {"cosine": 6.0, "log_gap_days": -1.0}})
    assert after["merged"] == 1
    # The larger story (three articles) keeps its id; the first story's articles move to it.
    assert after["merges"] == [(a_story, b_story, "r3")]
    assert after["members"] == [("a1", b_story, "merged"), ("a2", b_story, "merged"), ("b1", b_story, "founder"),
                                ("b2", b_story, "joined"), ("c1", b_story, "joined")]
    assert after["stories"] == [(b_story, 5, day0, day0 + timedelta(days=4, hours=5))]
    assert after["outlets"] == [(b_story, ["River Daily", "Tarnow Post"])]
    assert after["again"] == (0, True)
