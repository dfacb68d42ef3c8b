export { ticket } from './ticket';
export { bulletin } from './bulletin';
