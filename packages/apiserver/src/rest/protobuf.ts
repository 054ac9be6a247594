// Decoding of Kubernetes' protobuf wire format (application/vnd.kubernetes.protobuf) into the
// JSON form of an object. kubectl's typed clients (create deployment|namespace|secret|...,
// drain) send protobuf bodies and do not fall back to JSON, so the apiserver must read them.
// Replies stay JSON: those clients accept it.
//
// The envelope is the magic "k8s\0" followed by a runtime.Unknown {typeMeta, raw}; raw is the
// object's message. Field numbers come from the k8s.io/api generated.proto files. Only the
// messages kubectl's create and eviction commands send are described; fields of unknown
// messages or numbers are skipped (and logged by the caller), never guessed.
import { badRequest } from '@mk/api';
import { MESSAGES } from './protobuf-schema.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"
const ZERO_TIME_SECONDS = -62135596800n; // Go's time.Time{} as Unix seconds

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw badRequest('protobuf: unexpected end of varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw badRequest('protobuf: varint too long');
    }
    return result;
  }
  bytes(): [number, number] {
    const len = Number(this.varint());
    const start = this.pos;
    if (start + len > this.end) throw badRequest('protobuf: length exceeds message');
    this.pos += len;
    return [start, start + len];
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw badRequest(`protobuf: unsupported wire type ${wire}`);
  }
}

function signed(v: bigint): number {
  return Number(v >= 1n << 63n ? v - (1n << 64n) : v);
}

function readFields(buf: Buffer, start: number, end: number, each: (num: number, wire: number, r: Reader) => void): void {
  const r = new Reader(buf, start, end);
  while (!r.done()) {
    const tag = Number(r.varint());
    each(tag >>> 3, tag & 7, r);
  }
}

function str(buf: Buffer, [s, e]: [number, number]): string {
  return buf.toString('utf8', s, e);
}

function decodeMapEntry(buf: Buffer, range: [number, number], value: (b: Buffer, range: [number, number]) => unknown): [string, unknown] {
  let key = '';
  let val: unknown = '';
  readFields(buf, range[0], range[1], (num, wire, r) => {
    if (num === 1 && wire === 2) key = str(buf, r.bytes());
    else if (num === 2 && wire === 2) val = value(buf, r.bytes());
    else r.skip(wire);
  });
  return [key, val];
}

function decodeTime(buf: Buffer, range: [number, number]): string | null {
  let seconds = 0n;
  readFields(buf, range[0], range[1], (num, wire, r) => {
    if (num === 1 && wire === 0) seconds = BigInt(signed(r.varint()));
    else r.skip(wire);
  });
  // A zero metav1.Time travels as an empty Timestamp (JSON null).
  if (seconds === ZERO_TIME_SECONDS || seconds === 0n) return null;
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

function decodeQuantity(buf: Buffer, range: [number, number]): string {
  let s = '';
  readFields(buf, range[0], range[1], (num, wire, r) => {
    if (num === 1 && wire === 2) s = str(buf, r.bytes());
    else r.skip(wire);
  });
  return s;
}

function decodeIntOrString(buf: Buffer, range: [number, number]): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  readFields(buf, range[0], range[1], (num, wire, r) => {
    if (num === 1 && wire === 0) type = signed(r.varint());
    else if (num === 2 && wire === 0) intVal = signed(r.varint());
    else if (num === 3 && wire === 2) strVal = str(buf, r.bytes());
    else r.skip(wire);
  });
  return type === 1 ? strVal : intVal;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || v === null;
}

