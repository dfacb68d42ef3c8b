// `npm run test:reliability`: crash, restart, bad input, mail outage and idempotency runs against
// real servers on loopback (test/reliability). Same transforms as the integration tests; one file at
// a time (--runInBand), each with its own Temporal dev server on a SQLite file; crash and restart
// also with the server built from source on PostgreSQL (test/reliability/support/servers.ts).
const { projects } = require('./jest.config');
const integration = projects.find((p) => p.displayName === 'integration');

module.exports = {
  displayName: 'reliability',
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: integration.transform,
  transformIgnorePatterns: integration.transformIgnorePatterns,
  testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
  globalSetup: '<rootDir>/test/reliability/support/global-setup.ts',
  testTimeout: 15 * 60 * 1000,
};
