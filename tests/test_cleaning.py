"""Cleaning: boilerplate out, metadata from the content, normalization, hard wraps."""
from __future__ import annotations

from datetime import datetime

import pytest

from pipelines.core.cleaning import (EmptyArticleError, body_hash, clean_article, clean_text, count_words,
                                     furniture_candidates, line_key,
                                     normalize_preserving_offsets, normalize_text, rejoin_hard_wraps)
from pipelines.core.published import parse_datetime
from pipelines.settings import SEEDS_DIR


def seed(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


def test_seed_dotdotnews_page_furniture():
    cleaned = clean_text(seed("002_dde2061a40e5fc9d.txt"))
    assert cleaned.title == "Two-hour phone call between Trump and Putin: Russian-Ukrainian negotiations reach impasse"
    assert cleaned.publisher == "Ta Kung Pao"
    assert cleaned.published_at == datetime(2025, 5, 20, 15, 29)
    assert cleaned.body.startswith('"When someone talked to you on a phone call that lasted for two hours')
    assert cleaned.body.endswith('"deterrent pressure and intimidation" against Ukraine, the EU, and NATO.')
    for junk in ("Get Apps", "dotdotnews", "Through dots", "Wechat", "Weibo", "2025.05.20", "Related News",
                 "Tag:", "Go back", "Search Content", "New to old", "Light Dark", "English Editor", "\u00a0"):
        assert junk not in cleaned.body, junk
    # Subheadings are part of the article and stay.
    assert "\n\nMissiles add pressure\n\n" in cleaned.body


def test_seed_xinhua_metadata_captions_and_repeated_standfirst():
    cleaned = clean_text(seed("003_272b7305608623dc.txt"))
    assert cleaned.title == "Explainer: What to know about Trump's calls with Putin, Zelensky?"
    assert (cleaned.publisher, cleaned.published_at) == ("Xinhua", datetime(2025, 5, 21, 8, 55))
    assert "(Photo by Alberto Lingria/Xinhua)" not in cleaned.body
    assert "Handout via Xinhua" not in cleaned.body and "Evgeny Sinitsyn" not in cleaned.body
    assert "Web editor" not in cleaned.body
    assert cleaned.body.count("After falling short on his campaign promise") == 1
    # The wire dateline is metadata, not text.
    assert "WASHINGTON/MOSCOW" not in cleaned.body
    assert 'Ceasefire negotiations between Russia and Ukraine "will begin immediately," said' in cleaned.body


def test_seed_orda_author_and_trailing_links():
    cleaned = clean_text(seed("004_052e207af823a055.txt"))
    assert cleaned.title == "Ukraine: Putin, Trump Discuss Peace Talks; Sides Signal Readiness for Ceasefire Negotiations"
    # No publisher: the page names none in a generic place (', X reports.' names a *source*
    # in general, so it is no longer read as the publisher).
    assert (cleaned.publisher, cleaned.author) == (None, "Rustam Muratov")
    assert cleaned.body.endswith("He added that there could be a time when that would happen.")
    assert "cover Photo" not in cleaned.body and "Latest news" not in cleaned.body and "view all" not in cleaned.body
    # The text is kept as written: no outlet-specific repair of 'parties,Putin'.
    assert "acceptable to all parties,Putin emphasized." in cleaned.body
    assert [r.rule for r in cleaned.removals] == ["title", "caption", "byline", "trailing_list", "trailing_list"]


def test_seed_wen_wei_po_keeps_epigraph_and_drops_credits():
    cleaned = clean_text(seed("000_139efbd0edb5e04c.txt"))
    assert cleaned.title is None
    assert cleaned.publisher == "Wen Wei Po"
    assert cleaned.body.startswith('"The greatest threat to democracy and equality')
    assert cleaned.body.endswith("complex political motives between Russia and Ukraine.")
    assert "Deepline" not in cleaned.body and "Comment" not in cleaned.body.split("\n")[-1]


def test_seed_without_title_or_publisher():
    cleaned = clean_text(seed("001_4eb90098a0ede75c.txt"))
    assert (cleaned.title, cleaned.publisher, cleaned.author, cleaned.published_at) == (None, None, None, None)
    assert cleaned.word_count == 528
    # Curly quotes are kept as quotes.
    assert "\u201cI think it went very well.\u201d" in cleaned.body


REUTERS_BODY = (
    "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\n"
    "January and improving prospects for the coming temporao,\nalthough normal humidity levels have not been "
    "restored,\nComissaria Smith said in its weekly review.\n    The dry period means the temporao will be late "
    "this year.\n    Arrivals for the week ended February 22 were 155,221 bags\nof 60 kilos making a cumulative "
    "total for the season of 5.93\nmln against 5.81 at the same stage last year. Again it seems\nthat cocoa "
    "delivered earlier on consignment was included in the\narrivals figures.\n"
)


def test_rejoin_hard_wrapped_newswire():
    joined = rejoin_hard_wraps(REUTERS_BODY)
    assert joined.split("\n") == [
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early "
        "January and improving prospects for the coming temporao, although normal humidity levels have not been "
        "restored, Comissaria Smith said in its weekly review.",
        "The dry period means the temporao will be late this year.",
        "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos making a cumulative total for the "
        "season of 5.93 mln against 5.81 at the same stage last year. Again it seems that cocoa delivered earlier "
        "on consignment was included in the arrivals figures.",
    ]


def test_clean_article_json_fields_win():
    cleaned = clean_article(REUTERS_BODY, "jsonl", title="BAHIA COCOA REVIEW", published="26-FEB-1987 15:01:01.79",
                            publisher="Reuters")
    assert cleaned.title == "BAHIA COCOA REVIEW"
    assert cleaned.published_at == datetime(1987, 2, 26, 15, 1, 1, 790000)
    assert cleaned.publisher == "Reuters"
    assert cleaned.body.count("\n\n") == 2


def test_unwrapped_text_is_left_alone():
    text = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%."
    assert rejoin_hard_wraps(text) == text


def test_bbc_title_line():
    text = ("Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76% to "
            "$1.13bn (£600m) for the three months to December, from $639m year-earlier.\n\nThe firm, which is now "
            "one of the biggest investors in Google, benefited from sales of high-speed internet connections.")
    cleaned = clean_text(text)
    assert cleaned.title == "Ad sales boost Time Warner profit"
    assert cleaned.body.startswith("Quarterly profits at US media giant TimeWarner jumped 76%")


def test_html_through_trafilatura():
    html = """<html><head><title>Drone strike | Example News</title>
    <meta name="author" content="Jane Roe"><meta property="og:site_name" content="Example News">
    <meta property="article:published_time" content="2025-05-19T10:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Drone strike</h1>
    <p>Russia launched 273 drones at Ukrainian cities overnight, the largest attack since the war began,
    Ukraine's air force said on Sunday.</p>
    <p>&ldquo;It was the biggest attack so far,&rdquo; a spokesman said, adding that at least one person was
    killed in the Kyiv region.</p></article>
    <footer>Share on Facebook | Copyright 2025</footer></body></html>"""
    cleaned = clean_article(html, "html")
    assert cleaned.title.startswith("Drone strike")
    assert cleaned.author == "Jane Roe"
    assert cleaned.published_at == datetime(2025, 5, 19, 10, 0)  # the markup's time, not trafilatura's day
    assert cleaned.body.startswith("Russia launched 273 drones at Ukrainian cities overnight")
    assert "\u201cIt was the biggest attack so far,\u201d" in cleaned.body
    assert "Home" not in cleaned.body and "Copyright" not in cleaned.body


def test_publication_times_keep_hour_minute_and_offset_in_utc():
    # Offsets move the time to UTC; the two sides of the date line stay 25 hours apart.
    assert parse_datetime("2031-03-12T14:05:00+01:00") == datetime(2031, 3, 12, 13, 5)
    assert parse_datetime("2031-03-12T09:30:00+14:00") == datetime(2031, 3, 11, 19, 30)
    assert parse_datetime("2031-03-12T09:30:00-11:00") == datetime(2031, 3, 12, 20, 30)
    assert parse_datetime("March 12, 2031 2:05 pm EDT") == datetime(2031, 3, 12, 18, 5)
    assert parse_datetime("2031-03-12 14:05") == datetime(2031, 3, 12, 14, 5)  # no offset: as written
    page = """<html><head><title>Harbour reopens</title>
    <meta property="og:site_name" content="Harbour Gazette">
    <meta property="article:published_time" content="2031-03-12T14:05:00+01:00"></head>
    <body><article><h1>Harbour reopens</h1><p>The harbour of the town reopened to ships after the storm,
    the port authority said, and the first ferry left at noon with two hundred passengers.</p></article></body></html>"""
    cleaned = clean_article(page, "html")
    assert (cleaned.published_at, cleaned.publisher) == (datetime(2031, 3, 12, 13, 5), "Harbour Gazette")
    ld = page.replace('<meta property="article:published_time" content="2031-03-12T14:05:00+01:00">',
                      '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
                      '[{"@type": "NewsArticle", "datePublished": "2031-03-12T09:30:00-11:00"}]}</script>')
    assert clean_article(ld, "html").published_at == datetime(2031, 3, 12, 20, 30)
    # A JSON record's field and a text byline with an offset.
    body = "The harbour of the town reopened to ships after the storm, the port authority said today."
    assert clean_article(body, "text", published="2031-03-12T14:05:00-05:00").published_at \
        == datetime(2031, 3, 12, 19, 5)
    byline = "Harbour reopens\n\nMarch 12, 2031 14:05 CET\n\n" + body
    assert clean_article(byline, "text").published_at == datetime(2031, 3, 12, 13, 5)
    # A time without a year (a live blog's '11:15 p.m.' entries) fixes no day: no publication date.
    for line in ("11:15 p.m.", "March 12, 11:15 p.m."):
        assert clean_article(f"Harbour reopens\n\n{line}\n\n" + body, "text").published_at is None


def test_outlet_from_the_url_when_nothing_names_one():
    body = "The harbour of the town reopened to ships after the storm, the port authority said today."
    assert clean_article(body, "text", url="https://www.harbour-gazette.example/news/1").publisher \
        == "harbour-gazette.example"
    assert clean_article(body, "text", publisher="Harbour Gazette", url="https://x.example/1").publisher \
        == "Harbour Gazette"
    assert clean_article(body, "text", url="not a url").publisher is None


def test_empty_after_boilerplate():
    with pytest.raises(EmptyArticleError):
        clean_text("Get Apps\nShare\nComment\n")


def test_normalization():
    assert normalize_preserving_offsets("a\u00a0b\u200bc\r\n") == "a b c\n\n"
    assert len(normalize_preserving_offsets("x\u202fy\u3000z")) == 5
    assert normalize_text("  Putin\u00a0 said  \u201chello\u201d \n\n") == "Putin said \u201chello\u201d\n\n"
    assert normalize_text("Cafe\u0301") == "Caf\u00e9"  # NFC


def test_parse_datetime_forms():
    assert parse_datetime("2025.05.20 15:29") == datetime(2025, 5, 20, 15, 29)
    assert parse_datetime("2025-05-21T08:55:00+08:00") == datetime(2025, 5, 21, 0, 55)  # in UTC
    assert parse_datetime("May 21 2025") == datetime(2025, 5, 21)
    assert parse_datetime("not a date at all") is None
    assert parse_datetime(None) is None


def test_body_hash_ignores_case_and_spacing():
    assert body_hash("Putin said  hello.\n") == body_hash("putin said hello.")
    assert body_hash("Putin said hello.") != body_hash("Putin said goodbye.")


def test_count_words():
    assert count_words("U.S. President Donald Trump's two-hour call, 1,000 prisoners.") == 8


def test_title_in_quote_marks():
    text = ("'Strong dollar' call halts slide\n\nThe US dollar's slide against the euro and yen has halted after US "
            "Treasury Secretary John Snow said a strong dollar was \"in America's interest\".")
    cleaned = clean_text(text)
    assert cleaned.title == "'Strong dollar' call halts slide"
    assert cleaned.body.startswith("The US dollar's slide")


def test_markdown_article():
    md = ("# Drone attack: *273* drones\n\n**Kyiv** - Russia launched 273 drones overnight, "
          "[Ukraine's air force](https://example.org/af) said on Sunday, the largest attack of the war.\n\n"
          "- at least one person was killed\n> \"It was the biggest attack,\" a spokesman said.\n")
    cleaned = clean_article(md, "markdown")
    assert cleaned.title == "Drone attack: 273 drones"
    assert cleaned.body == (
        "Kyiv - Russia launched 273 drones overnight, Ukraine's air force said on Sunday, the largest attack of "
        "the war.\n\nat least one person was killed\n\n\"It was the biggest attack,\" a spokesman said.")


# --- generic rules, auditable removals -------------------------------------------------

ARTICLE = ("Ministers met in Brussels on Tuesday to discuss the budget, and officials said an agreement "
           "was close after ten hours of talks that ran late into the night.")


def _assert_removals_index(text, cleaned):
    for r in cleaned.removals:
        assert text[r.start:r.end] == r.text, r
    spans = sorted((r.start, r.end) for r in cleaned.removals)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), "overlapping removals"


