-- Issue #26: statistics that do not grow with the volume. Pre-aggregated counts, kept current in the
-- transaction of every ledger write (ledger/aggregate-write.ts: a ticket's contribution before the
-- write is taken away, its contribution after it added) and rebuildable from the raw rows
-- (`npm run ledger -- rebuild`; the marker below has the migration run that rebuild on an existing
-- ledger). The cohort rule holds by construction: an assignment's counts sit in the row of the
-- Beijing day it was dispatched, so a late outcome changes that day's (and month's) row.
-- Dimension columns hold '' when the ticket's summary is missing (it then matches no cut), and
-- request_type 'unknown' for tickets registered before the type was asked.
-- then: rebuild statistics

-- The units' counts (ledger/stats.ts countSql) per Beijing day of dispatch × unit × cut.
CREATE TABLE stats_unit_day (
  day                date    NOT NULL,
  unit               text    NOT NULL,
  request_type       text    NOT NULL,
  citizen_kind       text    NOT NULL,
  channel            text    NOT NULL,
  received           integer NOT NULL DEFAULT 0,
  signed             integer NOT NULL DEFAULT 0,
  sign_due           integer NOT NULL DEFAULT 0,
  signed_on_time     integer NOT NULL DEFAULT 0,
  contact_due        integer NOT NULL DEFAULT 0,
  responded_on_time  integer NOT NULL DEFAULT 0,
  returned           integer NOT NULL DEFAULT 0,
  reassigned         integer NOT NULL DEFAULT 0,
  retained           integer NOT NULL DEFAULT 0,
  replied            integer NOT NULL DEFAULT 0,
  reply_due          integer NOT NULL DEFAULT 0,
  replied_on_time    integer NOT NULL DEFAULT 0,
  closed             integer NOT NULL DEFAULT 0,
  closed_first_time  integer NOT NULL DEFAULT 0,
  followed_up        integer NOT NULL DEFAULT 0,
  satisfied          integer NOT NULL DEFAULT 0,
  resolved           integer NOT NULL DEFAULT 0,
  rehandled          integer NOT NULL DEFAULT 0,
  overdue            integer NOT NULL DEFAULT 0,
  unreachable        integer NOT NULL DEFAULT 0,
  no_follow_up       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, unit, request_type, citizen_kind, channel)
);

-- The same per month (its first day): a year reads twelve rows per unit and cut, not 365.
CREATE TABLE stats_unit_month (
  month              date    NOT NULL,
  unit               text    NOT NULL,
  request_type       text    NOT NULL,
  citizen_kind       text    NOT NULL,
  channel            text    NOT NULL,
  received           integer NOT NULL DEFAULT 0,
  signed             integer NOT NULL DEFAULT 0,
  sign_due           integer NOT NULL DEFAULT 0,
  signed_on_time     integer NOT NULL DEFAULT 0,
  contact_due        integer NOT NULL DEFAULT 0,
  responded_on_time  integer NOT NULL DEFAULT 0,
  returned           integer NOT NULL DEFAULT 0,
  reassigned         integer NOT NULL DEFAULT 0,
  retained           integer NOT NULL DEFAULT 0,
  replied            integer NOT NULL DEFAULT 0,
  reply_due          integer NOT NULL DEFAULT 0,
  replied_on_time    integer NOT NULL DEFAULT 0,
  closed             integer NOT NULL DEFAULT 0,
  closed_first_time  integer NOT NULL DEFAULT 0,
  followed_up        integer NOT NULL DEFAULT 0,
  satisfied          integer NOT NULL DEFAULT 0,
  resolved           integer NOT NULL DEFAULT 0,
  rehandled          integer NOT NULL DEFAULT 0,
  overdue            integer NOT NULL DEFAULT 0,
  unreachable        integer NOT NULL DEFAULT 0,
  no_follow_up       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (month, unit, request_type, citizen_kind, channel)
);

-- The dispatch desk's counts (ledger/hotline-stats.ts) per Beijing day of registration × cut.
CREATE TABLE stats_hotline_day (
  day                date    NOT NULL,
  request_type       text    NOT NULL,
  citizen_kind       text    NOT NULL,
  channel            text    NOT NULL,
  registered         integer NOT NULL DEFAULT 0,
  dispatched         integer NOT NULL DEFAULT 0,
  dispatch_due       integer NOT NULL DEFAULT 0,
  dispatched_on_time integer NOT NULL DEFAULT 0,
  first_dispatch_kept integer NOT NULL DEFAULT 0,
  online_received    integer NOT NULL DEFAULT 0,
  online_replied     integer NOT NULL DEFAULT 0,
  police110_received integer NOT NULL DEFAULT 0,
  police110_closed   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, request_type, citizen_kind, channel)
);

-- Hotspots (ledger/hotspots.ts): tickets not merged away per month of registration × place; ids
-- for the clusters of one category in one street. street '' when the ticket has none.
CREATE TABLE stats_place_month (
  month              date    NOT NULL,
  category           text    NOT NULL,
  district           text    NOT NULL,
  street             text    NOT NULL,
  tickets            integer NOT NULL DEFAULT 0,
  requesters         integer NOT NULL DEFAULT 0,
  ids                text[]  NOT NULL DEFAULT '{}',
  PRIMARY KEY (month, category, district, street)
);

-- 多人一诉 clusters read the few tickets with several citizens, not the month.
CREATE INDEX ticket_summaries_many_requesters ON ticket_summaries (registered_date) WHERE requesters >= 2;

-- 动态清零 (ledger/clearance.ts): when each ticket entered the register and was cleared, whose entry
-- it is; one row per ticket that ever entered. A month's register reads the entries open during it.
CREATE TABLE stats_clearance (
  ticket_id          text    PRIMARY KEY,
  unit               text    NOT NULL,
  entered_on         date    NOT NULL,
  cleared_on         date,
  cleared_by         text,
  unsatisfied        boolean NOT NULL,
  unresolved         boolean NOT NULL
);
CREATE INDEX stats_clearance_open ON stats_clearance ((COALESCE(cleared_on, 'infinity'::date)), entered_on);
