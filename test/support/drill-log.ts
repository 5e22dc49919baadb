// The reliability drills' ledger: each drill appends one JSON line saying what faults it injected, how many
// records the system acknowledged and how many of those were found afterwards. `npm run drills`
// (scripts/drills.ts) reads the lines back for its summary and fails when anything was lost.
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './agent-process.ts';

export const DRILL_LOG_DIR = path.join(REPO, 'test-artifacts', 'drills');
export const DRILL_LOG_FILE = path.join(DRILL_LOG_DIR, 'drills.jsonl');

/** Set by `npm run drills`: run the slow drills too (10 s hub replies, the long fuzz run). */
export const FULL_DRILLS = process.env.YUANJIAO_DRILLS === 'full';

export interface DrillRecord {
  name: string;
  /** Faults injected: kills, refused requests, clock jumps, hostile requests … */
  faults: number;
  /** Records the system said it had kept (a 2xx answer, an event stored at the hub). */
  acknowledged: number;
  /** Of those, how many were found afterwards. */
  stored: number;
  /** acknowledged − stored: must be 0. */
  lost: number;
  /** Set when the drill could not run here (e.g. no permission to mount a tmpfs), with the reason. */
  skipped?: string;
  /** Anything a reader of the summary should know (what was measured, what was found). */
  notes?: string[];
  at?: string;
}

export function recordDrill(record: Omit<DrillRecord, 'lost' | 'at'> & { lost?: number }): DrillRecord {
  const full: DrillRecord = { ...record, lost: record.lost ?? Math.max(0, record.acknowledged - record.stored), at: new Date().toISOString() };
  fs.mkdirSync(DRILL_LOG_DIR, { recursive: true });
  // One appendFileSync per line: lines from drills running in parallel processes never interleave.
  fs.appendFileSync(DRILL_LOG_FILE, `${JSON.stringify(full)}\n`);
  return full;
}

export function readDrillLog(file: string = DRILL_LOG_FILE): DrillRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DrillRecord);
}