@pytest.mark.parametrize("opening", ["Related to the talks", "Recommended", "Most popular", "Latest news"])
def test_a_paragraph_starting_like_a_list_heading_keeps_the_article(opening):
    text = (f"{ARTICLE}\n\n{opening} measures were announced by the commission later that day, officials said, "
            "and the rest of the article follows.\n\nA third paragraph closes the story, as reporters noted later.")
    cleaned = clean_text(text)
    assert cleaned.body.count("\n\n") == 2 and cleaned.body.endswith("as reporters noted later.")
    assert cleaned.removals == ()


def test_a_sentence_starting_with_author_is_text_not_a_byline():
    text = f"{ARTICLE}\n\nAuthorities respond to the flooding in the north\n\n{ARTICLE.replace('Tuesday', 'Friday')}"
    cleaned = clean_text(text)
    assert cleaned.author is None
    assert "Authorities respond to the flooding in the north" in cleaned.body


def test_a_paragraph_citing_a_poll_is_not_a_caption():
    poll = "About 40% of Americans approve of the way the president handles the economy, a poll found (Reuters/Ipsos)."
    cleaned = clean_text(f"{ARTICLE}\n\n{poll}")
    assert cleaned.body.endswith(poll)
    # A caption by layout: a sentence, then the credit on its own after the full stop.
    caption = "Delegates arrive for the talks in Brussels, May 16, 2025. (Photo by Jane Roe/Example Agency)"
    cleaned = clean_text(f"{ARTICLE}\n\n{caption}\n\n{poll}")
    assert caption not in cleaned.body and [r.rule for r in cleaned.removals] == ["caption"]


