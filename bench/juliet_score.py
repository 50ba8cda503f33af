#!/usr/bin/env python3
"""juliet_score.py — scores findings of several tools against Juliet test cases.

Inputs (all produced by bench/juliet-eval.sh):
  --tags FILE       universal-ctags output (--fields=+ne) for the selected files
  --files FILE      the selected test-case files, one path per line
  --tool NAME=FILE  normalised findings of a tool: lines "path<TAB>line<TAB>cwe[,cwe...]",
                    optionally followed by "<TAB>rule" (and more columns, ignored)
  --by-rule         also print, for each tool with rule ids, TP and FP cases per rule

Counting (per test case = one Juliet flaw, files a..e of a case together):
  found        a finding of a related CWE lies inside one of the case's bad functions
               (names containing "bad": _bad, badSink, badSource, ...)
  false alarm  a finding of a related CWE lies inside one of the case's good functions
               (names containing "good"); counted once per test case
  missed       a case without a found finding
  precision = found / (found + false alarms), recall = found / cases, F1 their harmonic mean.
A finding's CWE relates to a case's CWE when both fall in one of the groups below (the
mapping is part of the report). Names are used only here, in the evaluation.
"""
import argparse, collections, os, re, sys

GROUPS = {
    "buffer": {119, 120, 121, 122, 124, 125, 126, 127, 129, 131, 193, 786, 787, 788, 805, 806, 680, 130, 170, 242},
    "integer": {190, 191, 680, 681, 128, 682},
    "null": {476, 690},
    "leak": {401, 775, 404, 772, 459},
    "free": {415, 416, 590, 761, 762, 763, 825},
    "uninit": {457, 908, 909, 665},
    "format": {134},
    "command": {78, 88, 77},
    "alloc-size": {789, 770, 400, 680},
    "return-check": {252, 253, 754, 690},
    "sizeof": {467, 131},
    "divide": {369},
    "stack-address": {562},
    "dangerous": {242, 676, 120},
    "toctou": {367},
    "tempfile": {377, 379},
    "assign-compare": {481, 480},
}

def related(a, b):
    if a == b:
        return True
    return any(a in g and b in g for g in GROUPS.values())

def case_of(path):
    base = os.path.basename(path)
    m = re.match(r"(CWE(\d+)_.+?_\d+)([a-e])?\.c$", base)
    if not m:
        return None, None
    return m.group(1), int(m.group(2))

def load_tags(path):
    funcs = collections.defaultdict(list)  # basename -> [(start, end, name)]
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("!"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4 or parts[3] != "f":
                continue
            fields = dict(p.split(":", 1) for p in parts[4:] if ":" in p)
            if "line" not in fields or "end" not in fields:
                continue
            funcs[os.path.basename(parts[1])].append((int(fields["line"]), int(fields["end"]), parts[0]))
    return funcs

def role(name):
    low = name.lower()
    if "bad" in low:
        return "bad"
    if "good" in low:
        return "good"
    return None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tags", required=True)
    ap.add_argument("--files", required=True)
    ap.add_argument("--tool", action="append", default=[])
    ap.add_argument("--covered", default="", help="CWEs the first tool claims (comma list)")
    ap.add_argument("--by-rule", action="store_true", help="TP/FP cases per rule")
    args = ap.parse_args()
    funcs = load_tags(args.tags)
    cases = {}
    with open(args.files) as f:
        for line in f:
            case, cwe = case_of(line.strip())
            if case:
                cases[case] = cwe
    per_cwe_cases = collections.Counter(cases.values())
    covered = {int(x) for x in args.covered.split(",") if x.strip()}
    tools = []
    by_rule = []
    for spec in args.tool:
        name, path = spec.split("=", 1)
        found, alarms = set(), set()
        rule_found, rule_alarms = collections.defaultdict(set), collections.defaultdict(set)
        with open(path, errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3:
                    continue
                fpath, fline, cwes = parts[0], parts[1], parts[2]
                case, case_cwe = case_of(fpath)
                if case not in cases:
                    continue
                try:
                    ln = int(fline)
                    cwe_list = [int(c) for c in cwes.split(",") if c.strip().isdigit()]
                except ValueError:
                    continue
                if not any(related(c, case_cwe) for c in cwe_list):
                    continue
                for start, end, fname in funcs.get(os.path.basename(fpath), []):
                    if start <= ln <= end:
                        r = role(fname)
                        rule = parts[3] if len(parts) > 3 and parts[3] else None
                        if r == "bad":
                            found.add(case)
                            if rule:
                                rule_found[rule].add(case)
                        elif r == "good":
                            alarms.add(case)
                            if rule:
                                rule_alarms[rule].add(case)
                        break
        tools.append((name, found, alarms))
        by_rule.append((name, rule_found, rule_alarms))

    def figures(found, alarms, cwe_filter):
        n = sum(c for w, c in per_cwe_cases.items() if cwe_filter(w))
        tp = sum(1 for c in found if cwe_filter(cases[c]))
        fp = sum(1 for c in alarms if cwe_filter(cases[c]))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / n if n else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return n, tp, fp, n - tp, p, r, f1

    hdr = "%-8s %6s" % ("CWE", "cases") + "".join(" | %-10s %4s %4s %4s %5s %5s %5s" % (t[0][:10], "TP", "FP", "FN", "P", "R", "F1") for t in tools)
    print(hdr)
    print("-" * len(hdr))
    for cwe in sorted(per_cwe_cases):
        row = "%-8s %6d" % ("CWE%d" % cwe + ("*" if cwe in covered else ""), per_cwe_cases[cwe])
        for name, found, alarms in tools:
            n, tp, fp, fn, p, r, f1 = figures(found, alarms, lambda w, c=cwe: w == c)
            row += " | %-10s %4d %4d %4d %5.2f %5.2f %5.2f" % ("", tp, fp, fn, p, r, f1)
        print(row)
    print("-" * len(hdr))
    for label, flt in (("all", lambda w: True), ("covered*", lambda w: w in covered)):
        if label == "covered*" and not covered:
            continue
        row = "%-8s %6d" % (label, sum(c for w, c in per_cwe_cases.items() if flt(w)))
        for name, found, alarms in tools:
            n, tp, fp, fn, p, r, f1 = figures(found, alarms, flt)
            row += " | %-10s %4d %4d %4d %5.2f %5.2f %5.2f" % ("", tp, fp, fn, p, r, f1)
        print(row)
    if args.by_rule:
        for name, rule_found, rule_alarms in by_rule:
            rules = sorted(set(rule_found) | set(rule_alarms), key=lambda r: (-len(rule_alarms[r]), -len(rule_found[r]), r))
            if not rules:
                continue
            print()
            print("%s by rule (cases; a case may count for several rules):" % name)
            for r in rules:
                print("  %-34s TP %5d  FP %4d" % (r, len(rule_found[r]), len(rule_alarms[r])))
    print()
    print("TP: cases with a related finding in a bad function; FP: cases with a related finding in a")
    print("good function; FN: cases without a TP. P = TP/(TP+FP), R = TP/cases. * = a CWE assay has a rule for.")
    print("Related CWEs (a finding counts for a case when both are in one group):")
    for g, members in GROUPS.items():
        print("  %-13s %s" % (g, ", ".join(str(m) for m in sorted(members))))

if __name__ == "__main__":
    main()
