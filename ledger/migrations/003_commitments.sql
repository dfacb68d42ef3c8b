-- Commitments (承诺) of signed-off replies, seed 002: 承诺事项要登记在册，后续跟踪推进. One row per
-- commitment, upserted by its workflow at each change (registered, reminded, overdue, fulfilled);
-- the list for units and the hotline (GET /api/v1/commitments) reads it.
CREATE TABLE commitments (
  id                 text        PRIMARY KEY, -- the commitment's workflow id: <ticket>-commitment-<n>
  ticket_id          text        NOT NULL,
  number             integer     NOT NULL,
  unit               text        NOT NULL,
  content            text        NOT NULL,
  due_date           date        NOT NULL,
  due_at             timestamptz NOT NULL,
  status             text        NOT NULL, -- open | overdue | fulfilled
  registered_at      timestamptz NOT NULL,
  registered_by      text        NOT NULL,
  reminded_at        timestamptz,
  overdue_at         timestamptz,
  fulfilled_at       timestamptz,
  fulfilled_by       text,
  fulfilment         text,
  fulfilled_on_time  boolean,
  -- history length when written: an older write never overwrites a newer one
  version            integer     NOT NULL
);
CREATE INDEX commitments_unit_status ON commitments (unit, status, due_at);
CREATE INDEX commitments_status_due ON commitments (status, due_at);
CREATE INDEX commitments_ticket ON commitments (ticket_id);