def test_scores_in_parentheses_are_not_captions():
    lede = "Carlos Moya beat Paradorn Srichaphan 3-6 6-4 7-6 (7/5) to defend the Chennai Open title on Sunday (7/5)."
    cleaned = clean_text(f"Moya retains title\n\n{lede}\n\n{ARTICLE}")
    assert cleaned.title == "Moya retains title" and cleaned.body.startswith(lede)


def test_every_removal_indexes_the_raw_text():
    for name in ("000_139efbd0edb5e04c.txt", "002_dde2061a40e5fc9d.txt", "003_272b7305608623dc.txt",
                 "004_052e207af823a055.txt"):
        text = seed(name)
        _assert_removals_index(text, clean_text(text))
    rules = {r.rule for r in clean_text(seed("002_dde2061a40e5fc9d.txt")).removals}
    assert rules == {"short_line_block", "masthead", "title", "date_line", "credit_line", "trailing_list", "tags"}
    rules = [r.rule for r in clean_text(seed("003_272b7305608623dc.txt")).removals]
    assert rules[:3] == ["date_prefix", "title", "date_line"] and "dateline" in rules and "repeated_paragraph" in rules


def test_removals_of_hard_wrapped_newswire_index_the_raw_text():
    text = REUTERS_BODY + "    (Reporting by Jane Roe; Editing by John Doe)\n"
    cleaned = clean_article(text, "jsonl", title="BAHIA COCOA REVIEW")
    _assert_removals_index(text, cleaned)
    assert [r.rule for r in cleaned.removals] == ["credit_line"]
    assert cleaned.body.startswith("Showers continued throughout the week in the Bahia cocoa zone")


