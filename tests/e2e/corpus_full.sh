#!/usr/bin/env bash
# The whole corpus through the whole product: `assay` with every pass on (tree-sitter rules
# and the libclang pass, which may also dismiss tree-sitter candidates) over corpus/, one
# run, every candidate shown (--min-certainty=low). Every finding must sit on a line whose
# `// expect:` comment names its rule, every expectation must get its finding, a line whose
# `// ok:` comment names a rule (a safe look-alike) must not draw that rule, and negative
# files must draw no finding at all. A finding that absorbed another pass's report of the
# same flaw (analyzer/lint/merge_findings.h) answers for that report too, at the place the
# absorbed report had (its also_reported_by / also_reported_at facts).
# (test_analyzer_corpus checks the tree-sitter scanner alone; this checks what users see.)
set -u
source "$(dirname "$0")/lib.sh"

"$ASSAY" --no-git --no-color --fail-on=none -q --min-certainty=low --format=json -o "$tmp/findings.json" corpus/ 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ]; then not_ok "assay exited $rc on corpus/: $(head -c 400 "$tmp/err")"; exit 1; fi

node - "$tmp/findings.json" <<'JS'
const fs = require('fs');
const path = require('path');
const findings = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.[ch]$/.test(e.name)) files.push(p);
  }
})('corpus');
const byFile = new Map();
for (const f of findings) {
  if (!byFile.has(f.path)) byFile.set(f.path, []);
  byFile.get(f.path).push(f);
}
let ok = 0, bad = 0;
for (const file of files.sort()) {
  const lines = fs.readFileSync(file, 'latin1').split('\n');
  const want = new Map(); // "line rule" -> matched
  const safe = new Set();  // "line rule" that must not be reported
  lines.forEach((text, i) => {
    for (const m of text.matchAll(/\/\/ *(expect|ok):([^/]*)/g))
      for (const r of m[2].split(',').map(s => s.trim()).filter(Boolean)) {
        if (m[1] === 'expect') want.set(`${i + 1} ${r}`, false);
        else safe.add(`${i + 1} ${r}`);
      }
  });
  const problems = [];
  for (const f of byFile.get(file) || []) {
    const facts = f.facts || {};
    const ids = (facts.also_reported_by || '').split(',').map(s => s.trim()).filter(Boolean);
    const places = (facts.also_reported_at || '').split(',').map(s => s.trim()).filter(Boolean);
    // [rule, line] of the finding itself and of each report merged into it
    const reports = [[f.rule, f.line]].concat(ids.map((id, k) => {
      const at = places[k] || '';
      return [id, at.startsWith(id + ':') ? Number(at.slice(id.length + 1).split(':')[0]) : f.line];
    }));
    let expected = false;
    for (const [id, line] of reports) {
      const key = `${line} ${id}`;
      if (safe.has(key)) problems.push(`${id} at line ${line} is labelled ok: ${f.message}`);
      if (want.has(key)) { want.set(key, true); expected = true; }
    }
    if (!expected) problems.push(`unexpected ${f.rule} at line ${f.line}: ${f.message}`);
  }
  for (const [key, hit] of want) if (!hit) problems.push(`missed ${key.split(' ')[1]} at line ${key.split(' ')[0]}`);
  if (problems.length) { bad++; console.log(`not ok - ${file}: ${problems.join('; ')}`); }
  else { ok++; console.log(`ok - ${file}`); }
}
const known = new Set(files);
for (const p of byFile.keys()) if (!known.has(p)) { bad++; console.log(`not ok - finding in unknown file ${p}`); }
process.exit(bad ? 1 : 0);
JS
