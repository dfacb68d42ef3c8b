// The log of file reads (个人信息保护法): who read which attachment of which ticket, when, in which
// role and unit. Written before the file is served; a read that cannot be logged is not served.
import type { Queryable } from './db';

export interface AttachmentRead {
  at: string;
  ticketId: string;
  attachmentId: string;
  actorId: string;
  actorRole: string;
  actorUnit: string | null;
}

export async function recordAttachmentRead(db: Queryable, r: AttachmentRead): Promise<void> {
  await db.query(`INSERT INTO attachment_reads (at, ticket_id, attachment_id, actor_id, actor_role, actor_unit) VALUES ($1, $2, $3, $4, $5, $6)`, [
    r.at,
    r.ticketId,
    r.attachmentId,
    r.actorId,
    r.actorRole,
    r.actorUnit,
  ]);
}

/** A ticket's file reads, newest first. */
export async function listAttachmentReads(db: Queryable, ticketId: string, limit = 100): Promise<AttachmentRead[]> {
  const rows = await db.query<Omit<AttachmentRead, 'at'> & { at: Date }>(
    `SELECT at, ticket_id AS "ticketId", attachment_id AS "attachmentId", actor_id AS "actorId", actor_role AS "actorRole", actor_unit AS "actorUnit"
       FROM attachment_reads WHERE ticket_id = $1 ORDER BY id DESC LIMIT $2`,
    [ticketId, limit],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
