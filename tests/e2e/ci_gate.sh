#!/usr/bin/env bash
# The CI gate: --baseline with --fail-on means "new findings at or above LEVEL"; the
# workflow files of docs/ci.md (docs/examples/*.yml) parse as YAML, are the blocks docs/ci.md
# shows, and their assay commands, run as the CI would run them in a scratch repository with
# a target branch, fail a change that adds a finding and pass one that does not; SARIF says
# where the code came from (versionControlProvenance, credentials stripped), every rule has
# help and a helpUri with unique names, and fingerprints do not move when unrelated lines
# are inserted above a finding.
set -u
source "$(dirname "$0")/lib.sh"
repo=$PWD
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp/home GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
       GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com PATH="$(dirname "$ASSAY"):$PATH"
mkdir -p "$HOME"; git config --global init.defaultBranch main

old='#include <stdio.h>
int old_gets(void) { char c[8]; gets(c); return c[0]; }'
new='int new_gets(void) { char d[8]; gets(d); return d[0]; }'
note='/* a comment: no finding */'

# ---- --baseline + --fail-on ----
g=$tmp/gate; mkdir -p "$g"; cd "$g"
printf '%s\n' "$old" > a.c
"$ASSAY" baseline write base.json -q --no-git a.c || not_ok "baseline write"
"$ASSAY" --no-git -q --baseline base.json a.c >/dev/null; rc=$?
[ $rc = 0 ] && ok "gate: only baselined findings -> exit 0" || not_ok "baselined only" "rc=$rc"
printf '%s\n' "$note" "$new" >> a.c
"$ASSAY" --no-git -q --no-color --baseline base.json a.c >"$tmp/out"; rc=$?
[ $rc = 1 ] && [ "$(grep -c ': error: ' "$tmp/out")" = 1 ] && grep -q '^a.c:4:' "$tmp/out" \
  && ok "gate: a new error -> exit 1, reporting only it" || not_ok "new finding" "rc=$rc $(cat "$tmp/out")"
sed -i '1i /* a line inserted above */' a.c
"$ASSAY" --no-git -q --no-color --baseline base.json --fail-on=error a.c >"$tmp/out"; rc=$?
[ $rc = 1 ] && [ "$(grep -c ': error: ' "$tmp/out")" = 1 ] && grep -q '^a.c:5:' "$tmp/out" \
  && ok "gate: lines inserted above keep old findings baselined" || not_ok "moved lines" "rc=$rc $(cat "$tmp/out")"
printf '%s\n' '#include <string.h>' 'void w(char *d, const char *s, size_t n) { strncpy(d, s, n); }' > w.c
"$ASSAY" --no-git -q --baseline base.json --fail-on=error --min-certainty=low w.c >"$tmp/out"; rc=$?
grep -q 'warning' "$tmp/out" && ! grep -q 'error:' "$tmp/out" && [ $rc = 0 ] \
  && ok "gate: a new warning with --fail-on=error -> exit 0 (reported)" || not_ok "fail-on level" "rc=$rc $(cat "$tmp/out")"
"$ASSAY" --no-git -q --baseline missing.json a.c >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok "gate: a baseline that cannot be read -> exit 2" || not_ok "missing baseline" "rc=$rc"
cd "$repo"

# ---- the workflow files ----
py=""
for p in /usr/bin/python3 python3; do "$p" -c 'import yaml' 2>/dev/null && { py=$p; break; }; done
if [ -z "$py" ]; then
  skip "workflow files" "no python3 with the yaml module (Debian python3-yaml; pre-commit brings it)"
  exit 0
