"""Units: date expressions, claim context, quote matching, story assignment, and
the claim_comparisons verdict logic on a real DuckDB file."""
from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl
import pytest

from pipelines import warehouse
from pipelines.core import dates, quote_clusters, stories
from pipelines.core.claim_context import add_claim_context


# ---- dates -----------------------------------------------------------------------------

def _expr(text):
    found = dates.find_date_expressions(text)
    assert len(found) == 1, found
    return found[0]


def test_date_expressions_and_resolution():
    wednesday = date(2031, 3, 12)  # a Wednesday
    assert dates.resolve(_expr("on Friday"), wednesday) == date(2031, 3, 7)
    assert dates.resolve(_expr("on Friday"), wednesday, future=True) == date(2031, 3, 14)
    assert dates.resolve(_expr("last Wednesday"), wednesday) == date(2031, 3, 5)
    assert dates.resolve(_expr("on Wednesday"), wednesday) == wednesday
    assert dates.resolve(_expr("on the 3rd"), wednesday) == date(2031, 3, 3)
    assert dates.resolve(_expr("on the 28th"), wednesday) == date(2031, 2, 28)
    assert dates.resolve(_expr("Dec. 30"), date(2031, 1, 4)) == date(2030, 12, 30)
    assert dates.resolve(_expr("4 March 2029"), wednesday) == date(2029, 3, 4)
    assert dates.resolve(_expr("2029-03-04"), wednesday) == date(2029, 3, 4)
    assert dates.resolve(_expr("yesterday"), wednesday) == date(2031, 3, 11)
    merged = _expr("on Monday (March 10)")
    assert (merged.kind, merged.text) == ("month_day", "on Monday (March 10)")
    assert dates.resolve(_expr("February 30"), wednesday) is None
    assert dates.find_date_expressions("They may 12 times refuse") == []


def test_page_furniture_dates_are_not_claims():
    for text in ("LISBON, March 11 (Wirepress) -- Ministers met in the capital to discuss the budget.",
                 "Updated March 11 2031, 14:05 and then ministers met in the capital",
                 "Posted on March 11 by the desk team of the paper in town"):
        assert dates.candidate_paragraphs(text) == [], text
    kept = dates.candidate_paragraphs("Ministers met in the capital on March 11 to discuss the budget.")
    assert [e.text for _s, _e, exprs in kept for e in exprs] == ["March 11"]


def test_date_claim_event_class_and_place(nlp):
    text = "Negotiators from both countries met in Lisbon on Friday to discuss the border."
    (start, end, exprs), = dates.candidate_paragraphs(text)
    place = text.index("Lisbon")
    claims = dates.date_claims_in_paragraph(nlp(text[start:end]), start, exprs, date(2031, 3, 12),
                                            [(place, place + 6, "e-lisbon", "GPE")])
    assert len(claims) == 1
    c = claims[0]
    assert (c.date_value, c.event_class, c.locations) == (date(2031, 3, 7), "meeting", ["e-lisbon"])
    assert text[c.event_start:c.event_end] == "met"
    # A bare date line has no event: not a claim.
    line = "Friday March 7 2031 edition of the paper"
    found = dates.candidate_paragraphs(line)
    assert sum(len(dates.date_claims_in_paragraph(nlp(line), 0, exprs, date(2031, 3, 12), []))
               for _s, _e, exprs in found) == 0


def test_date_candidates_come_from_the_one_parse_of_the_article(nlp):
    """The NLP pass stores what the parse of the whole article says about each date; resolving a
    stored candidate (no model) gives the claim the paragraph's own parse gives."""
    first = "Negotiators from both countries met in Lisbon on Friday to discuss the border."
    text = ("Ministers spoke about the budget for an hour in the morning session.\n\n" + first
            + "\n\nThe harbour will reopen on March 20, officials said after the storm.")
    doc = nlp(text)
    candidates = dates.date_candidates(doc)
    assert [c.text for c in candidates] == ["on Friday", "March 20"]
    friday, march = candidates
    assert (friday.event_class, friday.future, march.future) == ("meeting", False, True)
    assert text[friday.event_start:friday.event_end] == "met"
    assert friday.sentence == first  # the sentence ends at its paragraph
    place = text.index("Lisbon")
    mentions = [(place, place + 6, "e-lisbon", "GPE")]
    claim = dates.resolve_candidate(friday, date(2031, 3, 12), mentions)
    start = text.index(first)
    (exprs,) = [exprs for s, _e, exprs in dates.candidate_paragraphs(text) if s == start]
    (alone,) = dates.date_claims_in_paragraph(nlp(first), start, exprs, date(2031, 3, 12), mentions)
    assert claim == alone
    assert (claim.date_value, claim.locations) == (date(2031, 3, 7), ["e-lisbon"])
    # The tense decides the year side: 'will reopen on March 20' read on March 12 is this March.
    assert dates.resolve_candidate(march, date(2031, 3, 12), []).date_value == date(2031, 3, 20)
    # Stored rows of a piece of a long article shift onto the whole body with every offset.
    from pipelines.core.extraction import extract_rows
    from pipelines.core.nlp import shift_rows
    row = extract_rows(doc)["dates"][0]
    moved = shift_rows({"dates": [row]}, 1000, 0)["dates"][0]
    assert [moved[k] - row[k] for k in ("start_char", "end_char", "event_start", "clause_start", "clause_end")] \
        == [1000] * 5
    assert moved["place_spans"] == [[a + 1000, b + 1000] for a, b in row["place_spans"]] and row["place_spans"]


# ---- claim context ---------------------------------------------------------------------

def _claims_for(nlp, text, numbers):
    claims = [{"start_char": text.index(n), "end_char": text.index(n) + len(n)} for n in numbers]
    mentions = [{"start_char": e.start_char, "end_char": e.end_char, "canonical_name": e.text, "label": e.label_}
                for e in nlp(text).ents]
    return add_claim_context(nlp(text), claims, mentions)


def test_claim_predicate_and_subject(nlp):
    launched, downed = _claims_for(nlp, "Freedonia launched 90 rockets overnight, and the army shot down 41 rockets.",
                                   ["90 rockets", "41 rockets"])
    assert (launched["predicate"], launched["subject"]) == ("launch", "Freedonia")
    assert downed["predicate"] == "shoot down"
    text = "Freedonia launched its largest rocket attack of the year, firing 90 rockets at the port."
    (elaborated,) = _claims_for(nlp, text, ["90 rockets"])
    assert elaborated["predicate"] == "launch"
    assert text[elaborated["predicate_start"]:elaborated["predicate_end"]] == "launched"


