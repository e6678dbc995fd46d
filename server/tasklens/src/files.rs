//! Reads task files for the commands, and finds markdown files under a folder, the way
//! `tasklens check` and the server's workspace symbols both need: hidden folders,
//! `node_modules` and `target` are skipped.

use std::path::{Path, PathBuf};

/// A file's text, with invalid UTF-8 replaced (a document is never refused for its bytes),
/// or a sentence saying why it cannot be read.
pub fn read_text(path: &Path) -> Result<String, String> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

/// One file read and analysed with the settings that apply to it (`tasklens.toml` beside or
/// above it), for the commands that take one file; when it cannot be read, says so on `err`
/// and gives the exit code 2.
pub fn analyze_file(path: &Path, err: &mut impl std::io::Write) -> Result<(String, tasklens_analysis::Analysis), u8> {
    let text = read_text(path).map_err(|message| {
        let _ = writeln!(err, "error: {message}");
        2
    })?;
    let config = std::sync::Arc::new(crate::settings::config_for(path, err));
    let analysis = tasklens_analysis::analyze(&text, config);
    Ok((text, analysis))
}

/// The markdown files (`.md`, `.markdown`) under `root`, sorted, at most `limit` of them. An
/// unreadable folder below the root is skipped; an unreadable root is an error.
pub fn markdown_files(root: &Path, limit: usize) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if dir == root => return Err(format!("cannot read {}: {error}", dir.display())),
            Err(_) => continue,
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries.into_iter().rev() {
            let name = entry
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if entry.is_dir() {
                if !name.starts_with('.') && name != "node_modules" && name != "target" {
                    stack.push(entry);
                }
            } else if (name.ends_with(".md") || name.ends_with(".markdown")) && found.len() < limit {
                found.push(entry);
            }
        }
    }
    found.sort();
    Ok(found)
}
