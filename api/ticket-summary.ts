// The static summary of a ticket's workflow (Temporal Web UI: the workflow list reads as a ticket
// list): category, district and channel in Chinese, never personal data (no name, phone, address or
// request text). The status, which changes, is the workflow's current details (workflows/ticket.ts).
import type { Catalog } from '../domain/catalog';
import { channels, TicketInput } from '../domain/ticket';

export function ticketStaticSummary({ id, intake }: TicketInput, catalog: Catalog): string {
  const category = catalog.categories.find((c) => c.code === intake.category)?.name ?? intake.category;
  const district = catalog.districts.find((d) => d.code === intake.location.district)?.name ?? intake.location.district;
  return `工单 ${id} · ${category} · ${district} · ${channels[intake.channel]}`;
}
