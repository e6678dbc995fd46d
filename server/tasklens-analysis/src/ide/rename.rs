//! Renaming a task's ID: at its heading and at every reference the analysis resolved to it
//! (dependency items, mentions in prose, tables and critical path lines, the status list).
//! Text that only looks like an ID but resolved to nothing (a version `1.1.0`, a section
//! number) is left alone, because the edits come from the analysis, never from a text search.

use std::fmt;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::lex::depends::is_task_id;

/// Why a rename cannot be done, in a sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError {
    /// The message for the user.
    pub message: String,
}

impl fmt::Display for RenameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RenameError {}

/// The ID under the cursor and its current text, when the cursor is on a task's ID.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Option<(Range<usize>, String)> {
    let (task, range) = super::task_at(analysis, offset)?;
    Some((range, analysis.tasks[task].id.clone()))
}

/// The edits that give the task under the cursor the ID `new_id`, in document order: its
/// heading ID and every reference to it.
pub fn rename(analysis: &Analysis, offset: usize, new_id: &str) -> Result<Vec<(Range<usize>, String)>, RenameError> {
    let refuse = |message: String| Err(RenameError { message });
    let Some((task, _)) = super::task_at(analysis, offset) else {
        return refuse(
            "There is no task ID here to rename; put the cursor on a task's ID or on a reference to it.".into(),
        );
    };
    let old_id = &analysis.tasks[task].id;
    if new_id.is_empty() {
        return refuse("A task ID cannot be empty.".into());
    }
    if new_id.chars().any(char::is_whitespace) {
        return refuse(format!(
            "`{new_id}` has whitespace; a task ID is one word such as `1.2` or `TASK-002`."
        ));
    }
    if new_id == old_id {
        return Ok(Vec::new());
    }
    if let Some(other) = analysis.task_by_id(new_id) {
        return refuse(format!(
            "Task {new_id} already exists (“{}”); pick an ID no task has.",
            analysis.tasks[other].title
        ));
    }
    if !is_task_id(new_id) {
        return refuse(format!(
            "`{new_id}` is not read as a task ID, so references to it would not be found; write an ID such as `1.2`, `T012` or `TASK-002`."
        ));
    }
    let mut edits = vec![(analysis.tasks[task].id_range.clone(), new_id.to_string())];
    edits.extend(
        super::references_to(analysis, task)
            .into_iter()
            .map(|range| (range, new_id.to_string())),
    );
    edits.sort_by_key(|(range, _)| range.start);
    Ok(edits)
}
