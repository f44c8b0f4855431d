"""Labels of the fresh story set of seed 2668 (story_events_2668_draw.json -> story_events_2668.json),
written by hand from title, date and lead (a few bodies read where the lead did not say on which
occasion a remark was made or whether two reports were one deal) before any story code ran on this
set. Drawn to measure the follow-up merge of dated stories days apart on data none of its settings saw.

Same conventions as the earlier held-out sets. One event = one happening and its reports and direct
reactions: one takeover fight (its bids, filings, suits, rating changes and stake changes caused by
the bid, to the completion), one deal from first report to completion (a unit sale, a venture, a
listing from its plan to the shareholders' approval), one meeting or visit (from its announcement
to the talks), one speech or hearing and the reactions to it, one quarter's or year's results, one
bond issue (its duplicates). One official's remarks on different occasions are different events; one
company's different orders, contracts and product announcements are different events. Articles also
in the dev sets or the held-out sets are left out."""
from story_labels import write_labelled_set

groups = {
    'shell_group_1986_results': '2061 2221', 'shell_uk_1986_results': '8777 8820',
    'toyota_philippine_production': '5777 6368',
    'reuters_property_finance_system': '858 2702', 'reuters_tokyo_listing': '13283 17414',
    'purolator_takeover': '768 1667 2224 4369 4477 5442 11279 11763 12054 12195 12305 14201 17610',
    'unisys_march_25_products': '9355 9421',
    'shultz_moscow_visit': '255 286 2733 2766 15284 16218 16229 16550 16730',
    'shultz_wheat_growers': '6882 6940 7326', 'eep_wheat_offer_speculation': '12002 12009',
    'shultz_asean_conference': '18472 19033',
    'amoco_canada_share_offering': '17983 18201',
    'gillette_canada_franc_bond': '10719 10763', 'gillette_canada_sterling_bond': '15746 15747',
    'gillette_revlon_bid': '18577 18660 18938 18979 19364 20396',
    'finnair_md11_order': '11952 12105',
    'rexnord_banner_takeover': '547 657 849 1847 7247 11055',
    'rexnord_railway_unit_sale': '3790 3856 3910', 'rexnord_fairfield_sale': '11113 11257',
    'bancroft_zico_offer': '2728 4323',
}
write_labelled_set('story_events_2668',
                   groups,
                   how="title words in seed 2668's shuffled order (stories_devset.py order, the words of the five earlier "
                        "sets excluded), the first ten naming one company, person or body (places, commodities and "
                        "words naming several companies skipped: LATIN, ROYAL, GOLDEN, STAR, MOSCOW, BELL, BONN, "
                        "MITSUBISHI, NIGERIA, REPUBLIC, ATLANTIC, EDISON, MORGAN, ALLEGHENY, BROWN, ZENITH, NIPPON, "
                        "HARPER, PREMIER, MART...; SHELL and TOYOTA kept as one group of companies each): {words}; every "
                        "candidate plus 40 Reuters and 30 PolNeAR background articles (seed 2668), minus the articles "
                        "of the dev sets and of the held-out sets; labelled by hand before any story code ran on this set",
                   polnear={},
                   earlier=('story_events', 'story_events_test', 'story_events_2627', 'story_events_2641',
                            'story_events_2651'))
