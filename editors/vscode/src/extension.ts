// The tasklens extension: starts `tasklens lsp` for the markdown files matching
// `tasklens.files`, forwards the `tasklens.*` settings to it, and adds two commands, and the
// one the server's lenses run (`tasklens.showTasks`: the lines a lens is about, as a list of
// references).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  type DocumentSelector,
} from "vscode-languageclient/node";
import { criticalSteps } from "./critical";
import { machineSettingCommand } from "./scope";

/** The `tasklens.*` keys the server reads; the others are for the extension only. */
export const SERVER_KEYS = [
  "hoursPerDay",
  "daysPerWeek",
  "requiredFields",
  "priorities",
  "types",
  "kiroImplicitDependencies",
  "specKitImplicitDependencies",
  "severity",
  "labels",
  "specKitTaskLenses",
  "estimateHints",
  "expansionHints",
  "scheduleHints",
  "docsUrl",
] as const;

const DEFAULT_FILES = ["**/tasks.md", "**/*-tasks.md"];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
/** The missing-server notification is shown once per session, not on every restart. */
let toldMissing = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("tasklens");
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("tasklens.restartServer", async () => {
      toldMissing = false;
      await restart();
    }),
    vscode.commands.registerCommand("tasklens.showCriticalPath", showCriticalPath),
    vscode.commands.registerCommand("tasklens.showTasks", showTasks),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("tasklens")) {
        return;
      }
      // Where the server is and which files it reads are fixed when the client starts.
      if (event.affectsConfiguration("tasklens.server.path") || event.affectsConfiguration("tasklens.files")) {
        await restart();
      } else if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { tasklens: serverSettings() },
        });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The settings the server reads, without the unset ones (so `tasklens.toml` stays in force). */
export function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("tasklens");
  const settings: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const value = config.get<unknown>(key);
    if (value === null || value === undefined) {
      continue;
    }
    if (typeof value === "object" && !Array.isArray(value) && Object.keys(value as object).length === 0) {
      continue;
    }
    settings[key] = value;
  }
  return settings;
}

/** A document selector for the markdown files matching `tasklens.files`. */
export function documentSelector(patterns: readonly string[]): DocumentSelector {
  return patterns.map((pattern) => ({ language: "markdown", pattern }));
}

function filePatterns(): string[] {
  const patterns = vscode.workspace.getConfiguration("tasklens").get<string[]>("files");
  const valid = (patterns ?? []).filter((p) => typeof p === "string" && p.trim() !== "");
  return valid.length > 0 ? valid : DEFAULT_FILES;
}

