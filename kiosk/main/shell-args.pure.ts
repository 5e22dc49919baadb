// Reads the Electron shell's command line (as launch-plan.pure.ts writes it). Pure.
import { agentOriginOf } from './navigation-policy.pure.ts';

export interface ShellArgs {
  /** The kiosk UI, e.g. http://127.0.0.1:8720/ */
  url: string;
  /** Where Electron keeps its profile; null leaves Electron's default. */
  profile: string | null;
  /** Developer mode: DevTools allowed. Never on a station (YUANJIAO_KIOSK_DEV=1 sets it). */
  dev: boolean;
  /** Smoke test: report the hardening once the UI has loaded, then quit. */
  smoke: boolean;
}

export const DEFAULT_KIOSK_URL = 'http://127.0.0.1:8720/';

/**
 * Chromium adds switches of its own to argv and Electron puts its binary and the app path first, so
 * only `--name=value` and `--flag` forms we know are read, and everything else is left alone.
 * Throws when --url is not an http(s) URL: better no window than one pointing somewhere unexpected.
 */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const value = (name: string): string | null => {
    const hit = argv.find((a) => a.startsWith(`--${name}=`));
    return hit === undefined ? null : hit.slice(name.length + 3);
  };
  const url = value('url') ?? DEFAULT_KIOSK_URL;
  agentOriginOf(url);
  const profile = value('profile');
  return { url, profile: profile === '' ? null : profile, dev: argv.includes('--dev'), smoke: argv.includes('--smoke') };
}
