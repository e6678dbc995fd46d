// Bundles the extension with esbuild and copies the TextMate grammar from the repository's
// grammars/ folder (its one source) into syntaxes/, where the manifest points.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const grammar = "tasklens.injection.tmLanguage.json";
mkdirSync(join(here, "syntaxes"), { recursive: true });
copyFileSync(join(here, "..", "..", "grammars", grammar), join(here, "syntaxes", grammar));

await build({
  entryPoints: [join(here, "src", "extension.ts")],
  outfile: join(here, "dist", "extension.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  sourcemap: true,
  logLevel: "warning",
});
console.log("built dist/extension.js and syntaxes/" + grammar);
