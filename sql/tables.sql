-- The warehouse schema: the one definition of every table newsetl writes.
-- Applied idempotently at the start of every connection that writes.
-- Every row carries run_id: the Dagster run that wrote it, so each stage's
-- data-quality suite validates exactly the rows that stage just wrote.
-- Tables that grow with the corpus have no PRIMARY KEY: DuckDB rewrites a table's whole key index
-- at every checkpoint, and every writable connection checkpoints when it closes. Their
-- row keys are in warehouse.ROW_KEYS, enforced at every insert (warehouse.insert_frame); only small
-- control tables (claims, code versions, aliases, splits) keep a PRIMARY KEY.

CREATE TABLE IF NOT EXISTS ingested_files (
    source_path  VARCHAR   NOT NULL,
    file_hash    VARCHAR   NOT NULL,   -- content hash of the whole file
    size_bytes   BIGINT    NOT NULL,
    records      INTEGER   NOT NULL,   -- article records found in it
    rejected     INTEGER   NOT NULL,   -- records (or the file) rejected
    ingested_at  TIMESTAMP NOT NULL,
    run_id       VARCHAR
);

CREATE TABLE IF NOT EXISTS raw_articles (
    raw_id        VARCHAR   NOT NULL,  -- content hash of the record
    source_path   VARCHAR   NOT NULL,
    record_index  INTEGER,               -- line (.jsonl) or position (.json array), else NULL
    format        VARCHAR   NOT NULL,    -- text | markdown | html | json | jsonl
    size_bytes    BIGINT    NOT NULL,
    encoding      VARCHAR   NOT NULL,    -- detected encoding of the file
    raw_text      VARCHAR   NOT NULL,    -- the decoded record, untouched
    body_text     VARCHAR   NOT NULL,    -- the article text field (JSON body) or raw_text
    title         VARCHAR,               -- metadata given by the source (JSON fields)
    published     VARCHAR,
    url           VARCHAR,
    publisher     VARCHAR,
    author        VARCHAR,
    ingested_at   TIMESTAMP NOT NULL,
    run_id        VARCHAR
);

-- size_bytes + mtime_ns: the nothing-pending check trusts a file whose size and modification time
-- match the ledger without hashing it again.
ALTER TABLE ingested_files ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;  -- st_mtime_ns when it was read
ALTER TABLE raw_articles ADD COLUMN IF NOT EXISTS encoding_confidence DOUBLE;  -- 0-1: how sure the decoding is (1: UTF-8, BOM, ASCII)

CREATE TABLE IF NOT EXISTS rejected_inputs (
    source_path   VARCHAR   NOT NULL,
    record_index  INTEGER,
    content_hash  VARCHAR   NOT NULL,
    stage         VARCHAR   NOT NULL,    -- ingest | cleaning
    reason        VARCHAR   NOT NULL,
    rejected_at   TIMESTAMP NOT NULL,
    run_id        VARCHAR
);

CREATE TABLE IF NOT EXISTS articles (
    article_id    VARCHAR   NOT NULL, -- = raw_articles.raw_id
    source_path   VARCHAR   NOT NULL,
    url           VARCHAR,
    title         VARCHAR,
    publisher     VARCHAR,               -- as given, else named by the page/text, else the URL's domain; NULL: '(unknown outlet)'
    author        VARCHAR,
    published_at  TIMESTAMP,             -- in UTC to the minute when the source gives an offset; as written when it gives none
    language      VARCHAR   NOT NULL,
    body          VARCHAR   NOT NULL,    -- cleaned text; every offset in the warehouse indexes into it
    word_count    INTEGER   NOT NULL,
    body_hash     VARCHAR   NOT NULL,
    duplicate_of  VARCHAR,               -- the original article this one (nearly) repeats
    similarity    DOUBLE,                -- estimated Jaccard similarity to duplicate_of
    ingested_at   TIMESTAMP NOT NULL,
    cleaned_at    TIMESTAMP NOT NULL,
    run_id        VARCHAR
);

-- MinHash signatures for near-duplicate search across runs.
CREATE TABLE IF NOT EXISTS article_fingerprints (
    article_id    VARCHAR   NOT NULL,
    minhash       UBIGINT[] NOT NULL
);

