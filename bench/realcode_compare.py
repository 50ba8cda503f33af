#!/usr/bin/env python3
"""realcode_compare.py --reports DIR --triage DIR PROJECT... — compares assay's JSON reports
of real code bases (DIR/<project>.{nodb,db}.json, with the --stats line in
DIR/<project>.<mode>.log) with the triage files (triage DIR/<project>.tsv) and prints:
  - per project and mode: findings, real, false, debatable, untriaged, precision, per 100k lines
  - per rule and mode, over all projects: the same figures
  - new findings (not in the triage), written as ready-to-fill lines to
    DIR/<project>.untriaged.tsv, and gone ones (triaged, found in neither mode)

Exit status: 0 when every finding is triaged and no triaged one is gone, 1 otherwise.

Triage file: one finding a line, tab-separated; `#` starts a comment line:
  fingerprint  verdict  rule  file:line  reason
verdict is real, false or debatable. precision = real / (real + false).
"""
import argparse, json, os, re, sys
from collections import defaultdict

VERDICTS = ("real", "false", "debatable")
MODES = ("db", "nodb")


def read_triage(path):
    triage = {}
    if not os.path.exists(path):
        return triage
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 5 or cols[1] not in VERDICTS:
                print(f"{path}:{n}: expected fingerprint, verdict (real/false/debatable), "
                      "rule, file:line, reason separated by tabs", file=sys.stderr)
                continue
            triage[cols[0]] = {"verdict": cols[1], "rule": cols[2], "where": cols[3],
                               "reason": cols[4]}
    return triage


def read_report(reports, project, mode):
    path = os.path.join(reports, f"{project}.{mode}.json")
    if not os.path.exists(path):
        return None, 0
    with open(path, encoding="utf-8") as f:
        # notices (files the libclang pass only partly analysed) carry no rule
        findings = [f for f in json.load(f) if "fingerprint" in f]
    lines = 0
    log = os.path.join(reports, f"{project}.{mode}.log")
    if os.path.exists(log):
        m = re.search(r"(\d+) lines,", open(log, encoding="utf-8", errors="replace").read())
        if m:
            lines = int(m.group(1))
    return findings, lines


def row(counts, lines=None):
    real, false = counts["real"], counts["false"]
    precision = f"{100 * real / (real + false):.1f}%" if real + false else "-"
    cells = [counts["findings"], counts["high"], real, false, counts["debatable"],
             counts["untriaged"], precision]
    if lines is not None:
        cells.append(f"{100000 * counts['findings'] / lines:.1f}" if lines else "-")
    return cells


def table(title, header, rows):
    print(f"\n{title}")
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    fmt = lambda r: "  ".join(str(c).ljust(w) if i == 0 or i == 1 and header[1] == "mode"
                              else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(fmt(r))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", required=True)
    ap.add_argument("--triage", required=True)
    ap.add_argument("projects", nargs="+")
    args = ap.parse_args()

    empty = lambda: {"findings": 0, "high": 0, "real": 0, "false": 0, "debatable": 0,
                     "untriaged": 0}
    per_project, per_rule = [], defaultdict(empty)
    total = {m: empty() for m in MODES}
    total_lines = {m: 0 for m in MODES}
    problems = 0
    for project in args.projects:
        triage = read_triage(os.path.join(args.triage, f"{project}.tsv"))
        seen, new = set(), {}
        for mode in MODES:
            findings, lines = read_report(args.reports, project, mode)
            if findings is None:
                per_project.append([project, mode, "-", "(no report)"] + [""] * 7)
                continue
            counts = empty()
            for f in findings:
                fp = f["fingerprint"]
                verdict = triage.get(fp, {}).get("verdict", "untriaged")
                seen.add(fp)
                if verdict == "untriaged":
                    new.setdefault(fp, (f, set()))[1].add(mode)
                for c in (counts, per_rule[(f["rule"], mode)], total[mode]):
                    c["findings"] += 1
                    c[verdict] += 1
                    c["high"] += f.get("certainty") == "high"
            total_lines[mode] += lines
            per_project.append([project, mode, lines] + row(counts, lines))
        gone = [(fp, t) for fp, t in triage.items() if fp not in seen]
        untriaged_path = os.path.join(args.reports, f"{project}.untriaged.tsv")
        if new:
            problems += 1
            print(f"\n{project}: {len(new)} new finding(s) not in bench/realcode/{project}.tsv "
                  f"(ready-to-fill lines in {untriaged_path}):")
            with open(untriaged_path, "w", encoding="utf-8") as out:
                for fp, (f, modes) in sorted(new.items(), key=lambda kv: (kv[1][0]["path"], kv[1][0]["line"])):
                    where = f"{f['path']}:{f['line']}"
                    print(f"  new   {fp}  {f['rule']}  {where}  [{f.get('certainty')}; "
                          f"{'+'.join(sorted(modes))}] {f['message']}")
                    out.write(f"{fp}\t?\t{f['rule']}\t{where}\t"
                              f"[{f.get('certainty')}; {'+'.join(sorted(modes))}] {f['message']}\n")
        elif os.path.exists(untriaged_path):
            os.remove(untriaged_path)
        if gone:
            problems += 1
            print(f"\n{project}: {len(gone)} triaged finding(s) gone (in neither mode):")
            for fp, t in gone:
                print(f"  gone  {fp}  {t['rule']}  {t['where']}  ({t['verdict']}: {t['reason']})")

    header = ["project", "mode", "lines", "findings", "high", "real", "false", "debatable",
              "untriaged", "precision", "per 100k lines"]
    for mode in MODES:
        per_project.append(["TOTAL", mode, total_lines[mode]] + row(total[mode], total_lines[mode]))
    table("Per project (precision = real / (real + false); db: built tree with -p, "
          "nodb: pristine tree, no database)", header, per_project)
    rules = sorted({r for r, _ in per_rule})
    rule_rows = []
    for rule in rules:
        for mode in MODES:
            if (rule, mode) in per_rule:
                rule_rows.append([rule, mode] + row(per_rule[(rule, mode)], total_lines[mode]))
    table("Per rule, all projects", ["rule", "mode"] + header[3:], rule_rows)
    print(f"\nrealcode: {'triage up to date' if not problems else 'triage needs updating (new or gone findings above)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
