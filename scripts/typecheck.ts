// `npm run typecheck`: every runtime's tsconfig, each with only its own runtime's types (docs/architecture.md,
// "Boundaries").
//
// Node code is compiled without the DOM lib, so `document` or `window` there fails as it stands. Browser code
// (the two UIs and the shell's preload) is compiled with the DOM and without Node's types, but tsc alone
// cannot keep them out: the UIs import the agent's and the hub's API types, and those modules pull in
// @types/node (through better-sqlite3, fastify, undici…). So for browser code this script asks the type
// checker what each name in the runtime's own files resolves to, and refuses any that only Node declares
// (`process`, `Buffer`, `require`, `NodeJS.*`) and any import of a Node built-in.
//
// The tsc runs go to child processes, at most two at a time beside the browser checks here, and keep tsc's
// incremental records in tmp/tsc/. `tsc -b` would need composite projects, hence declaration output for the
// whole tree, to gain anything. Measured on the 2-core machine (CPU time, as the wall time depended on what else
// ran): the single all-in-one program this replaces took 20 s; this takes 60 s cold and 32 s warm, of which
// the browser checks are 14 s (they check only their own files, not the agent's they import types from).
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Configs tsc checks as they are: Node code (no DOM), and the tests and benchmarks (Node + DOM). */
const NODE_WITHOUT_DOM = 'tsconfig.json';
const NODE_CONFIGS = [NODE_WITHOUT_DOM, 'test/tsconfig.json', 'bench/tsconfig.json'];
/** Browser code: the DOM, and no name that only Node declares. */
export const BROWSER_CONFIGS = ['kiosk/ui/tsconfig.json', 'county/dashboard/ui/tsconfig.json', 'kiosk/main/tsconfig.preload.json'];

const NODE_TYPES = `${path.sep}node_modules${path.sep}@types${path.sep}node${path.sep}`;

function fromNodeTypes(declaration: ts.Declaration): boolean {
  return path.normalize(declaration.getSourceFile().fileName).includes(NODE_TYPES);
}

/** `b` in `a.b`: a member, whose declaration says nothing about the runtime's globals. */
const isMemberName = (id: ts.Identifier): boolean =>
  (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) || (ts.isQualifiedName(id.parent) && id.parent.right === id);

/** Each use in `file` of a name, a type or a module that only Node's types declare. */
function nodeOnlyNames(file: ts.SourceFile, options: ts.CompilerOptions, checker: ts.TypeChecker): ts.Diagnostic[] {
  const found: ts.Diagnostic[] = [];
  const report = (node: ts.Node, what: string): void => {
    found.push({
      category: ts.DiagnosticCategory.Error, code: 90001, file, start: node.getStart(file), length: node.getWidth(file),
      messageText: `${what} is Node's, and this file runs in a browser (docs/architecture.md, "Boundaries")`,
    });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      const resolved = ts.resolveModuleName(spec, file.fileName, options, ts.sys).resolvedModule;
      if (spec.startsWith('node:') || resolved?.resolvedFileName.includes(NODE_TYPES)) report(node.moduleSpecifier, `the module '${spec}'`);
    }
    if (ts.isIdentifier(node) && !isMemberName(node)) {
      const symbol = checker.getSymbolAtLocation(node);
      const declarations = symbol?.declarations ?? [];
      // A name the DOM or the language declares too (setTimeout, URL, fetch) is fine; only Node's own are not.
      if (declarations.length > 0 && declarations.every(fromNodeTypes)) report(node, `'${node.text}'`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * Compiles one config here (`config` from the repository's root): its diagnostics, and for browser code the
 * Node-only names in its own files.
 */
export function checkConfig(config: string, runtime: 'node' | 'browser'): readonly ts.Diagnostic[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!parsed) throw new Error(`cannot read ${config}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences ?? [] });
  const checker = program.getTypeChecker();
  const own = new Set(parsed.fileNames.map((f) => path.normalize(f)));
  const sourceFiles = program.getSourceFiles().filter((f) => own.has(path.normalize(f.fileName)));
  const nodeNames = runtime === 'browser' ? sourceFiles.flatMap((f) => nodeOnlyNames(f, parsed.options, checker)) : [];
  // Only the config's own files: what they import from another runtime is checked in that runtime's config
  // (and would be checked here against the wrong lib).
  const ownDiagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...sourceFiles.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])];
  return [...parsed.errors, ...ownDiagnostics, ...nodeNames];
}

/**
 * Runs tsc on one config. For the Node config it also lists the program's files: the DOM lib must not be among
 * them, and a package can bring it in behind the config's back (preact's types reference it).
 */
function runTsc(config: string): Promise<{ config: string; ok: boolean; output: string }> {
  const noDom = config === NODE_WITHOUT_DOM;
  return new Promise((resolve) => {
    const args = [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config, '--pretty', ...(noDom ? ['--listFiles'] : [])];
    const child = spawn(process.execPath, args, { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('close', (code) => {
      if (!noDom) return resolve({ config, ok: code === 0, output });
      const lines = output.split('\n');
      const listed = (line: string): boolean => path.isAbsolute(line.trim()) && /\.(d\.)?[cm]?tsx?$/.test(line.trim());
      const dom = lines.some((line) => listed(line) && /[\\/]lib\.dom(\.[a-z]+)?\.d\.ts$/.test(line.trim()));
      const rest = lines.filter((line) => !listed(line)).join('\n');
      const why = dom ? `\nThe DOM lib is in the Node program: a module there imports one whose types reference it (\`npx tsc -p ${config} --explainFiles\` says which).\n` : '';
      resolve({ config, ok: code === 0 && !dom, output: rest + why });
    });
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const lanes = Math.max(1, Math.min(2, os.availableParallelism() - 1));
  const queue = [...NODE_CONFIGS];
  const results: { config: string; ok: boolean; output: string }[] = [];
  const lane = async (): Promise<void> => {
    for (let config = queue.shift(); config; config = queue.shift()) results.push(await runTsc(config));
  };
  const tscDone = Promise.all(Array.from({ length: lanes }, lane));
  // The browser checks share this process's single thread with the children: the lanes leave it a core.
  let browserOk = true;
  for (const config of BROWSER_CONFIGS) {
    const diagnostics = checkConfig(config, 'browser');
    if (diagnostics.length > 0) {
      browserOk = false;
      process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
    }
    console.log(`${diagnostics.length === 0 ? 'ok  ' : 'FAIL'} ${config}`);
  }
  await tscDone;
  for (const { config, ok, output } of results) {
    if (!ok) process.stdout.write(output);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${config}`);
  }
  console.log(`typecheck ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (!browserOk || results.some((r) => !r.ok)) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
