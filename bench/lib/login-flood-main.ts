// A stranger's login flood, in a process of its own so that its client work does not share the measuring
// process's event loop: CONCURRENCY loops, each POSTing /api/county/login with a wrong password (half of them
// for a real staff name, half for made-up ones) as fast as the hub answers, until the parent disconnects.
// Reports how the hub answered, by status, when asked.
//
//   node --import tsx bench/lib/login-flood-main.ts HUB_URL CONCURRENCY STAFF_NAME
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export type LoginFloodMessage = { event: 'flooding' } | { event: 'tally'; byStatus: Record<string, number> };

const [hubUrl, concurrencyText, staffName] = process.argv.slice(2);
if (!hubUrl || !concurrencyText || !staffName) throw new Error('usage: login-flood-main.ts HUB_URL CONCURRENCY STAFF_NAME');
const concurrency = Number(concurrencyText);
const url = new URL('/api/county/login', hubUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const byStatus: Record<string, number> = {};
let stopping = false;

function attempt(i: number): Promise<void> {
  const body = JSON.stringify({ username: i % 2 === 0 ? staffName : `stranger-${randomUUID().slice(0, 8)}`, password: `guess-${randomUUID()}` });
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.once('end', () => {
        byStatus[String(res.statusCode)] = (byStatus[String(res.statusCode)] ?? 0) + 1;
        resolve();
      });
    });
    req.once('error', (err) => {
      byStatus[`error ${(err as NodeJS.ErrnoException).code ?? err.message}`] = (byStatus[`error ${(err as NodeJS.ErrnoException).code ?? err.message}`] ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
}

async function loop(i: number): Promise<void> {
  for (let n = i; !stopping; n += concurrency) await attempt(n);
}

process.on('message', (m: { ask: 'tally' }) => {
  if (m.ask === 'tally') process.send?.({ event: 'tally', byStatus } satisfies LoginFloodMessage);
});
process.once('disconnect', () => {
  stopping = true;
  agent.destroy();
  process.exit(0);
});
for (let i = 0; i < concurrency; i++) void loop(i);
process.send?.({ event: 'flooding' } satisfies LoginFloodMessage);
