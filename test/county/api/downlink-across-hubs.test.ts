// Each hub process keeps what every unit's stations are sent in memory (county/live/downlink-cache.ts) while the
// database's downlink epoch is unchanged. Two hub processes on one PostgreSQL: every change staff make through
// one — a notice, a program, a unit's policy, an edit, a removal, a withdrawn PIN reset code — reaches a station
// reporting through the other at its very next report, and its wait (GET /api/v1/wait) as well.
import { afterEach, describe, expect, it } from 'vitest';
import type { Downlink } from '../../../protocol/downlink.pure.ts';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import { call, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { freshPostgresDatabase, postgresClusterUrl } from '../../support/postgres-database.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

const program = (title: string) => ({
  title,
  kind: 'group_viewing',
  rule: { type: 'once', date: '2026-12-12', time: '09:30' },
  course: { title, streamUrl: 'https://live.example.gov.cn/a.m3u8', sha256: null, durationMs: null },
  checkinOpensBeforeMin: 30,
  checkinClosesAfterMin: 30,
  notes: null,
});

/** One report with no events, as a station's next contact: the downlink in its answer. */
async function report(s: VirtualStation): Promise<Downlink> {
  const r = await s.sendRaw(JSON.stringify({ events: [] }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { downlink: Downlink }).downlink;
}

describe.runIf(postgresClusterUrl() !== null)('the downlink kept by each hub process', () => {
  it('is current at the next report through the other process after every change made through one', { timeout: 90_000 }, async () => {
    const databaseUrl = await freshPostgresDatabase();
    const [a, b] = await Promise.all([startTestHub({ databaseUrl }), startTestHub({ databaseUrl })]);
    hubs.push(a, b);
    await a.ctx.org.addUnit({ id: '650502', parentId: null, level: 'county', name: '伊州区' }, Date.now());
    await a.ctx.org.addUnit({ id: 'chengbei', parentId: '650502', level: 'township', name: '城北街道' }, Date.now());
    const admin = await staffToken(a, 'admin', 'county_admin');
    const made = await call<{ station: { id: string }; enrollment: { code: string } }>(`${a.url}/api/county/stations`, { token: admin, body: { name: '城北示范点', grade: 'demonstration', unitId: 'chengbei' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const enrolled = await VirtualStation.enroll(a.url, made.body.enrollment.code);
    const viaB = new VirtualStation(b.url, enrolled.stationId, enrolled.secret);

    const first = await report(viaB);
    expect(first.notices).toEqual([]);
    // Twice through B, so B answers from what it keeps.
    expect((await report(viaB)).version).toBe(first.version);

    const notice = await call<{ notice: { id: number } }>(`${a.url}/api/county/notices`, { token: admin, body: { text: '本周六冬训', until: null, unitId: 'chengbei' } });
    expect(notice.status, JSON.stringify(notice.body)).toBe(201);
    expect((await report(viaB)).notices.map((n) => n.text)).toEqual(['本周六冬训']);

    expect((await call(`${a.url}/api/county/notices/${notice.body.notice.id}`, { method: 'PUT', token: admin, body: { text: '本周日冬训', until: null } })).status).toBe(200);
    expect((await report(viaB)).notices.map((n) => n.text)).toEqual(['本周日冬训']);

    const p = await call<{ program: { id: number } }>(`${a.url}/api/county/programs`, { token: admin, body: { ...program('示范点专题'), grades: ['demonstration'] } });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect((await report(viaB)).programs.map((x) => x.title)).toEqual(['示范点专题']);

    expect((await call(`${a.url}/api/county/programs/${p.body.program.id}`, { method: 'PUT', token: admin, body: { ...program('示范点专题'), grades: ['ordinary'] } })).status).toBe(200);
    expect((await report(viaB)).programs).toEqual([]);

    const policy = { minViewingsPerMonth: 5, minMinutesPerMonth: null, fixedStudyDays: [] };
    expect((await call(`${a.url}/api/county/policy?unit=chengbei`, { method: 'PUT', token: admin, body: policy })).status).toBe(200);
    expect((await report(viaB)).policy.minViewingsPerMonth).toBe(5);

    expect((await call(`${a.url}/api/county/notices/${notice.body.notice.id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    expect((await report(viaB)).notices).toEqual([]);

    const pin = await call(`${a.url}/api/county/stations/${enrolled.stationId}/pin-reset-code`, { method: 'POST', token: admin });
    expect(pin.status, JSON.stringify(pin.body)).toBe(201);
    expect((await report(viaB)).withdrawnResetCodes).toBeUndefined();
    const issued = await call<{ issued: { id: string }[] }>(`${a.url}/api/county/stations/${enrolled.stationId}/pin-reset-codes`, { token: admin });
    expect(issued.body.issued).toHaveLength(1);
    expect((await call(`${a.url}/api/county/stations/${enrolled.stationId}/pin-reset-codes/${issued.body.issued[0]!.id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    expect((await report(viaB)).withdrawnResetCodes).toHaveLength(1);

    // A wait through B that holds the current version is answered with the change made through A.
    const current = await report(viaB);
    const waiting = viaB.wait(current.version, 25);
    const again = await call(`${a.url}/api/county/notices`, { token: admin, body: { text: '明晚直播', until: null } });
    expect(again.status).toBe(201);
    const woken = await waiting;
    expect(woken.status).toBe(200);
    expect((woken.body as { downlink: Downlink | null }).downlink?.notices.map((n) => n.text)).toEqual(['明晚直播']);
  });
});
