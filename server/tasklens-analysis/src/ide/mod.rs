//! Editor features as pure functions of an [`Analysis`] (and a [`crate::Plan`] where the
//! schedule matters): hover cards, go to definition, references and highlights, rename,
//! completion, document and workspace symbols, code lenses and folding ranges.
//!
//! Every function takes byte offsets and returns byte ranges into the document's text. None of
//! them knows about lines, columns, UTF-16 or the Language Server Protocol: the binary converts
//! at its edge. An offset past the end of the text or inside a UTF-8 character finds nothing;
//! it never panics.

pub mod actions;
pub mod completion;
pub mod fixes;
pub mod folding;
pub mod hover;
pub mod inlay;
pub mod lenses;
pub mod links;
pub mod navigation;
pub mod rename;
pub mod symbols;

use std::ops::Range;

use crate::analysis::{Analysis, ReferenceKind};
use crate::items::MentionContext;
use crate::model::text_of;

/// Words that number something other than a task. A bare number right after one (`section 1.1`,
/// `version 2.0`) is not taken for a task ID even when a task has that ID, so navigation skips
/// it and a rename leaves it alone.
const OTHER_NUMBERING_WORDS: &[&str] = &[
    "section", "sections", "sec", "chapter", "chapters", "ch", "version", "versions", "release", "step", "steps",
    "page", "pages", "figure", "fig", "table", "appendix", "rfc", "item", "rule", "§",
];

/// What a scheduled task starts after, and where that order comes from, for hovers and
/// lenses: `after 2.1`, `after 3 (the order of the list)`, `after phase 2 ends (a dependency
/// statement, line 36)`. None for a task that starts at once or is not scheduled.
pub fn starts_after(analysis: &Analysis, plan: &crate::plan::Plan, task: usize) -> Option<String> {
    use crate::plan::{EdgeKind, StartsAfter};
    let rope = analysis.model.document().rope();
    let line = |offset: usize| rope.byte_to_line(offset.min(rope.len_bytes())) + 1;
    match plan.starts_after(task)? {
        StartsAfter::Task { task: before, edge } => {
            let id = &analysis.tasks[before].id;
            Some(match plan.edges[edge].kind {
                EdgeKind::Implied => format!("after {id} (the order of the list)"),
                EdgeKind::Inherited => format!("after {id} (its parent's dependency)"),
                _ => format!("after {id}"),
            })
        }
        StartsAfter::Phase { phase, edge } => {
            let own = analysis.tasks[task].phase?;
            let name = &analysis.phases[phase].id;
            Some(match analysis.phase_edge(phase, own) {
                Some(order) => format!(
                    "after phase {name} ends ({}, line {})",
                    order.source.describe(),
                    line(order.range.start)
                ),
                None => format!("after phase {name} ends (line {})", line(plan.edges[edge].range.start)),
            })
        }
    }
}

/// A task identifier under the cursor: the task it names and where the identifier is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The task's index in [`Analysis::tasks`].
    pub task: usize,
    /// The identifier's range.
    pub range: Range<usize>,
    /// True when the identifier is the task's own heading ID, false for a reference to it.
    pub declaration: bool,
}

/// The task whose ID is under the cursor, with the range of that ID: the task's own heading ID
/// or any reference to a task the analysis knows (dependency items, mentions in a reference
/// context, the status list, the declared critical path). A cursor right after the last
/// character of an ID counts.
pub fn task_at(analysis: &Analysis, offset: usize) -> Option<(usize, Range<usize>)> {
    target_at(analysis, offset).map(|target| (target.task, target.range))
}

/// Like [`task_at`], and also tells whether the ID is the task's declaration.
pub fn target_at(analysis: &Analysis, offset: usize) -> Option<Target> {
    if offset > analysis.model.document().len() {
        return None;
    }
    let mut best: Option<Target> = None;
    // An ID that contains the offset wins over one that merely ends at it, so that in `1.1,1.2`
    // the cursor between the two picks the second.
    let mut consider = |task: usize, range: &Range<usize>, declaration: bool| {
        let inside = range.start <= offset && offset < range.end;
        let touching = offset == range.end && !range.is_empty();
        if !inside && !touching {
            return;
        }
        let better = match &best {
            None => true,
            Some(current) => inside && offset == current.range.end,
        };
        if better {
            best = Some(Target {
                task,
                range: range.clone(),
                declaration,
            });
        }
    };
    let first_task = analysis.tasks.partition_point(|task| task.id_range.end < offset);
    for task in analysis.tasks.iter().skip(first_task).take(2) {
        consider(task.index, &task.id_range, true);
    }
    for (task, range, how) in known_references(analysis) {
        if range.start > offset {
            break;
        }
        let touches = range.start <= offset && offset <= range.end;
        if touches && names_task(analysis, &range, how) {
            consider(task, &range, false);
        }
    }
    best
}

