// Attendance as xAPI statements: valid per the xAPI statement schema (Learning Locker's validator, which
// Learning Locker itself runs on every statement), deterministic ids, byte-identical re-exports, guests left
// out and said so; and the POST to a Learning Record Store (a node:http stub on 127.0.0.1) with the right
// version header, basic auth and batches, through the real binary reading the password from stdin.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import xapiValidation from '@learninglocker/xapi-validation';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { readLrsSettings, writeLrsSettings } from '../../../agent/exports/xapi/lrs.ts';
import { LATE_EXTENSION, sessionIri, statementId, stationIri } from '../../../agent/exports/xapi/attendance-statements.pure.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { MONTH, STATION_ID, createExportStation, type ExportStation } from './export-fixture.ts';
import { cli } from './export-support.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
type Validate = typeof xapiValidation.default;
// CommonJS with __esModule: tsx hands over module.exports, vitest's interop its `default` already.
const validate: Validate = typeof xapiValidation === 'function' ? (xapiValidation as unknown as Validate) : xapiValidation.default;

interface Statement {
  id: string;
  actor: { name: string; account: { homePage: string; name: string } };
  verb: { id: string; display: Record<string, string> };
  object: { id: string; definition: { name: Record<string, string>; type: string } };
  result: { extensions: Record<string, unknown> };
  context: { contextActivities: { parent: { id: string }[]; grouping: { id: string }[] } };
  timestamp: string;
}

let dir: string;
let out: string;
let fixture: Pick<ExportStation, 'first' | 'second'>;

beforeAll(() => {
  dir = tempDir('yj-xapi-');
  out = tempDir('yj-xapi-out-');
  const station = createExportStation(dir);
  fixture = { first: station.first, second: station.second };
  station.station.close();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

async function exportStatements(name: string): Promise<{ file: string; out: string; statements: Statement[] }> {
  const file = path.join(out, name);
  const r = await cli(dir, 'export', 'xapi', '--month', MONTH, '--out', file);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return { file, out: r.out, statements: JSON.parse(fs.readFileSync(file, 'utf8')) as Statement[] };
}

describe('xAPI statements file', () => {
  it('holds one valid statement per member check-in, none for guests, and says the guests were left out', async () => {
    const { statements, out: said } = await exportStatements('a.json');
    // 张三, 赵六 (an activist on the roster) and 李四 at the first viewing; 钱七 and 张三 at the second.
    expect(statements.map((s) => s.actor.name)).toEqual(['张三', '赵六', '李四', '钱七', '张三']);
    for (const s of statements) expect(validate(s), JSON.stringify(s)).toEqual([]);
    expect(said).toContain('来宾不是可识别的党员');
    expect(said).toContain('3 人次来宾未导出');
    const li = statements[2]!;
    expect(li.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'zh-CN': '参加了', 'en-US': 'attended' } });
    expect(li.actor.account).toEqual({ homePage: `urn:yuanjiao:station:${STATION_ID}`, name: li.actor.account.name });
    expect(li.object.id).toBe(sessionIri(STATION_ID, fixture.first.id));
    expect(li.object.definition).toMatchObject({ name: { 'zh-CN': '学习贯彻 第一讲' }, type: 'http://adlnet.gov/expapi/activities/meeting' });
    expect(li.result.extensions[LATE_EXTENSION]).toBe(true);
    expect(statements[0]!.result.extensions[LATE_EXTENSION]).toBe(false);
    expect(li.timestamp).toBe('2026-05-10T11:42:00.000Z');
    expect(li.context.contextActivities.grouping[0]!.id).toBe(stationIri(STATION_ID));
    expect(li.id).toBe(statementId(STATION_ID, fixture.first.id, Number(li.actor.account.name)));
    // 张三 twice: two sessions, two different ids.
    expect(statements[0]!.id).not.toBe(statements[4]!.id);
  });

  it('the validator is not a rubber stamp: it refuses a statement with a broken id, verb or timestamp', async () => {
    const { statements } = await exportStatements('b.json');
    expect(validate({ ...statements[0]!, id: 'not-a-uuid' })).not.toEqual([]);
    expect(validate({ ...statements[0]!, verb: { id: 'attended' } })).not.toEqual([]);
    expect(validate({ ...statements[0]!, timestamp: '10 May 2026' })).not.toEqual([]);
  });

  it('a re-export is byte-identical, even after the station log has grown in between', async () => {
    const first = await exportStatements('c1.json');
    // Another export writes station-log entries: nothing the statements are made of.
    await cli(dir, 'export', 'station-log', '--month', MONTH, '--out', path.join(out, 'log.csv'));
    const second = await exportStatements('c2.json');
    expect(fs.readFileSync(second.file).equals(fs.readFileSync(first.file))).toBe(true);
  });

  it('refuses another format, and a document kind refuses JSON', async () => {
    const xlsx = await cli(dir, 'export', 'xapi', '--month', MONTH, '--format', 'csv', '--out', path.join(out, 'x.csv'));
    expect(xlsx.code).toBe(2);
    expect(xlsx.err).toContain('只能导出为 json');
    const json = await cli(dir, 'export', 'month-report', '--month', MONTH, '--format', 'json', '--out', path.join(out, 'm.json'));
    expect(json.code).toBe(2);
  });
});

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Statement[];
}

