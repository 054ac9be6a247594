// /openapi/v2 as protocol buffers: client-go's discovery client (and so kubectl's
// validation and `explain --output plaintext-openapiv2`) asks for
// application/com.github.proto-openapi.spec.v2@v1.0+protobuf and decodes gnostic's
// openapi_v2.Document (github.com/google/gnostic-models, OpenAPIv2.proto). This encodes the
// subset of that message Kubernetes' documents use; vendor extensions travel as YAML text
// (JSON is YAML), as kube-openapi writes them.
import type { JSONObject, JSONValue } from './documents.js';

class Writer {
  private chunks: Buffer[] = [];
  private varint(n: number): void {
    const bytes: number[] = [];
    let v = n;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.chunks.push(Buffer.from(bytes));
  }
  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }
  string(field: number, s: string | undefined): this {
    if (s === undefined || s === '') return this;
    const b = Buffer.from(s, 'utf8');
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
    return this;
  }
  strings(field: number, list: readonly string[] | undefined): this {
    for (const s of list ?? []) {
      const b = Buffer.from(s, 'utf8');
      this.tag(field, 2);
      this.varint(b.length);
      this.chunks.push(b);
    }
    return this;
  }
  bool(field: number, v: boolean | undefined): this {
    if (!v) return this;
    this.tag(field, 0);
    this.varint(1);
    return this;
  }
  message(field: number, m: Writer | undefined): this {
    if (!m) return this;
    const b = m.finish();
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
    return this;
  }
  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const w = () => new Writer();
const isObj = (v: JSONValue | undefined): v is JSONObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: JSONValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const strList = (v: JSONValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** NamedAny { name = 1; Any value = 2 { string yaml = 2 } } for each `x-` key. */
function vendorExtensions(out: Writer, field: number, o: JSONObject): void {
  for (const [k, v] of Object.entries(o)) {
    if (!k.startsWith('x-')) continue;
    out.message(field, w().string(1, k).message(2, w().string(2, `${JSON.stringify(v)}\n`)));
  }
}

/** Schema message. */
function schema(s: JSONObject): Writer {
  const m = w();
  m.string(1, str(s.$ref)).string(2, str(s.format)).string(3, str(s.title)).string(4, str(s.description));
  m.strings(19, strList(s.required));
  const ap = s.additionalProperties;
  if (isObj(ap)) m.message(21, w().message(1, schema(ap)));
  else if (typeof ap === 'boolean') m.message(21, w().bool(2, ap));
  if (typeof s.type === 'string') m.message(22, w().strings(1, [s.type]));
  if (isObj(s.items)) m.message(23, w().message(1, schema(s.items)));
  if (Array.isArray(s.allOf)) for (const a of s.allOf) if (isObj(a)) m.message(24, schema(a));
  if (isObj(s.properties)) {
    const props = w();
    for (const [name, p] of Object.entries(s.properties)) if (isObj(p)) props.message(1, w().string(1, name).message(2, schema(p)));
    m.message(25, props);
  }
  vendorExtensions(m, 31, s);
  return m;
}

/** ParametersItem { Parameter parameter = 1 { BodyParameter = 1 | NonBodyParameter = 2 } }. */
function parameter(p: JSONObject): Writer {
  const where = str(p.in);
  let param: Writer;
  if (where === 'body') {
    const body = w().string(1, str(p.description)).string(2, str(p.name)).string(3, where).bool(4, p.required === true);
    if (isObj(p.schema)) body.message(5, schema(p.schema));
    param = w().message(1, body);
  } else if (where === 'path') {
    // PathParameterSubSchema: required 1, in 2, description 3, name 4, type 5, unique_items 19.
    const sub = w().bool(1, true).string(2, where).string(3, str(p.description)).string(4, str(p.name)).string(5, str(p.type)).bool(19, p.uniqueItems === true);
    param = w().message(2, w().message(4, sub));
  } else {
    // QueryParameterSubSchema: required 1, in 2, description 3, name 4, type 6, unique_items 20.
    const sub = w().bool(1, p.required === true).string(2, where).string(3, str(p.description)).string(4, str(p.name)).string(6, str(p.type)).bool(20, p.uniqueItems === true);
    param = w().message(2, w().message(3, sub));
  }
  return w().message(1, param);
}

function operation(op: JSONObject): Writer {
  const m = w();
  m.strings(1, strList(op.tags)).string(3, str(op.description)).string(5, str(op.operationId));
  m.strings(6, strList(op.produces)).strings(7, strList(op.consumes));
  if (Array.isArray(op.parameters)) for (const p of op.parameters) if (isObj(p)) m.message(8, parameter(p));
  if (isObj(op.responses)) {
    const responses = w();
    for (const [code, r] of Object.entries(op.responses)) {
      if (!isObj(r)) continue;
      const resp = w().string(1, str(r.description));
      if (isObj(r.schema)) resp.message(2, w().message(1, schema(r.schema)));
      responses.message(1, w().string(1, code).message(2, w().message(1, resp)));
    }
    m.message(9, responses);
  }
  m.strings(10, strList(op.schemes));
  vendorExtensions(m, 13, op);
  return m;
}

const METHOD_FIELD: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

function pathItem(item: JSONObject): Writer {
  const m = w();
  for (const [method, field] of Object.entries(METHOD_FIELD)) {
    const op = item[method];
    if (isObj(op)) m.message(field, operation(op));
  }
  if (Array.isArray(item.parameters)) for (const p of item.parameters) if (isObj(p)) m.message(9, parameter(p));
  return m;
}

/** The gnostic openapi_v2.Document encoding of a Swagger 2.0 document. */
export function encodeOpenAPIV2(doc: JSONObject): Buffer {
  const m = w();
  m.string(1, str(doc.swagger));
  if (isObj(doc.info)) m.message(2, w().string(1, str(doc.info.title)).string(2, str(doc.info.version)));
  if (isObj(doc.paths)) {
    const paths = w();
    for (const [p, item] of Object.entries(doc.paths)) if (isObj(item)) paths.message(2, w().string(1, p).message(2, pathItem(item)));
    m.message(8, paths);
  }
  if (isObj(doc.definitions)) {
    const defs = w();
    for (const [name, s] of Object.entries(doc.definitions)) if (isObj(s)) defs.message(1, w().string(1, name).message(2, schema(s)));
    m.message(9, defs);
  }
  return m.finish();
}
