"""Mentions and entity resolution, within an article and across articles."""
from __future__ import annotations

from pipelines.core.entities import (EntityRegistry, RegisteredEntity, clean_name, entity_id_for, find_mentions,
                                     mention_at, normalize_key)
from pipelines.settings import SEEDS_DIR


def test_clean_name():
    assert clean_name("Russian President Vladimir Putin", "PERSON") == "Vladimir Putin"
    assert clean_name("Trump's", "PERSON") == "Trump"
    assert clean_name("the White House", "ORG") == "White House"
    assert clean_name("U.S.", "GPE") == "United States"
    assert clean_name("Britain", "GPE") == "United Kingdom"
    assert clean_name("Kremlin spokesman Dmitry Peskov", "PERSON") == "Dmitry Peskov"


def test_normalize_key_and_ids():
    assert normalize_key("Zelenskyy’s ") == "zelenskyys"
    assert normalize_key("Türkiye") == "turkiye"
    assert entity_id_for("GPE", "EU") == entity_id_for("LOC", "eu")  # one place family
    assert entity_id_for("PERSON", "Putin") != entity_id_for("ORG", "Putin")
    assert len(entity_id_for("PERSON", "Donald Trump")) == 16


def test_mentions_in_seed_resolve_within_article(nlp):
    text = (SEEDS_DIR / "001_4eb90098a0ede75c.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    mentions = find_mentions(doc)
    by_text = {}
    for m in mentions:
        by_text.setdefault((m.text, m.ner_label), set()).add((m.label, m.canonical))
    assert by_text[("Putin", "PERSON")] == {("PERSON", "Vladimir Putin")}
    assert by_text[("Trump", "PERSON")] == {("PERSON", "Donald Trump")}
    # The model tags some 'Trump' as ORG; they are the person.
    assert by_text[("Trump", "ORG")] == {("PERSON", "Donald Trump")}
    assert by_text[("Zelenskyy", "PERSON")] == {("PERSON", "Volodymyr Zelenskyy")}
    for m in mentions:
        assert doc.text[m.start_char:m.end_char] == m.text
    assert all(m.label not in {"DATE", "CARDINAL", "PERCENT"} for m in mentions)


def test_mention_at_prefers_person():
    from pipelines.core.entities import Mention
    ms = [Mention("Trump", "PERSON", "ORG", 10, 15, 0, "Donald Trump"),
          Mention("White House", "ORG", "ORG", 20, 31, 0, "White House")]
    assert mention_at(ms, 12, 13).canonical == "Donald Trump"
    assert mention_at(ms, 0, 5) is None


def test_registry_merges_name_forms_across_articles():
    registry = EntityRegistry()
    short = registry.resolve("PERSON", "Putin")
    full = registry.resolve("PERSON", "Vladimir Putin")
    assert short is full
    registry.settle()
    assert full.name == "Vladimir Putin" and full.aliases == {"Putin", "Vladimir Putin"}
    assert full.entity_id == entity_id_for("PERSON", "Vladimir Putin")
    # The id first given from 'Putin' stays resolvable.
    assert registry.renamed == {entity_id_for("PERSON", "Putin"): full.entity_id}
    zel = registry.resolve("PERSON", "Volodymyr Zelensky")
    assert registry.resolve("PERSON", "Zelenskyy").entity_id == zel.entity_id
    assert registry.resolve("ORG", "Putin").entity_id != short.entity_id  # other label family
    assert registry.resolve("GPE", "Kyiv").entity_id == registry.resolve("LOC", "Kyiv").entity_id


def test_registry_keeps_distinct_people_with_a_shared_surname():
    registry = EntityRegistry([RegisteredEntity(entity_id_for("PERSON", "Boris Johnson"), "Boris Johnson", "PERSON",
                                                {"Boris Johnson"})])
    mike = registry.resolve("PERSON", "Mike Johnson")
    assert mike.entity_id != entity_id_for("PERSON", "Boris Johnson")
    # A bare surname is now ambiguous: it becomes its own entity rather than a wrong merge.
    assert registry.resolve("PERSON", "Johnson").entity_id not in {mike.entity_id,
                                                                  entity_id_for("PERSON", "Boris Johnson")}


def test_registry_ids_are_stable_across_runs():
    registry = EntityRegistry()
    first = registry.resolve("PERSON", "Dmitry Peskov")
    registry.settle()
    reloaded = EntityRegistry([RegisteredEntity(first.entity_id, first.name, first.label, set(first.aliases))])
    assert reloaded.resolve("PERSON", "Peskov").entity_id == first.entity_id


def test_demonym_tagged_as_place_is_a_nationality(nlp):
    doc = nlp("The demilitarization of Ukraine and the departure of Ukrainian troops from Ukrainian land that "
              "Russia has annexed are among the conditions.")
    assert [(e.text, e.label_) for e in doc.ents if e.text == "Ukrainian"] == [("Ukrainian", "GPE")] * 2
    labels = [(m.text, m.label) for m in find_mentions(doc)]
    assert labels == [("Ukraine", "GPE"), ("Ukrainian", "NORP"), ("Ukrainian", "NORP"), ("Russia", "GPE")]


# --- labels from knowledge, names the model missed, roles, stable ids, noise ----------

import duckdb  # noqa: E402
import pytest  # noqa: E402

from pipelines import warehouse  # noqa: E402
from pipelines.core.entities import is_noise_name, same_person  # noqa: E402
from pipelines.stages.entities import run_entities  # noqa: E402


@pytest.fixture(scope="module")
def seed_mentions(nlp):
    out = {}
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        out[path.name[:3]] = find_mentions(nlp(path.read_text(encoding="utf-8")))
    return out


def labels_of(mentions, canonical):
    return {m.label for m in mentions if m.canonical == canonical}


def test_places_are_never_people_in_the_seeds(seed_mentions):
    assert labels_of(seed_mentions["004"], "Kyiv") == {"GPE"}
    assert labels_of(seed_mentions["002"], "Luhansk") == {"GPE"}
    assert labels_of(seed_mentions["002"], "Kherson") == {"GPE"}  # a smaller city, listed with places
    assert labels_of(seed_mentions["002"], "Sumy") == {"GPE"}
    # 'U.S.-Russia relations' names two places, no person.
    texts = [(m.text, m.label) for m in seed_mentions["000"] if "Russia" in m.text or "U.S." in m.text]
    assert ("U.S.-Russia", "PERSON") not in texts and ("U.S.", "GPE") in texts


def test_outlets_and_platforms_named_as_sources_are_orgs(seed_mentions):
    assert labels_of(seed_mentions["003"], "Bloomberg") == {"ORG"}
    assert labels_of(seed_mentions["003"], "Frankfurter Rundschau") == {"ORG"}
    assert labels_of(seed_mentions["004"], "Truth Social") == {"ORG"}
    assert labels_of(seed_mentions["001"], "Truth Social") == {"ORG"}
    rundschau = [m for m in seed_mentions["003"] if m.canonical == "Frankfurter Rundschau"]
    assert rundschau[0].label_source == "source role"


def test_shouted_words_are_not_entities(seed_mentions):
    for mentions in seed_mentions.values():
        assert not [m for m in mentions if m.text in ("UNLIMITED", "END")]


def test_split_given_name_is_joined_and_people_stay_apart(seed_mentions):
    assert labels_of(seed_mentions["003"], "Yury Ushakov") == {"PERSON"}
    assert labels_of(seed_mentions["000"], "Yuri Ushakov") == {"PERSON"}
    assert same_person("Yury Ushakov", "Yuri Ushakov")
    assert not same_person("Vladimir Medinsky", "Vladimir Putin")
    assert {m.canonical for m in seed_mentions["001"] if m.text in ("Vladimir Medinsky", "Vladimir Putin")} == \
        {"Vladimir Medinsky", "Vladimir Putin"}


def test_known_names_found_where_the_model_missed_them(nlp, seed_mentions):
    doc = nlp("President Volodymyr Zelenskyy met aide Yuri Ushakov in Geneva on Monday. Later, Zelensky said the "
              "talks were hard, and Yury Ushakov agreed. Ushakov's deputy left early.")
    found = {(m.text, m.canonical) for m in find_mentions(doc) if m.label == "PERSON"}
    assert ("Zelensky", "Volodymyr Zelenskyy") in found
    assert ("Yury Ushakov", "Yuri Ushakov") in found  # the model split it ('Yury' ORG + 'Ushakov')
    assert ("Ushakov", "Yuri Ushakov") in found
    # In the seeds the model misses some 'Putin' and 'Zelensky'; the article's names find them.
    again = {(m.text, m.canonical) for m in seed_mentions["002"] if m.source == "known name"}
    assert {("Putin", "Vladimir Putin"), ("Zelensky", "Volodymyr Zelensky")} <= again


def test_roles_point_to_the_person_named_for_them(nlp):
    doc = nlp("U.S. President Donald Trump spoke to Kremlin spokesman Dmitry Peskov on Monday. "
              "The U.S. president added that the talks went well. Later the Kremlin spokesman said no. "
              "Russian President Vladimir Putin agreed. The Russian president smiled.")
    roles = [(m.text, m.canonical) for m in find_mentions(doc, roles=True) if m.source == "role"]
    assert roles == [("U.S. president", "Donald Trump"), ("Kremlin spokesman", "Dmitry Peskov"),
                     ("Russian president", "Vladimir Putin")]


def test_capitals_only_headline_keeps_only_known_names(nlp):
    doc = nlp("MARKETS END HIGHER AS LONDON TRADERS CHEER UNLIMITED GAINS\n"
              "Shares rose in London on Friday, traders said.")
    mentions = find_mentions(doc)
    assert {m.text for m in mentions if m.start_char < 60} <= {"LONDON"}
    assert all(m.label == "GPE" for m in mentions if m.text.lower() == "london")


def test_noise_names():
    assert is_noise_name("ballistic missile", "PERSON") == "no capital letter"
    assert is_noise_name("Bowyer, Elliott, Bernard.", "ORG") == "parse debris"
    assert is_noise_name("today Brent South", "WORK_OF_ART") == "parse debris"
    assert is_noise_name("Feedback and", "ORG") == "fragment"
    assert is_noise_name("iPod", "PRODUCT") is None
    assert is_noise_name("Vladimir Putin", "PERSON") is None


def test_ids_do_not_depend_on_load_order():
    names = [("PERSON", "Putin"), ("PERSON", "Vladimir Putin"), ("PERSON", "Zelenskyy"),
             ("PERSON", "Volodymyr Zelensky"), ("GPE", "Kyiv"), ("PERSON", "Vladimir Medinsky")]

    def ids(order):
        registry = EntityRegistry()
        got = {name: registry.resolve(label, name) for label, name in order}
        registry.settle()
        return {name: e.entity_id for name, e in got.items()}

    assert ids(names) == ids(list(reversed(names)))
    assert ids(names)["Putin"] == entity_id_for("PERSON", "Vladimir Putin") != ids(names)["Vladimir Medinsky"]


def _insert_mentions(con, run_id, rows):
    warehouse.insert_frame(con, "mentions", warehouse.rows_frame(con, "mentions", [
        {"mention_id": f"{run_id}-{i}", "article_id": f"a-{run_id}", "text": name, "label": label,
         "ner_label": label, "canonical_name": name, "start_char": 0, "end_char": len(name), "sentence_index": 0,
         "run_id": run_id} for i, (label, name) in enumerate(rows)]))


def test_stage_renames_keep_old_ids_resolvable_and_votes_one_label(tmp_path):
    db = str(tmp_path / "w.duckdb")
    with warehouse.connect(db) as con:
        _insert_mentions(con, "r1", [("PERSON", "Putin"), ("PERSON", "Kyiv"), ("ORG", "Truth Social")])
        # Written after a title ('President Putin'): the evidence a bare surname needs to join a full name.
        con.execute("UPDATE mentions SET label_source = 'person name' WHERE canonical_name = 'Putin'")
        run_entities(con, "r1")
        old_putin = con.execute("SELECT entity_id FROM entities WHERE name = 'Putin'").fetchone()[0]
        assert old_putin == entity_id_for("PERSON", "Putin")
        _insert_mentions(con, "r2", [("PERSON", "Vladimir Putin"), ("GPE", "Kyiv"), ("GPE", "Kyiv"),
                                     ("PERSON", "Ushakov")])
        report = run_entities(con, "r2")
        warehouse.apply_views(con)
        putin = entity_id_for("PERSON", "Vladimir Putin")
        assert con.execute("SELECT name FROM entities WHERE entity_id = ?", [putin]).fetchone() == ("Vladimir Putin",)
        assert con.execute("SELECT count(*) FROM entities WHERE entity_id = ?", [old_putin]).fetchone() == (0,)
        assert con.execute("SELECT entity_id FROM entity_id_map WHERE any_id = ?", [old_putin]).fetchone() == (putin,)
        assert con.execute("SELECT count(*) FROM mentions WHERE entity_id = ?", [putin]).fetchone() == (2,)
        # 'Kyiv' tagged PERSON once and GPE twice: one place entity, the PERSON id resolvable.
        kyiv = con.execute("SELECT entity_id, label, label_source, mention_count FROM entities "
                           "WHERE name = 'Kyiv'").fetchall()
        assert kyiv == [(entity_id_for("GPE", "Kyiv"), "GPE", "warehouse vote", 3)]
        assert con.execute("SELECT entity_id FROM entity_aliases WHERE alias_id = ?",
                           [entity_id_for("PERSON", "Kyiv")]).fetchone() == (entity_id_for("GPE", "Kyiv"),)
        assert report.candidates_loaded == 2  # only Putin's and Kyiv's entities were read, not Truth Social
        assert con.execute("SELECT count(*) FROM mentions WHERE entity_id IS NULL").fetchone() == (0,)


def test_views_leave_noise_out(tmp_path):
    db = str(tmp_path / "w.duckdb")
    with warehouse.connect(db) as con:
        _insert_mentions(con, "r1", [("ORG", "Bowyer, Elliott, Bernard."), ("ORG", "Reuters")])
        con.execute("INSERT INTO articles (article_id, source_path, language, body, word_count, body_hash, "
                    "ingested_at, cleaned_at) VALUES ('a-r1', 'x', 'en', 'b', 1, 'h', now(), now())")
        run_entities(con, "r1")
        warehouse.apply_views(con)
        assert con.execute("SELECT name, is_noise FROM entities ORDER BY name").fetchall() == [
            ("Bowyer, Elliott, Bernard.", True), ("Reuters", False)]
        assert [r[0] for r in con.execute("SELECT DISTINCT name FROM entity_mention_counts").fetchall()] == ["Reuters"]




def test_registry_full_name_does_not_join_another_person_through_a_bare_surname():
    registry = EntityRegistry()
    sienna = registry.resolve("PERSON", "Sienna Miller")
    assert registry.resolve("PERSON", "Miller") is sienna  # the one Miller known so far
    mark = registry.resolve("PERSON", "Mark Miller")
    assert mark is not sienna
    registry.settle()
    assert mark.entity_id == entity_id_for("PERSON", "Mark Miller")


def test_seed_entities_in_a_warehouse(tmp_path, nlp):
    """The five samples through the NLP rows and the entities stage into a real DuckDB file."""
    from pipelines.core.extraction import ArticleExtraction, extract_rows

    db = str(tmp_path / "seeds.duckdb")
    with warehouse.connect(db) as con:
        for path in sorted(SEEDS_DIR.glob("*.txt")):
            doc = nlp(path.read_text(encoding="utf-8"))
            extraction = ArticleExtraction.from_rows(path.stem, extract_rows(doc))
            warehouse.insert_frame(con, "mentions", warehouse.rows_frame(
                con, "mentions", [dict(m, run_id="r") for m in extraction.mentions]))
        run_entities(con, "r")
        label = dict(con.execute("SELECT name, label FROM entities").fetchall())
        for place in ("Kyiv", "Luhansk", "Kherson", "Sumy"):
            assert label[place] == "GPE", place
        for org in ("Truth Social", "Bloomberg", "Frankfurter Rundschau"):
            assert label[org] == "ORG", org
        assert "U.S.-Russia" not in label and "UNLIMITED" not in label and "END" not in label
        # One Ushakov, whichever spelling; Putin and Medinsky stay two people.
        ushakov = con.execute("SELECT name, aliases FROM entities WHERE name LIKE '%Ushakov'").fetchall()
        assert len(ushakov) == 1 and {"Yuri Ushakov", "Yury Ushakov"} <= set(ushakov[0][1])
        assert label["Vladimir Putin"] == label["Vladimir Medinsky"] == "PERSON"
        assert con.execute("SELECT count(DISTINCT entity_id) FROM mentions WHERE canonical_name IN "
                           "('Vladimir Putin', 'Vladimir Medinsky')").fetchone() == (2,)
        zel = con.execute("SELECT aliases FROM entities WHERE name LIKE 'Volodymyr Zelensk%'").fetchall()
        assert len(zel) == 1 and {"Volodymyr Zelensky", "Volodymyr Zelenskyy"} <= set(zel[0][0])
        roles = con.execute("SELECT text, canonical_name FROM mentions WHERE mention_source = 'role'").fetchall()
        assert roles and all(name in label for _, name in roles)


def test_entity_frame_types_come_from_every_row():
    # A large batch whose first rows are all clean: the first noise reason comes late (seen on BBC).
    from pipelines.stages.entities import entity_frame

    rows = [{"entity_id": f"e{i}", "name": f"Name {i}", "aliases": [f"Name {i}"], "noise_reason": None}
            for i in range(300)]
    rows.append({"entity_id": "e300", "name": "of the", "aliases": ["of the"], "noise_reason": "parse debris"})
    frame = entity_frame(rows)
    assert frame.height == 301 and frame["noise_reason"].to_list()[-1] == "parse debris"
    assert frame["noise_reason"].null_count() == 300


def test_a_place_split_out_of_a_span_is_one_mention(nlp):
    # The model tags 'Sierra Leone - Sierra Leone's' as one ORG; split at the dash, each half is a known
    # place, and 'Sierra' is also a given name: the given-name pass found both halves again, and the two
    # rows of one span collided on their key, so the article's NLP step failed (2 of 19,043 Reuters records).
    doc = nlp("Rebels freed prisoners from a jail.\n\nFREETOWN, Sierra Leone - Sierra Leone's former "
              "vice-president, Francis Minah, sacked two weeks ago, was arrested.")
    mentions = find_mentions(doc, roles=True)
    spans = [(m.start_char, m.end_char) for m in mentions]
    assert len(spans) == len(set(spans))
    assert [(m.text, m.label) for m in mentions if "Sierra" in m.text] == [("Sierra Leone", "GPE")] * 2
