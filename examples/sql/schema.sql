-- The whole desired schema as CREATE statements: athanor applies it to a throw-away PGlite, reads it back and
-- diffs it with the database. Edit it, then `athanor migrate -m "…"`.
CREATE TYPE status AS ENUM ('open', 'done');

CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE todos (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) > 0),
  status status NOT NULL DEFAULT 'open'
);

CREATE INDEX ix_todos_user_open ON todos (user_id) WHERE status = 'open';
