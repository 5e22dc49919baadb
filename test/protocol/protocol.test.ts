// The shared protocol: signatures (requests and replies bound to them), the time window, skew, codes and
// versions — and that what the agent's own modules queue passes the schemas the hub checks with.
import { Compile } from 'typebox/compile';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, downlinkVersion, DEFAULT_POLICY } from '../../protocol/downlink.pure.ts';
import { formatEnrollmentCode, normalizeEnrollmentCode } from '../../protocol/enrollment.pure.ts';
import { HeartbeatBodySchema, MonthSummaryBodySchema, SessionBodySchema } from '../../protocol/event-bodies.pure.ts';
import { measureSkew, sign, signReply, verifyReply, verifySignature, withinWindow } from '../../protocol/signing.pure.ts';
import { pendingOutbox } from '../../agent/outbox/outbox-store.ts';
import { HeartbeatRecorder } from '../../agent/uplink/heartbeat.ts';
import { queueMonthSummaries } from '../../agent/uplink/month-summary.ts';
import { markDelivered } from '../../agent/outbox/outbox-store.ts';
import { at, createStation, type Station } from '../support/station-fixture.ts';
import { holdViewing } from '../county/support/hub-fixture.ts';

const SECRET = 'k'.repeat(43);
let station: Station | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

describe('signatures', () => {
  it('verifies exactly the signed timestamp and bytes under the same secret', () => {
    const body = '{"events":[{"id":"a","type":"heartbeat","at":1,"body":{}}]}';
    const sig = sign(SECRET, 1_700_000_000_000, body);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, '1700000000000', body, sig)).toBe(true);
    expect(verifySignature(SECRET, '1700000000000', body, sig.toUpperCase())).toBe(true);
    expect(verifySignature(SECRET, '1700000000001', body, sig)).toBe(false);
    expect(verifySignature(SECRET, '1700000000000', body.replace('"a"', '"b"'), sig)).toBe(false);
    expect(verifySignature('x'.repeat(43), '1700000000000', body, sig)).toBe(false);
    for (const bad of [undefined, '', 'zz', sig.slice(1), `${sig}00`]) expect(verifySignature(SECRET, '1700000000000', body, bad)).toBe(false);
  });

  it('binds a reply to the request it answers', () => {
    const reply = '{"stored":[],"hubTime":5}';
    const replySig = signReply(SECRET, 5, 'req-sig-1', reply);
    expect(verifyReply(SECRET, '5', 'req-sig-1', reply, replySig)).toBe(true);
    expect(verifyReply(SECRET, '5', 'req-sig-2', reply, replySig)).toBe(false);
    expect(verifyReply(SECRET, undefined, 'req-sig-1', reply, replySig)).toBe(false);
    expect(verifyReply(SECRET, '5', 'req-sig-1', reply.replace('5', '6'), replySig)).toBe(false);
  });

  it('keeps a ±5 minute window and measures skew against the midpoint of the exchange', () => {
    expect(withinWindow(1_000_000, 1_000_000 + 300_000)).toBe(true);
    expect(withinWindow(1_000_000, 1_000_000 + 300_001)).toBe(false);
    expect(withinWindow(1_000_000 + 300_001, 1_000_000)).toBe(false);
    // Sent at 1000, answered at 1200 (local); the hub said 10 100 at the midpoint 1100: the hub is 9 s ahead.
    expect(measureSkew(1000, 1200, 10_100)).toBe(9000);
  });
});

describe('codes and versions', () => {
  it('reads a code however it was typed and prints it in groups of four', () => {
    expect(normalizeEnrollmentCode(' abcd-efgh jkmn ')).toBe('ABCDEFGHJKMN');
    expect(formatEnrollmentCode('abcdefghjkmn')).toBe('ABCD-EFGH-JKMN');
  });

  it('gives equal content the same version whatever the key order, and different content another', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const v = downlinkVersion({ programs: [], notices: [], policy: DEFAULT_POLICY });
    expect(downlinkVersion({ policy: { fixedStudyDays: [], minMinutesPerMonth: null, minViewingsPerMonth: null }, notices: [], programs: [] })).toBe(v);
    expect(downlinkVersion({ programs: [], notices: [], policy: { ...DEFAULT_POLICY, minViewingsPerMonth: 2 } })).not.toBe(v);
  });
});

