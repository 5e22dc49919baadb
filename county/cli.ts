// What `yuanjiao county …` does, on the hub's side: run the hub, add staff, register stations, export the
// monthly table and stations' reports. The command definitions live with the rest of the CLI
// (cli/commands/county.ts), which loads this on demand.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { HUB_DATABASE_FILE, hubTooNew, openHubDatabase } from './store/database.ts';
import { hubContext } from './hub-context.ts';
import { openPostgresHub, shownTarget } from './store/postgres/open.ts';
import { sqliteHubDatabase } from './store/hub-database.ts';
import { DEFAULT_HUB_HOST, DEFAULT_HUB_PORT, startHub } from './server.ts';
import { resolveHubDataDir } from './data-dir.ts';
import { STAFF_ROLE_LABELS, type StaffRole } from './store/staff-store.ts';
import { assertAssignable } from './views/instructor-views.ts';
import { HubError } from './hub-error.ts';
import { expiryWarning, type TlsFiles } from './tls-files.ts';
import { hubCommand } from './hub-command.ts';
import { produceCountyExport } from './export/export-service.ts';
import { checkLanguage, checkMonth, checkSort, checkYear, defaultOrder, exportErrorStatus, formatForFile, noHubDatabase, type CountyExportRequest } from './export/export-request.pure.ts';
import { fileExists, writeExportFile } from './export/write-file.ts';
import { monthOf } from './views/calendar.pure.ts';
import { DocumentError } from '../common/documents/document-error.ts';
import { stopRequested } from '../common/stop-signal.ts';
import { SITE_GRADE_LABELS, type Grade } from '../protocol/site-grades.pure.ts';
import { stillInWords } from '../common/coded-error.pure.ts';
import { currentUnit } from './org-cli.ts';

export { DEFAULT_HUB_HOST, DEFAULT_HUB_PORT, resolveHubDataDir };
export * as orgCli from './org-cli.ts';
export * as notifyCli from './notify-cli.ts';
export * as remoteHelpCli from './remote-help-cli.ts';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Runs the hub until SIGINT/SIGTERM. */
export async function runHub(options: { data?: string; port: number; host: string; tlsCert?: string; tlsKey?: string; databaseUrl?: string }, io: CliOutput): Promise<void> {
  const dataDir = resolveHubDataDir(options.data);
  const tls = tlsFilesOf(options);
  const stop = stopRequested();
  const hub = await startHub({ dataDir, databaseUrl: options.databaseUrl, port: options.port, host: options.host, tls, logLevel: process.env.YUANJIAO_LOG_LEVEL ?? 'warn' });
  const ctx = hub.ctx;
  io.out('远教县级管理平台已启动 / county hub running');
  io.out(`  地址 / address:   ${hub.url}${allInterfaces(hub.host) ? `（监听所有网卡 / on all interfaces, port ${hub.port}）` : ''}`);
  if (hub.tls) io.out(`  证书 / certificate: ${hub.tls.leaf.subjectAltName ?? hub.tls.leaf.subject}，至 / until ${hub.tls.leaf.validTo}`);
  io.out(`  数据 / data:      ${dataDir}`);
  if (options.databaseUrl !== undefined) io.out(`  数据库 / database: ${shownTarget(options.databaseUrl)}`);
  io.out(`  站点 / stations:  ${(await ctx.stations.list()).length}；管理人员 / staff: ${(await ctx.auth.listUsers()).length}`);
  if ((await ctx.auth.listUsers()).length === 0) io.out(`  还没有管理人员：${hubCommand()} user add 用户名 --role county_admin / no staff yet`);
  for (const line of servingAdvice(hub.host, hub.tls !== null)) io.out(line);
  const expiry = hub.tls ? expiryWarning(hub.tls.leaf, Date.now()) : null;
  if (expiry) io.err(`警告 / warning: ${expiry}`);
  if (!hub.tls && !isLoopbackHost(hub.host)) {
    io.err(
      `警告：平台以明文 HTTP 在 ${hub.host} 上对网络开放：站点加入时的密钥和上报的记录都会明文传输。请改用 HTTPS（--tls-cert/--tls-key，或前置 nginx，见 docs/security/tls.md） / ` +
        `warning: plain HTTP open to the network on ${hub.host}: station secrets at enrollment and every report travel in clear. Serve HTTPS (--tls-cert/--tls-key, or nginx in front: docs/security/tls.md)`,
    );
  }
  io.out('按 Ctrl+C 停止 / press Ctrl+C to stop');
  await stop;
  await hub.stop();
  io.out('已停止 / stopped');
}

