// Run tasks with bounded concurrency and report their results in input order, as a
// sequential loop would. A task marked as a barrier (a Namespace that later objects live
// in, or a second object with a key already in flight) runs alone.

export interface OrderedTask<T> {
  key: string;
  barrier: boolean;
  run(): Promise<T>;
}

export async function runOrdered<T>(tasks: OrderedTask<T>[], concurrency: number, report: (index: number, result: PromiseSettledResult<T>) => void): Promise<void> {
  const settled: Array<PromiseSettledResult<T> | undefined> = new Array(tasks.length);
  let nextReport = 0;
  const flush = (): void => {
    while (nextReport < tasks.length && settled[nextReport]) {
      report(nextReport, settled[nextReport]!);
      nextReport++;
    }
  };
  const inFlight = new Map<number, Promise<void>>();
  const keys = new Map<string, number>();
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    if (t.barrier || keys.has(t.key)) await Promise.all(inFlight.values());
    while (inFlight.size >= concurrency) await Promise.race(inFlight.values());
    const p = t
      .run()
      .then(
        (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
      )
      .then((r) => {
        settled[i] = r;
        inFlight.delete(i);
        if (keys.get(t.key) === i) keys.delete(t.key);
        flush();
      });
    inFlight.set(i, p);
    keys.set(t.key, i);
    if (t.barrier) await p;
  }
  await Promise.all(inFlight.values());
  flush();
}
