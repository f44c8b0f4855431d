"""Cross-outlet comparisons on the multi-outlet event-labelled PolNeAR sets (story_events_2672.json,
story_events_2673.json), on the warehouses `stories_dev.py build --labels ...` made (dated, and undated:
no date, no publisher). Run by hand (never part of the test suite):

    .venv/bin/python benchmarks/comparisons_multi_outlet.py --warehouses /tmp/w --work /tmp/w/work \
        --out /tmp/w/measure.json --pairs /tmp/w/pairs.json --draw /tmp/w/draw.json

with /tmp/w/w2672 and /tmp/w/w2673 the `--out` folders of the builds. Per warehouse: its stories, those
with articles of two outlets or more (the labels' outlets: undated articles carry none), and the
comparisons of `claim_comparisons` by kind and verdict; then the same on copies of the warehouse whose
story_articles are the labelled events (what perfect stories would give) and all articles as one story
(what the view's matching allows at all), with the step where claim pairs of one story drop out (same
counted thing; then also the same predicate or class, unit and currency). `--draw`: with seed 2690, up
to 25 conflicts and 25 agreements (agree, compatible) from the warehouses as built, then the labelled-event
copies, then the one-story copies, for judging by hand.
"""
import argparse
import hashlib
import json
import random
import shutil
import sys
from collections import Counter
from pathlib import Path
import duckdb
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories_dev import dev_ids

PAIR_COLS = """c.kind, c.verdict, c.object, c.predicate, c.claim_id_a, c.claim_id_b, c.article_id_a, c.article_id_b,
  c.text_a, c.text_b, c.value_a, c.value_b, c.sentence_a, c.sentence_b, c.subject_a, c.subject_b, c.scope_a, c.scope_b,
  c.time_a, c.time_b, c.later, aa.title AS title_a, ab.title AS title_b, aa.published_at AS published_a, ab.published_at AS published_b"""

def read(db, labels):
    con = duckdb.connect(str(db))
    ids = dev_ids(con)
    lab = {a['id']: a for a in labels['articles']}
    sa = con.execute("SELECT article_id, story_id FROM story_articles").fetchall()
    outlets = {}
    for aid, sid in sa:
        if aid in ids:
            outlets.setdefault(sid, set()).add(lab[ids[aid]]['publisher'])
    multi = sum(1 for s in outlets.values() if len(s) >= 2)
    rows = con.execute(f"""SELECT {PAIR_COLS} FROM claim_comparisons c JOIN articles aa ON aa.article_id = c.article_id_a
        JOIN articles ab ON ab.article_id = c.article_id_b ORDER BY c.kind, c.claim_id_a, c.claim_id_b""").fetchdf()
    pairs = rows.to_dict('records')
    # the view's matching, step by step: claim pairs of one story from two articles of different
    # (label) outlets; then same counted thing; then also same predicate (class), unit and currency
    diag = con.execute('''WITH c AS (SELECT n.*, sa.story_id, o.publisher AS pub FROM numeric_claims n JOIN story_articles sa USING (article_id)
                                     JOIN original_articles o USING (article_id))
        SELECT count(*), count(*) FILTER (WHERE a.object_lemma = b.object_lemma
                                                OR (a.object_class = b.object_class AND (a.object_generic OR b.object_generic))),
               count(*) FILTER (WHERE (a.object_lemma = b.object_lemma
                                       OR (a.object_class = b.object_class AND (a.object_generic OR b.object_generic)))
                                  AND coalesce(a.predicate_class, a.predicate) = coalesce(b.predicate_class, b.predicate)
                                  AND coalesce(a.unit, '') = coalesce(b.unit, '') AND coalesce(a.currency, '') = coalesce(b.currency, ''))
        FROM c a JOIN c b ON a.story_id = b.story_id AND a.article_id <> b.article_id AND a.claim_id < b.claim_id AND (a.pub IS NULL OR b.pub IS NULL OR a.pub <> b.pub)''').fetchall()[0]

    for p in pairs:
        for s in 'ab':
            d = ids.get(p[f'article_id_{s}']); p[f'dev_id_{s}'] = d
            p[f'outlet_{s}'] = lab[d]['publisher'] if d else None
            p[f'event_{s}'] = lab[d]['event'] if d else None
            p[f'published_{s}'] = str(p[f'published_{s}'])
    con.close()
    by = Counter((p['kind'], p['verdict']) for p in pairs)
    return {'stories': len(outlets), 'stories_2plus_outlets': multi,
            'number': {v: n for (k, v), n in sorted(by.items()) if k == 'number'},
            'date': {v: n for (k, v), n in sorted(by.items()) if k == 'date'},
            'pairs_same_event': sum(1 for p in pairs if p['event_a'] == p['event_b']),
            'claim_pairs_one_story_two_articles': diag[0], 'of_them_same_counted_thing': diag[1],
            'of_them_also_same_predicate_unit_currency': diag[2],
            'pairs_same_outlet_label': sum(1 for p in pairs if p['outlet_a'] == p['outlet_b'])}, pairs

