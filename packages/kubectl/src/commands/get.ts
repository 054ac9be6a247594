// mk get: server-side Table output like kubectl, plus -o formats, -w, -A, -l, --sort-by.
import type { KubeList, KubeObject, ResourceInfo, WatchEvent } from '@mk/api';
import { resourcePath } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { kindName, openSession, parseTypeArgs, resourceArg, type Session, type TypedName } from '../cli/session.js';
import { renderError } from '../cli/render-error.js';
import { parseOutput, type OutputFormat } from '../printers/format.js';
import { isTable, printTable, tableRows, type TableLike } from '../printers/table.js';
import { defaultTable } from '../printers/default-table.js';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export const flags: CommandModule['flags'] = [
  { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (json, yaml, name, go-template, jsonpath, custom-columns, wide).' },
  { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.' },
  { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on, supports \'=\', \'==\', and \'!=\'.' },
  { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'If present, list the requested object(s) across all namespaces.' },
  { name: 'watch', short: 'w', type: 'bool', usage: 'After listing/getting the requested object, watch for changes.' },
  { name: 'watch-only', type: 'bool', usage: 'Watch for changes to the requested object(s), without listing/getting first.' },
  { name: 'show-labels', type: 'bool', usage: 'When printing, show all labels as the last column.' },
  { name: 'label-columns', short: 'L', type: 'stringArray', usage: 'Accepts a comma separated list of labels that are going to be presented as columns.' },
  { name: 'show-kind', type: 'bool', usage: 'If present, list the resource type for the requested object(s).' },
  { name: 'sort-by', type: 'string', usage: 'If non-empty, sort list types using this field specification (a JSONPath expression).' },
  { name: 'no-headers', type: 'bool', usage: 'When using the default or custom-column output format, don\'t print headers.' },
  { name: 'ignore-not-found', type: 'bool', usage: 'If the requested object does not exist the command will return exit code 0.' },
  { name: 'filename', short: 'f', type: 'stringArray', usage: 'Filename, directory, or URL to files identifying the resource to get from a server.' },
  { name: 'recursive', short: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively.' },
  { name: 'chunk-size', type: 'int', usage: 'Return large lists in chunks rather than all at once.' },
];

export const help = `Display one or many resources.

Examples:
  mk get pods -o wide
  mk get deployments,services -n kube-system
  mk get pod web -o jsonpath='{.status.podIP}'

Usage:
  mk get [(-o|--output=)json|yaml|name|go-template|jsonpath|custom-columns|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]`;

const RESOURCE_TYPES_HELP = `You must specify the type of resource to get. Use "mk api-resources" for a complete list of supported resources.`;

interface Fetched {
  resource: ResourceInfo;
  table?: TableLike;
  objects: KubeObject[];
  resourceVersion?: string;
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const out = parseOutput(str(f, 'output'));
  const tableOut = out.kind === 'table' || out.kind === 'wide';
  const allNs = bool(f, 'all-namespaces');
  const s = openSession(ctx.global);
  const files = arr(f, 'filename');
  let targets: TypedName[];
  if (files.length) {
    const { loadManifests } = await import('../cli/manifests.js');
    const ms = await loadManifests(files, bool(f, 'recursive'), 'get');
    targets = [];
    for (const m of ms) {
      const r = resourceArg(`${m.object.kind}.${(m.object.apiVersion ?? '').includes('/') ? m.object.apiVersion!.split('/')[0] : ''}`.replace(/\.$/, ''));
      targets.push({ resource: r, names: [m.object.metadata.name ?? ''] });
    }
  } else {
    if (ctx.args.length === 0) throw new CliError(RESOURCE_TYPES_HELP);
    targets = parseTypeArgs(ctx.args);
  }
  if ((bool(f, 'watch') || bool(f, 'watch-only')) && new Set(targets.map((t) => t.resource)).size > 1) {
    throw new CliError('you may only specify a single resource type');
  }
  const multi = targets.length > 1 || ctx.args[0] === 'all' || bool(f, 'show-kind') || ctx.args.some((a) => a.includes('/')) && new Set(targets.map((t) => t.resource)).size > 1;
  const sortBy = str(f, 'sort-by');
  // Rows carry each object's metadata only when a column needs it (namespace, labels); the
  // whole object only for --sort-by. Less to send and parse for a plain table.
  const needsMeta = allNs || bool(f, 'show-labels') || arr(f, 'label-columns').length > 0;
  const includeObject = sortBy ? 'Object' : needsMeta ? undefined : 'None';
  const errors: string[] = [];
  const fetched: Fetched[] = [];
  let anyNamed = false;

  for (const t of targets) {
    const r = t.resource;
    const ns = r.namespaced && !allNs ? s.namespace : undefined;
    if (t.names.length) {
      anyNamed = true;
      const objs: KubeObject[] = [];
      let table: TableLike | undefined;
      for (const name of t.names) {
        try {
          if (tableOut) {
            const got = await s.client.request<unknown>('GET', resourcePath(r, r.namespaced ? s.namespace : undefined, name) + query({ includeObject }), undefined, { accept: TABLE_ACCEPT });
            const tb = isTable(got) ? got : defaultTable([got as KubeObject]);
            if (!table) table = tb;
            else table.rows.push(...tb.rows);
          } else objs.push(await s.client.get(r, r.namespaced ? s.namespace : undefined, name));
        } catch (e) {
          if (bool(f, 'ignore-not-found') && (e as { code?: number }).code === 404) continue;
          errors.push(renderError(e).message);
        }
      }
      fetched.push({ resource: r, table, objects: objs });
      continue;
    }
    const q = { labelSelector: str(f, 'selector'), fieldSelector: str(f, 'field-selector') };
    if (tableOut) {
      const got = await s.client.request<unknown>('GET', resourcePath(r, ns) + query({ ...q, includeObject }), undefined, { accept: TABLE_ACCEPT });
      const table = isTable(got) ? got : defaultTable((got as KubeList).items ?? []);
      fetched.push({ resource: r, table, objects: [], resourceVersion: (got as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion });
    } else {
      const list = await s.client.list(r, { namespace: ns, ...q });
      fetched.push({ resource: r, objects: list.items, resourceVersion: list.metadata.resourceVersion });
    }
  }

  if (sortBy) {
    // The JSONPath evaluator is loaded only when sorting.
    const { jsonpathValues } = await import('../printers/jsonpath.js');
    for (const fe of fetched) sortFetched(fe, sortBy, jsonpathValues);
  }

  let text = '';
  if (tableOut) {
    const blocks: string[] = [];
    for (const fe of fetched) {
      if (!fe.table || fe.table.rows.length === 0) continue;
      const withNamespace = allNs && fe.resource.namespaced;
      blocks.push(
        printTable(fe.table, {
          wide: out.kind === 'wide',
          kindPrefix: multi ? kindName(fe.resource) : undefined,
          withNamespace,
          showLabels: bool(f, 'show-labels'),
          noHeaders: bool(f, 'no-headers'),
          labelColumns: arr(f, 'label-columns').flatMap((l) => l.split(',')),
        }),
      );
    }
    text = blocks.join('\n');
  } else {
    const { printObjects } = await import('../printers/output.js');
    const objs = fetched.flatMap((fe) => fe.objects);
    const single = anyNamed && targets.length === 1 && targets[0].names.length === 1;
    // An empty list still prints as an empty List in yaml/json (as kubectl does).
    if (objs.length) text = printObjects(objs, out, single, bool(f, 'no-headers'));
    else if ((out.kind === 'yaml' || out.kind === 'json') && !anyNamed) text = printObjects([], out, false);
  }
  if (!bool(f, 'watch-only')) process.stdout.write(text);
  const printedSomething = fetched.some((fe) => (fe.table?.rows.length ?? 0) > 0 || fe.objects.length > 0);
  const watching = bool(f, 'watch') || bool(f, 'watch-only');
  // kubectl -w prints nothing for an empty list: the header comes with the first event.
  if (!printedSomething && !watching && errors.length === 0 && !anyNamed && (tableOut || out.kind === 'name')) {
    const nsd = targets.some((t) => t.resource.namespaced);
    process.stderr.write(nsd && !allNs ? `No resources found in ${s.namespace} namespace.\n` : 'No resources found\n');
  }
  for (const e of errors) process.stderr.write(`${e}\n`);
  if (errors.length) return 1;

  if (bool(f, 'watch') || bool(f, 'watch-only')) {
    await watchLoop(s, fetched, out, ctx, allNs, multi);
  }
  return 0;
}

function sortFetched(fe: Fetched, sortBy: string, jsonpathValues: (path: string, obj: unknown) => unknown[]): void {
  const key = (o: unknown): unknown => jsonpathValues(sortBy, o)[0];
  const cmp = (a: unknown, b: unknown): number => {
    if (a === b) return 0;
    if (a === undefined) return -1;
    if (b === undefined) return 1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const qa = quantity(a);
    const qb = quantity(b);
    if (qa !== undefined && qb !== undefined) return qa - qb;
    return String(a) < String(b) ? -1 : 1;
  };
  fe.objects.sort((a, b) => cmp(key(a), key(b)));
  if (fe.table) fe.table.rows.sort((a, b) => cmp(key(a.object), key(b.object)));
}

// Quantities (`100m`, `1Gi`) sort by value, as kubectl's sorter does.
function quantity(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.exec(v);
  if (!m) return undefined;
  const mult: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return Number(m[1]) * (m[2] ? mult[m[2]] : 1);
}

/**
 * kubectl's tabwriter with RememberWidths: each flush pads columns to the widest cell seen so
 * far, so rows printed as a watch goes on stay aligned with the header.
 */
class RememberingColumns {
  private widths: number[] = [];
  format(rows: string[][]): string {
    for (const r of rows) for (let i = 0; i < r.length - 1; i++) this.widths[i] = Math.max(this.widths[i] ?? 6, r[i].length + 3);
    return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(this.widths[i]) : c)).join('').trimEnd() + '\n').join('');
  }
}

async function watchLoop(s: Session, fetched: Fetched[], out: OutputFormat, ctx: CommandContext, allNs: boolean, multi: boolean): Promise<void> {
  const f = ctx.flags;
  const tableOut = out.kind === 'table' || out.kind === 'wide';
  const fe = fetched[0];
  if (!fe) return;
  const r = fe.resource;
  const ns = r.namespaced && !allNs ? s.namespace : undefined;
  const names = ctx.args.length > 1 && !ctx.args[0].includes('/') ? ctx.args.slice(1) : ctx.args.filter((a) => a.includes('/')).map((a) => a.slice(a.indexOf('/') + 1));
  const opts = (noHeaders: boolean) => ({
    wide: out.kind === 'wide',
    kindPrefix: multi ? kindName(r) : undefined,
    withNamespace: allNs && r.namespaced,
    showLabels: bool(f, 'show-labels'),
    noHeaders: noHeaders || bool(f, 'no-headers'),
    labelColumns: arr(f, 'label-columns').flatMap((l) => l.split(',')),
  });
  // Loaded here: logs.js needs node:https, which a plain `get` should not pay for.
  const { openStream } = await import('./logs.js');
  const { printObjects } = await import('../printers/output.js');
  const columns = new RememberingColumns();
  let columnDefinitions: TableLike['columnDefinitions'] = fe.table?.columnDefinitions ?? [];
  let headerPrinted = false;
  if (tableOut && fe.table && fe.table.rows.length && !bool(f, 'watch-only')) {
    // The list again, through the remembering writer, so later rows line up with it.
    headerPrinted = true;
  }
  const params = new URLSearchParams({ watch: '1', allowWatchBookmarks: 'true' });
  if (str(f, 'selector')) params.set('labelSelector', str(f, 'selector')!);
  const fieldSelectors = [str(f, 'field-selector'), names.length === 1 ? `metadata.name=${names[0]}` : undefined].filter(Boolean);
  if (fieldSelectors.length) params.set('fieldSelector', fieldSelectors.join(','));
  let rv = fe.resourceVersion ?? '0';
  // Where the list gave no version (a named get), the watch starts now and its first event
  // repeats the object already printed: skip it, as kubectl does.
  let skipFirstAdded = !fe.resourceVersion && headerPrinted;
  const seed = fe.table && headerPrinted ? tableRows(fe.table, opts(bool(f, 'no-headers'))) : [];
  // Rows printed above went through formatColumns; remember their widths.
  if (seed.length) columns.format(seed);
  for (;;) {
    params.set('resourceVersion', rv);
    const res = await openStream(s, `${resourcePath(r, ns)}?${params.toString()}`, tableOut ? TABLE_ACCEPT : 'application/json');
    let buf = '';
    let gone = false;
    await new Promise<void>((resolve, reject) => {
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          const ev = JSON.parse(line) as { type: string; object: Record<string, unknown> };
          if (ev.type === 'BOOKMARK') {
            rv = ((ev.object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion) ?? rv;
            continue;
          }
          if (ev.type === 'ERROR') {
            const st = ev.object as { code?: number; message?: string };
            if (st.code === 410) {
              gone = true;
              res.destroy();
              resolve();
              return;
            }
            reject(Object.assign(new Error(st.message ?? 'watch error'), { status: st }));
            return;
          }
          if (skipFirstAdded && ev.type === 'ADDED') {
            skipFirstAdded = false;
            continue;
          }
          skipFirstAdded = false;
          if (!tableOut) {
            const obj = ev.object as unknown as KubeObject;
            rv = obj.metadata?.resourceVersion ?? rv;
            if (names.length && !names.includes(obj.metadata?.name ?? '')) continue;
            process.stdout.write(out.kind === 'yaml' ? `---\n${printObjects([obj], out, true)}` : printObjects([obj], out, true));
            continue;
          }
          const tb = isTable(ev.object) ? (ev.object as unknown as TableLike) : defaultTable([ev.object as unknown as KubeObject]);
          // The server sends the column definitions with the first event only.
          if (tb.columnDefinitions?.length) columnDefinitions = tb.columnDefinitions;
          else tb.columnDefinitions = columnDefinitions;
          const meta = tb.rows[0]?.object?.metadata;
          rv = meta?.resourceVersion ?? rv;
          if (names.length && meta?.name && !names.includes(meta.name)) continue;
          process.stdout.write(columns.format(tableRows(tb, opts(headerPrinted))));
          headerPrinted = true;
        }
      });
      res.on('end', resolve);
      res.on('error', reject);
    });
    // The server ends watches now and then: resume from the last version seen; after 410 Gone,
    // from now.
    if (gone) rv = '0';
  }
}
