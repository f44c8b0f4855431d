"""Quotes and quote clusters on outside news (BBC + Reuters), judged by a person.

Run by hand (never part of `make test`):

    # 1. the whole pipeline (Dagster, one run) over the BBC corpus and N random Reuters records
    .venv/bin/python benchmarks/quotes_judged.py build --bbc ../shared/corpora/bbc \
        --reuters ../shared/corpora/reuters21578.jsonl --reuters-n 1500 --keep /tmp/quotes.duckdb
    # 2. draw, with a recorded seed, 100 random quotes and 50 random multi-member quote clusters
    .venv/bin/python benchmarks/quotes_judged.py draw --keep /tmp/quotes.duckdb --seed 31
    # 3. a person fills the `gold_*` fields of benchmarks/judged/quotes_news_s<seed>.json and
    #    quote_clusters_news_s<seed>.json by reading each item in its context, then:
    .venv/bin/python benchmarks/quotes_judged.py score --seed 31

Quotes are drawn uniformly from every stored quote of a BBC or Reuters article (direct, partial
and indirect alike); clusters uniformly from the clusters with two or more members whose
quotes come from BBC or Reuters articles. What the judge records:

- quote `gold_is_quote`: the span is something a source said or wrote (not the writer's own
  words, a title or a scare quote); `gold_span_ok`: the text covers the statement without
  cutting it or running into the writer's words; `gold_speaker_ok`: the stored speaker is who
  said it (a pronoun or role resolved to the right person counts; a relay such as a newspaper
  in place of the person it quotes does not); `gold_speaker`: who said it, as a note.
- cluster `gold_one_statement`: every member is the same statement (or a part of it) by the
  same speaker.

Speaker accuracy = speaker right / quotes judged to be quotes. Results:
benchmarks/results/quotes_judged_s<seed>.json.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from dagster import DagsterInstance, materialize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines import warehouse  # noqa: E402
from pipelines.core import quote_clusters as qc  # noqa: E402
from pipelines.jobs import ALL_ASSETS, ALL_CHECKS  # noqa: E402
from pipelines.resources import NlpResource, WarehouseResource  # noqa: E402

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "judged"
RESULTS = HERE / "results"
CORPUS_FILTER = "(a.source_path LIKE '%/bbc/%' OR a.source_path LIKE '%/reuters/%')"
_QUOTE_CONTEXT = "substr(a.body, greatest(1, q.start_char - 199), q.end_char - greatest(0, q.start_char - 200) + 200)"


def build(bbc: Path, reuters: Path, reuters_n: int, db: Path, seed: int) -> dict:
    """The whole pipeline over every BBC file and `reuters_n` random Reuters records (body > 400 chars)."""
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp(prefix="quotes_judged_"))
    shutil.copytree(bbc, root / "bbc", ignore=shutil.ignore_patterns("README*"))
    lines = [line for line in reuters.read_text(encoding="utf-8").splitlines()
             if len(json.loads(line).get("body") or "") > 400]
    (root / "reuters").mkdir()
    (root / "reuters" / "sample.jsonl").write_text("\n".join(rng.sample(lines, reuters_n)) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = materialize([*ALL_ASSETS, *ALL_CHECKS], resources={
        "warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource()},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(root / "bbc"), str(root / "reuters")]}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False)
    with warehouse.connect(str(db), read_only=True) as con:
        totals = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "quotes", "quote_clusters", "stories")}
    return {"success": result.success, "seconds": round(time.perf_counter() - started, 1), "totals": totals,
            "reuters_n": reuters_n, "build_seed": seed}


def _context(body: str, start: int, end: int, pad: int = 300) -> str:
    lo, hi = max(0, start - pad), min(len(body), end + pad)
    return body[lo:start] + "[[" + body[start:end] + "]]" + body[end:hi]


def draw(db: Path, seed: int, n_quotes: int = 100, n_clusters: int = 50) -> tuple[list[dict], list[dict]]:
    """`n_quotes` random quotes and `n_clusters` random multi-member clusters, in a random order."""
    rng = random.Random(seed)
    with warehouse.connect(str(db), read_only=True) as con:
        rows = con.execute(f"""
            SELECT q.quote_id, a.source_path, a.body, q.text, q.quote_type, q.speaker, q.speaker_mention,
                   q.speaker_start, q.speaker_end, q.cue, q.reported_by, q.confidence, q.start_char, q.end_char
            FROM quotes q JOIN articles a USING (article_id) WHERE {CORPUS_FILTER}
            ORDER BY q.quote_id""").fetchall()
        clusters = con.execute(f"""
            SELECT c.cluster_id, list(struct_pack(quote_id := q.quote_id, speaker := q.speaker,
                   source := a.source_path, text := q.text, match := c.match) ORDER BY q.quote_id)
            FROM quote_clusters c JOIN quotes q USING (quote_id) JOIN articles a USING (article_id)
            WHERE {CORPUS_FILTER}
            GROUP BY c.cluster_id HAVING count(*) >= 2 ORDER BY c.cluster_id""").fetchall()
    quotes = []
    for (qid, path, body, text, qtype, speaker, mention, s_start, s_end, cue, relay, conf, start,
         end) in rng.sample(rows, min(n_quotes, len(rows))):
        quotes.append({
            "quote_id": qid, "source": path.split("/")[-2] + "/" + path.split("/")[-1], "quote_type": qtype,
            "text": text, "speaker": speaker, "speaker_mention": mention, "cue": cue, "reported_by": relay,
            "confidence": conf, "context": _context(body, start, end),
            "speaker_context": _context(body, s_start, s_end, 120) if s_start is not None else None,
            "gold_is_quote": None, "gold_span_ok": None, "gold_speaker_ok": None, "gold_speaker": None})
    drawn = [{"cluster_id": cid, "members": [dict(m) for m in members], "gold_one_statement": None}
             for cid, members in rng.sample(clusters, min(n_clusters, len(clusters)))]
    return quotes, drawn


def draw_pairs(db: Path, seed: int, n_paraphrase: int = 40, n_phrase: int = 30) -> dict:
    """Pairs to set the clustering thresholds on: quotes of one speaker in one story that align as
    a paraphrase would (a window ratio of at least 0.4, an unbroken run of at least 2 words) and
    are no exact, contained or near match; and one- to three-word quotes of one speaker with the
    same words in two articles, with how far the text around them agrees."""
    rng = random.Random(seed)
    with warehouse.connect(str(db), read_only=True) as con:
        rows = con.execute(f"""
            SELECT q.quote_id, c.speaker_key, sa.story_id, q.article_id, q.text, {_QUOTE_CONTEXT}
            FROM quotes q JOIN quote_clusters c USING (quote_id) JOIN story_articles sa USING (article_id)
            JOIN articles a USING (article_id)
            WHERE q.quote_type <> 'indirect' AND c.speaker_key IS NOT NULL AND {CORPUS_FILTER}
            ORDER BY q.quote_id""").fetchall()
    groups: dict[tuple, list] = {}
    for r in rows:
        groups.setdefault((r[1], r[2]), []).append(r)
    paraphrase = []
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                ta, tb = qc.normalize(a[4]), qc.normalize(b[4])
                if not ta or not tb or qc.match_quotes(ta, tb, False) is not None:
                    continue
                short, long = sorted((ta, tb), key=len)
                if len(short) < 3:
                    continue
                ratio, run, unmatched = qc.paraphrase_score(short, long, min_run=2)
                if ratio >= 0.4:
                    paraphrase.append({"a": a[0], "b": b[0], "speaker": a[1], "text_a": a[4], "text_b": b[4],
                                       "ratio": round(ratio, 3), "run": run, "unmatched": list(unmatched),
                                       "gold_same": None})
    by_words: dict[tuple, list] = {}
    for r in rows:
        words = qc.normalize(r[4])
        if 0 < len(words) <= qc.PHRASE_WORDS:
            by_words.setdefault((r[1], tuple(words)), []).append(r)
    phrase = []
    for members in by_words.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a[3] == b[3]:
                    continue
                phrase.append({"a": a[0], "b": b[0], "speaker": a[1], "text": a[4],
                               "context_a": a[5], "context_b": b[5],
                               "agreement": round(qc.context_agreement(a[5], a[4], b[5], b[4]), 3),
                               "gold_same": None})
    return {"paraphrase_available": len(paraphrase), "phrase_available": len(phrase),
            "paraphrase": rng.sample(paraphrase, min(n_paraphrase, len(paraphrase))),
            "phrase": rng.sample(phrase, min(n_phrase, len(phrase)))}


def thresholds(seed: int, cluster_phrase_pairs: list[dict] | None = None) -> dict:
    """Accuracy of each candidate threshold on the judged pairs."""
    pairs = json.loads((JUDGED / f"quote_pairs_thresholds_s{seed}.json").read_text(encoding="utf-8"))

    def sweep(items, key, values, extra=lambda p: True):
        out = {}
        for v in values:
            tp = sum(1 for p in items if p[key] >= v and extra(p) and p["gold_same"])
            fp = sum(1 for p in items if p[key] >= v and extra(p) and not p["gold_same"])
            fn = sum(1 for p in items if not (p[key] >= v and extra(p)) and p["gold_same"])
            out[str(v)] = {"joined": tp + fp, "right": tp, "wrong": fp, "missed": fn,
                           "accuracy": round((len(items) - fp - fn) / len(items), 3)}
        return out
    para = pairs["paraphrase"]
    # Each pair as the clustering decides it now, with the paraphrase ratio swept (the other rules
    # as they are: containment, titles, names and numbers, PARAPHRASE_RUN).
    decided = {}
    saved = qc.PARAPHRASE_RATIO, qc.PARAPHRASE_RATIO_SAME_ARTICLE
    try:
        for v, same_article in ((0.4, False), (0.5, False), (0.6, False), (0.7, False), (0.8, False), (0.9, False),
                                ((0.6, 0.8), None)):
            # one ratio for every pair, or (two articles, one article) with each pair's own case
            qc.PARAPHRASE_RATIO, qc.PARAPHRASE_RATIO_SAME_ARTICLE = v if isinstance(v, tuple) else (v, v)
            joined = [qc.match_quotes(qc.normalize(p["text_a"]), qc.normalize(p["text_b"]), True, p["text_a"],
                                      p["text_b"], p["same_article"] if same_article is None else False) is not None
                      for p in para]
            tp = sum(1 for j, p in zip(joined, para) if j and p["gold_same"])
            fp = sum(1 for j, p in zip(joined, para) if j and not p["gold_same"])
            fn = sum(1 for j, p in zip(joined, para) if not j and p["gold_same"])
            decided[str(v) if not isinstance(v, tuple) else "two articles 0.6, one article 0.8"] = {"joined": tp + fp, "right": tp, "wrong": fp, "missed": fn,
                               "accuracy": round((len(para) - fp - fn) / len(para), 3)}
    finally:
        qc.PARAPHRASE_RATIO, qc.PARAPHRASE_RATIO_SAME_ARTICLE = saved
    # Phrase pairs: these and the one- to three-word exact clusters of the judged cluster set.
    phrase = [{"agreement": p["agreement"], "gold_same": p["gold_same"]} for p in pairs["phrase"]]
    phrase += cluster_phrase_pairs or []
    return {"seed": seed, "paraphrase_pairs": len(para),
            "paraphrase_same": sum(1 for p in para if p["gold_same"]),
            "paraphrase_ratio_as_decided": decided,
            "paraphrase_ratio_alone_with_run_3": sweep(para, "ratio", (0.4, 0.5, 0.6, 0.7, 0.8),
                                                       lambda p: p["run"] >= 3),
            "phrase_pairs": len(phrase), "phrase_same": sum(1 for p in phrase if p["gold_same"]),
            "phrase_pairs_from_cluster_set": len(cluster_phrase_pairs or []),
            "phrase_context_agreement": sweep(phrase, "agreement", (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7))}


def cluster_set_phrase_pairs(db: Path, seed: int) -> list[dict]:
    """The exact one- to three-word pairs of a judged cluster set, with their context agreement."""
    clusters = json.loads((JUDGED / f"quote_clusters_news_s{seed}.json").read_text(encoding="utf-8"))["items"]
    out = []
    with warehouse.connect(str(db), read_only=True) as con:
        for c in clusters:
            members = c["members"]
            if min(len(qc.normalize(m["text"])) for m in members) > qc.PHRASE_WORDS:
                continue
            founder = next(m for m in members if m["match"] == "founder")
            rows = {m["quote_id"]: con.execute(f"""SELECT q.text, {_QUOTE_CONTEXT} FROM quotes q
                        JOIN articles a USING (article_id) WHERE quote_id = ?""", [m["quote_id"]]).fetchone()
                    for m in members}
            for m in members:
                if m["match"] == "exact":
                    (ta, ca), (tb, cb) = rows[m["quote_id"]], rows[founder["quote_id"]]
                    out.append({"agreement": round(qc.context_agreement(ca, ta, cb, tb), 3),
                                "gold_same": c["gold_one_statement"]})
    return out


def same_article_phrases(seeds: list[int]) -> dict:
    """Judged clusters that join one- to three-word quotes with the same words from one article (BBC
    files only: the Reuters records share one source file), and how many were one statement."""
    found = []
    for seed in seeds:
        clusters = json.loads((JUDGED / f"quote_clusters_news_s{seed}.json").read_text(encoding="utf-8"))["items"]
        for c in clusters:
            members = [m for m in c["members"] if m["match"] in ("founder", "exact", "near")
                       and not m["source"].startswith("reuters/") and "/reuters/" not in m["source"]]
            sources = [m["source"].split("/")[-2] + "/" + m["source"].split("/")[-1] for m in members]
            short = [m for m in members if len(qc.normalize(m["text"])) <= qc.PHRASE_WORDS]
            if len(short) >= 2 and len(set(sources)) < len(sources):
                found.append({"seed": seed, "text": short[0]["text"], "one_statement": c["gold_one_statement"]})
    return {"seeds": seeds, "clusters": len(found), "one_statement": sum(f["one_statement"] for f in found),
            "items": found}


def wilson(right: int, n: int, z: float = 1.96) -> list[float] | None:
    """The Wilson score interval (95 %) of a proportion right / n."""
    if not n:
        return None
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return [round(centre - half, 3), round(centre + half, 3)]


def score(seed: int) -> dict:
    quotes = json.loads((JUDGED / f"quotes_news_s{seed}.json").read_text(encoding="utf-8"))
    clusters = json.loads((JUDGED / f"quote_clusters_news_s{seed}.json").read_text(encoding="utf-8"))
    items = quotes["items"]
    real = [q for q in items if q["gold_is_quote"]]
    by_type: dict[str, dict] = {}
    for q in real:
        t = by_type.setdefault(q["quote_type"], {"quotes": 0, "speaker_right": 0})
        t["quotes"] += 1
        t["speaker_right"] += bool(q["gold_speaker_ok"])
    one = sum(1 for c in clusters["items"] if c["gold_one_statement"])
    return {
        "seed": seed, "drawn_from": quotes["drawn_from"], "code": quotes.get("code"),
        "quotes_judged": len(items), "judged_quotes": len(real),
        "not_quotes": len(items) - len(real),
        "span_ok": sum(1 for q in real if q["gold_span_ok"]),
        "speaker_right": sum(1 for q in real if q["gold_speaker_ok"]),
        "speaker_accuracy": round(sum(1 for q in real if q["gold_speaker_ok"]) / len(real), 3) if real else None,
        "speaker_accuracy_wilson_95": wilson(sum(1 for q in real if q["gold_speaker_ok"]), len(real)),
        "speaker_accuracy_by_type": by_type,
        # Where the judge marked documents as speakers ('the report said'), which the strict figure
        # counts wrong: the figure if a document naming itself as the source were accepted.
        "speaker_accuracy_documents_accepted": round(sum(
            1 for q in real if q["gold_speaker_ok"] or q.get("gold_document_speaker")) / len(real), 3)
        if real and any("gold_document_speaker" in q for q in real) else None,
        "clusters_judged": len(clusters["items"]), "clusters_one_statement": one,
        "cluster_purity": round(one / len(clusters["items"]), 3) if clusters["items"] else None,
        "cluster_purity_wilson_95": wilson(one, len(clusters["items"])),
        "clusters_available": clusters["available"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--bbc", type=Path, required=True)
    b.add_argument("--reuters", type=Path, required=True)
    b.add_argument("--reuters-n", type=int, default=1500)
    b.add_argument("--seed", type=int, default=31, help="seed of the Reuters sample")
    b.add_argument("--keep", type=Path, required=True)
    d = sub.add_parser("draw")
    d.add_argument("--keep", type=Path, required=True)
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--code", default="", help="the commit whose extraction the warehouse holds")
    s = sub.add_parser("score")
    s.add_argument("--seed", type=int, required=True)
    p = sub.add_parser("pairs", help="draw pairs to set the clustering thresholds on")
    p.add_argument("--keep", type=Path, required=True)
    p.add_argument("--seed", type=int, required=True)
    t = sub.add_parser("thresholds", help="score the judged threshold pairs")
    t.add_argument("--seed", type=int, required=True)
    t.add_argument("--keep", type=Path, help="the warehouse a judged cluster set was drawn from")
    t.add_argument("--cluster-seed", type=int, help="also count that cluster set's short exact pairs")
    a = sub.add_parser("same-article", help="judged clusters joining one article's short phrases")
    a.add_argument("--seeds", type=int, nargs="+", required=True)
    args = parser.parse_args()
    if args.command == "same-article":
        result = same_article_phrases(args.seeds)
        (RESULTS / "quote_clusters_same_article_phrases.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))
        return
    if args.command == "pairs":
        path = JUDGED / f"quote_pairs_thresholds_s{args.seed}.json"
        if path.exists():
            sys.exit(f"{path} exists (judged already?): not overwritten")
        drawn = draw_pairs(args.keep, args.seed)
        path.write_text(json.dumps({"seed": args.seed, "drawn_from": draw_pairs.__doc__.split("\n\n")[0], **drawn},
                                   indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print({k: v for k, v in drawn.items() if k.endswith("available")})
        return
    if args.command == "thresholds":
        extra = cluster_set_phrase_pairs(args.keep, args.cluster_seed) if args.cluster_seed else None
        result = thresholds(args.seed, extra)
        (RESULTS / f"quote_cluster_thresholds_s{args.seed}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))
        return
    if args.command == "build":
        print(json.dumps(build(args.bbc, args.reuters, args.reuters_n, args.keep, args.seed), indent=2))
    elif args.command == "draw":
        quotes, clusters = draw(args.keep, args.seed)
        with warehouse.connect(str(args.keep), read_only=True) as con:
            available = con.execute(f"""SELECT count(*) FROM (SELECT c.cluster_id FROM quote_clusters c
                JOIN quotes q USING (quote_id) JOIN articles a USING (article_id) WHERE {CORPUS_FILTER}
                GROUP BY 1 HAVING count(*) >= 2)""").fetchone()[0]
        how = ("random.Random(seed).sample of every quote of a BBC or Reuters article in the warehouse "
               "built by `quotes_judged.py build`, then of every multi-member cluster")
        JUDGED.mkdir(exist_ok=True)
        for name, items, extra in (("quotes_news", quotes, {}), ("quote_clusters_news", clusters,
                                                                  {"available": available})):
            path = JUDGED / f"{name}_s{args.seed}.json"
            if path.exists():
                sys.exit(f"{path} exists (judged already?): not overwritten")
            path.write_text(json.dumps({"seed": args.seed, "drawn_from": how, "code": args.code, **extra,
                                        "items": items}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(quotes)} quotes, {len(clusters)} clusters of {available}")
    else:
        result = score(args.seed)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"quotes_judged_s{args.seed}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
