// Tokenizes every .sched file under the given directories with the extension's grammar (VS Code's own TextMate
// engine) and fails if any valid file gets an `invalid` scope: the annotated samples test each construct, this
// tests that the grammar takes every real file. Files under a folder named `errors` (the error goldens) are skipped:
// they are invalid on purpose.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async () =>
    vsctm.parseRawGrammar(fs.readFileSync(path.join(here, "../syntaxes/sched.tmLanguage.json"), "utf8"), "sched.tmLanguage.json"),
});
const grammar = await registry.loadGrammar("source.sched");

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "errors" && !entry.name.startsWith(".") && entry.name !== "node_modules") yield* files(p);
    else if (entry.isFile() && entry.name.endsWith(".sched")) yield p;
  }
}

let checked = 0;
const problems = [];
for (const dir of process.argv.slice(2)) {
  for (const file of files(dir)) {
    checked++;
    let rule = vsctm.INITIAL;
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((line, i) => {
      const r = grammar.tokenizeLine(line, rule);
      for (const t of r.tokens)
        if (t.scopes.some((s) => s.startsWith("invalid")))
          problems.push(`${file}:${i + 1}:${t.startIndex + 1}: ${JSON.stringify(line.slice(t.startIndex, t.endIndex))} is ${t.scopes.join(" ")}`);
      rule = r.ruleStack;
    });
  }
}
if (checked === 0) {
  console.error("grammar-corpus: no .sched files found");
  process.exit(1);
}
for (const p of problems) console.error(p);
console.log(`grammar-corpus: ${checked} files, ${problems.length} invalid tokens`);
process.exit(problems.length ? 1 : 0);
