//go:build linux

package help

import (
	"fmt"
	"strings"
)

// The scripts are thin: each asks `nlsh completion --complete -- WORDS...`
// (the words after "nlsh", the last one under the cursor) for the
// candidates, so every shell completes alike and the logic is tested in
// Go. When nlsh offers nothing they fall back to file names (scripts,
// captures, test directories).
var scripts = map[string]string{
	"bash": `# bash completion for nlsh. Load it with: source <(nlsh completion bash)
# or save it as /usr/share/bash-completion/completions/nlsh.
_nlsh() {
	local line=${COMP_LINE:0:COMP_POINT} cur pre c
	local -a words
	read -ra words <<<"$line"
	[[ $line == *[[:space:]] || ${#words[@]} -eq 0 ]] && words+=("")
	cur=${words[${#words[@]}-1]}
	local IFS=$'\n'
	COMPREPLY=($("${words[0]:-nlsh}" completion --complete -- "${words[@]:1}" 2>/dev/null))
	# bash replaces only the part of the word after its last word break
	# (':' in nlctrl:notify, '=' in --specs=DIR): offer just that part.
	pre=
	for ((c = ${#cur} - 1; c >= 0; c--)); do
		if [[ $COMP_WORDBREAKS == *"${cur:c:1}"* ]]; then
			pre=${cur:0:c+1}
			break
		fi
	done
	[[ -n $pre ]] && COMPREPLY=("${COMPREPLY[@]#"$pre"}")
	return 0
}
complete -o default -o bashdefault -F _nlsh nlsh
`,
	"zsh": `#compdef nlsh
# zsh completion for nlsh. Load it with: source <(nlsh completion zsh)
# (after compinit), or save it as _nlsh in a directory of $fpath.
_nlsh() {
	local -a cands
	cands=("${(@f)$("${words[1]}" completion --complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
	if (( ${#cands} )) && [[ -n ${cands[1]} ]]; then
		compadd -- "${cands[@]}"
	else
		_files
	fi
}
if (( $+functions[compdef] )); then
	compdef _nlsh nlsh
fi
`,
	"fish": `# fish completion for nlsh. Load it with: nlsh completion fish | source
# or save it as ~/.config/fish/completions/nlsh.fish.
function __nlsh_complete
	set -l words (commandline -opc) (commandline -ct)
	$words[1] completion --complete -- $words[2..-1] 2>/dev/null
end
complete -c nlsh -a '(__nlsh_complete)'
`,
}

// Shells lists the shells Script knows.
func Shells() []string { return []string{"bash", "fish", "zsh"} }

// Script is the completion script for shell.
func Script(shell string) (string, error) {
	s, ok := scripts[shell]
	if !ok {
		return "", fmt.Errorf("no completion for shell %q (%s)", shell, strings.Join(Shells(), ", "))
	}
	return s, nil
}
