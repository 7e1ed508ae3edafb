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
    // Functions a reader can hold: data tables live in *.data.ts, the only files allowed to be longer.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts', 'src/**/*.data.ts'],
    rules: { 'max-lines': ['error', { max: 400 }], 'max-lines-per-function': ['error', { max: 80 }] },
  },
  {
    // Core is the bottom floor: it imports no module (the composition root, src/*.ts, joins them).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/modules/**'], message: 'src/core imports no module' }] },
      ],
    },
  },
  {
    // A module is entered by its front door: another module's files are reached only through its index.
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/time-bands/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[a-z-]+/(?!index\\.js$)',
              message: "import another module through its front door, '../<module>/index.js'",
            },
          ],
        },
      ],
    },
  },
  {
    // time-bands is the pure ground floor: no framework, no other module.
    files: ['src/modules/time-bands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(?!\\.\\./core/errors/)', message: 'time-bands imports no other module' },
            { group: ['@nestjs/*', 'typeorm', 'class-validator'], message: 'time-bands is framework-free' },
          ],
        },
      ],
    },
  },
  {
    // Scripts the web pages send to browsers (init.js is a module; the CSP allows no inline script).
    files: ['src/modules/web/assets/*.js'],
    ignores: ['src/modules/web/assets/charts.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { document: 'readonly', HTMLScriptElement: 'readonly' },
    },
  },
  {
    // The reports page's charts: a classic script, Chart.js loaded before it.
    files: ['src/modules/web/assets/charts.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', Chart: 'readonly' } },
  },
);
