"""Quote attribution: direct, partial and reported speech with resolved speakers.

One pass over an already parsed article, no re-parsing. The package, in pipeline order:

1. `marks`: quote marks are paired on the raw text (any style; paragraphs that continue
   a quote reopen it without closing the previous one);
2. `article`: per-article lookups (sentences, paragraphs, quoted tokens) and the
   article's people and roles that pronouns and role nouns resolve to;
3. `attribution`: cues (reporting verbs, 'according to') and their speakers: the
   subject of the verb, pronouns and role nouns ('the Kremlin spokesman') resolved to
   the article's named entities, and the outer source that relays a statement;
4. `classify`: each quoted span is classified from where it sits in its sentence: a
   quote that stands as its own sentence or follows a lead-in is direct, one embedded in
   a clause governed by a reporting verb is partial, anything else is a scare quote or a
   title and is dropped; the speaker is the nearest reporting verb's (after the quote,
   before it, or in the previous sentence for a lead-in);
5. `features` and `ranker`: a trained linear ranker re-scores that pick against the other
   speakers of reporting verbs around the quote (nested reports: the outer source becomes
   reported_by); weights in `speaker_ranker.json`, feature names defined once in `features`;
6. `reported`: reporting verbs with a that-clause outside quotes give indirect quotes,
   and a first-person paragraph ending ', Putin emphasized.' is a direct quote whose
   marks were lost;
7. `abstain`: a quote whose speaker rests only on a doubtful path (a bare office left
   unresolved, a pronoun whose antecedent is named inside the quote) keeps its speaker
   mention but no speaker.

Entry point: `extract_quotes(doc, mentions)`; `rule_quotes` and `speaker_candidates` are
the seam the ranker's training script uses.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from pipelines.core.doc_cache import doc_text
from pipelines.core.entities import Mention
from pipelines.core.quotes.abstain import abstain
from pipelines.core.quotes.article import Article, Speaker
from pipelines.core.quotes.attribution import Attribution, speech_events
from pipelines.core.quotes.classify import classify, join_split_quotes
from pipelines.core.quotes.features import FEATURE_NAMES, SpeakerCandidate, speaker_candidates
from pipelines.core.quotes.marks import QuotedSpan, find_quoted_spans
from pipelines.core.quotes.model import SPLIT_JOINER, Quote
from pipelines.core.quotes.ranker import RANKER_FILE, RankerWeightsError, SpeakerRanker, choose_speakers
from pipelines.core.quotes.reported import indirect_quotes, unquoted_statements

# The names the single module had (kept for code written against it).
_Article, _Speaker, _Attribution, _RANKER_FILE = Article, Speaker, Attribution, RANKER_FILE

__all__ = [
    "FEATURE_NAMES", "RANKER_FILE", "SPLIT_JOINER", "Article", "Attribution", "Quote", "QuotedSpan",
    "RankerWeightsError", "Speaker", "SpeakerCandidate", "SpeakerRanker", "choose_speakers",
    "extract_quotes", "find_quoted_spans", "rule_quotes", "speaker_candidates",
]


def rule_quotes(doc: Doc, mentions: Sequence[Mention]) -> tuple[Article, list[Attribution], list[Quote]]:
    """The direct and partial quotes of one parsed article as the rules attribute them, before
    the ranker, with the per-article lookups and the speech events (reporting verbs with a
    speaker, in text order) that `speaker_candidates` needs."""
    spans = find_quoted_spans(doc_text(doc))
    art = Article(doc, mentions, spans)
    events = speech_events(art)
    return art, events, join_split_quotes(art, classify(art, spans, events))


def extract_quotes(doc: Doc, mentions: Sequence[Mention], ranker: SpeakerRanker | None = None) -> list[Quote]:
    """Direct, partial and indirect quotes of one parsed article (its `find_mentions`
    mentions resolve the speakers), sorted by offset. `ranker` replaces the shipped
    speaker ranker (tests, training)."""
    art, events, quotes = rule_quotes(doc, mentions)
    quotes = choose_speakers(art, events, quotes, ranker)
    quotes += unquoted_statements(art, events, art.spans)
    quotes += indirect_quotes(art, events, quotes)
    return sorted(abstain(art.text, quotes), key=lambda q: (q.start_char, q.end_char))
