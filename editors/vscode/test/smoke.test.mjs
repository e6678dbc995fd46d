// Unit-level checks of the extension that need no VS Code: the manifest matches the code and
// the server's settings, the bundle loads, the critical-path reading, and the injection
// grammar's scopes on real lines of a tasks.md (tokenized with VS Code's own TextMate engine).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const source = readFileSync(join(root, "src", "extension.ts"), "utf8");

test("every contributed command is registered, and every setting the server reads is contributed", () => {
  for (const { command } of manifest.contributes.commands) {
    assert.ok(source.includes(`"${command}"`), `${command} is not registered in src/extension.ts`);
  }
  const properties = Object.keys(manifest.contributes.configuration.properties);
  const serverKeys = /SERVER_KEYS = \[([^\]]*)\]/.exec(source)[1].match(/"[^"]+"/g).map((k) => JSON.parse(k));
  assert.deepEqual(serverKeys.sort(), ["daysPerWeek", "hoursPerDay", "kiroImplicitDependencies", "labels", "priorities", "requiredFields", "severity", "specKitImplicitDependencies", "types", "specKitTaskLenses", "estimateHints", "expansionHints", "scheduleHints", "docsUrl"].sort());
  for (const key of [...serverKeys, "server.path", "files", "trace.server"]) {
    assert.ok(properties.includes(`tasklens.${key}`), `tasklens.${key} is not contributed`);
  }
  assert.deepEqual(manifest.contributes.configuration.properties["tasklens.files"].default, ["**/tasks.md", "**/*-tasks.md"]);
});

test("the bundle loads against a stub vscode module and exports activate and deactivate", () => {
  const bundle = join(root, "dist", "extension.js");
  assert.ok(existsSync(bundle), "dist/extension.js is missing: run `npm run build` first");
  const Module = require("node:module");
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === "vscode" ? join(here, "vscode-stub.cjs") : resolve.call(this, request, ...rest);
  };
  try {
    const extension = require(bundle);
    assert.equal(typeof extension.activate, "function");
    assert.equal(typeof extension.deactivate, "function");
  } finally {
    Module._resolveFilename = resolve;
  }
});

test("the critical path is read from the task lenses, in schedule order", async () => {
  const code = transformSync(readFileSync(join(root, "src", "critical.ts"), "utf8"), { loader: "ts", format: "esm" }).code;
  const { criticalSteps } = await import("data:text/javascript;base64," + Buffer.from(code).toString("base64"));
  const lines = { 3: "#### Task 1.2: Second", 1: "#### Task 1.1: First", 5: "#### Task 2.1: Off the path" };
  const steps = criticalSteps(
    [
      { line: 0, title: "critical path: 1.1 → 1.2 (10h)" },
      { line: 3, title: "critical path · starts at 4h · 0h slack · blocks 1" },
      { line: 1, title: "critical path · starts at 0h · 0h slack · blocks 1" },
      { line: 5, title: "starts at 0h · slack 6h" },
    ],
    (line) => lines[line],
  );
  assert.deepEqual(
    steps.map((s) => [s.line, s.heading]),
    [
      [1, "Task 1.1: First"],
      [3, "Task 1.2: Second"],
    ],
  );
});

test("without task lenses the critical path is read from the lines the document's lens lists", async () => {
  const code = transformSync(readFileSync(join(root, "src", "critical.ts"), "utf8"), { loader: "ts", format: "esm" }).code;
  const { criticalSteps } = await import("data:text/javascript;base64," + Buffer.from(code).toString("base64"));
  const lines = { 4: "- [ ] T002 Second", 2: "- [ ] T001 First" };
  const steps = criticalSteps([{ line: 0, title: "critical path: T001 → T002 (2 tasks)" }], (line) => lines[line], [2, 4]);
  assert.deepEqual(
    steps.map((s) => [s.line, s.heading]),
    [
      [2, "T001 First"],
      [4, "T002 Second"],
    ],
  );
});

test("the machine-scoped server path opens in the Remote tab on a remote machine or in a browser", async () => {
  const code = transformSync(readFileSync(join(root, "src", "scope.ts"), "utf8"), { loader: "ts", format: "esm" }).code;
  const { machineSettingCommand } = await import("data:text/javascript;base64," + Buffer.from(code).toString("base64"));
  assert.deepEqual(machineSettingCommand("tasklens.server.path", undefined, false), {
    command: "workbench.action.openSettings",
    argument: "tasklens.server.path",
  });
  for (const [remote, web] of [["ssh-remote", false], [undefined, true]]) {
    assert.deepEqual(machineSettingCommand("tasklens.server.path", remote, web), {
      command: "workbench.action.openRemoteSettings",
      argument: { query: "tasklens.server.path" },
    });
  }
});

test("the lenses' command is registered", () => {
  assert.ok(source.includes('registerCommand("tasklens.showTasks"'), "tasklens.showTasks is not registered");
});

test("the injection grammar scopes task IDs, dependency references and field labels", async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const injection = JSON.parse(readFileSync(join(root, "..", "..", "grammars", "tasklens.injection.tmLanguage.json"), "utf8"));
  assert.equal(manifest.contributes.grammars[0].scopeName, injection.scopeName);
  // A host with no rules of its own: what is scoped comes from the injection.
  const host = { scopeName: "text.html.markdown", patterns: [] };
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === host.scopeName ? host : scope === injection.scopeName ? injection : null,
    getInjections: (scope) => (scope === host.scopeName ? [injection.scopeName] : []),
  });
  const grammar = await registry.loadGrammar(host.scopeName);
  const scopesOf = (line) => {
    const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
    return tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.at(-1)]);
  };
  const has = (line, text, scope) =>
    assert.ok(
      scopesOf(line).some(([t, s]) => t === text && s.startsWith(scope)),
      `${JSON.stringify(text)} in ${JSON.stringify(line)} is not ${scope}: ${JSON.stringify(scopesOf(line))}`,
    );
  has("#### Task 2.1: Create payment method endpoint", "2.1", "constant.numeric.task-id");
  has("#### TASK-002: Wire it", "002", "constant.numeric.task-id");
  has("**Dependencies**: Tasks 2.1, 2.9", "Dependencies", "support.type.property-name.label");
  has("**Dependencies**: Tasks 2.1, 2.9", "2.1", "constant.numeric.task-id");
  has("**Dependencies**: Tasks 2.1, 2.9", "2.9", "variable.other.reference.task");
  has("- **Depends on:** 1.1, 1.2", "1.2", "variable.other.reference.task");
  has("**Dependencias**: Tarea 1.1", "1.1", "constant.numeric.task-id");
  has("**Estimate**: 6h", "Estimate", "support.type.property-name.label");
  has("**Prioridad**: P1", "Prioridad", "support.type.property-name.label");
  // Ordinary prose and bold text stay as they are.
  assert.ok(scopesOf("This is **bold** and version 1.2.").every(([, s]) => s === "text.html.markdown"));
});
