// A URL import with the agent's records: what arrives is mirrored into the station log and the uplink
// (through the content log's hook), and a download the server refused or the network never delivered is
// written to the station log too, so the operator can see what was tried. Used by the CLI and the agent.
import type { Db } from '../store/database.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { DownloadError, importFromUrl, type UrlImportOptions, type UrlImportResult } from '../../content/download.ts';
import { mirrorContentLog } from './library-records.ts';
import { coursewareText } from '../../protocol/refusals/courseware-texts.pure.ts';

export async function importUrlWithRecords(db: Db, dataDir: string, url: string, options: UrlImportOptions & { actor: string }): Promise<UrlImportResult> {
  const { actor, ...rest } = options;
  try {
    return await importFromUrl(db, dataDir, url, { ...rest, onLog: mirrorContentLog(db, actor) });
  } catch (err) {
    // A cancel is the operator's own doing and a busy lock means the other download goes on: neither is news.
    if (err instanceof DownloadError && err.code !== 'cancelled' && err.code !== 'busy') {
      appendStationLog(db, {
        type: 'content',
        actor,
        at: (options.now ?? Date.now)(),
        message: `网址导入失败：${url}（${coursewareText(err.problem).zh}）`,
        detail: { url, code: err.code, status: err.status },
      });
    }
    throw err;
  }
}
