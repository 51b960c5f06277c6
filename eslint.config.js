import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layers (docs/architecture.md): route → procedure → service → db, and code
 * both sides use lives in shared/. Each group lists what its files must not
 * import; a type-only import of server code is how app/ and the widget see
 * the API's shapes. One object per group: ESLint replaces, not merges, a
 * rule's options when two objects match a file.
 */
const never = (group, message) => ({ group, message });
const valuesOf = (group, message) => ({ group, message, allowTypeImports: true });
const APP = never(['~/*', '**/app/**'], 'Only the web app imports app/: move shared code to shared/.');
const WIDGET = never(['**/widget/src/**'], 'The widget is its own bundle: move shared code to shared/.');
const boundaries = (files, patterns, ignores = ['**/*.test.{ts,tsx}']) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});
const SERVER_VALUES = valuesOf(
  ['**/server/**', '**/db/**'],
  'The browser reaches the server through tRPC (types only here); shared code lives in shared/.',
);

export default tseslint.config(
  {
    ignores: [
      'build/**',
      'widget/dist/**',
      'client/dist/**',
      'client/*.tgz',
      'node_modules/**',
      '.data/**',
      'db/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Declaration merging is how domains extend the event and job maps.
    files: ['server/events/types.ts', 'server/jobs/types.ts', 'app/env.d.ts', 'tests/setup/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-definitions': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    // The web app renders on the server too, where the browser's globals do not exist: a bare
    // `location` (easy to leave behind when a `useLocation()` is removed) crashes the page there.
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'location', message: "Use useLocation() from '@remix-run/react', or window.location in effects." },
      ],
    },
  },
  {
    // A module a reader can hold in mind; tests may run longer (tests/file-size.test.ts covers other files).
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['**/*.test.{ts,tsx}', 'tests/**'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  boundaries(
    ['shared/**'],
    [
      never(
        ['~/*', '**/app/**', '**/server/**', '**/db/**', '**/widget/**'],
        'shared/ stands alone: both sides import it.',
      ),
    ],
    [],
  ),
  boundaries(['app/**'], [SERVER_VALUES, WIDGET]),
  boundaries(['widget/src/**'], [SERVER_VALUES, APP]),
  boundaries(
    ['db/**'],
    [never(['**/server/**'], 'The schema knows nothing of the services; scripts/ may use both.'), APP],
  ),
  boundaries(['server/**'], [APP, WIDGET]),
  boundaries(
    ['server/services/**', 'server/events/**'],
    [
      never(['**/trpc/**', '**/http/**'], 'Services are called by procedures and jobs, never the other way.'),
      APP,
      WIDGET,
    ],
  ),
  boundaries(['server/trpc/**'], [never(['**/http/**'], 'Procedures do not know the transport.'), APP, WIDGET]),
  boundaries(
    ['server/trpc/routers/**'],
    [
      never(['**/http/**'], 'Procedures do not know the transport.'),
      valuesOf(['**/db/**'], 'Procedures call services; services query the database.'),
      APP,
      WIDGET,
    ],
  ),
);
