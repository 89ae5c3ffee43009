// The bash, zsh and fish scripts `completion SHELL` prints. Each asks the program itself
// (`<program> __complete <words...> <partial>`) and follows Cobra's protocol: candidate lines
// (`value<TAB>description`), then `:<directive>` (1 error, 2 no space, 4 no file completion).

/** Shells a completion script exists for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;
/** One of {@link COMPLETION_SHELLS}. */
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const bash = `# bash completion for kubectl-velero
# Load it with: source <(kubectl-velero completion bash)
# (\`kubectl velero ...\` itself completes through kubectl when kubectl_complete-velero is on PATH.)
__kubectl_velero_complete() {
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        cur="\${COMP_WORDS[COMP_CWORD]}"
        words=("\${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local out directive line
    out=$("\${words[0]}" __complete "\${words[@]:1:cword-1}" "$cur" 2>/dev/null) || return
    directive=\${out##*:}
    out=\${out%:*}
    [[ $directive =~ ^[0-9]+$ ]] || directive=0
    (( directive & 1 )) && return
    COMPREPLY=()
    while IFS='' read -r line; do
        [[ -n $line ]] && COMPREPLY+=("\${line%%$'\\t'*}")
    done <<< "$out"
    (( directive & 2 )) && compopt -o nospace 2>/dev/null
    if (( \${#COMPREPLY[@]} == 0 )) && ! (( directive & 4 )); then
        compopt -o default 2>/dev/null
    fi
    return 0
}
complete -o nosort -F __kubectl_velero_complete kubectl-velero 2>/dev/null ||
    complete -F __kubectl_velero_complete kubectl-velero
`;

const zsh = `#compdef kubectl-velero
# zsh completion for kubectl-velero
# Load it with: source <(kubectl-velero completion zsh)   (after compinit)
_kubectl_velero() {
    local out directive line value description
    local -a candidates
    out=$(\${words[1]} __complete "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null) || return 1
    directive=\${out##*:}
    out=\${out%:*}
    [[ $directive == <-> ]] || directive=0
    (( directive & 1 )) && return 1
    for line in "\${(@f)out}"; do
        [[ -z $line ]] && continue
        value=\${line%%$'\\t'*}
        description=\${line#*$'\\t'}
        [[ $description == $line ]] && description=""
        value=\${value//:/\\\\:}
        if [[ -n $description ]]; then
            candidates+=("$value:$description")
        else
            candidates+=("$value")
        fi
    done
    if (( \${#candidates} > 0 )); then
        if (( directive & 2 )); then
            _describe -t values 'values' candidates -S ''
        else
            _describe -t values 'values' candidates
        fi
    elif (( ! (directive & 4) )); then
        _files
    fi
}
if [[ "\${funcstack[1]}" == "_kubectl_velero" ]]; then
    _kubectl_velero "$@"
else
    compdef _kubectl_velero kubectl-velero
fi
`;

const fish = `# fish completion for kubectl-velero
# Load it with: kubectl-velero completion fish | source
function __kubectl_velero_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l out ($tokens[1] __complete $tokens[2..-1] "$current" 2>/dev/null)
    or return
    set -l directive (string replace -r '^:' '' -- $out[-1])
    set -e out[-1]
    if not string match -qr '^[0-9]+$' -- $directive
        set directive 0
    end
    if test (math "$directive % 2") -eq 1
        return
    end
    if test (count $out) -gt 0
        printf '%s\\n' $out
    else if test (math "floor($directive / 4) % 2") -eq 0
        __fish_complete_path $current
    end
end
complete -c kubectl-velero -f -a '(__kubectl_velero_complete)'
`;

/** The completion script of `shell`. */
export function completionScript(shell: CompletionShell): string {
  return { bash, zsh, fish }[shell];
}
