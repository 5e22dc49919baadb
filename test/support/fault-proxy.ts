// A loopback HTTP proxy that puts a real county hub behind a bad link, for the hub-fault drills. Modes:
//   pass   forward as is
//   down   not listening at all: connections are refused, as when the hub machine is off
//   reset  the connection is accepted and dropped before any answer
//   error  answer 500 at once, the hub never sees the request (a broken gateway)
//   lose   the hub stores the report, but its answer is replaced by a 500 (the reply is lost on the way)
//   cut    the hub's answer starts (status, headers, half the body) and the connection is cut mid-body
//   slow   the hub's answer arrives after `slowMs`
//   hang   the hub stores the report and the answer never comes (the client must give up by itself)
//   stall  the answer starts (status, headers, half the body) and the rest never comes
// Every request is counted with the mode it met, so a drill can say how many faults it injected.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultMode = 'pass' | 'down' | 'reset' | 'error' | 'lose' | 'cut' | 'slow' | 'hang' | 'stall';

export interface ProxiedRequest {
  method: string;
  url: string;
  mode: FaultMode;
  /** The upstream status when the request reached the hub. */
  upstream: number | null;
}

export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  /** Connections dropped in 'reset' mode before a request could be read. */
  resets = 0;
  private mode: FaultMode = 'pass';
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private listening = false;
  private port = 0;

  private constructor(
    private readonly target: string,
    private readonly server: http.Server,
    public slowMs: number,
  ) {}

  static async start(target: string, options: { slowMs?: number } = {}): Promise<FaultProxy> {
    const server = http.createServer();
    const proxy = new FaultProxy(target.replace(/\/+$/, ''), server, options.slowMs ?? 10_000);
    server.on('request', (req, res) => void proxy.handle(req, res));
    server.on('connection', (socket) => {
      proxy.sockets.add(socket);
      socket.once('close', () => proxy.sockets.delete(socket));
      if (proxy.mode === 'reset') {
        proxy.resets += 1;
        socket.destroy();
      }
    });
    await proxy.listen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Faults injected: requests that met any mode but 'pass', and dropped connections ('down' refuses unseen: count those yourself). */
  faults(): number {
    return this.requests.filter((r) => r.mode !== 'pass').length + this.resets;
  }

  async setMode(mode: FaultMode): Promise<void> {
    if (mode === this.mode) return;
    this.mode = mode;
    // Connections kept alive from before must not slip past a new fault.
    for (const s of this.sockets) s.destroy();
    if (mode === 'down' && this.listening) {
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.listening = false;
    } else if (mode !== 'down' && !this.listening) {
      await this.listen();
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    if (this.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.listening = false;
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      // The same port as before, so the station's configured hub address stays right.
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.listening = true;
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const mode = this.mode;
    const record: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', mode, upstream: null };
    this.requests.push(record);
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      return;
    }
    if (mode === 'error') {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_gateway","message":"gateway error"}}');
      return;
    }
    let upstream: Response;
    let body: Buffer;
    try {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
      upstream = await fetch(`${this.target}${req.url}`, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
      body = Buffer.from(await upstream.arrayBuffer());
    } catch {
      res.socket?.destroy();
      return;
    }
    record.upstream = upstream.status;
    const headers = Object.fromEntries([...upstream.headers.entries()].filter(([k]) => !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)));
    const reply = () => res.writeHead(upstream.status, { ...headers, 'content-length': String(body.length) }).end(body);
    switch (mode) {
      case 'lose':
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_gateway","message":"reply lost"}}');
        return;
      case 'cut':
      case 'stall': {
        res.writeHead(upstream.status, { ...headers, 'content-length': String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
          if (mode === 'cut') res.socket?.destroy();
        });
        return;
      }
      case 'slow':
        this.later(reply, this.slowMs);
        return;
      case 'hang':
        // Held until the client gives up and closes the connection (or the proxy stops).
        return;
      default:
        reply();
    }
  }
}
