// Serves the dashboard from the hub: the page at /, its bundle under /assets/ and the Chinese font under
// /fonts/ (from the npm package, so a county PC without CJK fonts still reads it). The pages behind it are
// all data from /api/county/*; a hub whose bundle was never built says how to build it instead.
import type { FastifyPluginAsync } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { appPaths } from '../../common/app-paths.ts';
import { FONT_CACHE, SOURCES_AND_MAPS, serveFiles } from '../../common/static-files.ts';
import { NOT_JSON } from '../../common/response-contract.ts';

const INDEX_FILE = path.join(appPaths.dashboardUi, 'index.html');

// The page loads only its own scripts, styles, fonts and API: an injected script or a framing page gets nothing.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  // The page is tiny and names the bundle without a version: always ask again, so an update shows at once.
  'cache-control': 'no-cache',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>远教县级管理平台</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto;line-height:1.6">
<h1>远教县级管理平台</h1>
<p>管理界面尚未构建。请在程序目录运行 <code>npm run build</code>，然后刷新本页。</p>
<p lang="en">The dashboard has not been built. Run <code>npm run build</code> in the application folder, then reload this page.</p>
</body></html>
`;

export function serveDashboard(): FastifyPluginAsync {
  return async (app) => {
    app.get('/', { schema: { response: NOT_JSON } }, async (_request, reply) => {
      const built = fs.existsSync(path.join(appPaths.dashboardUi, 'app.js'));
      return reply
        .headers(PAGE_HEADERS)
        .type('text/html; charset=utf-8')
        .send(built ? await fs.promises.readFile(INDEX_FILE, 'utf8') : NOT_BUILT_PAGE);
    });
    // The bundle, never sources or their maps.
    serveFiles(app, '/assets/', appPaths.dashboardUi, { cacheControl: 'no-cache', hide: SOURCES_AND_MAPS });
    serveFiles(app, '/fonts/', appPaths.fonts, { cacheControl: FONT_CACHE });
  };
}
