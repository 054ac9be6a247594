// mk annotate TYPE NAME k=v k2- [--overwrite]
import type { CommandModule } from '../cli/command.js';
import { metadataCommand } from './metadata-edit.js';

export const flags: CommandModule['flags'] = metadataCommand('annotations').flags;
export const help = `Update the annotations on one or more resources.

Examples:
  mk annotate pods foo description='my frontend'
  mk annotate pods foo description-

Usage:
  mk annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]`;
export const run = metadataCommand('annotations').run;
