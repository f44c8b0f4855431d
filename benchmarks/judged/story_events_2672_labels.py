"""Labels of the multi-outlet story set of seed 2672 (story_events_2672_draw.json -> story_events_2672.json),
written by hand from title, date, outlet and lead (about 50 leads read to 330 characters where the title
did not say which happening an article reports) before any story code ran on this set.

Drawn from PolNeAR (seven US outlets, the 2016 campaign; `stories_devset.py draw-outlets --seed 2672
--days 3`): the articles in the seed's shuffled order are anchors, each anchor not inside an earlier
window brings every article published within 3 days of it; the first nine windows were taken (the
first that give 150 or more articles and ten or more events of two or more).

One event = one happening and its reports, previews and direct reactions: one debate (its previews,
its guests, the fact checks and remarks on it), one speech or address and the replies to it, one
disclosure (a filing, a department's finding) and the remarks on it, one candidate's remark and the
row it caused, one primary night and the nomination it settled. A campaign's run-up to a state's vote,
a poll, an opinion letter on a theme and a profile are not events (solo), nor are one person's remarks
on different occasions. Topics are themes (one per article, an event's articles share one), finer than
the campaign: an analyst would not put a debate, an email disclosure and a primary in one story."""
from story_labels import write_outlets_set

events = {
    'biden_scranton_rally': 'nyt_2016-08-17_biden-calls-trump-risk-to-u-s-sa west-journal_2016-08-18_biden-aims-insult-at-trump-slams',
    'trump_campaign_shakeup': 'huff-post_2016-08-17_the-unhappy-campaign-of-paul-man nyt_2016-08-18_trump-hires-conservative-website',
    'obama_oval_office_terror_address': 'politico_2015-12-06_clinton-time-for-intensification '
        'usa-today_2015-12-07_republicans-reaction-is-that-all west-journal_2015-12-07_immediately-after-obama-s-terror',
    'trump_muslim_entry_ban_proposal': 'breitbart_2015-12-07_clinton-camp-trump-s-islamaphobi '
        'wash-post_2015-12-10_netanyahu-rejects-trump-s-remark',
    'trump_financial_disclosure': 'west-journal_2016-05-17_trump-files-largest-financial-st '
        'breitbart_2016-05-18_trump-s-investments-include-comp',
    'sanders_supporters_convention_row': 'nyt_2016-05-19_democrats-pressure-sanders-to-re '
        'wash-post_2016-05-19_sanders-s-supporters-not-giving-',
    'obama_gun_executive_actions': 'west-journal_2016-01-04_texas-gov-hears-about-obama-s-gu '
        'breitbart_2016-01-05_the-latest-cruz-to-give-away-eng',
    'trump_skips_fox_debate': 'politico_2016-01-28_super-pac-blasts-trump-for-skipp '
        'usa-today_2016-01-29_absent-trump-derides-debate-cruz west-journal_2016-01-29_trump-made-this-shocking-final-d',
    'state_top_secret_emails_finding': 'wash-post_2016-01-31_state-calls-emails-of-clinton-to '
        'breitbart_2016-01-31_issa-hillary-clinton-s-honesty-i',
    'trump_mexico_visit_immigration_speech': 'breitbart_2016-08-31_jeff-sessions-rudy-giuliani-wear '
        'usa-today_2016-09-01_trump-didn-t-need-to-meet-with-p wash-post_2016-09-01_trump-appeared-to-break-down-wal',
    'trump_attacks_on_judge': 'wash-post_2016-06-02_not-just-another-trump-vendetta '
        'huff-post_2016-06-08_chuck-grassley-compares-trump-s- huff-post_2016-06-08_why-republicans-won-t-renounce-t '
        'nyt_2016-06-09_ryan-calls-trump-line-racist-but usa-today_2016-06-09_trump-tries-new-chapter-in-campa',
    'clinton_clinches_nomination': 'west-journal_2016-06-06_breaking-latest-primary-has-big- '
        'wash-post_2016-06-06_clinton-wins-puerto-rico-amid-ca huff-post_2016-06-08_hillary-clinton-wins-south-dakot '
        'nyt_2016-06-08_durability-carries-clinton-to-he wash-post_2016-06-09_game-over-will-sanders-come-down '
        'huff-post_2016-06-09_girliguessimwithher-is-the-ambiv',
    'obama_backs_clinton_party_unity': 'breitbart_2016-06-08_ready-to-back-clinton-obama-work '
        'huff-post_2016-06-09_barack-obama-s-endorsement-could wash-post_2016-06-09_party-aims-to-heal-primary-wound',
    'first_presidential_debate': 'usa-today_2016-09-23_ready-for-trump-vs-clinton-his-p '
        'usa-today_2016-09-23_trump-questions-the-fairness-of- breitbart_2016-09-25_pence-gennifer-flowers-won-t-be- '
        'breitbart_2016-09-26_green-party-candidate-jill-stein huff-post_2016-09-26_one-tweet-sums-up-the-absurd-dou '
        'west-journal_2016-09-26_popular-website-shows-bias-when- west-journal_2016-09-26_rush-limbaugh-hillary-asking-mod '
        'huff-post_2016-09-27_hillary-clinton-goes-after-donal politico_2016-09-28_axelrod-calls-on-dean-to-apologi '
        'breitbart_2016-09-29_politifact-donald-trump-is-right wash-post_2016-09-29_the-real-trump-showed-up-at-deba',
    'charlotte_police_shooting': 'wash-post_2016-09-25_phone-video-is-first-public-look '
        'wash-post_2016-09-26_charlotte-struggles-to-return-to',
}

