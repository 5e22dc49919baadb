// What both commands of a checkout do: run their compiled program in build/app (made by `npm run build`),
// never the TypeScript sources, or say which command makes it. The program itself refuses a build older than
// the sources.
import { existsSync } from 'node:fs';

export async function runBuilt(entry) {
  const program = new URL(`../build/app/${entry}.js`, import.meta.url);
  if (!existsSync(program)) {
    process.stderr.write('错误 / error: 程序尚未构建，请先在程序目录运行 npm run build / the application is not built: run npm run build in its folder first\n');
    process.exit(1);
  }
  await import(program.href);
}
