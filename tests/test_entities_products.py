"""Names the model cuts or scatters: a group name cut from a longer one, a maker and its model
string, one name under several labels in the warehouse (made-up names throughout)."""
from __future__ import annotations

from pipelines import warehouse
from pipelines.core.entities import entity_id_for, find_mentions
from pipelines.stages.entities import run_entities


def _found(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.label, m.canonical) for m in find_mentions(nlp(text))]


def _cut_to_last_word(nlp, text: str, name: str):
    """The doc of `text` with the model's entities replaced by `name`'s last word alone, tagged
    NORP wherever `name` is written: the cut the model makes of some group names."""
    from spacy.tokens import Span

    doc = nlp(text)
    cut = []
    for t in doc:
        if doc.text[t.idx:t.idx + len(name)] == name:
            last = doc.char_span(t.idx, t.idx + len(name), alignment_mode="expand").end - 1
            cut.append(Span(doc, last, last + 1, label="NORP"))
    doc.ents = cut
    return doc


def test_a_group_name_cut_by_the_model_takes_its_modifier(nlp):
    doc = _cut_to_last_word(nlp, "Voters in Leeds backed the Progressive Federalists in May, and the Progressive "
                                 "Federalists won.", "Progressive Federalists")
    found = [(m.text, m.canonical) for m in find_mentions(doc) if "Federalists" in m.text]
    assert found == [("Progressive Federalists", "Progressive Federalists")] * 2


def test_a_cut_group_name_at_a_sentence_start_is_whole_only_when_the_article_writes_it_again(nlp):
    doc = _cut_to_last_word(nlp, "Progressive Federalists lost. Progressive Federalists said they had won.",
                            "Progressive Federalists")
    assert [m.canonical for m in find_mentions(doc)] == ["Progressive Federalists"] * 2
    doc = _cut_to_last_word(nlp, "Angry Federalists walked out of the hall.", "Angry Federalists")
    assert [m.canonical for m in find_mentions(doc)] == ["Federalists"]


def test_a_short_group_name_is_the_one_longer_name_it_ends(nlp):
    # The model tags the full name twice and the bare plural once (NORP).
    found = _found(nlp, "Voters backed the Progressive Federalists in May. Polls put the Federalists ahead in "
                        "Leeds, where Progressive Federalists gained.")
    assert [(t, c) for t, _, c in found if "Federalists" in t] == [
        ("the Progressive Federalists", "Progressive Federalists"), ("Federalists", "Progressive Federalists"),
        ("Progressive Federalists", "Progressive Federalists")]


def test_a_maker_and_its_model_string_are_one_product_never_a_person(nlp):
    found = _found(nlp, "The Velmora Z40 went on sale on Monday. Velmora said the Z40 would cost less than "
                        "the Quintar XR 500 made by Quintar.")
    assert ("Velmora Z40", "PRODUCT", "Velmora Z40") in found
    assert ("Z40", "PRODUCT", "Velmora Z40") in found
    assert ("Quintar XR 500", "PRODUCT", "Quintar XR 500") in found
    assert {lbl for t, lbl, _ in found if t in ("Velmora", "Quintar")} == {"ORG"}
    assert not [f for f in found if f[1] == "PERSON"]


def test_a_model_number_the_model_calls_a_date_is_part_of_the_product(nlp):
    found = _found(nlp, "The Trendak Pulsa 3310 was cut in price. Trendak said the Pulsa 3310 sold well.")
    assert ("Trendak Pulsa 3310", "PRODUCT", "Trendak Pulsa 3310") in found
    assert ("Pulsa 3310", "PRODUCT", "Trendak Pulsa 3310") in found


def test_numbers_after_ordinary_nouns_years_and_quantities_make_no_product(nlp):
    found = _found(nlp, "Lawmakers cited Article 50 on Radio 4. Brenmoor 2004 results showed Brenmoor "
                        "sold 300 barrels.")
    assert not [f for f in found if f[1] == "PRODUCT"]


def _insert(con, run_id, rows):
    warehouse.insert_frame(con, "mentions", warehouse.rows_frame(con, "mentions", [
        {"mention_id": f"{run_id}-{i}", "article_id": f"a-{run_id}-{i}", "text": name, "label": label,
         "ner_label": label, "canonical_name": name, "start_char": 0, "end_char": len(name), "sentence_index": 0,
         "run_id": run_id} for i, (label, name) in enumerate(rows)]))