fi
"$py" - docs/examples/github-actions.yml docs/examples/gitlab-ci.yml .pre-commit-hooks.yaml <<'PY' >"$tmp/yaml.out" 2>&1
import sys, yaml
gh, gl, hooks = (yaml.safe_load(open(f)) for f in sys.argv[1:4])
on = gh.get("on", gh.get(True))
assert "pull_request" in on and "push" in on, "github: triggers"
assert gh["permissions"]["security-events"] == "write", "github: security-events permission"
steps = gh["jobs"]["assay"]["steps"]
up = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
assert up and up[0]["with"]["sarif_file"] == "assay.sarif" and up[0].get("if") == "always()", "github: upload-sarif"
assert any("--format=sarif -o assay.sarif" in s.get("run", "") for s in steps), "github: lint step"
job = gl["assay"]
assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json", "gitlab: codequality"
assert job["artifacts"]["reports"]["junit"] == "assay-junit.xml", "gitlab: junit"
assert job["artifacts"]["when"] == "always", "gitlab: artifacts when a gate fails"
assert isinstance(hooks, list) and hooks[0]["id"] == "assay" and hooks[0]["entry"].split()[0] == "assay", "hooks"
print("parsed")
PY
grep -qx parsed "$tmp/yaml.out" && ok "the workflow files and .pre-commit-hooks.yaml parse, with the steps docs/ci.md describes" \
  || not_ok "workflow files" "$(cat "$tmp/yaml.out")"
"$py" - docs/ci.md <<'PY' >"$tmp/blocks.out" 2>&1
import re, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"<!-- file: (\S+) -->\n```yaml\n(.*?)```\n", text, re.S)
assert len(blocks) == 2, "want two marked blocks, got %d" % len(blocks)
for path, body in blocks:
    assert open(path).read() == body, path + " differs from its block in docs/ci.md"
print("same")
PY
grep -qx same "$tmp/blocks.out" && ok "docs/ci.md shows the example files byte for byte" || not_ok "docs/ci.md blocks" "$(cat "$tmp/blocks.out")"

# steps GITHUB_STEPS_DIR: writes the assay steps of the GitHub workflow (those that run
# assay and do not build it) as scripts 1.sh, 2.sh...; ${{ github.base_ref }} -> $TEST_BASE_REF
"$py" - docs/examples/github-actions.yml "$tmp/gh" <<'PY' || not_ok "extract the GitHub steps"
import os, re, sys, yaml, shlex
wf = yaml.safe_load(open(sys.argv[1])); out = sys.argv[2]; os.makedirs(out, exist_ok=True); n = 0
for s in wf["jobs"]["assay"]["steps"]:
    run = s.get("run", "")
    if "assay " not in run or "make -C" in run: continue
    n += 1
    expr = "${{ github.base_ref }}"
    env = "".join("export %s=%s\n" % (k, '"$TEST_BASE_REF"' if str(v) == expr else shlex.quote(str(v)))
                  for k, v in (s.get("env") or {}).items())
    text = env + run.replace(expr, '"$TEST_BASE_REF"')
    assert "${{" not in text, "unknown expression in step " + s.get("name", "?")
    open(os.path.join(out, "%d.sh" % n), "w").write(text)
PY
"$py" - docs/examples/gitlab-ci.yml "$tmp/gl.sh" <<'PY' || not_ok "extract the GitLab script"
import sys, yaml
open(sys.argv[2], "w").write("".join(line + "\n" for line in yaml.safe_load(open(sys.argv[1]))["assay"]["script"]))
PY

