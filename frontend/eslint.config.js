// ESLint flat config. Rules from 08 §2 and 10 rules 35–36: no `any`, no `@ts-ignore`,
// no console.log, no unused code, named exports only, network access only inside src/api/.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const networkGlobals = ['fetch', 'EventSource', 'XMLHttpRequest', 'WebSocket'].map((name) => ({
  name,
  message: 'Network access lives in src/api/ only (08 §2 rule 3).',
}));

const networkSyntax = [
  {
    selector: "MemberExpression[property.name=/^(fetch|EventSource|XMLHttpRequest|WebSocket|sendBeacon)$/]",
    message: 'Network access lives in src/api/ only (08 §2 rule 3).',
  },
];

const namedExportsOnly = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports only (10 rule 35).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/api/**'],
    rules: {
      'no-restricted-globals': ['error', ...networkGlobals],
      'no-restricted-syntax': ['error', ...networkSyntax, namedExportsOnly],
    },
  },
  {
    files: ['src/api/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', namedExportsOnly],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
);
