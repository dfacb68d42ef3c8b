-- Pattern escalation (提级督办, seed 004) and the keyed pseudonyms of callers it needs.

-- 一人多诉: who called, without the number. One row per requester who opened a ticket (not those
-- merged in: their own ticket has their row). `pseudonym` is HMAC-SHA-256 of the phone's digits under
-- the deployment's secret (HOTLINE_PSEUDONYM_SECRET): the same phone gives the same pseudonym, the
-- number cannot be read back from it, and it is never returned by the API.
CREATE TABLE ticket_callers (
  ticket_id     text        NOT NULL,
  requester     integer     NOT NULL, -- position in the ticket's requesters
  pseudonym     text        NOT NULL,
  registered_at timestamptz NOT NULL,
  PRIMARY KEY (ticket_id, requester)
);
CREATE INDEX ticket_callers_pseudonym ON ticket_callers (pseudonym, registered_at);

-- The patterns a ticket was escalated for, one row each, kept once written (the supervision list).
CREATE TABLE ticket_supervision (
  ticket_id text        NOT NULL,
  reason    text        NOT NULL CHECK (reason IN ('many_requesters', 'repeat_caller', 'long_open', 'repeated_unsatisfied')),
  at        timestamptz NOT NULL,
  detail    text        NOT NULL,
  level     integer     NOT NULL, -- the ticket's supervision level once this pattern was marked
  PRIMARY KEY (ticket_id, reason)
);
CREATE INDEX ticket_supervision_at ON ticket_supervision (at);
