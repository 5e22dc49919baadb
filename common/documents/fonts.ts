// The Chinese font for printed records: Noto Sans SC as the build carries it (appPaths.fonts), so a terminal
// without system CJK fonts still prints and renders PDFs in Chinese.
//
// Decision: a standalone HTML file and the PDF embed the two weights (400, 700) as data URLs, so the file
// prints the same on any PC and Chromium needs no file access while rendering; the kiosk's print preview
// references the agent's own /fonts/ route (absolute URL), which the kiosk has already loaded for its screens.
import fs from 'node:fs';
import path from 'node:path';
import { appPaths } from '../app-paths.ts';
const WEIGHTS = [400, 700] as const;
const fileOf = (weight: number) => `noto-sans-sc-chinese-simplified-${weight}-normal.woff2`;

export type FontMode = { kind: 'embedded' } | { kind: 'served'; baseUrl: string };

let embedded: string | null = null;

function face(weight: number, src: string): string {
  return `@font-face { font-family: 'Noto Sans SC'; font-style: normal; font-weight: ${weight}; font-display: block; src: url('${src}') format('woff2'); }`;
}

/** The @font-face rules for a printed record. */
export function fontFaceCss(mode: FontMode): string {
  if (mode.kind === 'served') {
    const base = mode.baseUrl.replace(/\/+$/, '');
    return WEIGHTS.map((w) => face(w, `${base}/fonts/${fileOf(w)}`)).join('\n');
  }
  // Read once per process: about 2.3 MB, the same for every export.
  embedded ??= WEIGHTS.map((w) => face(w, `data:font/woff2;base64,${fs.readFileSync(path.join(appPaths.fonts, fileOf(w))).toString('base64')}`)).join('\n');
  return embedded;
}
