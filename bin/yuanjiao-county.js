#!/usr/bin/env node
// The county hub's entry point: runs the compiled hub in build/app (made by `npm run build`).
import { existsSync } from 'node:fs';

const program = new URL('../build/app/yuanjiao-county.js', import.meta.url);
if (!existsSync(program)) {
  process.stderr.write('错误 / error: 程序尚未构建，请先在程序目录运行 npm run build / the application is not built: run npm run build in its folder first\n');
  process.exit(1);
}
await import(program.href);
