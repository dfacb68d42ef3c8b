-- Open311 GeoReport v2 API keys, one per client system, issued and revoked by an admin. Only the
-- key's SHA-256 is kept: a leaked ledger gives no working key.
CREATE TABLE open311_keys (
  id          bigserial   PRIMARY KEY,
  client      text        NOT NULL,
  key_hash    text        NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL,
  created_by  text        NOT NULL,
  revoked_at  timestamptz,
  revoked_by  text
);

-- 进度查询: wrong tries (ticket number + last four digits of the phone) per ticket. Five wrong tries
-- lock that ticket's lookup for an hour; kept here so a restart of the API does not reset them.
CREATE TABLE citizen_lookup_failures (
  ticket_id    text        PRIMARY KEY,
  failures     integer     NOT NULL,
  first_at     timestamptz NOT NULL,
  locked_until timestamptz
);
