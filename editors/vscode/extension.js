// The VS Code client of `schedc lsp`: starts the server (setting `schedc.path`) for .sched files and restarts it on
// the command "schedc: Restart the language server".
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function makeClient() {
  const config = vscode.workspace.getConfiguration("schedc");
  const explainUrl = config.get("explainUrl");
  const serverOptions = { command: config.get("path") || "schedc", args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "sched" }],
    // `index` and `adf` as `schedc check --index FILE --adf DIR` takes them (relative to the first folder).
    initializationOptions: { ...(explainUrl ? { explainUrl } : {}), index: config.get("index") || "", adf: config.get("adf") || [] },
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{sched,json}"),
      configurationSection: "schedc",
    },
  };
  return new LanguageClient("schedc", "schedc", serverOptions, clientOptions);
}

async function activate(context) {
  client = makeClient();
  context.subscriptions.push(
    vscode.commands.registerCommand("schedc.restartServer", async () => {
      if (client) await client.stop();
      client = makeClient();
      await client.start();
    }),
  );
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
