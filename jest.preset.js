// Shared jest setup: swc strips types (tsc type-checks separately in the `typecheck` target),
// so tests start fast on a 2-core machine.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '/node_modules/(parse5|entities)/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // parse5 (HTML checks of message templates) and its dependency entities ship only ES modules,
  // which jest cannot require; swc turns them into CommonJS like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!(parse5|entities)/)'],
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
