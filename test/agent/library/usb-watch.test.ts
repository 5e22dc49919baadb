// The agent's USB watch and import jobs on a real station database, with the one fake this machine needs:
// sticks that are temp folders (and USB plug events fired by hand). Station-log entries for plug events,
// the volume list following plug and unplug, USB import jobs to "safe to unplug", busy sticks and cancel.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StationEvents, type StationEvent } from '../../../agent/events.ts';
import { LibraryService } from '../../../agent/library/library-service.ts';
import { LibraryImports, type ImportJobError } from '../../../agent/library/import-jobs.ts';
import { UsbWatch, usbLogEntry } from '../../../agent/library/usb-watch.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { NodeUsbDeviceEvents } from '../../../content/usb-devices.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { createStation, tempDir, type Station } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { makeMedia } from '../../content/media-fixtures.ts';
import { FakeRemovableMedia, FakeUsbDeviceEvents, snapshotFolder } from '../../content/usb-fake-media.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

const STICK_DEVICE = { vendorId: 0x0781, productId: 0x5567, busNumber: 1, deviceAddress: 7, massStorage: true };
const READER_DEVICE = { vendorId: 0x08ff, productId: 0x0009, busNumber: 1, deviceAddress: 8, massStorage: false };

let stick: string;
let station: Station;

beforeAll(async () => {
  stick = tempDir('yj-usbwatch-stick-');
  await Promise.all([makeMedia(path.join(stick, '第一讲.mp4'), 'mp4', 2), makeMedia(path.join(stick, '课件', '第二讲.mpg'), 'mpeg2', 2)]);
  fs.writeFileSync(path.join(stick, '说明.txt'), '课件说明');
}, 60_000);

