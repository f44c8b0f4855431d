"""Merges kept to strong evidence: a club is not its town, a surname spelt otherwise is not the
same person across articles without the same given name, a clipped party name is its full name,
and a name cut inside brackets keeps a clean form. Names are made up (towns from the gazetteer)."""
from __future__ import annotations

import pytest

from pipelines.core.entities import EntityRegistry, clean_name, find_mentions
from pipelines.core.entities.acronyms import clipped_form
from pipelines.core.entities.registry import same_person_across_articles, surname_evidence, vowel_edit


def _labels(nlp, text: str, name: str) -> list[str]:
    return [m.label for m in find_mentions(nlp(text)) if m.text == name]


def test_a_club_after_a_verbs_particle_is_the_club(nlp):
    # 'brought in Leeds prop ...': the 'in' is the verb's particle, not 'in Leeds' the place.
    assert _labels(nlp, "The Tykes have brought in Leeds prop Ed Varnell on loan.", "Leeds") == ["ORG"]


def test_the_agent_of_a_verb_of_play_is_a_team(nlp):
    assert _labels(nlp, "Their side were knocked out of the cup by Leeds last Sunday.", "Leeds") == ["ORG"]


def test_a_town_in_brackets_after_a_player_is_the_club_in_a_sports_article(nlp):
    text = ("England beat Italy 30-3 on Saturday. The squad: Mark Tarrow (Leeds), James Pellin (Leeds), "
            "David Hask (Bristol).")
    assert _labels(nlp, text, "Leeds") == ["ORG", "ORG"]


def test_the_object_of_a_match_noun_is_a_team_in_a_sports_article(nlp):
    text = ("Chelsea beat Arsenal 2-1 on Saturday. Their confidence had been shaken by consecutive "
            "losses to Leeds in the previous week.")
    assert _labels(nlp, text, "Leeds") == ["ORG"]


def test_the_same_words_outside_sport_leave_the_town_a_place(nlp):
    text = ("Hundreds of civil servants will move to Leeds next year. Their confidence had been shaken "
            "by losses to Leeds firms, Mr Varnell said.")
    assert set(_labels(nlp, text, "Leeds")) == {"GPE"}


def test_a_surname_spelt_otherwise_needs_the_same_given_name_across_articles():
    assert not same_person_across_articles("Gil Verrall", "Steven Verral")
    assert not same_person_across_articles("Verrall", "Steven Verral")   # a consonant more: someone else
    assert same_person_across_articles("Steven Verrall", "Steven Verral")
    assert same_person_across_articles("Zelenskyy", "Volodymyr Zelensky")  # one vowel
    assert vowel_edit("zelenskyy", "zelensky") and not vowel_edit("gerard", "gerrard")
    registry = EntityRegistry()
    steven = registry.resolve("PERSON", "Steven Verral")
    registry.resolve("PERSON", "Verral")
    assert registry.resolve("PERSON", "Verrall") is not steven
    assert registry.resolve("PERSON", "Gil Verrall") is not steven


def test_given_names_of_two_genders_are_two_people_across_articles():
    assert not same_person_across_articles("Danielle Okafor", "Daniel Okafor")
    registry = EntityRegistry()
    daniel = registry.resolve("PERSON", "Daniel Okafor")
    assert registry.resolve("PERSON", "Danielle Okafor") is not daniel


@pytest.mark.parametrize(("short", "full", "clipped"), [
    ("Nat Feds", "National Federalists", True), ("Nat Fed", "National Federalists", True),
    ("New York", "New Yorkers", False),  # a word of seven letters is not clipped to four by a reader
    ("Nat Feds", "National Front", False), ("National Federalists", "National Federalists", False)])
def test_clipped_forms(short, full, clipped):
    assert clipped_form(short, full) is clipped


def test_a_clipped_party_name_is_its_full_name_in_the_article(nlp):
    doc = nlp("The National Federalists said the plan would fail. Nat Fed leader Anna Berg said the "
              "Nat Feds would vote against it.")
    found = {(m.text, m.canonical) for m in find_mentions(doc) if m.text.startswith("Nat ")}
    assert found and all(canonical == "National Federalists" for _, canonical in found)