# ---- quote matching --------------------------------------------------------------------

def test_quote_matching_kinds():
    n = quote_clusters.normalize
    long = n("It was very substantive and very frank, and on the whole very useful")
    assert quote_clusters.match_quotes(n("very substantive and very frank."), long, False)[0] == "contained"
    assert quote_clusters.match_quotes(n("Very substantive and very frank"), n("very substantive and very frank"),
                                       False)[0] == "exact"
    assert quote_clusters.match_quotes(n("we will immediately begin talks toward a truce now"),
                                       n("we will immediately start talks toward a truce now"), False)[0] == "near"
    translated = n("The talk was very substantive and quite candid. I thanked him for it")
    assert quote_clusters.match_quotes(n("very substantive and very frank"), translated, True)[0] == "paraphrase"
    assert quote_clusters.match_quotes(n("very substantive and very frank"), translated, False) is None
    assert quote_clusters.match_quotes(n("it went well"), n("I think it went very badly indeed today"), True) is None


def test_a_title_or_slogan_never_joins_a_statement_that_contains_it():
    n = quote_clusters.normalize
    slogan = "Take Back The Streets"
    said = "We will take back the streets of this city, and we will do it this year"
    assert quote_clusters.match_quotes(n(slogan), n(said), True, slogan, said) is None
    assert quote_clusters.match_quotes(n("take back the streets"), n(said), True, "take back the streets", said)[0] \
        == "contained"


def test_a_paraphrase_keeps_names_and_numbers():
    n = quote_clusters.normalize
    a, b = "it will be the year of the Rooster", "He said it will be the year of the Monkey for all of us"
    assert quote_clusters.match_quotes(n(a), n(b), True, a, b) is None
    a, b = "it will be the year of growth", "He said it will be the year of recovery for all of us"
    assert quote_clusters.match_quotes(n(a), n(b), True, a, b)[0] == "paraphrase"
    # One article renders a remark once: there, other wording is another remark unless nearly all agrees.
    a, b = "very substantive and very frank", "The talk was very substantive and quite candid. I thanked him"
    assert quote_clusters.match_quotes(n(a), n(b), True, a, b)[0] == "paraphrase"
    assert quote_clusters.match_quotes(n(a), n(b), True, a, b, same_article=True) is None


def test_a_phrase_joins_the_same_words_only_in_the_same_sentence():
    items = [quote_clusters.QuoteItem("q1", "blair", "s1", "partial", "delighted",
                                      "Tony Blair said on Monday that he was delighted for the royal couple and offered his warm "
                                      "congratulations."),
             quote_clusters.QuoteItem("q2", "blair", "s2", "partial", "delighted",
                                      "Prime Minister Tony Blair declared himself delighted, saying the new MP would be welcomed by "
                                      "Labour."),
             quote_clusters.QuoteItem("q3", "blair", "s3", "partial", "delighted",
                                      "Mr Tony Blair said on Monday that he was delighted for the royal couple and offered his "
                                      "congratulations.")]
    out = {a.quote_id: (a.cluster_id, a.match) for a in quote_clusters.assign_clusters(items, [])}
    assert out == {"q1": ("q1", "founder"), "q2": ("q2", "founder"), "q3": ("q1", "exact")}


def test_a_phrase_quoted_twice_in_one_article_is_a_term_not_one_statement():
    # The words around the two agree (the article's lead and its body say much the same).
    lead = "The agency said that so-called \"zombie grids\" had grown threefold in a year."
    body = "The agency said the \"zombie grids\" it tracks had grown threefold since it began counting."
    items = [quote_clusters.QuoteItem("q1", "agency", "s1", "partial", "zombie grids", lead, "a1"),
             quote_clusters.QuoteItem("q2", "agency", "s1", "partial", "zombie grids", body, "a1"),
             # The same sentence in another outlet's copy is still the same statement.
             quote_clusters.QuoteItem("q3", "agency", "s1", "partial", "zombie grids", lead, "a2")]
    out = {a.quote_id: (a.cluster_id, a.match) for a in quote_clusters.assign_clusters(items, [])}
    assert out == {"q1": ("q1", "founder"), "q2": ("q2", "founder"), "q3": ("q1", "exact")}


def test_a_phrase_both_contain_does_not_chain_two_statements():
    first = "We hold a genuinely independent view on the merger, and we will say so to the board"
    second = "Nobody doubts that the panel holds a genuinely independent view of the market"
    items = [quote_clusters.QuoteItem("q1", "ann", "s1", "direct", first),
             quote_clusters.QuoteItem("q2", "ann", "s1", "partial", "a genuinely independent view"),
             quote_clusters.QuoteItem("q3", "ann", "s1", "direct", second),
             # The statement the phrase was cut from, reported again, still joins.
             quote_clusters.QuoteItem("q4", "ann", "s1", "direct", first + " today")]
    out = {a.quote_id: (a.cluster_id, a.match) for a in quote_clusters.assign_clusters(items, [])}
    assert out == {"q1": ("q1", "founder"), "q2": ("q1", "contained"), "q3": ("q3", "founder"),
                   "q4": ("q1", "contained")}


def test_clusters_never_join_two_speakers():
    items = [quote_clusters.QuoteItem("q1", "alice", "s1", "direct", "We will rebuild the bridge this year."),
             quote_clusters.QuoteItem("q2", "bob", "s1", "direct", "We will rebuild the bridge this year."),
             quote_clusters.QuoteItem("q3", "alice", "s1", "partial", "will rebuild the bridge"),
             quote_clusters.QuoteItem("q4", "alice", "s1", "indirect", "We will rebuild the bridge this year."),
             # Another story: only the same words join (candidates are indexed, not scanned).
             quote_clusters.QuoteItem("q5", "alice", "s2", "partial", "will rebuild the bridge"),
             quote_clusters.QuoteItem("q6", "alice", "s3", "direct", "we will REBUILD the bridge, this year"),
             quote_clusters.QuoteItem("q7", "alice", "s4", "direct", "We will rebuild the bridge this year, he said")]
    out = {a.quote_id: (a.cluster_id, a.match) for a in quote_clusters.assign_clusters(items, [])}
    assert out == {"q1": ("q1", "founder"), "q2": ("q2", "founder"), "q3": ("q1", "contained"),
                   "q4": ("q4", "founder"), "q5": ("q1", "exact"), "q6": ("q1", "exact"),
                   "q7": ("q7", "founder")}


# ---- stories ---------------------------------------------------------------------------

