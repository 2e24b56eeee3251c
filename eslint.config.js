import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '.cache/**', '.build/**', '.bench/**', 'node_modules/**', 'coverage/**', '.tools/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
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
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(push|unshift|splice)$/] > SpreadElement',
          message:
            'Spread into push/unshift/splice overflows the stack on long arrays: use pushAll / replaceAll (src/core/arrays.ts).',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
          message: 'Math.max/min(...xs) overflows the stack on long arrays: use maxOf (src/core/arrays.ts) or a loop.',
        },
        {
          selector: "CallExpression[callee.object.name='String'][callee.property.name=/^fromC/] > SpreadElement",
          message: 'String.fromCharCode(...xs) overflows the stack on long arrays: decode with Buffer or in chunks.',
        },
      ],
    },
  },
  {
    // Checks are pure functions from facts to findings: no Node module (no file, process or network
    // access) and nothing that reads the world (the collectors and readers). Their facts come in.
    files: ['src/checks/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^node:',
              message: 'Checks are pure: no Node module. Read what you need from the facts (a collector gathers it).',
            },
            {
              regex:
                '^(fs|path|os|child_process|crypto|http|https|net|tls|dns|url|util|worker_threads|zlib|stream|module|process|readline|v8|vm)(/.*)?$',
              message: 'Checks are pure: no Node module. Read what you need from the facts (a collector gathers it).',
            },
            {
              regex: '^(\\.\\./)+(collect|fs|code/js|code/python)/',
              message: 'Checks import nothing from the collectors: read the facts they produced (core/facts.ts).',
            },
            {
              regex: '^(\\.\\./)+(.*/)?[\\w-]*collector(\\.js)?$',
              message: 'Checks import nothing from the collectors: read the facts they produced (core/facts.ts).',
            },
            {
              regex: '^(\\.\\./)+deploy/(?!types\\.js$|names\\.js$)[\\w-]+(\\.js)?$',
              message:
                'Checks import nothing from the deployment readers: predicates live in deploy/names.ts, shapes in deploy/types.ts.',
            },
            {
              regex: '^(\\.\\./)+code/(entry-points|modules|other-langs)(\\.js)?$',
              message: 'Checks import nothing from the code analysers: read facts.code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'test/**', 'action/**'],
    rules: { 'no-console': 'off' },
  },
);
