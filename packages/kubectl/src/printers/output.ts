// -o formats other than tables: yaml, json, name, jsonpath, custom-columns, go-template.
import type { KubeObject } from '@mk/api';
import { objectName, type OutputFormat } from './format.js';
import { CliError } from '../cli/errors.js';
import { goTemplate } from './gotemplate.js';
import { jsonpath, jsonpathValues } from './jsonpath.js';
import { asList, toJson, toYaml } from './serialize.js';
import { formatColumns } from './tabwriter.js';
import { goValue } from './goformat.js';

export { parseOutput, objectName } from './format.js';
export type { OutputFormat, OutputKind } from './format.js';

/** Print objects in a non-table format; `single` prints one object rather than a List. */
export function printObjects(objs: KubeObject[], f: OutputFormat, single: boolean, noHeaders = false): string {
  const data = single && objs.length === 1 ? objs[0] : asList(objs);
  switch (f.kind) {
    case 'yaml':
      return toYaml(data);
    case 'json':
      return toJson(data);
    case 'name':
      return objs.map((o) => `${objectName(o)}\n`).join('');
    case 'jsonpath':
      return jsonpath(f.template!, data);
    case 'go-template':
      return goTemplate(f.template!, data);
    case 'custom-columns':
      return customColumns(f.template!, objs, noHeaders);
    default:
      throw new CliError(`unsupported output format ${f.kind}`);
  }
}

export function customColumns(spec: string, objs: KubeObject[], noHeaders: boolean): string {
  const cols = spec.split(',').map((c) => {
    const i = c.indexOf(':');
    if (i < 0) throw new CliError(`unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    return { header: c.slice(0, i), path: c.slice(i + 1) };
  });
  const rows: string[][] = noHeaders ? [] : [cols.map((c) => c.header)];
  for (const o of objs) {
    rows.push(
      cols.map((c) => {
        const vals = jsonpathValues(c.path.startsWith('.') || c.path.startsWith('{') ? c.path : `.${c.path}`, o);
        if (!vals.length) return '<none>';
        return vals.map(goValue).join(',');
      }),
    );
  }
  return formatColumns(rows);
}