def test_control_characters_are_removed_from_the_body():
    text = "Ministers\x00 met in Brussels\x07 on Tuesday\x1b to discuss\x7f the budget\x85 and\x9f more, officials said."
    cleaned = clean_text(text)
    assert cleaned.body == ("Ministers met in Brussels on Tuesday to discuss the budget\n\n"
                            "and more, officials said.")


def test_publisher_repeated_lines_are_furniture():
    other = ARTICLE.replace("Tuesday", "Friday")
    text = (f"{ARTICLE}\n\nSign up for our morning briefing here\n\n{other}\n\n"
            f"Download our app for the latest news\n\nMissiles add pressure\n\n{other.replace('ten', 'twelve')}")
    plain = clean_text(text)
    assert "Sign up for our morning briefing" in plain.body
    repeated = frozenset({line_key("Sign up for our morning briefing here"), line_key("Download our app for the latest news")})
    cleaned = clean_text(text, repeated_lines=repeated)
    assert "Sign up" not in cleaned.body and "Download our app" not in cleaned.body
    assert "Missiles add pressure" in cleaned.body  # a subheading seen once stays
    assert [r.rule for r in cleaned.removals] == ["repeated_line", "repeated_line"]
    _assert_removals_index(text, cleaned)
    assert furniture_candidates(text) == {line_key("Sign up for our morning briefing here"),
                                          line_key("Download our app for the latest news"),
                                          line_key("Missiles add pressure")}