def test_the_stage_joins_a_clipped_name_the_model_called_a_person_to_its_party(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("NORP", "National Federalists", "National Federalists", "model")] * 2
                     + [("NORP", "National Federalists", "Nat Feds", "acronym")])
        _insert_rows(con, "r2", [("PERSON", "Nat Feds", "Nat Feds", "person name")] * 3)
        run_entities(con, "r1")
        rows = con.execute("SELECT name, label, mention_count FROM entities").fetchall()
        assert rows == [("National Federalists", "NORP", 6)]


def test_a_name_cut_inside_brackets_loses_the_stray_bracket():
    assert clean_name("XY) Council", "ORG") == "XY Council"
    assert clean_name("Council (XY)", "ORG") == "Council (XY)"
    assert clean_name("Grain Council (XY", "ORG") == "Grain Council"
    assert clean_name("- Ireland", "GPE") == "Ireland"  # no space left where the dash was


def test_a_street_the_model_calls_a_location_is_a_facility():
    from pipelines.core.entities.labels import _by_head

    assert _by_head("Harrow Lane", "LOC", "model", False) == ("FAC", "head noun")


def test_an_acronym_is_no_short_form_of_a_name_it_is_a_word_of():
    from pipelines.core.entities.acronyms import expands

    assert not expands("XC", "XC Commission")  # the commission of the XC, not the XC itself
    assert expands("XC", "XC Group")
    assert expands("NGB", "Northern Grain Board")


def test_a_table_rows_label_is_no_person_but_a_sentence_keeps_its_subject(nlp):
    rows = "Shr 45 cts vs 58 cts\n\nNet 1.1 mln vs 829,000\n\nSales 7.9 mln vs 9.4 mln\n\nAvg shrs 2,332,397 vs 1,428,000\n"
    doc = nlp(rows)
    assert [e.label_ for e in doc.ents if e.text == "Avg"] == ["PERSON"]  # what the model says
    assert not [m for m in find_mentions(doc) if m.text == "Avg"]
    text = "Mark Hollins had a fine day.\n\nHollins scored 45 runs off 58 balls.\n\nHe was out in the next over.\n"
    assert [m.start_char for m in find_mentions(nlp(text)) if m.text == "Hollins"][-1] == text.index("Hollins scored")