def as_events(db, labels, work, one=False):
    copy = work / (('one_' if one else 'events_') + db.parent.name + '_' + db.name)
    shutil.copyfile(db, copy)
    con = duckdb.connect(str(copy))
    ids = dev_ids(con)
    lab = {a['id']: a for a in labels['articles']}
    con.execute("CREATE TEMP TABLE keep AS SELECT * FROM story_articles")
    con.execute("DELETE FROM story_articles")
    for aid, d in ids.items():
        ev = lab[d]['event']
        con.execute("INSERT INTO story_articles SELECT ?, ?, 1.0, 'founder', now(), NULL",
                    [aid, 'one' if one else 'event:' + hashlib.md5(ev.encode()).hexdigest()[:16]])
    con.close()
    return copy

DRAW_HOW = ('seed 2690: up to 25 conflicts and 25 agreements (agree, compatible), from the warehouses as built '
            '(tier 1), then with the labelled events as stories (tier 2), then all articles as one story (tier 3)')


def draw(pairs, path):
    rng = random.Random(2690)
    want = {'conflict': 25, 'agreement': 25}
    seen, out = set(), []
    for tier, suffix in ((1, ''), (2, '_events'), (3, '_one_story')):
        for group in ('conflict', 'agreement'):
            pool = []
            for w in sorted(k for k in pairs if k.endswith(suffix) and (suffix or not k.endswith(('_events', '_one_story')))):
                base = w[:-len(suffix)] if suffix else w
                for p in pairs[w]:
                    v = p['verdict']
                    if (group == 'conflict') != (v == 'conflict') or (group == 'agreement' and v not in ('agree', 'compatible')):
                        continue
                    key = (base, p['kind'], p['claim_id_a'], p['claim_id_b'])
                    if key in seen:
                        continue
                    pool.append((key, w, p))
            pool.sort(key=lambda x: x[0])
            rng.shuffle(pool)
            for key, w, p in pool[:want[group]]:
                seen.add(key); want[group] -= 1
                out.append({'tier': tier, 'warehouse': w, 'group': group, 'kind': p['kind'], 'verdict': p['verdict'],
                            'object': p['object'], 'predicate': p['predicate'], 'claim_id_a': p['claim_id_a'],
                            'claim_id_b': p['claim_id_b'], 'dev_id_a': p['dev_id_a'], 'dev_id_b': p['dev_id_b'],
                            'text_a': p['text_a'], 'text_b': p['text_b'], 'sentence_a': p['sentence_a'],
                            'sentence_b': p['sentence_b'], 'title_a': p['title_a'], 'title_b': p['title_b'],
                            'time_a': p['time_a'], 'time_b': p['time_b'], 'subject_a': p['subject_a'],
                            'subject_b': p['subject_b'], 'scope_a': p['scope_a'], 'scope_b': p['scope_b'],
                            'same_quantity': None, 'same_scope': None, 'same_time': None, 'gold': None, 'why': ''})
    json.dump({'seed': 2690, 'how': DRAW_HOW, 'pairs': out}, open(path, 'w'), indent=1, ensure_ascii=False)
    print(len(out), [(o['tier'], o['group']) for o in out])


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    for a in ('--warehouses', '--work', '--out', '--pairs', '--draw'):
        ap.add_argument(a, required=True)
    args = ap.parse_args()
    out = {'seed_sets': [2672, 2673], 'warehouses': {}, 'as_labelled_events': {}, 'as_one_story': {}}
    allpairs = {}
    work = Path(args.work); work.mkdir(parents=True, exist_ok=True)
    for s in (2672, 2673):
        labels = json.load(open(Path(__file__).resolve().parent / 'judged' / f'story_events_{s}.json'))
        ev = Counter(a['event'] for a in labels['articles'])
        evo = {}
        for a in labels['articles']:
            evo.setdefault(a['event'], set()).add(a['publisher'])
        out.setdefault('labels', {})[str(s)] = {'articles': len(labels['articles']), 'events': len(ev),
            'events_2plus_articles': sum(1 for n in ev.values() if n >= 2),
            'events_2plus_outlets': sum(1 for o in evo.values() if len(o) >= 2)}
        for v in ('dated', 'undated'):
            db = Path(args.warehouses) / f'w{s}' / f'{v}.duckdb'
            summ, pairs = read(db, labels)
            out['warehouses'][f'{s}_{v}'] = summ
            allpairs[f'{s}_{v}'] = pairs
            summ2, pairs2 = read(as_events(db, labels, work), labels)
            out['as_labelled_events'][f'{s}_{v}'] = summ2
            allpairs[f'{s}_{v}_events'] = pairs2
            summ3, pairs3 = read(as_events(db, labels, work, one=True), labels)
            out.setdefault('as_one_story', {})[f'{s}_{v}'] = summ3
            allpairs[f'{s}_{v}_one_story'] = pairs3
    json.dump(out, open(args.out, 'w'), indent=1)
    json.dump(allpairs, open(args.pairs, 'w'), indent=1, default=str)
    print(json.dumps(out, indent=1))
    draw(allpairs, args.draw)
