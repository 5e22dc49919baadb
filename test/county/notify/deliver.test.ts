// Delivery over real HTTP on 127.0.0.1: a receiver that answers as each provider does, including its "later".
import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../../../county/notify/deliver.ts';
import { dingtalkRobotRequest, dingtalkRobotVerdict, dingtalkSign } from '../../../county/notify/channels/dingtalk-robot.pure.ts';
import { wecomRobotRequest, wecomRobotVerdict } from '../../../county/notify/channels/wecom-robot.pure.ts';
import type { NotifyMessage } from '../../../county/notify/channels/outbound.pure.ts';
import { webhookReceiver, type Answer, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const message: NotifyMessage = { text: '【远教】红星村站点离线', station: '红星村', alert: '离线', since: '08:00' };
const quick = { delayMs: () => 1 };

let server: WebhookReceiver | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A receiver answering each request with the next of `answers` (the last repeats). */
async function receiver(answers: readonly Answer[]): Promise<WebhookReceiver> {
  server = await webhookReceiver((_, index) => answers[Math.min(index, answers.length - 1)] ?? 'drop');
  return server;
}

describe('deliver', () => {
  it('tries a rate-limited robot again and logs both tries', async () => {
    const { url, heard } = await receiver([{ status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' }, { status: 200, body: '{"errcode":0,"errmsg":"ok"}' }]);
    const delivery = await deliver(() => wecomRobotRequest(`${url}/cgi-bin/webhook/send?key=k`, message), wecomRobotVerdict, quick);
    expect(delivery.ok).toBe(true);
    expect(delivery.tries.map((t) => [t.status, t.code])).toEqual([[200, 'wecom_45009'], [200, 'ok']]);
    expect(heard).toHaveLength(2);
    expect(heard[0]?.path).toBe('/cgi-bin/webhook/send?key=k');
    expect(JSON.parse(heard[0]?.body ?? '')).toMatchObject({ msgtype: 'text', text: { content: message.text } });
  });

  it('stops at once on an answer that will never change', async () => {
    const { url, heard } = await receiver([{ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }]);
    const delivery = await deliver(() => wecomRobotRequest(`${url}/send?key=gone`, message), wecomRobotVerdict, quick);
    expect(delivery).toMatchObject({ ok: false, tries: [{ status: 200, ok: false, code: 'wecom_93000', detail: 'invalid webhook url' }] });
    expect(heard).toHaveLength(1);
  });

  it('signs each try afresh, and gives up after the retries with every try logged', async () => {
    const { url, heard } = await receiver([{ status: 503, body: 'busy' }]);
    let clock = 1_765_000_000_000;
    const delivery = await deliver(
      (nowMs) => dingtalkRobotRequest(`${url}/robot/send?access_token=t`, message, { secret: 'SEC1', nowMs }),
      dingtalkRobotVerdict,
      { ...quick, retries: 2, now: () => (clock += 1_000) },
    );
    expect(delivery.ok).toBe(false);
    expect(delivery.tries.map((t) => t.code)).toEqual(['http_503', 'http_503', 'http_503']);
    expect(heard).toHaveLength(3);
    const stamps = heard.map((r) => new URL(r.path, url).searchParams);
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
