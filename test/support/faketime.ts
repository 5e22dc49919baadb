// A lying wall clock for a real agent process: Debian's libfaketime (apt-get install faketime), preloaded
// into the child, reading its offset from a file on every call, so a test can set the clock back or jump
// it forward while the agent runs. The monotonic clock is left alone, as NTP or an operator leaves it.
import fs from 'node:fs';
import path from 'node:path';

const CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
  '/usr/local/lib/faketime/libfaketime.so.1',
];

/** The preload library, or null when faketime is not installed here. */
export function libfaketime(): string | null {
  return CANDIDATES.find((f) => fs.existsSync(f)) ?? null;
}

export class FakeClock {
  readonly file: string;

  constructor(
    dir: string,
    private readonly library: string,
    offsetMs = 0,
  ) {
    this.file = path.join(dir, 'faketime-offset');
    this.set(offsetMs);
  }

  /** The environment that puts a child process on this clock. */
  env(): Record<string, string> {
    return {
      LD_PRELOAD: this.library,
      FAKETIME_TIMESTAMP_FILE: this.file,
      // Read the file on every call, not once a few seconds: a jump takes effect at once.
      FAKETIME_NO_CACHE: '1',
      // CLOCK_MONOTONIC stays true, as on a real terminal whose wall clock is set.
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }

  /** Sets the wall clock to the real time plus offsetMs (whole seconds), atomically for the reader. */
  set(offsetMs: number): void {
    const seconds = Math.round(offsetMs / 1000);
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${seconds >= 0 ? '+' : ''}${seconds}\n`);
    fs.renameSync(temp, this.file);
  }
}
