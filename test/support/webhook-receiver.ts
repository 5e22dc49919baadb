// A robot, an SMS gateway or any webhook on 127.0.0.1 for the alerting and notify tests: it keeps what it heard
// and answers as the test says — by default as WeChat Work and DingTalk robots document success.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver heard it: the path with its query, and the body as text. */
export interface Heard {
  path: string;
  body: string;
}

/** How to answer a request: a status and a body, never (`hang`), or by closing the connection (`drop`). */
export type Answer = { status: number; body: string } | 'hang' | 'drop';

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  heard: Heard[];
  close(): Promise<void>;
}

/** The robots' documented success (WeChat Work and DingTalk answer the same). */
export const ROBOT_OK: Answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };

/**
 * Starts a receiver on a free port. `answer` sees the request just heard and how many came before it
 * (0 for the first), so a test can script a provider's "later" before its "ok".
 */
export async function webhookReceiver(answer: (heard: Heard, index: number) => Answer = () => ROBOT_OK): Promise<WebhookReceiver> {
  const heard: Heard[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const request = { path: req.url ?? '', body };
      heard.push(request);
      const reply = answer(request, heard.length - 1);
      if (reply === 'hang') return;
      if (reply === 'drop') return void req.socket.destroy();
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heard,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