/** The server binary: `tasklens.server.path` when set, else `tasklens` on PATH. */
function findServer(): { command?: string; tried: string } {
  const config = vscode.workspace.getConfiguration("tasklens");
  const configured = (config.get<string>("server.path") ?? "").trim();
  // Where the setting came from (user, remote machine, workspace), for the output channel.
  const inspected = config.inspect<string>("server.path");
  output?.appendLine(
    `tasklens.server.path: ${JSON.stringify({
      user: inspected?.globalValue,
      workspace: inspected?.workspaceValue,
      folder: inspected?.workspaceFolderValue,
    })}`,
  );
  if (configured !== "") {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    let candidate = configured.replace(/^~(?=$|[\\/])/, os.homedir());
    if (folder) {
      candidate = candidate.replace(/\$\{workspaceFolder\}/g, folder);
      if (!path.isAbsolute(candidate)) {
        candidate = path.join(folder, candidate);
      }
    }
    return isExecutable(candidate)
      ? { command: candidate, tried: `tasklens.server.path (${candidate})` }
      : { tried: `tasklens.server.path (${candidate})` };
  }
  const names = process.platform === "win32" ? ["tasklens.exe", "tasklens.cmd"] : ["tasklens"];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (dir !== "" && isExecutable(candidate)) {
        return { command: candidate, tried: "PATH" };
      }
    }
  }
  return { tried: "`tasklens` on PATH" };
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function start(): Promise<void> {
  const server = findServer();
  if (!server.command) {
    output?.appendLine(`tasklens: no server binary found (looked at ${server.tried}).`);
    if (!toldMissing) {
      toldMissing = true;
      const open = "Open setting";
      void vscode.window
        .showErrorMessage(
          `tasklens: the language server was not found (looked at ${server.tried}). Install tasklens or set tasklens.server.path.`,
          open,
        )
        .then((choice) => {
          if (choice === open) {
            // tasklens.server.path is machine-scoped: on a remote machine (code-server) it
            // lives in the Remote tab, and the User tab shows nothing.
            const inBrowser = vscode.env.uiKind === vscode.UIKind.Web;
            const { command, argument } = machineSettingCommand("tasklens.server.path", vscode.env.remoteName, inBrowser);
            void Promise.resolve(vscode.commands.executeCommand(command, argument)).catch(() =>
              vscode.commands.executeCommand("workbench.action.openSettings", "tasklens.server.path"),
            );
          }
        });
    }
    return;
  }
  output?.appendLine(`tasklens: starting ${server.command} lsp`);
  const serverOptions: ServerOptions = {
    run: { command: server.command, args: ["lsp"] },
    debug: { command: server.command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(filePatterns()),
    initializationOptions: { tasklens: serverSettings() },
    outputChannel: output,
    traceOutputChannel: output,
  };
  // The id "tasklens" makes the client read `tasklens.trace.server`.
  client = new LanguageClient("tasklens", "tasklens", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output?.appendLine(`tasklens: the server did not start: ${message}`);
    void vscode.window.showErrorMessage(`tasklens: the server ${server.command} did not start: ${message}`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      output?.appendLine(`tasklens: stopping the server: ${String(error)}`);
    }
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

/** A location as the server sends it in a lens's arguments. */
interface WireLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Runs a lens: its arguments are the document's URI, the lens's position and the locations
 * of the lines it is about, shown as a references list. */
async function showTasks(uri: string, position: { line: number; character: number }, locations: WireLocation[]): Promise<void> {
  const asPosition = (p: { line: number; character: number }) => new vscode.Position(p.line, p.character);
  await vscode.commands.executeCommand(
    "editor.action.showReferences",
    vscode.Uri.parse(uri),
    asPosition(position),
    (locations ?? []).map(
      (l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(asPosition(l.range.start), asPosition(l.range.end))),
    ),
  );
}

async function showCriticalPath(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !vscode.languages.match(documentSelector(filePatterns()) as vscode.DocumentSelector, editor.document)) {
    void vscode.window.showInformationMessage("tasklens: open a tasks.md file to see its critical path.");
    return;
  }
  const document = editor.document;
  const lenses =
    (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri)) ?? [];
  // The document's lens lists the path's tasks; the per-task lenses, when shown, add times.
  const pathLens = lenses.find((lens) => (lens.command?.title ?? "").startsWith("critical path:"));
  const pathLines = ((pathLens?.command?.arguments?.[2] ?? []) as WireLocation[]).map((l) => l.range.start.line);
  const steps = criticalSteps(
    lenses.map((lens) => ({ line: lens.range.start.line, title: lens.command?.title ?? "" })),
    (line) => document.lineAt(line).text,
    pathLines,
  );
  const summary = lenses.map((lens) => lens.command?.title ?? "").find((t) => t.startsWith("critical path:"));
  if (steps.length === 0) {
    void vscode.window.showInformationMessage(summary ? `tasklens: ${summary}` : "tasklens: no critical path.");
    return;
  }
  const picked = await vscode.window.showQuickPick(
    steps.map((step) => ({ label: step.heading, description: step.lens.replace(/^critical path · /, ""), step })),
    { title: summary ?? "critical path", placeHolder: "Go to a task on the critical path" },
  );
  if (picked) {
    const position = new vscode.Position(picked.step.line, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
