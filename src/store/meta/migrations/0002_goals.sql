-- Goals of a site. `definition` holds the whole parsed goal (name, kind, match, value, counting);
-- `name` and `kind` repeat two of its fields so names are unique per site and listings can sort.
CREATE TABLE IF NOT EXISTS goals (
  id          text PRIMARY KEY,
  site_id     text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('micro', 'macro')),
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, name)
);
