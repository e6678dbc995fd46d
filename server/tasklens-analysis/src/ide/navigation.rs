//! Moving between a task and the places that name it: go to definition, find references and
//! the highlights of every occurrence of the task under the cursor.

use std::ops::Range;

use crate::analysis::Analysis;

/// Whether a highlighted range declares the task or refers to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// The task's own heading ID.
    Declaration,
    /// A reference to the task.
    Reference,
}

/// The heading ID of the task under the cursor (on a reference or on the heading itself).
pub fn definition(analysis: &Analysis, offset: usize) -> Option<Range<usize>> {
    let (task, _) = super::task_at(analysis, offset)?;
    Some(analysis.tasks[task].id_range.clone())
}

/// Every reference to the task under the cursor, in document order, with its heading ID first
/// when `include_declaration` is set.
pub fn references(analysis: &Analysis, offset: usize, include_declaration: bool) -> Vec<Range<usize>> {
    let Some((task, _)) = super::task_at(analysis, offset) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if include_declaration {
        out.push(analysis.tasks[task].id_range.clone());
    }
    out.extend(super::references_to(analysis, task));
    out
}

/// Every occurrence of the task under the cursor, its declaration first, marked by kind.
pub fn highlights(analysis: &Analysis, offset: usize) -> Vec<(Range<usize>, HighlightKind)> {
    let Some((task, _)) = super::task_at(analysis, offset) else {
        return Vec::new();
    };
    let mut out = vec![(analysis.tasks[task].id_range.clone(), HighlightKind::Declaration)];
    out.extend(
        super::references_to(analysis, task)
            .into_iter()
            .map(|range| (range, HighlightKind::Reference)),
    );
    out.sort_by_key(|(range, _)| range.start);
    out
}