describe('what the agent queues is what the hub accepts', () => {
  it('session reports, month summaries and heartbeats pass the protocol schemas', () => {
    station = createStation();
    const course = station.addCourse();
    const ids = [station.addMember({ name: '张三' }).id, station.addMember({ name: '李四', category: 'probationary' }).id];
    holdViewing(station.db, { at: at('2026-11-05 19:30'), courseId: course.id, title: '主题党日', memberIds: [ids[0]!] });
    queueMonthSummaries(station.db, at('2026-11-09 09:00'));
    new HeartbeatRecorder(station.db, { now: () => at('2026-11-09 09:00'), monotonic: () => 0 }, 300_000).beat();
    const queued = pendingOutbox(station.db, 1000);
    const session = queued.find((e) => e.type === 'session')!;
    const summaries = queued.filter((e) => (e.type as string) === 'month_summary');
    const heartbeat = queued.find((e) => e.type === 'heartbeat')!;
    expect(Compile(SessionBodySchema).Check(session.body)).toBe(true);
    expect(session.body).toMatchObject({ registered: 2, attendedRegistered: 1, rate: 0.5, held: true });
    // The 9th: this month's summary and, early in the month, last month's too.
    expect(summaries.map((e) => (e.body as { month: string }).month)).toEqual(['2026-11', '2026-10']);
    expect(summaries.every((e) => Compile(MonthSummaryBodySchema).Check(e.body))).toBe(true);
    expect(summaries[0]!.body).toMatchObject({ registered: 2, attendedRegistered: 1, participationRate: 0.5, sessionsHeld: 1 });
    expect(Compile(HeartbeatBodySchema).Check(heartbeat.body)).toBe(true);

    // Unchanged figures are not queued again; a change is.
    expect(queueMonthSummaries(station.db, at('2026-11-09 10:00'))).toEqual([]);
    holdViewing(station.db, { at: at('2026-11-09 19:30'), courseId: course.id, title: '补学', memberIds: [ids[1]!] });
    expect(queueMonthSummaries(station.db, at('2026-11-09 21:00'))).toHaveLength(1);
    // After the 10th, last month is no longer looked at.
    expect(queueMonthSummaries(station.db, at('2026-11-11 09:00'))).toEqual([]);
  });

  it('coalesces heartbeats of one run and starts a new run when the clock jumps', () => {
    station = createStation();
    let wall = at('2026-11-12 09:00');
    let mono = 0;
    const recorder = new HeartbeatRecorder(station.db, { now: () => wall, monotonic: () => mono }, 300_000);
    const first = recorder.beat();
    wall += 300_000;
    mono += 300_000;
    const second = recorder.beat();
    let beats = pendingOutbox(station.db, 100).filter((e) => e.type === 'heartbeat');
    // The second vouches for the first's time: one waits.
    expect(beats.map((e) => e.id)).toEqual([second]);
    expect(beats[0]!.body).toMatchObject({ spanStart: at('2026-11-12 09:00') });
    expect(first).not.toBe(second);

    // Delivered heartbeats stay delivered; the next of the run is queued on its own.
    markDelivered(station.db, [second], wall);
    wall += 300_000;
    mono += 300_000;
    recorder.beat();
    // Someone sets the clock an hour ahead between two heartbeats: a new run from then on.
    wall += 3_600_000 + 300_000;
    mono += 300_000;
    const jumped = recorder.beat();
    beats = pendingOutbox(station.db, 100).filter((e) => e.type === 'heartbeat');
    expect(beats).toHaveLength(2);
    expect(beats.find((e) => e.id === jumped)!.body).toMatchObject({ spanStart: wall });
  });
});
