// A pflag-style parser (the library kubectl uses): flags may come anywhere, `--f=v`, `--f v`,
// `-n v`, `-n=v`, `-nv`, bools as `--f` or `--f=false`, and `--` ends flag parsing.
import { CliError } from './errors.js';
import { suggest } from './suggest.js';

export type FlagType = 'string' | 'bool' | 'int' | 'stringArray';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  usage: string;
  default?: string | boolean | number | string[];
  /** Value used when the flag is given with no `=value` (e.g. `--dry-run` means `client`). */
  noOptDefault?: string;
}

export type FlagValue = string | boolean | number | string[];
export type FlagValues = Record<string, FlagValue | undefined>;

export interface ParsedArgs {
  args: string[];
  flags: FlagValues;
  /** Arguments after `--` (for `run ... -- cmd args` and `exec`). */
  dashArgs?: string[];
  /** Flags that were given explicitly. */
  changed: Set<string>;
}

/** pflag's name of a flag in its errors: `-w, --watch` or `--chunk-size`. */
const flagTitle = (spec: FlagSpec): string => (spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`);

function setValue(spec: FlagSpec, raw: string, flags: FlagValues): void {
  switch (spec.type) {
    case 'bool': {
      if (raw !== 'true' && raw !== 'false' && raw !== '1' && raw !== '0') {
        throw new CliError(`invalid argument "${raw}" for "${flagTitle(spec)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
      }
      flags[spec.name] = raw === 'true' || raw === '1';
      return;
    }
    case 'int': {
      if (!/^-?\d+$/.test(raw)) {
        throw new CliError(`invalid argument "${raw}" for "${flagTitle(spec)}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      }
      flags[spec.name] = Number(raw);
      return;
    }
    case 'stringArray': {
      const prev = flags[spec.name];
      flags[spec.name] = [...(Array.isArray(prev) ? prev : []), raw];
      return;
    }
    default:
      flags[spec.name] = raw;
  }
}

/**
 * Parse argv against specs. `stopAtFirstArg` stops at the first positional (used for the
 * global flags that come before the verb); the rest is returned in args unparsed.
 */
export function parseFlags(argv: string[], specs: FlagSpec[], commandPath: string, stopAtFirstArg = false): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  // A command's own flag shadows a global one of the same name (`create clusterrolebinding --user`).
  for (const s of specs) {
    if (!byName.has(s.name)) byName.set(s.name, s);
    if (s.short && !byShort.has(s.short)) byShort.set(s.short, s);
  }
  const flags: FlagValues = {};
  for (const s of byName.values()) if (s.default !== undefined) flags[s.name] = Array.isArray(s.default) ? [...s.default] : s.default;
  const changed = new Set<string>();
  const args: string[] = [];
  let dashArgs: string[] | undefined;
  const seenArrays = new Set<string>();

  const assign = (spec: FlagSpec, raw: string): void => {
    if (spec.type === 'stringArray' && !seenArrays.has(spec.name)) {
      seenArrays.add(spec.name);
      flags[spec.name] = [];
    }
    try {
      setValue(spec, raw, flags);
    } catch (e) {
      // cobra's flag errors: `Error: ...` and the usage hint.
      throw e instanceof CliError ? new CliError(`Error: ${e.message}\n${usageHint}`, 1, true) : e;
    }
    changed.add(spec.name);
  };
  const usageHint = `See '${commandPath} --help' for usage.`;

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      dashArgs = argv.slice(i + 1);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byName.get(name);
      if (!spec) {
        if (stopAtFirstArg) return { args: argv.slice(i), flags, changed, dashArgs };
        const near = suggest(name, [...byName.keys()]);
        throw new CliError(`Error: unknown flag: --${name}${near ? `\nDid you mean --${near}?` : ''}\n${usageHint}`, 1, true);
      }
      if (eq >= 0) assign(spec, a.slice(eq + 1));
      else if (spec.type === 'bool') assign(spec, 'true');
      else if (spec.noOptDefault !== undefined) assign(spec, spec.noOptDefault);
      else {
        if (i + 1 >= argv.length) throw new CliError(`Error: flag needs an argument: --${name}\n${usageHint}`, 1, true);
        assign(spec, argv[++i]);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      // A group of shorthands: -it, -n=ns, -nns, -n ns.
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const spec = byShort.get(c);
        if (!spec) {
          if (stopAtFirstArg) return { args: argv.slice(i), flags, changed, dashArgs };
          throw new CliError(`Error: unknown shorthand flag: '${c}' in ${a}\n${usageHint}`, 1, true);
        }
        const rest = a.slice(j + 1);
        if (spec.type === 'bool') {
          if (rest.startsWith('=')) {
            assign(spec, rest.slice(1));
            break;
          }
          assign(spec, 'true');
          continue;
        }
        if (rest.length > 0) assign(spec, rest.startsWith('=') ? rest.slice(1) : rest);
        else if (spec.noOptDefault !== undefined) assign(spec, spec.noOptDefault);
        else {
          if (i + 1 >= argv.length) throw new CliError(`Error: flag needs an argument: '${c}' in -${c}\n${usageHint}`, 1, true);
          assign(spec, argv[++i]);
        }
        break;
      }
      continue;
    }
    if (stopAtFirstArg) return { args: argv.slice(i), flags, changed, dashArgs };
    args.push(a);
  }
  return { args, flags, changed, dashArgs };
}
