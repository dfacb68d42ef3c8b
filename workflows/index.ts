export { ticket } from './ticket';
export { commitment } from './commitment';
export { bulletin } from './bulletin';
