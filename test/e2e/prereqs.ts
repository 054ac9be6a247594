// End-to-end prerequisites. Without them an e2e suite skips and says why; with
// MK_E2E=required (CI sets it) a missing prerequisite fails the run instead.
import { execFileSync } from 'node:child_process';

export type Prereq = 'kubectl' | 'docker' | 'root' | 'iptables' | 'images';

function missing(p: Prereq): string | undefined {
  const run = (cmd: string, args: string[]) => {
    try {
      execFileSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
      return true;
    } catch {
      return false;
    }
  };
  switch (p) {
    case 'kubectl':
      return run('kubectl', ['version', '--client']) ? undefined : 'kubectl is not on PATH';
    case 'docker':
      return run('docker', ['info']) ? undefined : 'no Docker engine answers (start dockerd)';
    case 'root':
      return process.getuid?.() === 0 ? undefined : 'not running as root';
    case 'iptables':
      return run('iptables', ['-t', 'nat', '-L', '-n']) ? undefined : 'iptables is not usable';
    case 'images':
      return run('docker', ['image', 'inspect', 'mk/busybox:1', 'mk/pause:3.9'])
        ? undefined
        : 'test images missing (run scripts/build-images.sh)';
  }
}

/**
 * Returns a reason to skip when a prerequisite is missing, or undefined when all are there.
 * Throws when MK_E2E=required, so CI cannot pass by skipping.
 */
export function e2eSkipReason(...needs: Prereq[]): string | undefined {
  const reasons = needs.map(missing).filter((r): r is string => r !== undefined);
  if (reasons.length === 0) return undefined;
  const why = reasons.join('; ');
  if (process.env.MK_E2E === 'required') throw new Error(`MK_E2E=required but ${why}`);
  console.warn(`skipping end-to-end tests: ${why}`);
  return why;
}
