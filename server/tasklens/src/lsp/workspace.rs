//! Finds the task files under the workspace folders, for workspace-wide symbol search.

use std::path::{Path, PathBuf};

/// At most this many markdown files are read per search, so that a huge workspace cannot
/// stall the server.
const FILE_LIMIT: usize = 2_000;

/// Markdown files under `roots` (hidden folders, `node_modules` and `target` skipped), in a
/// stable order, that look like task breakdowns (their name says tasks, or they hold a task
/// heading).
pub fn task_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries {
            let name = entry
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if entry.is_dir() {
                if !name.starts_with('.') && name != "node_modules" && name != "target" {
                    stack.push(entry);
                }
            } else if name.ends_with(".md") && seen < FILE_LIMIT {
                seen += 1;
                if looks_like_tasks(&entry, &name) {
                    found.push(entry);
                }
            }
        }
    }
    found.sort();
    found
}

fn looks_like_tasks(path: &Path, name: &str) -> bool {
    let lower = name.to_lowercase();
    if lower.contains("task") {
        return true;
    }
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.lines()
            .any(|line| line.starts_with('#') && line.to_lowercase().contains("task "))
    })
}
