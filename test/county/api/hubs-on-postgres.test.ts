// `yuanjiao county start --db postgres://…`: the hub keeps everything in PostgreSQL, so two hub processes behind
// one reverse proxy are one hub — a login on one is a session on the other, a station enrolled on one reports to
// either, and a batch both receive at once is stored once. A bad address or a server that is down is refused at
// start, in words, with nothing changed.
import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startHub } from '../../../county/server.ts';
import { HubDatabaseRefusal } from '../../../county/store/postgres/open.ts';
import { hubDatabaseRefusalText } from '../../../cli/hub-refusal-texts.ts';
import { addStation, addUser, listStations } from '../../../county/cli.ts';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { freshPostgresDatabase, postgresClusterUrl } from '../../support/postgres-database.ts';
import { tempDir } from '../../support/station-fixture.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

describe.runIf(postgresClusterUrl() !== null)('hubs on one PostgreSQL', () => {
  it('share sessions, stations and records, and store a batch sent to both at once once', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const [a, b] = await Promise.all([startTestHub({ databaseUrl }), startTestHub({ databaseUrl })]);
    hubs.push(a, b);
    const token = await staffToken(a, 'zhang', 'county_admin');
    // Logged in on one process, known to the other.
    expect((await call(`${b.url}/api/county/me`, { token })).status).toBe(200);
    const { id, code } = await registerStation(b, token, '前进村党员活动室');
    const station = await VirtualStation.enroll(a.url, code);
    expect(station.stationId).toBe(id);

    const now = Date.now();
    const events = Array.from({ length: 40 }, (_, i) => ({ id: randomUUID(), type: 'station_log', at: now - 60_000 + i, body: { type: 'admin', actor: 'admin', message: `第 ${i} 条` } }));
    const raw = JSON.stringify({ events });
    const toA = new VirtualStation(a.url, station.stationId, station.secret);
    const toB = new VirtualStation(b.url, station.stationId, station.secret);
    const replies = await Promise.all([toA.sendRaw(raw), toB.sendRaw(raw), toA.sendRaw(raw), toB.sendRaw(raw)]);
    for (const r of replies) expect(r).toMatchObject({ status: 200, signed: true, body: { stored: events.map((e) => e.id) } });

    const page = await call<{ stationLog: unknown[]; station: { lastSeenAt: number | null } }>(`${a.url}/api/county/stations/${id}`, { token });
    expect(page.status).toBe(200);
    expect(page.body.stationLog).toHaveLength(40);
    expect(page.body.station.lastSeenAt).not.toBeNull();
    const db = a.ctx.database.kysely;
    const count = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(40);
  });

  it('refuses a bad address or a server that is not there before anything starts, and says so in words', async () => {
    const down = await startHub({ dataDir: tempDir('yj-hub-'), port: 0, databaseUrl: 'postgres://yuanjiao@127.0.0.1:1/county' }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(HubDatabaseRefusal);
    expect(down).toMatchObject({ code: 'database_unreachable', params: { target: 'postgres://yuanjiao@127.0.0.1:1/county' } });
    expect(hubDatabaseRefusalText(down as HubDatabaseRefusal)).toMatch(/^连不上数据库 postgres:\/\/yuanjiao@127\.0\.0\.1:1\/county（.+）：请检查.* \/ cannot reach the database/);

    const bad = await startHub({ dataDir: tempDir('yj-hub-'), port: 0, databaseUrl: 'postgres://secret-user:hunter2@/' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'database_url_invalid' });
    // The password is never printed.
    expect(hubDatabaseRefusalText(bad as HubDatabaseRefusal)).not.toContain('hunter2');
    expect(hubDatabaseRefusalText(bad as HubDatabaseRefusal)).toMatch(/^数据库地址不对/);
  });

  it('lets the CLI register staff and stations in the database a running hub uses (--db)', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const hub = await startTestHub({ databaseUrl });
    hubs.push(hub);
    const printed: string[] = [];
    const io = { out: (t: string) => printed.push(t), err: (t: string) => printed.push(t) };
    // A data directory of its own all the same: nothing may land in the user's default one.
    const data = tempDir('yj-hub-cli-');
    await addUser({ data, databaseUrl, username: 'li-cli', role: 'county_admin', password: 'li-typed-it-9' }, io);
    await addStation({ data, databaseUrl, name: '东风村党员活动室', grade: 'standard' }, io);
    printed.length = 0;
    await listStations({ data, databaseUrl, json: true }, io);
    expect(JSON.parse(printed.join('\n'))).toEqual([expect.objectContaining({ name: '东风村党员活动室', enrolledAt: null })]);
    const login = await call<{ user: { username: string } }>(`${hub.url}/api/county/login`, { body: { username: 'li-cli', password: 'li-typed-it-9' } });
    expect(login.status).toBe(200);
  });
});