def test_a_clipped_name_stated_under_two_labels_still_finds_its_party(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        # One article calls the full name an organisation where the others call it a group.
        _insert_rows(con, "r1", [("NORP", "National Federalists", "National Federalists", "model")] * 3
                     + [("NORP", "National Federalists", "Nat Feds", "acronym")])
        _insert_rows(con, "r2", [("ORG", "National Federalists", "National Federalists", "model"),
                                 ("ORG", "National Federalists", "Nat Feds", "acronym")])
        _insert_rows(con, "r3", [("PERSON", "Nat Feds", "Nat Feds", "person name")] * 2
                     + [("ORG", "Nat Feds", "Nat Feds", "model")])
        run_entities(con, "r1")
        rows = con.execute("SELECT name, label, mention_count FROM entities").fetchall()
        assert rows == [("National Federalists", "NORP", 9)]


def test_a_country_under_its_common_name_keeps_its_side(nlp):
    from pipelines.core.entities.knowledge import is_country

    assert is_country("Netherlands") and is_country("Czech Republic")  # the gazetteer: 'The Netherlands', 'Czechia'
    text = ("England beat Italy 30-3 on Saturday. The medallists: Mark Tarrow (Netherlands), James Pellin "
            "(Czech Republic), David Hask (Norway).")
    labels = {m.text: m.label for m in find_mentions(nlp(text))}
    assert labels.get("Netherlands") == "GPE" and labels.get("Czech Republic") == "GPE"


@pytest.mark.parametrize("modifier", ["Radical", "Moderate", "Reform", "Unity"])
def test_a_group_name_the_model_split_in_two_is_one_name(nlp, modifier):
    # The model tags the modifier as an ORG of its own and the group word as NORP.
    doc = nlp(f"Mr Blair and {modifier} Democrat leader Anna Berg met on Monday.")
    assert [(e.text, e.label_) for e in doc.ents][1:3] == [(modifier, "ORG"), ("Democrat", "NORP")]
    assert [m.canonical for m in find_mentions(doc) if "Democrat" in m.text] == [f"{modifier} Democrat"]


def test_a_modifier_at_a_sentences_start_counts_when_capitalised_inside_a_sentence_elsewhere(nlp):
    text = ('The vote was close. "It is odd." Civic Democrat chairman Mark Hollins said. '
            "He spoke for the Civic group in the assembly.")
    assert [m.canonical for m in find_mentions(nlp(text)) if "Democrat" in m.text] == ["Civic Democrat"]
    alone = 'The vote was close. "It is odd." Civic Democrat chairman Mark Hollins said.'
    assert [m.canonical for m in find_mentions(nlp(alone)) if "Democrat" in m.text] == ["Democrat"]


def test_a_titled_given_name_is_not_the_family_name_of_another_person(nlp):
    # 'Prince Tarquin' and 'Tarquin' are the prince, not 'Tarquin Hollis' whom the article also names.
    text = ("Prince Tarquin announced his engagement on Thursday. Tarquin Hollis, the party leader, "
            "sent his good wishes. If he became king, Tarquin would have to wait, aides said.")
    found = {(m.text, m.canonical) for m in find_mentions(nlp(text)) if m.label == "PERSON"}
    assert ("Tarquin Hollis", "Tarquin Hollis") in found
    assert not {t for t, c in found if t != "Tarquin Hollis" and c == "Tarquin Hollis"}, found


def test_mr_and_a_family_name_written_first_is_still_that_person(nlp):
    text = ("Officials led by Wang Lifen will review the rules, the state-run newspaper said. Mr Wang, who is "
            "in charge of the review, said fees may rise.")
    found = [(m.text, m.canonical) for m in find_mentions(nlp(text)) if m.label == "PERSON"]
    assert ("Wang", "Wang Lifen") in found, found


def test_a_name_outvoted_into_a_place_still_resolves_when_a_team_of_that_name_comes_later(tmp_path):
    """The entity of a losing label is taken out of the registry with its index entries: a later name
    of that label (here a team, which takes no part in the vote) must find no stale id."""
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("ORG", "Kelbury", "Kelbury", "model")] * 2)
        run_entities(con, "r1")
        _insert_rows(con, "r2", [("GPE", "Kelbury", "Kelbury", "model")] * 5
                     + [("ORG", "Kelbury", "Kelbury", "team")] * 2)
        run_entities(con, "r2")
        rows = con.execute("SELECT name, label, mention_count FROM entities ORDER BY label").fetchall()
        assert rows == [("Kelbury", "GPE", 7), ("Kelbury", "ORG", 2)]



def _evidence(*articles):
    """SurnameEvidence from articles given as lists of (person name, label source[, text])."""
    return surname_evidence((f"a{i}", m[0], m[1], m[2] if len(m) > 2 else m[0])
                            for i, names in enumerate(articles) for m in names)


def test_a_bare_surname_joins_the_one_full_name_only_on_the_articles_evidence():
    full_article = [("Harold Wexby", "person name"), ("Ilse Marrow", "person name"), ("Tomas Brenn", "person name")]
    programme = [("Wexby", "model"), ("Petra Lund", "person name")]  # 'told the X with Wexby programme'
    squad = [("Wexby", "model"), ("Ilse Marrow", "person name"), ("Tomas Brenn", "person name")]
    titled = [("Wexby", "person name")]  # 'Mr Wexby' somewhere
    for articles, joins in (((full_article, programme), False), ((full_article, squad), True),
                            ((full_article, programme, titled), True)):
        registry = EntityRegistry(surnames=_evidence(*articles))
        harold = registry.resolve("PERSON", "Harold Wexby")
        assert (registry.resolve("PERSON", "Wexby") is harold) is joins
    registry = EntityRegistry(surnames=_evidence(full_article, programme))
    harold = registry.resolve("PERSON", "Harold Wexby")
    assert registry.resolve("PERSON", "Wexby") is not harold
    assert registry.resolve("PERSON", "Harold Wexby") is harold  # the full name still finds its person


