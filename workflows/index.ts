export { ticket } from './ticket';
