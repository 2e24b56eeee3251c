import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '.cache/**', '.build/**', '.bench/**', 'node_modules/**', 'coverage/**', '.tools/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
      'no-console': ['error'],
    },
  },
  {
    // Spreading an array into arguments overflows the stack past ~100,000 elements (a hostile file
    // easily has that many lines or hits): src/core/arrays.ts has pushAll / maxOf / replaceAll.
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name=/^(push|unshift|splice)$/] > SpreadElement", message: 'Spread into push/unshift/splice overflows the stack on long arrays: use pushAll / replaceAll (src/core/arrays.ts).' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement", message: 'Math.max/min(...xs) overflows the stack on long arrays: use maxOf (src/core/arrays.ts) or a loop.' },
        { selector: "CallExpression[callee.object.name='String'][callee.property.name=/^fromC/] > SpreadElement", message: 'String.fromCharCode(...xs) overflows the stack on long arrays: decode with Buffer or in chunks.' },
      ],
    },
  },
  {
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'test/**', 'action/**'],
    rules: { 'no-console': 'off' },
  },
);
