"""Sides the model leaves untagged, found by the shape of the line they are in: a results line,
a league table's row, a scorecard's total, a fixture after 'v'. Club names are made up."""
from __future__ import annotations

from pipelines.core.entities import find_mentions


def _found(nlp, text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in find_mentions(nlp(text)):
        out.setdefault(m.text, set()).add(m.label)
    return out


RESULTS = ("Soccer results on Saturday .\nVarnbrook 2 Holtwick 1\nCrenmoor 0 Dalsby 3 ( halftime 0-1 )\n"
           "Standings :\nDalsby 3 2 1 0 6 2 7\nCrenmoor 3 0 1 2 3 7 1\n")


def test_the_sides_of_a_results_line_and_a_league_table_are_teams(nlp):
    found = _found(nlp, RESULTS)
    for side in ("Varnbrook", "Holtwick", "Crenmoor", "Dalsby"):
        assert found.get(side) == {"ORG"}, (side, found)


def test_a_scorecards_totals_and_a_fixture_after_v_are_teams_in_a_sports_article(nlp):
    text = ("Leeds beat Bristol by an innings .\nAt Tarnby : Holtwick 363 ( M. Tarrow 111 , J. Pellin 52 ) , "
            "Varnbrook 197-8 .\nAt Oxley : Crenmoor 290 and 207-4 , Dalsby 114 .\nFixtures : May 18 v Oxwold\n")
    found = _found(nlp, text)
    for side in ("Holtwick", "Crenmoor", "Oxwold"):
        assert found.get(side) == {"ORG"}, (side, found)
    # The player's score after his initial is no side; nor is a scorer's minute ('X 79, Y 107').
    assert "ORG" not in found.get("Tarrow", set()), found
    scorers = ("Leeds beat Bristol 2-1 . Tom Hask and Ed Varnell scored for Leeds .\n"
               "Scorers : Varnell 79 , Hask 88 .\n")
    found = _found(nlp, scorers)
    assert "ORG" not in found.get("Varnell", set()) | found.get("Hask", set()), found


def test_figures_outside_sport_and_a_table_of_accounts_make_no_side(nlp):
    text = ("Hollex Corp said on Monday its profit rose .\nShr 1.20 dlrs vs 1.10 dlrs\nNet 5,600,000 vs 4,300,000\n"
            "The group will buy 12 Vantor 747 jets , it said .")
    found = _found(nlp, text)
    assert not {name for name, labels in found.items() if name in ("Shr", "Net", "Vantor")}, found


def test_an_adjective_before_a_squad_is_no_side(nlp):
    # 'Imperial' is a small place in the gazetteer; the tagger reads it as an adjective here.
    text = ("He was dropped from the Imperial squad after a poor run. The Imperial army marched on the town, "
            "and the Imperial court fled.")
    sources = [m.label_source for m in find_mentions(nlp(text)) if m.text == "Imperial"]
    assert len(sources) == 3 and "team" not in sources


def test_a_town_that_plays_is_the_one_club_the_article_names_in_full_that_holds_it(nlp):
    """'X' beside 'X United' is that club (never the town, nor another club of the town across
    articles); a newspaper holding the town's name is no club."""
    from pipelines.core.entities import find_mentions

    found = [(m.text, m.canonical) for m in find_mentions(nlp(
        "Tarragona United drew 0-0 with Sevilla. Tarragona captain Joe Bloggs said Tarragona were proud."))
        if "Tarragona" in m.text]
    assert found == [("Tarragona United", "Tarragona United"), ("Tarragona", "Tarragona United"),
                     ("Tarragona", "Tarragona United")]
    found = [(m.text, m.canonical) for m in find_mentions(nlp(
        "Tarragona beat Sevilla 2-1, the Tarragona Echo reported. Tarragona are second.")) if "Tarragona" in m.text]
    assert found == [("Tarragona", "Tarragona"), ("the Tarragona Echo", "Tarragona Echo"), ("Tarragona", "Tarragona")]


def test_weaker_evidence_of_a_side_in_a_sports_article(nlp):
    """Where a team plays: a town's possessive before a player or its record, a player's 'for',
    a side's noun before it or in apposition make the town its side; outside sport, the place."""
    from pipelines.core.entities import find_mentions

    def labels(text):
        return {(m.text, m.label) for m in find_mentions(nlp(text)) if m.label in ("ORG", "GPE")}

    found = labels("Fresno beat Tacoma 5-3 on Sunday. Spokane 's Eddie Marsh hit his 20th homer. "
                   "Lee Dorn hit a homer for Wichita. The loss was Boise 's seventh in a row.")
    assert {("Spokane", "ORG"), ("Wichita", "ORG"), ("Boise", "ORG")} <= found
    found = labels("Fresno beat Tacoma by six wickets. Spokane , nine-wicket winners over Boise , can still win, "
                   "and title rivals Wichita closed in.")
    assert {("Spokane", "ORG"), ("Boise", "ORG"), ("Wichita", "ORG")} <= found
    assert labels("Spokane 's Eddie Marsh opened a bakery. Prices rose for Wichita.") == {
        ("Spokane", "GPE"), ("Wichita", "GPE")}


def test_the_weaker_evidence_reads_no_player_rank_or_band_as_a_side(nlp):
    """A player's 'winner over X' is a one-name sport's match; an ordinal before an adjective
    ranks a place; a possessive before a person counts only where a place's name plays (a band
    that 'beat' another makes no sports article); outside those, the place."""
    def label(text, name):
        return {m.label for m in find_mentions(nlp(text)) if m.text == name}

    assert label("Lena Marsh beat Ana Ruiz 6-2 6-3 on Monday. Mia Holt was a 6-1 6-4 winner over Tacoma.",
                 "Tacoma") == {"GPE"}
    assert label("Fresno beat Salem 5-3 on Sunday. Tacoma's third largest employer is a bank.", "Tacoma") == {"GPE"}
    assert label("The quirky band beat The Hollow Men to the prize. Fresno's Ada Vale came third with her "
                 "debut album.", "Fresno") == {"GPE"}
    # The record's ordinal alone still names the side.
    assert label("Fresno beat Tacoma 5-3 on Sunday. The loss was Tacoma's seventh in a row.", "Tacoma") == {"ORG"}


def test_at_a_side_after_a_noun_is_the_club(nlp):
    """'nobody at X', 'the finishing touch at X' in an article where X plays: the club, not the
    town ('at X' after a match's noun or a verb stays the ground)."""
    found = [(m.text, m.label) for m in find_mentions(nlp(
        "Barnsley beat Fresno 2-1 on Saturday. \"Nobody at Barnsley wants to come second,\" said Ed Marsh. "
        "\"The finishing touch at Barnsley is a fantastic manager.\"")) if m.text == "Barnsley"]
    assert found == [("Barnsley", "ORG")] * 3


def test_a_town_cut_from_its_clubs_name_or_standing_as_a_side_beside_it_is_the_club(nlp):
    """In a sports article, 'Real X's' the model cut to 'X' is the club 'Real X'; where the article
    names that club in full, the town as a subject, an object or a verb's 'of' is the club too,
    but 'in X', 'the mayor of X' and 'North X' stay the place."""
    def found(text):
        return [(m.text, m.label, m.canonical) for m in find_mentions(nlp(text)) if "Tarragona" in m.text]

    assert found("Joe Bloggs hailed Real Tarragona's passage to the last 16 as they beat Sevilla 3-0. "
                 "He said: \"It's expected of Tarragona to get through.\" The final is in Tarragona in May, "
                 "and the mayor of Tarragona will attend.") == [
        ("Real Tarragona", "ORG", "Real Tarragona"), ("Tarragona", "ORG", "Real Tarragona"),
        ("Tarragona", "GPE", "Tarragona"), ("Tarragona", "GPE", "Tarragona")]
    assert found("Joe Bloggs scored twice as Sevilla beat Valencia 3-0. He grew up in North Tarragona.") == [
        ("North Tarragona", "GPE", "North Tarragona")]