def _doc(aid, body, ents, published=None, ingested=datetime(2031, 3, 12)):
    positions = [(e, e, i * 10) for i, e in enumerate(ents)]
    return stories.ArticleDoc(aid, body, None, None, published, ingested, positions)


def test_story_assignment_joins_similar_and_keeps_ids():
    params = stories.StoryParams()
    flood = "river flood evacuated town residents rescue boats water levels dam rain"
    docs = [_doc("a1", flood, ["e1", "e2", "e3", "e1"]),
            _doc("a2", flood + " shelters opened", ["e1", "e2", "e3"]),
            _doc("a3", "football league final penalty goal coach stadium fans", ["e7", "e8", "e9"])]
    counts = [stories.term_counts(d) for d in docs]
    df = {}
    for c in counts:
        for t in c:
            df[t] = df.get(t, 0) + 1
    index = stories.StoryIndex(params)
    out = [index.assign(d, stories.article_vector(c, df, 3, params)) for d, c in zip(docs, counts)]
    assert [o.method for o in out] == ["founder", "joined", "founder"]
    assert out[0].story_id == out[1].story_id == stories.story_id_for("a1")
    assert out[2].story_id == stories.story_id_for("a3")
    # Outside the time window nothing joins, however similar.
    late = _doc("a4", flood, ["e1", "e2", "e3"], ingested=datetime(2031, 5, 1))
    assert index.assign(late, stories.article_vector(stories.term_counts(late), df, 3, params)).method == "founder"


def test_dated_similarity_fades_with_the_days_between_article_and_story():
    params = stories.StoryParams()
    story = stories.StoryState("s1", "x", {}, datetime(2031, 3, 10, 9), datetime(2031, 3, 11, 18),
                               datetime(2031, 3, 10), datetime(2031, 3, 11), datetime(2031, 3, 12))
    factor = {day: stories.time_factor(_doc("a", "x", [], published=day), story, params) for day in (
        datetime(2031, 3, 10, 20), datetime(2031, 3, 12, 6), datetime(2031, 3, 13, 6), datetime(2031, 3, 9, 9))}
    # inside the span, within the half-day grace, 1.5 days after (one day past the grace), 1 day before
    assert [round(f, 3) for f in factor.values()] == [1.0, 1.0, 0.5, 0.707]
    assert stories.time_factor(_doc("b", "x", []), story, params) == 1.0  # undated: time says nothing
    # A follow-up worded partly alike joins on the day; three days later the same words found a story
    # of their own (the learned similarity weighs the days between them), and undated it joins again.
    flood = "river flood evacuated town residents rescue boats water levels dam rain"
    follow_up = "flood town residents returned homes damage insurance claims cleanup volunteers"
    first = _doc("f1", flood, ["e1", "e2", "e3", "e4"], published=datetime(2031, 3, 10, 9))
    df = {t: 1 for t in stories.term_counts(first)} | {t: 1 for t in stories.term_counts(_doc("x", follow_up, []))}

    def joins(published):
        later = _doc("f2", follow_up, ["e1", "e2", "e3", "e5"], published=published)
        index = stories.StoryIndex(params)
        index.assign(first, stories.article_vector(stories.term_counts(first), df, 50, params))
        out = index.assign(later, stories.article_vector(stories.term_counts(later), df, 50, params))
        return out.method, round(out.similarity, 3)

    assert joins(datetime(2031, 3, 10, 18)) == ("joined", 0.887)  # the probability it joined with
    assert joins(datetime(2031, 3, 13, 12)) == ("founder", 1.0)
    assert joins(None)[0] == "joined"


def test_a_follow_up_days_after_a_story_reported_over_days_joins_it():
    """A takeover fight reported day after day for five days, then its follow-up ten days later (the
    recapitalisation that fends the bid off): the dated model weighs the ten days from the last report
    (below its threshold; before the follow-up path the article was also outside the 7-day window),
    the follow-up model weighs them against the story's span and joins it. A story of two articles, a
    follow-up past the dated window, or another matter of the same company found stories of their own."""
    params = stories.StoryParams()
    fight = "tender offer shares bid board rejected takeover investor group dollars per share"
    reports = [_doc(f"t{k}", fight + extra, ["bidder", "target", "target", "investor", "bank", "city"],
                    published=datetime(2031, 3, 2 + k, 10))
               for k, extra in enumerate([" launched", " inadequate", " lawsuit", " filing", " raised", " arbitrage"])]
    recap = "board approved recapitalization special dividend shares fend off takeover bid investor tender offer"
    depot = "opened new depot warehouse jobs council approved planning hall opening ribbon trucks"
    df: dict[str, int] = {}
    for d in [*reports, _doc("x", recap, []), _doc("y", depot, [])]:
        for t in stories.term_counts(d):
            df[t] = df.get(t, 0) + 1

    def assign(n_reports, body, ents, published):
        index = stories.StoryIndex(params)
        fight_story = [index.assign(d, stories.article_vector(stories.term_counts(d), df, 60, params))
                       for d in reports[-n_reports:]][0].story_id
        late = _doc("late", body, ents, published=published)
        vector = stories.article_vector(stories.term_counts(late), df, 60, params)
        story = index.stories[fight_story]
        features = stories.pair_features(late, vector, {}, stories.salient_entities(late, 8), story, params)
        out = index.assign(late, vector)
        return (out.method, round(out.similarity, 3), story.articles, round(index.model.probability(features), 3),
                round(features["log_relative_days"], 3))

    follow_up = (recap, ["target", "bidder", "target", "investor", "bank"])
    # ten days after the last of six reports over five days: relative days log1p(10 / (1 + 5)) = 0.981
    assert assign(6, *follow_up, datetime(2031, 3, 17, 10)) == ("joined", 0.827, 7, 0.438, 0.981)
    # after a story of two reports over one day the same ten days weigh more: a story of its own
    assert assign(2, *follow_up, datetime(2031, 3, 17, 10))[:3] == ("founder", 1.0, 2)
    # past the dated window (21 days) nothing is a candidate
    assert assign(6, *follow_up, datetime(2031, 4, 10, 10))[:3] == ("founder", 1.0, 6)
    # the company's other matter ten days later shares two of its entities, not the fight
    assert assign(6, depot, ["target", "city", "target", "mayor"], datetime(2031, 3, 17, 10))[:3] == ("founder", 1.0, 6)
    # the day after the last report the dated model joins it, as it did before
    assert assign(6, *follow_up, datetime(2031, 3, 7, 20))[:2] == ("joined", 0.975)


