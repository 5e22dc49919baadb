// The Chinese font as a terminal has it: the station package depends on Debian's fonts-noto-cjk, and the kiosk
// takes Noto Sans CJK SC from the system when it is there (kiosk/ui/src/styles/app.css), else the agent's web
// font. Benchmarks of the screen install it (root, apt) so that they measure what a terminal shows; the fact
// they print says which font the kiosk had.
import { execFileSync } from 'node:child_process';

const PACKAGE = 'fonts-noto-cjk';

function systemHasFont(): boolean {
  try {
    return execFileSync('fc-list', [':family=Noto Sans CJK SC'], { encoding: 'utf8', timeout: 10_000 }).trim() !== '';
  } catch {
    return false;
  }
}

/** Installs fonts-noto-cjk where missing and possible; says which font the kiosk draws with. */
export function ensureTerminalFonts(log: (line: string) => void): string {
  if (systemHasFont()) return `Noto Sans CJK SC from Debian's ${PACKAGE} (as on a terminal)`;
  if (process.getuid?.() === 0) {
    try {
      log(`apt-get install -y --no-install-recommends ${PACKAGE}`);
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', PACKAGE], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: 'ignore', timeout: 10 * 60_000 });
    } catch {
      // Reported below.
    }
    if (systemHasFont()) return `Noto Sans CJK SC from Debian's ${PACKAGE}, installed by this run (as on a terminal)`;
  }
  return `the agent's web font: ${PACKAGE} is not installed here (a terminal has it), so every renderer decodes 2 × 1.1 MB of woff2`;
}
