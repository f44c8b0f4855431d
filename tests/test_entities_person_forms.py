"""People's names in the forms the model cuts or mislabels: a particle after the given name, a role
noun opening a sentence, a generational suffix, a hyphenated given name, a name after an honorific.
Names are made up."""
from __future__ import annotations

from pipelines.core.entities import find_mentions


def _people(doc):
    return [(m.text, m.label) for m in find_mentions(doc) if m.label == "PERSON"]


def test_a_given_name_before_a_particle_stays_in_the_name(nlp):
    doc = nlp("Pieter van der Lindt scored twice for the visitors on Saturday.")
    assert [(e.text, e.label_) for e in doc.ents][0] == ("Pieter van der Lindt", "PERSON")  # the model's span
    assert _people(doc) == [("Pieter van der Lindt", "PERSON")]


def test_a_role_noun_opening_a_sentence_is_no_part_of_the_name(nlp):
    doc = nlp("Analyst T. J. Morrow of Pellick Securities said prices would fall.")
    assert [e.text for e in doc.ents][0] == "Analyst T. J. Morrow"
    assert _people(doc) == [("T. J. Morrow", "PERSON")]


def test_a_generational_suffix_is_the_names(nlp):
    assert _people(nlp("Marcus Delaney Jr. told reporters he would not run again.")) == [
        ("Marcus Delaney Jr.", "PERSON")]


def test_a_hyphenated_given_name_makes_a_person(nlp):
    doc = nlp("Jean-Luc Moravec won the stage ahead of Ole-Kristian Brekke.")
    assert ("Ole-Kristian Brekke", "ORG") in [(e.text, e.label_) for e in doc.ents]
    assert _people(doc) == [("Jean-Luc Moravec", "PERSON"), ("Ole-Kristian Brekke", "PERSON")]


def test_a_name_after_an_honorific_is_a_person(nlp):
    doc = nlp("Mr Okonkwo-Reyes said the talks had failed.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Okonkwo-Reyes", "ORG")]
    assert _people(doc) == [("Okonkwo-Reyes", "PERSON")]


def test_initials_before_a_surname_are_a_persons_name(nlp):
    doc = nlp("Kelbury 190 ( K. Dravell 52 ; A. Smethurst 5-68 ) .\n"
              "B. Marsten run out 0\nR. Crawle b Wasif Yunaid 15\n")
    assert ("K.", "NORP") in [(e.text, e.label_) for e in doc.ents]  # the model's: the initial alone
    people = [m.text for m in find_mentions(doc) if m.label == "PERSON"]
    assert people[:4] == ["K. Dravell", "A. Smethurst", "B. Marsten", "R. Crawle"]


def test_a_countrys_short_name_is_no_initial(nlp):
    doc = nlp("He won his third successive U.S. Amateur title on Sunday.")
    assert [m.text for m in find_mentions(doc) if m.label == "PERSON"] == []


def test_a_rulers_number_and_a_paired_given_name_are_the_names(nlp):
    doc = nlp("Queen Mathilde I was born in 1533. Pedro III became the first emperor. "
              "North Korea asked for the return of Park Dae-hyun.")
    assert _people(doc) == [("Mathilde I", "PERSON"), ("Pedro III", "PERSON"), ("Park Dae-hyun", "PERSON")]


def test_a_team_sheets_initial_without_a_full_stop_is_the_players(nlp):
    doc = nlp("Coach Dan Holbrook named his side. J Holbrook (Kelbury Sharks, capt); M Cuesta (Kelbury Sharks), "
              "J Noonan (Farnley), O Barkworth (Bath).\nA Farnley spokesman said the side would be named on Monday.")
    people = [(m.text, m.canonical) for m in find_mentions(doc) if m.label == "PERSON"]
    # The player 'J Holbrook' is not the coach 'Dan Holbrook'; outside a team sheet 'A' is the article.
    assert ("J Holbrook", "J Holbrook") in people and ("J Noonan", "J Noonan") in people
    assert ("O Barkworth", "O Barkworth") in people
    assert not any(text.startswith("A ") for text, _ in people)


def test_an_initial_joins_a_full_name_only_where_their_articles_share_names(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        # A banker named in full in two business articles; a team sheet's 'J Pellow' shares nothing with them.
        for run in ("b1", "b2"):
            _insert_rows(con, run, [("PERSON", "James Pellow III", "James Pellow III", "model"),
                                    ("ORG", "Quillon Bank", "Quillon Bank", "model")])
        _insert_rows(con, "s1", [("PERSON", "J Pellow", "J Pellow", "given name"),
                                 ("PERSON", "K Dravell", "K Dravell", "given name"),
                                 ("PERSON", "M Cuesta", "M Cuesta", "given name")])
        # The player's own articles: his team sheet's initials join his full name there.
        _insert_rows(con, "s2", [("PERSON", "Kit Dravell", "Kit Dravell", "model"),
                                 ("PERSON", "Mateo Cuesta", "Mateo Cuesta", "model"),
                                 ("PERSON", "Jory Hask", "Jory Hask", "model")])
        _insert_rows(con, "s3", [("PERSON", "K Dravell", "K Dravell", "given name"),
                                 ("PERSON", "Mateo Cuesta", "Mateo Cuesta", "model"),
                                 ("PERSON", "Jory Hask", "Jory Hask", "model")])
        run_entities(con, "r1")
        rows = con.execute("SELECT name, mention_count FROM entities WHERE label = 'PERSON' ORDER BY 1").fetchall()
        assert ("J Pellow", 1) in rows and ("James Pellow III", 2) in rows
        assert ("Kit Dravell", 3) in rows


def test_an_initial_that_fits_two_full_names_joins_neither(tmp_path):
    from pipelines import warehouse
    from pipelines.stages.entities import run_entities
    from tests.test_entities_names import _insert_rows

    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        _insert_rows(con, "a1", [("PERSON", "Amelia Dorran", "Amelia Dorran", "model")])
        _insert_rows(con, "a2", [("PERSON", "Aldo Dorran", "Aldo Dorran", "model")])
        _insert_rows(con, "a3", [("PERSON", "A Dorran", "A Dorran", "given name")])
        run_entities(con, "r1")
        rows = con.execute("SELECT name, mention_count FROM entities ORDER BY 1").fetchall()
        assert rows == [("A Dorran", 1), ("Aldo Dorran", 1), ("Amelia Dorran", 1)]
    with warehouse.connect(str(tmp_path / "w2.duckdb")) as con:
        # In runs: the initial first, a full name of that initial later, nothing shared.
        _insert_rows(con, "b1", [("PERSON", "A Dorran", "A Dorran", "given name")])
        run_entities(con, "r1")
        _insert_rows(con, "b2", [("PERSON", "Amelia Dorran", "Amelia Dorran", "model")])
        run_entities(con, "r2")
        rows = con.execute("SELECT name, mention_count FROM entities ORDER BY 1").fetchall()
        assert rows == [("A Dorran", 1), ("Amelia Dorran", 1)]


def test_a_quoted_nickname_between_given_name_and_surname_is_the_person_no_place(nlp):
    from pipelines.core.entities import find_mentions

    doc = nlp('Universal said on Wednesday it had bought the rest of the label. Marcus "LA" Dunne, chairman '
              'of the music group, said: "I can think of no-one better." Dunne lives in LA.')
    found = [(m.text, m.label, m.canonical) for m in find_mentions(doc) if m.label in ("PERSON", "GPE")]
    assert found == [('Marcus "LA" Dunne', "PERSON", "Marcus Dunne"), ("Dunne", "PERSON", "Marcus Dunne"),
                     ("LA", "GPE", "LA")]