def test_menus_and_share_blocks_are_removed_by_shape():
    other = ARTICLE.replace("Tuesday", "Friday")
    text = f"Home\nWorld\nBusiness\n\n{ARTICLE}\n\n{other}\n\nShare\nTweet\nEmail\nPrint\n\nhttps://example.org/story/123"
    cleaned = clean_text(text)
    assert cleaned.body == f"{ARTICLE}\n\n{other}"
    assert [r.rule for r in cleaned.removals] == ["short_line_block"] * 7 + ["link_line"]
    _assert_removals_index(text, cleaned)


def test_a_list_between_paragraphs_stays():
    other = ARTICLE.replace("Tuesday", "Friday")
    text = f"{ARTICLE}\n\nPlymouth v Everton\nDerby v Wigan\nWolves v Millwall\n\n{other}"
    assert clean_text(text).removals == ()


def test_reuters_table_rows_are_kept():
    text = "Shr 12 cts vs 10 cts\nNet 1.2 mln vs 1.0 mln\nRevs 30.1 mln vs 28.5 mln\nNine mths\nShr 40 cts vs 35 cts\n"
    cleaned = clean_article(text, "jsonl", title="ACME CORP 3RD QTR NET")
    assert cleaned.removals == () and count_words(cleaned.body) == count_words(text)


def test_empty_article_error_says_what_was_removed():
    with pytest.raises(EmptyArticleError) as info:
        clean_text("Get Apps\nShare\nComment\n")
    assert [r.rule for r in info.value.removals] == ["short_line_block"] * 3


