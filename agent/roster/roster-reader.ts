// Reads a roster file off the agent's event loop: in a worker thread with a bounded heap, ended on a deadline, one
// file at a time — so a roster bomb costs the reader its worker, never the kiosk its screen or the agent its memory.
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { appPaths } from '../../common/app-paths.ts';
import { RosterError } from './roster-error.ts';
import type { RosterFile } from './roster-file.ts';
import type { RosterReaderAnswer } from './roster-reader-worker.ts';
import { MAX_ROSTER_FILE_BYTES, ROSTER_READ_DEADLINE_MS, ROSTER_READER_HEAP_MB, fileTooLarge } from './roster-limits.ts';

export interface ReadOptions {
  /** How long the read may take (tests shorten it). */
  deadlineMs?: number;
}

/**
 * The compiled program runs the worker's own bundle (build/app/roster-reader-worker.js); the sources (tests, tsx)
 * run roster-reader-worker.ts through tsx, which only a checkout has.
 */
function startWorker(request: { bytes: Uint8Array; fileName: string }): Worker {
  const options = {
    workerData: request,
    transferList: [request.bytes.buffer as ArrayBuffer],
    resourceLimits: { maxOldGenerationSizeMb: ROSTER_READER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  };
  if (!import.meta.url.endsWith('.ts')) return new Worker(path.join(appPaths.app, 'roster-reader-worker.js'), options);
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
  if (bytes.length > MAX_ROSTER_FILE_BYTES) throw fileTooLarge(fileName, bytes.length);
  if (reading) {
    throw new RosterError('roster_busy', '另一份名册正在读取，请等它完成后再导入', 'another roster file is being read; import again when it is done');
  }
  reading = true;
  // The worker gets its own copy, so the caller's buffer (a request body) stays as it was.
  const copy = new Uint8Array(bytes);
  const worker = startWorker({ bytes: copy, fileName });
  const deadlineMs = options.deadlineMs ?? ROSTER_READ_DEADLINE_MS;
  try {
    return await new Promise<RosterFile>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new RosterError(
            'read_timeout',
            `读取文件 ${fileName} 超过 ${Math.round(deadlineMs / 1000)} 秒仍未完成，已放弃；名册文件不应这么大，请确认选对了文件，或只保留名册这一张表后再导入`,
            `reading ${fileName} took longer than ${Math.round(deadlineMs / 1000)} s and was given up; no roster is that large: check the file, or keep only the roster sheet`,
          ),
        );
      }, deadlineMs);
      const settle = () => clearTimeout(timer);
      worker.once('message', (answer: RosterReaderAnswer) => {
        settle();
        if (answer.ok) resolve(answer.file);
        else if ('refusal' in answer) reject(new RosterError(answer.refusal.code, answer.refusal.zh, answer.refusal.en));
        else reject(new Error(`名册读取失败 / the roster reader failed: ${answer.failure}`));
      });
      worker.once('error', (err: Error & { code?: string }) => {
        settle();
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(
            new RosterError(
              'file_too_large',
              `读取文件 ${fileName} 所需的内存超过 ${ROSTER_READER_HEAP_MB} MB，已放弃；名册文件不应这么大，请只保留名册这一张表后再导入`,
              `reading ${fileName} needed more than ${ROSTER_READER_HEAP_MB} MB of memory and was given up; keep only the roster sheet and import again`,
            ),
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
    void worker.terminate();
  }
}
