// Server processes timed from the spawn to their first HTTP answer: the real agent as an operator (or systemd)
// starts it, and a bare node:http server started the same way (the floor for "a server process is up").
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { stopProcess, track } from './child-processes.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO, 'bin/yuanjiao.js');
/** The address both servers print once they listen (the agent: "屏幕 / kiosk: http://127.0.0.1:PORT/"). */
const ADDRESS = /http:\/\/127\.0\.0\.1:\d+\//;
const OUTPUT_KEPT = 20_000;

export interface TimedServer {
  child: ChildProcess;
  /** With a trailing slash: http://127.0.0.1:PORT/ */
  url: string;
  /** Spawn → first successful answer to its health request, in ms. */
  readyMs: number;
  output(): string;
  stop(): Promise<void>;
}

async function startTimed(what: string, args: string[], options: { env?: NodeJS.ProcessEnv; healthPath: string; timeoutMs: number }): Promise<TimedServer> {
  const started = performance.now();
  const child = track(spawn(process.execPath, args, { cwd: REPO, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-OUTPUT_KEPT));
  child.stderr!.on('data', keep);
  try {
    // The address line is printed once the server listens: an event to wait on, where polling the port would
    // add up to a poll interval to every figure.
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} printed no address within ${options.timeoutMs} ms:\n${output}`)), options.timeoutMs);
      child.stdout!.on('data', (b: Buffer) => {
        keep(b);
        const found = ADDRESS.exec(output)?.[0];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${output}`));
      });
    });
    const res = await fetch(new URL(options.healthPath, url));
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${what} answered ${options.healthPath} with HTTP ${res.status}:\n${output}`);
    return { child, url, readyMs: performance.now() - started, output: () => output, stop: () => stopProcess(child) };
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
}

/** `node bin/yuanjiao.js start --no-kiosk` on dataDir; port 0 lets the agent take a free port and print it. */
export function startAgentProcess(dataDir: string, options: { timeoutMs?: number; codeCache?: string } = {}): Promise<TimedServer> {
  const codeCache = options.codeCache === undefined ? {} : { YUANJIAO_CODE_CACHE: options.codeCache };
  return startTimed('the agent', [BIN, 'start', '--no-kiosk', '--port', '0', '--data', dataDir], {
    env: { ...process.env, YUANJIAO_LOG_LEVEL: 'warn', ...codeCache },
    healthPath: '/api/health',
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}

/** One line of HTML for the browser floor: text, so that there is something to paint. */
export const FLOOR_PAGE = '<!doctype html><meta charset="utf-8"><title>floor</title><p id="ready">就绪 ready</p>';

/** A bare node:http server answering every request with FLOOR_PAGE, spawned and timed like the agent. */
export function startBareServerProcess(): Promise<TimedServer> {
  const source = `const http = require('node:http');
const page = ${JSON.stringify(FLOOR_PAGE)};
const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port + '/'));`;
  return startTimed('the bare node:http server', ['-e', source], { healthPath: '/', timeoutMs: 30_000 });
}
