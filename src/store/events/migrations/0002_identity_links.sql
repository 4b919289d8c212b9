-- Links between identifiers of one person (visitor id, user id, hashed e-mail or phone),
-- recorded from identify and alias calls for later stitching. Re-sent links collapse.
CREATE TABLE IF NOT EXISTS identity_links
(
    site_id      LowCardinality(String),
    left_kind    LowCardinality(String),
    left_id      String,
    right_kind   LowCardinality(String),
    right_id     String,
    source       LowCardinality(String),
    first_seen   DateTime64(3, 'UTC'),
    event_id     String
)
ENGINE = ReplacingMergeTree
ORDER BY (site_id, left_kind, left_id, right_kind, right_id);
