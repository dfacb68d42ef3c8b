-- Who read a citizen's phone number in full, and when (Personal Information Protection Law,
-- 个人信息保护法): one row per answer of the API that showed at least one full number. The number
-- itself is never stored here: only the requesters' positions on the ticket.
CREATE TABLE phone_reads (
  id          bigserial   PRIMARY KEY,
  at          timestamptz NOT NULL,
  ticket_id   text        NOT NULL,
  actor_id    text        NOT NULL,
  actor_role  text        NOT NULL,
  actor_unit  text,
  -- indexes into the ticket's requesters whose number was shown in full
  requesters  jsonb       NOT NULL,
  -- the API operation that showed them: ticket, action:<path>, intake, follow-up-queue
  via         text        NOT NULL
);
CREATE INDEX phone_reads_ticket_at ON phone_reads (ticket_id, at);
CREATE INDEX phone_reads_at ON phone_reads (at);
