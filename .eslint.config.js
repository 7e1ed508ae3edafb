// ESLint flat config (run with `npm run lint`, which passes -c). Type-aware rules catch floating
// promises, the classic bug of async NestJS code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/cli/*.mjs', 'test/support/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './test/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/bench/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // Scripts the dashboard sends to browsers: browser globals, Chart.js loaded before them.
    files: ['src/modules/dashboard/assets/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', Chart: 'readonly' } },
  },
);
