import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'infra/aws/cdk.out/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always'],
      // `import { z }` pulls all of zod (its locales too) into every function bundle: 570 KB, 40 ms of cold start.
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']", message: "Import zod as a namespace (import * as z from 'zod'), which bundles tree-shake." }],
    },
  },
  {
    // core/ is shared by the monolith and the Lambdas: it must not know how it is served.
    files: ['core/**/*.ts'],
    ignores: ['core/**/adapters/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['express', 'express/*', 'aws-lambda', '@types/aws-lambda', '@aws-sdk/*', 'http-proxy-middleware'], message: 'core/ stays free of Express, Lambda event types and the AWS SDK (adapters aside).' },
          { group: ['**/legacy-app/**', '**/edge-proxy/**', '**/extracted-functions/**'], message: 'core/ never imports its entry points.' },
        ],
      }],
    },
  },
  {
    files: ['legacy-app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/extracted-functions/**', '**/edge-proxy/**'], message: 'legacy-app and extracted-functions never import each other; the monolith knows nothing of the proxy.' }] }] },
  },
  {
    files: ['extracted-functions/**/*.ts'],
    // The lift-and-shift function is the monolith itself, wrapped: the one function that may import it.
    ignores: ['extracted-functions/legacy-monolith/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/legacy-app/**', '**/edge-proxy/**'], message: 'A function is deployed on its own: it builds on core/ only, never on legacy-app or edge-proxy.' }] }] },
  },
  {
    files: ['extracted-functions/legacy-monolith/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/edge-proxy/**'], message: 'The monolith knows nothing of the proxy, wrapped or not.' }] }] },
  },
);