def test_a_dated_article_sharing_only_its_common_entities_founds_its_own_story():
    """One agency's two rating changes on one day share the agency, the region and most words; the
    company each is about differs, so the second founds a story while a follow-up on the first joins."""
    rating = "agency raised rating commercial paper debt reduced acquisition improvement outlook"
    first = _doc("r1", rating + " lender", ["agency", "region", "maker1", "maker1", "maker1", "bank1"],
                 published=datetime(2031, 3, 10, 9))
    other = _doc("r2", rating + " brewer", ["agency", "region", "maker2", "maker2", "maker2", "bank2"],
                 published=datetime(2031, 3, 10, 10))
    again = _doc("r3", rating + " lender", ["agency", "region", "maker1", "maker1", "bank1"],
                 published=datetime(2031, 3, 10, 11))
    df = {t: 1 for d in (first, other, again) for t in stories.term_counts(d)} | {"e:agency": 30, "e:region": 30}

    def methods(params):
        index = stories.StoryIndex(params)
        out = []
        for d in (first, other, again):
            vector = stories.article_vector(stories.term_counts(d), df, 50, params)
            story = index.stories.get(stories.story_id_for("r1"))
            if story is not None:
                out.append(round(stories.shared_entity_weight(vector, story), 3))
            out.append(index.assign(d, vector).method)
        return out

    # The second shares two entities and most words, but they weigh 0.24 of its vector.
    assert methods(stories.StoryParams()) == ["founder", 0.244, "founder", 1.297, "joined"]
    assert methods(stories.StoryParams(min_shared_entity_weight=0.0))[2] == "joined"


def test_an_undated_article_worded_otherwise_but_naming_the_story_s_entities_joins():
    """Outlets word one event differently: without dates an article naming the story's people and
    places joins on its entities although none of its words are the story's; an article sharing two
    of those entities in other words about another matter does not."""
    params = stories.StoryParams()
    docs = {
        "first": _doc("first", "gunmen attacked crowded market killing wounding dozens police said witnesses "
                      "described shooting lasted minutes before attackers fled stolen car roadblocks",
                      ["city", "police", "mayor", "market", "city", "market", "governor"]),
        "other_outlet": _doc("other_outlet", "assailants opened fire shoppers leaving many dead hospital officials "
                             "ambulances sirens panic residents mourned victims prayers vigil candles evening",
                             ["city", "police", "market", "governor", "city", "market"]),
        "other_matter": _doc("other_matter", "council budget vote taxes schools roads spending approved councillors "
                             "debate pensions deficit borrowing reserves audit",
                             ["city", "mayor", "council", "treasurer", "council"]),
    }
    df = {}
    for d in docs.values():
        for t in stories.term_counts(d):
            df[t] = df.get(t, 0) + 1
    df.update({t: 15 for t in df if t.startswith(stories.ENTITY_PREFIX)})  # named in many of the 40 articles
    index = stories.StoryIndex(params)
    out = {}
    for name, d in docs.items():
        vector = stories.article_vector(stories.term_counts(d), df, 40, params)
        story = index.stories.get(stories.story_id_for("first"))
        if story is not None:
            out[name + " cosine"] = round(stories.cosine(vector, story), 3)
        out[name] = index.assign(d, vector).method
    # The rule before the learned similarity (cosine >= 0.30 without dates) founded a story for the
    # other outlet's article.
    assert out == {"first": "founder", "other_outlet cosine": 0.276, "other_outlet": "joined",
                   "other_matter cosine": 0.11, "other_matter": "founder"}


def test_pair_features_and_the_story_model():
    """The features split the cosine into entity and word parts against the story's own lengths; the
    model refuses weights for features the code does not compute; its file is part of the stories
    code version."""
    from pipelines import code_versions

    params = stories.StoryParams()
    story = stories.StoryState("s", "x", {"e:a": 3.0, "e:b": 4.0, "flood": 12.0}, None, None,
                               datetime(2031, 3, 1), datetime(2031, 3, 1), datetime(2031, 3, 1))
    vector = {"e:a": 0.6, "flood": 0.8}
    doc = _doc("a", "x", ["a", "c"])
    f = stories.pair_features(doc, vector, {"flood": 1.0}, ["e:a", "e:c"], story, params)
    assert {k: round(v, 3) for k, v in f.items()} == {
        "cosine": 0.877, "entity_cosine": 0.6, "word_cosine": 1.0, "shared_entity_weight": 0.6,
        "salient_share": 0.5, "title_cosine": 0.923}
    dated = _doc("b", "x", ["a"], published=datetime(2031, 3, 4))
    story.first_published_at = story.last_published_at = datetime(2031, 3, 1)
    f = stories.pair_features(dated, vector, {}, ["e:a"], story, params)
    assert round(f["time_factor"], 3) == 0.177 and round(f["log_days_apart"], 3) == 1.386
    # three days from a story of one day: its span does not shorten them (log1p(3 / (1 + 0)))
    assert round(f["log_relative_days"], 3) == 1.386
    story.first_published_at = datetime(2031, 2, 23)  # a story that has run for six days: 3 / 7
    assert round(stories.pair_features(dated, vector, {}, ["e:a"], story, params)["log_relative_days"], 3) == 0.357
    model = stories.default_model()
    assert 0.0 < model.probability(f) < 1.0
    with pytest.raises(ValueError, match="headline_length"):
        stories.StoryModel({"bias": 0.0, "weights": {"headline_length": 1.0}}, model.undated)
    with pytest.raises(ValueError, match="time_factor"):  # no time feature without dates
        stories.StoryModel(model.dated, {"bias": 0.0, "weights": {"time_factor": 1.0}})
    with pytest.raises(ValueError, match="follow_up"):
        stories.StoryModel(model.dated, model.undated, follow_up={"bias": 0.0, "weights": {"headline_length": 1.0}})
    assert model.follow_up is not None and "log_relative_days" in model.follow_up["weights"]
    assert "stories.weights.json" in code_versions.stories_version().manifest["files"]


