// Reads a roster file off the agent's event loop: in a worker thread with a bounded heap, ended on a deadline, one
// file at a time — so a roster bomb costs the reader its worker, never the kiosk its screen or the agent its memory.
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { appPaths } from '../../common/app-paths.ts';
import { buildProblem, newestSourceAt, readBuildInfo } from '../../common/build-info.ts';
import { RosterError } from './roster-error.pure.ts';
import type { RosterFile } from './roster-file.ts';
import type { RosterReaderMessage, RosterReaderRequest } from './roster-reader-worker.ts';
import type { ImportOptions, ImportResult } from './roster-import.ts';
import Database from 'better-sqlite3';
import { MAX_ROSTER_FILE_BYTES, ROSTER_READ_DEADLINE_MS, ROSTER_READER_HEAP_MB, fileTooLarge } from './roster-limits.pure.ts';

export interface ReadOptions {
  /** How long the read may take (tests shorten it). */
  deadlineMs?: number;
}

/** The worker's own bundle, which the compiled program always runs. */
const WORKER_BUNDLE = 'roster-reader-worker.js';

/**
 * What the worker runs: the compiled program its bundle (build/app/roster-reader-worker.js), and so do the sources
 * (tests, tsx) while the build is as new as they are (a test run's setup has just made it); roster-reader-worker.ts
 * through tsx only when it is not. Decision — through tsx, every worker loaded the import's several hundred
 * modules afresh through tsx's loader (typebox's alone take 0.7 s): 2.3 s an import on an idle machine, 6–7 s
 * beside a heavy process, which a test's three imports could not afford; the bundle starts in 0.2 s. Checked once
 * a process (a walk over the sources).
 */
let workerEntry: Promise<'bundle' | 'sources'> | null = null;
function chooseWorkerEntry(): Promise<'bundle' | 'sources'> {
  if (!import.meta.url.endsWith('.ts')) return Promise.resolve('bundle');
  workerEntry ??= newestSourceAt().then(
    (sourcesAt) => (fs.existsSync(path.join(appPaths.app, WORKER_BUNDLE)) && buildProblem(readBuildInfo(), sourcesAt) === null ? 'bundle' : 'sources'),
    () => 'sources' as const,
  );
  return workerEntry;
}

function startWorker(request: RosterReaderRequest, entry: 'bundle' | 'sources'): Worker {
  const options = {
    workerData: request,
    transferList: [request.bytes.buffer as ArrayBuffer],
    resourceLimits: { maxOldGenerationSizeMb: ROSTER_READER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  };
  if (entry === 'bundle') return new Worker(path.join(appPaths.app, WORKER_BUNDLE), options);
  const source = fileURLToPath(new URL('./roster-reader-worker.ts', import.meta.url));
  const tsx = pathToFileURL(tsxEsmApi()).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(pathToFileURL(source).href)}, ${JSON.stringify(import.meta.url)}))`, {
    ...options,
    eval: true,
  });
}

/** tsx's ES module API (its `import` export; `require` would give its CommonJS twin, which cannot load ES modules in a worker). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return path.join(path.dirname(manifest), pkg.exports['./esm/api']!.import.default);
}

let reading = false;

/** readRosterFile (roster-file.ts) in a worker: the same rows, or the same refusal, or a refusal for the time or memory it took. */
export async function readRosterFileOffLoop(bytes: Buffer, fileName: string, options: ReadOptions = {}): Promise<RosterFile> {
  const answer = await inWorker(bytes, fileName, undefined, options);
  return answer.file!;
}

/**
 * The whole import in a worker: the file read as readRosterFileOffLoop reads it, then checked and written by
 * importRosterFile through the worker's own connection to databaseFile. The deadline covers the reading only: once
 * the worker holds the database's write lock it is let finish (its work is bounded by the caps), never cut off
 * half-way through a transaction.
 */
export async function importRosterOffLoop(
  databaseFile: string,
  bytes: Buffer,
  fileName: string,
  options: Omit<ImportOptions, 'read'>,
  readOptions: ReadOptions = {},
): Promise<ImportResult> {
  const answer = await inWorker(bytes, fileName, { databaseFile, options }, readOptions);
  return answer.result!;
}

async function inWorker(bytes: Buffer, fileName: string, write: RosterReaderRequest['write'], options: ReadOptions): Promise<{ file?: RosterFile; result?: ImportResult }> {
  if (bytes.length > MAX_ROSTER_FILE_BYTES) throw fileTooLarge(fileName, bytes.length);
  const entry = await chooseWorkerEntry();
  if (reading) {
    throw RosterError.ofFile('roster_busy', {});
  }
  // The worker gets its own copy, so the caller's buffer (a request body) stays as it was.
  const copy = new Uint8Array(bytes);
  // exceljs's streaming reader writes sheets to temporary files; the worker puts them in a folder of its own, which
  // goes when the worker does — however it ends (answer, deadline, out of memory).
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-roster-'));
  let worker: Worker;
  try {
    worker = startWorker({ bytes: copy, fileName, scratch, ...(write === undefined ? {} : { write }) }, entry);
  } catch (err) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
  reading = true;
  worker.once('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
  const deadlineMs = options.deadlineMs ?? ROSTER_READ_DEADLINE_MS;
  let writing = false;
  let timedOut = false;
  let answered = false;
  try {
    return await new Promise<{ file?: RosterFile; result?: ImportResult }>((resolve, reject) => {
      const timer = setTimeout(() => {
        timedOut = true;
        reject(
          RosterError.ofFile('read_timeout', { fileName, seconds: Math.round(deadlineMs / 1000) }),
        );
      }, deadlineMs);
      const settle = () => clearTimeout(timer);
      worker.on('message', (message: RosterReaderMessage) => {
        if (message.phase === 'read') {
          if (timedOut) return;
          settle();
          writing = true;
          return worker.postMessage('write');
        }
        settle();
        answered = true;
        if (message.ok) resolve(message);
        else if ('refusal' in message) reject(new RosterError(message.refusal.code, message.refusal.zh, message.refusal.en, message.refusal.months, message.refusal.params));
        // SQLite's own error, so a full disk is told apart from a bug as everywhere else (api-error.ts).
        else if (message.sqliteCode !== undefined) reject(new Database.SqliteError(message.failure, message.sqliteCode));
        else reject(new Error(`名册读取失败 / the roster reader failed: ${message.failure}`));
      });
      worker.once('error', (err: Error & { code?: string }) => {
        settle();
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(
            RosterError.ofFile('file_too_large', { problem: 'memory', fileName, maxMb: ROSTER_READER_HEAP_MB }),
          );
        } else reject(err);
      });
      worker.once('exit', (code) => {
        settle();
        reject(new Error(`名册读取线程意外退出 / the roster reader exited (${code}) without an answer`));
      });
    });
  } finally {
    reading = false;
    // A worker that answered, or is still reading, is ended; one that failed while writing is let finish its
    // transaction (rolled back with its connection) rather than be cut off inside it.
    if (answered || !writing) void worker.terminate();
  }
}
