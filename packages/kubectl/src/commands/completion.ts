// mk completion bash|zsh: completes commands, resource types and object names.
import { RESOURCES } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { COMMANDS } from '../cli/registry.js';

export const flags: CommandModule['flags'] = [];

export const help = `Output shell completion code for the specified shell (bash or zsh).

Examples:
  source <(mk completion bash)
  mk completion bash | sudo tee /etc/bash_completion.d/mk > /dev/null
  alias k=mk; complete -o default -F __start_mk k

Usage:
  mk completion SHELL [options]`;

export function bashScript(): string {
  const commands = COMMANDS.map((c) => c.name).join(' ');
  const types = [...new Set(RESOURCES.flatMap((r) => [r.plural, r.singular, ...(r.shortNames ?? [])]))].sort().join(' ');
  return `# bash completion for mk                                  -*- shell-script -*-
__mk_object_names() {
    local type="$1" ns_args=()
    local i
    for ((i = 1; i < \${#COMP_WORDS[@]}; i++)); do
        case "\${COMP_WORDS[i]}" in
            -n|--namespace) ns_args=(-n "\${COMP_WORDS[i+1]}") ;;
            --namespace=*) ns_args=("\${COMP_WORDS[i]}") ;;
        esac
    done
    "\${COMP_WORDS[0]}" get "$type" "\${ns_args[@]}" -o 'jsonpath={.items[*].metadata.name}' 2>/dev/null
}

__start_mk() {
    local cur prev verb i
    COMPREPLY=()
    cur="\${COMP_WORDS[COMP_CWORD]}"
    prev="\${COMP_WORDS[COMP_CWORD-1]}"
    verb=""
    local args=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "\${COMP_WORDS[i]}" in
            -n|--namespace|-o|--output|-l|--selector|-f|--filename|--context|--kubeconfig) ((i++)) ;;
            -*) ;;
            *) if [[ -z "$verb" ]]; then verb="\${COMP_WORDS[i]}"; else args+=("\${COMP_WORDS[i]}"); fi ;;
        esac
    done
    case "$prev" in
        -n|--namespace) COMPREPLY=($(compgen -W "$(__mk_object_names namespaces)" -- "$cur")); return ;;
        -o|--output) COMPREPLY=($(compgen -W "json yaml wide name jsonpath= custom-columns= go-template=" -- "$cur")); return ;;
        -f|--filename) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    if [[ -z "$verb" ]]; then
        COMPREPLY=($(compgen -W "${commands}" -- "$cur"))
        return
    fi
    case "$verb" in
        get|describe|delete|edit|label|annotate|patch|scale|wait|explain|expose|taint|set)
            if [[ "$verb" == set && \${#args[@]} -eq 0 ]]; then COMPREPLY=($(compgen -W "image" -- "$cur")); return; fi
            if [[ "$verb" == set ]]; then args=("\${args[@]:1}"); fi
            if [[ \${#args[@]} -eq 0 ]]; then
                COMPREPLY=($(compgen -W "${types}" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$(__mk_object_names "\${args[0]}")" -- "$cur"))
            fi ;;
        create) [[ \${#args[@]} -eq 0 ]] && COMPREPLY=($(compgen -W "configmap deployment job namespace priorityclass secret service serviceaccount" -- "$cur")) ;;
        config) [[ \${#args[@]} -eq 0 ]] && COMPREPLY=($(compgen -W "current-context delete-context get-contexts set-cluster set-context set-credentials use-context view" -- "$cur")) ;;
        completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")) ;;
    esac
}

if [[ $(type -t compopt) = "builtin" ]]; then
    complete -o default -F __start_mk mk
else
    complete -o default -o nospace -F __start_mk mk
fi
`;
}

export async function run(ctx: CommandContext): Promise<number> {
  const shell = ctx.args[0];
  if (!shell) throw new CliError('Shell not specified.\nSee \'mk completion -h\' for help and examples');
  if (shell === 'bash') process.stdout.write(bashScript());
  else if (shell === 'zsh') process.stdout.write(`#compdef mk\ncompdef _mk mk\nautoload -U +X bashcompinit && bashcompinit\n${bashScript()}`);
  else throw new CliError(`Unsupported shell type "${shell}".`);
  return 0;
}
