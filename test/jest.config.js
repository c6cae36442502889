// Suites here share one real Kafka and one MongoDB-wire server, and some stop the broker on
// purpose, so they run in band. The stack is provisioned and started by globalSetup.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: '@idaas/test',
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  testTimeout: 180000,
};