/// Every range where the document names `task` other than its declaration, in document order
/// and without repeats: dependency items, mentions in a reference context, status list
/// entries, the steps of the declared critical path and parallel claims. A bare number in
/// prose (`WCAG 2.1`, `Python 3.11`) is not among them even when a task has that ID.
pub fn references_to(analysis: &Analysis, task: usize) -> Vec<Range<usize>> {
    known_references(analysis)
        .into_iter()
        .filter(|(target, range, how)| *target == task && names_task(analysis, range, *how))
        .map(|(_, range, _)| range)
        .collect()
}

/// How a reference names its task, which decides how much of its text must be read to know
/// whether it is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Naming {
    /// A dependency item or statement: always a reference.
    Dependency,
    /// A restatement, a status entry, a step of a declared path, a member of a parallel claim
    /// or a mention after a task word: a reference unless a word like `section` precedes it.
    Claimed,
    /// A bare token in text, in the given context: a reference when its shape or its place
    /// says so (see [`names_task`]).
    Bare(MentionContext),
}

impl Naming {
    /// The more certain namings first.
    fn rank(self) -> u8 {
        match self {
            Naming::Dependency => 0,
            Naming::Claimed => 1,
            Naming::Bare(_) => 2,
        }
    }
}

/// Every reference the analysis knows, as (task, range, how it names the task), sorted by
/// range and without repeats, leaving out ranges that are a task's own heading ID. Callers
/// check each with [`names_task`], only for the few references they keep, because reading
/// the line costs more than the rest.
fn known_references(analysis: &Analysis) -> Vec<(usize, Range<usize>, Naming)> {
    let mut all: Vec<(usize, Range<usize>, Naming)> = analysis
        .references
        .iter()
        .map(|reference| {
            let how = match reference.kind {
                ReferenceKind::Dependency => Naming::Dependency,
                ReferenceKind::Mention(MentionContext::Restatement) => Naming::Claimed,
                ReferenceKind::Mention(_) if reference.explicit => Naming::Claimed,
                ReferenceKind::Mention(context) => Naming::Bare(context),
            };
            (reference.target, reference.range.clone(), how)
        })
        .collect();
    all.extend(
        analysis
            .status_entries
            .iter()
            .map(|entry| (entry.task, entry.range.clone(), Naming::Claimed)),
    );
    for path in &analysis.declared_paths {
        all.extend(
            path.steps
                .iter()
                .filter_map(|(_, range, task)| task.map(|task| (task, range.clone(), Naming::Claimed))),
        );
    }
    for claim in &analysis.parallel_claims {
        all.extend(
            claim
                .tasks
                .iter()
                .map(|(task, range)| (*task, range.clone(), Naming::Claimed)),
        );
    }
    all.retain(|(task, range, _)| analysis.tasks[*task].id_range != *range && !range.is_empty());
    // The most certain naming sorts first among equal ranges, so the one kept says it.
    all.sort_by_key(|(task, range, how)| (range.start, range.end, how.rank(), *task));
    all.dedup_by(|a, b| a.1 == b.1);
    all
}

/// True when the text at `range` names a task rather than numbering something else. A
/// dependency always does; a claimed reference unless a word like `section` precedes it. A
/// bare token does when it is shaped like the document's task IDs and not like a plain number
/// (`T005`, `TASK-002`, `I-1.2`); a bare number (`2.1`, `#7`) only in a table cell that holds
/// nothing but task IDs (`| 2.1 |`, `| 1.1, 1.2 |`) or on a line of a diagram in a code block
/// (`1.1 ──▶ 1.2`), never in prose, a heading, a checklist item or a field
/// (`WCAG 2.1 AA issues fixed`, `Python 3.11`).
fn names_task(analysis: &Analysis, range: &Range<usize>, how: Naming) -> bool {
    match how {
        Naming::Dependency => true,
        Naming::Claimed => !follows_other_numbering(analysis, range.start),
        Naming::Bare(context) => {
            let rope = analysis.model.document().rope();
            let id = text_of(rope, range.clone());
            if !is_bare_number(&id) {
                return !follows_other_numbering(analysis, range.start);
            }
            let (line, at) = line_around(analysis, range);
            let at = at.start..at.end;
            match context {
                MentionContext::Table => cell_holds_only_ids(&line, at),
                MentionContext::Code => is_diagram_line(&line) && !after_word(&line, at.start),
                _ => false,
            }
        }
    }
}