-- Which articles the NLP pass has processed (an article may yield no rows at all).
CREATE TABLE IF NOT EXISTS nlp_processed (
    article_id    VARCHAR   NOT NULL,
    model         VARCHAR   NOT NULL,
    mentions      INTEGER   NOT NULL,
    quotes        INTEGER   NOT NULL,
    claims        INTEGER   NOT NULL,
    processed_at  TIMESTAMP NOT NULL,
    run_id        VARCHAR
);

CREATE TABLE IF NOT EXISTS mentions (
    mention_id      VARCHAR NOT NULL,    -- row key (warehouse.ROW_KEYS)
    article_id      VARCHAR NOT NULL,
    entity_id       VARCHAR,             -- set by the entities stage
    text            VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,    -- resolved label (PERSON for 'Trump' even if tagged ORG)
    ner_label       VARCHAR NOT NULL,    -- label the model gave
    canonical_name  VARCHAR NOT NULL,    -- name of the entity within the article
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    run_id          VARCHAR
);

CREATE TABLE IF NOT EXISTS quotes (
    quote_id           VARCHAR NOT NULL, -- row key (warehouse.ROW_KEYS)
    article_id         VARCHAR NOT NULL,
    text               VARCHAR NOT NULL,
    speaker            VARCHAR,          -- canonical speaker, or group text ('European leaders')
    speaker_label      VARCHAR,          -- entity label of the speaker, NULL for groups
    speaker_entity_id  VARCHAR,          -- set by the entities stage
    speaker_mention    VARCHAR,          -- the text the attribution rests on ('he', 'Trump')
    speaker_start      INTEGER,
    speaker_end        INTEGER,
    cue                VARCHAR,
    quote_type         VARCHAR NOT NULL, -- direct | partial | indirect
    confidence         DOUBLE  NOT NULL,
    start_char         INTEGER NOT NULL, -- first character of the first segment
    end_char           INTEGER NOT NULL, -- end of the last segment
    segments           INTEGER[][] NOT NULL, -- [[start, end], ...]: two or more when the attribution splits the quote
    reported_by        VARCHAR,          -- who relays the speaker's words ('..., he said, according to CNN': CNN)
    reported_by_mention VARCHAR,
    reported_by_start  INTEGER,
    reported_by_end    INTEGER,
    reported_by_label  VARCHAR,          -- entity label of the relay, NULL when it is not a named entity
    reported_by_entity_id VARCHAR,       -- set by the entities stage
    run_id             VARCHAR
);

CREATE TABLE IF NOT EXISTS numeric_claims (
    claim_id      VARCHAR NOT NULL,      -- row key (warehouse.ROW_KEYS)
    article_id    VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    value         DOUBLE,
    value_low     DOUBLE,
    value_high    DOUBLE,
    qualifier     VARCHAR NOT NULL,      -- = ~ > >= < <= up down
    unit          VARCHAR,
    currency      VARCHAR,
    object        VARCHAR,               -- counted thing as written
    object_lemma  VARCHAR,
    about         VARCHAR,               -- entity the number is about (canonical name)
    about_label   VARCHAR,
    entity_id     VARCHAR,               -- set by the entities stage
    sentence      VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    run_id        VARCHAR
);

CREATE TABLE IF NOT EXISTS entities (
    entity_id      VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    label          VARCHAR NOT NULL,
    aliases        VARCHAR[] NOT NULL,
    mention_count  INTEGER NOT NULL,
    article_count  INTEGER NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    run_id         VARCHAR
);

CREATE TABLE IF NOT EXISTS dq_results (
    run_id              VARCHAR,
    table_name          VARCHAR   NOT NULL,
    suite               VARCHAR   NOT NULL,
    expectation         VARCHAR   NOT NULL,
    kwargs              VARCHAR   NOT NULL, -- JSON
    success             BOOLEAN   NOT NULL,
    rows_checked        BIGINT    NOT NULL,
    unexpected_count    BIGINT,
    unexpected_examples VARCHAR,            -- JSON list
    checked_at          TIMESTAMP NOT NULL
);

