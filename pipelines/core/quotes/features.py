"""The speaker ranker's features: every name defined once, here, and computed per candidate.

The rules pick one speaker per quote from the nearest reporting verb. A linear ranker
(`ranker.py`) re-scores that pick against the other speakers of reporting verbs around the
quote (the sentence before to the sentence after, and the last one before it): nested
reports ('Meeks said Clinton reassured them ... "were not going to be like Trump"'), where
PolNeAR and readers credit the outer source, are what the rules get wrong and the features
capture.

A feature name is either a constant of `F` or a `Template` filled with values from its
domains. `FEATURE_NAMES` is every name the features can take; the weights file must hold
exactly these keys (checked when it is loaded), so renaming a feature without retraining
fails loudly instead of silently scoring the renamed feature 0.

Entry points: `speaker_candidates(art, events, quote)` -> `SpeakerCandidate`s with their
features; `FEATURE_NAMES`.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from itertools import product

from spacy.tokens import Token

from pipelines.core.entities import MENTION_LABELS
from pipelines.core.quotes.article import Article, Speaker
from pipelines.core.quotes.attribution import BY_POSITION, Attribution, hypothetical, is_speech_verb
from pipelines.core.quotes.model import Quote
from pipelines.core.speech_verbs import PERSON_PRONOUNS

# Lemmas that get their own feature; the rest share one ('other'). The first six also get
# one per side of the quote.
RANKED_LEMMAS = ("say", "tell", "add", "write", "call", "according", "ask", "describe", "note",
                 "explain", "report", "argue", "declare", "tweet", "insist", "warn", "claim",
                 "suggest", "continue", "state")
SIDED_LEMMAS = RANKED_LEMMAS[:6]
RANKED_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis"})
OTHER = "other"

# Where a candidate comes from: the speaker of a reporting verb near the quote, the relay of
# one ('according to'), the last attribution before the quote, or the rules' pick when no
# nearby verb has it.
KINDS = ("event", "relay", "previous", "rule only")
SIDES = ("before", "after", "inside")  # where the cue sits against the quote
QUOTE_TYPES = ("direct", "partial")  # the ranker sees the rules' quotes only
LABELS = (*sorted(MENTION_LABELS), None)  # a speaker's entity label; None for an unnamed one
# Rule confidences are multiples of 0.05 rounded to 2 places (classify.py).
CONFIDENCES = tuple(round(k * 0.05, 2) for k in range(1, 21))
SENTENCES_APART = range(-2, 3)
GOVERNING_DEPTHS = range(3)


@dataclass(frozen=True)
class Template:
    """A family of feature names: `pattern` filled with one value from each domain."""
    pattern: str
    domains: tuple[tuple, ...]

    def __call__(self, *values) -> str:
        return self.pattern.format(*values)

    def names(self) -> set[str]:
        return {self.pattern.format(*values) for values in product(*self.domains)}


class F:
    """Feature names without a value, and the templates of those with one."""
    BIAS = "bias"
    PRONOUN = "pronoun"
    RESOLVED = "resolved"
    RELATIVE_PRONOUN = "relative pronoun"
    LOG_CANDIDATES_X_RULE = "log candidates x rule"
    RULE = "rule"
    SAME_NAME_AS_RULE = "same name as rule"
    NO_CUE = "no cue"
    LOG_DISTANCE = "log distance"
    GOVERNS = "governs"
    GOVERNS_NEAREST = "governs nearest"
    HYPOTHETICAL = "hypothetical"
    SAME_PARAGRAPH = "same paragraph"
    OUTER_OF_RULE = "outer of rule"

    KIND = Template("kind {}", (KINDS,))
    LABEL = Template("label {}", (LABELS,))
    LABEL_X_RULE_LABEL = Template("label {} x rule label {}", (LABELS, LABELS))
    RULE_CONFIDENCE = Template("rule confidence {}", (CONFIDENCES,))
    RULE_TYPE = Template("rule {}", (QUOTE_TYPES,))
    RULE_KIND = Template("rule kind {}", (KINDS,))
    LEMMA = Template("lemma {}", ((*RANKED_LEMMAS, OTHER),))
    LEMMA_SIDE = Template("lemma {} {}", ((*SIDED_LEMMAS, OTHER), SIDES))
    SIDE = Template("side {}", (SIDES,))
    KIND_SIDE = Template("kind {} {}", (KINDS, SIDES))
    NEAR_CUE = Template("distance <= 3 {}", (SIDES,))
    CUE_DEP = Template("cue dep {}", ((*sorted(RANKED_DEPS), OTHER),))
    SENTENCES_APART = Template("sentences apart {}", (SENTENCES_APART,))
    VERB_BETWEEN = Template("verb between {}", (SIDES,))
    CUE_BY_ANOTHER_QUOTE = Template("cue by another quote {}", (SIDES,))
    GOVERNING_DEPTH = Template("governing depth {}", (GOVERNING_DEPTHS,))
    OUTER_OF_RULE_LEMMA = Template("outer of rule lemma {}", ((*RANKED_LEMMAS, OTHER),))
    OUTER_OF_RULE_VIA = Template("outer of rule via {}", ((*sorted(RANKED_DEPS), OTHER),))
    RULE_SIDE = Template("rule {}", (SIDES,))
    RULE_TYPE_SIDE = Template("rule {} {}", (QUOTE_TYPES, SIDES))


def _feature_names() -> frozenset[str]:
    names: set[str] = set()
    for key, value in vars(F).items():
        if isinstance(value, Template):
            names |= value.names()
        elif not key.startswith("_"):
            names.add(value)
    return frozenset(names)


FEATURE_NAMES = _feature_names()


@dataclass(frozen=True)
class SpeakerCandidate:
    """One speaker a quote could rest on, with the features the ranker scores."""
    speaker: Speaker
    reported_by: Speaker | None
    cue: str | None
    is_rule: bool  # the rules' own pick
    relays_rule: bool  # its reporting verb governs the rules' cue: the outer source of a nested report
    features: dict[str, float]

    @property
    def span(self) -> tuple[int, int]:
        """The source span: the relay's when there is one (PolNeAR's outer source)."""
        source = self.reported_by or self.speaker
        return source.start, source.end


def _ranked(value: str, ranked) -> str:
    return value if value in ranked else OTHER


def speaker_candidates(art: Article, events: list[Attribution], quote: Quote) -> list[SpeakerCandidate]:
    """The candidate speakers of one quote the rules attributed: the rules' speaker and the
    speakers (and relays) of reporting verbs from the sentence before the quote to the
    sentence after it, plus the last attribution before it, each with its features (names
    from `F`, only non-zero values). Empty when the rules found no speaker (the ranker never
    adds one). `art` and `events` are what `rule_quotes` returns with the quote."""
    if quote.speaker_start is None:
        return []
    text = art.text
    tokens = art.tokens_in(quote.start_char, quote.end_char)
    if not tokens:
        return []
    first, last = tokens.start, tokens.stop - 1
    doc = art.tokens
    head = next(doc[i] for i in tokens if not (first <= doc[i].head.i <= last) or doc[i].head.i == i)
    governing = [a.i for a in head.ancestors if not art.quoted[a.i] and is_speech_verb(a)]
    s_first, s_last = art.sent_of[first], art.sent_of[last]
    lo = art.sents[max(0, s_first - 1)].start_char
    hi = art.sents[min(len(art.sents) - 1, s_last + 1)].end_char
    near = events[bisect_left(events, lo, key=BY_POSITION) : bisect_left(events, hi, key=BY_POSITION)]
    found: dict[tuple[int, int], tuple[Speaker, Speaker | None, str | None, Token | None, str]] = {}
    for e in near:
        cue_token = doc[art.token_at(e.position)]
        found.setdefault((e.speaker.start, e.speaker.end), (e.speaker, None, e.cue, cue_token, "event"))
        if e.reported_by is not None:
            found.setdefault((e.reported_by.start, e.reported_by.end),
                             (e.speaker, e.reported_by, e.cue, cue_token, "relay"))
    k = bisect_left(events, quote.start_char, key=BY_POSITION) - 1
    if k >= 0:
        e = events[k]
        found.setdefault((e.speaker.start, e.speaker.end),
                         (e.speaker, None, e.cue, doc[art.token_at(e.position)], "previous"))
    if quote.reported_by_start is not None:
        rule_span = (quote.reported_by_start, quote.reported_by_end)
        rule_name = quote.reported_by
    else:
        rule_span = (quote.speaker_start, quote.speaker_end)
        rule_name = quote.speaker
    if rule_span not in found:
        # A mention the rules moved to ('Cruz has railed against what he calls': Cruz) keeps
        # the cue of its attribution; a speaker from no reporting verb (a 'Name:' lead) has none.
        rule_speaker = Speaker(rule_name, quote.speaker_label, text[rule_span[0]:rule_span[1]], *rule_span, True)
        cue_token = next((doc[art.token_at(e.position)] for e in near
                          if e.cue == quote.cue and e.speaker.name == quote.speaker), None)
        found[rule_span] = (rule_speaker, None, quote.cue, cue_token, "rule only")
    rule_label, rule_cue = found[rule_span][0].label, found[rule_span][3]
    # The verbs the rules' cue hangs under: a candidate there is the outer source of a nested report.
    outer_of_rule = {a.i for a in rule_cue.ancestors} if rule_cue is not None else set()
    rule_lemma = _ranked(rule_cue.lemma_.lower() if rule_cue is not None else "none", RANKED_LEMMAS)
    event_tokens = {art.token_at(e.position) for e in near}
    candidates = []
    for span, (speaker, relay, cue, cue_token, kind) in found.items():
        is_rule = span == rule_span
        source = relay or speaker
        f: dict[str, float] = {F.BIAS: 1, F.KIND(kind): 1, F.LABEL(source.label): 1,
                               F.PRONOUN: source.mention.lower() in PERSON_PRONOUNS,
                               F.RESOLVED: source.resolved,
                               F.RELATIVE_PRONOUN: doc[art.token_at(source.start)].tag_ in ("WP", "WDT"),
                               F.LOG_CANDIDATES_X_RULE: is_rule * math.log(len(found))}
        if is_rule:
            f |= {F.RULE: 1, F.RULE_CONFIDENCE(quote.confidence): 1, F.RULE_TYPE(quote.quote_type): 1,
                  F.RULE_KIND(kind): 1}
        else:
            f[F.LABEL_X_RULE_LABEL(source.label, rule_label)] = 1
            f[F.SAME_NAME_AS_RULE] = source.name is not None and source.name == rule_name
        if cue_token is None:
            f[F.NO_CUE] = 1
        else:
            i = cue_token.i
            side = "before" if i < first else "after" if i > last else "inside"
            distance = first - i if side == "before" else i - last if side == "after" else 0
            lemma = cue_token.lemma_.lower()
            lo_i, hi_i = sorted((i, first if side == "before" else last))
            f |= {F.LEMMA(_ranked(lemma, RANKED_LEMMAS)): 1,
                  F.LEMMA_SIDE(_ranked(lemma, SIDED_LEMMAS), side): 1,
                  F.SIDE(side): 1, F.KIND_SIDE(kind, side): 1,
                  F.LOG_DISTANCE: math.log1p(distance), F.NEAR_CUE(side): distance <= 3,
                  F.GOVERNS: i in governing, F.GOVERNS_NEAREST: bool(governing) and i == governing[0],
                  F.CUE_DEP(_ranked(cue_token.dep_, RANKED_DEPS)): 1,
                  F.HYPOTHETICAL: hypothetical(cue_token),
                  F.SENTENCES_APART(max(-2, min(2, art.sent_of[i] - s_first))): 1,
                  F.SAME_PARAGRAPH: art.paragraph_of(cue_token.idx) == art.paragraph_of(quote.start_char),
                  F.VERB_BETWEEN(side): any(lo_i < t < hi_i and not art.quoted[t] for t in event_tokens),
                  F.CUE_BY_ANOTHER_QUOTE(side): any(
                      art.quoted[t] and not first <= t <= last
                      for t in range(max(0, i - 3), min(len(doc), i + 4)))}
            if i in governing:
                f[F.GOVERNING_DEPTH(min(2, governing.index(i)))] = 1
            if i in outer_of_rule:
                # How the rules' clause hangs under this verb: a reported clause (ccomp) is
                # nesting; an adverbial or a conjunct ('denied it, with X taking to ...') is not.
                link = next(a for a in (rule_cue, *rule_cue.ancestors) if a.head.i == i).dep_
                f |= {F.OUTER_OF_RULE: 1, F.OUTER_OF_RULE_LEMMA(rule_lemma): 1,
                      F.OUTER_OF_RULE_VIA(_ranked(link, RANKED_DEPS)): 1}
            if is_rule:
                f |= {F.RULE_SIDE(side): 1, F.RULE_TYPE_SIDE(quote.quote_type, side): 1}
        relays = cue_token is not None and cue_token.i in outer_of_rule
        candidates.append(SpeakerCandidate(speaker, relay, cue, is_rule, relays,
                                           {name: float(v) for name, v in f.items() if v}))
    return candidates