/** Both files or neither: a certificate without its key (or the reverse) is a mistake, not plain HTTP. */
function tlsFilesOf(options: { tlsCert?: string; tlsKey?: string }): TlsFiles | undefined {
  const cert = options.tlsCert?.trim() || undefined;
  const key = options.tlsKey?.trim() || undefined;
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) {
    throw new HubError(
      400,
      'tls_incomplete',
      stillInWords(`HTTPS 需要同时给出证书和私钥：--tls-cert 文件 --tls-key 文件（或 YUANJIAO_COUNTY_TLS_CERT/YUANJIAO_COUNTY_TLS_KEY）/ HTTPS needs both --tls-cert FILE and --tls-key FILE`),
    );
  }
  return { certFile: path.resolve(cert), keyFile: path.resolve(key) };
}

function allInterfaces(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** How the hub is meant to be reached, said at every start (never "open it with 0.0.0.0"). */
export function servingAdvice(host: string, https: boolean): string[] {
  if (https) return [];
  if (isLoopbackHost(host)) {
    return [
      '  仅本机可访问。站点和管理人员请经县里的 HTTPS 反向代理（nginx，见 docs/security/tls.md）访问，',
      '  或由平台直接提供 HTTPS：--tls-cert 证书文件 --tls-key 私钥文件',
      '  loopback only: reach it through the county\'s HTTPS reverse proxy (nginx, docs/security/tls.md),',
      '  or let the hub serve HTTPS itself with --tls-cert FILE --tls-key FILE',
    ];
  }
  return [];
}

/** The hub's database for one CLI command: the SQLite file in the data directory, or PostgreSQL with --db. */
export async function withHub<T>(options: { data?: string; databaseUrl?: string }, fn: (ctx: ReturnType<typeof hubContext>) => T | Promise<T>): Promise<T> {
  const database = options.databaseUrl === undefined ? sqliteHubDatabase(openHubDatabase(resolveHubDataDir(options.data))) : await openPostgresHub(options.databaseUrl, hubTooNew);
  try {
    return await fn(hubContext(database));
  } finally {
    await database.close();
    database.sqlite?.close();
  }
}

export async function addUser(options: { data?: string; databaseUrl?: string; username: string; role: StaffRole; password: string; unitId?: string }, io: CliOutput): Promise<void> {
  await withHub(options, async (ctx) => {
    const unitId = options.unitId === undefined ? null : await currentUnit(ctx, options.unitId);
    const user = await ctx.auth.addUser({ username: options.username, role: options.role, password: options.password, unitId }, ctx.now(), 'cli');
    io.out(`已添加管理人员 ${user.username}（${STAFF_ROLE_LABELS[user.role].zh}）/ added ${user.username} (${STAFF_ROLE_LABELS[user.role].en})`);
  });
}

export async function addStation(options: { data?: string; databaseUrl?: string; name: string; grade: Grade; unitId?: string }, io: CliOutput): Promise<void> {
  await withHub(options, async (ctx) => {
    const at = ctx.now();
    const unitId = options.unitId === undefined ? null : await currentUnit(ctx, options.unitId);
    const station = await ctx.stations.create({ name: options.name, grade: options.grade }, at);
    if (unitId !== null) await ctx.org.placeStation(station.id, unitId);
    const code = await ctx.stations.issueCode(station.id, at, 'cli');
    await ctx.staff.audit('cli', 'station_add', { stationId: station.id, name: station.name, grade: station.grade, ...(unitId === null ? {} : { unitId }) }, at);
    printCode(io, station.name, station.id, SITE_GRADE_LABELS[station.grade].zh, code.code, code.expiresAt, ctx.timeZone);
  });
}

export async function newStationCode(options: { data?: string; databaseUrl?: string; stationId: string }, io: CliOutput): Promise<void> {
  await withHub(options, async (ctx) => {
    const station = await ctx.stations.get(options.stationId);
    if (!station) throw new HubError(404, 'station_not_found', { stationId: options.stationId });
    const code = await ctx.stations.issueCode(station.id, ctx.now(), 'cli');
    await ctx.staff.audit('cli', 'station_code', { stationId: station.id }, ctx.now());
    printCode(io, station.name, station.id, SITE_GRADE_LABELS[station.grade].zh, code.code, code.expiresAt, ctx.timeZone);
  });
}

/** `county station instructor ID --user NAME` (or --none): the station's 党建指导员 from now, the one before ended. */
export async function assignInstructor(options: { data?: string; databaseUrl?: string; stationId: string; username: string | null }, io: CliOutput): Promise<void> {
  await withHub(options, async (ctx) => {
    const station = await ctx.stations.get(options.stationId);
    if (!station) throw new HubError(404, 'station_not_found', { stationId: options.stationId });
    const user = options.username === null ? null : await ctx.staff.findByName(options.username);
    if (options.username !== null && !user) throw new HubError(409, 'not_an_instructor', { username: options.username });
    if (user) await assertAssignable(ctx, station.id, user);
    const before = await ctx.instructors.current(station.id);
    const now = await ctx.instructors.assign(station.id, user?.id ?? null, ctx.now(), 'cli');
    if ((before?.userId ?? null) !== (user?.id ?? null)) await ctx.staff.audit('cli', 'instructor_assign', { stationId: station.id, userId: user?.id ?? null, username: now?.username ?? null, before: before?.username ?? null }, ctx.now());
    io.out(now === null ? `${station.name} 已不配党建指导员 / ${station.name} has no instructor now` : `${station.name} 的党建指导员：${now.username} / instructor of ${station.name}: ${now.username}`);
  });
}

export async function listStations(options: { data?: string; databaseUrl?: string; json?: boolean }, io: CliOutput): Promise<void> {
  await withHub(options, async (ctx) => {
    const stations = await ctx.stations.list({ includeRetired: true });
    if (options.json) return io.out(JSON.stringify(stations, null, 2));
    if (stations.length === 0) return io.out('还没有登记站点 / no stations yet');
    const when = (at: number | null) => (at === null ? '—' : DateTime.fromMillis(at, { zone: ctx.timeZone }).toFormat('yyyy-MM-dd HH:mm'));
    for (const s of stations) {
      io.out(`${s.id}  ${s.name}（${SITE_GRADE_LABELS[s.grade].zh}）  加入 ${when(s.enrolledAt)}  最后联系 ${when(s.lastSeenAt)}${s.retiredAt ? '  已停用' : ''}`);
    }
  });
}

function printCode(io: CliOutput, name: string, id: string, grade: string, code: string, expiresAt: number, zone: string): void {
  io.out(`已登记站点「${name}」（${grade}），站点编号 ${id} / station registered`);
  io.out(`  一次性加入码 / one-time code:  ${code}`);
  io.out(`  有效期至 / valid until:        ${DateTime.fromMillis(expiresAt, { zone }).toFormat('yyyy-MM-dd HH:mm')}`);
  io.out(`  在站点终端上运行 / on the station: yuanjiao enroll --hub <平台地址> --code ${code}`);
}

/**
 * A password from the terminal (asked twice, not echoed) or, when stdin is a pipe, its first line — so a
 * script can add a user without the password appearing in the process list or the shell history.
 */
export async function readPassword(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = async (prompt: string): Promise<string> => {
    output.write(prompt);
    let muted = true;
    const sink = new Writable({
      write(chunk, _enc, done) {
        if (!muted) output.write(chunk);
        done();
      },
    });
    const rl = readline.createInterface({ input, output: sink, terminal: true });
    const answer = await new Promise<string>((resolve) => rl.question('', resolve));
    muted = false;
    rl.close();
    output.write('\n');
    return answer;
  };
  const first = await ask('密码 / password: ');
  const again = await ask('再输一次 / again: ');
  if (first !== again) throw new HubError(400, 'password_mismatch', stillInWords('两次输入的密码不一致 / the passwords differ'));
  return first;
}

export interface ExportOptions {
  data?: string;
  /** The hub's PostgreSQL database (`--db`), when it keeps its records there rather than in the data directory. */
  databaseUrl?: string;
  /** The monthly table, one station's report, or one station's mobile-member ledger (流动党员台帐). */
  target: { kind: 'monthly' } | { kind: 'station'; id: string } | { kind: 'station-ledger'; id: string };
  month?: string;
  /** The ledger's year, 'YYYY' (default: this year). */
  year?: string;
  format?: string;
  lang?: string;
  sort?: string;
  /** The org tree's unit the monthly table is over (default: the whole hub). */
  unit?: string;
  out: string;
  force?: boolean;
}

/** `yuanjiao county export`: the same file the dashboard downloads, written to --out. */
export async function exportDocument(options: ExportOptions, io: CliOutput): Promise<void> {
  // Checked before the database is opened: a typo should not wait on anything.
  const format = formatForFile(options.out, options.format);
  const lang = checkLanguage(options.lang ?? 'zh-CN');
  const sort = checkSort(options.sort ?? 'participationRate');
  const month = options.month === undefined ? undefined : checkMonth(options.month);
  const year = options.year === undefined ? undefined : checkYear(options.year);
  const out = path.resolve(options.out);
  if (options.force !== true && fs.existsSync(out)) throw fileExists(out);
  if (options.databaseUrl === undefined) {
    const dataDir = resolveHubDataDir(options.data);
    // A mistyped --data would otherwise create an empty hub and export a table of no stations.
    if (!fs.existsSync(path.join(dataDir, HUB_DATABASE_FILE))) throw noHubDatabase(dataDir);
  }
  await withHub(options, async (ctx) => {
    const when = month ?? monthOf(ctx.now(), ctx.timeZone);
    const request: CountyExportRequest =
      options.target.kind === 'monthly'
        ? { kind: 'county-monthly', month: when, lang, sort, order: defaultOrder(sort), unit: options.unit ?? null }
        : options.target.kind === 'station-ledger'
          ? { kind: 'station-ledger', stationId: options.target.id, year: year ?? when.slice(0, 4), lang }
          : { kind: 'station-report', stationId: options.target.id, month: when, lang };
    const file = await produceCountyExport(ctx, request, format);
    writeExportFile(out, file.bytes, options.force === true);
    io.out(`已导出 / exported: ${out}（${file.bytes.length} 字节 / bytes）`);
    for (const text of new Set(file.document.sections.filter((x) => x.rows.length === 0).map((x) => x.emptyText))) io.out(`  ${text}`);
  });
}

/** How the CLI ends on an export's refusal: 2 for a usage mistake (what the API answers with 400), else 1; null when not an export's. */
export function exportExitCode(err: unknown): number | null {
  if (!(err instanceof DocumentError)) return null;
  return exportErrorStatus(err) === 400 ? 2 : 1;
}

// `county backup|restore|migrate` (with their manifests, on SQLite and PostgreSQL): county/backup/.
export { backupHub, migrateHubCommand, restoreHub } from './backup/backup-commands.ts';
