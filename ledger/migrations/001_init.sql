-- The ledger: every ticket's audit trail, its current summary, and one row per dispatch to a unit.
-- Outlives Temporal's retention. No citizen phone number or name is ever stored here.

-- One row per audit entry (AuditEntry), append-only; (ticket_id, seq) makes a retried append a no-op.
CREATE TABLE ticket_events (
  ticket_id       text        NOT NULL,
  seq             integer     NOT NULL,
  at              timestamptz NOT NULL,
  action          text        NOT NULL,
  via             text        NOT NULL,
  actor_id        text        NOT NULL,
  actor_role      text        NOT NULL,
  actor_unit      text,
  -- lead unit and status after the event; `exact`: unit and facts come from the state right after
  -- this entry (recorded by a state that carried later entries, they are corrected when it arrives)
  unit            text,
  status          text        NOT NULL,
  exact           boolean     NOT NULL,
  rejected        boolean     NOT NULL DEFAULT false,
  rejected_reason text,
  note            text,
  -- statistic fields after the event: counters, overdue, escalation level, co-units
  facts           jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, seq)
);
CREATE INDEX ticket_events_at ON ticket_events (at);
CREATE INDEX ticket_events_unit_at ON ticket_events (unit, at);

-- One current row per ticket; replaced only by a state with a higher last_seq.
CREATE TABLE ticket_summaries (
  id               text        PRIMARY KEY,
  channel          text        NOT NULL,
  category         text        NOT NULL,
  district         text        NOT NULL,
  street           text,
  lead_unit        text,
  co_units         jsonb       NOT NULL,
  status           text        NOT NULL,
  registered_at    timestamptz NOT NULL,
  registered_date  date        NOT NULL, -- Beijing date
  dispatched_at    timestamptz,
  signed_at        timestamptz,
  first_contact_at timestamptz,
  replied_at       timestamptz,
  closed_at        timestamptz,
  deadlines        jsonb       NOT NULL,
  overdue          boolean     NOT NULL,
  designated       boolean     NOT NULL,
  provincial       boolean     NOT NULL,
  jsbl             boolean     NOT NULL,
  urgent           boolean     NOT NULL,
  dispatches       integer     NOT NULL,
  returns          integer     NOT NULL,
  transfers        integer     NOT NULL,
  rehandles        integer     NOT NULL,
  urges            integer     NOT NULL,
  reply_on_time    boolean,
  -- final follow-up round: worst answer, all resolved?, and the per-answer tally
  satisfaction     text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
  resolved         boolean,
  follow_up        jsonb,
  closure          text CHECK (closure IN ('satisfied', 'unsatisfied_final', 'non_compliant', 'unreachable', 'no_follow_up')),
  requesters       integer     NOT NULL, -- 多人一诉: citizens on this ticket (merged ones included)
  state            jsonb       NOT NULL, -- the full TicketState, citizen phones and names removed
  last_seq         integer     NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_summaries_registered ON ticket_summaries (registered_date);
CREATE INDEX ticket_summaries_lead_status ON ticket_summaries (lead_unit, status);

-- One row per dispatch of a ticket to a lead unit (派单, 转办, 定责, 会商定责, 直派): the unit-level
-- facts the statistics need, kept after the ticket moves on (the state only holds the current one).
CREATE TABLE ticket_assignments (
  ticket_id        text        NOT NULL,
  dispatch_no      integer     NOT NULL, -- counters.dispatches at the time: 1 = first dispatch
  unit             text        NOT NULL,
  dispatched_at    timestamptz NOT NULL,
  dispatched_date  date        NOT NULL, -- Beijing date: the statistics period key
  designated       boolean     NOT NULL,
  sign_by          timestamptz,
  signed_at        timestamptz,
  sign_overdue     boolean     NOT NULL DEFAULT false, -- the sign-for deadline passed unsigned
  first_contact_by timestamptz,
  first_contact_at timestamptz,
  contact_overdue  boolean     NOT NULL DEFAULT false, -- first contact deadline passed without contact
  reply_by         timestamptz,
  replied_at       timestamptz,
  reply_on_time    boolean,
  overdue          boolean     NOT NULL DEFAULT false, -- a reply deadline was ever breached
  rehandles_start  integer     NOT NULL,
  rehandles_end    integer     NOT NULL,
  status           text        NOT NULL,
  closed_at        timestamptz,
  closure          text,
  satisfaction     text,
  resolved         boolean,
  ended            text CHECK (ended IN ('returned', 'reassigned')),
  ended_at         timestamptz,
  last_seq         integer     NOT NULL,
  PRIMARY KEY (ticket_id, dispatch_no)
);
CREATE INDEX ticket_assignments_period ON ticket_assignments (dispatched_date, unit);
