// The CPU temperature from Linux's sysfs: hwmon chips (coretemp, k10temp, …) and thermal zones, read as files.
// Reading is async, so a sensor driver that never answers holds one libuv thread, never the event loop; the
// choice among the readings is pure.
//
// Why files and not systeminformation: it reads the same files through synchronous shell commands
// (execSync `cat /sys/class/thermal/…`), which would block the agent — the reason a whole sampler process
// used to stand beside it.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface SensorReading {
  /** 'hwmon' chip name (coretemp, k10temp, cpu_thermal, acpitz…) or thermal zone type (x86_pkg_temp, acpitz…). */
  chip: string;
  /** The hwmon input's label ("Package id 0", "Tctl", "Core 0"), null for thermal zones and unlabelled inputs. */
  label: string | null;
  celsius: number;
}

/** Readings outside this band are a missing or broken sensor (some report 0, -1 or 127), not a temperature. */
export const PLAUSIBLE_TEMP_C = { min: 1, max: 150 } as const;

const CPU_CHIPS = /^(coretemp|k10temp|zenpower|cpu[-_]thermal|soc[-_]thermal|x86_pkg_temp|cpu)/i;
const PACKAGE_LABELS = /^(package id|tdie|tctl|tccd1|physical id)/i;
const CORE_LABELS = /^core/i;

/**
 * The CPU's temperature among the machine's readings: the package (or AMD's Tdie/Tctl) when a CPU chip names
 * it, else its hottest core, else the hottest CPU sensor of any kind, else the ACPI zone (often the only
 * sensor of a small box); null when nothing plausible is there. Pure.
 */
export function cpuTemperatureOf(readings: readonly SensorReading[]): number | null {
  const plausible = readings.filter((r) => Number.isFinite(r.celsius) && r.celsius >= PLAUSIBLE_TEMP_C.min && r.celsius <= PLAUSIBLE_TEMP_C.max);
  const cpu = plausible.filter((r) => CPU_CHIPS.test(r.chip));
  const hottest = (list: readonly SensorReading[]) => (list.length === 0 ? null : Math.max(...list.map((r) => r.celsius)));
  return (
    hottest(cpu.filter((r) => r.label !== null && PACKAGE_LABELS.test(r.label))) ??
    hottest(cpu.filter((r) => r.label !== null && CORE_LABELS.test(r.label))) ??
    hottest(cpu) ??
    hottest(plausible.filter((r) => /^acpitz/i.test(r.chip)))
  );
}

async function text(file: string): Promise<string | null> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    return null;
  }
}

async function entries(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((name) => pattern.test(name)).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

const celsiusOf = (milli: string | null) => (milli === null || !/^-?\d+$/.test(milli) ? Number.NaN : Number(milli) / 1000);

/** Every temperature the kernel exposes under `sysRoot` (/sys on a real machine; a folder in tests). */
export async function readSensors(sysRoot = '/sys'): Promise<SensorReading[]> {
  const hwmon = (await entries(path.join(sysRoot, 'class/hwmon'), /^hwmon\d+$/)).map(async (dir) => {
    const chip = (await text(path.join(dir, 'name'))) ?? '';
    const inputs = await entries(dir, /^temp\d+_input$/);
    return Promise.all(
      inputs.map(async (input) => ({
        chip,
        label: await text(input.replace(/_input$/, '_label')),
        celsius: celsiusOf(await text(input)),
      })),
    );
  });
  const zones = (await entries(path.join(sysRoot, 'class/thermal'), /^thermal_zone\d+$/)).map(async (dir) => [
    { chip: (await text(path.join(dir, 'type'))) ?? '', label: null, celsius: celsiusOf(await text(path.join(dir, 'temp'))) },
  ]);
  return (await Promise.all([...hwmon, ...zones])).flat();
}
