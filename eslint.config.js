// ESLint 9 flat config: Salesforce's LWC rules for components, typescript-eslint for src/ and test/.
const lwcConfig = require('@salesforce/eslint-config-lwc');
const tseslint = require('typescript-eslint');

module.exports = [
  {
    ignores: ['node_modules/**', 'lib/**', 'coverage/**', 'test-results/**', '.partnerlens/**', 'src/preview/node_modules/**', 'src/preview/dist/**', '**/*.cjs', 'force-app/main/default/staticresources/**'],
  },
  ...lwcConfig.configs.recommended.map((c) => ({ ...c, files: ['force-app/**/*.js', 'src/preview/client/**/*.js'] })),
  {
    files: ['force-app/**/__tests__/**/*.js', 'force-app/test/**/*.js'],
    languageOptions: { globals: { jest: 'readonly', describe: 'readonly', it: 'readonly', expect: 'readonly', beforeEach: 'readonly', afterEach: 'readonly', require: 'readonly', module: 'writable', global: 'readonly' } },
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' },
  },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['src/**/*.ts', 'src/**/*.mts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'] })),
  {
    files: ['src/**/*.ts', 'src/**/*.mts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
