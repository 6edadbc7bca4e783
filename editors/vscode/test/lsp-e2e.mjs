// Drives `schedc lsp` over stdio with the JSON-RPC and protocol libraries VS Code's own client uses, through a whole
// session: initialize, open, diagnostics, edit, diagnostics cleared, hover, definition, references, document
// symbols, completion, formatting (compared with what `schedc fmt` writes), shutdown, exit.
// Usage: node test/lsp-e2e.mjs SCHEDC STDLIB_DIR
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import rpc from "vscode-jsonrpc/node.js";
import lsp from "vscode-languageserver-protocol";

const [schedc, stdlib] = process.argv.slice(2);
if (!schedc) {
  console.error("usage: node test/lsp-e2e.mjs SCHEDC [STDLIB_DIR]");
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "schedc-lsp-e2e-"));
const platform = `environment dd { trigger = stopped }
environment prod { trigger = started }
project { git_environment = dd }
workspace analytics {
  url = per_env { dd = "https://adb-1.1.azuredatabricks.net"  prod = "https://adb-2.2.azuredatabricks.net" }
  resource_id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w"
}
storage lake { url = "https://lake.dfs.core.windows.net" }
`;
const models = `use std.clusters
model scoring {
  owner = "a@b.co"  notebook = "/n"  workspace = analytics  cluster = clusters.general
  schedule = cron "0 6 * * *" in "Europe/Amsterdam"  timeout = 1h
  requires { file "raw/x/_SUCCESS" in lake check }
}
`;
fs.writeFileSync(path.join(dir, "platform.sched"), platform);
fs.writeFileSync(path.join(dir, "models.sched"), models);
const uri = (name) => pathToFileURL(path.join(dir, name)).href;
const at = (text, needle, delta = 0) => {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
};

const env = { ...process.env };
if (stdlib) env.SCHEDC_STDLIB = stdlib;
const server = spawn(schedc, ["lsp", "--stdio"], { stdio: ["pipe", "pipe", "pipe"], env });
let stderr = "";
server.stderr.on("data", (d) => (stderr += d));
const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));

const published = new Map();
const waiters = [];
connection.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
  published.set(p.uri, p.diagnostics);
  for (const w of waiters.splice(0)) w();
});
const diagnosticsOf = async (u, predicate) => {
  const deadline = Date.now() + 20000;
  while (!(published.has(u) && predicate(published.get(u)))) {
    if (Date.now() > deadline) throw new Error(`no diagnostics as expected for ${u}: ${JSON.stringify(published.get(u))}`);
    await new Promise((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 200);
    });
  }
  return published.get(u);
};
connection.listen();

try {
  const init = await connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "repo" }],
    initializationOptions: { now: "2026-03-28T00:00:00Z" },
  });
  assert.equal(init.capabilities.positionEncoding, "utf-16");
  assert.equal(init.capabilities.hoverProvider, true);
  await connection.sendNotification(lsp.InitializedNotification.type, {});

  // An unknown storage in the editor's text: SCH2001 at the name.
  const broken = models.replace("in lake", "in laek");
  await connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uri("models.sched"), languageId: "sched", version: 1, text: broken },
  });
  const diags = await diagnosticsOf(uri("models.sched"), (d) => d.length > 0);
  assert.equal(diags.length, 1, JSON.stringify(diags));
  assert.equal(diags[0].code, "SCH2001");
  assert.deepEqual(diags[0].range.start, at(broken, "laek"));

  // Fixed by an incremental change: cleared.
  const start = at(broken, "laek");
  await connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri("models.sched"), version: 2 },
    contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 4 } }, text: "lake" }],
  });
  await diagnosticsOf(uri("models.sched"), (d) => d.length === 0);

  const hover = await connection.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: uri("models.sched") },
    position: at(models, "model scoring", 7),
  });
  assert.match(hover.contents.value, /\*\*model\*\* `scoring`/);
  assert.match(hover.contents.value, /2026-03-29/);

  const definition = await connection.sendRequest(lsp.DefinitionRequest.type, {
    textDocument: { uri: uri("models.sched") },
    position: at(models, "in lake", 4),
  });
  assert.equal(definition.length, 1);
  assert.equal(definition[0].uri, uri("platform.sched"));
  assert.deepEqual(definition[0].range.start, at(platform, "lake"));

  const references = await connection.sendRequest(lsp.ReferencesRequest.type, {
    textDocument: { uri: uri("platform.sched") },
    position: at(platform, "analytics", 1),
    context: { includeDeclaration: true },
  });
  assert.equal(references.length, 2);

  const symbols = await connection.sendRequest(lsp.DocumentSymbolRequest.type, { textDocument: { uri: uri("models.sched") } });
  assert.deepEqual(symbols.map((s) => s.name), ["scoring"]);

  const completion = await connection.sendRequest(lsp.CompletionRequest.type, {
    textDocument: { uri: uri("models.sched") },
    position: at(models, "lake check", 0),
  });
  assert.deepEqual((Array.isArray(completion) ? completion : completion.items).map((c) => c.label), ["lake"]);

  // Formatting: the edit gives exactly what `schedc fmt` writes for the same text.
  assert.equal(init.capabilities.documentFormattingProvider, true);
  const messy = models.replace("model scoring {", "model   scoring    {").replace("  owner", "      owner");
  const fmtDir = fs.mkdtempSync(path.join(os.tmpdir(), "schedc-lsp-e2e-fmt-"));
  fs.writeFileSync(path.join(fmtDir, "messy.sched"), messy);
  const fmtRun = spawnSync(schedc, ["fmt", path.join(fmtDir, "messy.sched")], { env, encoding: "utf8" });
  assert.equal(fmtRun.status, 0, fmtRun.stderr);
  const expected = fs.readFileSync(path.join(fmtDir, "messy.sched"), "utf8");
  fs.rmSync(fmtDir, { recursive: true, force: true });
  assert.notEqual(expected, messy);
  await connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri("models.sched"), version: 3 },
    contentChanges: [{ text: messy }],
  });
  const edits = await connection.sendRequest(lsp.DocumentFormattingRequest.type, {
    textDocument: { uri: uri("models.sched") },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.equal(edits.length, 1, JSON.stringify(edits));
  assert.deepEqual(edits[0].range.start, { line: 0, character: 0 });
  assert.deepEqual(edits[0].range.end, at(messy, "", messy.length));
  assert.equal(edits[0].newText, expected);

  await assert.rejects(connection.sendRequest("no/such/method", {}), (e) => e.code === -32601);

  await connection.sendRequest(lsp.ShutdownRequest.type);
  await connection.sendNotification(lsp.ExitNotification.type);
  const code = await exited;
  assert.equal(code, 0, `exit code ${code}; stderr: ${stderr}`);
  console.log("lsp-e2e: a whole session passed");
} catch (e) {
  console.error(e);
  console.error("server stderr:\n" + stderr);
  server.kill();
  process.exitCode = 1;
} finally {
  connection.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}
