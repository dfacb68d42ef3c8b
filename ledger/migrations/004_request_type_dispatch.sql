-- Issue #14: what a request is and who made it (dimensions of the statistics), and whether the
-- hotline dispatched it on time (按时派单率, seed 000). Tickets recorded before have no request type
-- (unknown) and count as a person's; their dispatch deadline is read back from the deadlines kept.
ALTER TABLE ticket_summaries
  ADD COLUMN request_type     text CHECK (request_type IN ('consult', 'help', 'complaint', 'report', 'suggestion')),
  ADD COLUMN citizen_kind     text    NOT NULL DEFAULT 'person' CHECK (citizen_kind IN ('person', 'enterprise')),
  ADD COLUMN dispatch_by      timestamptz,
  -- the dispatch deadline passed while the ticket waited for its first dispatch
  ADD COLUMN dispatch_overdue boolean NOT NULL DEFAULT false;
UPDATE ticket_summaries SET dispatch_by = (deadlines ->> 'dispatchBy')::timestamptz WHERE deadlines ->> 'dispatchBy' IS NOT NULL;
CREATE INDEX ticket_summaries_registered_type ON ticket_summaries (registered_date, request_type);
