// Type-aware lint rules. typescript-eslint needs the TypeScript 5 API, which TypeScript 7 (our compiler) no
// longer has: this workspace holds TypeScript 5, and every `require('typescript')` made while linting (some of
// typescript-eslint's helpers are hoisted to the root) is pointed at it.
import Module from 'node:module';

const ts5 = Module.createRequire(import.meta.url).resolve('typescript');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? ts5 : resolve.call(this, request, ...rest);
};
const { default: tseslint } = await import('typescript-eslint');

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.azurite/**',
      'test-results/**',
      'bench-results/**',
      'coverage/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: process.cwd() },
    },
    rules: {
      // A blob write lost when the invocation ends is a real bug.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is pure: no I/O, clock or environment, and nothing from the layers around it. Adapters and the
    // app depend on the core, never the other way round.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', '@azure/*', 'botbuilder*', 'handlebars'], message: 'The core does no I/O.' },
            {
              group: ['**/adapters/**', '**/app/**', '**/config'],
              message: 'The core depends on ports only.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Settings reach the core as parameters.' },
        { name: 'fetch', message: 'The core does no I/O.' },
        { name: 'setTimeout', message: 'Time reaches the core as a parameter.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The clock reaches the core as a parameter.' },
        { object: 'Math', property: 'random', message: 'Randomness reaches the core as a parameter.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The clock reaches the core as a parameter.',
        },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
);
