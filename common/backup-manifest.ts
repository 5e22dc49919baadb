// The manifest beside every backup (the hub's `<file>.manifest.json`, a station folder's `manifest.json`): what
// it holds, each file's sha256, the tables' row counts and the figures a restore must give back. A manifest is
// read as hostile input: bounded in size, parsed and checked field by field, its file names kept inside the
// backup's folder — and every file's hash is checked before anything is changed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';

export const MANIFEST_FORMAT = 'yuanjiao-backup';
export const MANIFEST_FORMAT_VERSION = 1;
/** A manifest holds counts and a few months of figures: far below this. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const FileEntrySchema = Type.Object(
  {
    /** Relative to the manifest's folder, '/'-separated, no '..' (checked again by safeRelativePath). */
    path: Type.String({ minLength: 1, maxLength: 300 }),
    bytes: Type.Integer({ minimum: 0 }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  },
  { additionalProperties: false },
);

export const BackupManifestSchema = Type.Object(
  {
    format: Type.Literal(MANIFEST_FORMAT),
    formatVersion: Type.Literal(MANIFEST_FORMAT_VERSION),
    /** What the backup is of: the county hub's database or a station's data. */
    kind: Type.Union([Type.Literal('county-hub'), Type.Literal('station')]),
    /** How the database is held: a SQLite file, or a pg_dump custom-format archive. */
    dialect: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
    programVersion: Type.String({ maxLength: 64 }),
    schemaVersion: Type.Integer({ minimum: 1 }),
    /** When the backup's snapshot was read (UTC ms); the figures are computed as of this instant. */
    createdAt: Type.Integer({ minimum: 0 }),
    files: Type.Array(FileEntrySchema, { minItems: 1, maxItems: 100_000 }),
    /** Rows per table in the backup. */
    counts: Type.Record(Type.String({ maxLength: 100 }), Type.Integer({ minimum: 0 })),
    /** The figures (JSON) a restore must give back, computed the same way after it. */
    figures: Type.Unknown(),
    /** A station's identity, for the messages (never its key). */
    station: Type.Optional(Type.Object({ id: Type.String({ maxLength: 100 }), name: Type.String({ maxLength: 200 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type BackupManifest = Static<typeof BackupManifestSchema>;
export type ManifestFile = Static<typeof FileEntrySchema>;

const checkManifest = Compile(BackupManifestSchema);

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A manifest entry for a file under `root`, named by its path relative to it. */
export async function fileEntry(root: string, file: string): Promise<ManifestFile> {
  return { path: path.relative(root, file).split(path.sep).join('/'), bytes: fs.statSync(file).size, sha256: await sha256OfFile(file) };
}

/** Writes the manifest durably under a temporary name, then renames it into place. */
export function writeManifest(file: string, manifest: BackupManifest): void {
  const part = `${file}.part-${process.pid}`;
  fs.writeFileSync(part, `${JSON.stringify(manifest, null, 2)}\n`);
  const fd = fs.openSync(part, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(part, file);
}

/** A relative path that stays inside its folder: no absolute path, no '..', no empty or hidden part. */
export function safeRelativePath(p: string): boolean {
  if (p.includes('\\') || p.includes('\0') || p.startsWith('/')) return false;
  return p.split('/').every((part) => part.length > 0 && part !== '.' && part !== '..' && !part.startsWith('.'));
}

/** Reads and checks a manifest; refuses anything that is not one, naming the file (zh / en). */
export function readManifest(file: string): BackupManifest {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ManifestError(`找不到备份清单 ${file} / no backup manifest at ${file}`);
  }
  if (!stat.isFile()) throw new ManifestError(`备份清单 ${file} 不是文件 / the backup manifest ${file} is not a file`);
  if (stat.size > MAX_MANIFEST_BYTES) throw new ManifestError(`备份清单 ${file} 过大（${stat.size} 字节），不是远教的清单 / the backup manifest ${file} is too large to be one of ours`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new ManifestError(`备份清单 ${file} 不是有效的 JSON（已损坏或被截断）/ the backup manifest ${file} is not valid JSON (damaged or cut short)`);
  }
  if (!checkManifest.Check(parsed)) {
    const first = [...checkManifest.Errors(parsed)][0];
    const where = first ? `${first.instancePath || '/'} ${first.message}` : '';
    throw new ManifestError(`${file} 不是远教的备份清单（${where}）/ ${file} is not a Yuanjiao backup manifest (${where})`);
  }
  const bad = parsed.files.find((f) => !safeRelativePath(f.path));
  if (bad) throw new ManifestError(`备份清单 ${file} 含有不允许的文件路径「${bad.path}」/ the backup manifest ${file} names a path outside its folder: ${bad.path}`);
  return parsed;
}

/** Checks every file the manifest lists, under `root` (verifyFile). Read only; throws on the first difference. */
export async function verifyManifestFiles(root: string, manifest: BackupManifest): Promise<void> {
  const inside = `${fs.realpathSync(root)}${path.sep}`;
  for (const entry of manifest.files) {
    const file = path.join(root, ...entry.path.split('/'));
    // A folder on the stick that is a link elsewhere would have the restore read files outside the backup.
    let real: string | null = null;
    try {
      real = fs.realpathSync(file);
    } catch {
      // missing: verifyFile names it
    }
    if (real !== null && !real.startsWith(inside)) throw new ManifestError(`备份中的 ${entry.path} 指向备份文件夹之外 / ${entry.path} in the backup leads outside its folder`);
    await verifyFile(file, entry);
  }
}

/** One file against its manifest entry: present, a plain file (not a link), of the size and sha256 given. */
export async function verifyFile(file: string, entry: ManifestFile): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    throw new ManifestError(`备份中缺少文件 ${entry.path} / the backup lacks ${entry.path}`);
  }
  if (!stat.isFile()) throw new ManifestError(`备份中的 ${entry.path} 不是普通文件 / ${entry.path} in the backup is not a plain file`);
  if (stat.size !== entry.bytes) {
    throw new ManifestError(`备份文件 ${entry.path} 的大小（${stat.size} 字节）与清单（${entry.bytes} 字节）不符：已损坏或被截断 / ${entry.path} is ${stat.size} bytes, the manifest says ${entry.bytes}: damaged or cut short`);
  }
  if ((await sha256OfFile(file)) !== entry.sha256) {
    throw new ManifestError(`备份文件 ${entry.path} 的校验值与清单不符：已损坏或被改动 / ${entry.path} does not match its sha256 in the manifest: damaged or altered`);
  }
}

/** What differs between the figures a backup promised and those found after a restore or a move, as lines. */
export function differences(expected: { counts: Record<string, number>; figures: unknown }, found: { counts: Record<string, number>; figures: unknown }): string[] {
  const lines: string[] = [];
  for (const [table, n] of Object.entries(expected.counts)) {
    const got = found.counts[table];
    if (got !== n) lines.push(`${table}: ${n} → ${got ?? '—'}`);
  }
  const a = JSON.stringify(expected.figures);
  const b = JSON.stringify(found.figures);
  if (a !== b) lines.push(`figures: ${a.slice(0, 400)} → ${b.slice(0, 400)}`);
  return lines;
}
