export { ticket } from './ticket';
export { commitment } from './commitment';