def test_story_index_heaviest_stories_per_term_follow_every_change():
    """The per-term heap answers what a scan of the posting would, after stories grow, drop
    terms and are added: the `limit` heaviest, ties to the lower story id."""
    import random

    rng = random.Random(14)
    params = stories.StoryParams(story_terms=6, candidates_per_term=5)
    index = stories.StoryIndex(params)
    terms = [f"t{i}" for i in range(12)]
    for n in range(400):
        doc = _doc(f"a{n}", "x", [], ingested=datetime(2031, 5, 1))
        vector = {t: round(rng.random(), 2) for t in rng.sample(terms, 4)}  # rounded: ties happen
        if n % 3 and index.stories:
            index._grow(index.stories[rng.choice(sorted(index.stories))], vector, doc)
        else:
            story = stories.StoryState(f"s{n:04d}", "x", {}, None, None, doc.seen_at, doc.seen_at, doc.ingested_at)
            index.add_story(story)
            index._grow(story, vector, doc)
        for term in terms:
            posting = index.postings.get(term, {})
            expected = [sid for sid, _w in sorted(posting.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
            assert index.heaviest(term, 5) == expected
            live = {sid for sid, story in index.stories.items() if term in story.centroid}
            assert set(posting) == live  # a dropped term leaves the posting


# ---- claim comparisons (SQL verdicts) ----------------------------------------------------

def _warehouse_with_claims(path, claims, date_rows=()):
    now = datetime(2031, 3, 12)
    with warehouse.connect(str(path)) as con:
        arts = sorted({c[0] for c in claims} | {d[0] for d in date_rows})
        warehouse.insert_frame(con, "articles", pl.DataFrame([{
            "article_id": a, "source_path": a, "publisher": f"Outlet {a}", "language": "en", "published_at": now,
            "body": "x" * 400, "word_count": 1, "body_hash": a, "ingested_at": now, "cleaned_at": now} for a in arts]))
        warehouse.insert_frame(con, "story_articles", pl.DataFrame([{
            "article_id": a, "story_id": "s1", "similarity": 1.0, "method": "joined", "assigned_at": now}
            for a in arts]))
        rows = []
        for i, (aid, value, low, high, qualifier, obj, predicate) in enumerate(claims):
            rows.append({"claim_id": f"c{i}", "article_id": aid, "text": "x" * 3, "value": value, "value_low": low,
                         "value_high": high, "qualifier": qualifier, "object_lemma": obj, "predicate": predicate,
                         "sentence": f"sentence {i}", "start_char": i * 10, "end_char": i * 10 + 3})
        warehouse.insert_frame(con, "numeric_claims", warehouse.rows_frame(con, "numeric_claims", rows))
        drows = [{"date_claim_id": f"d{i}", "article_id": aid, "text": "x" * 3, "start_char": 300 + i * 10,
                  "end_char": 303 + i * 10, "sentence": "x", "date_value": day, "resolution": "month_day",
                  "reference_source": "article", "event": "meet", "event_class": cls, "event_start": 0, "event_end": 1,
                  "locations": locs, "participants": locs} for i, (aid, day, cls, locs) in enumerate(date_rows)]
        if drows:
            warehouse.insert_frame(con, "date_claims", warehouse.rows_frame(con, "date_claims", drows))
        warehouse.apply_views(con)
        return con.execute("SELECT claim_id_a, claim_id_b, verdict FROM claim_comparisons "
                           "ORDER BY claim_id_a, claim_id_b").fetchall(), \
            con.execute("SELECT count(*) FROM claim_disagreements").fetchone()[0]


def test_stories_loaded_with_part_of_their_centroid_assign_as_whole_ones():
    """The stage loads a candidate story with only the terms its batch compares on (and the whole
    centroid's length): assignments, centroids and postings are those of whole stories, and the
    rest of a centroid is read only for the stories an article joins."""
    import copy
    import math
    import random

    rng = random.Random(7)
    params = stories.StoryParams(story_terms=10, candidates_per_term=4)
    ents = [f"e{i}" for i in range(8)]
    words = [f"w{i}" for i in range(30)]
    when = datetime(2031, 5, 1)
    whole = {}
    for n in range(25):
        terms = [stories.ENTITY_PREFIX + e for e in rng.sample(ents, 3)] + rng.sample(words, 7)
        whole[f"s{n:02d}"] = stories.StoryState(f"s{n:02d}", "x", {t: round(rng.uniform(0.1, 1.0), 3) for t in terms},
                                                None, None, when, when, when)
    docs, vectors = [], []
    for n in range(40):  # each article near a stored story (some join), or random (founders)
        base = whole[rng.choice(sorted(whole))].centroid if n % 2 else {t: 1.0 for t in rng.sample(words, 6)}
        picked = rng.sample(sorted(base), min(6, len(base)))
        ent_ids = [t[len(stories.ENTITY_PREFIX):] for t in picked if t.startswith(stories.ENTITY_PREFIX)]
        docs.append(_doc(f"a{n:02d}", "x", ent_ids + ent_ids, ingested=when))
        vector = {t: base[t] + rng.uniform(0, 0.2) for t in picked}
        norm = math.sqrt(sum(w * w for w in vector.values()))
        vectors.append({t: w / norm for t, w in vector.items()})
    needed = {t for v in vectors for t in v} | {t for d in docs for t in stories.salient_entities(d, params.salient_entities)}

    def partly_loaded(lazy_loads: int) -> tuple[stories.StoryIndex, list[list[str]]]:
        reads: list[list[str]] = []

        def load(ids: list[str]) -> dict[str, dict[str, float]]:
            reads.append(list(ids))
            return {sid: dict(whole[sid].centroid) for sid in ids}

        index = stories.StoryIndex(params, load, lazy_loads=lazy_loads)
        for story in whole.values():
            part = copy.deepcopy(story)
            part.centroid = {t: w for t, w in story.centroid.items() if t in needed}
            part.complete, part._norm, part._entity_norm = False, story.norm(), story.entity_norm()
            index.add_story(part)
        return index, reads

    full_index = stories.StoryIndex(params)
    for story in whole.values():
        full_index.add_story(copy.deepcopy(story))
    full = [full_index.assign(d, v) for d, v in zip(docs, vectors)]
    joined = {a.story_id for a in full if a.method == "joined"} & set(whole)
    assert len(joined) >= 3
    for lazy_loads in (64, 1):  # a story per read; then, past one read, every incomplete story at once
        part_index, reads = partly_loaded(lazy_loads)
        assert [part_index.assign(d, v) for d, v in zip(docs, vectors)] == full
        if lazy_loads == 64:  # read once each, when joined
            assert sorted(sid for ids in reads for sid in ids) == sorted(joined) and all(len(r) == 1 for r in reads)
        else:
            assert len(reads) == 2 and len(reads[1]) == len(whole) - 1
        for sid in joined:
            assert part_index.stories[sid].centroid == full_index.stories[sid].centroid
        for term in needed:
            assert part_index.postings.get(term, {}) == full_index.postings.get(term, {})
    lone = stories.StoryIndex(params)  # no loader: growing a partial story is an error, not a wrong centroid
    story = copy.deepcopy(whole["s00"])
    story.complete = False
    lone.add_story(story)
    with pytest.raises(ValueError, match="part of its centroid"):
        lone._grow(story, {"w1": 1.0}, docs[0])


def test_candidate_lookup_ranks_only_stories_inside_the_batch_time_window(tmp_path):
    """The heaviest stories of a common entity are looked for among the stories an
    article of the batch could join (core.stories.in_window), so old stories neither crowd out
    the current one nor make the lookup grow with the warehouse's years."""
    import random
    from datetime import timedelta

    from pipelines.stages.stories import _load_index, _window_sql

    rng = random.Random(11)
    params = stories.StoryParams(candidates_per_term=2)
    base = datetime(2031, 5, 1)
    rows, states = [], {}
    for n in range(80):
        dated = n % 4 != 0
        first = base + timedelta(days=rng.uniform(-60, 60))
        last = first + timedelta(days=rng.uniform(0, 5))
        ingested = base + timedelta(days=rng.uniform(-60, 60))
        state = stories.StoryState(f"s{n:02d}", "x", {}, first if dated else None, last if dated else None,
                                   first, last, ingested)
        states[state.story_id] = state
        rows.append({"story_id": state.story_id, "label": "x", "first_published_at": state.first_published_at,
                     "last_published_at": state.last_published_at, "first_seen_at": first, "last_seen_at": last,
                     "last_ingested_at": ingested, "article_count": 1, "publisher_count": 1, "updated_at": base,
                     "run_id": "r"})
    # An article about the latest story, which weighs less on the shared entity than every story the
    # article cannot join (outside its window), and more than the others inside it.
    latest = max(states.values(), key=lambda st: st.first_published_at or datetime.min)
    doc = _doc("now", "x", [], ingested=base, published=latest.first_published_at)

    def joinable_by(d, st):
        return stories.in_window(d, st, params.window_days, params.dated_window_days)

    postings = [{"term": "E:x", "story_id": sid,
                 "weight": 0.5 if sid == latest.story_id else 0.1 if joinable_by(doc, st) else 1.0 + n}
                for n, (sid, st) in enumerate(sorted(states.items()))]
    db = tmp_path / "w.duckdb"
    with warehouse.connect(str(db)) as con:
        warehouse.insert_frame(con, "stories", warehouse.rows_frame(con, "stories", rows))
        warehouse.insert_frame(con, "story_postings", warehouse.rows_frame(con, "story_postings", postings))
        for trial in range(20):  # batches of dated and undated articles: never a story in_window accepts left out
            docs = [_doc(f"a{trial}-{k}", "x", [], ingested=base + timedelta(days=rng.uniform(-60, 60)),
                         published=None if rng.random() < 0.3 else base + timedelta(days=rng.uniform(-60, 60)))
                    for k in range(rng.randint(1, 3))]
            where, where_params = _window_sql(docs, params)
            kept = {sid for (sid,) in con.execute(f"SELECT story_id FROM stories WHERE {where}", where_params).fetchall()}
            joinable = {sid for sid, st in states.items() if any(joinable_by(d, st) for d in docs)}
            assert joinable <= kept < set(states), trial
        # The latest story, lightest on the entity, is a candidate: ranked among the stories in the window
        # (ranked among all, it is not).
        assert latest.story_id not in _load_index(con, ["E:x"], ["E:x"], params).stories
        index = _load_index(con, ["E:x"], ["E:x"], params, [doc])
        assert latest.story_id in index.stories and len(index.stories) == params.candidates_per_term
        assert all(joinable_by(doc, st) for st in index.stories.values())


def test_claim_verdicts(tmp_path):
    pairs, conflicts = _warehouse_with_claims(tmp_path / "w.duckdb", [
        ("a", 273.0, None, None, "=", "drone", "launch"),
        ("b", 200.0, 200.0, None, ">", "drone", "launch"),
        ("c", 250.0, None, None, "=", "drone", "launch"),
        ("d", 127.0, None, None, "=", "drone", "shoot down"),   # another event: never compared
        ("e", 260.0, 240.0, 280.0, "=", "drone", "launch"),     # a range holding 250 and 273
        ("f", 273.0, None, None, "=", "drone", "launch"),
        ("g", 200.0, None, None, "=", "drone", "launch"),       # '>200' excludes exactly 200
    ], [("a", date(2031, 3, 6), "meeting", ["e-city"]), ("b", date(2031, 3, 7), "meeting", ["e-city"]),
        ("c", date(2031, 3, 7), "meeting", ["e-city"]), ("d", date(2031, 3, 7), "call", ["e-city"])])
    verdicts = {(a, b): v for a, b, v in pairs}
    assert verdicts[("c0", "c1")] == "compatible"
    assert verdicts[("c0", "c2")] == "conflict"
    assert verdicts[("c0", "c5")] == "agree"
    assert verdicts[("c2", "c4")] == "compatible" and verdicts[("c0", "c4")] == "compatible"
    assert verdicts[("c1", "c6")] == "conflict"
    assert not any("c3" in key for key in verdicts)
    assert verdicts[("d0", "d1")] == "conflict" and verdicts[("d1", "d2")] == "agree"
    assert not any("d3" in key for key in verdicts)
    assert conflicts == sum(v == "conflict" for v in verdicts.values())
    # A run's comparisons are built from its stories' claims only; the view is every story's.
    with warehouse.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM claim_comparisons_in(['s1'])").fetchone()[0] == len(pairs)
        assert con.execute("SELECT count(*) FROM claim_comparisons_in(['s2'])").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM claim_comparisons_in([]::VARCHAR[])").fetchone()[0] == 0


def test_old_warehouse_upgrades(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE numeric_claims (claim_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, "
                "text VARCHAR NOT NULL, value DOUBLE, qualifier VARCHAR NOT NULL, sentence VARCHAR NOT NULL, "
                "start_char INTEGER NOT NULL, end_char INTEGER NOT NULL)")
    con.close()
    with warehouse.connect(str(path)) as con:
        assert {"predicate", "subject", "predicate_start"} <= set(warehouse.table_columns(con, "numeric_claims"))


@pytest.mark.parametrize("text,expected", [("Talks resumed on 3 March.", "3 March"),
                                           ("Talks resumed on Mar. 3, 2031.", "Mar. 3, 2031")])
def test_date_expression_text(text, expected):
    assert [e.text for e in dates.find_date_expressions(text)] == [expected]


def test_no_calendar_day_without_a_reference(nlp):
    """Without a published date (article or story), a weekday, 'yesterday' or a day and month
    without a year gets no day and says why; a full date needs no reference."""
    text = ("Gunmen attacked the depot on Sunday, the police said.\n\n"
            "Officials met the families yesterday in the town hall.\n\n"
            "The inquiry opened on 13 November after a long delay.\n\n"
            "The first raid took place on 4 March 2029 in the hills.")
    candidates = dates.date_candidates(nlp(text))
    assert [c.kind for c in candidates] == ["weekday", "relative", "month_day", "absolute"]
    claims = [dates.resolve_candidate(c, None, []) for c in candidates]
    assert [(c.date_value, c.resolution) for c in claims] == [
        (None, "unfixed_weekday"), (None, "unfixed_relative"), (None, "unfixed_month_day"),
        (date(2029, 3, 4), "absolute")]


def test_past_tense_weekday_resolves_backward(nlp):
    wednesday = date(2031, 3, 12)
    for text, expected in [("Gunmen attacked the depot on Sunday, the police said.", date(2031, 3, 9)),
                           ("Thousands gathered to march on Sunday, the organisers said.", date(2031, 3, 9)),
                           ("The ministers plan to meet on Sunday, an aide said.", date(2031, 3, 16)),
                           ("The ministers will meet on Sunday, an aide said.", date(2031, 3, 16))]:
        (candidate,) = dates.date_candidates(nlp(text))
        assert dates.resolve_candidate(candidate, wednesday, []).date_value == expected, text


def test_story_counts_hold_current_versions_and_one_unknown_outlet(tmp_path):
    from pipelines.stages.story_members import refresh_stories

    now = datetime(2031, 3, 12)
    articles = [("a1", None, None), ("a2", None, None), ("a3", "Outlet X", "a4"), ("a4", "Outlet X", None)]
    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        warehouse.insert_frame(con, "articles", warehouse.rows_frame(con, "articles", [{
            "article_id": a, "source_path": a, "publisher": pub, "superseded_by": newer, "language": "en",
            "body": "x" * 400, "word_count": 1, "body_hash": a, "ingested_at": now, "cleaned_at": now}
            for a, pub, newer in articles]))
        warehouse.insert_frame(con, "story_articles", warehouse.rows_frame(con, "story_articles", [{
            "article_id": a, "story_id": "s1", "similarity": 1.0, "method": "joined", "assigned_at": now}
            for a, _p, _n in articles]))
        warehouse.insert_frame(con, "stories", warehouse.rows_frame(con, "stories", [{
            "story_id": "s1", "label": "x", "first_seen_at": now, "last_seen_at": now, "last_ingested_at": now,
            "article_count": 0, "publisher_count": 0, "updated_at": now}]))
        refresh_stories(con, ["s1"])
        # a3 is an older version of a4; a1 and a2 have no publisher: one unknown outlet, not two
        assert con.execute("SELECT article_count, publisher_count FROM stories").fetchone() == (3, 2)
        warehouse.apply_views(con)
        assert con.execute("SELECT outlet_name(NULL)").fetchone()[0] == stories.UNKNOWN_OUTLET


def test_undated_articles_never_stretch_a_dated_story():
    index = stories.StoryIndex(stories.StoryParams())
    dated = _doc("d1", "x", [], published=datetime(2031, 3, 10, 9), ingested=datetime(2031, 3, 10, 10))
    story = stories.StoryState("s1", "x", {}, dated.published_at, dated.published_at, dated.seen_at, dated.seen_at,
                               dated.ingested_at)
    index.add_story(story)
    index._grow(story, {"w": 1.0}, dated)
    index._grow(story, {"w": 1.0}, _doc("u1", "x", [], ingested=datetime(2031, 6, 1)))
    assert (story.first_seen_at, story.last_seen_at) == (datetime(2031, 3, 10, 9), datetime(2031, 3, 10, 9))


def _verdicts(path, claims, published=None, mentions=()):
    """claim_comparisons over one story of the given claim dicts (article_id, value, object_lemma,
    predicate, and any context column), each article its own outlet; `mentions`: (article_id,
    entity_id, label) of the entities each article names."""
    now = datetime(2031, 3, 12)
    with warehouse.connect(str(path)) as con:
        if mentions:
            warehouse.insert_frame(con, "mentions", warehouse.rows_frame(con, "mentions", [{
                "mention_id": f"m{i}", "article_id": aid, "entity_id": eid, "text": eid, "label": label,
                "ner_label": label, "canonical_name": eid, "start_char": i, "end_char": i + 1, "sentence_index": 0}
                for i, (aid, eid, label) in enumerate(mentions)]))
        arts = sorted({c["article_id"] for c in claims})
        warehouse.insert_frame(con, "articles", warehouse.rows_frame(con, "articles", [{
            "article_id": a, "source_path": a, "publisher": f"Outlet {a}", "language": "en",
            "published_at": (published or {}).get(a), "body": "x" * 400, "word_count": 1, "body_hash": a,
            "ingested_at": now, "cleaned_at": now} for a in arts]))
        warehouse.insert_frame(con, "story_articles", warehouse.rows_frame(con, "story_articles", [{
            "article_id": a, "story_id": "s1", "similarity": 1.0, "method": "joined", "assigned_at": now}
            for a in arts]))
        warehouse.insert_frame(con, "numeric_claims", warehouse.rows_frame(con, "numeric_claims", [
            {"claim_id": f"c{i}", "text": "x" * 3, "qualifier": "=", "sentence": f"sentence {i}", "start_char": i * 10,
             "end_char": i * 10 + 3, "object_generic": False, **c} for i, c in enumerate(claims)]))
        warehouse.apply_views(con)
        return {(a, b): (v, later) for a, b, v, later in con.execute(
            "SELECT claim_id_a, claim_id_b, verdict, later FROM claim_comparisons").fetchall()}


def test_numbers_are_compared_only_as_the_same_quantity(tmp_path):
    def claim(article, value, obj, predicate, **context):
        return {"article_id": article, "value": value, "object_lemma": obj, "predicate": predicate, **context}

    deaths = dict(predicate_class="death", object_class="person")
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        claim("a", 9.0, "miner", "kill", **deaths),                                   # c0
        claim("b", 7.0, "person", "die", object_generic=True, **deaths),              # c1: people ~ miners
        claim("c", 3.0, "guard", "die", **deaths),                                    # c2: another subset
        claim("d", 5.0, "person", "die", scope="in the east shaft", object_generic=True, **deaths),  # c3
        claim("e", 40.0, "person", "kill", time_ref="in 1998", object_generic=True, **deaths),      # c4
        claim("f", 1.0, "analyst", "say", predicate_class="attribution"),             # c5
        claim("g", 1.0, "analyst", "say", predicate_class="attribution"),             # c6
        claim("h", 300.0, "prisoner", "swap", predicate_class="exchange", object_class="prisoner"),  # c7
        claim("i", 200.0, "prisoner", "exchange", predicate_class="exchange", object_class="prisoner"),
    ], published={a: datetime(2031, 3, 12, 9) for a in "abcdefghi"})  # one moment
    assert verdicts[("c0", "c1")] == ("conflict", None)          # 'miners killed' vs 'people died'
    assert not any("c2" in pair and "c0" in pair for pair in verdicts)  # guards are not miners
    assert verdicts[("c1", "c3")][0] == "different scope"         # one shaft against the whole toll
    assert verdicts[("c1", "c4")][0] == "different time"          # an earlier disaster
    assert not any("c5" in pair or "c6" in pair for pair in verdicts)   # who spoke is no quantity
    assert verdicts[("c7", "c8")] == ("conflict", None)          # swap ~ exchange


def test_a_growing_count_reported_later_is_an_update(tmp_path):
    deaths = dict(predicate_class="death", object_class="person", object_generic=True)
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        {"article_id": "a", "value": 58.0, "object_lemma": "person", "predicate": "die", **deaths},
        {"article_id": "b", "value": 64.0, "object_lemma": "person", "predicate": "kill", **deaths},
        {"article_id": "c", "value": 61.0, "object_lemma": "person", "predicate": "die", **deaths},
    ], published={"a": datetime(2031, 3, 12, 8), "b": datetime(2031, 3, 13, 9), "c": datetime(2031, 3, 12, 10)})
    assert verdicts[("c0", "c1")] == ("updated", "b")
    assert verdicts[("c1", "c2")] == ("updated", "a")   # side a of that pair (c1) is the later
    assert verdicts[("c0", "c2")] == ("conflict", None)  # two hours apart: the same moment