def test_the_stage_keeps_a_bare_surname_without_evidence_apart_from_the_full_name(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    full = [("PERSON", "Harold Wexby", "Harold Wexby", "person name"), ("PERSON", "Ilse Marrow", "Ilse Marrow", "person name")]
    bare = [("PERSON", "Wexby", "Wexby", "model")] * 2 + [("PERSON", "Petra Lund", "Petra Lund", "person name")]
    for db, titled, expected in (("a", False, [("Harold Wexby", 1), ("Wexby", 2)]), ("b", True, [("Harold Wexby", 4)])):
        with warehouse.connect(str(tmp_path / f"{db}.duckdb")) as con:
            _insert_rows(con, "r1", full)
            _insert_rows(con, "r2", bare)
            if titled:  # an article that writes 'Mr Wexby': the surname is a person articles refer to by it
                _insert_rows(con, "r3", [("PERSON", "Wexby", "Wexby", "person name")])
            run_entities(con, "r1")
            assert con.execute("SELECT name, mention_count FROM entities WHERE name LIKE '%Wexby' "
                               "ORDER BY name").fetchall() == expected


def test_a_full_name_in_a_later_run_needs_the_same_evidence_to_join_a_bare_surname(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("PERSON", "Wexby", "Wexby", "model"), ("PERSON", "Petra Lund", "Petra Lund", "person name")])
        run_entities(con, "r1")
        _insert_rows(con, "r2", [("PERSON", "Harold Wexby", "Harold Wexby", "person name"),
                                 ("PERSON", "Ilse Marrow", "Ilse Marrow", "person name")])
        run_entities(con, "r2")
        assert con.execute("SELECT name, mention_count FROM entities WHERE name LIKE '%Wexby' ORDER BY name").fetchall() \
            == [("Harold Wexby", 1), ("Wexby", 1)]


def test_a_bare_surname_only_ever_titled_for_the_other_gender_is_someone_else():
    full_article = [("Harold Wexby", "person name"), ("Ilse Marrow", "person name"), ("Tomas Brenn", "person name")]
    for titled, joins in (([("Wexby", "person name", "Mrs Wexby")], False), ([("Wexby", "person name", "Mr Wexby")], True),
                          ([("Wexby", "person name", "Mrs Wexby"), ("Wexby", "person name", "Wexby")], True)):
        registry = EntityRegistry(surnames=_evidence(full_article, titled))
        harold = registry.resolve("PERSON", "Harold Wexby")
        assert (registry.resolve("PERSON", "Wexby") is harold) is joins


def _evidence_with_names(*articles):
    """SurnameEvidence from articles given as lists of (label, name): people and names of any label."""
    return surname_evidence(
        ((f"a{i}", name, "person name" if " " in name else "model", name)
         for i, names in enumerate(articles) for label, name in names if label == "PERSON"),
        ((f"a{i}", label, name) for i, names in enumerate(articles) for label, name in names if label != "PERSON"))


_FULL_NAME_ARTICLE = [("PERSON", "Bohdan Kovalenskyy"), ("GPE", "Vorskla"), ("ORG", "Dnipra Grain Board"),
                      ("FAC", "Marinsk Palace")]


