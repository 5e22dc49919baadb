// What a systemd unit would run: its [Service] user, environment, working directory and command line, read
// from the unit file as installed, so the install drill starts a service exactly as its unit says (no systemd
// runs inside the drill's root). Covers the directives our units use; quoting inside ExecStart is not.
import fs from 'node:fs';

export interface ServiceCommand {
  user: string;
  group: string;
  workingDirectory: string;
  environment: Record<string, string>;
  argv: string[];
}

/** KEY=VALUE lines, as EnvironmentFile= reads them: comments and blank lines skipped, quotes removed. */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return env;
}

/** The service's command; `readFile` reads a path inside the root (EnvironmentFile=), null when it is absent. */
export function serviceCommand(unitText: string, readFile: (file: string) => string | null): ServiceCommand {
  const service = new Map<string, string[]>();
  let section = '';
  for (const raw of unitText.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (kv && section === 'Service') service.set(kv[1]!, [...(service.get(kv[1]!) ?? []), kv[2]!]);
  }
  const one = (key: string, fallback?: string) => {
    const v = service.get(key)?.at(-1) ?? fallback;
    if (v === undefined) throw new Error(`the unit has no ${key}=`);
    return v;
  };
  const environment: Record<string, string> = {};
  // Environment= first, then EnvironmentFile=, whose settings win (systemd.exec(5)).
  for (const value of service.get('Environment') ?? []) Object.assign(environment, parseEnvironmentFile(value.split(/\s+/).join('\n')));
  for (const value of service.get('EnvironmentFile') ?? []) {
    const optional = value.startsWith('-');
    const text = readFile(optional ? value.slice(1) : value);
    if (text === null && !optional) throw new Error(`EnvironmentFile ${value} is missing`);
    if (text !== null) Object.assign(environment, parseEnvironmentFile(text));
  }
  const user = one('User');
  return { user, group: one('Group', user), workingDirectory: one('WorkingDirectory', '/'), environment, argv: one('ExecStart').split(/\s+/) };
}

export function readUnit(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