-- Upgrade a warehouse written before quotes had segments (a no-op on a current one):
-- an old row is one piece.
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS segments INTEGER[][];
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS reported_by VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS reported_by_mention VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS reported_by_start INTEGER;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS reported_by_end INTEGER;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS reported_by_label VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS reported_by_entity_id VARCHAR;
UPDATE quotes SET segments = [[start_char, end_char]] WHERE segments IS NULL;

-- ---- versions, cleaning audit, near-duplicate bands, publisher furniture --------------
-- An edited article (same URL, same single-article source file, or same publisher and title)
-- is a new VERSION of the same article: the new row `supersedes` the previous one, whose
-- `superseded_by` then points at it. Views use the latest version (superseded_by IS NULL);
-- older versions and their NLP rows stay, queryable through the article_versions view.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS version INTEGER DEFAULT 1;  -- 1, 2, ... along the chain
ALTER TABLE articles ADD COLUMN IF NOT EXISTS supersedes VARCHAR;         -- article_id of the previous version
ALTER TABLE articles ADD COLUMN IF NOT EXISTS superseded_by VARCHAR;      -- next version; NULL = latest
ALTER TABLE articles ADD COLUMN IF NOT EXISTS version_of VARCHAR;         -- how it was matched: url | source_path | publisher_title
ALTER TABLE articles ADD COLUMN IF NOT EXISTS changes VARCHAR;            -- JSON: what changed against `supersedes`

-- Every span the cleaning stage removed from a record's text, with the rule that removed it.
-- Offsets index raw_articles.body_text (offsets_into = 'body_text'), or for HTML the text
-- trafilatura extracted from the page (offsets_into = 'html_text'); `text` is the span itself.
CREATE TABLE IF NOT EXISTS cleaning_removals (
    article_id    VARCHAR NOT NULL,   -- = raw_articles.raw_id (also for records cleaning rejected)
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    rule          VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    offsets_into  VARCHAR NOT NULL,   -- body_text | html_text
    run_id        VARCHAR
);

-- MinHash LSH bands of article_fingerprints: near-duplicate candidates are the articles
-- sharing a band hash, found by a join instead of loading every signature into memory.
CREATE TABLE IF NOT EXISTS article_lsh_bands (
    article_id    VARCHAR  NOT NULL,
    band          SMALLINT NOT NULL,
    band_hash     UBIGINT  NOT NULL
);

-- Short (non-prose) lines seen in each publisher's articles: a line found in many articles
-- of one publisher is its furniture (NEWSETL_REPEATED_LINE_MIN_ARTICLES).
CREATE TABLE IF NOT EXISTS publisher_lines (
    publisher     VARCHAR NOT NULL,   -- lower-cased
    line_key      VARCHAR NOT NULL,   -- cleaning.line_key of the line
    article_id    VARCHAR NOT NULL
);

-- ==== stories across outlets, quote reach, claims compared ======================
-- Each numeric claim's event and subject (pipelines/core/claim_context.py): 'launched 273
-- drones' vs 'shot down 127 drones' count the same object in different events.
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS predicate VARCHAR;        -- 'launch', 'shoot down', 'swap'
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS predicate_start INTEGER;  -- offsets of the predicate word
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS predicate_end INTEGER;
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS subject VARCHAR;          -- who did it ('Russia'), NULL for pronouns
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS subject_label VARCHAR;
-- What limits a number and when (claim_context.py): compared numbers must measure the same quantity.
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS scope VARCHAR;            -- 'in the warehouse', as written
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS scope_label VARCHAR;      -- GPE/LOC/FAC/ORG/NORP/PERSON or NULL
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS time_ref VARCHAR;         -- 'in 2009', 'last year', as written
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS predicate_class VARCHAR;  -- death | injury | exchange | ... | attribution
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS object_class VARCHAR;     -- person | prisoner | NULL
ALTER TABLE numeric_claims ADD COLUMN IF NOT EXISTS object_generic BOOLEAN;   -- the class's generic noun ('people')