def test_a_transliterated_bare_surname_joins_the_one_full_name_on_shared_rare_names_of_any_label():
    from pipelines.core.entities.registry import bare_surname_variant, surname_family

    assert surname_family("kovalenskyy") == surname_family("kovalensky") == surname_family("kovalenski") \
        == surname_family("kovalenskiy")
    assert bare_surname_variant("kovalenski", "kovalenskyy") == "family"
    shared = [("PERSON", "Kovalensky"), ("GPE", "Vorskla"), ("ORG", "Dnipra Grain Board"), ("FAC", "Marinsk Palace")]
    alone = [("PERSON", "Kovalensky"), ("GPE", "Tarnow")]
    for spelling in ("Kovalensky", "Kovalenski", "Kovalenskiy"):
        for bare_article, joins in ((shared, True), (alone, False)):
            article = [(label, spelling if label == "PERSON" else name) for label, name in bare_article]
            registry = EntityRegistry(surnames=_evidence_with_names(_FULL_NAME_ARTICLE, article))
            full = registry.resolve("PERSON", "Bohdan Kovalenskyy")
            assert (registry.resolve("PERSON", spelling) is full) is joins, (spelling, joins)


def test_a_title_before_one_spelling_of_a_bare_surname_is_evidence_for_its_other_spellings():
    evidence = surname_evidence([("a0", "Bohdan Kovalenskyy", "person name", "Bohdan Kovalenskyy"),
                                 ("a1", "Kovalenskiy", "person name", "Mr Kovalenskiy"),
                                 ("a2", "Kovalensky", "model", "Kovalensky")])
    registry = EntityRegistry(surnames=evidence)
    full = registry.resolve("PERSON", "Bohdan Kovalenskyy")
    assert registry.resolve("PERSON", "Kovalensky") is full


def test_similar_surnames_of_two_people_stay_apart_even_on_shared_names():
    shared = [("GPE", "Vorskla"), ("ORG", "Dnipra Grain Board"), ("FAC", "Marinsk Palace")]
    # A feminine form is another person (a wife, a daughter), however many names the articles share.
    registry = EntityRegistry(surnames=_evidence_with_names(_FULL_NAME_ARTICLE, [("PERSON", "Kovalenska"), *shared]))
    full = registry.resolve("PERSON", "Bohdan Kovalenskyy")
    assert registry.resolve("PERSON", "Kovalenska") is not full
    # Two people of one surname family in the warehouse: a bare spelling is neither.
    registry = EntityRegistry(surnames=_evidence_with_names(
        _FULL_NAME_ARTICLE, [("PERSON", "Ivan Kovalenski"), *shared], [("PERSON", "Kovalensky"), *shared]))
    bohdan = registry.resolve("PERSON", "Bohdan Kovalenskyy")
    ivan = registry.resolve("PERSON", "Ivan Kovalenski")
    assert ivan is not bohdan and registry.resolve("PERSON", "Kovalensky") not in (bohdan, ivan)
    # One consonant off a long surname: another person on a title alone, the same only on shared names.
    titled = surname_evidence([("a0", "Alan Hutchison", "person name", "Alan Hutchison"),
                               ("a1", "Hutchinson", "person name", "Mr Hutchinson")])
    registry = EntityRegistry(surnames=titled)
    alan = registry.resolve("PERSON", "Alan Hutchison")
    assert registry.resolve("PERSON", "Hutchinson") is not alan
    registry = EntityRegistry()  # no evidence at all: apart as well
    alan = registry.resolve("PERSON", "Alan Hutchison")
    assert registry.resolve("PERSON", "Hutchinson") is not alan
    # Two bare names a letter apart: nothing shows they are one.
    registry = EntityRegistry(surnames=_evidence_with_names([("PERSON", "Anselmina")], [("PERSON", "Anzelmina")]))
    assert registry.resolve("PERSON", "Anselmina") is not registry.resolve("PERSON", "Anzelmina")
    # A short surname a letter off is never a spelling ('Gerard' / 'Gerrard', 'Johnson' / 'Johnston').
    assert not same_person_across_articles("Johnston", "Boris Johnson")
    assert not same_person_across_articles("Kovalenska", "Bohdan Kovalenskyy")


