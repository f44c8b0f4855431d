"""An event-labelled dev set for stories, drawn with a recorded seed (labels by hand afterwards).

Run by hand:

    .venv/bin/python benchmarks/stories_devset.py draw --reuters ../shared/corpora/reuters21578.jsonl \
        --polnear ../shared/eval/polnear --seed 2611

How it draws (written into benchmarks/judged/story_events_draw.json, labelled copy:
benchmarks/judged/story_events.json):
1. Reuters-21578: the upper-case title words that head 12 to 45 articles of 200+ body characters
   (company names, commodities, verbs...), shuffled with the seed. A person reads them in the drawn
   order and keeps the first 16 that name one company or affair (a takeover fight, a dispute); each
   kept word's articles become candidates, labelled one by one (same event or not) by reading title
   and lead.
2. Background: 80 random Reuters articles and 60 random PolNeAR articles (seven outlets, one
   election campaign: one topic, many events), labelled with an event only when two or more of
   them (or an event of step 1) cover the same happening.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRAW = HERE / "judged" / "story_events_draw.json"
MIN_BODY = 200


def reuters_rows(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if len(r.get("body") or "") >= MIN_BODY and r.get("title")]


def title_words(rows: list[dict]) -> dict[str, list[dict]]:
    by_word: dict[str, list[dict]] = {}
    for r in rows:
        for w in set(re.findall(r"[A-Z][A-Z&\-]{3,}", r["title"])):
            by_word.setdefault(w, []).append(r)
    return {w: rs for w, rs in by_word.items() if 12 <= len(rs) <= 45}


def polnear_rows(root: Path) -> list[dict]:
    out = []
    with (root / "metadata.tsv").open(encoding="utf-8") as f:
        for m in csv.DictReader(f, delimiter="\t"):
            text = root / m["compartment"] / "text" / f"{m['filename']}_{m['annotators']}.txt"
            if not text.exists():
                matches = list((root / m["compartment"] / "text").glob(m["filename"] + "*"))
                if not matches:
                    continue
                text = matches[0]
            out.append({"id": "polnear:" + m["filename"], "title": m["title"], "publisher": m["publisher"],
                        "date": m["publication_date"], "body": text.read_text(encoding="utf-8")})
    return out


def draw(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    rows = reuters_rows(Path(args.reuters))
    words = sorted(title_words(rows))
    rng.shuffle(words)
    by_word = title_words(rows)
    background = rng.sample(rows, 80)
    pol = polnear_rows(Path(args.polnear))
    pol_sample = rng.sample(pol, 60)
    out = {
        "seed": args.seed, "how": __doc__.split("How it draws")[1].strip(),
        "word_order": words[:200],
        "candidates": {w: [{"id": f"reuters:{r['id']}", "date": r["date"], "title": r["title"],
                            "lead": r["body"][:300]} for r in sorted(by_word[w], key=lambda r: r["id"])]
                       for w in words[:200]},
        "background_reuters": [{"id": f"reuters:{r['id']}", "date": r["date"], "title": r["title"],
                                "lead": r["body"][:300]} for r in background],
        "background_polnear": [{"id": r["id"], "date": r["date"], "publisher": r["publisher"], "title": r["title"],
                                "lead": r["body"][:300]} for r in pol_sample],
    }
    DRAW.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{DRAW}: {len(words)} words; first 200: {' '.join(words[:200])}")


def draw_test(args: argparse.Namespace) -> None:
    """A second, held-out set for the final figure (drawn after tuning on the first): the given title
    words (the next ones of the first draw's order naming one company, person or body), all their
    articles, plus background drawn with another seed; written to story_events_test_draw.json."""
    rng = random.Random(args.seed)
    rows = reuters_rows(Path(args.reuters))
    by_word = title_words(rows)
    words = args.words.split(",")
    background = rng.sample(rows, args.background_reuters)
    pol_sample = rng.sample(polnear_rows(Path(args.polnear)), args.background_polnear)
    out = {
        "seed": args.seed, "words": words,
        "candidates": {w: [{"id": f"reuters:{r['id']}", "date": r["date"], "title": r["title"],
                            "lead": r["body"][:300]} for r in sorted(by_word[w], key=lambda r: r["id"])]
                       for w in words},
        "background_reuters": [{"id": f"reuters:{r['id']}", "date": r["date"], "title": r["title"],
                                "lead": r["body"][:300]} for r in background],
        "background_polnear": [{"id": r["id"], "date": r["date"], "publisher": r["publisher"], "title": r["title"],
                                "lead": r["body"][:300]} for r in pol_sample],
    }
    path = DRAW.with_name(args.out)
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(path)


def draw_outlets(args: argparse.Namespace) -> None:
    """A multi-outlet set from PolNeAR (seven US outlets, one campaign): the articles in the seed's
    shuffled order are anchors; each anchor not yet inside an earlier window brings every article
    published within `--days` days of it (any outlet). A person takes the windows in the drawn order
    until the set has enough articles and events, and labels the events (one happening, several
    outlets) and a topic per article by reading title, date, outlet and lead, before any story code
    runs on it; written to story_events_<seed>_draw.json."""
    from datetime import date

    rng = random.Random(args.seed)
    pol = sorted(polnear_rows(Path(args.polnear)), key=lambda r: r["id"])
    day = {r["id"]: date.fromisoformat(r["date"]) for r in pol}
    anchors = [r["id"] for r in pol]
    rng.shuffle(anchors)
    exclude = set()
    for name in filter(None, args.exclude.split(",")):
        exclude |= {a["id"] for a in json.loads((HERE / "judged" / f"{name}.json").read_text(encoding="utf-8"))["articles"]}
    seen: set[str] = set()
    windows = []
    for a in anchors:
        if a in seen or a in exclude or len(windows) >= args.windows:
            continue
        members = [r for r in pol if abs((day[r["id"]] - day[a]).days) <= args.days
                   and r["id"] not in seen and r["id"] not in exclude]
        seen |= {r["id"] for r in members}
        windows.append({"anchor": a, "date": day[a].isoformat(),
                        "articles": [{"id": r["id"], "date": r["date"], "publisher": r["publisher"], "title": r["title"],
                                      "lead": r["body"][len(r["title"]):][:400].strip()}
                                     for r in sorted(members, key=lambda r: (r["date"], r["id"]))]})
    out = {"seed": args.seed, "how": draw_outlets.__doc__.strip(), "days": args.days, "excluded_sets": args.exclude,
           "windows": windows}
    path = DRAW.with_name(f"story_events_{args.seed}_draw.json")
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(path, [len(w["articles"]) for w in windows])


def order(args: argparse.Namespace) -> None:
    """Print the title words in the seed's shuffled order (as `draw` shuffles them), minus `--exclude`:
    a person keeps the first ones naming one company, person or body for `draw-test`."""
    words = sorted(title_words(reuters_rows(Path(args.reuters))))
    random.Random(args.seed).shuffle(words)
    excluded = set(args.exclude.split(","))
    print(" ".join(w for w in words if w not in excluded))


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--reuters", required=True)
    d.add_argument("--polnear", required=True)
    d.add_argument("--seed", type=int, default=2611)
    t = sub.add_parser("draw-test")
    t.add_argument("--reuters", required=True)
    t.add_argument("--polnear", required=True)
    t.add_argument("--seed", type=int, default=2615)
    t.add_argument("--words", required=True)
    t.add_argument("--background-reuters", type=int, default=60)
    t.add_argument("--background-polnear", type=int, default=40)
    t.add_argument("--out", default="story_events_test_draw.json", help="file name under benchmarks/judged/")
    m = sub.add_parser("draw-outlets", help="a multi-outlet set: PolNeAR windows around seeded anchors")
    m.add_argument("--polnear", required=True)
    m.add_argument("--seed", type=int, required=True)
    m.add_argument("--days", type=int, default=3)
    m.add_argument("--windows", type=int, default=20)
    m.add_argument("--exclude", default="", help="sets (names under benchmarks/judged/) whose articles are left out")
    o = sub.add_parser("order", help="title words in a seed's shuffled order, minus the words given")
    o.add_argument("--reuters", required=True)
    o.add_argument("--seed", type=int, required=True)
    o.add_argument("--exclude", default="")
    args = ap.parse_args()
    {"draw": draw, "draw-test": draw_test, "draw-outlets": draw_outlets, "order": order}[args.cmd](args)


if __name__ == "__main__":
    main()
