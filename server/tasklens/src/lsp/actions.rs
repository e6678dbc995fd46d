//! Code actions over the protocol: the analysis crate's quick fixes, rewrites and source
//! actions (`tasklens_analysis::ide::fixes`, `ide::actions`) converted to LSP code actions.
//! Quick fixes and rewrites come with their edits; source actions whose edits cost a whole
//! analysis or more (fix all, sync claims, renumber, the diagrams) come without, for
//! `codeAction/resolve`, when the client can resolve edits.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Value, json};
use tasklens_analysis::TextEdit;
use tasklens_analysis::ide::actions::{self, Diagram};
use tasklens_analysis::ide::fixes::{self, Fix, FixKind};
use tower_lsp_server::ls_types::{self as lsp, CodeActionKind};

use super::Snapshot;
use super::convert::{self, Encoding};

/// Every safe fix at once (LSP's `source.fixAll`, for tasklens).
pub const FIX_ALL: &str = "source.fixAll.tasklens";
/// The summary table, the critical path and the parallel markers brought in line with the plan.
pub const SYNC_CLAIMS: &str = "source.tasklens.syncClaims";
/// A Mermaid dependency graph written or refreshed.
pub const GRAPH: &str = "source.tasklens.graph";
/// A Mermaid gantt chart written or refreshed.
pub const GANTT: &str = "source.tasklens.gantt";
/// The tasks renumbered in document order.
pub const RENUMBER: &str = "source.tasklens.renumber";

/// The kinds the server offers, for its capabilities.
pub fn kinds() -> Vec<CodeActionKind> {
    vec![
        CodeActionKind::QUICKFIX,
        CodeActionKind::REFACTOR_REWRITE,
        CodeActionKind::SOURCE,
        CodeActionKind::new(FIX_ALL),
        CodeActionKind::new(SYNC_CLAIMS),
        CodeActionKind::new(GRAPH),
        CodeActionKind::new(GANTT),
        CodeActionKind::new(RENUMBER),
    ]
}

/// True when a client asking for `only` wants actions of `kind`: the kind is one of them or
/// below one (`source` covers `source.fixAll.tasklens`).
fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|asked| {
            let asked = asked.as_str();
            kind == asked || kind.starts_with(&format!("{asked}."))
        })
    })
}

/// The edit of a set of byte-range edits of the snapshot's text.
fn workspace_edit(snapshot: &Snapshot, edits: Vec<TextEdit>, encoding: Encoding) -> lsp::WorkspaceEdit {
    let rope = snapshot.document.rope();
    let edits = edits
        .into_iter()
        .map(|edit| lsp::TextEdit {
            range: convert::range(rope, edit.range, encoding),
            new_text: edit.text,
        })
        .collect();
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(snapshot.uri.clone(), edits)])),
        ..lsp::WorkspaceEdit::default()
    }
}