def test_markdown_removals_index_the_source():
    md = "# Drone attack\n\nKyiv - Russia launched 273 drones overnight, the air force said on Sunday, the largest attack of the war.\n"
    cleaned = clean_article(md, "markdown")
    assert cleaned.title == "Drone attack"
    _assert_removals_index(md, cleaned)
    assert [(r.rule, r.text) for r in cleaned.removals] == [("title", "# Drone attack")]


def test_older_warehouse_gets_published_times_in_utc(tmp_path):
    """A warehouse cleaned when offsets were dropped: the times its raw records state with an
    offset (JSON field, HTML markup) are moved to UTC once; others stay as they are."""
    from pipelines import warehouse
    from pipelines.stages.cleaning import _published_times_in_utc

    now = datetime(2031, 3, 13)
    page = '<html><head><meta property="article:published_time" content="2031-03-12T09:30:00-11:00"></head></html>'
    raws = [("j1", "json", "2031-03-12T14:05:00+01:00", "x"), ("h1", "html", None, page),
            ("t1", "text", "2031-03-12 14:05", "x")]
    stored = {"j1": datetime(2031, 3, 12, 14, 5), "h1": datetime(2031, 3, 12, 9, 30), "t1": datetime(2031, 3, 12, 14, 5)}
    with warehouse.connect(str(tmp_path / "w.duckdb")) as con:
        warehouse.insert_frame(con, "raw_articles", warehouse.rows_frame(con, "raw_articles", [{
            "raw_id": rid, "source_path": rid, "format": fmt, "size_bytes": 1, "encoding": "utf-8", "raw_text": body,
            "body_text": body, "published": published, "ingested_at": now} for rid, fmt, published, body in raws]))
        warehouse.insert_frame(con, "articles", warehouse.rows_frame(con, "articles", [{
            "article_id": rid, "source_path": rid, "published_at": stored[rid], "language": "en", "body": "x" * 400,
            "word_count": 1, "body_hash": rid, "ingested_at": now, "cleaned_at": now} for rid, *_ in raws]))
        _published_times_in_utc(con)
        _published_times_in_utc(con)  # once only
        assert dict(con.execute("SELECT article_id, published_at FROM articles").fetchall()) == {
            "j1": datetime(2031, 3, 12, 13, 5), "h1": datetime(2031, 3, 12, 20, 30), "t1": datetime(2031, 3, 12, 14, 5)}
        assert con.execute("SELECT count(*) FROM warehouse_upgrades").fetchone()[0] == 1


# ---- newswire's company marks ('<Firm Co>', a symbol after a name) -------------------------------
# Names are made up.

_MARKED = ("Harwick Instruments Inc and\n<Bertholt Dynamics AG> said they signed a letter of intent\n"
           "to merge their sensor units, in a deal valued at 40 mln dlrs.\n"
           "    Shares of Dunmore Mining Co <DMC>, which owns a stake in\n<Calloway Freight\nCorp>, "
           "rose after <Calloway Freight Corp>'s\nchairman said profits doubled.\n"
           "    The company said its <LMX> unit would also be sold.\n")


def test_newswire_company_marks_become_plain_text_and_every_removal_indexes_the_raw_text():
    cleaned = clean_article(_MARKED, "jsonl", title="HARWICK, BERTHOLT TO MERGE")
    assert cleaned.body == (
        "Harwick Instruments Inc and Bertholt Dynamics AG said they signed a letter of intent to merge their "
        "sensor units, in a deal valued at 40 mln dlrs.\n\n"
        "Shares of Dunmore Mining Co, which owns a stake in Calloway Freight Corp, rose after Calloway "
        "Freight Corp's chairman said profits doubled.\n\n"
        "The company said its LMX unit would also be sold.")
    assert [(r.rule, r.text) for r in cleaned.removals] == [
        ("name_brackets", "<"), ("name_brackets", ">"), ("stock_symbol", " <DMC>"),
        ("name_brackets", "<"), ("name_brackets", ">"), ("name_brackets", "<"), ("name_brackets", ">"),
        ("name_brackets", "<"), ("name_brackets", ">")]
    assert all(_MARKED[r.start:r.end] == r.text for r in cleaned.removals)


