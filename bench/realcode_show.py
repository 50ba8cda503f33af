#!/usr/bin/env python3
"""realcode_show.py PROJECT [PATTERN] — prints the code behind each untriaged finding of
PROJECT (those in build/realcode/PROJECT.untriaged.tsv, written by `make realcode`), to
triage them quickly: the finding, a few lines before it, and the lines of its flow steps
(`*`) and of the line its message names. PATTERN (a regex on "rule path:line") narrows the
list; `--all` shows every finding of the reports instead of the untriaged ones.

Environment: REALCODE_OUT (default build/realcode), REALCODE_CACHE (default
$HOME/.cache/assay-realcode): the db findings are shown from the built tree, the others
from the pristine one.
"""
import glob, json, os, re, sys

out = os.environ.get("REALCODE_OUT", "build/realcode")
cache = os.environ.get("REALCODE_CACHE", os.path.expanduser("~/.cache/assay-realcode"))
args = [a for a in sys.argv[1:] if a != "--all"]
if not args:
    sys.exit(__doc__)
project, pattern = args[0], (args[1] if len(args) > 1 else "")

wanted = None
if "--all" not in sys.argv:
    path = os.path.join(out, f"{project}.untriaged.tsv")
    wanted = set()
    if os.path.exists(path):
        wanted = {line.split("\t")[0] for line in open(path, encoding="utf-8")}
    if not wanted:
        sys.exit(f"{project}: nothing untriaged ({path})")

trees = {"db": os.path.join(cache, "build", project)}
src = sorted(glob.glob(os.path.join(cache, "src", f"{project}-*/")))
trees["nodb"] = src[0] if src else None

seen = set()
for mode in ("db", "nodb"):
    report = os.path.join(out, f"{project}.{mode}.json")
    if not os.path.exists(report) or not trees[mode]:
        continue
    findings = [f for f in json.load(open(report, encoding="utf-8")) if "fingerprint" in f]
    for f in sorted(findings, key=lambda f: (f["path"], f["line"])):
        key = f"{f['rule']} {f['path']}:{f['line']}"
        if f["fingerprint"] in seen or (wanted is not None and f["fingerprint"] not in wanted):
            continue
        if pattern and not re.search(pattern, key):
            continue
        seen.add(f["fingerprint"])
        print(f"=== {f['fingerprint']} {f['certainty']} {mode} {key}: {f['message']}")
        try:
            lines = open(os.path.join(trees[mode], f["path"]), errors="replace").read().split("\n")
        except OSError as e:
            print(f"    ({e})")
            continue
        steps = {s["line"] for s in f.get("flow", [])}
        show = set(range(f["line"] - 5, f["line"] + 2))
        for s in steps:
            show |= {s - 1, s, s + 1}
        named = re.search(r"line (\d+)", f["message"])
        if named:
            n = int(named.group(1))
            show |= {n - 2, n - 1, n}
        previous = None
        for i in sorted(x for x in show if 1 <= x <= len(lines)):
            if previous and i != previous + 1:
                print("   ...")
            mark = ">" if i == f["line"] else ("*" if i in steps else " ")
            print(f"{i:6}{mark} {lines[i - 1]}")
            previous = i
