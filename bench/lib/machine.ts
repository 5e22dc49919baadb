// The machine a run was measured on, written beside its figures: a ratio means little without it.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim();
  } catch {
    return 'not found';
  }
}

export interface MachineFacts {
  date: string;
  host: string;
  os: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  chromium: string;
}

export function machineFacts(): MachineFacts {
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium: version('/usr/bin/chromium', ['--version']),
  };
}
