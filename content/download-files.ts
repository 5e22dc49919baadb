// A download's files in library/tmp: download-<key>.part (the bytes so far) with a .json beside it saying
// what it is (URL, title, validators, size), so a download resumes after a dropped connection and after the
// agent or the CLI was killed; and the downloads left unfinished, which the agent resumes at start.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { libraryPaths } from './library-files.ts';

/** What the .json beside a part file says. */
export interface DownloadMeta {
  url: string;
  title: string | null;
  series: string | null;
  expectedSha256: string | null;
  fileName: string | null;
  etag: string | null;
  lastModified: string | null;
  totalBytes: number | null;
  serverSha256: string | null;
  startedAt: number;
  updatedAt: number;
}

export interface DownloadPaths {
  part: string;
  meta: string;
  lock: string;
}

export function downloadPaths(dataDir: string, url: string): DownloadPaths {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const base = path.join(libraryPaths(dataDir).tmp, `download-${key}`);
  return { part: `${base}.part`, meta: `${base}.json`, lock: `${base}.lock` };
}

export async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch {
    return 0;
  }
}

export async function readMeta(file: string): Promise<DownloadMeta | null> {
  try {
    return JSON.parse(await fs.promises.readFile(file, 'utf8')) as DownloadMeta;
  } catch {
    return null;
  }
}

export async function writeMeta(file: string, meta: DownloadMeta): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(temp, JSON.stringify(meta, null, 2));
  await fs.promises.rename(temp, file);
}

/** Downloads that were started and not finished (the agent resumes them at start). */
export async function pendingDownloads(dataDir: string): Promise<(DownloadMeta & { receivedBytes: number })[]> {
  const { tmp } = libraryPaths(dataDir);
  let names: string[];
  try {
    names = await fs.promises.readdir(tmp);
  } catch {
    return [];
  }
  const pending: (DownloadMeta & { receivedBytes: number })[] = [];
  for (const name of names.filter((n) => /^download-[0-9a-f]{16}\.json$/.test(n)).sort()) {
    const meta = await readMeta(path.join(tmp, name));
    if (!meta || typeof meta.url !== 'string') continue;
    pending.push({ ...meta, receivedBytes: await sizeOf(downloadPaths(dataDir, meta.url).part) });
  }
  return pending;
}

/** Forgets a download: its part file and description (a cancel by the operator; a refusal by the server). */
export async function discardDownload(dataDir: string, url: string): Promise<void> {
  const paths = downloadPaths(dataDir, url);
  await fs.promises.rm(paths.part, { force: true });
  await fs.promises.rm(paths.meta, { force: true });
}

/** Free bytes where the library writes. */
export async function libraryFreeBytes(dataDir: string): Promise<number> {
  const stats = await fs.promises.statfs(libraryPaths(dataDir).tmp);
  return stats.bavail * stats.bsize;
}
