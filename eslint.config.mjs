// Flat config: typescript-eslint's recommended rules over the TypeScript sources, and
// eslint-plugin-jest's over the tests (a test that asserts nothing, or is skipped or focused, fails lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'examples/**/*.test.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      // Helpers named expect*/assert*, fast-check's fc.assert (a property that returns false fails)
      // and @jest/globals' expect imported as jestExpect count as assertions.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'jestExpect', 'fc.assert'] }],
      // An expect in afterEach fails the test it follows (bad-inputs.test.ts checks Object.prototype stays clean).
      'jest/no-standalone-expect': ['error', { additionalTestBlockFunctions: ['afterEach'] }],
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/valid-expect': 'error',
    },
  },
);