def test_the_warehouse_votes_one_label_for_a_group_event_or_name_without_a_given_name(tmp_path):
    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert(con, "r1", [("PERSON", "Tarn Vel")] * 2 + [("NORP", "Tarn Vel")] * 3
                + [("PERSON", "Dravish")] + [("NORP", "Dravish")] * 4
                + [("EVENT", "Four Isles Cup")] * 3 + [("LAW", "Four Isles Cup"), ("WORK_OF_ART", "Four Isles Cup")]
                + [("PERSON", "Anna Quist")] * 2 + [("ORG", "Anna Quist")] * 3)
        run_entities(con, "r1")
        rows = con.execute("SELECT name, label, mention_count FROM entities ORDER BY name, label").fetchall()
        assert rows == [("Anna Quist", "ORG", 3), ("Anna Quist", "PERSON", 2), ("Dravish", "NORP", 5),
                        ("Four Isles Cup", "EVENT", 5), ("Tarn Vel", "NORP", 5)]
        assert con.execute("SELECT count(DISTINCT entity_id) FROM mentions WHERE canonical_name = 'Four Isles Cup'"
                           ).fetchone() == (1,)
        assert con.execute("SELECT DISTINCT entity_id FROM mentions WHERE canonical_name = 'Tarn Vel'"
                           ).fetchall() == [(entity_id_for("NORP", "Tarn Vel"),)]


def test_a_name_without_a_given_name_before_a_members_word_is_no_person(nlp):
    from spacy.tokens import Span

    doc = nlp("The Tarn Vel leader said Tarn Vel MPs would vote. Anna Quist MP agreed.")
    doc.ents = [Span(doc, 1, 3, label="PERSON"), Span(doc, 5, 7, label="PERSON"), Span(doc, 11, 13, label="PERSON")]
    found = [(m.text, m.label) for m in find_mentions(doc)]
    assert found == [("Tarn Vel", "ORG"), ("Tarn Vel", "ORG"), ("Anna Quist", "PERSON")]


def test_a_team_or_county_and_its_score_make_no_product(nlp):
    found = _found(nlp, "Rainshire 301 for five. Brenmoor were 245 all out. Velmora 450 in reply.")
    assert not [f for f in found if f[1] == "PRODUCT"]


def test_minutes_quarters_and_a_persons_score_make_no_product(nlp):
    found = _found(nlp, "Scorers: Tomas Velkar 81st minute. Brenmoor Holdings Inc Q2 loss widens. "
                        "Ann Quist 113, Bo Lind 46. Shares fell another 100 points.")
    assert not [f for f in found if f[1] == "PRODUCT"]
    assert ("Tomas Velkar", "PERSON", "Tomas Velkar") in found and ("Ann Quist", "PERSON", "Ann Quist") in found


def test_a_unit_glued_to_a_number_or_a_nationality_makes_no_product(nlp):
    found = _found(nlp, "Former European 200m champion Tomas Velkar retired. Brenmoor 500kg bags sold out.")
    assert not [f for f in found if f[1] == "PRODUCT"]


def test_a_person_entity_taken_out_by_the_vote_is_no_candidate_any_more():
    from pipelines.core.entities import EntityRegistry

    registry = EntityRegistry()
    loser = registry.resolve("PERSON", "Tarn Velloway")
    registry.entities.pop(loser.entity_id)  # as the stage does with a loser of the warehouse vote
    assert registry.resolve("PERSON", "Velloway").name == "Velloway"


def test_the_stage_survives_a_voted_out_person_of_several_words(tmp_path):
    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert(con, "r1", [("PERSON", "Tarn Velloway")])
        run_entities(con, "r1")
        _insert(con, "r2", [("ORG", "Tarn Velloway")] * 3 + [("PERSON", "Velloway")])
        run_entities(con, "r2")
        rows = con.execute("SELECT name, label FROM entities ORDER BY name").fetchall()
        assert rows == [("Tarn Velloway", "ORG"), ("Velloway", "PERSON")]


def test_a_singular_group_name_cut_by_the_model_takes_its_modifier(nlp):
    doc = _cut_to_last_word(nlp, "A Progressive Federalist spokesman in Leeds said the plan was wrong.",
                            "Progressive Federalist")
    assert [m.canonical for m in find_mentions(doc) if "Federalist" in m.text] == ["Progressive Federalist"]


def test_a_stations_number_stays_in_its_name(nlp):
    from spacy.tokens import Span

    doc = nlp("She told Velmora Radio 4 on Monday that Tomas Velkar 63 was out.")
    doc.ents = [Span(doc, 2, 5, label="ORG"), Span(doc, 9, 12, label="PERSON")]
    found = [(m.text, m.label) for m in find_mentions(doc)]
    assert ("Velmora Radio 4", "ORG") in found and ("Tomas Velkar", "PERSON") in found


