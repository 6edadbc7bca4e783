#!/usr/bin/env node
// Validates schedc output against the public ARM / Data Factory JSON schemas (draft-04).
//
//   node validate.mjs <out_dir>     validate <out_dir>/adf/** and <out_dir>/arm/**
//   node validate.mjs --self-test   prove the validator accepts good documents and rejects broken ones
//
// The schemas are read from ${SCHEDC_SHARED_DIR:-<repo>/../shared}/schemas/arm (see its README.md). Where that
// folder (or node_modules: run `npm ci` here) is absent the run prints "SKIPPED: ..." and exits 77, except under
// CI (CI=true), where it is an error. Exit codes: 0 valid, 1 invalid or error, 77 skipped.
//
// What is checked, per file:
//   adf/<pipeline|trigger|linkedService|dataset>/<name>.json, and the other folders of ADF's git layout that
//   hand-written files (--adf) are copied into (dataflow, integrationRuntime, credential, managedVirtualNetwork and
//   its <network>/managedPrivateEndpoint/, factory: whose envelope also takes location, identity, tags): the envelope is {name, properties} with an optional
//     `type` (ADF Studio writes {name, properties} for pipelines, datasets and triggers and {name, type, properties}
//     for linked services; ADF reads either), in any order and nothing else; `name` is the file name, `type` (when
//     present) the folder's resource type; `properties` validates against
//     #/definitions/<Pipeline|Trigger|LinkedService|Dataset> of 2018-06-01/Microsoft.DataFactory.json and the
//     envelope (with apiVersion 2018-06-01) against #/resourceDefinitions/factories_<kind> (name pattern, type).
//     Not stricter than ADF: a parameter's or variable's `type` is compared case-insensitively (ADF Studio writes
//     "string" in some factories, and ADF accepts it), as ADF does.
//   databricks/jobs/**/*.json (Jobs API jobs/create bodies): against the job resource definition
//     #/$defs/github.com/databricks/cli/bundle/config/resources.Job of schemas/databricks/bundle-jsonschema.json (the
//     Databricks CLI's bundle schema: the job settings, additionalProperties false); `name` is the file name.
//   databricks/bundle/**/*.yml (databricks.yml and resources/*.job.yml): parsed as YAML (package `yaml`, strict:
//     no duplicate keys) and validated against the bundle schema's root (a bundle configuration file).
//     Without schemas/databricks the Databricks files are SKIPPED with a message (an error under CI=true).
//   arm/**/*.json: against the schema its `$schema` names (deploymentTemplate.json / deploymentParameters.json);
//     resource types are matched case-insensitively, as ARM does. arm/release.json is schedc's own release file, not
//     an ARM file: it is skipped. The linked templates' master deploys its children as Microsoft.Resources/deployments
//     (2018-02-01), which the snapshot does not hold: an in-memory stand-in (DEPLOYMENTS below) describes them.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Skip, cannotCheck, missingModules, sharedDir } from './common.mjs';

const SCHEMA_BASE = 'https://schema.management.azure.com/schemas/';
const DATA_FACTORY = `${SCHEMA_BASE}2018-06-01/Microsoft.DataFactory.json`;
const API_VERSION = '2018-06-01';

// adf/<folder> -> the entity kind it holds.
const ADF_KINDS = {
  pipeline: { definition: 'Pipeline', resource: 'factories_pipelines', type: 'Microsoft.DataFactory/factories/pipelines' },
  trigger: { definition: 'Trigger', resource: 'factories_triggers', type: 'Microsoft.DataFactory/factories/triggers' },
  linkedService: {
    definition: 'LinkedService',
    resource: 'factories_linkedservices',
    type: 'Microsoft.DataFactory/factories/linkedservices',
  },
  dataset: { definition: 'Dataset', resource: 'factories_datasets', type: 'Microsoft.DataFactory/factories/datasets' },
  // The other kinds of ADF's git layout: schedc writes them only as the hand-written files (--adf) it copies.
  dataflow: { definition: 'DataFlow', resource: 'factories_dataflows', type: 'Microsoft.DataFactory/factories/dataflows' },
  integrationRuntime: {
    definition: 'IntegrationRuntime',
    resource: 'factories_integrationRuntimes',
    type: 'Microsoft.DataFactory/factories/integrationRuntimes',
  },
  credential: { definition: 'Credential', resource: 'factories_credentials', type: 'Microsoft.DataFactory/factories/credentials' },
  managedVirtualNetwork: {
    definition: 'ManagedVirtualNetwork',
    resource: 'factories_managedVirtualNetworks',
    type: 'Microsoft.DataFactory/factories/managedVirtualNetworks',
  },
  managedPrivateEndpoint: {
    definition: 'ManagedPrivateEndpoint',
    resource: 'factories_managedVirtualNetworks_managedPrivateEndpoints',
    type: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints',
  },
  // The factory file: its name, properties (global parameters...) and the factory's own fields.
  factory: {
    definition: 'FactoryProperties',
    resource: 'factories',
    type: 'Microsoft.DataFactory/factories',
    envelope: ['location', 'identity', 'tags'],
  },
};

