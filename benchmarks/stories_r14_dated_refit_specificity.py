"""Tried, not kept: the dated model refitted on the four dev sets (seeds 2611, 2615, 2651, 2668) with the
21-day window, without and with an entity-specificity feature: `spec` = the mean, over the salient
entities the article shares with the story, of idf / the largest idf (1 for an entity no other article
names), and `days_spec` = log_days_apart * spec (a fade that may run slower when the shared entities are
rare). Each fit replayed in memory (dated) at 0.5 and 0.4.

    .venv/bin/python benchmarks/stories_r14_dated_refit_specificity.py storydev,story2615,story2651,w2668
"""
import json, sys, math, dataclasses
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import numpy as np
from benchmarks.stories_dev import pair_scores, topics
from benchmarks.stories_dev_fast import load_docs
from benchmarks.stories_model_fit import fit
from pipelines.core import stories
from pipelines.core.stories import similarity as sim
P = stories.StoryParams()
DEV = [("storydev","story_events.json"),("story2615","story_events_test.json"),("story2651","story_events_2651.json"),("w2668","story_events_2668.json")]
HELD = [("story2627","story_events_2627.json"),("story2641","story_events_2641.json")]
DF = {}; N = [0]
def spec(salient, story):
    sh = [t for t in salient if t in story.centroid]
    if not sh: return 0.0
    top = stories.idf(0, N[0])
    return sum(stories.idf(DF.get(t, 0), N[0]) / top for t in sh) / len(sh)
def feats(doc, vector, title, salient, story):
    f = sim.pair_features(doc, vector, title, salient, story, P)
    if "log_days_apart" in f:
        s = spec(salient, story)
        f["spec"] = s; f["days_spec"] = f["log_days_apart"] * s
    return f
def batches(docs):
    DF.clear(); N[0] = 0
    for start in range(0, len(docs), 100):
        part = docs[start:start+100]
        counts = [stories.term_counts(d) for _i, d in part]
        for c in counts:
            for t in c: DF[t] = DF.get(t, 0) + 1
        N[0] += len(part)
        yield [(i, d, stories.article_vector(c, DF, N[0], P), stories.title_vector(d, DF, N[0])) for (i, d), c in zip(part, counts)]
def gold(docs, ev):
    index = stories.StoryIndex(P); rows = []; ys = []
    for part in batches(docs):
        for i, d, v, tv in part:
            sal = stories.salient_entities(d, 8)
            for sid in sorted(index.candidates(sal)):
                st = index.stories[sid]
                if not stories.in_window(d, st, P.window_days, P.dated_window_days): continue
                if sum(1 for t in sal if t in st.centroid) < P.min_shared_entities: continue
                f = feats(d, v, tv, sal, st)
                if f["shared_entity_weight"] < P.min_shared_entity_weight: continue
                rows.append(f); ys.append(int(sid == ev[i]))
            st = index.stories.get(ev[i])
            if st is None:
                st = stories.StoryState(ev[i], ev[i], {}, d.published_at, d.published_at, d.seen_at, d.seen_at, d.ingested_at); index.add_story(st)
            index._grow(st, v, d)
    return rows, ys
def logistic(m, f):
    z = m["bias"] + sum(w * f[n] for n, w in m["weights"].items()); return 1/(1+math.exp(-max(-50,min(50,z))))
class Index(stories.StoryIndex):
    M = None; TH = 0.5
    def assign(self, doc, vector, title=None):
        params = self.params; sal = stories.salient_entities(doc, 8); best = None
        for sid in sorted(self.candidates(sal)):
            st = self.stories[sid]
            if not stories.in_window(doc, st, params.window_days, params.dated_window_days): continue
            if sum(1 for t in sal if t in st.centroid) < params.min_shared_entities: continue
            f = feats(doc, vector, title or {}, sal, st)
            if f["shared_entity_weight"] < params.min_shared_entity_weight: continue
            p = logistic(self.M, f); needed = self.TH
            if p < needed and sim.is_follow_up(f, st, params):
                p, needed = self.model.probability(f, follow_up=True), params.min_probability_follow_up
            if p >= needed and (best is None or p > best[0]): best = (p, sid)
        if best is not None:
            st = self.stories[best[1]]; self._grow(st, vector, doc); return stories.Assignment(doc.article_id, st.story_id, best[0], "joined")
        st = stories.StoryState(stories.story_id_for(doc.article_id), "", {}, doc.published_at, doc.published_at, doc.seen_at, doc.seen_at, doc.ingested_at)
        self.add_story(st); self._grow(st, vector, doc); return stories.Assignment(doc.article_id, st.story_id, 1.0, "founder")
def replay(docs):
    index = Index(P); so = {}
    for part in batches(docs):
        grown = []
        for i, d, v, tv in part:
            so[i] = index.assign(d, v, tv).story_id; grown.append(so[i])
        into = stories.merge_targets(index.merge_converged(grown)); so = {i: into.get(s, s) for i, s in so.items()}
    return so
data = {}
for wh, lab in DEV + (HELD if sys.argv[2:] == ["heldout"] else []):
    labels = json.load(open(f"benchmarks/judged/{lab}"))
    data[wh] = (load_docs(Path(f"/tmp/r14s/{wh}/dated.duckdb")), {a["id"]: a["event"] for a in labels["articles"]}, topics(labels))
base = ("cosine","entity_cosine","word_cosine","shared_entity_weight","salient_share","title_cosine","time_factor","log_days_apart")
fitsets = sys.argv[1].split(",")
rows, ys = [], []
for wh in fitsets:
    r, y = gold(data[wh][0], data[wh][1]); rows += r; ys += y
out = {}; REPLAY = []
for name, names in (("refit_base", base), ("refit_spec", base + ("spec", "days_spec"))):
    m = fit(rows, ys, names, 1.0); out[name] = m
    print(name, m, flush=True)
    Index.M = m
    for th in (0.5, 0.4):
        Index.TH = th; line = []
        for wh in data:
            if wh in ("story2627", "story2641") and sys.argv[2:] != ["heldout"]: continue
            s = pair_scores(replay(data[wh][0]), data[wh][1], data[wh][2])
            line.append(f"{wh}: {s['precision']}/{s['recall']}/{s['topic_precision']}/{s['large_event_recall']}")
        print("  th", th, " | ".join(line), flush=True); REPLAY.append({"model": name, "threshold": th, "dated P/R/topicP/largeR": line})
Path(__file__).resolve().parent.joinpath("results", "stories_dev_fast_r14_dated_refit_specificity.json").write_text(json.dumps(
    {"fitted_on": fitsets, "models": out, "replay": REPLAY}, indent=1) + "\n")