/// True for an ID made of digits and dots only (`2.1`, `3.11`, `12`): a number, which prose uses
/// for versions, standards and quantities as often as for tasks.
fn is_bare_number(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// The line holding `range` (without its line ending) and the range relative to it.
fn line_around(analysis: &Analysis, range: &Range<usize>) -> (String, Range<usize>) {
    let rope = analysis.model.document().rope();
    let start = range.start.min(rope.len_bytes());
    let line = rope.byte_to_line(start);
    let line_start = rope.line_to_byte(line);
    let text = rope.line(line).to_string();
    let text = text.trim_end_matches(['\n', '\r']).to_string();
    let relative = (start - line_start).min(text.len())..(range.end.saturating_sub(line_start)).min(text.len());
    (text, relative)
}

/// Words that may stand in a table cell of task IDs beside them (`Task 1.1 and 1.2`, `None`).
const ID_CELL_WORDS: &[&str] = &["and", "or", "y", "et", "und", "none", "n/a"];

/// True when the table cell of `line` that holds `at` has nothing in it but task IDs, task
/// words and punctuation: the cell of a task table, not a cell of prose.
fn cell_holds_only_ids(line: &str, at: Range<usize>) -> bool {
    let cell_start = line[..at.start].rfind('|').map_or(0, |i| i + 1);
    let cell_end = line[at.end..].find('|').map_or(line.len(), |i| at.end + i);
    let cell = &line[cell_start..cell_end];
    let mut rest = String::with_capacity(cell.len());
    let mut last = 0;
    for token in crate::lex::mention::scan_mentions(cell) {
        rest.push_str(&cell[last..token.id.start]);
        rest.push(' ');
        last = token.id.end;
    }
    rest.push_str(&cell[last..]);
    rest.split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|word| !word.is_empty())
        .all(|word| {
            let word = word.to_lowercase();
            ID_CELL_WORDS.contains(&word.as_str()) || crate::lex::mention::TASK_WORDS.contains(&word.as_str())
        })
}

/// True for a line of a drawing: arrows or box-drawing characters (`1.1 ──▶ 1.2`, `│ 1.1 │`).
fn is_diagram_line(line: &str) -> bool {
    crate::lex::mention::has_arrow(line)
        || line.chars().any(|c| {
            ('\u{2500}'..='\u{259F}').contains(&c)
                || ('\u{2190}'..='\u{21FF}').contains(&c)
                || matches!(c, '▶' | '►' | '▼' | '▲')
        })
}

/// True when a word other than a task word stands right before `at` (spaces, `=`, `:` and `v`
/// skipped over): `python 3.11`, `version: 2.1`, `node=18.2`.
fn after_word(line: &str, at: usize) -> bool {
    let before = line[..at].trim_end_matches([' ', '\t', '=', ':', '#']);
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    !word.is_empty() && !crate::lex::mention::TASK_WORDS.contains(&word.to_lowercase().as_str())
}

/// True when the word before `offset` on its line numbers something other than a task
/// (`section 1.1`).
fn follows_other_numbering(analysis: &Analysis, offset: usize) -> bool {
    let rope = analysis.model.document().rope();
    if offset > rope.len_bytes() {
        return false;
    }
    let line_start = rope.line_to_byte(rope.byte_to_line(offset));
    let before = text_of(rope, line_start..offset);
    let before = before.trim_end_matches([' ', '#']);
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '§')
        .last()
        .map_or(before.len(), |(index, _)| index);
    let word = before[word_start..].to_lowercase();
    OTHER_NUMBERING_WORDS.contains(&word.as_str())
}

/// The most characters of a title that symbols and hover headings show.
pub const TITLE_WIDTH: usize = 60;

/// A title cut to [`TITLE_WIDTH`] characters at a word boundary, with `…`: spec-kit's titles
/// are the task's whole line (`Implement POST /payment-methods in src/payments/routes.ts …`).
pub fn short_title(title: &str) -> std::borrow::Cow<'_, str> {
    if title.chars().count() <= TITLE_WIDTH {
        return std::borrow::Cow::Borrowed(title);
    }
    let cut = title
        .char_indices()
        .nth(TITLE_WIDTH - 1)
        .map_or(title.len(), |(at, _)| at);
    let head = &title[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    std::borrow::Cow::Owned(format!("{}…", head.trim_end_matches([' ', ',', ';', ':', '—', '-'])))
}

/// A range with trailing whitespace (blank lines, spaces, line endings) removed from its end,
/// never shorter than `keep`.
pub(crate) fn trim_end(analysis: &Analysis, range: Range<usize>, keep: usize) -> Range<usize> {
    let rope = analysis.model.document().rope();
    let len = rope.len_bytes();
    let mut end = range.end.min(len);
    let floor = keep.max(range.start).min(end);
    while end > floor && matches!(rope.byte(end - 1), b' ' | b'\t' | b'\n' | b'\r') {
        end -= 1;
    }
    range.start.min(end)..end
}

/// The heading or list line of a task without its line ending.
pub(crate) fn line_without_ending(analysis: &Analysis, line: &Range<usize>) -> Range<usize> {
    trim_end(analysis, line.clone(), line.start)
}
