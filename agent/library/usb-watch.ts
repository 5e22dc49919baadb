// The agent's eye on USB: removable volumes the OS has mounted (for the admin screen's U盘导入), and USB
// devices plugged in and out, each written once to the station log with its vendor and product id.
//
// Decided behaviour:
// - A USB attach or detach tells the removable-media watcher to look often for a few seconds (the mount
//   follows the attach); without USB events the watcher's own slow poll still finds every volume.
// - Mass storage (or a device whose class could not be read) is logged as type 'content' (U盘); anything
//   else — a card reader for check-in, a remote's receiver, a keyboard — as 'station', so the courseware
//   records are not filled with keyboards. One entry per attach and per detach, nothing else.
import type { Db } from '../store/database.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import type { RemovableMedia, RemovableVolume } from '../../content/usb-volumes.ts';
import { usbIds, type UsbChange, type UsbDevice, type UsbDeviceEvents } from '../../content/usb-devices.ts';

export interface UsbWatchOptions {
  db: Db;
  now: () => number;
  media: RemovableMedia;
  /** Null where USB events are not wanted; volumes are then found by polling alone. */
  devices: UsbDeviceEvents | null;
  onVolumesChanged?: (volumes: RemovableVolume[]) => void;
  onError?: (error: unknown) => void;
}

/** The station-log entry for a USB attach or detach. */
export function usbLogEntry(change: UsbChange, device: UsbDevice, at: number): Parameters<typeof appendStationLog>[1] {
  const ids = usbIds(device);
  const storage = device.massStorage !== false;
  const what = storage ? 'U盘（移动存储设备）' : 'USB 设备';
  return {
    type: storage ? 'content' : 'station',
    actor: 'system',
    at,
    message: `${what}${change === 'attach' ? '接入' : '拔出'}：${ids}`,
    detail: {
      event: change === 'attach' ? 'usb_attach' : 'usb_detach',
      vendorId: ids.slice(0, 4),
      productId: ids.slice(5),
      busNumber: device.busNumber,
      deviceAddress: device.deviceAddress,
      massStorage: device.massStorage,
    },
  };
}

export class UsbWatch {
  private unsubscribe: (() => void) | null = null;
  private eventsAvailable = false;

  constructor(private readonly options: UsbWatchOptions) {}

  /** Whether USB attach/detach events arrive on this machine (else volumes are found by polling only). */
  get usbEvents(): boolean {
    return this.eventsAvailable;
  }

  async start(): Promise<void> {
    const { media, devices } = this.options;
    this.unsubscribe = media.onChange((volumes) => this.options.onVolumesChanged?.(volumes));
    await media.start();
    this.eventsAvailable = devices ? await devices.start((change, device) => this.onDevice(change, device)) : false;
  }

  async stop(): Promise<void> {
    this.options.devices?.stop();
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.options.media.stop();
  }

  /** The removable volumes mounted now, with their free space as of now. */
  volumes(): Promise<RemovableVolume[]> {
    return this.options.media.list();
  }

  async volume(id: string): Promise<RemovableVolume | undefined> {
    return (await this.volumes()).find((v) => v.id === id);
  }

  private onDevice(change: UsbChange, device: UsbDevice): void {
    try {
      appendStationLog(this.options.db, usbLogEntry(change, device, this.options.now()));
    } catch (err) {
      this.options.onError?.(err);
    }
    this.options.media.expectChange();
  }
}