function decodeMessage(name: string, buf: Buffer, start: number, end: number, skipped: string[], path: string): Record<string, unknown> {
  const desc = MESSAGES[name];
  const out: Record<string, unknown> = {};
  const pointers = new Set<string>();
  readFields(buf, start, end, (num, wire, r) => {
    const f = desc?.[num];
    if (!f) {
      // Status on create is reset by the server anyway; selfLink (4) and managedFields (17) are server-owned.
      if (name !== 'Empty' && !(name === 'ObjectMeta' && (num === 4 || num === 17))) skipped.push(`${path}${name}#${num}`);
      r.skip(wire);
      return;
    }
    const [key, type, flags = ''] = f;
    if (flags.includes('p')) pointers.add(key);
    let value: unknown;
    if (typeof type === 'object') {
      if (wire !== 2) return r.skip(wire);
      const [s, e] = r.bytes();
      value = decodeMessage(type.msg, buf, s, e, skipped, `${path}${key}.`);
    } else {
      switch (type) {
        case 'string':
          if (wire !== 2) return r.skip(wire);
          value = str(buf, r.bytes());
          break;
        case 'bytes':
          if (wire !== 2) return r.skip(wire);
          value = buf.subarray(...r.bytes()).toString('base64');
          break;
        case 'int':
          if (wire !== 0) return r.skip(wire);
          value = signed(r.varint());
          break;
        case 'bool':
          if (wire !== 0) return r.skip(wire);
          value = r.varint() !== 0n;
          break;
        case 'time':
          if (wire !== 2) return r.skip(wire);
          value = decodeTime(buf, r.bytes());
          break;
        case 'quantity':
          if (wire !== 2) return r.skip(wire);
          value = decodeQuantity(buf, r.bytes());
          break;
        case 'intOrString':
          if (wire !== 2) return r.skip(wire);
          value = decodeIntOrString(buf, r.bytes());
          break;
        case 'mapString':
        case 'mapBytes':
        case 'mapQuantity': {
          if (wire !== 2) return r.skip(wire);
          const conv =
            type === 'mapString'
              ? (b: Buffer, rg: [number, number]) => str(b, rg)
              : type === 'mapBytes'
                ? (b: Buffer, rg: [number, number]) => b.subarray(...rg).toString('base64')
                : decodeQuantity;
          const [k, v] = decodeMapEntry(buf, r.bytes(), conv);
          const map = (out[key] ??= {}) as Record<string, unknown>;
          map[k] = v;
          return;
        }
      }
    }
    if (flags.includes('r')) ((out[key] ??= []) as unknown[]).push(value);
    else out[key] = value;
  });
  // Go's JSON omits empty non-pointer scalars (omitempty); pointers keep their zero values.
  for (const [k, v] of Object.entries(out)) {
    if (v === null || (isZero(v) && !pointers.has(k))) delete out[k];
  }
  return out;
}

export interface DecodedProtobuf {
  object: Record<string, unknown>;
  /** Fields mk does not know, as Message#number paths (dropped). */
  skipped: string[];
}

/** Decodes a `k8s\0` protobuf body. Throws 400 for malformed data, 415 for kinds mk cannot read. */
export function decodeProtobuf(buf: Buffer): DecodedProtobuf {
  if (buf.length < 4 || MAGIC.some((b, i) => buf[i] !== b)) throw badRequest('provided protobuf data does not start with the "k8s\\x00" prefix');
  let apiVersion = '';
  let kind = '';
  let raw: [number, number] | undefined;
  readFields(buf, 4, buf.length, (num, wire, r) => {
    if (num === 1 && wire === 2) {
      readFields(buf, ...r.bytes(), (n2, w2, r2) => {
        if (n2 === 1 && w2 === 2) apiVersion = str(buf, r2.bytes());
        else if (n2 === 2 && w2 === 2) kind = str(buf, r2.bytes());
        else r2.skip(w2);
      });
    } else if (num === 2 && wire === 2) raw = r.bytes();
    else r.skip(wire);
  });
  if (!MESSAGES[kind] || !raw) {
    const err = badRequest(`${kind || 'object'} in version "${apiVersion}" cannot be decoded from protobuf by mk; send JSON instead`);
    err.status.code = 415;
    err.status.reason = 'UnsupportedMediaType';
    throw err;
  }
  const skipped: string[] = [];
  const object = decodeMessage(kind, buf, raw[0], raw[1], skipped, '');
  return { object: { apiVersion, kind, ...object }, skipped };
}