topics = {
    'campaign_race': """huff-post_2016-08-17_the-unhappy-campaign-of-paul-man nyt_2016-08-17_biden-calls-trump-risk-to-u-s-sa
        politico_2016-08-17_ap-trump-chair-routed-ukrainian- politico_2016-08-17_benghazi-mom-speechwriter-reveal
        west-journal_2016-08-17_wyoming-republicans-support-send nyt_2016-08-18_trump-hires-conservative-website
        west-journal_2016-08-18_biden-aims-insult-at-trump-slams breitbart_2016-08-19_as-bill-clinton-turns-a-look-at-
        usa-today_2016-08-19_whigs-died-but-gop-can-survive nyt_2016-08-22_pundit-turns-adviser-in-the-serv
        breitbart_2015-12-10_millennial-democratics-prefer-be west-journal_2015-12-10_something-horrible-was-just-rele
        breitbart_2015-12-11_exclusive-maria-espinoza-anti-il breitbart_2015-12-11_trump-cruz-has-to-come-a-long-wa
        west-journal_2015-12-12_boom-trump-just-fired-a-word-mis
        west-journal_2016-05-14_gingrich-takes-talk-of-being-tru nyt_2016-05-18_clinton-hints-at-husband-s-job-r
        usa-today_2016-05-18_in-kentucky-democrats-battling-i nyt_2016-05-19_democrats-pressure-sanders-to-re
        wash-post_2016-05-19_sanders-s-supporters-not-giving-
        nyt_2016-01-04_for-trump-lessons-from-a-brother usa-today_2016-01-04_bernie-sanders-raises-m-is-withi
        usa-today_2016-01-04_death-lies-and-pandering-on-the- politico_2016-01-05_trump-quietly-builds-a-data-jugg
        usa-today_2016-01-05_bill-is-back-hillary-s-husband-o politico_2016-01-07_seiu-chief-says-trump-can-win
        usa-today_2016-01-08_why-donald-trump-is-leading-in-t breitbart_2016-01-10_conservative-icon-morton-blackwe
        breitbart_2016-01-10_trump-tells-in-reno-nfl-has-gone
        west-journal_2016-01-25_rick-perry-just-announced-his-of usa-today_2016-01-26_candidates-fan-out-in-iowa-as-ca
        west-journal_2016-01-26_trump-just-announced-who-he-woul politico_2016-01-27_the-steep-cost-of-cruz-s-county-
        huff-post_2016-01-28_bernie-sanders-and-hillary-clint wash-post_2016-01-28_senator-from-vermont-steps-off-c
        nyt_2016-01-29_it-s-still-bill-but-old-magic-se politico_2016-01-29_clinton-camp-plans-to-roll-out-w
        politico_2016-01-29_record-setting-spending-spree-re nyt_2016-01-30_traditionally-democrat-unions-ar
        politico_2016-01-31_clinton-rolls-out-special-charac wash-post_2016-01-31_can-the-gop-establishment-stop-t
        wash-post_2016-01-31_clinton-team-quietly-lining-up-l
        usa-today_2016-08-31_abedin-needs-to-get-out-of-two-r breitbart_2016-09-04_obama-i-m-optimistic-americans-w
        wash-post_2016-09-04_clinton-s-standing-among-latinos west-journal_2016-09-06_schlafly-s-final-column-explains
        breitbart_2016-06-04_delegate-update-the-latest-count west-journal_2016-06-04_former-clinton-pollster-says-cli
        breitbart_2016-06-05_elizabeth-warren-donald-trump-is wash-post_2016-06-05_is-sanders-finally-connecting-wi
        wash-post_2016-06-06_clinton-wins-puerto-rico-amid-ca west-journal_2016-06-06_breaking-latest-primary-has-big-
        usa-today_2016-06-07_political-conventions-race-to-cl wash-post_2016-06-07_cleveland-shakes-off-rust-before
        breitbart_2016-06-08_ready-to-back-clinton-obama-work huff-post_2016-06-08_hillary-clinton-wins-south-dakot
        nyt_2016-06-08_durability-carries-clinton-to-he usa-today_2016-06-08_party-unity-is-a-two-way-street
        huff-post_2016-06-09_barack-obama-s-endorsement-could huff-post_2016-06-09_clinton-and-sanders-aren-t-butti
        huff-post_2016-06-09_girliguessimwithher-is-the-ambiv huff-post_2016-06-09_rubio-i-still-believe-trump-can-
        wash-post_2016-06-09_game-over-will-sanders-come-down wash-post_2016-06-09_party-aims-to-heal-primary-wound
        politico_2016-06-10_afl-cio-to-endorse-clinton usa-today_2016-06-10_dems-hope-trump-s-behavior-will-
        huff-post_2016-05-31_how-paul-ryan-thinks-about-donal nyt_2016-05-31_trampling-latinos-sensibilities
        politico_2016-05-31_cruz-looks-to-ease-bad-blood-wit wash-post_2016-06-01_voters-skeptical-as-clinton-vows
        huff-post_2016-06-02_missing-white-voters-might-help- nyt_2016-06-03_no-love-lost-between-trump-and-t
        usa-today_2016-06-03_calif-win-could-help-sanders-mak
        politico_2016-09-25_poll-clinton-and-trump-in-dead-h wash-post_2016-09-26_ah-friends-once-more-ted-cruz-en
        huff-post_2016-09-27_latinos-share-their-most-honest- huff-post_2016-09-28_clinton-supporting-super-pacs-ta
        west-journal_2016-09-28_clinton-campaign-reportedly-scra usa-today_2016-09-29_can-you-imagine-if-trump-were-a-""",
    'debates': """politico_2016-01-28_super-pac-blasts-trump-for-skipp usa-today_2016-01-29_absent-trump-derides-debate-cruz
        west-journal_2016-01-29_trump-made-this-shocking-final-d politico_2016-09-01_debating-clinton-s-character
        usa-today_2016-09-23_ready-for-trump-vs-clinton-his-p usa-today_2016-09-23_trump-questions-the-fairness-of-
        breitbart_2016-09-25_pence-gennifer-flowers-won-t-be- breitbart_2016-09-26_green-party-candidate-jill-stein
        huff-post_2016-09-26_one-tweet-sums-up-the-absurd-dou west-journal_2016-09-26_popular-website-shows-bias-when-
        west-journal_2016-09-26_rush-limbaugh-hillary-asking-mod huff-post_2016-09-27_hillary-clinton-goes-after-donal
        politico_2016-09-28_axelrod-calls-on-dean-to-apologi breitbart_2016-09-29_politifact-donald-trump-is-right
        wash-post_2016-09-29_the-real-trump-showed-up-at-deba""",
    'clinton_emails_foundation': """politico_2016-08-17_democrats-new-warning-leaks-coul west-journal_2016-08-19_report-republican-colin-powell-a
        nyt_2016-08-22_foundation-and-donors-complicate west-journal_2015-12-09_the-email-that-makes-benghazi-lo
        wash-post_2016-01-07_ig-report-state-was-inaccurate-o west-journal_2016-01-26_fox-news-just-uncovered-a-game-c
        breitbart_2016-01-31_issa-hillary-clinton-s-honesty-i wash-post_2016-01-31_state-calls-emails-of-clinton-to
        wash-post_2016-09-03_hacker-who-exposed-clinton-s-use breitbart_2016-06-09_clinton-cash-debunks-hillary-onl
        politico_2016-09-23_partisan-fireworks-over-clinton-""",
    'security_foreign': """politico_2015-12-06_clinton-time-for-intensification usa-today_2015-12-07_gop-targets-clinton-s-foreign-po
        usa-today_2015-12-07_republicans-reaction-is-that-all west-journal_2015-12-07_immediately-after-obama-s-terror
        nyt_2015-12-09_terrorists-mock-bids-to-block-th huff-post_2016-05-16_trump-says-he-s-unlikely-to-have
        huff-post_2016-05-19_these-are-the-people-missing-in- politico_2016-05-19_exclusive-in-memo-to-congress-sa
        politico_2016-01-05_republicans-blast-obama-after-no huff-post_2016-08-31_france-s-marine-le-pen-backs-tru
        nyt_2016-09-06_u-s-presses-for-truce-in-syria-d huff-post_2016-06-04_u-s-flexes-muscles-as-asia-worri
        nyt_2016-06-07_germany-pledges-to-expand-its-mi huff-post_2016-06-02_israel-not-all-doom-and-gloom
        west-journal_2016-09-23_clinton-breaks-with-obama-on-law west-journal_2016-09-29_gold-star-mom-corners-obama-on-h""",
    'immigration_muslims': """usa-today_2016-08-22_trump-has-right-idea-on-immigrat breitbart_2015-12-07_clinton-camp-trump-s-islamaphobi
        huff-post_2015-12-10_hillary-clinton-under-pressure-t nyt_2015-12-10_immigrants-can-find-way-in-ameri
        wash-post_2015-12-10_netanyahu-rejects-trump-s-remark wash-post_2016-01-07_germany-targets-a-surge-of-vitri
        breitbart_2016-08-31_jeff-sessions-rudy-giuliani-wear usa-today_2016-09-01_trump-didn-t-need-to-meet-with-p
        wash-post_2016-09-01_trump-appeared-to-break-down-wal nyt_2016-09-03_as-trump-demands-wall-smugglers-
        wash-post_2016-09-04_growing-up-american-only-to-lear""",
    'race_relations': """huff-post_2015-12-10_white-supremacists-are-capitaliz huff-post_2016-05-19_ferguson-is-not-among-the-most-d
        breitbart_2016-06-04_darrell-scott-you-find-me-an-abe huff-post_2016-06-08_chuck-grassley-compares-trump-s-
        huff-post_2016-06-08_why-republicans-won-t-renounce-t nyt_2016-06-09_ryan-calls-trump-line-racist-but
        usa-today_2016-06-09_trump-tries-new-chapter-in-campa wash-post_2016-06-02_not-just-another-trump-vendetta
        nyt_2016-09-25_obama-says-african-american-muse wash-post_2016-09-25_phone-video-is-first-public-look
        wash-post_2016-09-26_charlotte-struggles-to-return-to""",
    'social_courts': """usa-today_2016-08-16_millennials-agree-in-poll-on-tra usa-today_2016-08-22_call-the-gop-s-bluff-on-merrick-
        usa-today_2015-12-08_most-oppose-defunding-planned-pa breitbart_2016-05-14_mccain-challenger-kelli-ward-imp
        west-journal_2016-01-04_texas-gov-hears-about-obama-s-gu breitbart_2016-01-05_the-latest-cruz-to-give-away-eng
        huff-post_2016-09-06_barack-obama-just-nominated-a-mu breitbart_2016-06-10_clinton-to-planned-parenthood-tr
        wash-post_2016-09-25_federal-court-rules-against-ohio""",
    'trump_business': """west-journal_2016-05-17_trump-files-largest-financial-st breitbart_2016-05-18_trump-s-investments-include-comp
        west-journal_2016-09-03_pence-announces-plans-he-and-tru usa-today_2016-06-07_did-donald-trump-really-scam-stu
        politico_2016-06-01_pga-tour-ditches-trump-golf-cour""",
    'economy_trade': """usa-today_2016-05-18_don-t-be-a-sucker-for-the-new-ol nyt_2016-05-19_u-s-to-increase-overtime-eligibi
        west-journal_2016-01-08_donald-trump-just-gave-some-free nyt_2016-06-07_china-rebuts-american-criticism-
        nyt_2016-09-24_small-steps-toward-college-savin nyt_2016-09-28_what-mexico-could-do-when-up-aga""",
    'environment_energy': """huff-post_2015-12-12_bernie-sanders-isn-t-too-impress nyt_2016-08-31_the-human-face-of-coal-power
        huff-post_2016-09-27_obama-power-plant-rules-face-key""",
    'health_care': """huff-post_2015-12-08_the-biggest-blow-to-obamacare-ye""",
    'media_culture': """usa-today_2016-08-16_millenials-aren-t-buying-trump-s politico_2015-12-09_the-presidential-candidates-favo
        west-journal_2015-12-09_time-just-announced-its-person-o breitbart_2015-12-11_charles-barkley-takes-on-donald-
        politico_2015-12-11_politico-new-york-s-culture-busi wash-post_2015-12-12_misinformation-enters-mainstream
        breitbart_2016-05-15_trump-talks-to-megyn-kelly-about nyt_2016-05-17_a-big-bet-on-nostalgia
        nyt_2016-05-18_billy-bush-joins-a-parade-of-pol politico_2016-01-28_saudi-prince-mocks-trump-on-twit
        politico_2016-08-31_hannity-ends-feud-with-rubio west-journal_2016-09-01_media-growls-in-response-to-kain
        breitbart_2016-06-05_the-latest-mourners-say-ali-s-de breitbart_2016-09-28_mary-j-blige-sings-to-hillary-cl""",
    'other': """nyt_2016-01-07_personal-touch-helps-boutique-ba nyt_2016-09-03_professor-nega-s-war-why-an-ethi""",
}

write_outlets_set('story_events_2672', 9, events, topics,
                  how="PolNeAR, stories_devset.py draw-outlets --seed 2672 --days 3: anchors in the seed's shuffled "
                      "order, each anchor not inside an earlier window with every article published within 3 days of "
                      "it (any of the seven outlets); the first nine windows (183 articles); events and a theme per "
                      "article labelled by hand from title, date, outlet and lead before any story code ran on this set")
