-- Issue #26: the 动态清零 register is read a page at a time (ledger/clearance-page.ts), by keyset on
-- its order (unit, date entered, ticket). This index holds that order, by code point ("C", the
-- order the register has always had), so a page reads only its own entries whatever the volume;
-- cleared_on rides along to skip the entries cleared before the month without visiting the table.
CREATE INDEX stats_clearance_register ON stats_clearance (unit COLLATE "C", entered_on, ticket_id COLLATE "C") INCLUDE (cleared_on);
