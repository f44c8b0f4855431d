"""Labels of the seed-2651 story set (story_events_2651_draw.json -> story_events_2651.json), a dev set
drawn for events that run over days: written by hand from title, date and lead (bodies read where the
lead did not say on which occasion a remark was made) before any story code ran on this set.

One event = one happening and its reports, direct reactions and follow-ups: one takeover fight from
the bid to its defence (bids, filings, suits, rating watches, stake changes and the recapitalisation
the bid caused), one deal from the first report that it is sought or negotiated to its completion,
one interview, one speech, one press conference, one official visit's talks. One official's remarks
on different occasions are different events; each listing, option listing or regional crop-weather
summary is its own. Articles also in the dev set or the three other story sets are left out."""
from story_labels import write_labelled_set

groups = {
    'amex_landmark_listing': '6795 7202', 'amex_comb_options': '10492 10571',
    'amex_bear_stearns_specialist': '20541 20667',
    'bally_six_flags_sale': '4893 16983',
    'lyng_economic_policy_council_reporters': '2857 2901', 'lyng_reuters_interview_march': '4382 4392',
    'lyng_grain_exporters_meeting': '6127 6326', 'lyng_virginia_farm_bureau': '9523 9621',
    'lyng_cattlemen_address': '12594 12603 12618', 'lyng_japan_farm_talks': '16784 16943 16947',
    'lyng_reuters_interview_october': '20231 20232 20335 20441 20469 20492',
    'taft_buyout_fight': '2638 2924 3413 3547 4033 4135 4153 6056 6085 6157 11029 11074',
    'taft_tvx_station_sale': '11916 15739',
    'sumita_little_room_to_ease': '3449 3528', 'sumita_will_intervene': '8607 8658 8710',
    'sumita_g6_levels': '9134 9220', 'sumita_business_executives': '9712 9777',
    'sumita_budget_committee': '10659 10661 10769 10774', 'sumita_instability_will_not_last': '11783 11844',
    'siemens_telecom_plus_purchase': '2783 9926 9977', 'siemens_annual_meeting': '9760 9819 9954',
    'balladur_g7_news_conference': '17293 17300', 'balladur_louvre_call': '21122 21138 21512 21556',
    'caesars_sosnoff_bid': '3023 3261 3316 3320 3385 3797 4772 4943 4964 5117 5756 8438 8496 13263 15331 '
                           '16216 19204',
    'bankamerica_equity_offer_analysts': '4 16', 'bankamerica_german_unit_sale': '505 550 2097',
    'bankamerica_clausen_speech': '5719 5730 5733', 'bankamerica_brazil_loans': '6053 12292',
    'bankamerica_credit_card_certificates': '18877 19264',
}
write_labelled_set('story_events_2651',
                   groups,
                   how="title words in seed 2651's shuffled order (stories_devset.py order, the words of the four earlier "
                        "sets excluded), the first ten naming one company, person or body (places, commodities, "
                        "accords and words naming several companies skipped: KUWAIT, DELTA, SOUTHWEST, LOUVRE, "
                        "HUGHES, MORGAN...): {words}; every candidate plus 40 Reuters and 30 PolNeAR background "
                        "articles (seed 2651), minus the articles of the dev set and of the seed-2615, seed-2627 and "
                        "seed-2641 sets; labelled by hand before any story code ran on this set; a dev set (tuned on)",
                   earlier=('story_events', 'story_events_test', 'story_events_2627', 'story_events_2641'))
