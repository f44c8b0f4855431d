"""Property-based fuzzing (hypothesis): ingest, cleaning and the extractors never raise on
arbitrary bytes and text, and every offset they return indexes the text it came from.
Example counts are modest so the suite stays fast; the seeds hypothesis finds failing are
kept in its example database and replayed first."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.core.cleaning import EmptyArticleError, clean_article, count_words
from pipelines.core.extraction import extract_rows
from pipelines.core.ingest import RawRecord, Rejection, read_records
from pipelines.core.quotes import SPLIT_JOINER

# Pieces that trigger the rules (furniture shapes, dates, credits, quotes, numbers), mixed
# with arbitrary text, so the fuzzer reaches the branches and not only the empty cases.
PIECES = [
    "Get Apps", "Share", "< Go back", "https://example.org/a", "Related News:", "Tag: a· b", "(Source: Wire; Editor: X)",
    "Author: Jane Roe", "By John Smith", "Photo: AP", "2025.05.20 15:29", "Xinhua) 08:55, May 21, 2025",
    " date 2025-05-21 Title here", "WASHINGTON, May 20 (Reuters) -- ", "Shr 12 cts vs 10 cts", "# Heading",
    "**bold** [link](http://x)", "- item", "> quote", "\u00a0", "\x00", "\x1b", "\u2028", "\r\n", "\n", "\n\n", "    ",
    "Ministers met in Brussels on Tuesday and officials said an agreement was close after ten hours of talks.",
    '"We will not give up," Putin said.', "“It went very well,” he said, according to CNN.", "about 1,200 people",
    "$4.5 billion", "273 drones", "up 12%", "(Reuters/Ipsos).", "Kyiv. (Photo by A/B)", "Trump", "Zelensky", "?", ".",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=25).map("".join),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["body", "text", "title", "date", "url", "publisher", "author", "x"]), children, max_size=5),
    max_leaves=12,
)
documents = st.one_of(
    st.binary(max_size=1500),
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.lists(json_values, max_size=4).map(lambda vs: "\n".join(json.dumps(v) for v in vs).encode()),
)


@settings(max_examples=150, deadline=None)
@given(data=documents, suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".pdf", ""]))
def test_read_records_never_raises(data, suffix):
    for item in read_records(Path("fuzz" + suffix), data, max_article_bytes=1000):
        assert isinstance(item, (RawRecord, Rejection))
        if isinstance(item, Rejection):
            assert len(item.reason) >= 5 and len(item.content_hash) == 16
        else:
            assert item.body_text.strip()
            item.body_text.encode("utf-8")  # storable


@settings(max_examples=300, deadline=None)
@given(text=texts, fmt=st.sampled_from(["text", "markdown", "jsonl"]), title=st.none() | texts)
def test_cleaning_never_raises_and_removals_index_the_text(text, fmt, title):
    try:
        cleaned = clean_article(text, fmt, title=title)
    except EmptyArticleError as exc:
        removals = exc.removals
    else:
        removals = cleaned.removals
        assert cleaned.word_count == count_words(cleaned.body) > 0
        assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in cleaned.body)
    for r in removals:
        assert 0 <= r.start <= r.end <= len(text) and text[r.start:r.end] == r.text


sentences = st.lists(st.one_of(st.sampled_from(PIECES[-14:] + [
    "Vladimir Putin told reporters in Moscow that 1,000 prisoners would be freed.",
    'Zelensky said: "We are ready for direct talks."', "The EU said sanctions would rise by 20%.",
    "'It is over,' she said.", "He added that more than 200 drones were launched.", "Peskov, the Kremlin spokesman,",
]), st.text(max_size=15)), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(sentences, st.text(max_size=300)))
def test_extractors_never_raise_and_offsets_index_the_text(nlp, text):
    rows = extract_rows(nlp(text))
    for m in rows["mentions"]:
        assert text[m["start_char"]:m["end_char"]] == m["text"]
    for c in rows["claims"]:
        assert 0 <= c["start_char"] <= c["end_char"] <= len(text)
        assert text[c["start_char"]:c["end_char"]] == c["text"]
    for q in rows["quotes"]:
        assert SPLIT_JOINER.join(text[s:e] for s, e in q["segments"]) == q["text"]
        assert q["segments"][0][0] == q["start_char"] and q["segments"][-1][1] == q["end_char"]
        for prefix in ("speaker", "reported_by"):
            start, end = q[f"{prefix}_start"], q[f"{prefix}_end"]
            if start is not None:
                assert 0 <= start <= end <= len(text) and text[start:end] == q[f"{prefix}_mention"]
