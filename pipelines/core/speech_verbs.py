"""Speech and reporting verbs and cue phrases: the one place for this fact.

Lemmas are matched against spaCy's `token.lemma_` (lower-cased). The lists are
what news articles use to report what someone said or wrote; verbs of mere
thinking ('believe', 'hope') are left out because they do not introduce quotes.
"""
from __future__ import annotations

# Verbs that introduce direct quotes, partial quotes and reported (indirect) speech,
# including those that qualify something with a quoted phrase ('described the call
# as "frank"', 'called it "very productive"', 'termed it "a hoax"').
SPEECH_VERBS = frozenset(
    """
    say tell state add note write post tweet claim announce declare warn insist argue explain stress
    emphasize emphasise reiterate repeat assert maintain contend remark comment report reply respond
    answer ask acknowledge admit concede confirm deny reveal disclose suggest predict promise pledge
    vow urge caution complain lament recall describe call label dub brand characterize characterise
    praise criticize criticise blast slam mock accuse charge testify conclude continue observe point
    mention tout boast brag joke quip shout scream yell whisper mutter exclaim proclaim concur
    counter retort rebut dismiss allege hint signal indicate recount speculate wonder muse opine
    demand question inform advise assure reassure brief threaten pronounce email thank apologize
    congratulate applaud hail welcome credit blame attack ridicule decry denounce condemn lambaste
    chide scold fault rip knock pan retweet chant sing term deem affirm interject
    """.split()
)

# Verbs that report speech only with a given particle or object ('Hillary shot back',
# 'as Vulture put it'): (lemma, child word).
SPEECH_PHRASES = frozenset({("shoot", "back"), ("fire", "back"), ("hit", "back"), ("push", "back"),
                            ("put", "it"), ("chime", "in")})

# Nouns that carry someone's words when they are the subject of a clause holding a
# quote ('Rubio's catch phrase was that Crist "would say or do anything"').
SPEECH_NOUNS = frozenset(
    """phrase message argument claim statement words line slogan response answer reply comment remark
    remarks explanation pitch promise pledge warning description view position point question
    refrain mantra motto assessment verdict advice criticism complaint call vow plea demand dictum
    catchphrase insistence denial accusation boast""".split()
)

# 'in her words, "..."', 'in the words of X': the noun that names whose words follow.
WORDS_NOUNS = frozenset({"words"})

# Reporting verbs whose object is the person or medium spoken to ('told "Morning Report"'),
# not what was said.
ADDRESSEE_VERBS = frozenset("tell ask inform assure reassure brief email thank congratulate urge warn".split())

# Reporting verbs whose capitalized object is more often a work than words ('wrote "The Long Night"').
AUTHORING_VERBS = frozenset("write".split())

# Verbs by which a medium relays what someone else said ('Bloomberg reported that the minister
# was "shocked"': the minister's word, Bloomberg's report).
RELAY_VERBS = frozenset({"report"})

# Reporting verbs that also state an inference ('..., suggesting that ...', 'the figures
# indicate that ...'): a participle without a subject of its own, or a subject that is
# evidence rather than a source, makes them the writer's inference, not a statement.
INFERENCE_VERBS = frozenset("suggest indicate signal hint imply show mean".split())
EVIDENCE_NOUNS = frozenset(
    """figure figures data number numbers statistic statistics evidence result results finding findings sign signs
    trend trends record records fact facts""".split()
)

# Things that a careless parse makes the subject of a reporting verb but that cannot speak:
# records and objects (a statement, a report or a letter stands for its author and is kept).
NON_SPEAKER_NOUNS = frozenset(
    """certificate passport licence license receipt deed record records file files map photo photograph
    picture image footage ship vessel boat ferry tanker plane aircraft car vehicle""".split()
)

# Documents: what a careless reading takes for a speaker ('the report concluded', 'says a survey
# by X'). The speaker is who issued the document when the sentence names it ('a report by X',
# "X's survey", 'the X poll').
DOCUMENT_NOUNS = frozenset(
    """report survey study poll research book paper document complaint review audit analysis
    statement letter memo filing lawsuit suit ruling judgment judgement release assessment forecast
    bulletin newsletter leaflet poster brochure dossier inquiry investigation index white""".split()
)

# Common nouns for organizations that speak ('the company said ... It said'): what a speaking
# 'it' may continue, and who issues a document ('a statement from the mayor's office', 'the
# campaign's statement'). A noun here that is also a document is the body in the plural ('the
# papers said': the press) and the document in the singular ('the paper concluded').
ORG_NOUNS = frozenset(
    """company firm group bank organisation organization government ministry agency board club union party
    council committee department court commission association federation corporation authority team
    institute centre center network retailer airline carrier maker manufacturer producer insurer lender
    regulator watchdog exchange charity newspaper paper magazine journal tabloid broadcaster station
    office campaign administration bureau secretariat""".split()
)

