-- The warehouse schema: the one definition of every table newsetl writes.
-- Applied idempotently at the start of every connection that writes.
-- Every row carries run_id: the Dagster run that wrote it, so each stage's
-- data-quality suite validates exactly the rows that stage just wrote.

CREATE TABLE IF NOT EXISTS ingested_files (
    source_path  VARCHAR   NOT NULL,
    file_hash    VARCHAR   NOT NULL,   -- content hash of the whole file
    size_bytes   BIGINT    NOT NULL,
    records      INTEGER   NOT NULL,   -- article records found in it
    rejected     INTEGER   NOT NULL,   -- records (or the file) rejected
    ingested_at  TIMESTAMP NOT NULL,
    run_id       VARCHAR,
    PRIMARY KEY (source_path, file_hash)
);

CREATE TABLE IF NOT EXISTS raw_articles (
    raw_id        VARCHAR   PRIMARY KEY,  -- content hash of the record
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
    article_id    VARCHAR   PRIMARY KEY, -- = raw_articles.raw_id
    source_path   VARCHAR   NOT NULL,
    url           VARCHAR,
    title         VARCHAR,
    publisher     VARCHAR,
    author        VARCHAR,
    published_at  TIMESTAMP,
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
    article_id    VARCHAR   PRIMARY KEY,
    minhash       UBIGINT[] NOT NULL
);

-- Which articles the NLP pass has processed (an article may yield no rows at all).
CREATE TABLE IF NOT EXISTS nlp_processed (
    article_id    VARCHAR   PRIMARY KEY,
    model         VARCHAR   NOT NULL,
    mentions      INTEGER   NOT NULL,
    quotes        INTEGER   NOT NULL,
    claims        INTEGER   NOT NULL,
    processed_at  TIMESTAMP NOT NULL,
    run_id        VARCHAR
);

CREATE TABLE IF NOT EXISTS mentions (
    mention_id      VARCHAR PRIMARY KEY,
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
    quote_id           VARCHAR PRIMARY KEY,
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
    claim_id      VARCHAR PRIMARY KEY,
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
    entity_id      VARCHAR PRIMARY KEY,
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

-- ---- issue 10 (unattended runs): code versions, NLP work claims, checked state -----------------
-- The NLP pass records per article the code version it ran with (pipelines/code_versions.py), the
-- body it parsed, and whether it failed (status 'failed': the reason is also in rejected_inputs,
-- stage 'nlp'); an article is parsed again when either changes. Old rows get NULL: parsed once more.
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS extractor_version VARCHAR;
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS body_hash VARCHAR;
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS status VARCHAR;      -- ok | failed
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS error VARCHAR;
ALTER TABLE nlp_processed ADD COLUMN IF NOT EXISTS pieces INTEGER;      -- > 1: parsed in pieces (long article)

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
    checked_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (suite, item_key)
);
