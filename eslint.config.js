import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'theorems/**/*.ts'],
    ignores: ['src/symbolic/cas.ts'],
    rules: {
      // Only src/symbolic/cas.ts may talk to nerdamer (DEVELOPERS.md): it flushes, bounds and maps errors.
      'no-restricted-imports': ['error', { patterns: [{ group: ['nerdamer', 'nerdamer/*'], message: 'import nerdamer only in src/symbolic/cas.ts' }] }],
    },
  },
  {
    files: ['src/verify/**/*.ts'],
    rules: {
      // The re-checker must not share the prover's interval arithmetic or proof code (src/verify/verify.ts).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['nerdamer', 'nerdamer/*'], message: 'import nerdamer only in src/symbolic/cas.ts' },
            { group: ['**/interval/*', '**/certify/*'], message: 'src/verify re-checks certificates independently: no src/interval or src/certify' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
