// Printable A4 HTML of a document: print CSS, the Chinese font, the station name and period in the page
// header and page numbers in the footer (CSS @page margin boxes, which Chromium prints since version 131).
// Pure: the caller brings the @font-face rules (export-fonts.ts).
import { displayValue, documentWords, textWidth, type Column, type ExportDocument, type Figure } from './document.pure.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A CSS string literal that cannot end the string, the rule or the <style> element it sits in. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ').replace(/</g, '\\3C ')}"`;
}

const ALIGN: Record<Column['type'], string> = {
  text: 'l',
  integer: 'r',
  number: 'r',
  percent: 'r',
  date: 'c',
  datetime: 'c',
  time: 'c',
};

function figureCells(f: Figure): string {
  return `<th>${escapeHtml(f.label)}</th><td class="${ALIGN[f.type]}" data-key="${escapeHtml(f.key)}">${escapeHtml(displayValue(f.value, f.type, f.decimals))}</td>`;
}

/** The footer's CSS content: '"第 " counter(page) " 页，共 " counter(pages) " 页"' (empty strings left out). */
function pageCounter(doc: ExportDocument): string {
  const [before, middle, after] = documentWords(doc).pages;
  return [before ? cssString(before) : '', 'counter(page)', cssString(middle), 'counter(pages)', after ? cssString(after) : ''].filter(Boolean).join(' ');
}

function styles(doc: ExportDocument, fontFaces: string): string {
  const landscape = doc.orientation === 'landscape';
  return `${fontFaces}
@page {
  size: A4 ${doc.orientation};
  margin: 18mm 12mm 16mm 12mm;
  @top-left { content: ${cssString(doc.station.name)}; font: 9pt 'Noto Sans SC', sans-serif; color: #333; }
  @top-right { content: ${cssString(`${doc.title} · ${doc.period.label}`)}; font: 9pt 'Noto Sans SC', sans-serif; color: #333; }
  @bottom-center { content: ${pageCounter(doc)}; font: 9pt 'Noto Sans SC', sans-serif; color: #333; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Noto Sans SC', sans-serif; font-size: 10pt; line-height: 1.45; color: #000; background: #fff; }
.doc-head h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm; letter-spacing: .08em; }
.doc-meta { display: flex; justify-content: space-between; gap: 6mm; margin: 0 0 4mm; font-size: 9.5pt; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: .6pt solid #000; padding: 1.2mm 1.6mm; vertical-align: top; overflow-wrap: anywhere; }
thead { display: table-header-group; }
thead th { background: #efe6d2; font-weight: 700; text-align: center; }
tr { break-inside: avoid; }
.figures th { background: #f6f1e6; font-weight: 400; text-align: left; width: ${landscape ? '13%' : '17%'}; }
.figures td { font-weight: 700; }
td.r { text-align: right; } td.c { text-align: center; } td.l { text-align: left; }
/* A number, a date, a time or an id is read whole: never split across lines. */
td.r, td.c, td.nw { white-space: nowrap; }
/* A wide table (the county's ranking) fits the page in a smaller type rather than by breaking its cells. */
table.dense { font-size: 8.5pt; }
table.dense th, table.dense td { padding: .8mm 1mm; }
tr.totals td { font-weight: 700; background: #f6f1e6; }
td.empty { text-align: center; color: #444; padding: 4mm; }
/* Read at the door from a few steps away. */
.doc-section-large h2 { font-size: 16pt; }
.doc-section-large table { font-size: 15pt; line-height: 1.3; }
.doc-section-large th, .doc-section-large td { padding: 2.2mm 2.4mm; }
.doc-notes ol { margin: 0; padding-left: 6mm; font-size: 9pt; }
.doc-signatures { display: flex; flex-wrap: wrap; gap: 4mm 14mm; margin-top: 10mm; break-inside: avoid; }
.doc-signatures p { margin: 0; display: flex; align-items: flex-end; gap: 2mm; }
.doc-signatures .line { display: inline-block; width: 45mm; border-bottom: .6pt solid #000; height: 6mm; }
.doc-foot { margin-top: 6mm; font-size: 8.5pt; color: #333; }
@media screen {
  body { background: #8a8a8a; padding: 8mm 0; }
  .doc { width: ${landscape ? '297mm' : '210mm'}; min-height: ${landscape ? '210mm' : '297mm'}; margin: 0 auto; padding: 18mm 12mm 16mm; background: #fff; box-shadow: 0 2mm 6mm rgba(0,0,0,.4); }
}`;
}

