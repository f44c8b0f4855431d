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
    assert short.entity_id == full.entity_id
    assert full.name == "Vladimir Putin" and full.aliases == {"Putin", "Vladimir Putin"}
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
    first = EntityRegistry().resolve("PERSON", "Dmitry Peskov")
    reloaded = EntityRegistry([RegisteredEntity(first.entity_id, first.name, first.label, set(first.aliases))])
    assert reloaded.resolve("PERSON", "Peskov").entity_id == first.entity_id


def test_demonym_tagged_as_place_is_a_nationality(nlp):
    doc = nlp("The demilitarization of Ukraine and the departure of Ukrainian troops from Ukrainian land that "
              "Russia has annexed are among the conditions.")
    assert [(e.text, e.label_) for e in doc.ents if e.text == "Ukrainian"] == [("Ukrainian", "GPE")] * 2
    labels = [(m.text, m.label) for m in find_mentions(doc)]
    assert labels == [("Ukraine", "GPE"), ("Ukrainian", "NORP"), ("Ukrainian", "NORP"), ("Russia", "GPE")]
