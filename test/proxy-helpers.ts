// Tests that program real iptables take turns: the tables are one per machine.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const LOCK = '/tmp/mk-proxy-iptables.lock';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits for the machine-wide iptables test lock; returns its release. */
export async function iptablesTestLock(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(`${LOCK}/pid`, String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = 0;
      try {
        pid = Number(readFileSync(`${LOCK}/pid`, 'utf8'));
      } catch {
        /* being created or removed */
      }
      if (pid && !alive(pid)) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
