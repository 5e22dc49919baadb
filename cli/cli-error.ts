// How the CLI fails: a message a person can act on (Chinese first, then English) and a non-zero exit. The
// station's own refusals (a check-in, a PIN, a roster row …) are read by station-errors.ts; this module knows
// only what every command shares, so the hub's command carries none of the station's code.

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ErrorDescription {
  message: string;
  /** An expected refusal: no stack trace. */
  expected: boolean;
  exitCode: number;
}

/** The message to print for any error, and whether it is one we expected (no stack trace then). */
export function describeError(err: unknown): ErrorDescription {
  if (err instanceof CliError) return { message: err.message, expected: true, exitCode: err.exitCode };
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') return { message: `端口已被占用，请用 --port 换一个 / the port is in use, choose another with --port`, expected: true, exitCode: 1 };
  if (e?.code === 'ENOENT' && e.path) return { message: `找不到文件 ${e.path} / file not found`, expected: true, exitCode: 1 };
  // A file copy or download that ran out of room (the database's own case is disk_full above).
  if (e?.code === 'ENOSPC') return { message: `磁盘空间已满，操作未完成，请清理磁盘后重试 / no space left on the disk; nothing was finished, free some space and try again`, expected: true, exitCode: 1 };
  if (e?.code === 'EACCES' && e.path) return { message: `没有权限访问 ${e.path} / permission denied`, expected: true, exitCode: 1 };
  return { message: e instanceof Error ? e.message : String(err), expected: false, exitCode: 1 };
}

export function parseId(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${what}应为正整数，收到 “${value}” / ${what} must be a positive whole number`, 2);
  return n;
}
