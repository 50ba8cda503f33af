" Vim compiler file for assay (https://…/assay, docs/editors.md).
" Put this folder on 'runtimepath' (or copy the file to ~/.vim/compiler/), then
"   :compiler assay      and   :make %      (or :make for the whole tree)
" assay's gcc-style lines become quickfix entries: errors, warnings and the notes that
" explain a path (info entries); source lines, carets and fix-it lines are skipped.
if exists("current_compiler")
  finish
endif
let current_compiler = "assay"

if exists(":CompilerSet") != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

CompilerSet makeprg=assay\ --no-color\ --fail-on=none
CompilerSet errorformat=
      \%-Gfix-it:%.%#,
      \%f:%l:%c:\ %trror:\ %m,
      \%f:%l:%c:\ %tarning:\ %m,
      \%f:%l:%c:\ %tote:\ %m,
      \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
