"""Labels of the second multi-outlet story set, seed 2673 (story_events_2673_draw.json -> story_events_2673.json),
held out: written by hand from title, date, outlet and lead (about 25 leads read to 300 characters) before
any story code ran on it and before any tuning on seed 2672; scored once, at the end.

Drawn as seed 2672 (`stories_devset.py draw-outlets --seed 2673 --days 3 --exclude story_events_2672`:
the articles of seed 2672 left out); the first eight windows were taken (the first that give 150 or more
articles and ten or more events of two or more). Same conventions as seed 2672: one event = one happening
and its reports, previews and direct reactions (one debate, one convention, one attack and the campaign's
answers to it in the days after, one state's caucuses and their result, one forum, one meeting, one poll's
reports); one theme per article, an event's articles share one; themes not listed are `campaign_race`.
The two copies of one Washington Post article (published twice) are one event."""
from story_labels import write_outlets_set

events = {
    'democratic_debate_december': 'huff-post_2015-12-20_hillary-clinton-s-claim-that-don '
        'huff-post_2015-12-20_why-the-democratic-party-s-move- wash-post_2015-12-20_democratic-candidates-pivot-shar '
        'west-journal_2015-12-21_revealed-what-isis-propaganda-vi usa-today_2015-12-23_our-debates-draw-viewers-contras '
        'usa-today_2015-12-23_saturday-night-s-all-right-for-f',
    'putin_praises_trump': 'nyt_2015-12-19_putin-chides-turkey-and-praises- nyt_2015-12-22_trump-says-praise-from-putin-hel',
    'clinton_gathering_strength_column': 'wash-post_2015-12-22_as-spotlight-shines-on-trump-and '
        'wash-post_2015-12-23_as-spotlight-shines-on-trump-and',
    'trump_ryan_meeting': 'breitbart_2016-05-12_trump-ryan-pledge-to-work-togeth politico_2016-05-12_the-trump-gop-feud-lives-on',
    'zimmerman_gun_auction': 'huff-post_2016-05-12_george-zimmerman-auctioning-off- usa-today_2016-05-13_auction-of-gun-used-to-kill-tray',
    'fifty_state_poll': 'wash-post_2016-09-07_five-key-trends-to-watch-ahead-o wash-post_2016-09-07_third-party-contenders-are-wild-',
    'commander_in_chief_forum': 'usa-today_2016-09-08_candidates-vie-for-vets-support- politico_2016-09-08_flynn-says-trump-absolutely-righ',
    'republican_convention': 'breitbart_2016-07-21_trump-fever-infects-convention-f nyt_2016-07-21_amid-discord-trump-claims-nomina '
        'usa-today_2016-07-22_drama-doesn-t-slow-partying wash-post_2016-07-22_republican-assails-elites-as-he-',
    'kaine_running_mate_pick': 'breitbart_2016-07-22_tim-kaine-fully-embraced-abortio usa-today_2016-07-25_clinton-pick-gives-trump-an-open',
    'dnc_email_leak': 'breitbart_2016-07-25_dnc-issues-deep-and-sincere-apol huff-post_2016-07-25_monday-s-morning-email-putin-s-p',
    'democratic_convention': 'politico_2016-07-24_al-gore-to-skip-democratic-conve politico_2016-07-25_sarah-silverman-heckles-sanders- '
        'usa-today_2016-07-25_some-democrats-in-tight-races-wi usa-today_2016-07-26_protesters-push-through-intense- '
        'breitbart_2016-07-27_obama-to-frame-election-as-comma huff-post_2016-07-27_guns-are-the-ultimate-public-hea '
        'politico_2016-07-27_charter-supporters-make-their-ca usa-today_2016-07-27_black-lives-matter-seeks-clinton '
        'usa-today_2016-07-27_michelle-obama-made-america-pay- wash-post_2016-07-27_bill-clinton-addresses-a-very-di',
    'wisconsin_primary': 'politico_2016-04-04_anti-trump-super-pac-does-wiscon politico_2016-04-05_ted-cruz-wins-wisconsin-republic',
    'paris_attacks_campaign': 'wash-post_2015-11-15_carnage-renews-debate-over-milit nyt_2015-11-16_social-sites-overflow-when-crisi '
        'nyt_2015-11-17_terrorism-moves-to-fore-of-u-s-c wash-post_2015-11-17_republicans-turning-their-backs- '
        'breitbart_2015-11-18_ny-daily-news-paris-terror-attac nyt_2015-11-18_paris-attacks-test-clinton-s-str '
        'breitbart_2015-11-19_hillary-clinton-calls-on-u-s-to- politico_2015-11-19_trump-calls-for-bringing-back-su',
    'democratic_debate_november': 'wash-post_2015-11-16_clinton-s-missteps-at-debate-arm huff-post_2015-11-17_post-rebuilding-isn-t-the-only-r',
    'iowa_caucuses': 'huff-post_2016-02-01_here-s-why-winning-iowa-could-br huff-post_2016-02-01_read-live-updates-on-the-iowa-ca '
        'nyt_2016-02-01_iowa-caucus-is-first-look-into-m huff-post_2016-02-02_don-t-let-the-media-and-marco-ru '
        'usa-today_2016-02-02_maybe-trump-hasn-t-rewritten-rul wash-post_2016-02-02_no-clear-favorites-going-into-ne '
        'west-journal_2016-02-02_there-s-something-funny-about-hi huff-post_2016-02-03_huffpollster-a-seismic-shift-amo '
        'nyt_2016-02-04_polls-miss-trump-s-fall-in-iowa- politico_2016-02-05_carson-cruz-taking-benghazi-appr',
    'democratic_debate_february': 'breitbart_2016-02-04_things-to-know-for-today wash-post_2016-02-05_in-the-democrats-debate-some-fam',
    'aipac_conference': 'usa-today_2016-03-22_clinton-trump-s-view-of-the-worl wash-post_2016-03-22_presidential-candidates-promise-',
    'march_22_contests': 'politico_2016-03-23_sanders-scrambles-to-keep-pace-w wash-post_2016-03-24_stop-trumpers-here-are-some-reas',
}