@pytest.mark.parametrize("text", [
    "The tag <a href=\"/x\">here</a> stays as written in a plain text about web pages and links.",
    "Readers wrote that 3 < 4 and 5 > 2 are true for every small number they tried at school.",
    "The template line <name of the firm> is filled in by the clerk when the form is sent out.",
])
def test_what_is_not_a_company_mark_is_left_as_it_is(text):
    cleaned = clean_article(text, "text")
    assert cleaned.body == text and cleaned.removals == ()


def test_a_marked_name_is_one_entity_without_its_brackets(nlp):
    from pipelines.core.entities import find_mentions

    body = clean_article(_MARKED, "jsonl", title="HARWICK, BERTHOLT TO MERGE").body
    doc = nlp(body)
    names = [m.text for m in find_mentions(doc)]
    assert "Bertholt Dynamics AG" in names and not any("<" in n or ">" in n for n in names)
    assert len(list(doc.sents)) == 3


def test_a_title_given_apart_from_the_text_loses_its_marks_too():
    body = "Harwick Instruments said it agreed to buy the sensor unit of a rival for 40 mln dlrs in cash.\n"
    cleaned = clean_article(body, "jsonl", title="HARWICK INSTRUMENTS <HWK> TO BUY <BERTHOLT DYNAMICS AG> UNIT")
    assert cleaned.title == "HARWICK INSTRUMENTS TO BUY BERTHOLT DYNAMICS AG UNIT"
    assert cleaned.removals == ()  # the removals index the text, which holds no title
    page = ("<html><head><title>Harwick Instruments &lt;HWK&gt; buys a sensor maker</title></head><body><article>"
            f"<p>{body}</p></article></body></html>")
    assert clean_article(page, "html").title == "Harwick Instruments buys a sensor maker"
    # The title line of a text goes the same way; its whole line is the title's removal.
    text = clean_article("HARWICK INSTRUMENTS <HWK> TO BUY UNIT\n\n" + body, "text")
    assert text.title == "HARWICK INSTRUMENTS TO BUY UNIT" and [r.rule for r in text.removals] == ["title"]


def test_a_name_led_by_a_figure_and_a_symbol_in_lower_case_are_marks_too():
    text = ("Dunmore Mining Co said <4100 Harbour Road Corp>, its largest holder, and\n<1st Calloway\nSavings> "
            "had sold their shares.\n    Harwick Instruments said <hwk.n> it had record sales, and the\n"
            "bertholt dynamics ag <bdy>, which bought 3 <of them>, said nothing.\n")
    cleaned = clean_article(text, "jsonl")
    assert cleaned.body == (
        "Dunmore Mining Co said 4100 Harbour Road Corp, its largest holder, and 1st Calloway Savings had sold "
        "their shares.\n\nHarwick Instruments said it had record sales, and the bertholt dynamics ag, which "
        "bought 3 <of them>, said nothing.")
    assert [(r.rule, r.text) for r in cleaned.removals] == [
        ("name_brackets", "<"), ("name_brackets", ">"), ("name_brackets", "<"), ("name_brackets", ">"),
        ("stock_symbol", " <hwk.n>"), ("stock_symbol", " <bdy>")]
    assert all(text[r.start:r.end] == r.text for r in cleaned.removals)


def test_an_element_the_text_closes_is_markup_kept_as_written_not_a_mark():
    text = ("Acme Holdings said on Monday it would build 40 new plants, <code>run('x')</code> in a plan "
            "approved by its board, and <em>soon</em>.\n    Harwick Instruments said <hwk.n> it had record sales.\n")
    cleaned = clean_article(text, "jsonl")
    assert "<code>run('x')</code>" in cleaned.body and "<em>soon</em>" in cleaned.body
    assert "said it had record sales" in cleaned.body
    assert [(r.rule, r.text) for r in cleaned.removals] == [("stock_symbol", " <hwk.n>")]
