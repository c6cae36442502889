// Suites here share one real Kafka and one MongoDB-wire server, and some stop the broker on
// purpose, so they run in band. The stack is provisioned and started by globalSetup.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: '@idaas/test',
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  testTimeout: 180000,
  // Every suite closes what it starts, yet with some forty in-process services, Kafka clients and
  // child processes in one runner, a handle can outlive its suite and keep jest from exiting after
  // the last test; the run must end when the tests do. (Finding that handle is on the task list.)
  forceExit: true,
  // openid-client v6 and its dependencies ship only ES modules, like parse5: swc makes them CommonJS.
  transform: {
    '/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    ...require('../jest.preset.js').transform,
  },
  transformIgnorePatterns: ['/node_modules/(?!(parse5|entities|openid-client|oauth4webapi|jose)/)'],
};
