// Delivery over real HTTP on 127.0.0.1: a receiver that answers as each provider does, including its "later".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../../../county/notify/deliver.ts';
import { dingtalkRobotRequest, dingtalkRobotVerdict, dingtalkSign } from '../../../county/notify/channels/dingtalk-robot.pure.ts';
import { wecomRobotRequest, wecomRobotVerdict } from '../../../county/notify/channels/wecom-robot.pure.ts';
import type { NotifyMessage } from '../../../county/notify/channels/outbound.pure.ts';

const message: NotifyMessage = { text: '【远教】红星村站点离线', station: '红星村', alert: '离线', since: '08:00' };
const quick = { delayMs: () => 1 };

interface Received {
  url: string;
  body: string;
}

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A receiver answering each request with the next of `answers` (the last repeats). */
async function receiver(answers: readonly ({ status: number; body: string } | 'hang' | 'drop')[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)];
      if (answer === 'hang') return;
      if (answer === 'drop' || answer === undefined) return void req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server?.address() as AddressInfo).port}`, received };
}

describe('deliver', () => {
  it('tries a rate-limited robot again and logs both tries', async () => {
    const { url, received } = await receiver([{ status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' }, { status: 200, body: '{"errcode":0,"errmsg":"ok"}' }]);
    const delivery = await deliver(() => wecomRobotRequest(`${url}/cgi-bin/webhook/send?key=k`, message), wecomRobotVerdict, quick);
    expect(delivery.ok).toBe(true);
    expect(delivery.tries.map((t) => [t.status, t.code])).toEqual([[200, 'wecom_45009'], [200, 'ok']]);
    expect(received).toHaveLength(2);
    expect(received[0]?.url).toBe('/cgi-bin/webhook/send?key=k');
    expect(JSON.parse(received[0]?.body ?? '')).toMatchObject({ msgtype: 'text', text: { content: message.text } });
  });

  it('stops at once on an answer that will never change', async () => {
    const { url, received } = await receiver([{ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }]);
    const delivery = await deliver(() => wecomRobotRequest(`${url}/send?key=gone`, message), wecomRobotVerdict, quick);
    expect(delivery).toMatchObject({ ok: false, tries: [{ status: 200, ok: false, code: 'wecom_93000', detail: 'invalid webhook url' }] });
    expect(received).toHaveLength(1);
  });

  it('signs each try afresh, and gives up after the retries with every try logged', async () => {
    const { url, received } = await receiver([{ status: 503, body: 'busy' }]);
    let clock = 1_765_000_000_000;
    const delivery = await deliver(
      (nowMs) => dingtalkRobotRequest(`${url}/robot/send?access_token=t`, message, { secret: 'SEC1', nowMs }),
      dingtalkRobotVerdict,
      { ...quick, retries: 2, now: () => (clock += 1_000) },
    );
    expect(delivery.ok).toBe(false);
    expect(delivery.tries.map((t) => t.code)).toEqual(['http_503', 'http_503', 'http_503']);
    expect(received).toHaveLength(3);
    const stamps = received.map((r) => new URL(r.url, url).searchParams);
    expect(new Set(stamps.map((s) => s.get('timestamp'))).size).toBe(3);
    for (const s of stamps) expect(s.get('sign')).toBe(dingtalkSign('SEC1', Number(s.get('timestamp'))));
  });

  it('logs a dropped connection and a silent receiver as tries without an answer, and tries again', async () => {
    const { url } = await receiver(['drop', 'hang', { status: 200, body: '{"errcode":0,"errmsg":"ok"}' }]);
    const delivery = await deliver(() => wecomRobotRequest(`${url}/send?key=k`, message), wecomRobotVerdict, { ...quick, timeoutMs: 1_000, retries: 5 });
    expect(delivery.ok).toBe(true);
    const tries = delivery.tries.map((t) => [t.status, t.code]);
    expect(tries.slice(0, 2)).toEqual([[null, 'unreachable'], [null, 'timeout']]);
    expect(tries.at(-1)).toEqual([200, 'ok']);
    // A machine stalled past the timeout may time out the good answer too; it is then simply tried again.
    expect(tries.slice(2, -1).every(([, code]) => code === 'timeout')).toBe(true);
  });

  it('reads no more than its cap of a hostile answer', async () => {
    const { url } = await receiver([{ status: 200, body: `{"errcode":0,"errmsg":"${'x'.repeat(200_000)}"}` }]);
    const delivery = await deliver(() => wecomRobotRequest(`${url}/send?key=k`, message), wecomRobotVerdict, { ...quick, retries: 0 });
    expect(delivery.ok).toBe(false);
    expect(delivery.tries).toHaveLength(1);
    expect(delivery.tries[0]?.detail.length).toBeLessThanOrEqual(200);
  });
});