afterAll(() => fs.rmSync(stick, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

describe('UsbWatch', () => {
  it('writes one station-log entry per attach and detach with vendor and product id, and looks for the volume at once', async () => {
    const media = new FakeRemovableMedia();
    const devices = new FakeUsbDeviceEvents();
    const watch = new UsbWatch({ db: station.db, now: () => 1_000, media, devices });
    await watch.start();
    expect(watch.usbEvents).toBe(true);
    devices.fire('attach', STICK_DEVICE);
    devices.fire('attach', READER_DEVICE);
    devices.fire('detach', STICK_DEVICE);
    const log = queryStationLog(station.db);
    expect(log.map((e) => [e.type, e.message])).toEqual([
      ['content', 'U盘（移动存储设备）接入：0781:5567'],
      ['station', 'USB 设备接入：08ff:0009'],
      ['content', 'U盘（移动存储设备）拔出：0781:5567'],
    ]);
    expect(log[0]!.detail).toEqual({ event: 'usb_attach', vendorId: '0781', productId: '5567', busNumber: 1, deviceAddress: 7, massStorage: true });
    // Each goes to the county with the rest of the station log.
    expect(pendingOutbox(station.db, 100).filter((e) => e.type === 'station_log')).toHaveLength(3);
    expect(media.hints).toBe(3);
    await watch.stop();
  });

  it('logs a device whose class could not be read as a possible stick', () => {
    expect(usbLogEntry('attach', { ...STICK_DEVICE, massStorage: null }, 5)).toMatchObject({ type: 'content', at: 5, message: 'U盘（移动存储设备）接入：0781:5567' });
  });

  it('starts the real libusb events or reports them unavailable, and stops cleanly either way', async () => {
    // This machine may or may not have USB; what must hold is that neither case throws or keeps the process alive.
    const events = new NodeUsbDeviceEvents();
    const available = await events.start(() => undefined);
    expect(typeof available).toBe('boolean');
    events.stop();
    expect(await events.start(() => undefined)).toBe(available);
    events.stop();
  });
});

describe('LibraryImports: USB import jobs', () => {
  function imports(media: FakeRemovableMedia, events = new StationEvents()) {
    const library = new LibraryService({ db: station.db, dataDir: station.dir, now: Date.now });
    return new LibraryImports({ db: station.db, dataDir: station.dir, now: Date.now, events, library, media, devices: null });
  }

  it('lists a plugged stick and its videos, imports the chosen ones to "safe to unplug", and logs it', async () => {
    const media = new FakeRemovableMedia();
    const events = new StationEvents();
    const seen: StationEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const jobs = imports(media, events);
    await jobs.start();
    expect(await jobs.volumes()).toEqual([]);
    const id = await media.plug(stick, '学习U盘');
    // Plugging in reloads the screens.
    expect(seen.filter((e) => e.type === 'data_changed')).toHaveLength(1);
    expect((await jobs.volumes()).map((v) => [v.id, v.label])).toEqual([[id, '学习U盘']]);

    const listing = await jobs.listFiles(id);
    expect(listing.files.map((f) => [f.path, f.conversion])).toEqual([
      ['第一讲.mp4', 'as_is'],
      ['课件/第二讲.mpg', 'transcode'],
    ]);
    const before = snapshotFolder(stick);
    const job = await jobs.startUsbImport(id, ['第一讲.mp4', '课件/第二讲.mpg']);
    expect(job).toMatchObject({ kind: 'usb', state: 'running', filesTotal: 2, safeToUnplug: false, volume: { id, label: '学习U盘' } });
    const done = await jobs.settled(job.id);
    expect(done).toMatchObject({ state: 'done', filesDone: 2, safeToUnplug: true, current: null });
    expect(done.bytesDone).toBe(done.bytesTotal);
    expect(done.results.map((r) => [r.name, r.outcome, r.conversion])).toEqual([
      ['第一讲.mp4', 'stored', 'as_is'],
      ['第二讲.mpg', 'stored', 'transcode'],
    ]);
    expect(new CourseStore(station.db).list().map((c) => [c.title, c.source, c.status])).toEqual([
      ['第一讲', 'usb', 'ready'],
      ['第二讲', 'usb', 'converting'],
    ]);
    // Courses arriving reload the screens.
    expect(seen.filter((e) => e.type === 'data_changed').length).toBeGreaterThanOrEqual(3);
    const log = queryStationLog(station.db, { type: 'content' }).map((e) => e.message);
    expect(log.filter((m) => m.startsWith('课件入库：')).map((m) => m.split('，')[0])).toEqual(['课件入库：第一讲（U盘', '课件入库：第二讲（U盘']);
    expect(log.at(-1)).toBe('U盘导入完成：学习U盘，2 个文件，入库 2 个；可以安全拔出U盘');
    expect(snapshotFolder(stick)).toEqual(before);
    await jobs.stop();
  });

  it('refuses a second import from a stick that is still importing, an unknown stick, and an empty choice', async () => {
    const media = new FakeRemovableMedia();
    const jobs = imports(media);
    await jobs.start();
    const id = await media.plug(stick);
    const first = await jobs.startUsbImport(id, ['课件/第二讲.mpg']);
    await expect(jobs.startUsbImport(id, ['第一讲.mp4'])).rejects.toMatchObject({ code: 'volume_busy' });
    const gone = await jobs.startUsbImport('nope', ['第一讲.mp4']).then(() => null, (err: unknown) => err as ImportJobError);
    expect(gone).toMatchObject({ code: 'volume_not_found', params: {} });
    expect(refusalText(gone!, 'zh-CN')).toBe('U 盘已拔出或不存在，请重新插入');
    await expect(jobs.startUsbImport(id, [])).rejects.toMatchObject({ code: 'no_files' });
    await jobs.settled(first.id);
    expect(() => jobs.get('0000')).toThrow(expect.objectContaining({ code: 'job_not_found' }));
    await jobs.stop();
  });

  it('cancels between files, still saying when the stick may go', async () => {
    const media = new FakeRemovableMedia();
    const jobs = imports(media);
    await jobs.start();
    const id = await media.plug(stick, 'STICK');
    const job = await jobs.startUsbImport(id, ['第一讲.mp4', '课件/第二讲.mpg']);
    jobs.cancel(job.id);
    const done = await jobs.settled(job.id);
    expect(done).toMatchObject({ state: 'cancelled', cancelRequested: true, safeToUnplug: true });
    expect(done.results.map((r) => r.outcome)).toEqual(['cancelled', 'cancelled']);
    expect(new CourseStore(station.db).list()).toEqual([]);
    expect(queryStationLog(station.db, { type: 'content' }).at(-1)!.message).toBe('U盘导入已取消：STICK，2 个文件，入库 0 个，取消 2 个；可以安全拔出U盘');
    await jobs.stop();
  });

  it('stops volumes from being offered once unplugged', async () => {
    const media = new FakeRemovableMedia();
    const jobs = imports(media);
    await jobs.start();
    const id = await media.plug(stick);
    await media.unplug(id);
    await expect(jobs.listFiles(id)).rejects.toMatchObject({ code: 'volume_not_found' });
    await waitFor(async () => (await jobs.volumes()).length === 0, 1_000, 'no volumes');
    await jobs.stop();
  });
});
