// Where the station keeps its data: --data, else YUANJIAO_DATA, else the user's data directory.
import envPaths from 'env-paths';
import path from 'node:path';

export function resolveDataDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option ?? env.YUANJIAO_DATA ?? envPaths('yuanjiao', { suffix: '' }).data;
  return path.resolve(chosen);
}
