// Remote help (远程协助, issue 17): a command county staff send one station — a screenshot now, a restart of the
// kiosk screen, or the station's diagnostic bundle — and the result the station sends back. The command rides
// the downlink (GET /api/v1/wait wakes an online station at once) and carries its own HMAC under the station's
// secret, so the station can check it apart from the reply that brought it; the result is an uplink event
// (`remote_help_result`), signed with its batch and stored once per (station, event id).
//
// Decisions:
// - The signature covers every field in a fixed order with a purpose prefix, so it can never be mistaken for a
//   report's or a reply's signature (different text under the same key) and needs no canonical JSON.
// - A command is valid from its issuedAt until its expiresAt (10 minutes by default); the station refuses one
//   outside that span, measured on the hub's clock as the station knows it (its clock corrected by its measured
//   skew), and any id it has seen before (replay). A refusal travels back as a result with a code.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type, type Static } from 'typebox';
import { Instant } from './scalars.pure.ts';
import { MAX_PROOF_JPEG_BYTES } from './event-bodies.pure.ts';

export const REMOTE_HELP_KINDS = ['screenshot', 'restart_kiosk', 'diagnostics'] as const;
export type RemoteHelpKind = (typeof REMOTE_HELP_KINDS)[number];

/** How long a command may wait for its station: older ones are refused there and expire at the hub. */
export const REMOTE_HELP_TTL_MS = 10 * 60_000;
/** A command issued this far in the station's future (its clock behind) is still taken: the same ±5 min as reports. */
export const REMOTE_HELP_FUTURE_SLACK_MS = 5 * 60_000;
/** The diagnostic bundle as sent: gzip-compressed JSON, at most this many bytes. */
export const MAX_DIAGNOSTICS_GZIP_BYTES = 128 * 1024;

const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Kind = Type.Union([Type.Literal('screenshot'), Type.Literal('restart_kiosk'), Type.Literal('diagnostics')]);

export const RemoteHelpCommandSchema = Type.Object({
  id: Uuid,
  kind: Kind,
  stationId: Type.String({ minLength: 1, maxLength: 64 }),
  issuedAt: Instant,
  expiresAt: Instant,
  /** The staff member who asked (their login name), shown in the station log. */
  issuedBy: Type.String({ minLength: 1, maxLength: 64 }),
  signature: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
export type RemoteHelpCommand = Static<typeof RemoteHelpCommandSchema>;
export type UnsignedCommand = Omit<RemoteHelpCommand, 'signature'>;

function signedText(c: UnsignedCommand): string {
  return ['yuanjiao.remote-help.v1', c.id, c.kind, c.stationId, c.issuedAt, c.expiresAt, c.issuedBy].join('\n');
}

export function signCommand(secret: string, command: UnsignedCommand): RemoteHelpCommand {
  return { ...command, signature: createHmac('sha256', secret).update(signedText(command)).digest('hex') };
}

export function verifyCommand(secret: string, command: RemoteHelpCommand): boolean {
  if (!/^[0-9a-f]{64}$/.test(command.signature)) return false;
  const expected = createHmac('sha256', secret).update(signedText(command)).digest();
  return timingSafeEqual(expected, Buffer.from(command.signature, 'hex'));
}

/** Why a station did not carry a command out (refused) or could not (failed). */
export const REMOTE_HELP_CODES = [
  'bad_signature',
  'wrong_station',
  'expired',
  'not_yet_valid',
  'replayed',
  'clock_untrusted',
  'interrupted',
  'no_screen',
  'capture_failed',
  'kiosk_not_running',
  'diagnostics_failed',
] as const;
export type RemoteHelpCode = (typeof REMOTE_HELP_CODES)[number];

/** The station's judgement of a command before it runs it: null = carry it out. Pure, so the rules are tested whole. */
export function judgeCommand(
  command: RemoteHelpCommand,
  check: { secret: string; stationId: string; hubNow: number | null; seen: boolean },
): Exclude<RemoteHelpCode, 'interrupted' | 'no_screen' | 'capture_failed' | 'kiosk_not_running' | 'diagnostics_failed'> | null {
  if (!verifyCommand(check.secret, command)) return 'bad_signature';
  if (command.stationId !== check.stationId) return 'wrong_station';
  if (check.seen) return 'replayed';
  if (check.hubNow === null) return 'clock_untrusted';
  if (check.hubNow > command.expiresAt) return 'expired';
  if (command.issuedAt > check.hubNow + REMOTE_HELP_FUTURE_SLACK_MS) return 'not_yet_valid';
  return null;
}

const Params = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 300 }), Type.Number()]), { maxProperties: 8 });
const Code = Type.Union([
  Type.Literal('bad_signature'),
  Type.Literal('wrong_station'),
  Type.Literal('expired'),
  Type.Literal('not_yet_valid'),
  Type.Literal('replayed'),
  Type.Literal('clock_untrusted'),
  Type.Literal('interrupted'),
  Type.Literal('no_screen'),
  Type.Literal('capture_failed'),
  Type.Literal('kiosk_not_running'),
  Type.Literal('diagnostics_failed'),
]);
type _CodesAgree = [Static<typeof Code>] extends [RemoteHelpCode] ? ([RemoteHelpCode] extends [Static<typeof Code>] ? true : never) : never;
const _codesAgree: _CodesAgree = true;
void _codesAgree;

/**
 * The uplink event `remote_help_result`: what became of one command. `done` carries the kind's result — a JPEG
 * (≤ 100 KB, base64) for a screenshot, the gzip-compressed JSON bundle (≤ 128 KiB, base64) for diagnostics,
 * when the kiosk was told to restart; `refused` (never run) and `failed` (run, did not succeed) carry a code.
 */
export const RemoteHelpResultBodySchema = Type.Object({
  commandId: Uuid,
  kind: Kind,
  outcome: Type.Union([Type.Literal('done'), Type.Literal('refused'), Type.Literal('failed')]),
  code: Type.Union([Code, Type.Null()]),
  params: Params,
  finishedAt: Instant,
  screenshot: Type.Optional(
    Type.Object({
      width: Type.Integer({ minimum: 1, maximum: 4096 }),
      height: Type.Integer({ minimum: 1, maximum: 4096 }),
      jpegBase64: Type.String({ minLength: 4, maxLength: Math.ceil(MAX_PROOF_JPEG_BYTES / 3) * 4, pattern: '^/9j/[A-Za-z0-9+/]*={0,2}$' }),
    }),
  ),
  diagnostics: Type.Optional(
    Type.Object({
      /** The JSON's size before compression. */
      bytes: Type.Integer({ minimum: 1, maximum: 16 * 1024 * 1024 }),
      gzipBase64: Type.String({ minLength: 4, maxLength: Math.ceil(MAX_DIAGNOSTICS_GZIP_BYTES / 3) * 4, pattern: '^H4sI[A-Za-z0-9+/]*={0,2}$' }),
    }),
  ),
});
export type RemoteHelpResultBody = Static<typeof RemoteHelpResultBodySchema>;