-- Stories: articles about the same event across outlets, grown online (pipelines/core/stories.py).
-- story_id never changes once given; a story found to be two keeps its id for the articles
-- that stay, the others move to a new story whose split_from names the old one (story_splits).
CREATE TABLE IF NOT EXISTS stories (
    story_id            VARCHAR   NOT NULL,
    label               VARCHAR   NOT NULL,   -- first article's title, else its top entities
    first_published_at  TIMESTAMP,            -- over member articles with a published date
    last_published_at   TIMESTAMP,
    first_seen_at       TIMESTAMP NOT NULL,   -- coalesce(published_at, ingested_at) over members
    last_seen_at        TIMESTAMP NOT NULL,
    last_ingested_at    TIMESTAMP NOT NULL,   -- time window for members without a published date
    article_count       INTEGER   NOT NULL,
    publisher_count     INTEGER   NOT NULL,   -- an article without a publisher counts as its own outlet
    split_from          VARCHAR,              -- the story this one was split out of
    updated_at          TIMESTAMP NOT NULL,
    run_id              VARCHAR
);

CREATE TABLE IF NOT EXISTS story_articles (
    article_id   VARCHAR   NOT NULL,       -- an article is in exactly one story
    story_id     VARCHAR   NOT NULL,
    similarity   DOUBLE    NOT NULL,          -- the learned similarity's probability when it joined (1.0 for the founder)
    method       VARCHAR   NOT NULL,          -- founder | joined | duplicate | split | merged
    assigned_at  TIMESTAMP NOT NULL,
    run_id       VARCHAR
);

-- The candidate index: each story's centroid as postings (term -> story). A new article
-- looks up the stories sharing its salient entities here instead of scanning articles.
CREATE TABLE IF NOT EXISTS story_postings (
    term      VARCHAR NOT NULL,               -- 'e:<entity_id>' or a word
    story_id  VARCHAR NOT NULL,
    weight    DOUBLE  NOT NULL                -- summed tf-idf weight over the story's articles
);                                            -- row key (term, story_id) (warehouse.ROW_KEYS)

