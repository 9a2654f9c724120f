import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningServer } from './start-peer';

const nginxPath = () => ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((candidate) => {
  try {
    execFileSync(candidate, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

/** nginx from Debian's packages, installed non-interactively when it is missing. */
function ensureNginx(): string {
  const found = nginxPath();
  if (found) return found;
  console.log('nginx is missing: installing Debian\'s package (apt-get install nginx-light)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'nginx-light'], { stdio: 'inherit', env });
  const installed = nginxPath();
  if (!installed) throw new Error('nginx is still missing after apt-get install nginx-light: install it by hand (apt-get install nginx)');
  return installed;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// One worker, like one Node process; keep-alive upstream; buffers large enough that a 100 KB
// response never goes through a temp file; no access log (the Node peers keep none either).
const configOf = (dir: string, port: number, upstream: URL) => `
worker_processes 1;
daemon off;
${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream monolith {
    server ${upstream.host};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 100000;
    location / {
      proxy_pass http://monolith;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffer_size 16k;
      proxy_buffers 16 16k;
    }
  }
}
`;

/** nginx in front of `target`, configured in a temporary folder and run as a foreground child. */
export async function startNginx(target: string): Promise<RunningServer> {
  const binary = ensureNginx();
  const dir = mkdtempSync(path.join(os.tmpdir(), '24hv-bench-nginx-'));
  mkdirSync(path.join(dir, 'logs'));
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), configOf(dir, port, new URL(target)));
  const child = spawn(binary, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Down with the benchmark however it ends: QUIT lets nginx take its worker along.
  const quitOnExit = () => child.kill('SIGQUIT');
  process.once('exit', quitOnExit);
  child.once('exit', () => process.off('exit', quitOnExit));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}; see ${dir}/error.log`);
    if (await fetch(url).then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    name: 'nginx',
    url,
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