const schemaDir = path.join(sharedDir, 'schemas', 'arm');
const bundleSchemaFile = path.join(sharedDir, 'schemas', 'databricks', 'bundle-jsonschema.json');
const JOB_DEFINITION = 'bundle#/$defs/github.com/databricks/cli/bundle/config/resources.Job';


// ---- schemas ---------------------------------------------------------------------------------------------------

function jsonFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(full));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out.sort();
}

// Microsoft.Resources/deployments 2018-02-01 (upstream schemas/2018-02-01/Microsoft.Resources.json, not in the
// snapshot), reduced to what a linked-template master uses: mode, templateLink and parameters.
const DEPLOYMENTS = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string', enum: ['2018-02-01'] },
    name: { type: 'string' },
    type: { type: 'string', enum: ['Microsoft.Resources/deployments'] },
    properties: {
      type: 'object',
      properties: {
        mode: { type: 'string', enum: ['Incremental', 'Complete'] },
        templateLink: {
          type: 'object',
          properties: { uri: { type: 'string' }, contentVersion: { type: 'string' } },
          required: ['uri'],
        },
        parameters: { type: 'object' },
      },
      required: ['mode'],
    },
  },
  required: ['apiVersion', 'name', 'properties', 'type'],
};

// The in-memory stand-in for common/autogeneratedResources.json (not in the snapshot): upstream's shape
// (generator/resources/autogeneratedResources_template.json) listing only the Data Factory resources and
// Microsoft.Resources/deployments (DEPLOYMENTS).
function autogeneratedResources(dataFactory) {
  return {
    id: `${SCHEMA_BASE}common/autogeneratedResources.json#`,
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'Stand-in listing the Microsoft.DataFactory 2018-06-01 resource definitions',
    allOf: [
      { $ref: `${SCHEMA_BASE}common/definitions.json#/definitions/resourceBase` },
      {
        oneOf: Object.keys(dataFactory.resourceDefinitions)
          .sort()
          .map((name) => ({ $ref: `${DATA_FACTORY}#/resourceDefinitions/${name}` }))
          .concat([DEPLOYMENTS]),
      },
    ],
  };
}

// Most oneOf lists of the Data Factory schema are discriminated by `type` (Activity, LinkedService, Dataset, Trigger,
// DatasetLocation, ...). Plain oneOf reports the mismatch of every other branch ("must be AppendVariable"); marking
// such a oneOf as an OpenAPI discriminator makes Ajv check only the branch the `type` names, with the same verdict:
// it is done only where every branch requires `type`, fixes it with an enum, and no value is in two branches.
function markDiscriminators(node) {
  if (Array.isArray(node)) return node.forEach(markDiscriminators);
  if (!node || typeof node !== 'object') return;
  const branches = Array.isArray(node.oneOf) ? node.oneOf : [];
  const tags = branches.map((b) => (b?.required?.includes('type') && Array.isArray(b?.properties?.type?.enum) ? b.properties.type.enum : null));
  const values = tags.flat();
  if (branches.length > 1 && tags.every(Boolean) && new Set(values).size === values.length)
    node.discriminator = { propertyName: 'type' };
  Object.values(node).forEach(markDiscriminators);
}

// ADF and ARM write start/end times as local date-times without an offset for non-UTC zones (schemas README):
// accept ISO 8601 date-times with an optional offset.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?$/;

async function loadValidator() {
  if (!existsSync(schemaDir)) throw new Skip(`${process.env.SCHEDC_SHARED_DIR || '../shared'}/schemas not found`);
  let Ajv;
  try {
    Ajv = (await import('ajv-draft-04')).default;
  } catch {
    throw missingModules();
  }
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, discriminator: true });
  ajv.addFormat('date-time', DATE_TIME);
  const schemas = new Map();
  for (const file of jsonFiles(schemaDir)) {
    const rel = path.relative(schemaDir, file).split(path.sep).join('/');
    let schema;
    try {
      schema = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;  // e.g. common/manuallyAddedResources.json: not a usable schema
    }
    schema.id = `${SCHEMA_BASE}${rel}#`;  // the README: ids do not always match the paths they are referenced by
    if (rel === '2018-06-01/Microsoft.DataFactory.json') markDiscriminators(schema.definitions);
    schemas.set(`${SCHEMA_BASE}${rel}`, schema);
  }
  const dataFactory = schemas.get(DATA_FACTORY);
  if (!dataFactory) throw new Error(`${schemaDir}/2018-06-01/Microsoft.DataFactory.json not found`);
  const standIn = `${SCHEMA_BASE}common/autogeneratedResources.json`;
  if (!schemas.has(standIn)) schemas.set(standIn, autogeneratedResources(dataFactory));
  for (const schema of schemas.values()) ajv.addSchema(schema);

  const compiled = new Map();
  const get = (ref) => {
    if (!compiled.has(ref)) {
      const validate = ajv.getSchema(ref);
      if (!validate) throw new Error(`schema ${ref} not found`);
      compiled.set(ref, validate);
    }
    return compiled.get(ref);
  };
  const resourceTypes = new Map(
    Object.values(dataFactory.resourceDefinitions).flatMap((d) =>
      (d.properties?.type?.enum ?? []).map((t) => [t.toLowerCase(), t])),
  );
  return { get, resourceTypes };
}

