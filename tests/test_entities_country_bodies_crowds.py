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