# a project with a target branch (main, on a remote as origin) and a pull request branch
up=$tmp/upstream; git init -q "$up"
printf '%s\n' "$old" > "$up/a.c"; (cd "$up" && git add a.c && git commit -qm main)
work=$tmp/work; git clone -q "$up" "$work"; cd "$work"
# gh_run BASE_REF: runs the GitHub steps in order as the runner would (GITHUB_ENV between
# steps; bash -e); prints the last step's exit status
gh_run() {
  local base=$1 rc=0 f
  rm -rf "$tmp/runner"; mkdir -p "$tmp/runner"; : > "$tmp/runner/env"
  for f in "$tmp"/gh/*.sh; do
    (set -a; . "$tmp/runner/env"; set +a; export RUNNER_TEMP=$tmp/runner GITHUB_ENV=$tmp/runner/env TEST_BASE_REF=$base
     bash -e "$f") >"$tmp/gh.out" 2>&1; rc=$?
    [ $rc = 0 ] || break
  done
  git worktree remove --force "$tmp/runner/target" 2>/dev/null
  echo $rc
}
git checkout -qb adds; printf '%s\n' "$new" >> a.c; git commit -qam adds
rc=$(gh_run main)
lines=$(node -e 'const s=JSON.parse(require("fs").readFileSync("assay.sarif"));console.log(s.runs[0].results.map(r=>r.locations[0].physicalLocation.region.startLine).join(","))' 2>&1)
[ "$rc" = 1 ] && [ "$lines" = 3 ] && ok "GitHub workflow: a pull request adding a finding fails, the SARIF holds only it" \
  || not_ok "GitHub: adds a finding" "rc=$rc lines=$lines $(cat "$tmp/gh.out")"
git checkout -q main; git checkout -qb clean; printf '%s\n' "$note" >> a.c; git commit -qam clean
rc=$(gh_run main)
[ "$rc" = 0 ] && [ -s assay.sarif ] && ok "GitHub workflow: a pull request adding none passes (target has findings)" \
  || not_ok "GitHub: clean" "rc=$rc $(cat "$tmp/gh.out")"
rc=$(gh_run "")
[ "$rc" = 1 ] && ok "GitHub workflow: a push without a baseline fails on the findings it has" || not_ok "GitHub: push" "rc=$rc"
git checkout -q adds; "$ASSAY" baseline write .assay-baseline.json -q; git add .assay-baseline.json; git commit -qm accept
rc=$(gh_run main)
[ "$rc" = 0 ] && ok "GitHub workflow: a committed baseline accepts the findings it records" || not_ok "GitHub: committed" "rc=$rc $(cat "$tmp/gh.out")"
rm -f assay.sarif

printf '%s\n' "$new" | sed 's/new_gets/newer_gets/; s/\bd\b/e/g' >> a.c; git commit -qam newer
(bash -e "$tmp/gl.sh") >"$tmp/gl.out" 2>&1; rc=$?
node -e 'const q=JSON.parse(require("fs").readFileSync("gl-code-quality-report.json")); if(!q.length) process.exit(1)' \
  && xmllint --noout assay-junit.xml && grep -q 'failures="1"' assay-junit.xml && [ $rc = 1 ] \
  && ok "GitLab job: Code Quality and JUnit reports written, the new finding fails the job" \
  || not_ok "GitLab: new finding" "rc=$rc $(cat "$tmp/gl.out")"
git checkout -q -- a.c 2>/dev/null; git reset -q --hard HEAD~1
(bash -e "$tmp/gl.sh") >"$tmp/gl.out" 2>&1; rc=$?
[ $rc = 0 ] && ok "GitLab job: nothing new, the job passes" || not_ok "GitLab: clean" "rc=$rc $(cat "$tmp/gl.out")"

# ---- SARIF ----
git remote set-url origin "https://ci-user:s3cret@example.com/group/project.git"
"$ASSAY" -q --format=sarif -o "$tmp/p.sarif" --fail-on=none a.c
node - "$tmp/p.sarif" "$(git rev-parse HEAD)" <<'JS' >"$tmp/sarif.out" 2>&1
const [file, head] = process.argv.slice(2);
const run = JSON.parse(require("fs").readFileSync(file)).runs[0];
const v = (run.versionControlProvenance || [])[0] || {};
const want = { repositoryUri: "https://example.com/group/project.git", revisionId: head, branch: "adds" };
for (const k in want) if (v[k] !== want[k]) throw new Error(k + ": " + v[k]);
if (!v.mappedTo || v.mappedTo.uriBaseId !== "%SRCROOT%") throw new Error("mappedTo");
const rules = run.tool.driver.rules, names = new Set();
for (const r of rules) {
  if (!r.help || !r.help.text) throw new Error(r.id + ": no help");
  if (!/^https:\/\//.test(r.helpUri || "")) throw new Error(r.id + ": no helpUri");
  if (names.has(r.name)) throw new Error("name twice: " + r.name);
  names.add(r.name);
}
console.log("sarif ok " + rules.length);
JS
grep -q "^sarif ok" "$tmp/sarif.out" && ! grep -q s3cret "$tmp/p.sarif" \
  && ok "SARIF in git: versionControlProvenance (no credentials); every rule has help, a helpUri and a unique name" \
  || not_ok "SARIF properties" "$(cat "$tmp/sarif.out")"
# remotes that are not URLs still give an absolute URI (SARIF1005): a clone of a local
# folder, a relative path, an scp-like address
uri_for() { git remote set-url origin "$1"; "$ASSAY" -q --format=sarif --fail-on=none a.c |
  node -e 'const s=JSON.parse(require("fs").readFileSync(0));console.log(s.runs[0].versionControlProvenance[0].repositoryUri)'; }
mkdir -p "$tmp/up stream"
got_abs=$(uri_for "$tmp/up stream") got_rel=$(uri_for "../x") got_scp=$(uri_for "git@example.com:group/project.git")
[ "$got_abs" = "file://$(cd "$tmp/up stream" && pwd -P | sed 's/ /%20/g')/" ] && case $got_rel in file:///*/x/) true ;; *) false ;; esac &&
  [ "$got_scp" = "ssh://example.com/group/project.git" ] \
  && ok "SARIF repositoryUri is absolute for a local-folder, relative and scp-like remote" \
  || not_ok "SARIF repositoryUri for non-URL remotes" "abs=$got_abs" "rel=$got_rel" "scp=$got_scp"