# Of those, the nouns for a firm ('the company said', 'said the firm', 'The bank revealed'): a
# definite one stands for the firm the article named just before it, not for a body of another kind
# (an organisation whose name holds another noun of ORG_NOUNS: a ministry, a party, a board). Not
# 'group': 'the group' is as often a campaign or a trade body that a news outlet quoted.
FIRM_NOUNS = frozenset(
    """company firm bank corporation retailer airline carrier maker manufacturer producer insurer lender""".split()
)

# Body nouns a firm's own name may hold and still be a firm ('Acme Group Inc said ... the company').
FIRM_NAME_NOUNS = frozenset({"group"})

# Of ORG_NOUNS, the bodies a bare definite noun ('The party said', 'the union warned') may stand
# for when the article named one before it in any role ('A spokesman for X said'), not only as a
# speaker: with FIRM_NOUNS, the kinds whose name need not end with the noun. Not 'government',
# 'court', 'office' and the like: those stand for a body the article need not name.
NAMED_BODY_NOUNS = FIRM_NOUNS | frozenset("""party union association federation charity""".split())

# Common nouns for people who speak that are no job title (the titles are the entities'
# ROLE_NOUNS): 'critics suggest', 'experts indicated'.
PEOPLE_NOUNS = frozenset(
    """expert critic observer source researcher scientist witness resident worker member people person
    campaigner activist supporter opponent investor trader dealer banker insider employee voter fan
    police authorities government company firm""".split()
)

# Of those, the nouns for one person ('A foreign banker said ... He said'): an unnamed person a
# 'he'/'she' continues, as a role noun is.
ONE_PERSON_NOUNS = PEOPLE_NOUNS - frozenset("people police authorities government company firm".split())

# A person named by a nation's noun ('the Dutchman said', 'the Swede told'): the forms English makes
# from a language's name ('Dutch' + 'man') or a country's by a regular ending (`is_demonym`: 'the
# Kenyan') are found from those lists; these are the irregular ones.
NATIONALITY_PERSON_NOUNS = frozenset("scot spaniard swede dane finn briton turk pole".split())
NATIONALITY_PERSON_ENDINGS = ("man", "woman")

# Verbs of thinking: no cue of a quote, but what a person thinks ('He did not think X intended
# ...') is a report, whose subjects a later 'he' saying something does not continue.
THOUGHT_VERBS = frozenset("think believe feel doubt expect fear".split())

# The cue phrase whose source is its object ('according to Putin, ...').
ACCORDING_TO = ("according", "to")

# Media words that make a cue more specific: the cue keeps a prepositional phrase
# containing one of them ('said in a statement', 'wrote on Truth Social').
CUE_MEDIUM_WORDS = frozenset(
    """statement interview post tweet letter release briefing conference email message video speech
    op-ed oped column blog social truth x twitter facebook instagram telegram podcast broadcast
    address radio television tv show memo remarks""".split()
)

# Role nouns (of the entities' ROLE_NOUNS) that as often stand for an unnamed source as for a named
# holder ('the spokesman said', 'an official said'): a bare definite one left unresolved is kept
# as written. Any other bare definite office left unresolved ('the chancellor', 'the coach') is
# one person the article does not tie to a name, and gets no speaker (`quotes/abstain.py`).
UNNAMED_SOURCE_ROLES = frozenset(
    """spokesman spokeswoman spokesperson official aide adviser advisor analyst economist correspondent
    executive diplomat lawyer attorney negotiator envoy""".split()
)

# Personal pronouns that can be resolved to a named person.
PERSON_PRONOUNS = frozenset("he she him her".split())

# Pronouns kept as the speaker mention without a named entity ('it' and 'there' are
# usually expletives - 'it was reported that' - and are never speakers).
GROUP_PRONOUNS = frozenset("they we i you".split())

# Indefinite pronouns and quantifiers that can be the (unnamed) source of a statement
# ('Someone called it a "quiet revolution"', 'Another notes ...').
INDEFINITE_SPEAKERS = frozenset(
    """someone somebody another others both one some many most few several all each everyone everybody
    anyone nobody""".split()
)

# Verbs that give something a name or a label: a capitalized quoted phrase they govern is
# the speaker's wording ('called it "Crooked Hillary"'), not the title of a work.
NAMING_VERBS = frozenset("call dub label brand term nickname describe refer christen".split())
