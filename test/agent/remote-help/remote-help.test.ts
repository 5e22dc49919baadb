// Remote help at the station, on a real SQLite file: each command judged once on arrival — a bad signature, another
// station's, a stale or future one, an untrusted clock refused; an id carried out once refused as a replay — and
// each kind's result (a screenshot through real ffmpeg standing in for the screen, a kiosk restart through the
// relay the launcher answers, the diagnostic bundle without members' names, phones, ID numbers or card UIDs)
// queued as a remote_help_result event its schema accepts.
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { commandState, receiveCommands } from '../../../agent/remote-help/remote-help-store.ts';
import { RemoteHelpService } from '../../../agent/remote-help/remote-help-service.ts';
import { diagnosticBundle } from '../../../agent/remote-help/diagnostics.ts';
import { KioskRelay } from '../../../agent/proof/kiosk-relay.ts';
import { FfmpegRoomCamera } from '../../../agent/proof/ffmpeg-room-camera.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { appendStationLog } from '../../../agent/stationlog/station-log.ts';
import { writeSetting } from '../../../agent/settings/settings-store.ts';
import { HUB_SKEW_SETTING, SECRET_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import { REMOTE_HELP_TTL_MS, RemoteHelpResultBodySchema, signCommand, type RemoteHelpKind, type RemoteHelpResultBody } from '../../../protocol/remote-help.pure.ts';
import { at, createStation, type Station } from '../../support/station-fixture.ts';

const SECRET = 'station-secret-for-tests';
const clock = at('2026-12-07 10:00');
const resultCheck = Compile(RemoteHelpResultBodySchema);
const stations: Station[] = [];

afterEach(() => {
  for (const s of stations.splice(0)) {
    s.close();
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

function enrolledStation(options: { skew?: number | null } = {}): Station {
  const station = createStation();
  stations.push(station);
  station.settings({ stationId: 'st-qianjin', hubUrl: 'http://127.0.0.1:9' });
  writeSetting(station.db, SECRET_SETTING, SECRET, clock);
  if (options.skew !== null) writeSetting(station.db, HUB_SKEW_SETTING, options.skew ?? 0, clock);
  return station;
}

function command(kind: RemoteHelpKind, patch: { issuedAt?: number; stationId?: string; secret?: string } = {}) {
  const issuedAt = patch.issuedAt ?? clock - 60_000;
  return signCommand(patch.secret ?? SECRET, { id: randomUUID(), kind, stationId: patch.stationId ?? 'st-qianjin', issuedAt, expiresAt: issuedAt + REMOTE_HELP_TTL_MS, issuedBy: 'cb-admin' });
}

function results(station: Station): RemoteHelpResultBody[] {
  const bodies = pendingOutbox(station.db, 1000)
    .filter((e) => e.type === 'remote_help_result')
    .map((e) => e.body as RemoteHelpResultBody);
  for (const b of bodies) expect(resultCheck.Check(b), JSON.stringify([...resultCheck.Errors(b)].slice(0, 2))).toBe(true);
  return bodies;
}

const camera = new FfmpegRoomCamera(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=5']);

function service(station: Station, deps: Partial<ConstructorParameters<typeof RemoteHelpService>[0]> = {}) {
  return new RemoteHelpService({ db: station.db, now: () => clock, capture: () => camera.photograph(), restartKiosk: () => Promise.reject(new Error('no kiosk')), ...deps });
}

describe('a remote-help command arriving at the station', () => {
  it('is refused when its signature fails or it names another station, and its id is not taken', () => {
    const station = enrolledStation();
    const forged = command('restart_kiosk', { secret: 'not-the-secret' });
    const tampered = { ...command('screenshot'), kind: 'restart_kiosk' as const };
    const elsewhere = command('screenshot', { stationId: 'st-other' });
    expect(receiveCommands(station.db, [forged, tampered, elsewhere], clock)).toBe(0);
    expect(results(station).map((r) => [r.commandId, r.outcome, r.code])).toEqual([
      [forged.id, 'refused', 'bad_signature'],
      [tampered.id, 'refused', 'bad_signature'],
      [elsewhere.id, 'refused', 'wrong_station'],
    ]);
    expect(commandState(station.db, forged.id)).toBeUndefined();
  });

  it('is refused when stale, from the future, or when nothing vouches for the clock', () => {
    const station = enrolledStation();
    const stale = command('screenshot', { issuedAt: clock - REMOTE_HELP_TTL_MS - 1 });
    const future = command('screenshot', { issuedAt: clock + 6 * 60_000 });
    expect(receiveCommands(station.db, [stale, future], clock)).toBe(0);
    expect(results(station).map((r) => r.code)).toEqual(['expired', 'not_yet_valid']);
    expect(commandState(station.db, stale.id)).toEqual({ state: 'refused', code: 'expired' });

    // The skew measured against the hub counts: a station clock 20 min behind still takes a fresh command.
    const behind = enrolledStation({ skew: 20 * 60_000 });
    expect(receiveCommands(behind.db, [command('screenshot', { issuedAt: clock + 19 * 60_000 })], clock)).toBe(1);

    const lost = enrolledStation({ skew: null });
    const early = at('2020-01-01 10:00');
    expect(receiveCommands(lost.db, [command('screenshot', { issuedAt: early })], early)).toBe(0);
    expect(results(lost).map((r) => r.code)).toEqual(['clock_untrusted']);
  });

  it('is carried out once: a screenshot comes back as a JPEG, the same id again is refused as a replay, once', async () => {
    const station = enrolledStation();
    const shot = command('screenshot');
    expect(receiveCommands(station.db, [shot], clock)).toBe(1);
    // Repeated by the hub before its result arrived: the same request, passed over.
    expect(receiveCommands(station.db, [shot], clock)).toBe(0);
    const helper = service(station);
    helper.start();
    await helper.idle();
    const [done] = results(station);
    expect(done).toMatchObject({ commandId: shot.id, kind: 'screenshot', outcome: 'done', code: null });
    const jpeg = Buffer.from(done!.screenshot!.jpegBase64, 'base64');
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(jpeg.length).toBeLessThanOrEqual(100 * 1024);
    expect(done!.screenshot!.width).toBe(640);

    expect(receiveCommands(station.db, [shot], clock + 1_000)).toBe(0);
    expect(receiveCommands(station.db, [shot], clock + 2_000)).toBe(0);
    expect(results(station).map((r) => [r.outcome, r.code])).toEqual([
      ['done', null],
      ['refused', 'replayed'],
    ]);
    expect(commandState(station.db, shot.id)).toEqual({ state: 'done', code: null });
    const log = station.db.prepare("SELECT message FROM station_log WHERE message LIKE '%远程协助%' ORDER BY id").pluck().all();
    expect(log).toEqual(['县级平台远程协助：截屏（cb-admin）', '远程协助截屏：完成']);
  });

  it('restarts the kiosk through the launcher that holds it, and fails kiosk_not_running when none answers', async () => {
    const station = enrolledStation();
    const relay = new KioskRelay(300);
    const helper = service(station, { restartKiosk: () => relay.restart() });
    receiveCommands(station.db, [command('restart_kiosk')], clock);
    helper.start();
    await helper.idle();
    expect(results(station).map((r) => [r.outcome, r.code])).toEqual([['failed', 'kiosk_not_running']]);

    const answered = new KioskRelay(30_000);
    const second = service(station, { restartKiosk: () => answered.restart() });
    const restart = command('restart_kiosk');
    receiveCommands(station.db, [restart], clock);
    second.wake();
    // The launcher's poll (GET /api/kiosk/capture) sees the restart and takes it on (PUT /api/kiosk/restart/:id).
    await expect.poll(() => answered.nextRestart()).not.toBeNull();
    expect(answered.restartTaken('someone-else')).toBe(false);
    expect(answered.restartTaken(answered.nextRestart()!)).toBe(true);
    await second.idle();
    expect(results(station).at(-1)).toMatchObject({ commandId: restart.id, outcome: 'done', code: null });
  });

  it('never runs a command twice: one cut off by a stop fails interrupted at the next start', async () => {
    const station = enrolledStation();
    const cut = command('restart_kiosk');
    receiveCommands(station.db, [cut], clock);
    station.db.prepare("UPDATE remote_help_commands SET state = 'running' WHERE id = ?").run(cut.id);
    let restarts = 0;
    const helper = service(station, { restartKiosk: async () => void (restarts += 1) });
    helper.start();
    await helper.idle();
    expect(restarts).toBe(0);
    expect(results(station).map((r) => [r.commandId, r.outcome, r.code])).toEqual([[cut.id, 'failed', 'interrupted']]);
  });
});

describe('the diagnostic bundle', () => {
  it('carries versions, settings and the log, and no member’s name, phone, ID number or card UID', async () => {
    const station = enrolledStation();
    station.addMember({ name: '王秀英', phone: '13912345678', cardUid: '04A1B2C3D4' });
    appendStationLog(station.db, { type: 'checkin', actor: 'kiosk', at: clock, message: '王秀英 签到（刷卡 04A1B2C3D4），电话 13912345678，身份证 65220119800101123X' });
    appendStationLog(station.db, { type: 'checkin', actor: 'kiosk', at: clock, message: '来宾 李四 登记，手机 138 0013 8000' });
    receiveCommands(station.db, [command('diagnostics')], clock);
    const helper = service(station);
    helper.start();
    await helper.idle();
    const [done] = results(station);
    expect(done).toMatchObject({ kind: 'diagnostics', outcome: 'done' });
    const text = gunzipSync(Buffer.from(done!.diagnostics!.gzipBase64, 'base64')).toString('utf8');
    expect(Buffer.byteLength(text)).toBe(done!.diagnostics!.bytes);
    for (const secret of ['王秀英', '13912345678', '04A1B2C3D4', '65220119800101123X', '138 0013 8000', SECRET]) expect(text).not.toContain(secret);
    const bundle = JSON.parse(text) as { versions: { yuanjiao: string; node: string }; settings: { stationId: string }; log: { message: string }[] };
    expect(bundle.versions.node).toBe(process.version);
    expect(bundle.settings.stationId).toBe('st-qianjin');
    expect(bundle.log.map((l) => l.message)).toContain('〔姓名〕 签到（刷卡 〔号码〕），电话 〔号码〕，身份证 〔号码〕');
  });

  it('stays within its size by leaving out the oldest log lines', () => {
    const station = enrolledStation();
    // Random letters, so the bundle does not compress below its cap; no digits, which the bundle would take for a
    // number to hide when a UUID happened to begin with them ('行 399 12345678-…' → '行 〔号码〕…').
    const letters = () => randomUUID().replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!);
    for (let i = 0; i < 400; i++) appendStationLog(station.db, { type: 'station', actor: 'system', at: clock + i, message: `行 ${i} ${letters()}` });
    const whole = diagnosticBundle(station.db, clock);
    const capped = diagnosticBundle(station.db, clock, 6 * 1024);
    expect(capped.gzip.length).toBeLessThanOrEqual(6 * 1024);
    expect(capped.logLines).toBeLessThan(whole.logLines);
    const log = (JSON.parse(gunzipSync(capped.gzip).toString('utf8')) as { log: { message: string }[] }).log;
    expect(log.at(-1)?.message).toMatch(/^行 399 /);
  });
});
