//! Source actions over a whole document, as plain text edits: every safe fix at once
//! (`source.fixAll.tasklens`, `tasklens check --fix`), the document's claims brought in line
//! with its plan, a Mermaid dependency graph or gantt chart written into a ```mermaid block,
//! and the tasks renumbered in document order with every reference updated.
//!
//! Fixing everything runs in rounds: a fix can change what another finding says (removing a
//! self-dependency changes the dependency count the summary claims), so after each round the
//! text is analysed again, until no fix is left or [`MAX_ROUNDS`] have run. The edits of the
//! whole run are then the difference between the text before and after.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::config::Config;
use crate::document::TextEdit;
use crate::ide::fixes::{CLAIM_CODES, Fix, apply, quick_fixes};
use crate::model::text_of;
use crate::plan::Plan;

/// The most rounds of fixes one run makes.
pub const MAX_ROUNDS: usize = 4;

/// One fix a run applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// What it did.
    pub title: String,
    /// The line (from 0) of its first edit, in the text of the round that applied it.
    pub line: usize,
    /// The round (from 0) that applied it.
    pub round: usize,
    /// The code of the finding it fixed.
    pub code: Option<crate::diagnostics::Code>,
}

/// What a run of fixes made of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The text after the run.
    pub text: String,
    /// The fixes applied, in document order.
    pub applied: Vec<Applied>,
}

/// Applies every safe fix (see [`crate::ide::fixes`]) until none is left.
pub fn fix_all(text: &str, config: Arc<Config>) -> Outcome {
    run_rounds(text, config, |fix| fix.safe)
}

/// Brings the document's claims in line with its plan: the summary table's numbers, the
/// declared critical path and the parallel markers the dependencies contradict, with the
/// fix each finding prefers, safe or not.
pub fn sync_claims(text: &str, config: Arc<Config>) -> Outcome {
    run_rounds(text, config, |fix| {
        fix.preferred
            && fix
                .diagnostic
                .as_ref()
                .is_some_and(|(code, _)| CLAIM_CODES.contains(code))
    })
}

fn run_rounds(text: &str, config: Arc<Config>, wanted: impl Fn(&Fix) -> bool) -> Outcome {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    for round in 0..MAX_ROUNDS {
        let analysis = Analysis::new(crate::model::Model::build(&crate::document::Document::new(
            &current,
            config.clone(),
        )));
        if analysis.tasks.is_empty() {
            break;
        }
        let plan = Plan::new(&analysis);
        let diagnostics = crate::diagnostics::diagnostics_with_plan(&analysis, &plan);
        let chosen = non_overlapping(quick_fixes(&analysis, &plan, &diagnostics).into_iter().filter(&wanted));
        if chosen.is_empty() {
            break;
        }
        let rope = analysis.model.document().rope();
        let mut edits = Vec::new();
        for fix in chosen {
            let line = rope.byte_to_line(fix.span().start.min(rope.len_bytes()));
            let code = fix.diagnostic.as_ref().map(|(code, _)| *code);
            // A later round that fixes the same claim again (a count that an earlier fix
            // changed) replaces the earlier entry: the report says what the text became.
            applied.retain(|a: &Applied| !(a.code.is_some() && a.code == code && a.line == line));
            applied.push(Applied {
                line,
                title: fix.title,
                round,
                code,
            });
            edits.extend(fix.edits);
        }
        let next = apply(&current, &edits);
        if next == current {
            break;
        }
        current = next;
    }
    // A fix redone in a later round moved to the end; the report reads in document order.
    applied.sort_by_key(|a| a.line);
    Outcome { text: current, applied }
}

/// The fixes, in document order, that touch no text an earlier one touches.
fn non_overlapping(fixes: impl Iterator<Item = Fix>) -> Vec<Fix> {
    let mut fixes: Vec<Fix> = fixes.collect();
    fixes.sort_by_key(|fix| (fix.span().start, fix.span().end));
    let mut taken: Vec<Range<usize>> = Vec::new();
    let overlaps = |a: &Range<usize>, b: &Range<usize>| (a.start < b.end && b.start < a.end) || a.start == b.start;
    let mut out = Vec::new();
    for fix in fixes {
        if fix.edits.is_empty() || fix.edits.iter().any(|e| taken.iter().any(|t| overlaps(&e.range, t))) {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range.clone()));
        out.push(fix);
    }
    out
}

