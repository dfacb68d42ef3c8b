// Two projects: `unit` tests pure modules with no server; `integration` runs against real Temporal
// servers (a dev server started once per run by test/setup/global-setup.ts, and time-skipping
// test servers started per test file).
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  // PGlite (embedded ledger database): its `import("fs/promises")`-style calls become requires.
  '/node_modules/@electric-sql/pglite/.+\\.cjs$': '<rootDir>/test/setup/pglite-transform.js',
};
// The ESM-only jose is compiled to CommonJS for jest like our own code; PGlite as above.
const transformIgnorePatterns = ['/node_modules/(?!jose/|@electric-sql/pglite/)'];
// Warnings and errors only from the structured log (a line per request would bury the test output).
const setupFiles = ['<rootDir>/test/setup/log-level.ts'];
module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      setupFiles,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      setupFiles,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
