// The machine-wide lock the iptables tests take (test/proxy-helpers.ts): the tables are one
// per machine, so a benchmark that writes rules waits for them. A holder that died frees it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const LOCK = '/tmp/mk-proxy-iptables.lock';

/** Waits for the lock; returns its release. */
export async function iptablesLock() {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(`${LOCK}/pid`, String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      let pid = 0;
      try {
        pid = Number(readFileSync(`${LOCK}/pid`, 'utf8'));
      } catch {}
      if (pid) {
        try {
          process.kill(pid, 0);
        } catch {
          rmSync(LOCK, { recursive: true, force: true });
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
