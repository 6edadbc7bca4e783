#!/usr/bin/env node
// Validates `--diagnostics-format sarif` output against the OASIS SARIF 2.1.0 JSON schema (draft-04), with Ajv.
//
//   node validate_sarif.mjs FILE...       validate each SARIF file
//   node validate_sarif.mjs --self-test   prove the validator accepts a good log and rejects broken ones
//
// The schema is ${SCHEDC_SHARED_DIR:-<repo>/../shared}/schemas/sarif/sarif-schema-2.1.0.json (see its README.md).
// Where it (or node_modules: run `npm ci` here) is absent the run prints "SKIPPED: ..." and exits 77, except under
// CI (CI=true), where it is an error. Besides the schema, each file is checked for what the schema cannot say:
// every ruleIndex points at the rule of its ruleId, every uriBaseId is declared in originalUriBaseIds, and every
// relatedLocations id is unique and linked from the message. Exit codes: 0 valid, 1 invalid or error, 77 skipped.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Skip, cannotCheck, missingModules, sharedDir } from './common.mjs';

const schemaFile = path.join(sharedDir, 'schemas', 'sarif', 'sarif-schema-2.1.0.json');

// RFC 3986 shapes, enough to reject a path with spaces or a URI without a scheme.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;
const URI_REFERENCE = /^[^\s<>"{}|\\^`]*$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

async function loadValidator() {
  if (!existsSync(schemaFile)) throw new Skip(`${schemaFile} not found`);
  let Ajv;
  try {
    Ajv = (await import('ajv-draft-04')).default;
  } catch {
    throw missingModules();
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', URI);
  ajv.addFormat('uri-reference', URI_REFERENCE);
  ajv.addFormat('date-time', DATE_TIME);
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
}

function consistency(log) {
  const problems = [];
  for (const [r, run] of (log.runs ?? []).entries()) {
    const rules = run.tool?.driver?.rules ?? [];
    const bases = run.originalUriBaseIds ?? {};
    const checkLocation = (where, loc) => {
      const base = loc?.physicalLocation?.artifactLocation?.uriBaseId;
      if (base !== undefined && !(base in bases)) problems.push(`${where}: uriBaseId ${base} is not in originalUriBaseIds`);
    };
    for (const [i, res] of (run.results ?? []).entries()) {
      const where = `runs[${r}].results[${i}]`;
      if (res.ruleIndex !== undefined && rules[res.ruleIndex]?.id !== res.ruleId)
        problems.push(`${where}: ruleIndex ${res.ruleIndex} is not rule ${res.ruleId}`);
      for (const loc of res.locations ?? []) checkLocation(where, loc);
      const ids = new Set();
      for (const rel of res.relatedLocations ?? []) {
        checkLocation(where, rel);
        if (ids.has(rel.id)) problems.push(`${where}: relatedLocations id ${rel.id} twice`);
        ids.add(rel.id);
        if (!res.message?.text?.includes(`](${rel.id})`)) problems.push(`${where}: related location ${rel.id} is not linked from the message`);
      }
    }
  }
  return problems;
}

function validate(check, log) {
  const problems = check(log) ? [] : check.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
  return problems.concat(consistency(log));
}

function goodLog() {
  const location = (uri, base, line) => ({
    physicalLocation: { artifactLocation: { uri, uriBaseId: base }, region: { startLine: line, startColumn: 7, endLine: line, endColumn: 20 } },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'schedc', version: '0.1.0', rules: [{ id: 'SCH4001', name: 'DuplicateModelName', shortDescription: { text: 'duplicate model name' }, help: { text: 'x', markdown: 'x' }, defaultConfiguration: { level: 'error' } }] } },
        originalUriBaseIds: { SRCROOT: { description: { text: 'cwd' } }, churn: { uri: 'churn/', uriBaseId: 'SRCROOT' }, sales: { uri: 'sales/', uriBaseId: 'SRCROOT' } },
        columnKind: 'unicodeCodePoints',
        results: [
          {
            ruleId: 'SCH4001',
            ruleIndex: 0,
            level: 'error',
            message: { text: 'model `a` is declared twice\nfirst declared here: [churn:a.sched:4:7](1)' },
            locations: [location('a.sched', 'sales', 4)],
            relatedLocations: [{ id: 1, ...location('a.sched', 'churn', 4), message: { text: 'first declared here' } }],
          },
        ],
      },
    ],
  };
}

const BROKEN = {
  'version 2.0.0': (l) => { l.version = '2.0.0'; },
  'level fatal': (l) => { l.runs[0].results[0].level = 'fatal'; },
  'startLine 0': (l) => { l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0; },
  'message without text': (l) => { l.runs[0].results[0].message = {}; },
  'driver without name': (l) => { delete l.runs[0].tool.driver.name; },
  'uri with a space': (l) => { l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a b.sched'; },
  'unknown uriBaseId': (l) => { l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uriBaseId = 'other'; },
  'ruleIndex of another rule': (l) => { l.runs[0].results[0].ruleId = 'SCH4002'; },
  'related location not linked': (l) => { l.runs[0].results[0].message.text = 'model `a` is declared twice'; },
  'columnKind unknown': (l) => { l.runs[0].columnKind = 'bytes'; },
};

function selfTest(check) {
  let wrong = 0;
  const good = validate(check, goodLog());
  if (good.length) {
    wrong++;
    console.log(`FAIL good log rejected: ${good[0]}`);
  } else {
    console.log('ok   good log accepted');
  }
  for (const [label, breakIt] of Object.entries(BROKEN)) {
    const log = goodLog();
    breakIt(log);
    const problems = validate(check, log);
    if (!problems.length) wrong++;
    console.log(`${problems.length ? 'ok  ' : 'FAIL'} rejects: ${label}${problems.length ? `  [${problems[0]}]` : ''}`);
  }
  console.log(`self-test: ${Object.keys(BROKEN).length + 1 - wrong}/${Object.keys(BROKEN).length + 1} cases behaved as expected`);
  return wrong ? 1 : 0;
}

async function main(args) {
  if (args.length < 1) {
    console.error('usage: node validate_sarif.mjs FILE... | --self-test');
    return 2;
  }
  let check;
  try {
    check = await loadValidator();
  } catch (e) {
    if (!(e instanceof Skip)) throw e;
    return cannotCheck(e.message, e.message);
  }
  if (args[0] === '--self-test') return selfTest(check);
  let failed = 0;
  for (const file of args) {
    let problems;
    try {
      problems = validate(check, JSON.parse(readFileSync(file, 'utf8')));
    } catch (e) {
      problems = [`cannot read: ${e.message}`];
    }
    if (problems.length) {
      failed++;
      console.log(`INVALID ${file}`);
      for (const p of problems) console.log(`  ${p}`);
    }
  }
  console.log(`${failed ? 'FAILED' : 'OK'}: ${args.length} SARIF files, ${failed} invalid`);
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
