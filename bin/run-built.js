// What both commands of a checkout do: run their compiled program in build/app (made by `npm run build`),
// never the TypeScript sources, or say which command makes it. The program itself refuses a build older than
// the sources. The programs are CommonJS, compiled through V8's code cache (scripts/build.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export async function runBuilt(entry) {
  const program = fileURLToPath(new URL(`../build/app/${entry}.js`, import.meta.url));
  if (!existsSync(program)) {
    process.stderr.write('错误 / error: 程序尚未构建，请先在程序目录运行 npm run build / the application is not built: run npm run build in its folder first\n');
    process.exit(1);
  }
  // The code cache of a checkout's programs (common/code-cache.ts), beside the build that it is for.
  process.env.YUANJIAO_CODE_CACHE ??= fileURLToPath(new URL('../build/code-cache', import.meta.url));
  createRequire(import.meta.url)(program);
}
