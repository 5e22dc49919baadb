// Lint rules, including the dependency direction of docs/architecture.md ("Boundaries") in one place:
//   kiosk/ui  → talks to the agent over HTTP; may import only the agent's API types (and the protocol's), and
//               run the refusals' shared texts (protocol/refusals/*-texts.pure.ts), as the dashboard may.
//   content/  → never imports agent/, kiosk/ or county/ (the agent uses content, not the reverse).
//   protocol/ → the station↔county protocol both sides speak; imports none of agent/, county/, kiosk/,
//               content/ or common/ (Node built-ins and small libraries only), and is pure core.
//   county/   → imports nothing of agent/: what it shares with the station is protocol/.
//   common/   → what station and county both use (documents and their renderers, UI bundling); imports
//               none of agent/, kiosk/, content/ or county/.
//   agent/    → never imports kiosk/ or county/; only the CLI (the composition root) may start the kiosk.
//   pure core → `*.pure.ts` import no I/O at all, so they can be tested exhaustively
//               (and keep their folder's boundary too).
//   runtimes  → each runtime has its tsconfig (Node without the DOM, browser without Node: scripts/typecheck.ts).
//   build time → esbuild, tsx, typescript and the modules that build the UIs and the shell are for
//               scripts/ and test/ only: production runs the compiled build, which has none of them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const IO_MODULES = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'net', 'node:net', 'http', 'node:http', 'better-sqlite3', 'fastify', 'node-cron', 'systeminformation', 'usb'];

/** The modules that build the UIs and the Electron shell: run by scripts/build.ts and the tests' setup only. */
const BUILD_TIME = ['common/ui-bundle.ts', 'kiosk/build.ts', 'county/dashboard/build.ts', 'kiosk/main/build-shell.ts'];

// The TypeScript rule, so that `import type` from a store is allowed where only its types are needed.
const restrict = (patterns) => ['error', { patterns }];

/** What the pure core may not import, beside what its folder may not (see BOUNDARIES). */
const PURE_PATTERNS = [
  { group: IO_MODULES, message: 'this module is part of the pure core: no I/O (see eslint.config.js)' },
  { group: ['**/*-store.ts', '**/store/**', '**/api/**'], allowTypeImports: true, message: 'the pure core takes data as arguments; it does not read stores' },
];

/**
 * Each folder's boundary: what its files may not import. A folder's block and the pure core's both set the
 * same rule, and a later block replaces an earlier one's rule for a file, so the pure core's blocks (one per
 * folder, below) carry the folder's boundary with them.
 */