// The Databricks bundle schema (JSON Schema with $defs, draft 2020-12 style keywords that Ajv 8 reads in its
// default mode) and the YAML parser. Returns null when the schema is absent (the caller reports the skip).
async function loadDatabricksValidator() {
  if (!existsSync(bundleSchemaFile)) return null;
  let Ajv, YAML;
  try {
    Ajv = (await import('ajv')).default;
    YAML = await import('yaml');
  } catch {
    throw missingModules();
  }
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  const schema = JSON.parse(readFileSync(bundleSchemaFile, 'utf8'));
  schema.$id = 'bundle';
  ajv.addSchema(schema);
  const job = ajv.getSchema(JOB_DEFINITION);
  const root = ajv.getSchema('bundle');
  if (!job || !root) throw new Error(`${bundleSchemaFile}: the job resource definition was not found`);
  return { job, root, YAML, rootProperties: schema.properties ?? {} };
}

// ---- checks ----------------------------------------------------------------------------------------------------

// Most values may also be an ARM expression string (oneOf [X, expression]): when X fails, Ajv also reports the
// expression branch and the oneOf itself. Those echoes are dropped where a more precise error remains.
function essential(errors) {
  const precise = errors.filter((e) => !e.schemaPath.includes('definitions.json#/definitions/expression'));
  const deeper = (e) => precise.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`));
  const kept = precise.filter((e) => !(e.keyword === 'oneOf' && deeper(e)));
  return kept.length ? kept : errors;
}

function describe(errors) {
  return essential(errors ?? []).slice(0, 12).map((e) => {
    const where = e.instancePath || '/';
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
    return `${where}: ${e.message}${extra} (${e.schemaPath})`;
  });
}

function check(validator, ref, value) {
  const validate = validator.get(ref);
  return validate(value) ? [] : describe(validate.errors);
}

// The parameter types ADF accepts in any letter case (ParameterSpecification, variables), as the schema spells them.
const PARAMETER_TYPES = new Map(
  ['Object', 'String', 'Int', 'Float', 'Bool', 'Array', 'SecureString', 'Boolean'].map((t) => [t.toLowerCase(), t]));

// `properties` with each parameters.<p>.type and variables.<v>.type spelled as the schema spells it.
function canonicalParameterTypes(properties) {
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return properties;
  const out = { ...properties };
  for (const key of ['parameters', 'variables', 'globalParameters']) {  // globalParameters: the factory file's
    const specs = properties[key];
    if (!specs || typeof specs !== 'object' || Array.isArray(specs)) continue;
    out[key] = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [
      name,
      spec && typeof spec === 'object' && typeof spec.type === 'string'
        ? { ...spec, type: PARAMETER_TYPES.get(spec.type.toLowerCase()) ?? spec.type }
        : spec,
    ]));
  }
  return out;
}

function checkAdfEntity(validator, folder, file, doc) {
  const kind = ADF_KINDS[folder];
  const problems = [];
  const keys = doc && typeof doc === 'object' && !Array.isArray(doc) ? Object.keys(doc) : [];
  const known = keys.filter((k) => k === 'name' || k === 'properties' || k === 'type' || kind.envelope?.includes(k));
  if (known.length !== keys.length || !keys.includes('name') || !keys.includes('properties'))
    problems.push(`envelope keys are [${keys}], expected name, properties and optionally type`);
  const stem = path.basename(file, '.json');
  if (doc?.name !== stem) problems.push(`name ${JSON.stringify(doc?.name)} differs from the file name ${JSON.stringify(stem)}`);
  if (doc?.type !== undefined && doc?.type?.toLowerCase?.() !== kind.type.toLowerCase())
    problems.push(`type ${JSON.stringify(doc?.type)} is not ${kind.type} (folder ${folder}/)`);
  const properties = canonicalParameterTypes(doc?.properties);
  problems.push(...check(validator, `${DATA_FACTORY}#/definitions/${kind.definition}`, properties).map((p) => `properties${p}`));
  if (problems.length === 0)
    problems.push(...check(validator, `${DATA_FACTORY}#/resourceDefinitions/${kind.resource}`,
      { name: doc.name, type: kind.type, properties, apiVersion: API_VERSION, ...(doc.location ? { location: doc.location } : {}) }));
  return problems;
}

// ARM resource types are case-insensitive; the schema's enums are not (linkedServices vs linkedservices).
function canonicalTypes(validator, value) {
  if (Array.isArray(value)) return value.map((v) => canonicalTypes(validator, v));
  if (!value || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'type' && typeof v === 'string' ? validator.resourceTypes.get(v.toLowerCase()) ?? v : canonicalTypes(validator, v);
  }
  return out;
}

