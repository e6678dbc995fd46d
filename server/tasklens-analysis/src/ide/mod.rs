//! Editor features as pure functions of an [`Analysis`] (and a [`crate::Plan`] where the
//! schedule matters): hover cards, go to definition, references and highlights, rename,
//! completion, document and workspace symbols, code lenses and folding ranges.
//!
//! Every function takes byte offsets and returns byte ranges into the document's text. None of
//! them knows about lines, columns, UTF-16 or the Language Server Protocol: the binary converts
//! at its edge. An offset past the end of the text or inside a UTF-8 character finds nothing;
//! it never panics.

pub mod completion;
pub mod folding;
pub mod hover;
pub mod lenses;
pub mod links;
pub mod navigation;
pub mod rename;
pub mod symbols;

use std::ops::Range;

use crate::analysis::{Analysis, ReferenceKind};
use crate::model::text_of;

/// Words that number something other than a task. A bare number right after one (`section 1.1`,
/// `version 2.0`) is not taken for a task ID even when a task has that ID, so navigation skips
/// it and a rename leaves it alone.
const OTHER_NUMBERING_WORDS: &[&str] = &[
    "section", "sections", "sec", "chapter", "chapters", "ch", "version", "versions", "release", "step", "steps",
    "page", "pages", "figure", "fig", "table", "appendix", "rfc", "item", "rule", "§",
];

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
/// or any reference to a task the analysis knows (dependency items, mentions, the status list,
/// the declared critical path). A cursor right after the last character of an ID counts.
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
    for (task, range, dependency) in known_references(analysis) {
        if range.start > offset {
            break;
        }
        let touches = range.start <= offset && offset <= range.end;
        if touches && (dependency || !follows_other_numbering(analysis, range.start)) {
            consider(task, &range, false);
        }
    }
    best
}

/// Every range where the document names `task` other than its declaration, in document order
/// and without repeats: dependency items, mentions (prose, tables, code, headings, fields),
/// status list entries, the steps of the declared critical path and parallel claims.
pub fn references_to(analysis: &Analysis, task: usize) -> Vec<Range<usize>> {
    known_references(analysis)
        .into_iter()
        .filter(|(target, range, dependency)| {
            *target == task && (*dependency || !follows_other_numbering(analysis, range.start))
        })
        .map(|(_, range, _)| range)
        .collect()
}

/// Every reference the analysis knows, as (task, range, true for a dependency item), sorted by
/// range and without repeats, leaving out ranges that are a task's own heading ID. Mentions
/// after a word like `section` are still in; callers check them with
/// [`follows_other_numbering`], only for the few references they keep, because reading the
/// line costs more than the rest.
fn known_references(analysis: &Analysis) -> Vec<(usize, Range<usize>, bool)> {
    let mut all: Vec<(usize, Range<usize>, bool)> = analysis
        .references
        .iter()
        .map(|reference| {
            let dependency = matches!(reference.kind, ReferenceKind::Dependency);
            (reference.target, reference.range.clone(), dependency)
        })
        .collect();
    all.extend(
        analysis
            .status_entries
            .iter()
            .map(|entry| (entry.task, entry.range.clone(), false)),
    );
    for path in &analysis.declared_paths {
        all.extend(
            path.steps
                .iter()
                .filter_map(|(_, range, task)| task.map(|task| (task, range.clone(), false))),
        );
    }
    for claim in &analysis.parallel_claims {
        all.extend(claim.tasks.iter().map(|(task, range)| (*task, range.clone(), false)));
    }
    all.retain(|(task, range, _)| analysis.tasks[*task].id_range != *range && !range.is_empty());
    // Dependency items sort first among equal ranges, so the one kept says it is one.
    all.sort_by_key(|(task, range, dependency)| (range.start, range.end, !*dependency, *task));
    all.dedup_by(|a, b| a.1 == b.1);
    all
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
