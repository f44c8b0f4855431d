-- Analysis views over the warehouse; re-created by the analysis_views asset.
-- Views count originals only: near/exact duplicates (duplicate_of set) would
-- count the same story twice.

CREATE OR REPLACE VIEW original_articles AS
SELECT * FROM articles WHERE duplicate_of IS NULL;

-- Who is quoted how often, and how (direct, partial, indirect).
CREATE OR REPLACE VIEW speaker_quote_counts AS
SELECT
    -- Unresolved group speakers ('Analysts', 'analysts') count together.
    coalesce(e.name, lower(q.speaker))                   AS speaker,
    coalesce(e.label, q.speaker_label)                   AS speaker_label,
    q.speaker_entity_id,
    count(*)                                             AS quotes,
    count(*) FILTER (WHERE q.quote_type = 'direct')      AS direct_quotes,
    count(*) FILTER (WHERE q.quote_type = 'partial')     AS partial_quotes,
    count(*) FILTER (WHERE q.quote_type = 'indirect')    AS indirect_quotes,
    count(DISTINCT q.article_id)                         AS articles,
    count(DISTINCT a.publisher)                          AS publishers
FROM quotes q
JOIN original_articles a USING (article_id)
LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
WHERE q.speaker IS NOT NULL
GROUP BY ALL
ORDER BY quotes DESC, speaker;

-- Mentions per entity, outlet and day.
CREATE OR REPLACE VIEW entity_mention_counts AS
SELECT
    e.entity_id,
    e.name,
    e.label,
    coalesce(a.publisher, '(unknown)')                   AS publisher,
    CAST(a.published_at AS DATE)                         AS day,
    count(*)                                             AS mentions,
    count(DISTINCT m.article_id)                         AS articles
FROM mentions m
JOIN entities e USING (entity_id)
JOIN original_articles a USING (article_id)
GROUP BY ALL
ORDER BY mentions DESC, e.name, publisher, day;

-- One row per article with what the NLP pass found in it.
CREATE OR REPLACE VIEW article_stats AS
SELECT
    a.article_id,
    a.title,
    a.publisher,
    a.published_at,
    a.word_count,
    a.duplicate_of,
    coalesce(m.mentions, 0)        AS mentions,
    coalesce(m.entities, 0)        AS distinct_entities,
    coalesce(q.quotes, 0)          AS quotes,
    coalesce(q.speakers, 0)        AS distinct_speakers,
    coalesce(c.claims, 0)          AS numeric_claims
FROM articles a
LEFT JOIN (SELECT article_id, count(*) AS mentions, count(DISTINCT entity_id) AS entities
           FROM mentions GROUP BY article_id) m USING (article_id)
LEFT JOIN (SELECT article_id, count(*) AS quotes, count(DISTINCT speaker) AS speakers
           FROM quotes GROUP BY article_id) q USING (article_id)
LEFT JOIN (SELECT article_id, count(*) AS claims FROM numeric_claims GROUP BY article_id) c USING (article_id)
ORDER BY a.published_at NULLS LAST, a.article_id;

-- Numeric claims with their outlet and date, for 'how many X did each outlet report'.
CREATE OR REPLACE VIEW claims_by_outlet AS
SELECT
    coalesce(a.publisher, '(unknown)') AS publisher,
    a.published_at,
    c.object_lemma,
    c.unit,
    c.qualifier,
    c.value,
    c.value_low,
    c.value_high,
    c.text,
    c.sentence,
    c.article_id
FROM numeric_claims c
JOIN original_articles a USING (article_id)
ORDER BY c.object_lemma NULLS LAST, publisher;

-- Counted things on which outlets report different numbers.
CREATE OR REPLACE VIEW claim_disagreements AS
SELECT
    object_lemma,
    unit,
    count(DISTINCT value)                     AS distinct_values,
    min(value)                                AS min_value,
    max(value)                                AS max_value,
    list(DISTINCT publisher ORDER BY publisher) AS publishers,
    list(DISTINCT text ORDER BY text)         AS claims
FROM claims_by_outlet
WHERE object_lemma IS NOT NULL AND value IS NOT NULL AND qualifier NOT IN ('up', 'down')
GROUP BY object_lemma, unit
HAVING count(DISTINCT value) > 1 AND count(DISTINCT publisher) > 1
ORDER BY distinct_values DESC, object_lemma;

-- Issue 11: the two entity views again, leaving entities flagged as noise out
-- (these definitions supersede the ones above).
CREATE OR REPLACE VIEW entity_mention_counts AS
SELECT
    e.entity_id,
    e.name,
    e.label,
    coalesce(a.publisher, '(unknown)')                   AS publisher,
    CAST(a.published_at AS DATE)                         AS day,
    count(*)                                             AS mentions,
    count(DISTINCT m.article_id)                         AS articles
FROM mentions m
JOIN entities e USING (entity_id)
JOIN original_articles a USING (article_id)
WHERE NOT coalesce(e.is_noise, false)
GROUP BY ALL
ORDER BY mentions DESC, e.name, publisher, day;

CREATE OR REPLACE VIEW speaker_quote_counts AS
SELECT
    coalesce(e.name, lower(q.speaker))                   AS speaker,
    coalesce(e.label, q.speaker_label)                   AS speaker_label,
    q.speaker_entity_id,
    count(*)                                             AS quotes,
    count(*) FILTER (WHERE q.quote_type = 'direct')      AS direct_quotes,
    count(*) FILTER (WHERE q.quote_type = 'partial')     AS partial_quotes,
    count(*) FILTER (WHERE q.quote_type = 'indirect')    AS indirect_quotes,
    count(DISTINCT q.article_id)                         AS articles,
    count(DISTINCT a.publisher)                          AS publishers
FROM quotes q
JOIN original_articles a USING (article_id)
LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
WHERE q.speaker IS NOT NULL AND NOT coalesce(e.is_noise, false)
GROUP BY ALL
ORDER BY quotes DESC, speaker;

-- Any entity id ever issued (current or renamed/merged) -> the current entity.
CREATE OR REPLACE VIEW entity_id_map AS
SELECT entity_id AS any_id, entity_id FROM entities
UNION ALL
SELECT alias_id AS any_id, entity_id FROM entity_aliases;
