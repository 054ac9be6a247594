// framework.PodInfo: a pod with what filtering needs about it parsed once.
import type { Pod, PodAffinityTerm } from './types.js';
import { Resource, podRequests } from './resource.js';
import { Nothing, selectorFromLabelSelector, type Labels, type Selector } from './selector.js';

export class AffinityTerm {
  constructor(
    readonly namespaces: ReadonlySet<string>,
    readonly selector: Selector,
    readonly topologyKey: string,
    readonly namespaceSelector: Selector,
  ) {}

  /** Whether pod is in the term's namespaces and carries labels the term selects. */
  matches(pod: Pod, nsLabels: Labels): boolean {
    if (this.namespaces.has(pod.metadata.namespace ?? '') || this.namespaceSelector.matches(nsLabels)) {
      return this.selector.matches(pod.metadata.labels);
    }
    return false;
  }
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

export function affinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const ns = new Set(t.namespaces ?? []);
  if (ns.size === 0 && t.namespaceSelector == null) ns.add(pod.metadata.namespace ?? 'default');
  let selector = selectorFromLabelSelector(t.labelSelector);
  // matchLabelKeys / mismatchLabelKeys: the pod's own values for those keys join the selector.
  const extra: Array<{ key: string; operator: 'In' | 'NotIn'; values: string[] }> = [];
  for (const k of t.matchLabelKeys ?? []) {
    const v = pod.metadata.labels?.[k];
    if (v !== undefined) extra.push({ key: k, operator: 'In', values: [v] });
  }
  for (const k of t.mismatchLabelKeys ?? []) {
    const v = pod.metadata.labels?.[k];
    if (v !== undefined) extra.push({ key: k, operator: 'NotIn', values: [v] });
  }
  if (extra.length && t.labelSelector) {
    selector = selectorFromLabelSelector({
      matchLabels: t.labelSelector.matchLabels,
      matchExpressions: [...(t.labelSelector.matchExpressions ?? []), ...extra],
    });
  }
  const nsSel = t.namespaceSelector == null ? Nothing : selectorFromLabelSelector(t.namespaceSelector);
  return new AffinityTerm(ns, selector, t.topologyKey, nsSel);
}

let podInfoSeq = 0;

export class PodInfo {
  readonly key: string;
  readonly requiredAffinityTerms: AffinityTerm[];
  readonly requiredAntiAffinityTerms: AffinityTerm[];
  readonly preferredAffinityTerms: WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[];
  /** Requests for fitting (PodRequests). */
  readonly requests: Resource;
  /** cpu/memory with the scheduler's defaults for unset requests, for scoring. */
  readonly nonZeroRequests: Resource;
  readonly priority: number;
  /** Set when a term could not be parsed: the pod is then unschedulable. */
  readonly parseError: string | undefined;
  readonly seq = ++podInfoSeq;

  private _pod: Pod;
  /** The pod; replaced only by an equal one (adoptIfUnchanged). */
  get pod(): Pod {
    return this._pod;
  }

  /** parsed: a PodInfo of the same pod but for spec.nodeName, whose parsed fields hold for this one too. */
  constructor(pod: Pod, parsed?: PodInfo) {
    this._pod = pod;
    this.key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    this.priority = pod.spec?.priority ?? 0;
    if (parsed) {
      this.requiredAffinityTerms = parsed.requiredAffinityTerms;
      this.requiredAntiAffinityTerms = parsed.requiredAntiAffinityTerms;
      this.preferredAffinityTerms = parsed.preferredAffinityTerms;
      this.preferredAntiAffinityTerms = parsed.preferredAntiAffinityTerms;
      this.requests = parsed.requests;
      this.nonZeroRequests = parsed.nonZeroRequests;
      this.parseError = parsed.parseError;
      return;
    }
    let err: string | undefined;
    const parse = <T>(f: () => T[]): T[] => {
      try {
        return f();
      } catch (e) {
        err ??= (e as Error).message;
        return [];
      }
    };
    const a = pod.spec?.affinity;
    this.requiredAffinityTerms = parse(() => (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t)));
    this.requiredAntiAffinityTerms = parse(() => (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t)));
    this.preferredAffinityTerms = parse(() =>
      (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({ weight: w.weight, term: affinityTerm(pod, w.podAffinityTerm) })),
    );
    this.preferredAntiAffinityTerms = parse(() =>
      (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({ weight: w.weight, term: affinityTerm(pod, w.podAffinityTerm) })),
    );
    let req = new Resource();
    let nz = new Resource();
    try {
      req = podRequests(pod);
      nz = podRequests(pod, true);
    } catch (e) {
      err ??= (e as Error).message;
    }
    this.requests = req;
    this.nonZeroRequests = nz;
    this.parseError = err;
  }

  /** The PodInfo of this pod placed on nodeName (what the scheduler assumes), sharing what was parsed. */
  boundTo(nodeName: string): PodInfo {
    const p = this._pod;
    return new PodInfo({ ...p, spec: { ...p.spec!, nodeName } }, this);
  }

  /**
   * Takes a newer version of the same pod when nothing the scheduler parsed from it changed
   * (the informer's copy of a pod it assumed): the derived fields stay valid. Returns whether
   * it did.
   */
  adoptIfUnchanged(pod: Pod): boolean {
    const a = this._pod;
    if (
      podKey(pod) !== this.key ||
      !!a.metadata.deletionTimestamp !== !!pod.metadata.deletionTimestamp ||
      !deepEqual(a.metadata.labels, pod.metadata.labels) ||
      !deepEqual(a.spec, pod.spec)
    ) {
      return false;
    }
    this._pod = pod;
    return true;
  }

  get hasAffinity(): boolean {
    return (
      this.requiredAffinityTerms.length > 0 ||
      this.requiredAntiAffinityTerms.length > 0 ||
      this.preferredAffinityTerms.length > 0 ||
      this.preferredAntiAffinityTerms.length > 0
    );
  }
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** Structural equality of JSON values (what a watch event decodes to). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let n = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    n++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) n--;
  return n === 0;
}
