"""Labels of the third held-out story set (story_events_2641_draw.json -> story_events_2641.json),
written by hand from title, date and lead (a few bodies read where the lead did not say on which
occasion a remark was made) before any story code ran on this set.

One event = one happening and its reports and direct reactions: one takeover fight (its bids,
filings, suits, rating watches and stake changes caused by the bid), one nomination and the
reactions to it, one press conference, one meeting, one interview, one deal from agreement to
completion, one quarter's results. One official's remarks on different occasions are different
events; two rating agencies' actions are two events; each company's Nasdaq listing is its own.
Articles also in the dev set or the two earlier held-out sets are left out."""
from story_labels import write_labelled_set

groups = {
    'viacom_takeover': '393 496 714 1000 1354 1808 3356 10171',
    'viacom_cosby_suit': '4527 18236', 'viacom_preferred_dividend': '19248 19315',
    'crazy_eddie_rights_plan': '16211 16409', 'crazy_eddie_antar_leaves_board': '16217 16556',
    'crazy_eddie_entertainment_bid': '17513 17839 19683', 'crazy_eddie_moodys_review': '18947 18958',
    'crazy_eddie_board_slate': '20216 21210',
    'subroto_after_suharto_meeting': '873 952', 'subroto_asean_energy_meeting': '4662 4664 4713 4714',
    'subroto_tin_pact': '13275 14844', 'subroto_signing_ceremony': '13276 13290',
    'subroto_oil_executives': '17254 17289',
    'phelps_durham_interview': '18280 18317 18339', 'phelps_third_quarter': '21327 21436',
    'iadb_baker_veto': '6032 6066',
    'iadb_annual_meeting_reform': '8077 8128 8202 8310 8548 8963 9673', 'iadb_lending_plan': '8271 8277',
    'gencorp_general_partners_bid': '6410 6463 6630 6665 6750 6780 6815 6819 6928 8204 8361 9036 9087 9088 '
                                    '9638 10533 10676 10784 11144 11161 11253 11492 12317 12858 13206 13210 '
                                    '14504 14543 15600 15700 16395',
    'gencorp_rko_licenses': '21290 21434',
    'allied_linotype_sale': '9443 11657', 'allied_neptune_sale': '19601 19975',
    'allied_third_quarter': '21188 21260',
    'greenspan_nomination': '18012 18064 18130 18159 18161 18167 18183 18185 18316 18346',
    'greenspan_crash_response': '20141 20184',
    'rjr_nabisco_eurobond': '17908 17917 17944 17945',
}
polnear = {
    'iowa_caucus': ['huff-post_2016-02-01_read-live-updates-on-the-iowa-ca',
                    'huff-post_2016-02-03_huffpollster-a-seismic-shift-amo'],
    'march_15_primaries': ['huff-post_2016-03-16_donald-trump-got-more-votes-in-o',
                           'usa-today_2016-03-17_voters-turned-out-in-droves-tues'],
    'new_york_primary': ['huff-post_2016-04-20_hillary-clinton-gives-emotional-',
                         'huff-post_2016-04-20_hillary-clinton-won-among-wall-s'],
}
write_labelled_set('story_events_2641',
                   groups,
                   how="title words in seed 2641's shuffled order (stories_devset.py order, the words of the three earlier "
                        "sets excluded), the first eleven naming one company, person or body (places, commodities and "
                        "words naming several companies skipped: KONG, PAKISTAN, QUEBEC, OHIO, PHOENIX, REPUBLIC, "
                        "COMMONWEALTH, DIAMOND, BELL...): {words}; every candidate plus 80 Reuters "
                        "and 60 PolNeAR background articles (seed 2641), minus the articles of the dev set and of the "
                        "seed-2615 and seed-2627 sets; labelled by hand before any story code ran on this set",
                   polnear=polnear,
                   earlier=('story_events', 'story_events_test', 'story_events_2627'))
