// Remote help at the hub over its real HTTP API: staff send a command only to a station they see (and a viewer never
// a restart), the command rides the station's signed downlink with its own signature, the station's result is
// stored and projected exactly once however often its batch arrives, and an unanswered command expires.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../../protocol/signing.pure.ts';
import { verifyCommand, type RemoteHelpCommand, type RemoteHelpResultBody } from '../../../protocol/remote-help.pure.ts';
import type { Downlink } from '../../../protocol/downlink.pure.ts';
import { FfmpegRoomCamera } from '../../../agent/proof/ffmpeg-room-camera.ts';
import { at } from '../../support/station-fixture.ts';
import { addUnits, call, enrolledStation, hubRows, registerStation, staffToken, startTestHub, TWO_TOWNSHIPS, unitStaffToken, type TestHub } from '../support/hub-fixture.ts';

type Command = { id: string; kind: string; state: string; issuedBy: string; code: string | null; resultBytes: number | null };
type Refusal = { error: { code: string } };

let clock = at('2026-12-07 10:00');
let hub: TestHub;
let root: string;
let viewer: string;
let outsider: string;
let station: { id: string; secret: string };
let unenrolled: string;

const ask = (token: string, stationId: string, kind: string) => call<Command & Refusal>(`${hub.url}/api/county/stations/${stationId}/remote-help`, { token, body: { kind } });

