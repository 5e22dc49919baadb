// An edit at the county reaches stations that already had the old version: real agents (daemon, store,
// uplink) get a county notice and program, the county corrects both through the staff API, and the next
// exchange replaces the old text on each station's board and schedule — for a station that reports at
// once, and for one that was away during two edits and gets only the last.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { addNotice, listNotices } from '../../../agent/notices/notice-store.ts';
import { readSetting } from '../../../agent/settings/settings-store.ts';
import { DOWNLINK_VERSION_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const clock = at('2026-11-24 09:00');
let hub: TestHub;
let admin: string;
const dirs: string[] = [];
const running: RunningAgent[] = [];

async function station(name: string): Promise<RunningAgent> {
  const { code } = await registerStation(hub, admin, name);
  const dir = tempDir('yj-agent-');
  dirs.push(dir);
  const s = createStation({ dir });
  await enroll(s.db, { hubUrl: hub.url, code, now: () => clock });
  s.close();
  const agent = await startDaemon({ dataDir: dir, port: 0, now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
  running.push(agent);
  return agent;
}

/** One exchange with the hub, as the station's next heartbeat makes it. */
async function exchange(agent: RunningAgent): Promise<void> {
  agent.ctx.uplink.heartbeat();
  expect((await agent.ctx.uplink.flush()).failure).toBeNull();
}

function countyBoard(agent: RunningAgent) {
  const db = agent.ctx.db;
  return {
    notices: listNotices(db)
      .filter((n) => n.origin === 'county')
      .map((n) => ({ text: n.text, until: n.until })),
    programs: new ProgramStore(db)
      .listActive()
      .filter((p) => p.origin === 'county')
      .map((p) => ({ id: p.id, title: p.title, rule: p.rule })),
  };
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
});

afterAll(async () => {
  for (const a of running) await a.stop();
  await hub.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('edits at the county', () => {
  it('replace the old notice and program on stations that already had them, whenever they next report', async () => {
    const [present, away] = [await station('红旗村'), await station('东风社区')];
    // The station's own notice is its own business: no county edit touches it.
    addNotice(present.ctx.db, { text: '本站周三下午打扫活动室', until: null }, clock);

    const program = {
      title: '全县党员冬训直播',
      kind: 'group_viewing',
      rule: { type: 'once', date: '2026-11-28', time: '09:30' },
      course: { title: '冬训直播', streamUrl: 'https://live.example.gov.cn/dongxun/index.m3u8', sha256: null, durationMs: null },
    };
    const p = await call<{ program: { id: number } }>(`${hub.url}/api/county/programs`, { token: admin, body: program });
    const n = await call<{ notice: { id: number } }>(`${hub.url}/api/county/notices`, { token: admin, body: { text: '周六上午冬训直播，请提前签到', until: '2026-11-28' } });
    expect([p.status, n.status]).toEqual([201, 201]);
    await exchange(present);
    await exchange(away);
    const before = { notices: [{ text: '周六上午冬训直播，请提前签到', until: '2026-11-28' }], programs: [expect.objectContaining({ title: '全县党员冬训直播', rule: program.rule })] };
    expect(countyBoard(present)).toEqual(before);
    expect(countyBoard(away)).toEqual(before);
    const oldVersion = readSetting<string>(present.ctx.db, DOWNLINK_VERSION_SETTING);
    const localProgramId = countyBoard(present).programs[0]!.id;

    // First correction: the present station takes it at once; the other is away.
    const putNotice = (body: unknown) => call(`${hub.url}/api/county/notices/${n.body.notice.id}`, { method: 'PUT', token: admin, body });
    expect((await putNotice({ text: '冬训直播改到周日上午，请提前签到', until: '2026-11-29' })).status).toBe(200);
    expect((await call(`${hub.url}/api/county/programs/${p.body.program.id}`, { method: 'PUT', token: admin, body: { ...program, rule: { type: 'once', date: '2026-11-29', time: '09:30' } } })).status).toBe(200);
    await exchange(present);
    expect(readSetting<string>(present.ctx.db, DOWNLINK_VERSION_SETTING)).not.toBe(oldVersion);
    expect(countyBoard(present)).toEqual({
      notices: [{ text: '冬训直播改到周日上午，请提前签到', until: '2026-11-29' }],
      // The same station program, updated in place.
      programs: [{ id: localProgramId, title: '全县党员冬训直播', rule: { type: 'once', date: '2026-11-29', time: '09:30' } }],
    });
    expect(listNotices(present.ctx.db).filter((x) => x.origin === 'station').map((x) => x.text)).toEqual(['本站周三下午打扫活动室']);

    // Second correction, of the notice's text only; the station that was away gets the latest of both.
    expect((await putNotice({ text: '冬训直播改到周日上午九点半，请提前十五分钟签到', until: '2026-11-29' })).status).toBe(200);
    await exchange(away);
    await exchange(present);
    const after = {
      notices: [{ text: '冬训直播改到周日上午九点半，请提前十五分钟签到', until: '2026-11-29' }],
      programs: [expect.objectContaining({ title: '全县党员冬训直播', rule: { type: 'once', date: '2026-11-29', time: '09:30' } })],
    };
    expect(countyBoard(away)).toEqual(after);
    expect(countyBoard(present)).toEqual(after);
  });
});
