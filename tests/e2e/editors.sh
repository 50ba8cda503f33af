#!/usr/bin/env bash
# editors.sh — the editor integrations in docs/editors/ driven by the real editors: vim's
# quickfix through the compiler file (:cfile and :make), Emacs's compilation-mode and the
# Flymake backend on an unsaved buffer, and the VS Code problem matcher's regexp (run by
# node's RegExp, as VS Code runs it). Each editor's list of locations must be the list
# assay printed: every error, warning and note line, in order, and the findings must be
# those of the JSON report. An editor missing from the machine is a SKIP.
source "$(dirname "$0")/lib.sh"

fixture=corpus/c.strcpy-unbounded
"$ASSAY" --no-git --no-color --fail-on=none "$fixture" >"$tmp/out.txt" 2>/dev/null
"$ASSAY" --no-git --fail-on=none -f json "$fixture" >"$tmp/out.json" 2>/dev/null
# what an editor should list: every diagnostic line, "path:line:col:kind" (kind e/w/n)
sed -nE 's/^(.+):([0-9]+):([0-9]+): (e)rror: .*/\1:\2:\3:\4/p; s/^(.+):([0-9]+):([0-9]+): (w)arning: .*/\1:\2:\3:\4/p; s/^(.+):([0-9]+):([0-9]+): (n)ote: .*/\1:\2:\3:\4/p' \
  "$tmp/out.txt" >"$tmp/expected.txt"
# the findings (not notes) must be exactly those of the JSON report
python3 - "$tmp/out.json" >"$tmp/json-findings.txt" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1])):
    print("%s:%d:%d:%s" % (f["path"], f["line"], f["column"], f["severity"][0]))
PY
if [ "$(grep -v ':n$' "$tmp/expected.txt")" = "$(cat "$tmp/json-findings.txt")" ] &&
   [ "$(wc -l <"$tmp/json-findings.txt")" -ge 5 ]; then
  ok "the gcc-style diagnostics are the JSON report's findings ($(wc -l <"$tmp/json-findings.txt") findings, $(wc -l <"$tmp/expected.txt") lines)"
else
  not_ok "the gcc-style diagnostics are the JSON report's findings" "$(diff "$tmp/json-findings.txt" <(grep -v ':n$' "$tmp/expected.txt") | head -5)"
fi

# ---- vim: the compiler file, :cfile and :make ------------------------------------------
if command -v vim >/dev/null; then
  qf='call writefile(map(getqflist(), {_,v -> bufname(v.bufnr).":".v.lnum.":".v.col.":".v.type}), "'$tmp/vim.txt'")'
  vim -Nes -u NONE -i NONE --cmd 'set rtp^=docs/editors/vim' -c 'compiler assay' \
      -c "cfile $tmp/out.txt" -c "$qf" -c 'qa!' </dev/null >/dev/null 2>&1
  if cmp -s "$tmp/expected.txt" "$tmp/vim.txt"; then
    ok "vim :compiler assay + :cfile lists every diagnostic ($(wc -l <"$tmp/vim.txt") entries)"
  else
    not_ok "vim :compiler assay + :cfile lists every diagnostic" "$(diff "$tmp/expected.txt" "$tmp/vim.txt" | head -5)"
  fi
  rm -f "$tmp/vim.txt"
  # :make runs makeprg itself (assay from the build, on the fixture folder)
  vim -Nes -u NONE -i NONE --cmd 'set rtp^=docs/editors/vim' -c 'compiler assay' \
      -c "let &l:makeprg = '$ASSAY --no-color --fail-on=none --no-git'" \
      -c "silent make $fixture" -c "$qf" -c 'qa!' </dev/null >/dev/null 2>&1
  if cmp -s "$tmp/expected.txt" "$tmp/vim.txt"; then
    ok "vim :make with the compiler file lists every diagnostic"
  else
    not_ok "vim :make with the compiler file lists every diagnostic" "$(diff "$tmp/expected.txt" "$tmp/vim.txt" 2>&1 | head -5)"
  fi
else
  skip "vim :compiler assay + :cfile" "vim is not installed"
  skip "vim :make with the compiler file" "vim is not installed"
fi

# ---- Emacs: compilation-mode and the Flymake backend -----------------------------------
if command -v emacs >/dev/null; then
  cat >"$tmp/compile-list.el" <<'EL'
