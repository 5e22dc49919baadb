// A document in one of its four file formats: the one switch every exporter (station or county) goes through,
// so a CSV, an XLSX, an HTML page and a PDF of the same document can never disagree.
import type { ExportDocument } from './document.pure.ts';
import { renderCsv } from './render-csv.ts';
import { renderXlsx } from './render-xlsx.ts';
import { renderHtml } from './render-html.pure.ts';
import { renderPdf } from './render-pdf.ts';
import { fontFaceCss, type FontMode } from './fonts.ts';
import type { DocumentFormat } from './document-formats.pure.ts';

export interface RenderOptions {
  /** How the HTML carries its font; embedded unless a caller serves the font itself. A PDF always embeds it. */
  fonts?: FontMode;
  chromiumPath?: string;
}

/** The file's bytes. A PDF waits its turn for the one Chromium (render-pdf.ts) and throws DocumentError without one. */
export async function renderDocument(doc: ExportDocument, format: DocumentFormat, options: RenderOptions = {}): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return renderCsv(doc);
    case 'xlsx':
      return renderXlsx(doc);
    case 'html':
      return Buffer.from(renderHtml(doc, fontFaceCss(options.fonts ?? { kind: 'embedded' })), 'utf8');
    case 'pdf':
      // Chromium renders with every network request aborted: the font must travel inside the page.
      return renderPdf(renderHtml(doc, fontFaceCss({ kind: 'embedded' })), options.chromiumPath ? { executablePath: options.chromiumPath } : {});
  }
}
