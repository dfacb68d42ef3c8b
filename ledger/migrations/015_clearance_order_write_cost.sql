-- Issue #26: the 动态清零 register is read a page at a time (ledger/clearance-page.ts), by keyset on
-- its order (unit, date entered, ticket). This index holds that order, by code point ("C", the
-- order the register has always had), so a page reads only its own entries whatever the volume;
-- cleared_on rides along to skip the entries cleared before the month without visiting the table.
CREATE INDEX stats_clearance_register ON stats_clearance (unit COLLATE "C", entered_on, ticket_id COLLATE "C") INCLUDE (cleared_on);

-- The ledger write's cost (ledger/aggregate-write.ts): each open ticket's contribution to the
-- statistics aggregates as its last write left it, the next write's "before" read by key instead of
-- recomputed with the count queries. Only open tickets have a row (dropped at closure); a ticket
-- without one has its contribution computed, and a rebuild empties the table.
CREATE TABLE stats_contribution (
  ticket_id          text    PRIMARY KEY,
  contribution       jsonb   NOT NULL
);