def test_a_one_word_organisation_owned_or_counted_is_a_product(nlp, tmp_path):
    text = "Kids who own an Orbix listen less to radio. Orbix had a 65% share of the market."
    assert [e.label_ for e in nlp(text).ents if e.text == "Orbix"] == ["ORG", "ORG"]  # what the model says
    assert [(t, label) for t, label, _ in _found(nlp, text) if t == "Orbix"] == [("Orbix", "PRODUCT")] * 2
    found = _found(nlp, "They have got their Orbix, their phones and their laptops. Sales of Orbix rose.")
    assert {label for t, label, _ in found if t == "Orbix"} == {"PRODUCT"}
    # A body after 'the', or in front of a noun ('a Velmora spokesman'), stays a body.
    found = _found(nlp, "The Velmora board met. A Velmora spokesman said the Velmora deal was done.")
    assert "PRODUCT" not in {label for _, label, _ in found}
    # Across the warehouse the product's articles outvote those where the model says ORG.
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("PRODUCT", "Orbix", "Orbix", "product")] * 3)
        _insert_rows(con, "r2", [("ORG", "Orbix", "Orbix", "model")])
        run_entities(con, "r1")
        assert con.execute("SELECT name, label, mention_count FROM entities").fetchall() == [("Orbix", "PRODUCT", 4)]


def _tagged(nlp, text: str, name: str, label: str = "ORG"):
    """The doc of `text` with `name` alone tagged `label` wherever it is written."""
    from spacy.tokens import Span

    doc = nlp(text)
    spans, at = [], text.find(name)
    while at >= 0:
        span = doc.char_span(at, at + len(name))
        spans.append(Span(doc, span.start, span.end, label=label))
        at = text.find(name, at + 1)
    doc.ents = spans
    return doc


def test_a_name_is_owned_or_counted_only_after_a_lower_case_article_and_as_its_phrases_head(nlp):
    # A squad list's initial 'A' is no article.
    doc = _tagged(nlp, "Velmora: 15 K Dunmore, 14 A Kestrand, 13 B Halvig. Kestrand scored twice.", "Kestrand")
    assert [m.label for m in find_mentions(doc) if m.text == "Kestrand"] == ["ORG", "ORG"]
    # A body's name in front of the noun it modifies, quoted or not, is no thing owned.
    doc = _tagged(nlp, 'He is said to be part of a Velmora "dirty tricks" campaign.', "Velmora")
    assert [m.label for m in find_mentions(doc) if m.text == "Velmora"] == ["ORG"]
    doc = _tagged(nlp, "The nominees pinned their Kestrels hopes on the vote.", "Kestrels")
    assert [m.label for m in find_mentions(doc) if m.text == "Kestrels"] == ["ORG"]
    # The head of its phrase after a lower-case article is still a thing counted.
    doc = _tagged(nlp, "Kids who own an Orbix listen less to radio. Orbix had a 65% share.", "Orbix")
    assert [m.label for m in find_mentions(doc) if m.text == "Orbix"] == ["PRODUCT", "PRODUCT"]


def test_a_name_the_model_calls_a_place_or_group_before_a_products_word_is_a_product(nlp):
    """'X users', 'X PCs': software, no place or people; a known place or a people keeps its label."""
    found = [(m.text, m.label) for m in find_mentions(nlp("Most PCs still run Skylines, and Skylines users were warned."))]
    assert found == [("Skylines", "PRODUCT")] * 2
    found = [(m.text, m.label) for m in find_mentions(nlp(
        "Pirated copies of Solaris are common in Asia. Solaris PCs are cheap there."))]
    assert found == [("Solaris", "PRODUCT"), ("Asia", "LOC"), ("Solaris", "PRODUCT")]
    found = [(m.text, m.label) for m in find_mentions(nlp("Texas users and Chinese users complained."))]
    assert found == [("Texas", "GPE"), ("Chinese", "NORP")]
    # The product's word must head its phrase: a group's adjective before 'PC vendors' stays a group.
    found = [(m.text, m.label) for m in find_mentions(nlp("Today's products from Western PC vendors won't dominate."))]
    assert found == [("Western", "NORP")]
    found = [(m.text, m.label) for m in find_mentions(nlp(
        "The patch is for English-language versions of Skylines, and the Skylines desktop is new."))]
    assert ("Skylines", "PRODUCT") in found and all(label == "PRODUCT" for t, label in found if t == "Skylines")


def test_a_tie_between_a_place_and_a_product_its_own_words_mark_goes_to_the_product(tmp_path):
    """'Quillon' written 'Quillon users' (a product's words) twice and tagged a place twice: the
    product. Without such words the tie stays the place's."""
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("PRODUCT", "Quillon", "Quillon", "product")] * 2)
        _insert_rows(con, "r2", [("LOC", "Quillon", "Quillon", "model")] * 2)
        _insert_rows(con, "r3", [("PRODUCT", "Vantra", "Vantra", "model")] * 2)
        _insert_rows(con, "r4", [("LOC", "Vantra", "Vantra", "model")] * 2)
        run_entities(con, "r1")
        rows = con.execute("SELECT name, label, mention_count FROM entities ORDER BY name").fetchall()
    assert rows == [("Quillon", "PRODUCT", 4), ("Vantra", "LOC", 4)]
