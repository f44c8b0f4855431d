"""A crowd is no ground of a town; a body after its country's short name is the bare body. Names are made up."""
from __future__ import annotations

from pipelines.core.entities import find_mentions


def _places(doc, name):
    return [(m.label, m.label_source) for m in find_mentions(doc) if m.text == name]


def test_a_towns_crowd_is_no_venue(nlp):
    # A town the gazetteer knows: its crowd is its people, no ground.
    known = nlp("England beat France 24-10 at Richmond on Saturday. "
                "The Richmond crowd cheered as Gareth Pryce scored twice.")
    assert _places(known, "Richmond") == [("GPE", "model"), ("GPE", "model")]
    # A name the gazetteer does not know that the article puts a match 'in': the town's crowd.
    held_in = nlp("Pryce won the final in Carrowmore on Sunday. After his win in the first rubber, "
                  "a raucous Carrowmore crowd cheered him on against Italy.")
    assert _places(held_in, "Carrowmore") == [("GPE", "model"), ("GPE", "known name")]


def test_a_body_after_its_countrys_short_name_or_with_a_kind_word_after_it_is_the_bare_body(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("ORG", "Marlow Reserve", "Marlow Reserve", "model")] * 3)
        _insert_rows(con, "r2", [("ORG", "U.S. Marlow Reserve", "U.S. Marlow Reserve", "model")] * 2)
        _insert_rows(con, "r3", [("ORG", "Marlow Reserve Board", "Marlow Reserve Board", "model")] * 2)
        # A rest written after two countries' names is a kind of body: each country's its own.
        _insert_rows(con, "r4", [("ORG", "U.S. Tallow Council", "U.S. Tallow Council", "model"),
                                 ("ORG", "Tallow Council", "Tallow Council", "model"),
                                 ("ORG", "U.S. Quarry Watch", "U.S. Quarry Watch", "model"),
                                 ("ORG", "UK Quarry Watch", "UK Quarry Watch", "model"),
                                 ("ORG", "Quarry Watch", "Quarry Watch", "model")])
        run_entities(con, "r1")
        rows = con.execute("SELECT mention_count, list_sort(aliases) FROM entities ORDER BY 2").fetchall()
        assert rows == [(7, ["Marlow Reserve", "U.S. Marlow Reserve"]),
                        (1, ["Quarry Watch"]), (1, ["Tallow Council"]), (1, ["U.S. Quarry Watch"]),
                        (1, ["U.S. Tallow Council"]), (1, ["UK Quarry Watch"])]


def test_a_one_word_body_joins_its_countrys_body_only_in_articles_about_that_country(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("ORG", "U.S. Senate", "U.S. Senate", "model"), ("GPE", "U.S.", "U.S.", "model")])
        # About the U.S. (its short name the commonest country): the bare word is the U.S. body.
        _insert_rows(con, "r2", [("ORG", "Senate", "Senate", "model")] * 2
                     + [("GPE", "U.S.", "U.S.", "model")] * 2 + [("GPE", "Japan", "Japan", "model")])
        _insert_rows(con, "r3", [("ORG", "Senate", "Senate", "model"), ("GPE", "United States", "United States", "model")])
        # About another country, or naming two as often, or none: the bare word stays its own.
        _insert_rows(con, "r4", [("ORG", "Senate", "Senate", "model"), ("GPE", "Peru", "Peru", "model")])
        _insert_rows(con, "r5", [("ORG", "Senate", "Senate", "model"), ("GPE", "Peru", "Peru", "model"),
                                 ("GPE", "U.S.", "U.S.", "model")])
        _insert_rows(con, "r6", [("ORG", "Senate", "Senate", "model")])
        # A rest that names no national body (a word, a firm's name) joins nothing.
        _insert_rows(con, "r7", [("ORG", "U.S. Moot", "U.S. Moot", "model"), ("GPE", "U.S.", "U.S.", "model")])
        _insert_rows(con, "r8", [("ORG", "Moot", "Moot", "model"), ("GPE", "U.S.", "U.S.", "model")])
        run_entities(con, "r1")
        rows = con.execute("SELECT name, mention_count, list_sort(list(DISTINCT m.article_id)) FROM entities "
                           "JOIN mentions m USING (entity_id) WHERE entities.label = 'ORG' GROUP BY ALL ORDER BY 1").fetchall()
        assert rows == [("Moot", 1, ["a-r8"]), ("Senate", 3, ["a-r4", "a-r5", "a-r6"]),
                        ("U.S. Moot", 1, ["a-r7"]), ("U.S. Senate", 4, ["a-r1", "a-r2", "a-r3"])]


def test_a_one_word_body_in_a_later_run_finds_its_countrys_body(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("ORG", "UK Senate", "UK Senate", "model"), ("GPE", "Britain", "Britain", "model")])
        run_entities(con, "r1")
        _insert_rows(con, "r2", [("ORG", "Senate", "Senate", "model"), ("GPE", "Britain", "Britain", "model")])
        _insert_rows(con, "r3", [("ORG", "Senate", "Senate", "model")])
        run_entities(con, "r2")
        rows = con.execute("SELECT name, mention_count, article_count FROM entities WHERE label = 'ORG' "
                           "ORDER BY 1").fetchall()
        assert rows == [("Senate", 1, 1), ("UK Senate", 2, 2)]


def test_a_one_word_body_in_an_article_naming_no_country_takes_the_country_of_its_places(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("ORG", "U.S. Senate", "U.S. Senate", "model"), ("GPE", "U.S.", "U.S.", "model")])
        # No country named: a US state, or a body after the country's short name, tells the country.
        _insert_rows(con, "r2", [("ORG", "Senate", "Senate", "model"), ("GPE", "Ohio", "Ohio", "model")])
        _insert_rows(con, "r3", [("ORG", "Senate", "Senate", "model"),
                                 ("ORG", "U.S. Tallow Agency", "U.S. Tallow Agency", "model")])
        # A named country still decides; places of two countries as often, or of another, leave it apart.
        _insert_rows(con, "r4", [("ORG", "Senate", "Senate", "model"), ("GPE", "Peru", "Peru", "model"),
                                 ("GPE", "Ohio", "Ohio", "model"), ("GPE", "Ohio", "Ohio", "model")])
        _insert_rows(con, "r5", [("ORG", "Senate", "Senate", "model"), ("GPE", "Ohio", "Ohio", "model"),
                                 ("GPE", "Tokyo", "Tokyo", "model")])
        _insert_rows(con, "r6", [("ORG", "Senate", "Senate", "model"), ("GPE", "Tokyo", "Tokyo", "model")])
        run_entities(con, "r1")
        rows = con.execute("SELECT name, list_sort(list(DISTINCT m.article_id)) FROM entities "
                           "JOIN mentions m USING (entity_id) WHERE entities.name LIKE '%Senate' "
                           "GROUP BY ALL ORDER BY 1").fetchall()
        assert rows == [("Senate", ["a-r4", "a-r5", "a-r6"]), ("U.S. Senate", ["a-r1", "a-r2", "a-r3"])]


def test_a_states_abbreviation_after_a_city_is_the_state(nlp):
    doc = nlp("Kestrel Pumps Inc, based in Harmon Falls, La., said it would hire 40 workers. "
              "Its rival Dunmere Valves is based in Los Angeles, and both sell in LA and in Ashby, Calif.")
    found = [(m.text, m.canonical) for m in find_mentions(doc) if m.label in ("GPE", "LOC")]
    assert ("La.", "Louisiana") in found and ("Calif.", "California") in found
    assert ("LA", "Los Angeles") in found  # the city's initials, not the state
