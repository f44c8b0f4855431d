"""Builds an event-labelled story set from its draw and its hand-written labels (the held-out sets'
`story_events_*_labels.py` scripts call it): every candidate of the drawn title words plus the
background articles, minus the articles of earlier sets; a labelled article takes its event, any
other is an event of its own (solo:<id>)."""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_labelled_set(name: str, groups: dict[str, str], how: str, *, polnear: dict[str, list[str]] | None = None,
                       earlier: tuple[str, ...] = ()) -> None:
    """Write `<name>.json` from `<name>_draw.json`: `groups` maps an event to its Reuters ids (space
    separated), `polnear` to its PolNeAR ids; `how` says how the set was drawn ('{words}' stands for the
    drawn title words); `earlier` names the sets whose articles are left out."""
    d = json.loads((HERE / f"{name}_draw.json").read_text(encoding="utf-8"))
    left_out = {a["id"] for set_name in earlier
                for a in json.loads((HERE / f"{set_name}.json").read_text(encoding="utf-8"))["articles"]}
    label = {"reuters:" + i: ev for ev, ids in groups.items() for i in ids.split()}
    label |= {"polnear:" + i: ev for ev, ids in (polnear or {}).items() for i in ids}
    articles = {}
    for w in d["words"]:
        for r in d["candidates"][w]:
            articles[r["id"]] = {"id": r["id"], "title": r["title"], "date": r["date"], "drawn_by": w}
    for r in d["background_reuters"] + d["background_polnear"]:
        articles.setdefault(r["id"], {"id": r["id"], "title": r["title"], "date": r["date"], "drawn_by": "background"})
    assert not set(label) - set(articles), set(label) - set(articles)
    assert not set(label) & left_out, set(label) & left_out
    articles = {i: a for i, a in articles.items() if i not in left_out}
    for a in articles.values():
        a["event"] = label.get(a["id"], "solo:" + a["id"])
    events: dict[str, list[str]] = {}
    for a in articles.values():
        events.setdefault(a["event"], []).append(a["id"])
    multi = [e for e, v in events.items() if len(v) > 1]
    out = {"seed": d["seed"], "drawn_from": f"benchmarks/judged/{name}_draw.json",
           "how": how.replace("{words}", ", ".join(d["words"])),
           "articles": sorted(articles.values(), key=lambda a: a["id"]), "events_with_several_articles": len(multi)}
    (HERE / f"{name}.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(len(articles), "articles,", len(multi), "events of two or more,",
          sum(len(events[e]) for e in multi), "articles in them; large (6+):",
          sorted((len(events[e]), e) for e in multi if len(events[e]) >= 6))


def write_outlets_set(name: str, windows: int, events: dict[str, str], topics: dict[str, str], how: str,
                      default_topic: str | None = None) -> None:
    """Write `<name>.json` from the first `windows` windows of `<name>_draw.json` (stories_devset.py
    draw-outlets): `events` maps an event to its PolNeAR ids (file names without 'polnear:', space
    separated), `topics` a topic to its ids; every article needs a topic (or takes `default_topic`), an
    article of no event is an event of its own (solo:<id>)."""
    d = json.loads((HERE / f"{name}_draw.json").read_text(encoding="utf-8"))
    drawn = {a["id"]: a for w in d["windows"][:windows] for a in w["articles"]}
    label = {"polnear:" + i: ev for ev, ids in events.items() for i in ids.split()}
    topic = {"polnear:" + i: t for t, ids in topics.items() for i in ids.split()}
    assert not set(label) - set(drawn), set(label) - set(drawn)
    assert not set(topic) - set(drawn), set(topic) - set(drawn)
    if default_topic:
        topic |= {i: default_topic for i in drawn if i not in topic}
    assert set(topic) == set(drawn), set(drawn) - set(topic)
    assert all(len({topic[i] for i in label if label[i] == ev}) == 1 for ev in events), "one topic per event"
    articles = [{"id": i, "title": a["title"], "date": a["date"], "publisher": a["publisher"], "drawn_by": "window",
                 "topic": topic[i], "event": label.get(i, "solo:" + i)} for i, a in sorted(drawn.items())]
    sizes: dict[str, set] = {}
    for a in articles:
        sizes.setdefault(a["event"], set()).add(a["publisher"])
    multi = {ev: [a for a in articles if a["event"] == ev] for ev in events}
    out = {"seed": d["seed"], "drawn_from": f"benchmarks/judged/{name}_draw.json", "windows": windows, "how": how,
           "articles": articles, "events_with_several_articles": len(multi),
           "events": {ev: {"articles": len(v), "outlets": len(sizes[ev])} for ev, v in multi.items()}}
    (HERE / f"{name}.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(len(articles), "articles,", len(multi), "events of two or more,", sum(len(v) for v in multi.values()),
          "articles in them; outlets per event:", sorted((len(v), len(sizes[ev]), ev) for ev, v in multi.items()))
