// Lint rules, including the dependency direction of docs/architecture.md ("Boundaries") in one place:
//   kiosk/ui  → talks to the agent over HTTP; may import only the agent's API types.
//   content/  → never imports agent/, kiosk/ or county/ (the agent uses content, not the reverse).
//   county/   → imports from agent/ only the uplink protocol types.
//   common/   → what station and county both use (documents and their renderers, UI bundling); imports
//               none of agent/, kiosk/, content/ or county/.
//   agent/    → never imports kiosk/ or county/; only the CLI (the composition root) may start the kiosk.
//   pure core → the listed modules import no I/O at all, so they can be tested exhaustively.
//   build time → esbuild, tsx, typescript and the modules that build the UIs and the shell are for
//               scripts/ and test/ only: production runs the compiled build, which has none of them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const IO_MODULES = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'net', 'node:net', 'http', 'node:http', 'better-sqlite3', 'fastify', 'node-cron', 'systeminformation', 'usb'];

const PURE_CORE = [
  'agent/programs/recurrence.ts',
  'agent/reports/participation.ts',
  'agent/attendance/checkin-rules.ts',
  'agent/schedule/due-actions.ts',
  'agent/sessions/held.ts',
  'agent/clock/clock-trust.ts',
  'agent/clock/local-time.ts',
  'agent/roster/categories.ts',
  'agent/roster/roster-rows.ts',
  'agent/roster/roster-columns.ts',
  'agent/roster/name-search.ts',
  'agent/settings/station-settings.ts',
  'kiosk/main/launch-plan.ts',
  'kiosk/main/navigation-policy.ts',
  'kiosk/main/permission-policy.ts',
  'kiosk/main/shortcuts.ts',
  'kiosk/main/recovery.ts',
  'kiosk/main/recovery-loop.ts',
  'kiosk/main/keep-awake.ts',
  'kiosk/main/shell-args.ts',
  'kiosk/main/shell-api.ts',
  'kiosk/main/chromium-policy.ts',
  'content/playability.ts',
  'content/hls-playlist.ts',
  'agent/health/downsampling.ts',
  'agent/health/health-alerts.ts',
  'kiosk/ui/src/screens/admin/health-chart.ts',
  'common/documents/document.ts',
  'common/documents/render-html.ts',
  'common/documents/document-formats.ts',
  'common/documents/file-name.ts',
  'county/export/documents/*.ts',
  'agent/exports/documents/*.ts',
  'kiosk/ui/src/screens/player/playback-errors.ts',
  'kiosk/ui/src/screens/player/stall-watchdog.ts',
  'kiosk/ui/src/screens/player/played-meter.ts',
  'kiosk/ui/src/screens/player/course-sources.ts',
  'kiosk/ui/src/focus/spatial.ts',
  'kiosk/ui/src/routing.ts',
  'content/storage-budget.ts',
];

/** The modules that build the UIs and the Electron shell: run by scripts/build.ts and the tests' setup only. */
const BUILD_TIME = ['common/ui-bundle.ts', 'kiosk/build.ts', 'county/dashboard/build.ts', 'kiosk/main/build-shell.ts'];

// The TypeScript rule, so that `import type` from a store is allowed where only its types are needed.
const restrict = (patterns) => ['error', { patterns }];

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
  {
    files: ['agent/**/*.ts'],
    ignores: ['agent/cli/**'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict([{ group: ['**/kiosk/**', '**/county/**'], message: 'agent/ must not depend on kiosk/ or county/ (docs/architecture.md)' }]) },
  },
  {
    files: ['agent/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        // county commands load county/ with a dynamic import() only when run: the CLI is the composition root.
        { group: ['**/county/**', '**/kiosk/ui/**'], message: 'the CLI may start the kiosk shell and build its UI, nothing else of kiosk/ or county/' },
      ]),
    },
  },
  {
    files: ['content/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict([{ group: ['**/agent/**', '**/kiosk/**', '**/county/**'], message: 'content/ is used by the agent and imports none of it (docs/architecture.md)' }]) },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['**/agent/**', '**/kiosk/**', '**/content/**', '**/county/**'], message: 'common/ is shared by the station and the county and imports neither (docs/architecture.md)' },
      ]),
    },
  },
  {
    files: ['county/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['**/kiosk/**', '**/content/**'], message: 'county/ talks to stations only through the uplink protocol' },
        // A regex: gitignore-style negation cannot re-include one file below an excluded folder.
        { regex: '(^|/)agent/(?!uplink/protocol\\.ts$)', message: 'county/ may import only agent/uplink/protocol.ts' },
      ]),
    },
  },
  {
    files: ['kiosk/ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['node:*', ...IO_MODULES], message: 'kiosk/ui is browser code' },
        { group: ['**/agent/**', '**/content/**', '**/county/**'], allowTypeImports: true, message: 'kiosk/ui talks to the agent over HTTP and imports only its types' },
      ]),
    },
  },
  {
    // The county dashboard is browser code inside county/: it talks to the hub over HTTP and may import the
    // hub's API types, never its modules. ui/src keeps at most one folder level, so an import climbing two
    // levels has left the UI's sources for the hub's Node code.
    files: ['county/dashboard/ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['node:*', ...IO_MODULES], message: 'county/dashboard/ui is browser code' },
        { group: ['**/kiosk/**', '**/content/**'], message: 'the dashboard is county code: no kiosk/ or content/' },
        { regex: '(^|/)agent/(?!uplink/protocol\\.ts$)', message: 'county/ may import only agent/uplink/protocol.ts' },
        { regex: '^(\\.\\./){2,}', allowTypeImports: true, message: 'the dashboard talks to the hub over HTTP and imports only its types' },
      ]),
    },
  },
  {
    // Runs in production: compiled by scripts/build.ts, so it may not need the tools that compile it. (The
    // build modules themselves live beside what they build; they are listed in BUILD_TIME.)
    files: ['agent/**/*.ts', 'content/**/*.ts', 'common/**/*.ts', 'county/**/*.ts', 'kiosk/main/**/*.ts'],
    ignores: BUILD_TIME,
    rules: {
      'no-restricted-imports': ['error', { paths: ['esbuild', 'tsx', 'typescript'].map((name) => ({ name, message: 'a build-time tool: production runs the compiled build without it (scripts/build.ts)' })), patterns: [{ group: ['**/build.ts', '**/build-shell.ts', '**/ui-bundle.ts'], message: 'build time only: production runs what scripts/build.ts made' }] }],
    },
  },
  {
    files: PURE_CORE,
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: IO_MODULES, message: 'this module is part of the pure core: no I/O (see eslint.config.js)' },
        { group: ['**/*-store.ts', '**/store/**', '**/api/**'], allowTypeImports: true, message: 'the pure core takes data as arguments; it does not read stores' },
      ]),
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
