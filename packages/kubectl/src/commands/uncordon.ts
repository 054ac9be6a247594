// mk uncordon NODE
import type { CommandModule } from '../cli/command.js';
import { cordonCommand, flags as cordonFlags } from './cordon.js';

export const flags: CommandModule['flags'] = cordonFlags;
export const help = `Mark node as schedulable.

Examples:
  mk uncordon k8s-node01

Usage:
  mk uncordon NODE [options]`;
export const run = cordonCommand(false);
