// The contract between the kiosk page, the preload and the Electron main process: names, shapes, codes. Pure.

/** `yuanjiao kiosk` and the Electron shell exit with this after the admin exit; the systemd unit does not restart on it. */
export const ADMIN_EXIT_CODE = 10;

/** The IPC channel the preload uses for the admin exit. */
export const EXIT_KIOSK_CHANNEL = 'yuanjiao:exit-kiosk';

/** The global the preload exposes to the page (absent in the Chromium fallback and a plain browser). */
export const SHELL_GLOBAL = 'yuanjiaoShell';

/** An admin session token from POST /api/admin/login (the admin screen), or the PIN (the shell's own prompt). */
export type AdminCredential = { token: string } | { pin: string };

export type ExitVerdict = { ok: true } | { ok: false; message: string };

/**
 * What the page sees as `window.yuanjiaoShell` in the Electron kiosk. Deliberately small: the page
 * cannot reach Node, files or other windows through it. The admin screen may use:
 *   if (window.yuanjiaoShell) await window.yuanjiaoShell.exitKiosk({ token });
 */
export interface YuanjiaoShellApi {
  /** The shell's version, e.g. '0.1.0'. */
  readonly version: string;
  /** Ends the kiosk after the agent has confirmed the credential; resolves with the refusal otherwise. */
  exitKiosk(credential: AdminCredential): Promise<ExitVerdict>;
}

const MAX_TOKEN = 256;
const MAX_PIN = 16;

/** Reads a credential coming over IPC from the page, which is not trusted: null when it is not one. */
export function parseAdminCredential(value: unknown): AdminCredential | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  if (keys.length !== 1) return null;
  if (typeof v.token === 'string' && v.token.length > 0 && v.token.length <= MAX_TOKEN && /^[\w-]+$/.test(v.token)) return { token: v.token };
  if (typeof v.pin === 'string' && v.pin.length > 0 && v.pin.length <= MAX_PIN && /^\d+$/.test(v.pin)) return { pin: v.pin };
  return null;
}
