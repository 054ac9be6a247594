// The pod network's routes in the kernel: `ip route replace PODCIDR via NODEIP proto 77`, one
// per other node, found again by their protocol number after a restart or for --cleanup.
import { run } from './exec.js';
import { ROUTE_PROTOCOL, diffRoutes, parseRoutes } from './rules/podnet.js';
import type { Route } from './rules/podnet.js';

/** Our routes now in the main table. */
export async function listRoutes(): Promise<Array<{ dst: string; via: string }>> {
  return parseRoutes(await run('ip', ['-4', 'route', 'show', 'proto', String(ROUTE_PROTOCOL)]));
}

/**
 * Makes the kernel's routes (ours) the plan; returns what changed. A route the kernel refuses
 * (host-gw needs every node on this host's layer-2 network) is reported, not thrown: one
 * unreachable node must not keep the others from their routes.
 */
export async function syncRoutes(want: Route[]): Promise<{ replaced: Route[]; removed: string[]; failed: Array<{ route: Route; error: string }> }> {
  const { replace, remove } = diffRoutes(await listRoutes(), want);
  const replaced: Route[] = [];
  const failed: Array<{ route: Route; error: string }> = [];
  for (const r of replace) {
    try {
      await run('ip', ['-4', 'route', 'replace', r.dst, 'via', r.via, 'proto', String(ROUTE_PROTOCOL)]);
      replaced.push(r);
    } catch (err) {
      failed.push({ route: r, error: err instanceof Error ? err.message : String(err) });
    }
  }
  for (const dst of remove) await run('ip', ['-4', 'route', 'del', dst, 'proto', String(ROUTE_PROTOCOL)]);
  return { replaced, removed: remove, failed };
}

/** Removes every route we added (`mk-proxy --cleanup`). */
export async function cleanupRoutes(): Promise<string[]> {
  const ours = await listRoutes();
  for (const r of ours) await run('ip', ['-4', 'route', 'del', r.dst, 'proto', String(ROUTE_PROTOCOL)]);
  return ours.map((r) => r.dst);
}
