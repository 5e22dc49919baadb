// Where the hub keeps its data: --data, else YUANJIAO_COUNTY_DATA, else the user's data directory — never
// the station's own directory, so a hub and an agent on one machine cannot share a database by accident.
import envPaths from 'env-paths';
import path from 'node:path';

export function resolveHubDataDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(option ?? env.YUANJIAO_COUNTY_DATA ?? envPaths('yuanjiao-county', { suffix: '' }).data);
}
