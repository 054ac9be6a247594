// resource.Quantity (k8s.io/apimachinery/pkg/api/resource): exact fixed-point values held as
// BigInt nano-units, printed in Kubernetes' canonical form.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIX).map(([k, v]) => [v, k]));
const BINARY_BY_EXP = new Map<number, string>([[0, ''], ...Object.entries(BINARY_SUFFIX).map(([k, v]) => [v, k] as [number, string])]);
const FORMAT_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

function pow10(e: number): bigint {
  return 10n ** BigInt(e);
}
/** a / b rounded away from zero (inf.RoundUp), b > 0. */
function divUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a ? q : a < 0n ? q - 1n : q + 1n;
}

export class Quantity {
  /** The value in units of 10^-9. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
  private str?: string;

  constructor(nanos: bigint, format: QuantityFormat = 'DecimalSI') {
    this.nanos = nanos;
    this.format = format;
  }

  static fromMilli(milli: number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(Math.round(milli)) * 1_000_000n, format);
  }
  static fromValue(value: number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(Math.round(value)) * NANO, format);
  }

  /** Value in thousandths, rounded up (Kubernetes' MilliValue). */
  milliValue(): number {
    return Number(divUp(this.nanos, 1_000_000n));
  }
  /** Value rounded up to an integer (Kubernetes' Value). */
  value(): number {
    return Number(divUp(this.nanos, NANO));
  }
  isZero(): boolean {
    return this.nanos === 0n;
  }
  sign(): number {
    return this.nanos === 0n ? 0 : this.nanos < 0n ? -1 : 1;
  }
  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }
  /** A new Quantity; keeps this format unless this is zero (as Kubernetes' Add does). */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.nanos === 0n ? other.format : this.format);
  }
  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.nanos === 0n ? other.format : this.format);
  }
  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }
  /** @internal the parser records an input that is already canonical. */
  setString(s: string): void {
    this.str = s;
  }
  toJSON(): string {
    return this.toString();
  }

  /** Canonical form: `1500m`, `1536Mi`, `1k`, `1e3`. */
  toString(): string {
    if (this.str !== undefined) return this.str;
    let format = this.format;
    const n = this.nanos;
    if (format === 'BinarySI') {
      // Small or fractional binary values print in decimal, as Kubernetes does.
      if ((n > -1024n * NANO && n < 1024n * NANO) || n % NANO !== 0n) format = 'DecimalSI';
    }
    if (format === 'BinarySI') {
      let v = n / NANO;
      let exp = 0;
      while (exp < 60 && v !== 0n && v % 1024n === 0n) {
        v /= 1024n;
        exp += 10;
      }
      return (this.str = `${v}${BINARY_BY_EXP.get(exp)}`);
    }
    if (n === 0n) return (this.str = '0');
    let m = n;
    let exp = -9;
    while (m % 10n === 0n) {
      m /= 10n;
      exp++;
    }
    // Exponent down to a multiple of 3.
    const r = ((exp % 3) + 3) % 3;
    m *= pow10(r);
    exp -= r;
    if (format === 'DecimalExponent') return (this.str = exp === 0 ? `${m}` : `${m}e${exp}`);
    if (exp > 18) {
      m *= pow10(exp - 18);
      exp = 18;
    }
    return (this.str = `${m}${DECIMAL_BY_EXP.get(exp)}`);
  }
}

// Fast path for the common shapes (`500m`, `128Mi`, `2`): one BigInt multiply, and the
// input kept as the printed form when it is already canonical.
const SIMPLE_RE = /^(0|[1-9][0-9]{0,14})(m|k|M|G|T|P|E|n|u|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const NANOS_PER: Record<string, bigint> = {};
for (const [k, e] of Object.entries(DECIMAL_SUFFIX)) NANOS_PER[k] = e >= -9 ? pow10(e + 9) : 1n;
for (const [k, e] of Object.entries(BINARY_SUFFIX)) NANOS_PER[k] = 2n ** BigInt(e) * NANO;

function parseSimple(s: string): Quantity | undefined {
  const m = SIMPLE_RE.exec(s);
  if (!m) return undefined;
  const digits = m[1];
  const suffix = m[2] ?? '';
  const binary = suffix.length === 2;
  const q = new Quantity(BigInt(digits) * NANOS_PER[suffix], binary ? 'BinarySI' : 'DecimalSI');
  // Already canonical: decimal mantissas without a removable 000, binary ones not a multiple of 1024.
  if (digits === '0') q.setString('0');
  else if (binary ? Number(digits) % 1024 !== 0 : !digits.endsWith('000')) q.setString(s);
  return q;
}

/** Parse a quantity; throws Error with Kubernetes' message on bad syntax. */
const PARSED = new Map<string, Quantity>();

export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'string') {
    // Quantities are immutable and the same few strings recur ("100m", "128Mi"): reuse them.
    const hit = PARSED.get(input);
    if (hit) return hit;
    const fast = parseSimple(input);
    if (fast) {
      if (PARSED.size >= 4096) PARSED.clear();
      PARSED.set(input, fast);
      return fast;
    }
  }
  const s = typeof input === 'number' ? numberText(input) : input.trim();
  if (s.length === 0) throw new Error(QUANTITY_FORMAT_ERROR);
  const m = FORMAT_RE.exec(s);
  if (!m) throw new Error(QUANTITY_FORMAT_ERROR);
  let num = m[1];
  const suffix = m[2];
  let neg = false;
  if (num[0] === '+' || num[0] === '-') {
    neg = num[0] === '-';
    num = num.slice(1);
  }
  const dot = num.indexOf('.');
  if (dot !== num.lastIndexOf('.') || num === '.') throw new Error(QUANTITY_FORMAT_ERROR);
  const intPart = dot < 0 ? num : num.slice(0, dot);
  const fracPart = dot < 0 ? '' : num.slice(dot + 1);

  let format: QuantityFormat;
  let base: 10n | 2n = 10n;
  let exp: number;
  if (suffix in DECIMAL_SUFFIX) {
    format = 'DecimalSI';
    exp = DECIMAL_SUFFIX[suffix];
  } else if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    base = 2n;
    exp = BINARY_SUFFIX[suffix];
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    exp = Number(suffix.slice(1));
  } else {
    throw new Error(QUANTITY_SUFFIX_ERROR);
  }
  // digits / 10^len(frac) * base^exp, then in nano units rounded up.
  let numer = BigInt((intPart || '0') + fracPart) * NANO;
  let denom = pow10(fracPart.length);
  if (base === 2n) numer *= 2n ** BigInt(exp);
  else if (exp >= 0) numer *= pow10(exp);
  else denom *= pow10(-exp);
  let nanos = divUp(numer, denom);
  if (neg) nanos = -nanos;
  return new Quantity(nanos, format);
}

/** Non-throwing variant for validation: the Quantity, or the error message. */
export function tryParseQuantity(input: unknown): Quantity | string {
  if (typeof input !== 'string' && typeof input !== 'number') return QUANTITY_FORMAT_ERROR;
  try {
    return parseQuantity(input);
  } catch (e) {
    return (e as Error).message;
  }
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(QUANTITY_FORMAT_ERROR);
  // JSON numbers like 1e+21 print with '+', which the regex accepts in the suffix.
  return String(n).replace('e+', 'e');
}

/** Canonical string of a wire quantity, or the input unchanged when it does not parse. */
export function canonicalQuantity(v: string | number): string | number {
  const q = tryParseQuantity(v);
  return typeof q === 'string' ? v : q.toString();
}
