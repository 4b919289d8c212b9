-- Goals of a site. `definition` holds the whole parsed goal (name, kind, match, value, counting);
-- `name` and `kind` repeat two of its fields, so that names are unique per site.
-- `seq` keeps listings in creation order: timestamps can tie (PGlite's clock counts milliseconds).
CREATE TABLE IF NOT EXISTS goals (
  id          text PRIMARY KEY,
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  site_id     text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('micro', 'macro')),
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, name)
);
