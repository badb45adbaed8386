/** Tests run as native ESM under Node 24 (`NODE_OPTIONS=--experimental-vm-modules`). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 120000,
  // Integration tests start real registries and cache services on loopback; two cores.
  maxWorkers: 2,
  verbose: false,
  // Every test stops what it starts; this only keeps a leaked handle from holding CI open.
  forceExit: true,
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
