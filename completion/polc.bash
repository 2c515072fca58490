# bash completion for polc — installed as share/bash-completion/completions/polc.
#
# Commands and options are read from polc itself (`polc --help`, `polc CMD --help`),
# so they always match the polc being completed; values are completed where polc knows
# them: edition names, formats, git revisions (edition tags first), role ids of the
# policy in SRC (default policy-src/), files and folders.

# _polc_roles SRC: the role ids of the policy in SRC.
_polc_roles()
{
	"$_polc_bin" dump "${1:-policy-src}" 2>/dev/null | awk '$1 == "role" { print $2 }'
}

# _polc_revs: the edition tags, then the other tags and branches, of the repository here.
_polc_revs()
{
	git for-each-ref --format='%(refname:short)' refs/tags/edition 2>/dev/null
	git for-each-ref --format='%(refname:short)' refs/tags refs/heads 2>/dev/null
	echo HEAD
}

_polc()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local i=$COMP_CWORD
	[ "$i" -gt 0 ] && prev=${COMP_WORDS[i - 1]}
	# "--opt=value": bash splits at "=" (COMP_WORDBREAKS).
	if [ "$cur" = "=" ]; then
		cur=
	elif [ "$prev" = "=" ] && [ "$i" -gt 1 ]; then
		prev=${COMP_WORDS[i - 2]}
	fi
	_polc_bin=${COMP_WORDS[0]}
	case $_polc_bin in
	"~/"*) _polc_bin=$HOME/${_polc_bin#\~/} ;;
	esac

	# The command is the first word after polc that is not an option.
	local cmd= npos=0 j w
	local -a pos=()
	for ((j = 1; j < COMP_CWORD; j++)); do
		w=${COMP_WORDS[j]}
		case $w in
		-o | --edition | --audience | --rev | --templates | --format | --role | --organization | \
			--diagnostics-format | --color | --port | --catalog)
			# its value: the next word, or the one after "=".
			if [ "${COMP_WORDS[j + 1]}" = "=" ]; then ((j += 2)); else ((j++)); fi ;;
		= | -*) ;;
		*)
			if [ -z "$cmd" ]; then
				cmd=$w
			else
				pos[npos]=$w
				npos=$((npos + 1))
			fi
			;;
		esac
	done

	COMPREPLY=()
	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
		else
			local cmds
			cmds=$("$_polc_bin" --help 2>/dev/null |
				awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { f = 0 }')
			COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		fi
		return 0
	fi

	# A command with a "formats:" list (export) takes the format first, then SRC.
	local formats fmt= src=${pos[0]}
	formats=$("$_polc_bin" "$cmd" --help 2>/dev/null |
		awk '/^formats:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { f = 0 }')
	if [ -n "$formats" ]; then
		fmt=${pos[0]}
		src=${pos[1]}
	fi

	case $prev in
	--edition)
		if [ "$cmd" = build ]; then
			COMPREPLY=($(compgen -W "public internal all" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "public internal" -- "$cur"))
		fi
		return 0 ;;
	--format)
		case $cmd in
		history) COMPREPLY=($(compgen -W "text json csv" -- "$cur")) ;;
		checklist) COMPREPLY=($(compgen -W "csv html xlsx pdf" -- "$cur")) ;;
		build) COMPREPLY=($(compgen -W "html md pdf docx all" -- "$cur")) ;;
		diff) COMPREPLY=($(compgen -W "html pdf docx" -- "$cur")) ;;
		assess) COMPREPLY=($(compgen -W "text oscal xlsx pdf" -- "$cur")) ;;
		esac
		return 0 ;;
	--rev)
		COMPREPLY=($(compgen -W "$(_polc_revs)" -- "$cur"))
		return 0 ;;
	--audience | --role)
		# check/build/bundle name SRC; checklist and assess a bundle, not a policy.
		case $cmd in
		checklist | assess) src= ;;
		esac
		COMPREPLY=($(compgen -W "$(_polc_roles "$src")" -- "$cur"))
		return 0 ;;
	--templates)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	-o)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--diagnostics-format)
		COMPREPLY=($(compgen -W "text json sarif" -- "$cur"))
		return 0 ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return 0 ;;
	--catalog)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--organization | --port)
		return 0 ;;
	esac

	if [ -n "$formats" ] && [ "$npos" = 0 ] && [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		return 0
	fi
	if [[ $cur == -* ]]; then
		local opts
		opts=$("$_polc_bin" "$cmd" $fmt --help 2>/dev/null |
			grep -oE -- '(^|[][ ])(--[a-z][a-z-]*|-o)' | tr -d '[] ' | sort -u)
		COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
		return 0
	fi
	# OLD and NEW of diff are revisions, or SRC (a folder: the draft is compared);
	# everything else is a file or a folder.
	if [ "$cmd" = diff ] && [ "$npos" -lt 2 ]; then
		COMPREPLY=($(compgen -W "$(_polc_revs)" -- "$cur") $(compgen -d -- "$cur"))
		return 0
	fi
	case $cmd in
	check | build | bundle | diff | history | dump | init | export | watch | serve)
		COMPREPLY=($(compgen -d -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
	return 0
}
complete -o filenames -F _polc polc