def test_the_stage_reads_shared_names_of_any_label_for_a_bare_surname(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    places = [("GPE", "Vorskla", "Vorskla", "model"), ("ORG", "Dnipra Grain Board", "Dnipra Grain Board", "model"),
              ("FAC", "Marinsk Palace", "Marinsk Palace", "model")]
    for db, others, expected in (("a", places, [("Bohdan Kovalenskyy", 3)]),
                                 ("b", places[:1], [("Bohdan Kovalenskyy", 1), ("Kovalensky", 2)])):
        with warehouse.connect(str(tmp_path / f"{db}.duckdb")) as con:
            _insert_rows(con, "r1", [("PERSON", "Bohdan Kovalenskyy", "Bohdan Kovalenskyy", "person name"), *places])
            _insert_rows(con, "r2", [("PERSON", "Kovalensky", "Kovalensky", "model")] * 2 + others)
            run_entities(con, "r1")
            assert con.execute("SELECT name, mention_count FROM entities WHERE label = 'PERSON' "
                               "ORDER BY name").fetchall() == expected


def test_a_countrys_people_tagged_person_is_a_group(nlp):
    assert _labels(nlp, "The Moldovan said he would return.", "Moldovan") == ["NORP"]
    from pipelines.core.entities.knowledge import is_demonym

    assert all(is_demonym(w) for w in ("Rwandan", "Rwandans", "Iraqi", "Japanese", "Lebanese", "Turkish", "Moroccan",
                                       "Tajik", "Uzbeks"))
    assert not any(is_demonym(w) for w in ("Jordan", "Brian", "Julian", "Morgan", "Dean", "Roman"))
    # A person's name that opens with a given name is still a person.
    assert _labels(nlp, "Malin Berg said she would return. Malin left on Monday.", "Malin Berg") == ["PERSON"]


def test_a_languages_name_tagged_person_is_a_group(nlp):
    """A people's adjective of irregular form (the language's name) written alone is no person."""
    assert _labels(nlp, "Scotland lost the Manx line-out twice and the Manx pack dominated.", "Manx") == ["NORP"] * 2
    from pipelines.core.entities.knowledge import language_names

    assert {"manx", "dutch", "swahili"} <= language_names()
    assert not language_names() & {"jordan", "brian", "morgan", "kelbury"}
    # A person of that surname, named in full, stays a person.
    assert _labels(nlp, "Rhian Manx said she would return. Manx left on Monday.", "Rhian Manx") == ["PERSON"]


def test_a_county_by_its_ending_is_no_person_and_its_side_in_a_results_line(nlp):
    assert _labels(nlp, "Chris Adams and Tim Gorman took Wexshire to 471 and a first innings lead of 233.",
                   "Wexshire") == ["GPE"]
    text = "Leicester : Loamshire beat Somerset by an innings and 39 runs .\nLoamshire 296 , Somerset 83 ."
    assert _labels(nlp, text, "Loamshire") == ["ORG", "ORG"]
    assert _labels(nlp, "Susan Hampshire said she would return.", "Susan Hampshire") == ["PERSON"]


def test_a_town_with_runs_for_wickets_after_it_is_its_side(nlp):
    assert _labels(nlp, "Mark Tarrow made 70 as Leeds closed on 429 for seven , a lead of 234 .", "Leeds") == ["ORG"]
    assert _labels(nlp, "By stumps Leeds had reached 108 for three .", "Leeds") == ["ORG"]
    assert _labels(nlp, "The council in Leeds raised 200 for five charities.", "Leeds") == ["GPE"]


def test_a_datelines_date_is_no_score(nlp):
    text = ("Jet hijackers charged .\nLONDON 1996-08-30\nSeven men who seized a jet were charged on Friday . "
            "They had forced it to fly to London , police said .")
    assert set(_labels(nlp, text, "London")) == {"GPE"}


@pytest.mark.parametrize("modifier,group", [("Orthodox", "Democrat"), ("Islamic", "Socialists"), ("Buddhist", "Democrats")])
def test_a_group_name_the_model_tagged_as_two_groups_is_one_name(nlp, modifier, group):
    # The model tags the modifier as a group of its own; the party is the two words, never the
    # last word alone (which would join another country's party of that word across articles).
    doc = nlp(f"The {modifier} {group} leader Anna Berg said on Monday that the coalition would hold.")
    assert [(e.text, e.label_) for e in doc.ents][:2] == [(modifier, "NORP"), (group, "NORP")]
    assert [(m.text, m.label) for m in find_mentions(doc) if group in m.text] == [(f"{modifier} {group}", "NORP")]


def test_a_peoples_adjective_before_a_group_stays_its_own_name(nlp):
    doc = nlp("He met American Catholics in the capital on Monday.")
    assert [(e.text, e.label_) for e in doc.ents][:2] == [("American", "NORP"), ("Catholics", "NORP")]
    assert {m.text for m in find_mentions(doc)} >= {"American", "Catholics"}


def _kelvedon_warehouse(con, bare_rows):
    """Three people named Kelvedon (two men, a woman), each in their own articles with their own
    people around them, and one article that writes the surname alone (`bare_rows` around it)."""
    from tests.test_entities_names import _insert_rows

    for run, around in (("r1", ["Marta Fosse", "Pieter Lund"]), ("r2", ["Marta Fosse", "Oskar Brell"]),
                        ("r3", ["Marta Fosse"])):
        _insert_rows(con, run, [("PERSON", "Anton Kelvedon", "Anton Kelvedon", "model")] * 3
                     + [("PERSON", p, p, "model") for p in around])
    _insert_rows(con, "r4", [("PERSON", "Wilhelm Kelvedon", "Wilhelm Kelvedon", "model")] * 2
                 + [("PERSON", "Sunniva Rask", "Sunniva Rask", "model")])
    _insert_rows(con, "r5", [("PERSON", "Cherise Kelvedon", "Cherise Kelvedon", "model")] * 2
                 + [("PERSON", "Marta Fosse", "Marta Fosse", "model"), ("PERSON", "Hedda Lind", "Hedda Lind", "model")])
    _insert_rows(con, "r6", bare_rows)


def test_a_bare_surname_of_several_namesakes_joins_the_one_its_articles_name_people_around(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        # 'Mr Kelvedon' beside two people only Anton Kelvedon's articles name: not the woman (a man's
        # title), not the other man (nobody around him is named here), so Anton.
        _kelvedon_warehouse(con, [("PERSON", "Kelvedon", "Mr Kelvedon", "person name"),
                                  ("PERSON", "Kelvedon", "Kelvedon", "model"),
                                  ("PERSON", "Pieter Lund", "Pieter Lund", "model"),
                                  ("PERSON", "Oskar Brell", "Oskar Brell", "model")])
        run_entities(con, "r1")
        rows = dict(con.execute("SELECT name, mention_count FROM entities WHERE name LIKE '%Kelvedon'").fetchall())
        assert rows == {"Anton Kelvedon": 11, "Wilhelm Kelvedon": 2, "Cherise Kelvedon": 2}


def test_a_bare_surname_of_several_namesakes_without_evidence_joins_none(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        # A man's title, but nobody around it that any Kelvedon's articles name: in doubt, apart.
        _kelvedon_warehouse(con, [("PERSON", "Kelvedon", "Mr Kelvedon", "person name"),
                                  ("PERSON", "Kelvedon", "Kelvedon", "model"),
                                  ("PERSON", "Ilse Marr", "Ilse Marr", "model")])
        run_entities(con, "r1")
        rows = dict(con.execute("SELECT name, mention_count FROM entities WHERE name LIKE '%Kelvedon'").fetchall())
        assert rows == {"Anton Kelvedon": 9, "Wilhelm Kelvedon": 2, "Cherise Kelvedon": 2, "Kelvedon": 2}


def test_a_bare_surname_that_stands_for_several_people_joins_none(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        # One article's 'Kelvedon' is Anton's (his people around), another's a player in a squad
        # list (nobody of his around): the bare name is no one person.
        _kelvedon_warehouse(con, [("PERSON", "Kelvedon", "Mr Kelvedon", "person name"),
                                  ("PERSON", "Pieter Lund", "Pieter Lund", "model"),
                                  ("PERSON", "Oskar Brell", "Oskar Brell", "model")])
        _insert_rows(con, "r7", [("PERSON", "Kelvedon", "Kelvedon", "model"), ("PERSON", "Dunmore", "Dunmore", "model")])
        run_entities(con, "r1")
        rows = dict(con.execute("SELECT name, mention_count FROM entities WHERE name LIKE '%Kelvedon'").fetchall())
        assert rows == {"Anton Kelvedon": 9, "Wilhelm Kelvedon": 2, "Cherise Kelvedon": 2, "Kelvedon": 2}


def test_a_middle_initial_tells_a_father_and_son_apart(nlp, tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    text = ("President Anders K. Holm met his father, former president Anders Holm, in Oslo. "
            "Anders Holm said he was proud.")
    found = [(m.text, m.canonical) for m in find_mentions(nlp(text)) if "Holm" in m.text]
    assert found == [("Anders K. Holm", "Anders K. Holm"), ("Anders Holm", "Anders Holm"), ("Anders Holm", "Anders Holm")]
    # Across articles: apart where some article names both, one person where none does.
    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "r1", [("PERSON", "Anders K. Holm", "Anders K. Holm", "person name"),
                                 ("PERSON", "Anders Holm", "Anders Holm", "person name")])
        _insert_rows(con, "r2", [("PERSON", "Anders Holm", "Anders Holm", "person name")])
        # Nowhere both: the plain form is the marked one's person where its article names a rare name of
        # his articles ('Lena Vik'), someone else (a father or son) where it names none.
        _insert_rows(con, "r3", [("PERSON", "Roy E. Dansby", "Roy E. Dansby", "person name"),
                                 ("PERSON", "Lena Vik", "Lena Vik", "person name")])
        _insert_rows(con, "r4", [("PERSON", "Roy Dansby", "Roy Dansby", "person name"),
                                 ("PERSON", "Lena Vik", "Lena Vik", "person name")])
        _insert_rows(con, "r5", [("PERSON", "Roy Dansby", "Roy Dansby", "person name")] * 2
                     + [("ORG", "Tromvik Mill", "Tromvik Mill", "model")])
        # Two generations' suffixes are two people, and a plain form that may be either is neither.
        _insert_rows(con, "r6", [("PERSON", "Per Dahl Jr.", "Per Dahl Jr.", "person name"),
                                 ("ORG", "Skarn Works", "Skarn Works", "model")])
        _insert_rows(con, "r7", [("PERSON", "Per Dahl Sr.", "Per Dahl Sr.", "person name")])
        _insert_rows(con, "r8", [("PERSON", "Per Dahl", "Per Dahl", "person name"),
                                 ("ORG", "Skarn Works", "Skarn Works", "model")])
        run_entities(con, "r1")
        assert con.execute("SELECT name, mention_count FROM entities WHERE label = 'PERSON' ORDER BY name").fetchall() == [
            ("Anders Holm", 2), ("Anders K. Holm", 1), ("Lena Vik", 2), ("Per Dahl", 1), ("Per Dahl Jr.", 1),
            ("Per Dahl Sr.", 1),
            ("Roy Dansby", 2), ("Roy E. Dansby", 2)]
        # The rows of the plain form's own entity link to it in its article only; a run with nothing new keeps it.
        assert con.execute("SELECT DISTINCT m.article_id FROM mentions m JOIN entities e USING (entity_id) "
                           "WHERE e.name = 'Roy Dansby'").fetchall() == [("a-r5",)]
        run_entities(con, "r9")
        assert con.execute("SELECT count(*) FROM entities WHERE name = 'Roy Dansby'").fetchone()[0] == 1


def test_two_adjectives_side_by_side_are_two_names(nlp):
    text = ("Avalanches killed 100 people since the start of the year in the Yugoslav Transcarpathian "
            "republic of Velmora, the official daily said.")
    found = [(m.text, m.label) for m in find_mentions(nlp(text)) if m.label == "NORP"]
    assert found == [("Yugoslav", "NORP"), ("Transcarpathian", "NORP")]
