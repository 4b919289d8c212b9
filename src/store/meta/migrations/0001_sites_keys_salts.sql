CREATE TABLE IF NOT EXISTS sites (
  id          text PRIMARY KEY,
  domain      text NOT NULL,
  name        text NOT NULL,
  timezone    text NOT NULL DEFAULT 'UTC',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Write keys are public (they sit in web pages) and kept as they are; secret keys are kept as
-- SHA-256 hashes and shown once. `prefix` lets a person tell keys apart without the secret.
CREATE TABLE IF NOT EXISTS api_keys (
  id          text PRIMARY KEY,
  site_id     text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('write', 'server', 'read', 'admin')),
  key_hash    text NOT NULL UNIQUE,
  public_key  text,
  prefix      text NOT NULL,
  label       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX IF NOT EXISTS api_keys_site_idx ON api_keys (site_id);

-- Daily salts for cookieless visitor ids; rows older than 48 h are deleted.
CREATE TABLE IF NOT EXISTS salts (
  day         date PRIMARY KEY,
  salt        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
