// ControllerExpectations (controller_utils.go, UIDTrackingControllerExpectations): after a
// controller asks for N creations or deletions it waits to see them in its informer before
// deciding again, so a watch that lags never makes it create (or delete) twice.
const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Record_ {
  add: number;
  /** Keys of pods whose deletion we still wait to observe. */
  del: Set<string>;
  at: number;
}

export class ControllerExpectations {
  private readonly records = new Map<string, Record_>();

  /** True when nothing is pending (or the record is too old to trust). */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.add <= 0 && r.del.size === 0) return true;
    return Date.now() - r.at > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, n: number): void {
    this.records.set(key, { add: n, del: new Set(), at: Date.now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.records.set(key, { add: 0, del: new Set(podKeys), at: Date.now() });
  }

  /** Both at once (a DaemonSet creates on some nodes and deletes on others in one sync). */
  expect(key: string, adds: number, podKeys: string[]): void {
    this.records.set(key, { add: adds, del: new Set(podKeys), at: Date.now() });
  }

  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.add--;
  }

  /** Counted once per pod, however many events report its deletion. */
  deletionObserved(key: string, podKey: string): void {
    this.records.get(key)?.del.delete(podKey);
  }

  delete(key: string): void {
    this.records.delete(key);
  }
}