topics = {
    'debates': """huff-post_2015-12-20_hillary-clinton-s-claim-that-don huff-post_2015-12-20_why-the-democratic-party-s-move-
        wash-post_2015-12-20_democratic-candidates-pivot-shar west-journal_2015-12-21_revealed-what-isis-propaganda-vi
        usa-today_2015-12-23_our-debates-draw-viewers-contras usa-today_2015-12-23_saturday-night-s-all-right-for-f
        wash-post_2015-11-16_clinton-s-missteps-at-debate-arm huff-post_2015-11-17_post-rebuilding-isn-t-the-only-r
        breitbart_2016-02-04_things-to-know-for-today wash-post_2016-02-05_in-the-democrats-debate-some-fam""",
    'conventions': """breitbart_2016-07-21_trump-fever-infects-convention-f nyt_2016-07-21_amid-discord-trump-claims-nomina
        usa-today_2016-07-22_drama-doesn-t-slow-partying wash-post_2016-07-22_republican-assails-elites-as-he-
        politico_2016-07-24_al-gore-to-skip-democratic-conve politico_2016-07-25_sarah-silverman-heckles-sanders-
        usa-today_2016-07-25_some-democrats-in-tight-races-wi usa-today_2016-07-26_protesters-push-through-intense-
        breitbart_2016-07-27_obama-to-frame-election-as-comma huff-post_2016-07-27_guns-are-the-ultimate-public-hea
        politico_2016-07-27_charter-supporters-make-their-ca usa-today_2016-07-27_black-lives-matter-seeks-clinton
        usa-today_2016-07-27_michelle-obama-made-america-pay- wash-post_2016-07-27_bill-clinton-addresses-a-very-di""",
    'security_foreign': """nyt_2015-12-19_putin-chides-turkey-and-praises- nyt_2015-12-22_trump-says-praise-from-putin-hel
        usa-today_2015-12-22_in-brief nyt_2016-05-09_american-admiral-rattles-beijing
        usa-today_2016-09-08_candidates-vie-for-vets-support- politico_2016-09-08_flynn-says-trump-absolutely-righ
        usa-today_2016-09-08_lawmaker-urges-retaliation-on-ru wash-post_2016-09-10_outrage-but-few-options-on-the-t
        west-journal_2016-07-23_trump-addresses-munich-attack-th usa-today_2016-04-01_obama-asian-leaders-huddle-on-re
        wash-post_2015-11-15_carnage-renews-debate-over-milit nyt_2015-11-16_social-sites-overflow-when-crisi
        nyt_2015-11-17_terrorism-moves-to-fore-of-u-s-c wash-post_2015-11-17_republicans-turning-their-backs-
        breitbart_2015-11-18_ny-daily-news-paris-terror-attac nyt_2015-11-18_paris-attacks-test-clinton-s-str
        breitbart_2015-11-19_hillary-clinton-calls-on-u-s-to- politico_2015-11-19_trump-calls-for-bringing-back-su
        huff-post_2016-03-21_the-rise-of-switzerland-s-trump usa-today_2016-03-22_clinton-trump-s-view-of-the-worl
        wash-post_2016-03-22_presidential-candidates-promise-""",
    'clinton_emails_foundation': """breitbart_2016-05-11_sidney-blumenthal-no-idea-if-i-w wash-post_2016-09-07_republican-seeks-new-clinton-inq
        usa-today_2016-09-08_laws-don-t-apply-equially-to-cli breitbart_2016-07-25_dnc-issues-deep-and-sincere-apol
        huff-post_2016-07-25_monday-s-morning-email-putin-s-p wash-post_2015-11-16_clinton-s-claim-that-percent-of-""",
    'immigration_muslims': """huff-post_2015-12-17_st-paul-votes-to-condemn-donald- usa-today_2016-05-11_london-s-muslim-mayor-rebuffs-tr
        huff-post_2016-07-26_obama-administration-to-expand-p nyt_2016-03-23_attacks-renew-bitter-debate-on-m""",
    'race_relations': """west-journal_2015-12-21_obama-just-pulled-out-the-race-c huff-post_2015-12-22_of-the-most-powerful-things-lati""",
    'social_courts': """huff-post_2016-05-12_george-zimmerman-auctioning-off- usa-today_2016-05-13_auction-of-gun-used-to-kill-tray
        wash-post_2016-09-07_split-on-supreme-court-aids-chal politico_2016-04-05_bill-clinton-hillary-thinks-feds""",
    'trump_business': """usa-today_2016-09-08_with-two-months-to-go-trump-stil""",
    'economy_trade': """usa-today_2016-05-09_crippling-college-debt-changes-h usa-today_2016-05-11_millennials-don-t-get-socialism-
        nyt_2016-07-26_the-one-thing-both-sides-want-br nyt_2016-07-27_fed-governor-adopting-a-global-l
        wash-post_2016-03-30_as-clinton-sanders-answer-union- politico_2015-11-13_casino-revenue-up-slightly-this-
        huff-post_2015-11-15_bernie-sanders-it-is-not-a-radic nyt_2016-02-03_tax-overhaul-remains-a-distant-g
        politico_2016-02-05_obama-slams-gop-s-doom-and-despa nyt_2016-03-21_factory-workers-feel-sting-of-gl
        usa-today_2016-03-24_nabisco-rolls-out-layoffs-in-chi""",
    'environment_energy': """wash-post_2016-05-09_for-outgoing-u-n-chief-climate-d nyt_2016-09-08_obama-on-climate-change-the-tren""",
    'health_care': """usa-today_2015-12-22_clinton-to-call-for-wider-effort breitbart_2016-04-01_clinton-sanders-had-opposing-vie""",
    'media_culture': """huff-post_2015-12-19_donald-trump-sounds-weirdly-soph breitbart_2015-12-21_chelsea-clinton-husband-expectin
        breitbart_2015-12-21_nytimes-casually-conflates-ted-c west-journal_2016-05-12_washington-post-assembles-a-siza
        nyt_2016-07-25_political-future-unsure-at-fox-a breitbart_2015-11-17_wash-post-fact-check-if-obama-sa
        breitbart_2015-11-19_exclusive-excerpt-dinesh-d-souza breitbart_2016-02-02_red-hot-chili-peppers-in-final-s""",
    'other': """nyt_2016-04-01_paid-notice-deaths-siegel-jerome nyt_2016-02-01_with-wall-st-center-stage-novel-""",
}

write_outlets_set('story_events_2673', 8, events, topics,
                  how="PolNeAR, stories_devset.py draw-outlets --seed 2673 --days 3 --exclude story_events_2672: anchors "
                      "in the seed's shuffled order, each anchor not inside an earlier window with every article published "
                      "within 3 days of it (any of the seven outlets); the first eight windows (159 articles); events and "
                      "a theme per article labelled by hand from title, date, outlet and lead before any story code ran on "
                      "this set and before any tuning on seed 2672",
                  default_topic='campaign_race')