def test_claim_scope_time_and_classes_from_the_parse(nlp):
    from pipelines.core.extraction import extract_rows

    def context(text):
        claim = [c for c in extract_rows(nlp(text))["claims"] if c["object_lemma"]][-1]
        return (claim["predicate_class"], claim["object_class"], claim["object_generic"], claim["scope"],
                claim["time_ref"])

    assert context("Nine miners died in the east shaft, the company said.") == \
        ("death", "person", False, "in the east shaft", None)
    assert context("The collapse killed 12 people across the district.") == \
        ("death", "person", True, "across the district", None)
    assert context("The 1998 cyclone, which killed 40 people, was the worst on record.")[4] == "1998"
    assert context("The governments agreed on a trade involving 500 detainees.")[:2] == ("exchange", "prisoner")
    # 'one' as the subject of a speech verb names who spoke, not a count: no claim to compare at all.
    assert extract_rows(nlp('"We will appeal," said one lawyer for the families.'))["claims"] == []


def test_a_conflict_is_one_quantity_at_one_time(tmp_path):
    """Differing values are a conflict only when the claims are known to measure one quantity at one
    time; what cannot be decided is 'different scope' or 'different time'."""
    def claim(article, value, **context):
        return {"article_id": article, "value": value, "object_lemma": "coupon", "predicate": "have", **context}

    day = datetime(2031, 3, 12, 9)
    verdicts = _verdicts(tmp_path / "w.duckdb", [
        claim("a", 7.5), claim("b", 8.25),                                     # c0, c1: undated
        claim("c", 40.0, time_ref="in 1998"), claim("d", 45.0, time_ref="in 1998"),  # c2, c3: undated, one year
        claim("e", 5.0), claim("f", 6.0), claim("g", 7.0),                     # c4-c6: dated
        claim("e", 9.0, subject="the notes"), claim("f", 9.0, subject="the bonds"),  # c7, c8
        claim("e", 11.0, subject="the notes"),                                 # c9: a subject on one side
        claim("e", 12.0, time_ref="on Tuesday"), claim("g", 13.0, time_ref="on Tuesday"),  # c10, c11
        claim("h", 2.0), claim("i", 2.0), claim("h", 3.0), claim("i", 4.0),    # c12-c15: other issuers
        # 'six of the past seven contests' in two articles: parts against wholes
        claim("e", 6.0, text="six", object="contests"), claim("f", 7.0, text="seven contests", object="contests"),
        claim("f", 6.0, text="six", object="contests"), claim("e", 7.0, text="seven contests", object="contests"),
        # undated, one figure in two sentences: c20/c21 name nothing, c22/c23 name one agency
        claim("j", 3.0, sentence="The poll has a margin of 3 points."),
        claim("k", 3.0, sentence="The new poll has a margin of three points."),
        claim("j", 5.0, sentence="The agency-x poll has a margin of 5 points."),
        claim("k", 5.0, sentence="Its margin is 5 points, agency-x said."),
    ], published={"e": day, "f": day.replace(hour=12), "g": day.replace(day=14), "h": day, "i": day},
        mentions=[("h", "issuer-h", "ORG"), ("h", "issuer-h", "ORG"), ("h", "city", "GPE"),
                  ("i", "issuer-i", "ORG"), ("i", "issuer-i", "ORG"), ("i", "city", "GPE"),
                  ("j", "agency-x", "ORG"), ("k", "agency-x", "ORG")])
    assert verdicts[("c0", "c1")] == ("different time", None)   # undated: when each held is unknown
    assert verdicts[("c2", "c3")] == ("conflict", None)          # the same year named on both sides
    assert verdicts[("c4", "c5")] == ("conflict", None)          # three hours apart: one moment
    assert verdicts[("c4", "c6")] == ("different time", "b")     # two days apart: g is the later
    assert verdicts[("c7", "c8")] == ("different scope", None)   # equal values of two different things
    assert verdicts[("c5", "c9")] == ("different scope", None)   # the notes against something unnamed
    assert verdicts[("c10", "c11")] == ("different time", "b")   # 'on Tuesday' of two different weeks
    # Articles about different issuers (neither names the other's lead entity): not one quantity,
    # though they name one city and share a figure.
    assert verdicts[("c12", "c13")] == ("different scope", None)
    assert verdicts[("c14", "c15")] == ("different scope", None)
    # A part of the contests is not a count of them: compared only part with part, whole with whole.
    assert verdicts[("c16", "c17")] == ("different scope", None)
    assert verdicts[("c16", "c18")] == ("agree", None) and verdicts[("c17", "c19")] == ("agree", None)
    # Undated, the same figure is one quantity only when the sentences are one or name one thing.
    assert verdicts[("c20", "c21")] == ("different time", None)
    assert verdicts[("c22", "c23")] == ("agree", None)
