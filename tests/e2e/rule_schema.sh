#!/usr/bin/env bash
# The rule files are valid YAML and match rules/rule.schema.json (the schema editors' YAML
# plugins use), checked with an independent YAML parser and JSON Schema validator (Python's
# yaml and jsonschema); the schema rejects the mistakes it is there to catch; and the keys
# it knows are the keys assay's loader knows. Skipped (ok # SKIP) when Python lacks them.
set -u
cd "$(dirname "$0")/../.."
ASSAY=${ASSAY:-$PWD/build/assay}
if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then
  echo "ok - # SKIP python3 yaml/jsonschema not installed: rule files not checked against the schema"
  exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

python3 - rules/rule.schema.json rules/*.yml <<'PY'
import sys, json, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    try:
        doc = yaml.safe_load(open(path))
    except yaml.YAMLError as e:
        print(f"not ok - {path}: not valid YAML: {e}".replace("\n", " ")); continue
    errors = sorted(v.iter_errors(doc), key=str)
    if errors:
        print(f"not ok - {path}: {errors[0].message} at {list(errors[0].path)}")
    elif doc.get("id") + ".yml" != path.split("/")[-1]:
        print(f"not ok - {path}: the file is not named after its id {doc.get('id')}")
    else:
        print(f"ok - {path} is valid YAML and matches the schema")
PY

# mistakes the schema must catch (each also stops assay's loader)
base=rules/c.strcpy-unbounded.yml
bad() { # bad NAME SED-EXPRESSION: the rule with one mistake
  sed "$2" "$base" >"$tmp/$1.yml"
}
bad unknown-key 's/^tags:/colour: blue\ntags:/'
bad bad-severity 's/^severity: .*/severity: fatal/'
bad bad-family 's/^decide: .*/decide: [sizes]/'
bad no-report '/^report:/d'
bad report-unquoted-capture "s/^report: .*/report: call/"
python3 - rules/rule.schema.json "$tmp"/*.yml <<'PY'
import sys, json, yaml, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
for path in sys.argv[2:]:
    name = path.split("/")[-1]
    ok = any(True for _ in v.iter_errors(yaml.safe_load(open(path))))
    print(("ok - the schema rejects " if ok else "not ok - the schema accepts ") + name)
PY
for f in "$tmp"/*.yml; do
  mkdir -p "$tmp/one" && rm -f "$tmp/one"/* && cp "$f" "$tmp/one/c.strcpy-unbounded.yml"
  if "$ASSAY" --rules "$tmp/one" --no-git -q --no-clang /dev/null >/dev/null 2>"$tmp/err"; then
    echo "not ok - assay loads $(basename "$f")"
  else
    echo "ok - assay rejects $(basename "$f"): $(head -c 160 "$tmp/err")"
  fi
done

# every key of the schema is a key of assay's loader, and the other way round
python3 - rules/rule.schema.json analyzer/rules/rule_file.c <<'PY'
import sys, json, re
schema = set(json.load(open(sys.argv[1]))["properties"])
src = open(sys.argv[2]).read()
table = re.search(r"key_names\[K_COUNT\] = \{(.*?)\};", src, re.S).group(1)
loader = set(re.findall(r'"([a-z-]+)"', table))
if schema == loader: print(f"ok - the schema and the loader know the same {len(schema)} keys")
else: print(f"not ok - keys only in the schema: {sorted(schema - loader)}, only in the loader: {sorted(loader - schema)}")
PY
