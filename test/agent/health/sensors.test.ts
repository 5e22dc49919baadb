// Which sensor is the CPU's: the package or AMD's Tdie/Tctl before the cores, the cores before other CPU
// sensors, an ACPI zone only when nothing else is there; broken readings never count.
import { describe, expect, it } from 'vitest';
import { cpuTemperatureOf, type SensorReading } from '../../../agent/health/sensors.ts';

const r = (chip: string, label: string | null, celsius: number): SensorReading => ({ chip, label, celsius });

describe('cpuTemperatureOf', () => {
  it('takes an Intel package over its cores and the ACPI zone', () => {
    expect(cpuTemperatureOf([r('acpitz', null, 30), r('coretemp', 'Core 0', 51), r('coretemp', 'Package id 0', 55), r('coretemp', 'Core 1', 58)])).toBe(55);
  });
  it('takes AMD’s Tctl', () => {
    expect(cpuTemperatureOf([r('k10temp', 'Tctl', 63.5), r('nvme', 'Composite', 40)])).toBe(63.5);
  });
  it('takes the hottest core when no package is named', () => {
    expect(cpuTemperatureOf([r('coretemp', 'Core 0', 51), r('coretemp', 'Core 1', 58)])).toBe(58);
  });
  it('takes a set-top box’s cpu-thermal zone, and the ACPI zone only when nothing else is there', () => {
    expect(cpuTemperatureOf([r('cpu-thermal', null, 61.2), r('acpitz', null, 27.8)])).toBe(61.2);
    expect(cpuTemperatureOf([r('acpitz', null, 27.8), r('nvme', 'Composite', 40)])).toBe(27.8);
  });
  it('ignores broken sensors (0, −1, 127 °C are common) and unreadable files, and says null when nothing is left', () => {
    expect(cpuTemperatureOf([r('coretemp', 'Package id 0', 0), r('coretemp', 'Core 0', Number.NaN), r('x86_pkg_temp', null, -1)])).toBeNull();
    expect(cpuTemperatureOf([r('coretemp', 'Package id 0', 200), r('coretemp', 'Core 0', 49)])).toBe(49);
    expect(cpuTemperatureOf([])).toBeNull();
  });
});
