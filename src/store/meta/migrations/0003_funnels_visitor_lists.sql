-- Saved funnels of a site: the parsed definition (steps, mode, windows, exclusions, breakdown).
CREATE TABLE IF NOT EXISTS funnels (
  id           text PRIMARY KEY,
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  site_id      text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  definition   jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, name)
);

-- Named lists of people (saved from a funnel's drop-offs, later from scores and audiences). The
-- members live in the event store (`visitor_list_members`), beside the events they point at;
-- `source` says how the list was made, `size` how many people it holds.
CREATE TABLE IF NOT EXISTS visitor_lists (
  id          text PRIMARY KEY,
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  site_id     text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name        text NOT NULL,
  source      jsonb NOT NULL,
  size        bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, name)
);