/** A Learning Record Store stub: stores what it is sent, refuses the batch numbers in `refuse`. */
async function startLrs(refuse: Set<number> = new Set()): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Statement[];
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (refuse.has(received.length)) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'statement rejected by the stub' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body.map((s) => s.id)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/xapi/`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The real `yuanjiao` binary in a child process, with text on its stdin. */
function runBinary(args: string[], stdin: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/yuanjiao.js'), ...args, '--data', dir], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

describe('POST to a Learning Record Store', () => {
  let lrs: Awaited<ReturnType<typeof startLrs>> | undefined;
  afterEach(async () => {
    await lrs?.close();
    lrs = undefined;
  });

  it('saves the LRS from --lrs/--user/--password-stdin and sends every statement in batches with version 1.0.3 and basic auth', async () => {
    lrs = await startLrs();
    const file = path.join(out, 'posted.json');
    const r = await runBinary(['export', 'xapi', '--month', MONTH, '--out', file, '--lrs', lrs.url, '--user', 'station-001', '--password-stdin', '--post', '--batch-size', '2'], 's3cret-密码\n');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const statements = JSON.parse(fs.readFileSync(file, 'utf8')) as Statement[];
    expect(lrs.received.map((q) => q.body.length)).toEqual([2, 2, 1]);
    for (const q of lrs.received) {
      expect(q.method).toBe('POST');
      expect(q.url).toBe('/xapi/statements');
      expect(q.headers['x-experience-api-version']).toBe('1.0.3');
      expect(q.headers['content-type']).toBe('application/json');
      expect(q.headers.authorization).toBe(`Basic ${Buffer.from('station-001:s3cret-密码', 'utf8').toString('base64')}`);
    }
    // What the LRS got is exactly the file, in order.
    expect(lrs.received.flatMap((q) => q.body)).toEqual(statements);
    expect(r.out).toContain('第 3 批 1 条：已接收（HTTP 200）');
    expect(r.out).toContain('已发送 5 条');
    expect(r.out).not.toContain('s3cret');

    const db = openStationDatabase(dir);
    try {
      expect(readLrsSettings(db)).toEqual({ endpoint: lrs.url, username: 'station-001', password: 's3cret-密码' });
      const log = queryStationLog(db, { type: 'station' }).map((e) => `${e.message} ${JSON.stringify(e.detail)}`);
      expect(log.some((m) => m.includes('设置学习记录库'))).toBe(true);
      expect(log.some((m) => m.includes('发送学习记录到学习记录库：5 条'))).toBe(true);
      expect(log.join('\n')).not.toContain('s3cret');
    } finally {
      db.close();
    }
  }, 60_000);

  it('stops at the batch the LRS refuses, reports its answer, and exits 1', async () => {
    lrs = await startLrs(new Set([2]));
    const db = openStationDatabase(dir);
    try {
      writeLrsSettings(db, { endpoint: lrs.url, username: 'u', password: 'p' }, 0);
    } finally {
      db.close();
    }
    const r = await cli(dir, 'export', 'xapi', '--month', MONTH, '--post', '--batch-size', '2');
    expect(r.code).toBe(1);
    expect(lrs.received).toHaveLength(2);
    expect(r.out).toContain('第 1 批 2 条：已接收');
    expect(r.err).toContain('第 2 批 2 条：被拒绝（HTTP 400）');
    expect(r.err).toContain('statement rejected by the stub');
    expect(r.err).toContain('只发送了 2 / 5 条');
  });

  it('without a configured LRS, --post says how to set one and sends nothing', async () => {
    const fresh = tempDir('yj-xapi-nolrs-');
    try {
      const station = createExportStation(fresh);
      station.station.close();
      const r = await cli(fresh, 'export', 'xapi', '--month', MONTH, '--post');
      expect(r.code).toBe(1);
      expect(r.err).toContain('尚未设置学习记录库');
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('refuses an LRS address that is not http(s) and keeps no settings', async () => {
    const fresh = tempDir('yj-xapi-badlrs-');
    try {
      const r = await cli(fresh, 'export', 'xapi', '--month', MONTH, '--lrs', 'ftp://lrs.example', '--user', 'u');
      expect(r.code).toBe(2);
      expect(r.err).toContain('http:// 或 https://');
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
