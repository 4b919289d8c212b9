-- Members of saved visitor lists (metadata in the metadata store's `visitor_lists`): one row per
-- person, with the person key reports join on and a visitor id and user id to act on.
CREATE TABLE IF NOT EXISTS visitor_list_members
(
    site_id     LowCardinality(String),
    list_id     String,
    person_key  UInt64,
    visitor_id  String,
    user_id     String,
    added_at    DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (site_id, list_id, person_key);
