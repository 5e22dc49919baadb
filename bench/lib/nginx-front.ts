// Debian's nginx in front of several hub processes, as a province runs them: one loopback address, an upstream of
// the hubs, round robin. A temporary config (pid, logs and temp paths in the benchmark's own folder,
// `daemon off` so the process is ours to stop), started as a child and stopped after.
//
// Decision: nginx passes a POST on to the other hub only when it could not send it (connection refused, as after
// a hub is killed); a POST already sent to a hub that then died is answered 502, and the station sends it again
// (nginx's default for non-idempotent requests) — which is what exactly-once ingest has to survive.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../scripts/postgres-cluster.ts';
import { stopProcess, track } from './child-processes.ts';

export const NGINX = '/usr/sbin/nginx';

export interface NginxFront {
  url: string;
  version: string;
  stop(): Promise<void>;
}

export function nginxConfig(dir: string, port: number, upstreams: readonly number[]): string {
  const temp = (name: string) => path.join(dir, name);
  // As root nginx's workers would otherwise switch to nobody, who cannot write the temp paths under our folder.
  const user = process.getuid?.() === 0 ? 'user root root;\n' : '';
  return `${user}worker_processes 1;
daemon off;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  client_max_body_size 8m;
  upstream hubs {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=30s;`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://hubs;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 600s;
    }
  }
}
`;
}

/** nginx on a free loopback port in front of the hubs listening on `upstreams`; resolves once it answers. */
export async function startNginx(dir: string, upstreams: readonly number[], timeoutMs = 20_000): Promise<NginxFront> {
  if (!fs.existsSync(NGINX)) throw new Error(`${NGINX} 不存在 / nginx is not installed (apt-get install nginx)`);
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(dir, port, upstreams));
  const checked = spawnSync(NGINX, ['-t', '-q', '-p', dir, '-c', conf], { encoding: 'utf8' });
  if (checked.status !== 0) throw new Error(`nginx -t: ${checked.stderr}`);
  const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace(/^nginx version: /, '');
  const child = track(spawn(NGINX, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] }));
  let output = '';
  child.stderr.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${output}`);
    try {
      await fetch(`${url}/api/health`);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopProcess(child);
        throw new Error(`nginx did not answer within ${timeoutMs} ms: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // SIGQUIT is nginx's graceful stop; the tracked child is killed outright if the run ends first.
  return { url, version, stop: () => stopProcess(child) };
}
