//! Finds the task files under the workspace folders, for workspace-wide symbol search.

use std::path::{Path, PathBuf};

/// At most this many markdown files are read per search, so that a huge workspace cannot
/// stall the server.
const FILE_LIMIT: usize = 2_000;

/// Markdown files under `roots` (hidden folders, `node_modules` and `target` skipped), in a
/// stable order, that look like task breakdowns (their name says tasks, or they hold a task
/// heading).
pub fn task_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| crate::files::markdown_files(root, FILE_LIMIT).unwrap_or_default())
        .filter(|path| looks_like_tasks(path))
        .collect();
    found.sort();
    found.dedup();
    found
}

fn looks_like_tasks(path: &Path) -> bool {
    let lower = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_lowercase();
    if lower.contains("task") {
        return true;
    }
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.lines()
            .any(|line| line.starts_with('#') && line.to_lowercase().contains("task "))
    })
}
