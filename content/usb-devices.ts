// USB devices being plugged in and out, from the `usb` package (libusb), as a narrow interface the agent
// listens to: the station log records each attach and detach, and a mass-storage attach tells the
// removable-media watcher to look for the new volume at once.
//
// Decided behaviour:
// - The `usb` package is loaded only when the events are started, and a failure to load or initialise it
//   (no prebuilt binary for this machine, no /dev/bus/usb in a container) only means no events: volumes
//   are still found by polling the mount table.
// - Whether a device is mass storage (class 8) is read from its descriptors where libusb can read them
//   without opening the device; null when it cannot tell. The answer seen at attach is reused at detach,
//   when the device is gone and its descriptors with it.
import { createRequire } from 'node:module';

export interface UsbDevice {
  vendorId: number;
  productId: number;
  busNumber: number;
  deviceAddress: number;
  /** Mass storage (USB class 8): a stick, a card reader, a disk. Null when the descriptors could not be read. */
  massStorage: boolean | null;
}

export type UsbChange = 'attach' | 'detach';
export type UsbDeviceListener = (change: UsbChange, device: UsbDevice) => void;

export interface UsbDeviceEvents {
  /** Starts listening; false when USB events are unavailable on this machine. */
  start(listener: UsbDeviceListener): Promise<boolean>;
  stop(): void;
}

/** '0781:5567', as lsusb prints vendor and product. */
export function usbIds(device: Pick<UsbDevice, 'vendorId' | 'productId'>): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `${hex(device.vendorId)}:${hex(device.productId)}`;
}

const MASS_STORAGE_CLASS = 8;

/** The parts of a node-usb Device this file reads. */
interface NodeUsbDevice {
  busNumber: number;
  deviceAddress: number;
  portNumbers?: number[];
  deviceDescriptor: { idVendor: number; idProduct: number; bDeviceClass: number };
  configDescriptor?: { interfaces: { bInterfaceClass: number }[][] } | undefined;
}

interface NodeUsbModule {
  usb: {
    on(event: UsbChange, listener: (device: NodeUsbDevice) => void): void;
    off(event: UsbChange, listener: (device: NodeUsbDevice) => void): void;
  };
}

function isMassStorage(device: NodeUsbDevice): boolean | null {
  if (device.deviceDescriptor.bDeviceClass === MASS_STORAGE_CLASS) return true;
  try {
    const config = device.configDescriptor;
    if (!config) return null;
    return config.interfaces.some((alternates) => alternates.some((i) => i.bInterfaceClass === MASS_STORAGE_CLASS));
  } catch {
    return null;
  }
}

/** The real USB events, from libusb through the `usb` package. */
export class NodeUsbDeviceEvents implements UsbDeviceEvents {
  private module: NodeUsbModule | null = null;
  private attach: ((device: NodeUsbDevice) => void) | null = null;
  private detach: ((device: NodeUsbDevice) => void) | null = null;
  /** Mass storage as seen at attach, by bus and port: at detach the descriptors can no longer be read. */
  private readonly seen = new Map<string, boolean | null>();

  async start(listener: UsbDeviceListener): Promise<boolean> {
    if (this.module) return true;
    try {
      // Through require: the package is CommonJS with a native binding, and a missing binary must stay a
      // runtime condition we handle here, not a failed import of the whole agent.
      this.module = createRequire(import.meta.url)('usb') as NodeUsbModule;
    } catch {
      return false;
    }
    const key = (d: NodeUsbDevice) => `${d.busNumber}-${(d.portNumbers ?? [d.deviceAddress]).join('.')}`;
    const describe = (d: NodeUsbDevice, massStorage: boolean | null): UsbDevice => ({
      vendorId: d.deviceDescriptor.idVendor,
      productId: d.deviceDescriptor.idProduct,
      busNumber: d.busNumber,
      deviceAddress: d.deviceAddress,
      massStorage,
    });
    this.attach = (d) => {
      const massStorage = isMassStorage(d);
      this.seen.set(key(d), massStorage);
      listener('attach', describe(d, massStorage));
    };
    this.detach = (d) => {
      const massStorage = this.seen.get(key(d)) ?? null;
      this.seen.delete(key(d));
      listener('detach', describe(d, massStorage));
    };
    try {
      this.module.usb.on('attach', this.attach);
      this.module.usb.on('detach', this.detach);
    } catch {
      this.stop();
      return false;
    }
    return true;
  }

  stop(): void {
    // Removing the last listener is what stops libusb's hotplug thread, so the process can exit.
    if (this.module && this.attach) this.module.usb.off('attach', this.attach);
    if (this.module && this.detach) this.module.usb.off('detach', this.detach);
    this.attach = null;
    this.detach = null;
    this.module = null;
    this.seen.clear();
  }
}
