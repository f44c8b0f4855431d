"""How much the time a text fixes could tell undated stories' events apart, on the dev sets.

Without publication dates, one official's speech of one month and his testimony of the next are
worded alike and share a story. Some texts fix when: a day and month ('March 3', 'March 3, 1987':
the date candidates of kind 'absolute' or 'month_day' that the NLP pass stores), or at least a month
named in the text ('in March', 'March 3'). This replays the stories stage's assignment on the undated
warehouse of each dev set (`stories_dev_fast.replay`, the shipped code) and counts:

- how many articles name a day and month, and how many name a month;
- the same-story pairs by whether they are one labelled event and by what the two texts fix: both
  name days (or months) and all are more than `--far-days` days (2 or more months) apart ('far'), both
  name some and two are close ('near'), or either names none ('none').

The wrong pairs a rule on text-fixed time could split are at most the 'far' ones of another event;
the 'far' pairs of one event are what such a rule would cost (an event reported over weeks). Dev
sets only: the held-out sets' errors are not read.

    .venv/bin/python benchmarks/stories_text_days.py --sets /tmp/storydev:story_events.json \
        /tmp/story2615:story_events_test.json /tmp/story2651:story_events_2651.json --name dev
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import date
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import RESULTS, dev_ids  # noqa: E402
from benchmarks.stories_dev_fast import load_docs, replay  # noqa: E402
from pipelines.core.stories import StoryParams  # noqa: E402

HERE = Path(__file__).resolve().parent
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Month names and their abbreviations; 'May' only before a day or after 'in'/'of' (else the verb).
_MONTH = re.compile(r"\b(" + "|".join(m for m in MONTHS if m != "May")
                    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|May(?=\s+\d)|(?<=in )May|(?<=of )May)")


def months_named(text: str) -> frozenset[int]:
    found = set()
    for m in _MONTH.finditer(text):
        word = m.group(1).rstrip(".")
        found.add(next(i for i, name in enumerate(MONTHS, 1) if name.startswith(word)))
    return frozenset(found)


def day_of_year(month: int, day: int) -> int | None:
    try:
        return date(2001, month, min(day, 28) if month == 2 else day).timetuple().tm_yday
    except (TypeError, ValueError):
        return None


def gap(a: frozenset[int], b: frozenset[int], period: int) -> int | None:
    """The fewest units between a member of `a` and one of `b`, round the year; None when either is empty."""
    if not a or not b:
        return None
    return min(min(abs(x - y), period - abs(x - y)) for x in a for y in b)


def measure(root: Path, labels_path: Path, far_days: int) -> dict:
    import duckdb

    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    event_of = {a["id"]: a["event"] for a in labels["articles"]}
    db = root / "undated.duckdb"
    docs = load_docs(db)
    con = duckdb.connect(str(db), read_only=True)
    ids = dev_ids(con)
    days: dict[str, frozenset[int]] = {}
    for aid, pairs in con.execute("""SELECT article_id, list((month, day)) FROM date_candidates
                                     WHERE kind IN ('absolute', 'month_day') GROUP BY article_id""").fetchall():
        if aid in ids:
            days[ids[aid]] = frozenset(d for d in (day_of_year(m, dd) for m, dd in pairs) if d is not None)
    con.close()
    months = {dev_id: months_named((doc.title or "") + "\n" + doc.body) for dev_id, doc in docs}
    story_of = replay(docs, StoryParams())
    pairs: dict[str, Counter] = {"days": Counter(), "months": Counter()}
    for a, b in combinations(sorted(i for i in event_of if i in story_of), 2):
        if story_of[a] != story_of[b]:
            continue
        kind = "same event" if event_of[a] == event_of[b] else "other event"
        for name, fixed, period, far in (("days", days, 365, far_days), ("months", months, 12, 1)):
            g = gap(fixed.get(a, frozenset()), fixed.get(b, frozenset()), period)
            pairs[name][f"{kind}, {'none' if g is None else 'far' if g > far else 'near'}"] += 1
    n = len(docs)
    return {"labels": labels_path.name, "seed": labels.get("seed"), "articles": n,
            "articles_naming_a_day": sum(1 for i, _d in docs if days.get(i)),
            "articles_naming_a_month": sum(1 for i, _d in docs if months.get(i)),
            "story_pairs": {k: dict(sorted(v.items())) for k, v in pairs.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="+", required=True, help="warehouse folder:labels file (in benchmarks/judged)")
    ap.add_argument("--name", required=True)
    ap.add_argument("--far-days", type=int, default=30)
    args = ap.parse_args()
    out = {"far_days": args.far_days, "sets": []}
    for spec in args.sets:
        folder, labels = spec.rsplit(":", 1)
        row = measure(Path(folder), HERE / "judged" / labels, args.far_days)
        out["sets"].append(row)
        print(json.dumps(row), flush=True)
    path = RESULTS / f"stories_text_days_{args.name}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
