// The PostgreSQL test harness must fail loudly, never skip, when the server is not installed.
import { findPgBin } from '../setup/postgres';

test('no PostgreSQL binaries: a clear error naming the Debian package', () => {
  expect(() => findPgBin({ PATH: '/nonexistent' }, '/nonexistent')).toThrow(/apt-get install -y postgresql/);
  expect(() => findPgBin({ PG_BIN: '/nonexistent', PATH: '' }, '/nonexistent')).toThrow(/PG_BIN/);
});
