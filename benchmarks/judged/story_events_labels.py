import json
d = json.load(open('benchmarks/judged/story_events_draw.json'))
KEEP = ['VOLCKER', 'BORG-WARNER', 'STOLTENBERG', 'OCCIDENTAL', 'CFTC', 'PHILIPS', 'SHAMROCK', 'ALLIS-CHALMERS', 'DUFF', 'NYSE']
groups = {
 'volcker_third_term_talk': '854 965', 'volcker_testimony_mar12': '4513 4547 4555 4575 4587 4597',
 'volcker_trade_deficit_speech': '7537 7633', 'baker_on_volcker_reappointment': '9690 9798',
 'volcker_senate_testimony_apr7': '13903 13946 13950 13988 14012 14055 14270',
 'volcker_leaves_fed': '17615 18005 18049 18058 18090 18100 18102 18107 18126 18132 18142 18250 18299 18344 18359',
 'stoltenberg_press_before_imf': '12791 12828 12842 12844 12855', 'g7_imf_washington_apr': '14727 14987 15562',
 'baker_stoltenberg_meeting_oct': '20071 20080 20087 20089 20158 20631 20868 21303',
 'funaro_european_debt_tour': '975 1248',
 'borg_warner_takeover_fight': '9075 11299 11504 12247 16163 16398 16513 16586 16656',
 'borg_warner_industrial_sale': '4201 5097', 'ibp_meatpackers_lockout': '2495 4503 4577',
 'occidental_share_offering': '1463 2045', 'natural_gas_pipeline_debt_retirement': '17515 17611',
 'cbt_cme_at_cftc_committee': '3045 3079', 'cftc_house_hearing_mar26': '10034 10055 10070',
 'cftc_user_fee_plan': '8466 10004', 'cftc_position_limit_plan': '10039 11343', 'cftc_davis_off_exchange': '18695 18735',
 'philips_nyse_listing': '8851 15015', 'diamond_shamrock_split': '12044 12277 16867',
 'shamrock_central_soya_sale': '21301 21454 21462', 'allis_chalmers_restructuring_plan': '1860 2284',
 'allis_chalmers_boliden_sale': '11829 11841 11910',
 'allis_chalmers_chapter11': '19596 19628 19818 19847 19849', 'nyse_rule390_london': '3012 3248 3357 5103',
 'nyse_triple_witching_march': '4570 4847 4866 5612 6249', 'nyse_program_trading_review': '6045 6080',
 'santa_fe_stock_activity': '10900 10915',
 'market_crash_oct1987': '20289 20504 20629 20703 20748 20924 20964 21116 20769',
 'gop_debate_mar10': 'polnear:politico_2016-03-10_trump-s-rivals-pull-their-punche polnear:breitbart_2016-03-11_brooks-rubio',
 'first_presidential_debate': 'polnear:breitbart_2016-09-25_pence-gennifer polnear:wash-post_2016-09-29_the-real-trump',
}
label = {}
for ev, ids in groups.items():
    for i in ids.split():
        label[i if i.startswith('polnear:') else 'reuters:' + i] = ev
articles = {}
for w in KEEP:
    for r in d['candidates'][w]:
        articles[r['id']] = {'id': r['id'], 'title': r['title'], 'date': r['date'], 'drawn_by': w}
for r in d['background_reuters']:
    articles.setdefault(r['id'], {'id': r['id'], 'title': r['title'], 'date': r['date'], 'drawn_by': 'background'})
for r in d['background_polnear']:
    articles.setdefault(r['id'], {'id': r['id'], 'title': r['title'], 'date': r['date'], 'drawn_by': 'background'})
for key in list(label):
    if key.startswith('polnear:'):
        full = [a for a in articles if a.startswith(key)]
        assert len(full) == 1, key
        label[full[0]] = label.pop(key)
missing = set(label) - set(articles)
assert not missing, missing
for a in articles.values():
    a['event'] = label.get(a['id'], 'solo:' + a['id'])
events = {}
for a in articles.values():
    events.setdefault(a['event'], []).append(a['id'])
multi = {e: v for e, v in events.items() if len(v) > 1}
out = {'seed': d['seed'], 'drawn_from': 'benchmarks/judged/story_events_draw.json',
       'how': ('The first ten words of the drawn order naming one company, person or organisation (skipped: '
               'generic words, countries, words shared by several companies such as DOMINION, INTERSTATE, EDISON, '
               'PHELPS, COOPER): ' + ', '.join(KEEP) + '. Every candidate of those words plus the 80 Reuters and 60 '
               'PolNeAR background articles, labelled by hand from title, date and lead before any tuning: '
               'one event = one happening and its direct follow-ups (a takeover fight, a hearing, a departure); '
               'other articles are events of their own (solo:<id>).'),
       'labelled_by': 'the engineer, reading title, date and lead of each article (one omission fixed before tuning: 12842 repeats 12791 word for word)',
       'articles': sorted(articles.values(), key=lambda a: a['id']),
       'events_with_several_articles': len(multi)}
json.dump(out, open('benchmarks/judged/story_events.json', 'w'), indent=1, ensure_ascii=False)
print(len(articles), 'articles;', len(events), 'events;', len(multi), 'multi-article events;',
      sum(len(v) for v in multi.values()), 'articles in them')
