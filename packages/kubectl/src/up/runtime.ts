// Which container runtime `mk up` uses: Docker when an engine answers on its socket,
// otherwise the simulated runtime, with the reason.
import { request } from 'node:http';

export const DOCKER_SOCKET = '/var/run/docker.sock';

export interface RuntimeChoice {
  runtime: 'docker' | 'simulated';
  reason: string;
}

/** Ping the Docker engine (GET /_ping); resolves to undefined when it answers OK, else why not. */
export function pingDocker(socketPath = DOCKER_SOCKET, timeoutMs = 1500): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 ? undefined : `the engine answered ${res.statusCode}: ${body.trim()}`));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(`no answer within ${timeoutMs} ms`);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? 'no such socket' : e.code === 'EACCES' ? 'permission denied (is this user in the docker group?)' : e.code === 'ECONNREFUSED' ? 'connection refused' : e.message;
      resolve(why);
    });
    req.end();
  });
}

export async function chooseRuntime(requested: string | undefined, socketPath = DOCKER_SOCKET): Promise<RuntimeChoice> {
  if (requested === 'simulated') return { runtime: 'simulated', reason: 'requested with --runtime simulated' };
  const why = await pingDocker(socketPath);
  if (requested === 'docker') {
    if (why) throw new Error(`--runtime docker: no Docker engine answered on ${socketPath}: ${why}`);
    return { runtime: 'docker', reason: 'requested with --runtime docker' };
  }
  if (!why) return { runtime: 'docker', reason: `a Docker engine answered on ${socketPath}` };
  return { runtime: 'simulated', reason: `no Docker engine answered on ${socketPath}: ${why}` };
}