/// The edits that turn `old` into `new`, line by line: one edit per run of changed lines, so
/// that an editor keeps the cursor and the folds of the lines that did not change.
pub fn edits_between(old: &str, new: &str) -> Vec<TextEdit> {
    let starts = |text: &str| -> Vec<usize> {
        let mut out = vec![0];
        out.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        if *out.last().unwrap_or(&0) != text.len() {
            out.push(text.len());
        }
        out
    };
    let (old_starts, new_starts) = (starts(old), starts(new));
    let at = |starts: &[usize], line: usize| starts.get(line).copied().unwrap_or(*starts.last().unwrap_or(&0));
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out: Vec<TextEdit> = Vec::new();
    for op in diff.ops() {
        let (tag, old_lines, new_lines) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        let range = at(&old_starts, old_lines.start)..at(&old_starts, old_lines.end);
        let text = new[at(&new_starts, new_lines.start)..at(&new_starts, new_lines.end)].to_string();
        match out.last_mut() {
            Some(last) if last.range.end == range.start => {
                last.range.end = range.end;
                last.text.push_str(&text);
            }
            _ => out.push(TextEdit { range, text }),
        }
    }
    out
}

/// A diagram the source actions write into the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Diagram {
    /// The dependency graph as a Mermaid flowchart.
    Graph,
    /// The schedule as a Mermaid gantt chart.
    Gantt,
}

impl Diagram {
    /// The comment line that marks a block as written by tasklens, so that it can be refreshed.
    pub fn mark(self) -> &'static str {
        match self {
            Diagram::Graph => "%% tasklens: dependency graph",
            Diagram::Gantt => "%% tasklens: schedule",
        }
    }

    /// The heading a new block goes under. It names no dependencies section, so the drawing is
    /// never read back as a statement of the order of phases.
    fn heading(self) -> &'static str {
        match self {
            Diagram::Graph => "Task Graph",
            Diagram::Gantt => "Schedule",
        }
    }

    fn render(self, analysis: &Analysis, plan: &Plan) -> String {
        let text = match self {
            Diagram::Graph => crate::render::flowchart(analysis, plan),
            Diagram::Gantt => crate::render::gantt(analysis, plan),
        };
        // The mark goes right after the diagram's first line, where Mermaid reads comments.
        match text.split_once('\n') {
            Some((first, rest)) => format!("{first}\n    {}\n{rest}", self.mark()),
            None => format!("{text}\n    {}\n", self.mark()),
        }
    }
}

/// A diagram to write: the edit, and whether it refreshes a block tasklens wrote before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagramEdit {
    /// The edit.
    pub edit: TextEdit,
    /// True when it replaces the content of an existing block.
    pub refresh: bool,
}

/// The edit that writes a diagram: the content of the ```mermaid block tasklens wrote before
/// (found by its mark) replaced, or a new block under its own heading at the end of the
/// document. None for a document without tasks, or when the block is up to date.
pub fn diagram(analysis: &Analysis, plan: &Plan, which: Diagram) -> Option<DiagramEdit> {
    if analysis.tasks.is_empty() {
        return None;
    }
    let content = which.render(analysis, plan);
    let rope = analysis.model.document().rope();
    let text = text_of(rope, 0..rope.len_bytes());
    if let Some(range) = marked_block(&text, which.mark()) {
        let ending = if text[..range.start].ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let content = content.replace('\n', ending);
        if text[range.clone()] == content {
            return None;
        }
        return Some(DiagramEdit {
            edit: TextEdit { range, text: content },
            refresh: true,
        });
    }
    let mut block = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        block.push('\n');
    }
    if !text.is_empty() {
        block.push('\n');
    }
    block.push_str(&format!("## {}\n\n```mermaid\n{content}```\n", which.heading()));
    Some(DiagramEdit {
        edit: TextEdit {
            range: text.len()..text.len(),
            text: block,
        },
        refresh: false,
    })
}

/// The content (between the fences) of the first ```mermaid block holding a line `mark`.
fn marked_block(text: &str, mark: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    let mut open: Option<usize> = None;
    let mut marked = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        match open {
            None if trimmed.starts_with("```mermaid") => {
                open = Some(offset + line.len());
                marked = false;
            }
            Some(start) if trimmed.starts_with("```") => {
                if marked {
                    return Some(start..offset);
                }
                open = None;
            }
            Some(_) if trimmed == mark => marked = true,
            _ => {}
        }
        offset += line.len();
    }
    None
}

