// The station's migrations are run by the shared runner (common/schema-migrations.ts); this says how the
// station words a database from a newer release, and is what each file in migrations/ takes its type from.
import type { TooNewMessage } from '../../common/schema-migrations.ts';

export { SchemaTooNewError, schemaVersion, type Migration } from '../../common/schema-migrations.ts';

export const stationTooNew: TooNewMessage = (found, known) =>
  `数据库版本 ${found} 比本程序支持的版本 ${known} 新，请升级远教软件后再打开；数据未做任何改动。` +
  ` / The database is at schema version ${found}, newer than this program knows (${known}). ` +
  'Upgrade Yuanjiao before opening it; nothing was changed.';
