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

-- Issue 11 (entities that are right, stable and clean) ------------------------------------
-- Where a mention comes from and why it has its label (see pipelines/core/entities/).
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS mention_source VARCHAR;  -- model | known name | title | role
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS label_source VARCHAR;    -- model | model vote | person name | gazetteer | source role | known name | role
-- The label an entity was resolved to and why; noise stays in the table but out of the views.
ALTER TABLE entities ADD COLUMN IF NOT EXISTS label_source VARCHAR;    -- the commonest label_source of its mentions, or 'warehouse vote'
ALTER TABLE entities ADD COLUMN IF NOT EXISTS is_noise BOOLEAN;
ALTER TABLE entities ADD COLUMN IF NOT EXISTS noise_reason VARCHAR;
-- Old ids stay resolvable: an entity renamed (a fuller name became canonical) or merged
-- into another keeps its old id here, pointing at the current one.
CREATE TABLE IF NOT EXISTS entity_aliases (
    alias_id    VARCHAR   PRIMARY KEY,   -- an id that no longer names an entity row
    entity_id   VARCHAR   NOT NULL,      -- the entity it now resolves to
    reason      VARCHAR   NOT NULL,      -- renamed | merged
    merged_at   TIMESTAMP NOT NULL,
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