-- Document frequencies for the tf-idf weights (row term='' holds the document count).
CREATE TABLE IF NOT EXISTS story_term_stats (
    term  VARCHAR NOT NULL,  -- row key (warehouse.ROW_KEYS)
    df    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS story_splits (
    story_id      VARCHAR   NOT NULL,         -- the story that was split (keeps its id)
    new_story_id  VARCHAR   NOT NULL,         -- where the moved articles went
    articles      INTEGER   NOT NULL,
    reason        VARCHAR   NOT NULL,
    split_at      TIMESTAMP NOT NULL,
    run_id        VARCHAR,
    PRIMARY KEY (story_id, new_story_id)
);

-- Stories merged by the second stage of assignment (core.stories.StoryIndex.merge_converged): two
-- stories whose centroids converged become one; the absorbed story's id is no longer used and its
-- articles moved to the story that kept its id (story_articles.method = 'merged').
CREATE TABLE IF NOT EXISTS story_merges (
    story_id       VARCHAR   NOT NULL,        -- the absorbed story (row key: warehouse.ROW_KEYS)
    into_story_id  VARCHAR   NOT NULL,        -- the story that holds its articles now
    cosine         DOUBLE    NOT NULL,        -- of the two centroids when they merged
    merged_at      TIMESTAMP NOT NULL,
    run_id         VARCHAR
);

-- Quote reach: the same statement by the same speaker across articles is one cluster
-- (pipelines/core/quote_clusters.py). A cluster holds one speaker only.
CREATE TABLE IF NOT EXISTS quote_clusters (
    quote_id     VARCHAR NOT NULL,       -- row key (warehouse.ROW_KEYS)
    cluster_id   VARCHAR NOT NULL,            -- = quote_id of the cluster's first quote
    speaker_key  VARCHAR,                     -- speaker_entity_id, else lower(speaker); NULL: unattributed
    text_key     VARCHAR NOT NULL,            -- hash of the normalized words (exact-repeat index)
    match        VARCHAR NOT NULL,            -- founder | exact | contained | near | paraphrase
    similarity   DOUBLE  NOT NULL,
    run_id       VARCHAR
);

-- Dates as claims: a date expression with the event it dates, resolved to a calendar day
-- against the article's own date (pipelines/core/dates.py). Dates are kept apart from
-- numeric_claims because they compare by event, not by counted object.
CREATE TABLE IF NOT EXISTS date_claims (
    date_claim_id     VARCHAR NOT NULL,  -- row key (warehouse.ROW_KEYS)
    article_id        VARCHAR NOT NULL,
    text              VARCHAR NOT NULL,       -- the expression as written ('on Friday', 'May 15')
    start_char        INTEGER NOT NULL,
    end_char          INTEGER NOT NULL,
    sentence          VARCHAR NOT NULL,
    date_value        DATE,                   -- the resolved calendar day; NULL when nothing fixes it
    resolution        VARCHAR NOT NULL,       -- absolute | month_day | weekday | day_of_month | relative, or
                                              -- unfixed_<kind>: no published date (article or story) to read it against
    reference_date    DATE,                   -- the date it was resolved against
    reference_source  VARCHAR NOT NULL,       -- article | story (its earliest dated article) | none
    event             VARCHAR NOT NULL,       -- the event words ('resume negotiations')
    event_class       VARCHAR NOT NULL,       -- meeting | call | attack | ... or the event lemma
    event_start       INTEGER NOT NULL,       -- offsets of the event head word
    event_end         INTEGER NOT NULL,
    subject           VARCHAR,
    locations         VARCHAR[] NOT NULL,     -- entity ids of places in the event clause
    participants      VARCHAR[] NOT NULL,     -- entity ids named in the event clause
    run_id            VARCHAR
);

-- Warehouses from before unfixed dates: a date claim may have no calendar day.
ALTER TABLE date_claims ALTER COLUMN date_value DROP NOT NULL;

-- Which articles the stories stage has handled (dates, quotes), so re-runs add nothing.
CREATE TABLE IF NOT EXISTS story_processed (
    article_id    VARCHAR   NOT NULL,
    date_claims   INTEGER   NOT NULL,
    processed_at  TIMESTAMP NOT NULL,
    run_id        VARCHAR
);
-- What its story rows were made from (pipelines/stages/date_claims.py): the date-claims code
-- version, the reference day and the parse (nlp_processed.processed_at); any of them differing
-- from what holds now makes them again. Old rows get NULL: made once more.
ALTER TABLE story_processed ADD COLUMN IF NOT EXISTS code_version VARCHAR;
ALTER TABLE story_processed ADD COLUMN IF NOT EXISTS reference_date DATE;
ALTER TABLE story_processed ADD COLUMN IF NOT EXISTS parsed_at TIMESTAMP;

-- ---- code versions, NLP work claims, checked state -----------------
-- The NLP pass records per article the code version it ran with (pipelines/code_versions.py), the
-- body it parsed, and whether it failed (status 'failed': the reason is also in rejected_inputs,
-- stage 'nlp'); an article is parsed again when either changes. Old rows get NULL: parsed once more.
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS extractor_version VARCHAR;
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS body_hash VARCHAR;
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS status VARCHAR;      -- ok | failed
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS error VARCHAR;
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS pieces INTEGER;      -- > 1: parsed in pieces (long article)

-- The code version each stored entity and clustered quote was made with (pipelines/code_versions.py):
-- a run whose version differs re-resolves every name / recomputes every quote cluster. Old rows get
-- NULL: done once more.
ALTER TABLE entities ADD COLUMN IF NOT EXISTS code_version VARCHAR;
ALTER TABLE quote_clusters ADD COLUMN IF NOT EXISTS code_version VARCHAR;
-- The cleaning code version each article and each cleaning rejection was made with: when one
-- differs, the next run cleans every raw record again and writes what differs
-- (pipelines/stages/recleaning.py). Old rows get NULL: cleaned once more.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS cleaning_version VARCHAR;
ALTER TABLE rejected_inputs ADD COLUMN IF NOT EXISTS code_version VARCHAR;  -- the cleaning or ingest code version
-- The ingest code version (decoding, record reading) each raw record was read with, and the bytes
-- of a record whose decoding was a guess (not UTF-8, ASCII or a byte-order mark; NULL otherwise): when the
-- version differs, the next run reads the stored records again (pipelines/stages/rereading.py).
-- Old rows get NULL: read once more (from raw_text: their bytes were never stored).
ALTER TABLE raw_articles ADD COLUMN IF NOT EXISTS ingest_version VARCHAR;
ALTER TABLE raw_articles ADD COLUMN IF NOT EXISTS original_bytes BLOB;
-- What an ingest rejection keeps to be read again when the ingest code version differs (the record
-- never became a raw record, so nothing else holds it): its bytes, up to NEWSETL_MAX_ARTICLE_BYTES
-- (a larger record is rejected as too large by any code), and the encoding its file was decoded with
-- (NULL: not decoded); else why they are not kept (a whole file not read into memory is read again
-- from its file while it is there unchanged; too large; the file gone). Old rows get NULL in all
-- three: the next run says they cannot be read again (or reads their unchanged file).
ALTER TABLE rejected_inputs ADD COLUMN IF NOT EXISTS record_bytes BLOB;
ALTER TABLE rejected_inputs ADD COLUMN IF NOT EXISTS record_encoding VARCHAR;
ALTER TABLE rejected_inputs ADD COLUMN IF NOT EXISTS bytes_not_kept VARCHAR;

-- Every code version a stage ran with, and what it was made of (to say why rows were re-processed).
CREATE TABLE IF NOT EXISTS code_versions (
    stage          VARCHAR   NOT NULL,
    version        VARCHAR   NOT NULL,
    manifest       VARCHAR   NOT NULL,  -- JSON: source file hashes, library and model versions
    first_seen_at  TIMESTAMP NOT NULL,
    run_id         VARCHAR,
    PRIMARY KEY (stage, version)
);

-- Articles an NLP step has taken on and not yet written: a concurrent run skips them.
-- owner = host:pid:process start time, so a claim of a killed run is recognised as dead.
CREATE TABLE IF NOT EXISTS nlp_claims (
    article_id  VARCHAR   PRIMARY KEY,
    run_id      VARCHAR   NOT NULL,
    owner       VARCHAR   NOT NULL,
    claimed_at  TIMESTAMP NOT NULL
);

-- What each suite has checked: one row per (suite, item), an item being an article's rows
-- (or a raw record, a rejection, an entity). item_version is the run that wrote the item's rows:
-- rows not checked at their current version and the current suite version are checked by the
-- next check, whichever run wrote them. passed = false holds the item back (view held_back)
-- until its rows or the suite change.
CREATE TABLE IF NOT EXISTS dq_checked (
    suite          VARCHAR   NOT NULL,
    item_key       VARCHAR   NOT NULL,
    table_name     VARCHAR   NOT NULL,
    article_id     VARCHAR,             -- the article the item belongs to (NULL for entities)
    item_version   VARCHAR,
    suite_version  VARCHAR   NOT NULL,
    passed         BOOLEAN   NOT NULL,
    failures       VARCHAR,             -- JSON list of the failed expectations / invariants
    run_id         VARCHAR,
    checked_at     TIMESTAMP NOT NULL
);                                      -- row key (suite, item_key) (warehouse.ROW_KEYS)

-- Rows per writing run that a complete check of a suite saw (suites whose item version is the run
-- that wrote the rows): a run whose count is unchanged has nothing the suite has not checked, so
-- a check reads the rows of the changed runs only (quality.runs_to_check).
CREATE TABLE IF NOT EXISTS dq_run_counts (
    suite          VARCHAR   NOT NULL,
    rows_of        VARCHAR   NOT NULL,  -- the run that wrote the rows
    suite_version  VARCHAR   NOT NULL,
    row_count      BIGINT    NOT NULL,
    run_id         VARCHAR,             -- the run whose check counted them
    checked_at     TIMESTAMP NOT NULL
);                                      -- row key (suite, rows_of) (warehouse.ROW_KEYS)

-- entities that are right, stable and clean ------------------------------------
-- Where a mention comes from and why it has its label (see pipelines/core/entities/).
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS mention_source VARCHAR;  -- model | known name | title | gazetteer | given name | acronym | product | role | results line
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS label_source VARCHAR;    -- model | model vote | person name | given name | gazetteer | source role | team | head noun | organisation word | acronym | product | known name | role | word class | award
-- The label an entity was resolved to and why; noise stays in the table but out of the views.
ALTER TABLE entities ADD COLUMN IF NOT EXISTS label_source VARCHAR;    -- the commonest label_source of its mentions, or 'warehouse vote'
ALTER TABLE entities ADD COLUMN IF NOT EXISTS is_noise BOOLEAN;
ALTER TABLE entities ADD COLUMN IF NOT EXISTS noise_reason VARCHAR;
-- Old ids stay resolvable: an entity renamed (a fuller name became canonical) or merged
-- into another keeps its old id here, pointing at the current one.
CREATE TABLE IF NOT EXISTS entity_aliases (
    alias_id    VARCHAR   PRIMARY KEY,   -- an id that no longer names an entity row
    entity_id   VARCHAR   NOT NULL,      -- the entity it now resolves to
    reason      VARCHAR   NOT NULL,      -- renamed | merged | code version | mentions changed
    merged_at   TIMESTAMP NOT NULL,
    run_id      VARCHAR
);
-- The rows (mentions, quote speakers and reporters, claim subjects) linked to an entity when the
-- entities stage last wrote it. Only that stage links rows, so fewer now means rows were removed
-- since (an article parsed again, or gone): the entity is resolved again from the rows left.
ALTER TABLE entities ADD COLUMN IF NOT EXISTS linked_rows INTEGER;
-- Entities no row links to any more (their articles were parsed again without them, or left):
-- the last row of each, so its id still resolves (entity_id_map: to no entity) and nothing is
-- deleted silently; an id that had been renamed or merged into it is kept here under its name too.
CREATE TABLE IF NOT EXISTS retired_entities (
    entity_id   VARCHAR   NOT NULL,      -- an id that names no entity row now
    name        VARCHAR   NOT NULL,
    label       VARCHAR   NOT NULL,
    aliases     VARCHAR[] NOT NULL,
    reason      VARCHAR   NOT NULL,      -- no mentions
    retired_at  TIMESTAMP NOT NULL,
    run_id      VARCHAR
);
-- The index the entities stage resolves a new batch against (no full reload):
-- one row per known form of an entity, keyed by normalized name and surname.
CREATE TABLE IF NOT EXISTS entity_keys (
    name_key    VARCHAR NOT NULL,        -- normalize_key(form)
    family      VARCHAR NOT NULL,        -- PERSON | ORG | PLACE | NORP | ...
    surname     VARCHAR,                 -- last word of the key (people)
    entity_id   VARCHAR NOT NULL
);

-- ---- date candidates from the NLP pass -------------------
-- Every date expression of an article with the event its parse hangs it on
-- (pipelines/core/dates.py date_candidates), written by the NLP pass with the article's
-- mentions; the stories stage resolves them into date_claims (reference date, entity ids)
-- without parsing again. date_candidate_id = the date_claim_id it becomes.
CREATE TABLE IF NOT EXISTS date_candidates (
    date_candidate_id VARCHAR NOT NULL,  -- row key (warehouse.ROW_KEYS)
    article_id        VARCHAR NOT NULL,
    text              VARCHAR NOT NULL,
    start_char        INTEGER NOT NULL,
    end_char          INTEGER NOT NULL,
    kind              VARCHAR NOT NULL,       -- absolute | month_day | weekday | day_of_month | relative
    year              INTEGER,
    month             INTEGER,
    day               INTEGER,
    weekday           INTEGER,                -- Monday = 0
    modifier          VARCHAR,                -- last | next | this | on
    shift             INTEGER NOT NULL,       -- days, for yesterday/today/tomorrow
    future            BOOLEAN NOT NULL,       -- the event is in the future tense
    sentence          VARCHAR NOT NULL,
    event             VARCHAR NOT NULL,
    event_class       VARCHAR NOT NULL,
    event_start       INTEGER NOT NULL,
    event_end         INTEGER NOT NULL,
    subject           VARCHAR,
    clause_start      INTEGER NOT NULL,       -- the event's clause: mentions inside are participants
    clause_end        INTEGER NOT NULL,
    place_spans       INTEGER[][] NOT NULL,   -- its 'in'/'at' phrases: mentions inside are locations
    run_id            VARCHAR
);

-- One-off data upgrades already made on this warehouse (name, when), so each runs once.
CREATE TABLE IF NOT EXISTS warehouse_upgrades (
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);

-- ---- the schema file's digest once it ran on this warehouse ----------------------------
-- warehouse.apply_schema skips the file when the digest matches (one row).
CREATE TABLE IF NOT EXISTS schema_applied (
    sql_sha1   VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
