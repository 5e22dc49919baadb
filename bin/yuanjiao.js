#!/usr/bin/env node
// The operator's entry point: runs the compiled program in build/app (made by `npm run build`), never the
// TypeScript sources. What runs is what was built; the program itself refuses a build older than the sources.
import { existsSync } from 'node:fs';

const program = new URL('../build/app/yuanjiao.js', import.meta.url);
if (!existsSync(program)) {
  process.stderr.write('错误 / error: 程序尚未构建，请先在程序目录运行 npm run build / the application is not built: run npm run build in its folder first\n');
  process.exit(1);
}
await import(program.href);
