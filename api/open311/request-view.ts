// A ticket as a GeoReport v2 service request. Never any personal data: no citizen's name, phone
// or exact address (the district and street names stand for the address), no handler's name or
// phone. Not the free text either: operators write "市民张先生反映其位于…3栋501…", and no masking
// finds every name and address in it; the description is the category and the place. Pure.
import { findCategory, findDistrict, findStreet, findUnit, type Catalog } from '../../domain/catalog';
import { isTerminal, TicketState } from '../../domain/ticket';

export type Open311Status = 'open' | 'closed';
export const open311Status = (t: Pick<TicketState, 'status'>): Open311Status => (isTerminal(t.status) ? 'closed' : 'open');

/** The status note: our status in Chinese, and the reason a closed ticket was closed as it was. */
export function statusNotes(t: TicketState): string {
  const extra =
    t.status === 'merged' && t.outcome?.mergedInto
      ? `（并入工单 ${t.outcome.mergedInto}）`
      : t.status === 'closed' && t.reply?.solved !== undefined
        ? t.reply.solved
          ? '（问题已解决）'
          : '（已答复，问题未解决）'
        : '';
  return `${t.statusLabel}${extra}`;
}

const lastAt = (t: TicketState): string => {
  const times = [t.registeredAt, t.dispatchedAt, t.signedAt, t.reply?.at, t.closedAt, t.history.at(-1)?.at].filter((x): x is string => !!x);
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
};

const w3 = (iso: string | undefined): string | null => (iso ? new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

export type Open311Request = {
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string | null;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string;
  address_id: null;
  zipcode: null;
  lat: null;
  long: null;
  /** The photo's link the client gave (never fetched by us); null without one. */
  media_url: string | null;
};

export function open311Request(t: TicketState, catalog: Catalog): Open311Request {
  const district = findDistrict(catalog, t.location.district)?.name ?? t.location.district;
  const street = t.location.street ? (findStreet(catalog, t.location.street)?.street.name ?? '') : '';
  const closed = isTerminal(t.status);
  const serviceName = findCategory(catalog, t.category)?.name ?? t.category;
  const address = street ? `${district} ${street}` : district;
  return {
    service_request_id: t.id,
    status: closed ? 'closed' : 'open',
    status_notes: statusNotes(t),
    service_name: serviceName,
    service_code: t.category,
    description: `${serviceName}（${address}）`,
    agency_responsible: t.leadUnit ? (findUnit(catalog, t.leadUnit)?.name ?? t.leadUnit) : null,
    service_notice: null,
    requested_datetime: w3(t.registeredAt),
    updated_datetime: w3(lastAt(t)),
    expected_datetime: closed ? null : w3(t.deadlines.replyBy),
    address,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: t.mediaUrls?.[0] ?? null,
  };
}