(require 'compile)
(let ((out (car command-line-args-left)) (res (cadr command-line-args-left)) lines)
  (with-current-buffer (find-file-noselect out)
    (compilation-mode)
    (compilation--ensure-parse (point-max))
    (goto-char (point-min))
    (while (not (eobp))
      (let ((msg (get-text-property (point) 'compilation-message)))
        (when msg
          (let ((loc (compilation--message->loc msg)))
            (push (format "%s:%d:%d:%s" (caar (compilation--loc->file-struct loc))
                          (compilation--loc->line loc) (compilation--loc->col loc)
                          (aref ["n" "w" "e"] (compilation--message->type msg)))
                  lines))))
      (forward-line 1)))
  (with-temp-file res (dolist (l (nreverse lines)) (insert l "\n"))))
EL
  emacs --batch -Q -l "$tmp/compile-list.el" "$tmp/out.txt" "$tmp/emacs.txt" >/dev/null 2>&1
  if cmp -s "$tmp/expected.txt" "$tmp/emacs.txt"; then
    ok "Emacs compilation-mode lists every diagnostic ($(wc -l <"$tmp/emacs.txt") entries)"
  else
    not_ok "Emacs compilation-mode lists every diagnostic" "$(diff "$tmp/expected.txt" "$tmp/emacs.txt" 2>&1 | head -5)"
  fi

  # Flymake on an unsaved buffer: the file on disk is clean; the buffer gains a gets()
  mkdir -p "$tmp/proj"
  printf '#include <stdio.h>\n\nint main(void)\n{\n    char line[8];\n    puts("hi");\n    return 0;\n}\n' >"$tmp/proj/edit.c"
  cat >"$tmp/flymake-run.el" <<EL
(load (expand-file-name "docs/editors/emacs/assay-flymake.el"))
(setq assay-flymake-command '("$ASSAY" "--no-color" "--fail-on=none" "--no-git"))
(let (result)
  (with-current-buffer (find-file-noselect "$tmp/proj/edit.c")
    (goto-char (point-min)) (forward-line 5)
    (insert "    gets(line);\n")            ; unsaved: line 6 of the buffer only
    (assay-flymake (lambda (diags &rest _) (setq result (or diags 'none))))
    (with-timeout (60 (setq result 'timeout))
      (while (not result) (accept-process-output nil 0.1)))
    (with-temp-file "$tmp/flymake.txt"
      (if (symbolp result) (insert (symbol-name result) "\n")
        (dolist (d result)
          (insert (format "%d:%s:%s\n"
                          (with-current-buffer (flymake-diagnostic-buffer d)
                            (line-number-at-pos (flymake-diagnostic-beg d)))
                          (flymake-diagnostic-type d) (flymake-diagnostic-text d))))))))
EL
  emacs --batch -Q -l "$tmp/flymake-run.el" >"$tmp/flymake.log" 2>&1
  if grep -q '^6::error:gets() ' "$tmp/flymake.txt" 2>/dev/null && ! grep -qv '^6:' "$tmp/flymake.txt"; then
    ok "Emacs Flymake backend reports the unsaved buffer's gets() at line 6 ($(wc -l <"$tmp/flymake.txt") diagnostics)"
  else
    not_ok "Emacs Flymake backend reports the unsaved buffer's gets() at line 6" \
      "$(cat "$tmp/flymake.txt" 2>/dev/null | head -5)" "$(tail -3 "$tmp/flymake.log")"
  fi
  cmp -s <(printf '#include <stdio.h>\n\nint main(void)\n{\n    char line[8];\n    puts("hi");\n    return 0;\n}\n') "$tmp/proj/edit.c" \
    && ok "Flymake left the file on disk untouched" || not_ok "Flymake left the file on disk untouched"
else
  skip "Emacs compilation-mode" "emacs is not installed"
  skip "Emacs Flymake backend" "emacs is not installed"
fi

# ---- VS Code: the problem matcher of tasks.json, applied as VS Code applies it ---------
if command -v node >/dev/null; then
  node - docs/editors/vscode/tasks.json "$tmp/out.txt" >"$tmp/vscode.txt" 2>"$tmp/vscode.err" <<'JS'
const fs = require('fs');
const [tasksFile, outFile] = process.argv.slice(2);
const tasks = JSON.parse(fs.readFileSync(tasksFile, 'utf8')).tasks;
for (const t of tasks) {
  const p = t.problemMatcher.pattern, re = new RegExp(p.regexp);
  if (t.problemMatcher.owner !== 'assay') throw new Error('owner');
  for (const line of fs.readFileSync(outFile, 'utf8').split('\n')) {
    const m = re.exec(line);
    if (m) console.log(`${m[p.file]}:${m[p.line]}:${m[p.column]}:${m[p.severity][0]}`);
  }
  console.log('--');
}
JS
  if [ "$(sed -n '/^--$/q;p' "$tmp/vscode.txt")" = "$(cat "$tmp/expected.txt")" ] &&
     [ "$(grep -c '^--$' "$tmp/vscode.txt")" = 2 ] &&
     [ "$(awk '/^--$/{n++; next} n==1' "$tmp/vscode.txt")" = "$(cat "$tmp/expected.txt")" ]; then
    ok "VS Code problem matcher (both tasks) matches every diagnostic"
  else
    not_ok "VS Code problem matcher matches every diagnostic" "$(head -3 "$tmp/vscode.err")"
  fi
else
  skip "VS Code problem matcher" "node is not installed"
fi
