#!/usr/bin/env python3
"""Issue 14, finding 13: every bundle YAML file of the goldens parses (PyYAML, a YAML 1.1 parser as strict as the
Databricks CLI's about non-printable characters), and where a job has one JSON body (no environments), the YAML job
equals it: every string round-trips to itself in both outputs. Usage: yaml_roundtrip.py GOLDEN_DIR"""
import json
import pathlib
import sys

try:
    import yaml
except ImportError:
    print("yaml_roundtrip: SKIPPED (python3-yaml is not installed; .ci/install-deps installs it)")
    sys.exit(0)

root = pathlib.Path(sys.argv[1])
files = sorted(root.glob("**/databricks/bundle/*/resources/*.job.yml"))
compared = 0
failed = False
for path in files:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        print(f"yaml_roundtrip: {path}: does not parse: {e}")
        failed = True
        continue
    out = path.parents[3]  # .../out/databricks/bundle/<ws>/resources/x.job.yml -> .../out/databricks
    for name, job in doc["resources"]["jobs"].items():
        body = out / "jobs" / f"{name}.json"
        if body.exists():
            compared += 1
            if json.loads(body.read_text(encoding="utf-8")) != job:
                print(f"yaml_roundtrip: {path}: job {name} differs from {body} when read back")
                failed = True
if not files:
    print("yaml_roundtrip: no bundle files found under", root)
    failed = True
if failed:
    sys.exit(1)
print(f"yaml_roundtrip: {len(files)} bundle job files parse, {compared} equal their JSON job when read back")
