"""Tried, not kept: the follow-up path opened to dated stories of `floor` articles or more (the shipped
floor is 6) when the article and the story share `rare` or more of the article's salient entities
whose document frequency is at most `df_min` (replay in memory, dated, the four dev sets).

    .venv/bin/python benchmarks/stories_r14_rare_follow_up.py '{"floor":[99,1,2,3],"rare":[1,2],"df_min":[3,6],"df_share":[0.0]}'
"""
import json, sys, math, dataclasses, itertools
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.stories_dev import pair_scores, topics
from benchmarks.stories_dev_fast import load_docs
from pipelines.core import stories
from pipelines.core.stories import similarity as sim
sets = [("storydev","story_events.json"),("story2615","story_events_test.json"),("story2651","story_events_2651.json"),("w2668","story_events_2668.json")]
if len(sys.argv) > 2 and sys.argv[2] == "heldout":
    sets = [("story2627","story_events_2627.json"),("story2641","story_events_2641.json")]
DF = {}; NDOCS = [0]; CFG = {}
class Index(stories.StoryIndex):
    def assign(self, doc, vector, title=None):
        params = self.params
        salient = stories.salient_entities(doc, params.salient_entities)
        best = None
        for story_id in sorted(self.candidates(salient)):
            story = self.stories[story_id]
            if not stories.in_window(doc, story, params.window_days, params.dated_window_days): continue
            if sum(1 for t in salient if t in story.centroid) < params.min_shared_entities: continue
            f = sim.pair_features(doc, vector, title or {}, salient, story, params)
            if "time_factor" in f and f["shared_entity_weight"] < params.min_shared_entity_weight: continue
            p = self.model.probability(f)
            needed = params.min_probability if "time_factor" in f else params.min_probability_undated
            if p < needed and "log_days_apart" in f and math.expm1(f["log_days_apart"]) >= params.follow_up_min_days:
                big = story.articles >= params.follow_up_min_articles
                rare = sum(1 for t in salient if t in story.centroid and DF.get(t, 0) <= max(CFG["df_min"], CFG["df_share"] * NDOCS[0]))
                if big or (story.articles >= CFG["floor"] and rare >= CFG["rare"]):
                    p, needed = self.model.probability(f, follow_up=True), CFG.get("p", params.min_probability_follow_up)
            if p >= needed and (best is None or p > best[0]): best = (p, story_id)
        if best is not None:
            story = self.stories[best[1]]; self._grow(story, vector, doc)
            return stories.Assignment(doc.article_id, story.story_id, round(best[0], 6), "joined")
        story = stories.StoryState(story_id=stories.story_id_for(doc.article_id), label="", centroid={},
            first_published_at=doc.published_at, last_published_at=doc.published_at,
            first_seen_at=doc.seen_at, last_seen_at=doc.seen_at, last_ingested_at=doc.ingested_at)
        self.add_story(story); self._grow(story, vector, doc)
        return stories.Assignment(doc.article_id, story.story_id, 1.0, "founder")
def replay(docs, params, batch=100):
    DF.clear(); NDOCS[0] = 0
    index = Index(params); story_of = {}; grown = []
    for start in range(0, len(docs), batch):
        part = docs[start:start+batch]
        counts = [stories.term_counts(d) for _i, d in part]
        for c in counts:
            for t in c: DF[t] = DF.get(t, 0) + 1
        NDOCS[0] += len(part)
        for (i, d), c in zip(part, counts):
            v = stories.article_vector(c, DF, NDOCS[0], params); tv = stories.title_vector(d, DF, NDOCS[0])
            story_of[i] = index.assign(d, v, tv).story_id; grown.append(story_of[i])
        into = stories.merge_targets(index.merge_converged(grown))
        story_of = {i: into.get(s, s) for i, s in story_of.items()}; grown = []
    return story_of
grid = json.loads(sys.argv[1]); OUT = []
data = {}
for wh, lab in sets:
    labels = json.load(open(f"benchmarks/judged/{lab}"))
    data[wh] = (load_docs(Path(f"/tmp/r14s/{wh}/dated.duckdb")), {a["id"]: a["event"] for a in labels["articles"]}, topics(labels))
for values in itertools.product(*grid.values()):
    CFG.clear(); CFG.update(dict(zip(grid, values)))
    pover = {k: v for k, v in CFG.items() if k in {f.name for f in dataclasses.fields(stories.StoryParams)}}
    params = dataclasses.replace(stories.StoryParams(), **pover)
    row = []
    for wh in data:
        docs, ev, tp = data[wh]
        s = pair_scores(replay(docs, params), ev, tp)
        row.append(f"{wh}: {s['precision']}/{s['recall']}/{s['topic_precision']}/{s['large_event_recall']}")
    print(CFG, " | ".join(row), flush=True); OUT.append({"setting": dict(CFG), "dated P/R/topicP/largeR": row})
Path(__file__).resolve().parent.joinpath("results", "stories_dev_fast_r14_rare_follow_up.json").write_text(json.dumps(
    {"warehouses": "r12 dev warehouses (main at c78e876) and seed 2668's (r13, main at 3b20a52)", "grid": grid, "rows": OUT}, indent=1) + "\n")
