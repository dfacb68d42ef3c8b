-- Who read a ticket's file (photo, document, recording), and when (Personal Information Protection
-- Law, 个人信息保护法), like phone_reads: one row per file served. The file's content is never here.
CREATE TABLE attachment_reads (
  id            bigserial   PRIMARY KEY,
  at            timestamptz NOT NULL,
  ticket_id     text        NOT NULL,
  attachment_id text        NOT NULL,
  actor_id      text        NOT NULL,
  actor_role    text        NOT NULL,
  actor_unit    text
);
CREATE INDEX attachment_reads_ticket_at ON attachment_reads (ticket_id, at);
