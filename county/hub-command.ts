// How staff type the hub's command on this machine: `yuanjiao-county` where the hub package is installed (and
// bin/yuanjiao-county.js of a checkout), `yuanjiao county` otherwise. Messages that tell staff what to run next
// say it the way they will type it.
import path from 'node:path';

export function hubCommand(argv: readonly string[] = process.argv): string {
  return path.basename(argv[1] ?? '').startsWith('yuanjiao-county') ? 'yuanjiao-county' : 'yuanjiao county';
}
