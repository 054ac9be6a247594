// Running the host's network tools (iptables-save/restore, ip).
import { spawn } from 'node:child_process';

/** Runs a command, feeding stdin; rejects with its stderr when it fails. */
export function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}): ${err.trim()}`));
    });
    child.stdin.on('error', () => {}); // the exit code tells
    child.stdin.end(input ?? '');
  });
}
