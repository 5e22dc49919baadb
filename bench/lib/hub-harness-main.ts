// A real county hub in a process of its own (startHub: its SQLite, or the PostgreSQL server named by
// YJ_BENCH_HUB_DB as `--db` names it; the station and staff APIs), so that the benchmark's simulated stations and
// the hub do not share one event loop, as they would not in a county. Adds the staff user the benchmark logs in
// with. Started by hub-process.ts.
//
//   node --import tsx bench/lib/hub-harness-main.ts DATA_DIR PORT   (YJ_BENCH_HUB_USER / YJ_BENCH_HUB_PASSWORD, YJ_BENCH_HUB_DB)
import { startHub } from '../../county/server.ts';

export type HubHarnessMessage = { event: 'ready'; url: string; port: number };

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || port === undefined) throw new Error('usage: hub-harness-main.ts DATA_DIR PORT');

const hub = await startHub({ dataDir, port: Number(port), logLevel: 'warn', databaseUrl: process.env.YJ_BENCH_HUB_DB || undefined });
const username = process.env.YJ_BENCH_HUB_USER;
const password = process.env.YJ_BENCH_HUB_PASSWORD;
if (username && password && !(await hub.ctx.staff.findByName(username))) await hub.ctx.auth.addUser({ username, role: 'county_admin', password }, hub.ctx.now(), 'bench');

let stopping: Promise<void> | null = null;
const shutdown = () => void (stopping ??= hub.stop()).finally(() => process.exit(0));
process.on('disconnect', shutdown);
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

process.send?.({ event: 'ready', url: hub.url, port: hub.port } satisfies HubHarnessMessage);