/// The edits that renumber every task in document order with every reference the analysis
/// resolved updated, as a rename of each task would: prefixed IDs count up in one sequence
/// with their padding (spec-kit's `T001`, `T002`…), dotted IDs count up within each phase
/// (`2.1`, `2.2`…) or, without phases in them, from 1 (Kiro's `1`, `2`…), and a sub-task's
/// ID extends its parent's (`2.1.1`). None when the IDs follow none of these shapes or are
/// in order already.
pub fn renumber(analysis: &Analysis) -> Option<Vec<TextEdit>> {
    let new_ids = renumbered_ids(analysis)?;
    let mut edits: Vec<TextEdit> = Vec::new();
    let mut seen: HashSet<Range<usize>> = HashSet::new();
    for (task, new_id) in new_ids.iter().enumerate() {
        let info = &analysis.tasks[task];
        if *new_id == info.id {
            continue;
        }
        if seen.insert(info.id_range.clone()) {
            edits.push(TextEdit {
                range: info.id_range.clone(),
                text: new_id.clone(),
            });
        }
        // References go to the first task with an ID (or its phase's, where IDs restart).
        for range in super::references_to(analysis, task) {
            if seen.insert(range.clone()) {
                edits.push(TextEdit {
                    range,
                    text: new_id.clone(),
                });
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.range.start);
    Some(edits)
}

/// Each task's ID after renumbering (see [`renumber`]), or None when the IDs follow no shape
/// renumbering knows.
pub fn renumbered_ids(analysis: &Analysis) -> Option<Vec<String>> {
    let tasks = &analysis.tasks;
    if tasks.is_empty() {
        return None;
    }
    // One prefix and a number: `T001`, `TASK-002`.
    let prefixed: Option<Vec<(&str, &str)>> = tasks
        .iter()
        .map(|t| {
            let digits_at = t.id.find(|c: char| c.is_ascii_digit())?;
            let (prefix, digits) = t.id.split_at(digits_at);
            let ok = !prefix.is_empty()
                && prefix.trim_end_matches('-').chars().all(|c| c.is_ascii_uppercase())
                && digits.chars().all(|c| c.is_ascii_digit());
            ok.then_some((prefix, digits))
        })
        .collect();
    if let Some(parts) = prefixed {
        let prefix = parts[0].0;
        if parts.iter().any(|(p, _)| *p != prefix) || tasks.iter().any(|t| t.parent.is_some()) {
            return None;
        }
        let width = parts
            .iter()
            .map(|(_, d)| d.len())
            .max()
            .unwrap_or(1)
            .max(tasks.len().to_string().len());
        let width = if parts.iter().all(|(_, d)| !d.starts_with('0') || d.len() == 1) {
            1
        } else {
            width
        };
        return Some((1..=tasks.len()).map(|n| format!("{prefix}{n:0width$}")).collect());
    }
    // Dotted numbers: `2.1`, `2.1.1`, Kiro's `1` and `1.1`.
    if !tasks.iter().all(|t| {
        !t.id.is_empty()
            && t.id
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    }) {
        return None;
    }
    let top: Vec<usize> = tasks.iter().filter(|t| t.parent.is_none()).map(|t| t.index).collect();
    let by_phase = top.iter().all(|&t| {
        let info = &tasks[t];
        let parts: Vec<&str> = info.id.split('.').collect();
        parts.len() == 2
            && info.phase.is_some_and(|p| {
                let phase = &analysis.phases[p].id;
                phase.chars().all(|c| c.is_ascii_digit()) && phase.parse::<u64>().ok() == parts[0].parse::<u64>().ok()
            })
    });
    let flat = top.iter().all(|&t| !tasks[t].id.contains('.'));
    if !by_phase && !flat {
        return None;
    }
    // A sub-task's ID must extend its parent's, or renumbering would invent a scheme.
    if tasks.iter().any(|t| {
        t.parent
            .is_some_and(|p| !t.id.starts_with(&format!("{}.", tasks[p].id)))
    }) {
        return None;
    }
    let mut new_ids: Vec<String> = vec![String::new(); tasks.len()];
    let mut counters: std::collections::HashMap<(Option<usize>, Option<usize>), usize> = Default::default();
    for task in tasks {
        let key = match task.parent {
            Some(parent) => (Some(parent), None),
            None if by_phase => (None, task.phase),
            None => (None, None),
        };
        let n = counters.entry(key).or_insert(0);
        *n += 1;
        new_ids[task.index] = match task.parent {
            Some(parent) => format!("{}.{n}", new_ids[parent]),
            None if by_phase => {
                let phase = task.phase.map(|p| analysis.phases[p].id.clone()).unwrap_or_default();
                format!("{phase}.{n}")
            }
            None => n.to_string(),
        };
    }
    Some(new_ids)
}
