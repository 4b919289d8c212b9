-- People who sign in to the dashboard. E-mail addresses are unique whatever their case; the
-- password is kept only as a salted scrypt hash with its parameters (see password-hash.ts).
CREATE TABLE IF NOT EXISTS users (
  id              text PRIMARY KEY,
  email           text NOT NULL,
  name            text NOT NULL DEFAULT '',
  password_hash   text NOT NULL,
  instance_admin  boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email_idx ON users (lower(email));

-- A user's role on one site; deleting the user or the site deletes the role.
CREATE TABLE IF NOT EXISTS site_roles (
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  site_id     text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, site_id)
);
CREATE INDEX IF NOT EXISTS site_roles_site_idx ON site_roles (site_id);

-- Signed-in browsers. Only a SHA-256 of the cookie's token is kept, so a copy of this table does
-- not let anyone sign in; the CSRF token is not a credential on its own and is kept as is.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash    text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS sessions_user_idx ON sessions (user_id);

-- One-time links that create the first administrator, printed by `serve` while no user exists.
CREATE TABLE IF NOT EXISTS setup_tokens (
  token_hash  text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
