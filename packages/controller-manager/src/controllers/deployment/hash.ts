// The pod-template-hash (controller.ComputeHash): fnv-32a of the pod template, plus the
// collisionCount when there is one, rendered as a decimal string through the "safe" alphabet
// of k8s.io/apimachinery/pkg/util/rand (no vowels, no 0/1/3: no words, no look-alikes).
// Kubernetes hashes a spew dump of the Go struct; mk hashes the template's canonical JSON,
// so the value differs from Kubernetes' for the same template while the form is the same.
import type { PodTemplateSpec } from '@mk/api';
import { canonicalJSON } from '../../util/owner.js';

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJSON(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}