/// The code actions for a range of a document: the fixes of the findings it touches, the
/// rewrites under it, and the source actions the document has.
pub fn code_actions(
    snapshot: &Snapshot,
    range: Range<usize>,
    only: Option<&[CodeActionKind]>,
    resolve: bool,
    encoding: Encoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let shared = snapshot.analysis();
    let (analysis, plan) = (&shared.0, &shared.1);
    if analysis.tasks.is_empty() {
        return Vec::new();
    }
    let diagnostics = snapshot.diagnostics();
    let published = super::handlers::diagnostics(snapshot, encoding);
    let mut out = Vec::new();
    let touches = |r: &Range<usize>| r.start <= range.end && range.start <= r.end;
    let here: Vec<(usize, &tasklens_analysis::Diagnostic)> = diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| touches(&d.range))
        .collect();
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        for (index, diagnostic) in &here {
            for fix in fixes::quick_fixes(analysis, plan, std::slice::from_ref(*diagnostic)) {
                out.push(action(snapshot, fix, vec![published[*index].clone()], encoding));
            }
        }
    }
    if wanted(only, CodeActionKind::REFACTOR_REWRITE.as_str()) {
        for fix in fixes::refactors_at(analysis, range.clone()) {
            out.push(action(snapshot, fix, Vec::new(), encoding));
        }
    }
    let all_fixes = fixes::quick_fixes(analysis, plan, &diagnostics);
    let mut sources: Vec<(&str, String)> = Vec::new();
    if all_fixes.iter().any(|fix| fix.safe) {
        sources.push((FIX_ALL, "Fix all safe tasklens findings".to_string()));
    }
    if all_fixes.iter().any(|fix| {
        fix.preferred
            && fix
                .diagnostic
                .as_ref()
                .is_some_and(|(code, _)| fixes::CLAIM_CODES.contains(code))
    }) {
        sources.push((
            SYNC_CLAIMS,
            "Sync the document's claims (summary, critical path, parallel markers) with its plan".to_string(),
        ));
    }
    // Rendering a diagram costs one walk over the plan: done here to know whether the block
    // is missing, stale or up to date (then nothing is offered).
    for (kind, which, name) in [
        (GRAPH, Diagram::Graph, "Mermaid dependency graph"),
        (GANTT, Diagram::Gantt, "Mermaid gantt chart"),
    ] {
        if let Some(written) = actions::diagram(analysis, plan, which) {
            let verb = if written.refresh { "Refresh the" } else { "Insert a" };
            sources.push((kind, format!("{verb} {name}")));
        }
    }
    if actions::renumbered_ids(analysis)
        .is_some_and(|ids| ids.iter().zip(&analysis.tasks).any(|(new, task)| *new != task.id))
    {
        sources.push((RENUMBER, "Renumber the tasks in document order".to_string()));
    }
    for (kind, title) in sources {
        if !wanted(only, kind) {
            continue;
        }
        let mut code_action = lsp::CodeAction {
            title,
            kind: Some(CodeActionKind::from(kind.to_string())),
            data: Some(json!({"uri": snapshot.uri.as_str(), "revision": snapshot.revision, "kind": kind})),
            ..lsp::CodeAction::default()
        };
        if !resolve {
            match source_edit(snapshot, kind, encoding) {
                Some(edit) => code_action.edit = Some(edit),
                None => continue,
            }
        }
        out.push(lsp::CodeActionOrCommand::CodeAction(code_action));
    }
    out
}

fn action(
    snapshot: &Snapshot,
    fix: Fix,
    diagnostics: Vec<lsp::Diagnostic>,
    encoding: Encoding,
) -> lsp::CodeActionOrCommand {
    let kind = match fix.kind {
        FixKind::QuickFix => CodeActionKind::QUICKFIX,
        FixKind::Refactor => CodeActionKind::REFACTOR_REWRITE,
    };
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: fix.title,
        kind: Some(kind),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(workspace_edit(snapshot, fix.edits, encoding)),
        is_preferred: fix.preferred.then_some(true),
        ..lsp::CodeAction::default()
    })
}

/// The edit of a source action on a snapshot, or None when it would change nothing.
pub fn source_edit(snapshot: &Snapshot, kind: &str, encoding: Encoding) -> Option<lsp::WorkspaceEdit> {
    let edits = match kind {
        FIX_ALL | SYNC_CLAIMS => {
            let text = snapshot.document.text();
            let config = snapshot.document.config().clone();
            let outcome = if kind == FIX_ALL {
                actions::fix_all(&text, config)
            } else {
                actions::sync_claims(&text, config)
            };
            if outcome.text == text {
                return None;
            }
            actions::edits_between(&text, &outcome.text)
        }
        GRAPH | GANTT => {
            let which = if kind == GRAPH { Diagram::Graph } else { Diagram::Gantt };
            let shared = snapshot.analysis();
            vec![actions::diagram(&shared.0, &shared.1, which)?.edit]
        }
        RENUMBER => actions::renumber(&snapshot.analysis().0)?,
        _ => return None,
    };
    Some(workspace_edit(snapshot, edits, encoding))
}

/// The document and revision a source action was offered for, from its `data`.
pub fn origin(data: Option<&Value>) -> Option<(String, u64, String)> {
    let data = data?;
    Some((
        data.get("uri")?.as_str()?.to_string(),
        data.get("revision")?.as_u64()?,
        data.get("kind")?.as_str()?.to_string(),
    ))
}
