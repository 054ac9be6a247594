// A TCP connection to localhost inside a pod's network namespace, for port-forward: Kubernetes
// reaches the pod's localhost (dockershim ran `nsenter -t PID -n socat - TCP4:localhost:PORT`,
// containerd dials from inside the namespace), so a server bound to 127.0.0.1 in the pod is
// reachable. Node cannot setns(2) itself, so a small relay runs under `nsenter -t PID -n`: it
// connects, says so on stderr, and then copies stdin to the socket and the socket to stdout,
// half-close for half-close. Only the network namespace is entered: the relay is this node
// binary, from the host's filesystem.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';

// Tries 127.0.0.1, then ::1, as containerd does (tcp4 then tcp6 "localhost"). Errors read as
// Go's net.Dial errors, since they reach kubectl's user as the kubelet's.
const RELAY = `
const net = require('net');
const fs = require('fs');
const port = Number(process.argv[1]);
const why = (e) => e.code === 'ECONNREFUSED' ? 'connect: connection refused'
  : e.code === 'EADDRNOTAVAIL' ? 'connect: cannot assign requested address'
  : e.code === 'ENETUNREACH' ? 'connect: network is unreachable' : e.message;
const dial = (host) => new Promise((resolve, reject) => {
  const s = net.connect({ host, port, allowHalfOpen: true });
  s.once('connect', () => resolve(s));
  s.once('error', reject);
});
dial('127.0.0.1').catch((e4) => dial('::1').catch((e6) => {
  process.stderr.write('IPv4: dial tcp4 127.0.0.1:' + port + ': ' + why(e4) + ' IPv6 dial tcp6 [::1]:' + port + ': ' + why(e6) + '\\n');
  process.exit(1);
})).then((s) => {
  if (!s) return;
  s.setNoDelay(true);
  // fd 1 as a plain file stream, so that ending it closes the pipe (process.stdout never closes).
  const out = fs.createWriteStream('', { fd: 1 });
  process.stderr.write('connected\\n');
  process.stdin.pipe(s);
  s.pipe(out);
  s.on('error', (e) => {
    process.stderr.write(e.code === 'ECONNRESET' ? 'read: connection reset by peer\\n' : e.message + '\\n');
    process.exit(1);
  });
  s.on('close', () => out.close(() => process.exit(0)));
});
`;

export class NetnsDialError extends Error {
  constructor(
    message: string,
    /** What the message calls the namespace (the pod sandbox's id when the caller gave it). */
    readonly namespace: string,
  ) {
    super(message);
    this.name = 'NetnsDialError';
  }
}

/**
 * Opens a TCP connection to 127.0.0.1:port (else [::1]:port) inside the network namespace of
 * process `pid` (a pod's pause container). `namespace` names it in errors, as Kubernetes names
 * the sandbox: `failed to connect to localhost:80 inside namespace "ID", IPv4: ... IPv6 ...`.
 * Resolves once connected; the stream's end half-closes towards the pod, and destroying it
 * closes the connection.
 */
export function dialInNetns(pid: number, port: number, namespace = `/proc/${pid}/ns/net`): Promise<Duplex> {
  if (!Number.isInteger(pid) || pid < 1) return Promise.reject(new NetnsDialError(`failed to find network namespace: invalid pid ${pid}`, namespace));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return Promise.reject(new NetnsDialError(`invalid port ${port}`, namespace));
  const env = { ...process.env };
  // Reading extra CA certificates costs the relay ~70 ms at start, and it speaks no TLS.
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  const child = spawn('nsenter', ['-t', String(pid), '-n', '--', process.execPath, '-e', RELAY, String(port)], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise<Duplex>((resolve, reject) => {
    let err = '';
    let connected = false;
    const failure = (): NetnsDialError => {
      const text = err.replace(/^connected\n/, '').trim();
      if (connected) return new NetnsDialError(text || 'connection closed', namespace);
      // nsenter's own complaint (no such process) or the relay's dial errors.
      return new NetnsDialError(`failed to connect to localhost:${port} inside namespace "${namespace}", ${text || 'the relay exited'}`, namespace);
    };
    const stream = new Duplex({
      allowHalfOpen: true,
      read() {
        child.stdout.resume();
      },
      write(chunk: Buffer, _enc, cb) {
        if (!child.stdin.writable) return cb();
        child.stdin.write(chunk, (e) => cb(e ?? null));
      },
      final(cb) {
        child.stdin.end(() => cb());
      },
      destroy(e, cb) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        cb(e);
      },
    });
    child.stdout.on('data', (d: Buffer) => {
      if (!stream.push(d)) child.stdout.pause();
    });
    child.stdout.on('end', () => stream.push(null));
    // The pod may close its side first: writes to a gone relay are dropped, the close reports.
    child.stdin.on('error', () => undefined);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (!connected && err.startsWith('connected\n')) {
        connected = true;
        resolve(stream);
      }
    });
    child.on('error', (e) => reject(new NetnsDialError(`failed to connect to localhost:${port} inside namespace "${namespace}": ${e.message}`, namespace)));
    child.on('close', (code) => {
      if (!connected) reject(failure());
      else if (code !== 0 && code !== null) stream.destroy(failure());
      else if (!stream.destroyed) {
        // The relay closed the socket: both directions are done once the reader has it all.
        stream.push(null);
        if (stream.readableEnded) stream.destroy();
        else stream.once('end', () => stream.destroy());
      }
    });
  });
}
