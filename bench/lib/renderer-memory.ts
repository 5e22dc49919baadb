// The kiosk page's memory: its JS heap through the DevTools protocol, and its renderer process's resident set
// from /proc (Linux). Chromium does not say which renderer process draws which page; see kioskRendererPid.
import fs from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { childPids } from '../../test/support/agent-process.ts';

/** Every process below pid (Chromium's renderers hang off its zygote, two levels down). */
export function descendants(pid: number): number[] {
  const all: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of childPids(queue.shift()!)) {
      all.push(child);
      queue.push(child);
    }
  }
  return all;
}

/** Arguments of a process; processes forked from Chromium's zygote rewrite theirs as one space-separated string. */
function commandLine(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
  } catch {
    return [];
  }
}

/** Resident set size in MB (VmRSS), or null once the process is gone. */
export function rssMB(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** Web-page renderers of the Chromium instances this process started (not its own WebUI renderer). */
export function pageRendererPids(root = process.pid): number[] {
  return descendants(root).filter((pid) => {
    const args = commandLine(pid);
    return args.includes('--type=renderer') && !args.includes('--top-chrome-webui') && !args.some((a) => a.startsWith('--extension-process'));
  });
}

/**
 * With only the kiosk page open, its renderer is the largest page renderer: the others are the spare one
 * Chromium keeps ready (a few tens of MB) and none else. Called once the kiosk has loaded.
 */
export function kioskRendererPid(): number {
  const sized = pageRendererPids()
    .map((pid) => ({ pid, rss: rssMB(pid) ?? 0 }))
    .sort((a, b) => b.rss - a.rss);
  if (sized.length === 0) throw new Error('no Chromium renderer process found under this process (/proc)');
  return sized[0]!.pid;
}

export interface MemoryReading {
  heapUsedMB: number;
  heapTotalMB: number;
  rssMB: number;
}

/** Readings of one page: garbage collected first, so what is compared is what the page keeps, not litter. */
export class PageMemory {
  private constructor(
    private readonly cdp: CDPSession,
    readonly rendererPid: number,
  ) {}

  static async attach(page: Page, rendererPid: number): Promise<PageMemory> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new PageMemory(cdp, rendererPid);
  }

  async read(): Promise<MemoryReading> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    const rss = rssMB(this.rendererPid);
    if (rss === null) throw new Error(`the kiosk's renderer process ${this.rendererPid} is gone (crashed?)`);
    return { heapUsedMB: metric('JSHeapUsedSize') / 1048576, heapTotalMB: metric('JSHeapTotalSize') / 1048576, rssMB: rss };
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
