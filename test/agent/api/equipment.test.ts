// The equipment register (设备登记) over real HTTP: admin only, validated, each change in the station log and
// queued for the county with the whole register, and a refused request changes nothing.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import type { Equipment, EquipmentReport } from '../../../agent/health/equipment-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { addDays, localDateOf } from '../../../agent/clock/local-time.pure.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

let dir: string;
let agent: RunningAgent;
let token: string;

type ErrorReply = { error: { code: string; params: Record<string, string | number>; message?: string } };

async function call<B>(method: string, route: string, body?: unknown, auth: string | null = token): Promise<{ status: number; body: B }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth) headers.authorization = `Bearer ${auth}`;
  const res = await fetch(new URL(route, agent.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as B };
}

const tv = { name: '电视机', model: '海信 55E3F', quantity: 1, issuedOn: '2019-06-01', condition: 'good', notes: null };

function equipmentLog(): string[] {
  return queryStationLog(agent.ctx.db, { type: 'station' })
    .map((e) => e.message)
    .filter((m) => m.includes('设备'));
}

function registerEvents(): EquipmentReport[] {
  return pendingOutbox(agent.ctx.db, 10_000)
    .filter((e) => e.type === 'health' && (e.body as { kind: string }).kind === 'equipment')
    .map((e) => e.body as EquipmentReport);
}

beforeAll(async () => {
  dir = tempDir('yj-equipment-');
  createStation({ dir }).close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  token = (await call<{ token: string }>('POST', '/api/admin/login', { pin: DEFAULT_ADMIN_PIN }, null)).body.token;
  expect((await call('POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '258036' })).status).toBe(200);
});

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('/api/admin/equipment', () => {
  it('refuses callers without an admin session, before reading the body', async () => {
    for (const [method, route, body] of [
      ['GET', '/api/admin/equipment', undefined],
      ['POST', '/api/admin/equipment', tv],
      ['PUT', '/api/admin/equipment/1', tv],
      ['DELETE', '/api/admin/equipment/1', undefined],
    ] as const) {
      const res = await call<ErrorReply>(method, route, body, null);
      expect(res.status, `${method} ${route}`).toBe(401);
      expect(res.body.error.code).toBe('not_logged_in');
    }
    expect((await call<{ items: Equipment[] }>('GET', '/api/admin/equipment')).body.items).toEqual([]);
  });

  it('registers, lists, edits and deletes equipment, logging each change and queuing the register for the county', async () => {
    const added = await call<Equipment>('POST', '/api/admin/equipment', tv);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ ...tv, id: expect.any(Number) });
    const box = await call<Equipment>('POST', '/api/admin/equipment', { name: ' 机顶盒 ', model: '  ', quantity: 2, issuedOn: null, condition: 'fair', notes: '卫星接收用' });
    // Blank text is "not given", and names are trimmed.
    expect(box.body).toMatchObject({ name: '机顶盒', model: null, quantity: 2, issuedOn: null, condition: 'fair', notes: '卫星接收用' });

    const list = await call<{ items: Equipment[] }>('GET', '/api/admin/equipment');
    expect(list.body.items.map((e) => e.name)).toEqual(['电视机', '机顶盒']);

    const edited = await call<Equipment>('PUT', `/api/admin/equipment/${added.body.id}`, { ...tv, condition: 'damaged', notes: '屏幕有竖线' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: added.body.id, condition: 'damaged', notes: '屏幕有竖线' });
    expect(edited.body.updatedAt).toBeGreaterThanOrEqual(added.body.createdAt);

    const removed = await call<{ removed: Equipment }>('DELETE', `/api/admin/equipment/${box.body.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.removed.name).toBe('机顶盒');
    expect((await call<{ items: Equipment[] }>('GET', '/api/admin/equipment')).body.items.map((e) => e.id)).toEqual([added.body.id]);

    expect(equipmentLog()).toEqual([
      '登记设备：电视机（海信 55E3F） ×1，良好',
      '登记设备：机顶盒 ×2，一般',
      '修改设备登记：电视机（海信 55E3F） ×1，损坏（良好 → 损坏）',
      '删除设备登记：机顶盒 ×2，一般',
    ]);
    const log = queryStationLog(agent.ctx.db, { type: 'station' }).filter((e) => e.message.startsWith('修改设备登记'));
    expect(log[0]!.actor).toBe('管理员');
    expect(log[0]!.detail).toMatchObject({ equipment: { before: { condition: 'good' }, after: { condition: 'damaged' } } });

    // Each change queued the whole register as it stood after the change.
    expect(registerEvents().map((r) => r.items.map((e) => `${e.name}:${e.condition}`))).toEqual([
      ['电视机:good'],
      ['电视机:good', '机顶盒:fair'],
      ['电视机:damaged', '机顶盒:fair'],
      ['电视机:damaged'],
    ]);
  });

  it('refuses bad input with a Chinese-first message and changes nothing', async () => {
    const before = (await call<{ items: Equipment[] }>('GET', '/api/admin/equipment')).body.items;
    const logBefore = equipmentLog().length;
    const today = localDateOf(Date.now(), ZONE);
    const cases: [unknown, string][] = [
      [{ ...tv, name: '' }, 'invalid_request'],
      [{ ...tv, name: '   ' }, 'invalid_equipment'],
      [{ ...tv, quantity: 0 }, 'invalid_request'],
      [{ ...tv, quantity: 1.5 }, 'invalid_request'],
      [{ ...tv, condition: 'broken' }, 'invalid_request'],
      [{ ...tv, issuedOn: '2019-02-30' }, 'invalid_equipment'],
      [{ ...tv, issuedOn: '2019/06/01' }, 'invalid_request'],
      [{ ...tv, issuedOn: addDays(today, 2) }, 'invalid_equipment'],
      [{ ...tv, extra: true }, 'invalid_request'],
      [{ name: '电视机' }, 'invalid_request'],
    ];
    for (const [body, code] of cases) {
      const res = await call<ErrorReply>('POST', '/api/admin/equipment', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe(code);
      // Both a schema refusal and the register's own rules are said from the catalogue.
      const said = refusalText(res.body.error, 'zh-CN');
      expect(said, JSON.stringify(body)).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff]/);
      expect(said, JSON.stringify(body)).not.toContain(code);
    }
    const id = before[0]!.id;
    expect((await call<ErrorReply>('PUT', `/api/admin/equipment/${id}`, { ...tv, issuedOn: '2019-13-01' })).status).toBe(400);
    expect((await call<{ items: Equipment[] }>('GET', '/api/admin/equipment')).body.items).toEqual(before);
    expect(equipmentLog()).toHaveLength(logBefore);
  });

  it('answers 404 for equipment that does not exist, and logs nothing', async () => {
    const logBefore = equipmentLog().length;
    const put = await call<ErrorReply>('PUT', '/api/admin/equipment/9999', tv);
    expect(put.status).toBe(404);
    expect(put.body.error).toEqual({ code: 'equipment_not_found', params: { equipmentId: 9999 } });
    expect(refusalText(put.body.error, 'zh-CN')).toContain('没有编号为 9999 的设备');
    expect((await call<ErrorReply>('DELETE', '/api/admin/equipment/9999')).status).toBe(404);
    expect(equipmentLog()).toHaveLength(logBefore);
  });
});
