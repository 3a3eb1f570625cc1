// One jest (29, pinned by sfdx-lwc-jest) runs two projects: the LWC component tests in jsdom and the
// node tests of src/ (TypeScript through ts-jest, transpile-only: `npm run typecheck` checks types).
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  projects: [
    {
      ...jestConfig,
      displayName: 'lwc',
      roots: ['<rootDir>/force-app'],
      testMatch: ['**/__tests__/**/*.test.js'],
      moduleNameMapper: {
        '^lightning/graphql$': '<rootDir>/force-app/test/jest-mocks/lightning/graphql',
        '^lightning/platformShowToastEvent$': '<rootDir>/force-app/test/jest-mocks/lightning/platformShowToastEvent',
        '^lightning/navigation$': '<rootDir>/force-app/test/jest-mocks/lightning/navigation',
        '^lightning/actions$': '<rootDir>/force-app/test/jest-mocks/lightning/actions',
        '^jest-utils$': '<rootDir>/force-app/test/jest-utils',
      },
      setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv || []), '<rootDir>/force-app/test/jest-setup.js'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: {
        '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
        // LWC modules node tests load (the metrics shared with the CLI, src/impact/metrics.ts) are plain ESM JavaScript
        '/force-app/main/default/lwc/[^/]+/[^/]+\\.js$': ['babel-jest', { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] }],
      },
      moduleFileExtensions: ['ts', 'js', 'json'],
      // src/ imports './x.js' (nodenext ESM-style specifiers); jest resolves the .ts source
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^c/(\\w+)$': '<rootDir>/force-app/main/default/lwc/$1/$1.js' },
    },
  ],
};
