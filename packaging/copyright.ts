// /usr/share/doc/<package>/copyright in Debian's machine-readable format: the project's own code, each npm
// package shipped in node_modules with its licence, and the npm packages compiled into build/app, named with
// theirs (read from each package's package.json).
import fs from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { APP_ROOT } from '../common/app-paths.ts';

interface Manifest {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[];
}

function licenceOf(m: Manifest): string {
  const raw = typeof m.license === 'string' ? m.license : (m.license?.type ?? m.licenses?.map((l) => l.type).join(' or ') ?? 'unknown');
  // Debian's name for the MIT licence.
  return raw.replace(/\(|\)/g, '').replace(/\bMIT\b/g, 'Expat').replace(/\bOR\b/g, 'or').replace(/\bAND\b/g, 'and');
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** The package folder an esbuild input path lies in ('node_modules/@a/b/lib/x.js' → 'node_modules/@a/b'). */
function packageFolder(input: string): string | null {
  const parts = input.split('/');
  const last = parts.lastIndexOf('node_modules');
  if (last < 0) return null;
  const scoped = parts[last + 1]?.startsWith('@');
  return parts.slice(0, last + (scoped ? 3 : 2)).join('/');
}

const EXPAT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
 associated documentation files (the "Software"), to deal in the Software without restriction, including
 without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
 following conditions:
 .
 The above copyright notice and this permission notice shall be included in all copies or substantial
 portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
 LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
 EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN
 AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE
 OR OTHER DEALINGS IN THE SOFTWARE.`;

export function copyrightFile(shippedModules: string, meta: Metafile, outputs: string[]): string {
  const shipped: { name: string; version: string; licence: string }[] = [];
  if (fs.existsSync(shippedModules)) {
    for (const entry of fs.readdirSync(shippedModules, { withFileTypes: true, recursive: true })) {
      if (entry.name !== 'package.json') continue;
      const m = readManifest(entry.parentPath);
      // A package's own package.json sits right below node_modules/<name> (or <@scope>/<name>).
      if (!m?.name || !entry.parentPath.endsWith(path.join('node_modules', m.name))) continue;
      shipped.push({ name: m.name, version: m.version ?? '', licence: licenceOf(m) });
    }
  }
  const compiled = new Map<string, { version: string; licence: string }>();
  for (const out of outputs) {
    for (const input of Object.keys(meta.outputs[out]?.inputs ?? {})) {
      const folder = packageFolder(input);
      if (folder === null) continue;
      const m = readManifest(path.join(APP_ROOT, folder));
      if (m?.name && !compiled.has(m.name)) compiled.set(m.name, { version: m.version ?? '', licence: licenceOf(m) });
    }
  }
  const unique = new Map(shipped.map((s) => [`${s.name}@${s.version}`, s]));
  const paragraphs = [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: yuanjiao\nUpstream-Contact: Yuanjiao developers <yuanjiao@example.org>',
    [
      'Files: *',
      'Copyright: 2026 Yuanjiao developers',
      'License: Expat',
      'Comment: The programs in build/app are compiled from the project\'s sources with these npm packages',
      ' compiled in (name, version, licence as each package states it):',
      ...[...compiled].sort(([a], [b]) => a.localeCompare(b)).map(([name, c]) => ` ${name} ${c.version} (${c.licence})`),
    ].join('\n'),
    ...[...unique.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => `Files: usr/lib/*/node_modules/${s.name}/*\nCopyright: the authors of ${s.name} ${s.version}, see its licence file\nLicense: ${s.licence}`),
    `License: Expat\n ${EXPAT}`,
  ];
  return `${paragraphs.join('\n\n')}\n`;
}
