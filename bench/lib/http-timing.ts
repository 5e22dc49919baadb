// Timed HTTP requests over kept-alive connections: the time from sending a request to the last byte of its
// answer, as the person at the screen waits for it.
//
// Decision: node:http with our own keep-alive agent rather than fetch, so the number of connections is
// what the benchmark says (50 members at once = 50 connections, opened before timing begins) and not the
// global dispatcher's choice.
import http from 'node:http';

export interface TimedResponse {
  status: number;
  body: string;
  ms: number;
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 60_000 });
}

export function timedRequest(
  agent: http.Agent,
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<TimedResponse> {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers: Record<string, string> = { ...init.headers };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, { method: init.method ?? (payload === undefined ? 'GET' : 'POST'), headers, agent, timeout: init.timeoutMs ?? 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.once('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error(`${url}: no answer within ${init.timeoutMs ?? 60_000} ms`)));
    req.once('error', reject);
    req.end(payload);
  });
}

/**
 * GETs `url` one after another on one kept-alive connection with a staff token, each timed: `count` of them, or
 * fewer when they take longer than `budgetMs` together (at least `atLeast`), so a slow page cannot stall a run;
 * one not answered within `timeoutMs` throws.
 */
export async function timeGets(url: string, token: string, count: number, budgetMs = Infinity, atLeast = 10, timeoutMs = 600_000): Promise<number[]> {
  const connection = keepAliveAgent(1);
  try {
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      if (i >= atLeast && performance.now() - started > budgetMs) break;
      const res = await timedRequest(connection, url, { headers: { authorization: `Bearer ${token}` }, timeoutMs });
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      times.push(res.ms);
    }
    return times;
  } finally {
    connection.destroy();
  }
}