/** More columns than this and a table is set in the smaller type. */
const DENSE_COLUMNS = 12;

function sectionHtml(doc: ExportDocument, index: number): string {
  const s = doc.sections[index]!;
  const total = s.columns.reduce((a, c) => a + Math.max(c.width, textWidth(c.title)), 0);
  const cols = s.columns.map((c) => `<col style="width:${((Math.max(c.width, textWidth(c.title)) / total) * 100).toFixed(2)}%">`).join('');
  const head = s.columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('');
  const body = s.rows.map((row) => `<tr class="row">${s.columns.map((c) => `<td class="${ALIGN[c.type]}${c.nowrap ? ' nw' : ''}">${escapeHtml(displayValue(row[c.key] ?? null, c.type, c.decimals))}</td>`).join('')}</tr>`);
  if (s.rows.length === 0) body.push(`<tr><td class="empty" colspan="${s.columns.length}">${escapeHtml(s.emptyText)}</td></tr>`);
  if (s.totals) {
    const totals = s.totals;
    body.push(
      `<tr class="totals">${s.columns
        .map((c, i) => (i === 0 ? `<td class="l">${escapeHtml(String(totals[c.key] ?? documentWords(doc).total))}</td>` : `<td class="${ALIGN[c.type]}">${totals[c.key] === undefined ? '' : escapeHtml(displayValue(totals[c.key] ?? null, c.type, c.decimals))}</td>`))
        .join('')}</tr>`,
    );
  }
  return `<section class="doc-section${s.large ? ' doc-section-large' : ''}" data-section="${escapeHtml(s.id)}">
<h2>${escapeHtml(s.title)}</h2>
<table class="grid${s.columns.length > DENSE_COLUMNS ? ' dense' : ''}"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>
${body.join('\n')}
</tbody></table>
</section>`;
}

export function renderHtml(doc: ExportDocument, fontFaces: string): string {
  const w = documentWords(doc);
  const perRow = doc.orientation === 'landscape' ? 4 : 3;
  const figureRows: string[] = [];
  for (let i = 0; i < doc.summary.length; i += perRow) {
    const cells = doc.summary.slice(i, i + perRow).map(figureCells);
    while (cells.length < perRow && i > 0) cells.push('<th></th><td></td>');
    figureRows.push(`<tr>${cells.join('')}</tr>`);
  }
  return `<!doctype html>
<html lang="${doc.lang ?? 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="generator" content="Yuanjiao 远教">
<title>${escapeHtml(`${doc.station.name} ${doc.title} ${doc.period.label}`)}</title>
<style>
${styles(doc, fontFaces)}
</style>
</head>
<body>
<main class="doc doc-${doc.orientation}" data-kind="${escapeHtml(doc.kind)}">
<header class="doc-head">
<h1>${escapeHtml(doc.title)}</h1>
<p class="doc-meta"><span>${escapeHtml(`${w.station}${w.colon}${doc.station.name}`)}</span><span>${escapeHtml(`${w.period}${w.colon}${doc.period.label}`)}</span><span>${escapeHtml(`${w.generatedAt}${w.colon}${doc.generatedAt}`)}</span></p>
</header>
${doc.summary.length > 0 ? `<section class="doc-summary"><table class="figures"><tbody>\n${figureRows.join('\n')}\n</tbody></table></section>` : ''}
${doc.sections.map((_, i) => sectionHtml(doc, i)).join('\n')}
${doc.notes.length > 0 ? `<section class="doc-notes"><h2>${escapeHtml(w.notes)}</h2><ol>${doc.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ol></section>` : ''}
${doc.signatures.length > 0 ? `<section class="doc-signatures">${doc.signatures.map((s) => `<p><span>${escapeHtml(`${s}${w.colon}`)}</span><span class="line"></span></p>`).join('')}<p><span>${escapeHtml(`${w.date}${w.colon}`)}</span><span class="line"></span></p></section>` : ''}
<p class="doc-foot">${escapeHtml(w.sourceLine)}</p>
</main>
</body>
</html>
`;
}
