" Vim syntax file
" Language: polc policy (.pol) — docs/language.md
" The same pieces as the TextMate grammar of editors/vscode: directive lines and the
" indented `key = value` lines under them, attributes, comments, inline markup.

if exists('b:current_syntax')
  finish
endif

syn case match

" A comment line; ' #' ends a directive or attribute line with a comment.
syn match polComment /^#.*$/ contains=@Spell
syn match polTrailingComment /\s\zs#.*$/ contained

" Directive lines.
syn match polDirective /^@\a[[:alnum:]_-]*/ nextgroup=polId skipwhite contains=polKeyword,polUnknown
syn match polUnknown /@\zs\a[[:alnum:]_-]*/ contained
syn keyword polKeyword contained policy role param term document chapter section subsection article
syn keyword polKeyword contained paragraph item subitem subsubitem rule threat measure procedure step
syn keyword polKeyword contained supplement doctable check framework clause appendix form
syn match polInclude /^@include\>/ nextgroup=polPath skipwhite
syn match polPath /\S\+/ contained
syn match polId /[[:alnum:]][[:alnum:]_.-]*\ze\%(\s\|\[\|$\)/ contained nextgroup=polTitle skipwhite
syn match polTitle /[^[# \t][^[]\{-}\ze\s*\%(\[\|\s#\|$\)/ contained
syn region polAttrs matchgroup=polBracket start=/\[/ end=/\]\|$/ oneline
      \ contains=polAttrKey,polValue,polQuoted,polLevel,polVis,polFlag nextgroup=polEndComment skipwhite
syn match polEndComment /#.*$/ contained
syn match polFlag /\<\a[[:alnum:]_-]*\>/ contained
syn keyword polLevel contained must should may
syn keyword polVis contained public internal confidential
syn match polAttrKey /\<\a[[:alnum:]_-]*\ze\s*=/ contained
syn match polValue /=\s*\zs[^,\]"]*/ contained
syn region polQuoted start=/"/ skip=/\\./ end=/"/ contained oneline

" `  key = value` lines (only right under a directive: the ftplugin does not need to
" know, a prose line never starts with blanks and a word followed by '=').
syn match polAttrLine /^\s\+\a[[:alnum:]_-]*\s*=.*$/ contains=polAttrLineKey,polTrailingComment
syn match polAttrLineKey /^\s\+\zs\a[[:alnum:]_-]*\ze\s*=/ contained

" Inline markup in prose.
syn match polEscape /\\[{}#]/
syn match polTerm /{[^{}]\+}/ contains=polMarkupKw
syn match polMarkupKw /{\zs\%(ref\|param\|def\)\ze\s/ contained

hi def link polComment Comment
hi def link polTrailingComment Comment
hi def link polEndComment Comment
hi def link polDirective Statement
hi def link polKeyword Statement
hi def link polInclude Include
hi def link polPath String
hi def link polUnknown Error
hi def link polId Identifier
hi def link polTitle Title
hi def link polBracket Delimiter
hi def link polAttrKey Type
hi def link polAttrLineKey Type
hi def link polFlag Type
hi def link polLevel Keyword
hi def link polVis StorageClass
hi def link polValue String
hi def link polQuoted String
hi def link polEscape SpecialChar
hi def link polTerm Underlined
hi def link polMarkupKw Special

let b:current_syntax = 'pol'