/** The station's signed report, as its uplink sends it; the reply's downlink. */
async function report(events: unknown[]): Promise<{ status: number; stored: string[]; downlink: Downlink }> {
  const raw = JSON.stringify({ events });
  const res = await fetch(`${hub.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(station.id, station.secret, clock, raw) }, body: raw });
  const body = (await res.json()) as { stored: string[]; downlink: Downlink };
  return { status: res.status, stored: body.stored, downlink: body.downlink };
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  root = await staffToken(hub, 'root', 'county_admin');
  await addUnits(hub, root, TWO_TOWNSHIPS);
  viewer = await unitStaffToken(hub, 'cb-viewer', 'viewer', 'cb');
  outsider = await unitStaffToken(hub, 'db-admin', 'county_admin', 'db');
  station = await enrolledStation(hub, root, '前进村党员活动室', 'cb');
  unenrolled = (await registerStation(hub, root, '未启用站点')).id;
});

afterAll(async () => {
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

describe('remote help over the staff API', () => {
  it('refuses staff outside the station’s subtree, a viewer’s restart and an unenrolled station; asking twice gives the open command', async () => {
    const before = await hubRows(hub.dataDir, 'SELECT id FROM remote_help_commands');
    const outside = await ask(outsider, station.id, 'screenshot');
    expect(outside.status).toBe(404);
    expect(outside.body.error.code).toBe('station_not_found');
    const restart = await ask(viewer, station.id, 'restart_kiosk');
    expect(restart.status).toBe(403);
    expect(restart.body.error.code).toBe('forbidden');
    expect((await ask(root, unenrolled, 'screenshot')).body.error.code).toBe('remote_help_not_enrolled');
    expect((await call(`${hub.url}/api/county/stations/${station.id}/remote-help`, { token: outsider })).status).toBe(404);
    // Refusals change nothing.
    expect(await hubRows(hub.dataDir, 'SELECT id FROM remote_help_commands')).toEqual(before);

    const first = await ask(viewer, station.id, 'screenshot');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'screenshot', state: 'requested', issuedBy: 'cb-viewer' });
    const again = await ask(viewer, station.id, 'screenshot');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const list = await call<{ commands: Command[]; allowed: string[] }>(`${hub.url}/api/county/stations/${station.id}/remote-help`, { token: viewer });
    expect(list.body.allowed).toEqual(['screenshot', 'diagnostics']);
    expect(list.body.commands.map((c) => c.id)).toEqual([first.body.id]);
    const audit = await hubRows<{ actor: string }>(hub.dataDir, "SELECT actor FROM staff_audit WHERE action = 'remote_help'");
    expect(audit.map((a) => a.actor)).toEqual(['cb-viewer']);
  });

  it('sends the command signed in the downlink, stores the station’s result exactly once and serves the screenshot', async () => {
    const asked = await ask(root, station.id, 'restart_kiosk');
    expect(asked.status).toBe(201);
    const reply = await report([{ id: 'hb-1', type: 'heartbeat', at: clock, body: { spanStart: clock, intervalMs: 300_000, clockSkewMs: 0, pending: 0 } }]);
    expect(reply.status).toBe(200);
    const carried = reply.downlink.remoteHelp ?? [];
    expect(carried.map((c) => c.kind).sort()).toEqual(['restart_kiosk', 'screenshot']);
    for (const c of carried) expect(verifyCommand(station.secret, c)).toBe(true);
    expect(verifyCommand('another-secret', carried[0]!)).toBe(false);
    const screenshot = carried.find((c) => c.kind === 'screenshot') as RemoteHelpCommand;
    const states = await hubRows<{ state: string }>(hub.dataDir, 'SELECT state FROM remote_help_commands WHERE station_id = ? ORDER BY kind', station.id);
    expect(states.map((s) => s.state)).toEqual(['delivered', 'delivered']);

    // The station's result; its batch arrives twice (the first answer lost on the way).
    const picture = await new FfmpegRoomCamera(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=5']).photograph();
    const body: RemoteHelpResultBody = {
      commandId: screenshot.id,
      kind: 'screenshot',
      outcome: 'done',
      code: null,
      params: {},
      finishedAt: clock,
      screenshot: { width: picture.width, height: picture.height, jpegBase64: picture.jpeg.toString('base64') },
    };
    const batch = [{ id: 'rh-result-1', type: 'remote_help_result', at: clock, body }];
    const once = await report(batch);
    const twice = await report(batch);
    expect(once.stored).toEqual(['rh-result-1']);
    expect(twice.stored).toEqual(['rh-result-1']);
    expect(await hubRows(hub.dataDir, "SELECT id FROM events WHERE station_id = ? AND type = 'remote_help_result'", station.id)).toEqual([{ id: 'rh-result-1' }]);
    // Answered: it no longer rides the downlink; the restart still does.
    expect((twice.downlink.remoteHelp ?? []).map((c) => c.kind)).toEqual(['restart_kiosk']);

    // A later `replayed` refusal of the same command is kept as an event and changes nothing.
    const replayed = { ...body, outcome: 'refused', code: 'replayed', screenshot: undefined };
    expect((await report([{ id: 'rh-result-2', type: 'remote_help_result', at: clock, body: replayed }])).stored).toEqual(['rh-result-2']);
    const done = (await call<{ commands: Command[] }>(`${hub.url}/api/county/stations/${station.id}/remote-help`, { token: viewer })).body.commands.find((c) => c.id === screenshot.id)!;
    expect(done).toMatchObject({ state: 'done', code: null, resultBytes: picture.jpeg.length });

    const served = await fetch(`${hub.url}/api/county/stations/${station.id}/remote-help/${screenshot.id}/result`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(picture.jpeg)).toBe(true);
    expect((await fetch(`${hub.url}/api/county/stations/${station.id}/remote-help/${screenshot.id}/result`, { headers: { authorization: `Bearer ${outsider}` } })).status).toBe(404);
  });

  it('expires a command no result came back for, and stops sending it', async () => {
    clock += 16 * 60_000;
    const list = await call<{ commands: Command[] }>(`${hub.url}/api/county/stations/${station.id}/remote-help`, { token: root });
    expect(list.body.commands.find((c) => c.kind === 'restart_kiosk')?.state).toBe('expired');
    const reply = await report([{ id: 'hb-2', type: 'heartbeat', at: clock, body: { spanStart: clock, intervalMs: 300_000, clockSkewMs: 0, pending: 0 } }]);
    expect(reply.downlink.remoteHelp).toBeUndefined();
  });
});
