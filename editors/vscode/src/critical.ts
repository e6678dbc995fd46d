// The critical path as the server's code lenses show it; no `vscode` import, so unit tests
// can load it.

/** One task on the critical path, read from the server's code lenses. */
export interface PathStep {
  line: number;
  heading: string;
  lens: string;
  start: number;
}

/** The critical-path tasks in schedule order, from the task lenses
 * (`critical path · starts at 6h · 0h slack`) and the heading lines they sit on; or, where
 * there are no task lenses (spec-kit lists hide them by default), from the lines the
 * document's lens lists, in the path's order. */
export function criticalSteps(
  lenses: readonly { line: number; title: string }[],
  lineText: (line: number) => string,
  pathLines: readonly number[] = [],
): PathStep[] {
  const steps: PathStep[] = [];
  for (const { line, title } of lenses) {
    if (!title.startsWith("critical path ·")) {
      continue;
    }
    const start = /starts at ([0-9.]+)/.exec(title);
    steps.push({
      line,
      heading: lineText(line).replace(/^\s*#+\s*/, "").trim(),
      lens: title,
      start: start ? Number(start[1]) : Number.POSITIVE_INFINITY,
    });
  }
  steps.sort((a, b) => a.start - b.start || a.line - b.line);
  if (steps.length === 0) {
    return pathLines.map((line, index) => ({
      line,
      heading: lineText(line).replace(/^\s*(#+|- \[.\])\s*/, "").trim(),
      lens: "",
      start: index,
    }));
  }
  return steps;
}