function checkArmFile(validator, doc) {
  const schema = typeof doc?.$schema === 'string' ? doc.$schema.replace(/^http:/, 'https:').replace(/#$/, '') : '';
  if (!schema.startsWith(SCHEMA_BASE)) return [`$schema ${JSON.stringify(doc?.$schema)} is not an ARM schema`];
  // Parameter types as ADF accepts them (any case; Studio writes "string"), in a resource's properties as in the git
  // files: a globalparameters resource (hand-written global parameters) holds specs like a pipeline's `parameters`.
  const globals = (r) => {
    if (!r || typeof r !== 'object' || typeof r.type !== 'string') return r;
    if (r.type.toLowerCase().endsWith('/globalparameters'))
      return { ...r, properties: canonicalParameterTypes({ parameters: r.properties }).parameters };
    return r.type.toLowerCase().startsWith('microsoft.datafactory/') ? { ...r, properties: canonicalParameterTypes(r.properties) } : r;
  };
  const resources = Array.isArray(doc.resources) ? { ...doc, resources: canonicalTypes(validator, doc.resources.map(globals)) } : doc;
  return check(validator, `${schema}#`, resources);
}

function databricksProblems(validate, value) {
  if (validate(value)) return [];
  // Every scalar of the bundle schema is oneOf [the type, an interpolation string]: keep the precise errors.
  const errors = validate.errors ?? [];
  const precise = errors.filter((e) => !(e.keyword === 'pattern' || e.keyword === 'oneOf' || (e.keyword === 'type' && e.params?.type === 'string')));
  return (precise.length ? precise : errors).slice(0, 12).map((e) => `${e.instancePath || '/'}: ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

function checkJobBody(dbx, file, doc) {
  const problems = databricksProblems(dbx.job, doc);
  const stem = path.basename(file, '.json');
  if (doc?.name !== stem) problems.push(`name ${JSON.stringify(doc?.name)} differs from the file name ${JSON.stringify(stem)}`);
  return problems;
}

function checkBundleFile(dbx, text) {
  const parsed = dbx.YAML.parseDocument(text, { uniqueKeys: true, strict: true });
  if (parsed.errors.length) return parsed.errors.map((e) => `YAML: ${e.message}`);
  const doc = parsed.toJS();
  // The schema's root accepts any extra key (additionalProperties {}); schedc writes only the root's properties.
  const known = Object.keys(dbx.rootProperties);
  const extra = doc && typeof doc === 'object' ? Object.keys(doc).filter((k) => !known.includes(k)) : [];
  return [...extra.map((k) => `/: unknown top-level key ${JSON.stringify(k)}`), ...databricksProblems(dbx.root, doc)];
}

function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, suffix));
    else if (entry.name.endsWith(suffix)) out.push(full);
  }
  return out.sort();
}

function listAdf(outDir) {
  const adfDir = path.join(outDir, 'adf');
  if (!existsSync(adfDir)) return { files: [], problems: [] };
  const files = [];
  const problems = [];
  for (const entry of readdirSync(adfDir, { withFileTypes: true })) {
    const rel = `adf/${entry.name}`;
    // Root files of the folder that are not entities (copied from --adf folders).
    if (entry.isFile() && ['arm-template-parameters-definition.json', 'publish_config.json'].includes(entry.name)) continue;
    if (!entry.isDirectory() || !ADF_KINDS[entry.name]) {
      problems.push({ file: rel, problems: [`unexpected entry: adf/ holds only ${Object.keys(ADF_KINDS).filter((k) => k !== 'managedPrivateEndpoint').join('/, ')}/`] });
      continue;
    }
    for (const item of readdirSync(path.join(adfDir, entry.name), { withFileTypes: true })) {
      if (item.isFile() && item.name.endsWith('.json')) files.push({ folder: entry.name, file: path.join(adfDir, entry.name, item.name) });
      else if (item.isDirectory() && entry.name === 'managedVirtualNetwork') {
        // managedVirtualNetwork/<network>/managedPrivateEndpoint/<name>.json
        for (const sub of readdirSync(path.join(adfDir, entry.name, item.name), { withFileTypes: true })) {
          const dir = path.join(adfDir, entry.name, item.name, sub.name);
          if (!sub.isDirectory() || sub.name !== 'managedPrivateEndpoint') {
            problems.push({ file: `${rel}/${item.name}/${sub.name}`, problems: ['unexpected entry: not managedPrivateEndpoint/'] });
            continue;
          }
          for (const f of readdirSync(dir, { withFileTypes: true })) {
            if (f.isFile() && f.name.endsWith('.json')) files.push({ folder: 'managedPrivateEndpoint', file: path.join(dir, f.name) });
            else problems.push({ file: `${rel}/${item.name}/${sub.name}/${f.name}`, problems: ['unexpected entry: not a .json file'] });
          }
        }
      } else problems.push({ file: `${rel}/${item.name}`, problems: ['unexpected entry: not a .json file'] });
    }
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, problems };
}

function readJson(file) {
  const text = readFileSync(file, 'utf8');
  return JSON.parse(text);
}

// Returns { count, counts, failures: [{file, problems}] }. `dbx` (the Databricks validator) may be null: then the
// databricks/ files are counted as skipped.
function validateDir(validator, outDir, dbx = null) {
  const { files, problems: failures } = listAdf(outDir);
  const counts = {};
  const run = (file, label, fn) => {
    counts[label] = (counts[label] ?? 0) + 1;
    let problems;
    try {
      problems = fn(readJson(file));
    } catch (e) {
      problems = [`cannot read: ${e.message}`];
    }
    if (problems.length) failures.push({ file: path.relative(outDir, file), problems });
  };
  for (const { folder, file } of files) run(file, folder, (doc) => checkAdfEntity(validator, folder, file, doc));
  const armDir = path.join(outDir, 'arm');
  const release = path.join(armDir, 'release.json');  // schedc's release file, not an ARM file
  if (existsSync(armDir))
    for (const file of jsonFiles(armDir)) if (file !== release) run(file, 'arm', (doc) => checkArmFile(validator, doc));
  const jobs = filesUnder(path.join(outDir, 'databricks', 'jobs'), '.json');
  const bundles = filesUnder(path.join(outDir, 'databricks', 'bundle'), '.yml');
  if (dbx) {
    for (const file of jobs) run(file, 'databricks job', (doc) => checkJobBody(dbx, file, doc));
    for (const file of bundles) {
      counts['databricks bundle'] = (counts['databricks bundle'] ?? 0) + 1;
      const problems = checkBundleFile(dbx, readFileSync(file, 'utf8'));
      if (problems.length) failures.push({ file: path.relative(outDir, file), problems });
    }
  } else if (jobs.length + bundles.length) {
    counts['databricks (SKIPPED: no schemas/databricks)'] = jobs.length + bundles.length;
  }
  const count = Object.values(counts).reduce((a, b) => a + b, 0);
  return { count, counts, failures };
}

function report(outDir, result) {
  for (const { file, problems } of result.failures) {
    console.log(`INVALID ${file}`);
    for (const p of problems) console.log(`  ${p}`);
  }
  const summary = Object.entries(result.counts).map(([k, v]) => `${k}: ${v}`).join(', ');
  if (result.count === 0) {
    console.error(`ERROR: no adf/ or arm/ JSON files in ${outDir}`);
    return 1;
  }
  console.log(`${result.failures.length ? 'FAILED' : 'OK'}: ${result.count} files (${summary}), ${result.failures.length} invalid`);
  return result.failures.length ? 1 : 0;
}

// ---- self-test -------------------------------------------------------------------------------------------------

const expression = (value) => ({ value, type: 'Expression' });

function goodFiles() {
  const notebook = {
    name: 'run_notebook',
    type: 'DatabricksNotebook',
    dependsOn: [{ activity: 'wait_1_file', dependencyConditions: ['Succeeded'] }],
    policy: { timeout: '0.03:00:00', retry: 2, retryIntervalInSeconds: 300, secureOutput: false, secureInput: false },
    userProperties: [],
    typeProperties: { notebookPath: '/Repos/a/b', baseParameters: { d: expression('@{pipeline().parameters.scheduledTime}') } },
    linkedServiceName: { referenceName: 'ls_dbx', type: 'LinkedServiceReference' },
  };
  const wait = {
    name: 'wait_1_file',
    type: 'Validation',
    dependsOn: [],
    userProperties: [],
    typeProperties: {
      dataset: { referenceName: 'ds_file', type: 'DatasetReference', parameters: { container: 'c', folder: 'f', file: 'x' } },
      timeout: '0.02:00:00',
      sleep: 600,
    },
  };
  const check = {
    name: 'check_2_model',
    type: 'IfCondition',
    dependsOn: [],
    userProperties: [],
    typeProperties: {
      expression: expression("@activity('check_2_model_meta').output.exists"),
      ifFalseActivities: [
        { name: 'check_2_model_missing', type: 'Fail', dependsOn: [], userProperties: [], typeProperties: { message: 'missing', errorCode: 'E' } },
      ],
    },
  };
  const marker = {
    name: 'write_success_marker',
    type: 'WebActivity',
    dependsOn: [{ activity: 'run_notebook', dependencyConditions: ['Succeeded'] }],
    userProperties: [],
    typeProperties: { method: 'PUT', url: 'https://a.blob.core.windows.net/c/x', body: '{}', authentication: { type: 'MSI', resource: 'https://storage.azure.com' } },
  };
  return {
    // Studio-shaped files, written (not copied) after the conventions of real factories' git folders: envelope
    // {name, properties} ({name, type, properties} for linked services), a lower-case parameter type, Studio's
    // SetVariable policy and GetMetadata storeSettings, a Key Vault linked service, a new-cluster Databricks linked
    // service as current Studio writes it (clusterOption and dataSecurityMode, which the ADF schema does not list),
    // a started trigger; the pipeline in the variant some Studio versions save (lastPublishTime, and the entity's
    // `type` after its properties).
    'adf/pipeline/pl_studio.json': {
      name: 'pl_studio',
      properties: {
        activities: [
          {
            name: 'Get Metadata1',
            type: 'GetMetadata',
            dependsOn: [],
            policy: { timeout: '0.12:00:00', retry: 0, retryIntervalInSeconds: 30, secureOutput: false, secureInput: false },
            userProperties: [],
            typeProperties: {
              dataset: { referenceName: 'ds_file', type: 'DatasetReference', parameters: { container: 'c', folder: 'f', file: 'x' } },
              fieldList: ['exists'],
              storeSettings: { type: 'AzureBlobFSReadSettings', recursive: true, enablePartitionDiscovery: false },
              formatSettings: { type: 'BinaryReadSettings' },
            },
          },
          {
            name: 'Set variable1',
            type: 'SetVariable',
            dependsOn: [{ activity: 'Get Metadata1', dependencyConditions: ['Succeeded'] }],
            policy: { secureOutput: false, secureInput: false },
            userProperties: [],
            typeProperties: { variableName: 'found', value: expression("@string(activity('Get Metadata1').output.exists)") },
          },
        ],
        parameters: { run_date: { type: 'string', defaultValue: '' } },
        variables: { found: { type: 'String' } },
        annotations: [],
        lastPublishTime: '2026-03-16T00:30:25Z',
      },
      type: 'Microsoft.DataFactory/factories/pipelines',
    },
    'adf/linkedService/ls_akv.json': {
      name: 'ls_akv',
      type: 'Microsoft.DataFactory/factories/linkedservices',
      properties: { annotations: [], type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://kv-example.vault.azure.net/' } },
    },
    'adf/linkedService/ls_dbx_studio.json': {
      name: 'ls_dbx_studio',
      type: 'Microsoft.DataFactory/factories/linkedservices',
      properties: {
        annotations: [],
        type: 'AzureDatabricks',
        typeProperties: {
          domain: 'https://adb-1.1.azuredatabricks.net',
          authentication: 'MSI',
          workspaceResourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Databricks/workspaces/w',
          newClusterNodeType: 'Standard_D4ds_v5',
          newClusterNumOfWorker: '1:4',
          newClusterSparkEnvVars: { PYSPARK_PYTHON: '/databricks/python3/bin/python3' },
          newClusterVersion: '15.4.x-scala2.12',
          clusterOption: 'Autoscaling',
          newClusterInitScripts: [],
          dataSecurityMode: 'SINGLE_USER',
        },
      },
    },
    'adf/trigger/tr_studio.json': {
      name: 'tr_studio',
      properties: {
        annotations: [],
        runtimeState: 'Started',
        pipelines: [{ pipelineReference: { referenceName: 'pl_studio', type: 'PipelineReference' }, parameters: {} }],
        type: 'ScheduleTrigger',
        typeProperties: {
          recurrence: { frequency: 'Day', interval: 1, startTime: '2025-01-01T05:00:00', timeZone: 'W. Europe Standard Time',
            schedule: { minutes: [0], hours: [5] } },
        },
      },
    },
    'adf/pipeline/pl_a.json': {
      name: 'pl_a',
      properties: {
        activities: [wait, check, notebook, marker],
        concurrency: 1,
        parameters: { scheduledTime: { type: 'String' } },
        annotations: [],
      },
      type: ADF_KINDS.pipeline.type,
    },
    'adf/trigger/tr_a.json': {
      name: 'tr_a',
      properties: {
        annotations: [],
        runtimeState: 'Stopped',
        pipelines: [{ pipelineReference: { referenceName: 'pl_a', type: 'PipelineReference' }, parameters: { scheduledTime: '@trigger().scheduledTime' } }],
        type: 'ScheduleTrigger',
        typeProperties: {
          recurrence: {
            frequency: 'Week',
            interval: 1,
            startTime: '2025-01-01T00:00:00',
            timeZone: 'W. Europe Standard Time',
            schedule: { minutes: [30], hours: [2], weekDays: ['Monday'] },
          },
        },
      },
      type: ADF_KINDS.trigger.type,
    },
    'adf/linkedService/ls_dbx.json': {
      name: 'ls_dbx',
      properties: {
        annotations: [],
        type: 'AzureDatabricks',
        typeProperties: { domain: 'https://adb-1.1.azuredatabricks.net', authentication: 'MSI', workspaceResourceId: '/subscriptions/s', existingClusterId: '0101' },
      },
      type: ADF_KINDS.linkedService.type,
    },
    'adf/dataset/ds_file.json': {
      name: 'ds_file',
      properties: {
        linkedServiceName: { referenceName: 'ls_adls', type: 'LinkedServiceReference' },
        parameters: { container: { type: 'String' } },
        annotations: [],
        type: 'Binary',
        typeProperties: { location: { type: 'AzureBlobFSLocation', fileSystem: expression('@dataset().container') } },
      },
      type: ADF_KINDS.dataset.type,
    },
    'arm/ARMTemplateForFactory.json': {
      $schema: 'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { factoryName: { type: 'string' } },
      variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
      resources: [
        {
          name: "[concat(parameters('factoryName'), '/ls_dbx')]",
          type: 'Microsoft.DataFactory/factories/linkedServices',
          apiVersion: API_VERSION,
          properties: { annotations: [], type: 'AzureDatabricks', typeProperties: { domain: 'https://adb-1.1.azuredatabricks.net' } },
          dependsOn: [],
        },
      ],
    },
  };
}

const clone = (value) => JSON.parse(JSON.stringify(value));

// Each case breaks one thing the schema (or the envelope check) must catch.
const BROKEN = {
  'activity type misspelled': ['adf/pipeline/pl_a.json', (d) => { d.properties.activities[2].type = 'DatabricksNotebok'; }],
  'nested Fail without errorCode': ['adf/pipeline/pl_a.json', (d) => { delete d.properties.activities[1].typeProperties.ifFalseActivities[0].typeProperties.errorCode; }],
  'IfCondition without expression': ['adf/pipeline/pl_a.json', (d) => { delete d.properties.activities[1].typeProperties.expression; }],
  'web method not allowed': ['adf/pipeline/pl_a.json', (d) => { d.properties.activities[3].typeProperties.method = 'PATCH'; }],
  'activity without name': ['adf/pipeline/pl_a.json', (d) => { delete d.properties.activities[0].name; }],
  'retry interval below 30 s': ['adf/pipeline/pl_a.json', (d) => { d.properties.activities[2].policy.retryIntervalInSeconds = 10; }],
  'dependency condition misspelled': ['adf/pipeline/pl_a.json', (d) => { d.properties.activities[2].dependsOn[0].dependencyConditions = ['Success']; }],
  'parameter type unknown': ['adf/pipeline/pl_a.json', (d) => { d.properties.parameters.scheduledTime.type = 'Text'; }],
  'envelope without properties': ['adf/trigger/tr_a.json', (d) => { delete d.properties; }],
  'notebook without notebookPath': ['adf/pipeline/pl_a.json', (d) => { delete d.properties.activities[2].typeProperties.notebookPath; }],
  'validation without dataset': ['adf/pipeline/pl_a.json', (d) => { delete d.properties.activities[0].typeProperties.dataset; }],
  'concurrency 0': ['adf/pipeline/pl_a.json', (d) => { d.properties.concurrency = 0; }],
  'frequency misspelled': ['adf/trigger/tr_a.json', (d) => { d.properties.typeProperties.recurrence.frequency = 'Weekly'; }],
  'week day abbreviated': ['adf/trigger/tr_a.json', (d) => { d.properties.typeProperties.recurrence.schedule.weekDays = ['Mon']; }],
  'start time not a date-time': ['adf/trigger/tr_a.json', (d) => { d.properties.typeProperties.recurrence.startTime = '2025-01-01 00:00'; }],
  'trigger without typeProperties': ['adf/trigger/tr_a.json', (d) => { delete d.properties.typeProperties; }],
  'databricks without domain': ['adf/linkedService/ls_dbx.json', (d) => { delete d.properties.typeProperties.domain; }],
  'linked service type unknown': ['adf/linkedService/ls_dbx.json', (d) => { d.properties.type = 'AzureDataBricks'; }],
  'dataset without linked service': ['adf/dataset/ds_file.json', (d) => { delete d.properties.linkedServiceName; }],
  'dataset location type unknown': ['adf/dataset/ds_file.json', (d) => { d.properties.typeProperties.location.type = 'AzureBlobFS'; }],
  'envelope type of another kind': ['adf/pipeline/pl_a.json', (d) => { d.type = ADF_KINDS.trigger.type; }],
  'envelope with an extra key': ['adf/pipeline/pl_a.json', (d) => { d.etag = 'x'; }],
  'name differs from file name': ['adf/dataset/ds_file.json', (d) => { d.name = 'ds_other'; }],
  'name with a dot': ['adf/dataset/ds_file.json', (d, files) => { d.name = 'ds.file'; files.rename = 'adf/dataset/ds.file.json'; }],
  'ARM resource with a wrong apiVersion': ['arm/ARMTemplateForFactory.json', (d) => { d.resources[0].apiVersion = '2017-09-01-preview'; }],
  'ARM template without resources': ['arm/ARMTemplateForFactory.json', (d) => { delete d.resources; }],
};

function writeFiles(dir, files) {
  for (const [rel, doc] of Object.entries(files)) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    // ADF Studio's files end without a newline; the others with one.
    writeFileSync(full, rel.startsWith('adf/') ? JSON.stringify(doc, null, '\t') : `${JSON.stringify(doc, null, '\t')}\n`);
  }
}

function selfTest(validator) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'schedc-schema-self-test-'));
  let wrong = 0;
  try {
    const goodDir = path.join(root, 'good');
    writeFiles(goodDir, goodFiles());
    const good = validateDir(validator, goodDir);
    if (good.failures.length || good.count !== Object.keys(goodFiles()).length) {
      wrong++;
      console.error('FAIL good documents were rejected:');
      report(goodDir, good);
    } else {
      console.log(`ok   good documents accepted (${good.count} files)`);
    }
    for (const [label, [target, breakIt]] of Object.entries(BROKEN)) {
      const files = goodFiles();
      const doc = clone(files[target]);
      const extra = {};
      breakIt(doc, extra);
      delete files[target];
      files[extra.rename ?? target] = doc;
      const dir = path.join(root, label.replace(/[^A-Za-z0-9]+/g, '_'));
      writeFiles(dir, files);
      const result = validateDir(validator, dir);
      const caught = result.failures.length === 1 && result.failures[0].file === (extra.rename ?? target);
      if (!caught) wrong++;
      console.log(`${caught ? 'ok  ' : 'FAIL'} rejects: ${label}${caught ? `  [${result.failures[0].problems[0]}]` : ''}`);
      if (!caught) for (const f of result.failures) console.log(`       ${f.file}: ${f.problems[0]}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const total = Object.keys(BROKEN).length + 1;
  console.log(`self-test: ${total - wrong}/${total} cases behaved as expected`);
  return wrong ? 1 : 0;
}

// The Databricks checks accept a good job body and bundle and reject broken ones.
function databricksSelfTest(dbx) {
  const job = () => ({
    name: 'm_dd',
    tags: { schedc_model: 'm' },
    tasks: [{ task_key: 'm', notebook_task: { notebook_path: '/Repos/a/b', source: 'WORKSPACE' }, job_cluster_key: 'cluster',
      timeout_seconds: 60, max_retries: 1, min_retry_interval_millis: 30000 }],
    job_clusters: [{ job_cluster_key: 'cluster', new_cluster: { spark_version: '15.4.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 2 } }],
    max_concurrent_runs: 1,
    queue: { enabled: true },
    schedule: { quartz_cron_expression: '0 0 5 ? * MON', timezone_id: 'Europe/Amsterdam', pause_status: 'PAUSED' },
    parameters: [{ name: 'd', default: '{{job.trigger.time.iso_date}}' }],
  });
  const bundle = 'bundle:\n  name: "x"\ninclude:\n  - "resources/*.job.yml"\ntargets:\n  dd:\n    workspace:\n      host: "https://adb-1.1.azuredatabricks.net"\n';
  const resource = (settings) => `resources:\n  jobs:\n    m:\n      name: ${JSON.stringify(settings.name)}\n      max_concurrent_runs: ${settings.max_concurrent_runs}\n`;
  const cases = [
    ['good job body', () => checkJobBody(dbx, 'm_dd.json', job()), false],
    ['good bundle', () => checkBundleFile(dbx, bundle), false],
    ['good resource file', () => checkBundleFile(dbx, resource(job())), false],
    ['job with an unknown key', () => checkJobBody(dbx, 'm_dd.json', { ...job(), max_runs: 1 }), true],
    ['task without task_key', () => { const j = job(); delete j.tasks[0].task_key; return checkJobBody(dbx, 'm_dd.json', j); }, true],
    ['pause_status misspelled', () => { const j = job(); j.schedule.pause_status = 'STOPPED'; return checkJobBody(dbx, 'm_dd.json', j); }, true],
    ['schedule without timezone_id', () => { const j = job(); delete j.schedule.timezone_id; return checkJobBody(dbx, 'm_dd.json', j); }, true],
    ['parameter without default', () => { const j = job(); delete j.parameters[0].default; return checkJobBody(dbx, 'm_dd.json', j); }, true],
    ['name differs from the file name', () => checkJobBody(dbx, 'other.json', job()), true],
    ['bundle with an unknown top-level key', () => checkBundleFile(dbx, `${bundle}jobs: {}\n`), true],
    ['bundle with a duplicate key', () => checkBundleFile(dbx, `${bundle}bundle:\n  name: "y"\n`), true],
    ['resource with a string for a number', () => checkBundleFile(dbx, resource({ ...job(), max_concurrent_runs: '"one"' })), true],
  ];
  let wrong = 0;
  for (const [label, run, broken] of cases) {
    const problems = run();
    const ok = broken ? problems.length > 0 : problems.length === 0;
    if (!ok) wrong++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} databricks: ${broken ? 'rejects' : 'accepts'} ${label}${problems.length ? `  [${problems[0]}]` : ''}`);
  }
  console.log(`databricks self-test: ${cases.length - wrong}/${cases.length} cases behaved as expected`);
  return wrong ? 1 : 0;
}

// ---- main ------------------------------------------------------------------------------------------------------

async function main(args) {
  const usage = 'usage: node validate.mjs <out_dir>... | --self-test';
  if (args.length < 1 || (args[0] === '--self-test' && args.length !== 1)) {
    console.error(usage);
    return 2;
  }
  for (const dir of args) {
    if (dir !== '--self-test' && !(existsSync(dir) && statSync(dir).isDirectory())) {
      console.error(`ERROR: ${dir} is not a directory\n${usage}`);
      return 1;
    }
  }
  let validator;
  try {
    validator = await loadValidator();
  } catch (e) {
    if (!(e instanceof Skip)) throw e;
    return cannotCheck(e.message, e.message);
  }
  const dbx = await loadDatabricksValidator();
  if (!dbx && cannotCheck(`${bundleSchemaFile} not found`, `Databricks files (${bundleSchemaFile} not found)`) === 1)
    return 1;  // elsewhere the other files are still checked
  if (args[0] === '--self-test') return Math.max(selfTest(validator), dbx ? databricksSelfTest(dbx) : 0);
  let status = 0;
  for (const dir of args) status = Math.max(status, report(dir, validateDir(validator, dir, dbx)));
  return status;
}

process.exitCode = await main(process.argv.slice(2));
