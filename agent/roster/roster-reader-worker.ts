// The roster reader's worker thread: reads one roster file (roster-file.ts) and posts back its rows or why it was refused.
// A build entry of its own (scripts/build.ts), started by roster-reader.ts and ended by it after one answer.
import { parentPort, workerData } from 'node:worker_threads';
import { RosterError } from './roster-error.ts';
import { readRosterFile } from './roster-file.ts';

export interface RosterReaderRequest {
  bytes: Uint8Array;
  fileName: string;
}

export type RosterReaderAnswer =
  | { ok: true; file: Awaited<ReturnType<typeof readRosterFile>> }
  | { ok: false; refusal: { code: RosterError['code']; zh: string; en: string } }
  | { ok: false; failure: string };

const request = workerData as RosterReaderRequest;
let answer: RosterReaderAnswer;
try {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  answer = { ok: true, file: await readRosterFile(bytes, request.fileName) };
} catch (err) {
  answer =
    err instanceof RosterError
      ? { ok: false, refusal: { code: err.code, zh: err.zh, en: err.en } }
      : { ok: false, failure: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
parentPort!.postMessage(answer);
