// What every route needs, built once by createApp.
import type { CalendarData } from '../domain/calendar';
import type { Catalog } from '../domain/catalog';
import type { TicketRules } from '../domain/ticket';
import type { TokenVerifier } from './auth';
import type { TicketStore } from './ticket-store';

export interface ApiContext {
  store: TicketStore;
  catalog: () => Catalog;
  rules: TicketRules;
  calendar: CalendarData;
  now: () => Date;
  verify: TokenVerifier;
}
