#!/usr/bin/env python3
"""Writes test/grammar/*.test.sched: each sample line followed by its assertions, whose columns are computed from
the text they point at (so a sample can be edited without counting columns). Run it after editing SAMPLES; the
written files are what `npm run test:grammar` checks (vscode-tmgrammar-test)."""
import os

# (line, [(text to point at, its occurrence in the line (0-based), scopes)])
MODEL = [
    ("use std.clusters", [("use", 0, "keyword.control.import.sched"), ("std.clusters", 0, "entity.name.namespace.sched")]),
    ('use "../platform/platform.sched"', [('"../platform/platform.sched"', 0, "string.quoted.double.sched")]),
    ("# a comment", [("a comment", 0, "comment.line.number-sign.sched")]),
    ("model churn_scoring {", [("model", 0, "storage.type.declaration.sched"), ("churn_scoring", 0, "entity.name.type.sched"),
                               ("{", 0, "punctuation.section.block.begin.sched")]),
    ('  owner    = "retention-ds@contoso.com"   # who answers',
     [("owner", 0, "variable.other.property.sched"), ("=", 0, "keyword.operator.assignment.sched"),
      ('"retention-ds@contoso.com"', 0, "string.quoted.double.sched"), ("# who answers", 0, "comment.line.number-sign.sched")]),
    ('  notebook = "/Repos/churn/score" { run_date = "{schedule.date}", note = "{{lit}} \\u{e9}\\n" }',
     [("run_date", 0, "variable.other.property.sched"), ("{", 1, "punctuation.section.interpolation.begin.sched"),
      ("schedule.date", 0, "variable.other.binding.sched"), ("{{", 0, "constant.character.escape.brace.sched"),
      ("\\u{e9}", 0, "constant.character.escape.sched"), ("\\n", 0, "constant.character.escape.sched")]),
    ("  cluster  = clusters.general { workers = 2..6 }",
     [("clusters.general", 0, "variable.other.reference.sched"), ("workers", 0, "variable.other.property.sched"),
      ("2..6", 0, "constant.numeric.range.sched")]),
    ('  schedule = cron "30 2 * * MON-FRI" in "Europe/Amsterdam" from 2026-01-01T06:00 until 2027-01-01',
     [("cron", 0, "keyword.other.cron.sched"), ("30", 0, "string.quoted.double.cron.sched constant.other.cron-field.sched"),
      ("MON-FRI", 0, "constant.other.cron-field.sched"), (" in ", 0, None), ('"Europe/Amsterdam"', 0, "string.quoted.double.sched"),
      ("from", 0, "keyword.other.sched"), ("2026-01-01T06:00", 0, "constant.other.datetime.sched"), ("until", 0, "keyword.other.sched"),
      ("2027-01-01", 0, "constant.other.datetime.sched")]),
    ("  requires {", [("requires", 0, "variable.other.property.sched")]),
    ('    file "curated/crm/{schedule.date}/_SUCCESS" in lake wait 2h every 10m',
     [("file", 0, "keyword.other.requirement.sched"), ("schedule.date", 0, "variable.other.binding.sched"),
      ("in", 0, "keyword.other.sched"), ("lake", 0, "variable.other.reference.sched"), ("wait", 0, "keyword.other.sched"),
      ("2h", 0, "constant.numeric.duration.sched"), ("every", 0, "keyword.other.sched"), ("10m", 0, "constant.numeric.duration.sched")]),
    ("    model customer_features within 1d check",
     [("model", 0, "keyword.other.requirement.sched"), ("customer_features", 0, "entity.name.function.model.sched"),
      ("within", 0, "keyword.other.sched"), ("1d", 0, "constant.numeric.duration.sched"), ("check", 0, "keyword.other.sched")]),
    ("  }", []),
    ("  retry    = 2 every 5m", [("2", 0, "constant.numeric.integer.sched"), ("every", 0, "keyword.other.sched"),
                                 ("5m", 0, "constant.numeric.duration.sched")]),
    ("  timeout  = 1h30m", [("1h30m", 0, "constant.numeric.duration.sched")]),
    ('  tags     = ["churn", "daily"]', [("[", 0, "punctuation.section.brackets.begin.sched"), ('"churn"', 0, "string.quoted.double.sched"),
                                         (",", 0, "punctuation.separator.sched"), ("]", 0, "punctuation.section.brackets.end.sched")]),
    ("  enabled  = true", [("true", 0, "constant.language.boolean.sched")]),
    ('  bad      = "\\q {oops"', [("\\q", 0, "invalid.illegal.escape.sched"), ("{", 0, "invalid.illegal.brace.sched")]),
    ("}", [("}", 0, "punctuation.section.block.end.sched")]),
]

PLATFORM = [
    ("environment prod { trigger = started }", [("environment", 0, "storage.type.declaration.sched"), ("prod", 0, "entity.name.type.sched"),
                                                ("trigger", 0, "variable.other.property.sched"), ("started", 0, "variable.other.reference.sched")]),
    ("workspace analytics {", [("workspace", 0, "storage.type.declaration.sched")]),
    ('  url = per_env { dd = "https://adb-1.1.azuredatabricks.net"  prod = "https://adb-2.2.azuredatabricks.net" }',
     [("per_env", 0, "keyword.other.per-env.sched"), ("dd", 0, "variable.other.property.sched"),
      ("prod", 0, "variable.other.property.sched")]),
    ("}", []),
    ("cluster big from clusters.general {", [("cluster", 0, "storage.type.declaration.sched"), ("big", 0, "entity.name.type.sched"),
                                             ("from", 0, "keyword.other.from.sched"), ("clusters.general", 0, "entity.other.inherited-class.sched")]),
    ('  spark_conf { "spark.sql.shuffle.partitions" = "64" }', [('"spark.sql.shuffle.partitions"', 0, "variable.other.property.sched"),
                                                                 ("spark_conf", 0, "variable.other.property.sched")]),
    ('  env { TOKEN = secret "dbx-token" in vault }', [("secret", 0, "keyword.other.secret.sched"), (" in ", 0, None),
                                                        ("vault", 0, "variable.other.reference.sched")]),
    ("}", []),
    ("project {", [("project", 0, "storage.type.declaration.sched")]),
    ('  markers = "ops/markers" in lake', [("markers", 0, "variable.other.property.sched")]),
    ("}", []),
    ('"stray"', [('"', 0, "invalid.illegal.sched")]),
]


def write(name, description, lines):
    out = [f'# SYNTAX TEST "source.sched" "{description}"']
    for text, marks in lines:
        out.append(text)
        for needle, nth, scope in marks:
            if scope is None:
                continue
            at = -1
            for _ in range(nth + 1):
                at = text.find(needle, at + 1)
            assert at >= 0, (text, needle)
            if at == 0:
                out.append("# <" + "-" * len(needle) + " " + scope)
            else:
                out.append("#" + " " * (at - 1) + "^" * len(needle) + " " + scope)
    path = os.path.join(os.path.dirname(__file__), "grammar", name)
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


write("model.test.sched", "a model with every kind of value", MODEL)
write("platform.test.sched", "platform declarations, per_env, secrets and profiles", PLATFORM)