const BOUNDARIES = {
  'cli/': [
    // The composition root, above agent/: county commands load county/ with a dynamic import() only when run.
    { group: ['**/county/**', '**/kiosk/ui/**'], message: 'the CLI may start the kiosk shell and build its UI, nothing else of kiosk/ or county/' },
  ],
  'agent/': [
    { group: ['**/kiosk/**', '**/county/**'], message: 'agent/ must not depend on kiosk/ or county/ (docs/architecture.md)' },
    { group: ['**/cli/**'], message: 'the CLI (cli/) is the composition root: it imports the agent, never the other way (docs/architecture.md)' },
  ],
  'content/': [{ group: ['**/agent/**', '**/kiosk/**', '**/county/**'], message: 'content/ is used by the agent and imports none of it (docs/architecture.md)' }],
  'common/': [{ group: ['**/agent/**', '**/kiosk/**', '**/content/**', '**/county/**'], message: 'common/ is shared by the station and the county and imports neither (docs/architecture.md)' }],
  'protocol/': [
    { group: ['**/agent/**', '**/county/**', '**/kiosk/**', '**/content/**', '**/common/**'], message: 'protocol/ is shared by the station and the county and imports neither (protocol/README.md)' },
  ],
  'county/dashboard/ui/': [
    // The county dashboard is browser code inside county/: it talks to the hub over HTTP and may import the
    // hub's API types, never its modules. ui/src keeps at most one folder level, so an import climbing two
    // levels has left the UI's sources for the hub's Node code.
    { group: ['node:*', ...IO_MODULES], message: 'county/dashboard/ui is browser code' },
    { group: ['**/agent/**', '**/kiosk/**', '**/content/**'], message: 'the dashboard is county code: no agent/, kiosk/ or content/ (the protocol\'s types are in protocol/)' },
    // … but for the refusals' shared texts (protocol/refusals/*-texts.pure.ts: pure, without typebox), which it runs.
    { regex: '^(?!(\\.\\./)+protocol/refusals/[a-z-]+-texts\\.pure\\.ts$)(\\.\\./){2,}', allowTypeImports: true, message: 'the dashboard talks to the hub over HTTP and imports only its types (and the refusals\' texts, protocol/refusals/*-texts.pure.ts)' },
  ],
  'county/': [{ group: ['**/agent/**', '**/kiosk/**', '**/content/**'], message: 'county/ talks to stations only through the uplink protocol (protocol/), never the station\'s code' }],
  'kiosk/ui/': [
    { group: ['node:*', ...IO_MODULES], message: 'kiosk/ui is browser code' },
    { group: ['**/agent/**', '**/content/**', '**/county/**'], allowTypeImports: true, message: 'kiosk/ui talks to the agent over HTTP and imports only its types' },
    // Of protocol/, it runs only the refusals' shared texts (protocol/refusals/*-texts.pure.ts: pure, without typebox).
    { regex: '(^|/)protocol/(?!refusals/[a-z-]+-texts\\.pure\\.ts$)', allowTypeImports: true, message: 'kiosk/ui imports only the protocol\'s types, and the refusals\' texts (protocol/refusals/*-texts.pure.ts)' },
  ],
};
const BROWSER = ['kiosk/ui/', 'county/dashboard/ui/'];
const globOf = (folder) => (BROWSER.includes(folder) ? `${folder}**/*.{ts,tsx}` : `${folder}**/*.ts`);
/** The folders listed inside `folder`, whose files answer to their own block. */
const deeperThan = (folder) => Object.keys(BOUNDARIES).filter((f) => f !== folder && f.startsWith(folder)).map((f) => `${f}**`);

export default tseslint.config(
  { ignores: ['node_modules/**', 'tmp/**', 'test-artifacts/**', 'build/**', 'dist/**', 'bench/out/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Each folder's boundary, for its files outside any deeper folder listed (the dashboard in county/).
  ...Object.entries(BOUNDARIES).map(([folder, patterns]) => ({
    files: [globOf(folder)],
    ignores: deeperThan(folder),
    ...(BROWSER.includes(folder) ? { languageOptions: { globals: { ...globals.browser } } } : {}),
    rules: { '@typescript-eslint/no-restricted-imports': restrict(patterns) },
  })),
  {
    // Runs in production: compiled by scripts/build.ts, so it may not need the tools that compile it. (The
    // build modules themselves live beside what they build; they are listed in BUILD_TIME.)
    files: ['agent/**/*.ts', 'content/**/*.ts', 'common/**/*.ts', 'county/**/*.ts', 'kiosk/main/**/*.ts', 'protocol/**/*.ts'],
    ignores: BUILD_TIME,
    rules: {
      'no-restricted-imports': ['error', { paths: ['esbuild', 'tsx', 'typescript'].map((name) => ({ name, message: 'a build-time tool: production runs the compiled build without it (scripts/build.ts)' })), patterns: [{ group: ['**/build.ts', '**/build-shell.ts', '**/ui-bundle.ts'], message: 'build time only: production runs what scripts/build.ts made' }] }],
    },
  },
  // The pure core, with the boundary of each module's folder (a folder's deeper folders have their own block),
  // and once for the pure modules outside every folder listed (kiosk/main, bench/lib).
  ...Object.keys(BOUNDARIES).map((folder) => ({
    files: [`${folder}**/*.pure.ts`],
    ignores: deeperThan(folder),
    rules: { '@typescript-eslint/no-restricted-imports': restrict([...PURE_PATTERNS, ...BOUNDARIES[folder]]) },
  })),
  {
    files: ['**/*.pure.ts'],
    ignores: Object.keys(BOUNDARIES).map((f) => `${f}**`),
    rules: { '@typescript-eslint/no-restricted-imports': restrict(PURE_PATTERNS) },
  },
  {
    // Whether a process runs is asked in one place (EPERM means it does, under another user).
    files: ['**/*.ts'],
    ignores: ['common/process-alive.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='process'][callee.property.name='kill'][arguments.1.value=0]", message: 'use processAlive() from common/process-alive.ts' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