git remote set-url origin "https://ci-user:s3cret@example.com/group/project.git"
"$ASSAY" -q --no-git --format=sarif --fail-on=none a.c | grep -q versionControlProvenance \
  && not_ok "--no-git: no provenance" || ok "SARIF with --no-git: no versionControlProvenance"
multitool=$(ls "$repo/$BUILD"/deps/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null | head -n1)
if [ -z "$multitool" ]; then
  skip "sarif-multitool on SARIF with provenance" "sarif-multitool not installed (scripts/install-deps.sh puts it in build/deps/npm)"
else
  "$multitool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" "$tmp/p.sarif" >"$tmp/multitool.out" 2>&1
  grep -q "Done. 1 files scanned" "$tmp/multitool.out" && ! grep -qE ": error [A-Z]+[0-9]+:" "$tmp/multitool.out" \
    && ok "sarif-multitool: SARIF with provenance is valid" || not_ok "sarif-multitool" "$(grep -E ': error ' "$tmp/multitool.out" | head -5)"
fi
# fingerprints of unchanged findings survive unrelated lines inserted above
fp() { node -e 'const s=JSON.parse(require("fs").readFileSync(0));console.log(s.runs[0].results.map(r=>r.ruleId+" "+JSON.stringify(r.partialFingerprints)).sort().join("\n"))'; }
"$ASSAY" -q --format=sarif --fail-on=none a.c | fp > "$tmp/fp1"
sed -i '2i int unrelated_a(void) { return 1; }\n/* and a comment */\nint unrelated_b(int x) { return x + 1; }' a.c
"$ASSAY" -q --format=sarif --fail-on=none a.c | fp > "$tmp/fp2"
[ -s "$tmp/fp1" ] && [ "$(wc -l < "$tmp/fp1")" -ge 2 ] && cmp -s "$tmp/fp1" "$tmp/fp2" \
  && ok "SARIF partialFingerprints unchanged when unrelated lines are inserted above" \
  || not_ok "fingerprints moved" "$(diff "$tmp/fp1" "$tmp/fp2" | head -6)"
