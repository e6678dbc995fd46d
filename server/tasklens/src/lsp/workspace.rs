//! Workspace symbols: the tasks and phases of the open documents and of the task files under
//! the workspace folders. The search runs on a blocking thread (it reads files), stops as
//! soon as the request is cancelled, reads only regular files of at most
//! [`crate::files::MAX_FILE_SIZE`] bytes, and reads at most [`FILE_LIMIT`] files and
//! [`BYTE_LIMIT`] bytes per search (task files or not, each file read once), so that no
//! workspace can stall the server.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tasklens_analysis::{Config, Document, ide};
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::Snapshot;
use super::convert::Encoding;
use super::handlers::{location, symbol_kind};

/// At most this many markdown files are looked at per search.
const FILE_LIMIT: usize = 2_000;
/// At most this many bytes of markdown files are read per search.
pub const BYTE_LIMIT: u64 = 256 << 20;

/// Sets its flag when dropped: a request's future holds it, and tower-lsp-server drops the
/// future when the client cancels the request.
#[derive(Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// The flag the search reads.
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.0.clone()
    }
}

impl Drop for Cancel {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// One workspace symbol search.
pub struct Search {
    pub roots: Vec<PathBuf>,
    /// The open documents' latest snapshots, which win over the files on disk.
    pub open: Vec<Arc<Snapshot>>,
    pub config: Arc<Config>,
    pub query: String,
    pub encoding: Encoding,
    /// At most this many bytes of markdown files are read ([`BYTE_LIMIT`]).
    pub byte_limit: u64,
}

impl Search {
    /// The symbols found, or None when the search was cancelled. Each file's document is
    /// dropped once its symbols are taken, so that the search holds one at a time.
    pub fn run(&self, cancelled: &AtomicBool) -> Option<Vec<lsp::SymbolInformation>> {
        let mut found = Vec::new();
        for snapshot in &self.open {
            if cancelled.load(Ordering::Relaxed) {
                return None;
            }
            self.symbols(snapshot, &mut found);
        }
        let mut read = 0u64;
        for path in markdown_files(&self.roots, cancelled) {
            if cancelled.load(Ordering::Relaxed) {
                return None;
            }
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            if self.open.iter().any(|s| s.uri == uri) {
                continue;
            }
            // Each file is read once, and every byte read counts, task file or not.
            let text = match crate::files::read_text(&path) {
                Ok(read) => read.text,
                Err(message) => {
                    tracing::debug!("workspace symbols: {message}");
                    continue;
                }
            };
            read += text.len() as u64;
            if read > self.byte_limit {
                tracing::warn!(
                    "workspace symbols: stopped after {} bytes of markdown files",
                    self.byte_limit
                );
                break;
            }
            if !looks_like_tasks(&path, &text) {
                continue;
            }
            let document = Document::new(&text, self.config.clone());
            self.symbols(&Snapshot::new(uri, 0, document), &mut found);
        }
        Some(found)
    }

    /// Adds the symbols of one document that match the query.
    fn symbols(&self, snapshot: &Snapshot, found: &mut Vec<lsp::SymbolInformation>) {
        let analysis = snapshot.analysis();
        for symbol in ide::symbols::workspace_symbols(&analysis.0, &self.query) {
            #[allow(deprecated)]
            found.push(lsp::SymbolInformation {
                name: symbol.name,
                kind: symbol_kind(symbol.kind),
                tags: None,
                deprecated: None,
                location: location(snapshot, symbol.selection, self.encoding),
                container_name: symbol.detail,
            });
        }
    }
}

/// Markdown files under `roots` (hidden folders, `node_modules` and `target` skipped), in a
/// stable order.
fn markdown_files(roots: &[PathBuf], cancelled: &AtomicBool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| {
            crate::files::markdown_files(root, FILE_LIMIT, cancelled)
                .map(|found| found.files)
                .unwrap_or_default()
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// True when a markdown file looks like a task breakdown: its name says tasks, or it holds a
/// task heading.
fn looks_like_tasks(path: &Path, text: &str) -> bool {
    let lower = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_lowercase();
    lower.contains("task")
        || text
            .lines()
            .any(|line| line.starts_with('#') && line.to_lowercase().contains("task "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(root: &Path, byte_limit: u64) -> Search {
        Search {
            roots: vec![root.to_path_buf()],
            open: Vec::new(),
            config: Arc::new(Config::default()),
            query: String::new(),
            encoding: Encoding::Utf16,
            byte_limit,
        }
    }

    /// Markdown files that hold no tasks were read (twice for a file named like tasks) and
    /// never counted against the search's budget: a workspace of large notes had the search
    /// read without limit. Every byte read counts now.
    #[test]
    fn every_markdown_byte_read_counts_against_the_budget() {
        let dir = std::env::temp_dir().join(format!("tasklens-workspace-budget-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a-notes.md"), "Prose without tasks.\n".repeat(100)).unwrap();
        std::fs::write(dir.join("tasks.md"), "#### Task 1.1: Findable\n").unwrap();
        let never = AtomicBool::new(false);
        let found = search(&dir, 1 << 20).run(&never).unwrap();
        assert_eq!(found.len(), 1, "within the budget the task is found");
        let found = search(&dir, 1_000).run(&never).unwrap();
        assert!(found.is_empty(), "the notes took the whole budget: {found:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
