//! Workspace symbols: the tasks and phases of the open documents and of the task files under
//! the workspace folders. The search runs on a blocking thread (it reads files), stops as
//! soon as the request is cancelled, reads only regular files of at most
//! [`crate::files::MAX_FILE_SIZE`] bytes, and reads at most [`FILE_LIMIT`] files and
//! [`BYTE_LIMIT`] bytes per search, so that no workspace can stall the server.

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
/// At most this many bytes of files are read per search.
const BYTE_LIMIT: u64 = 256 << 20;

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
}

impl Search {
    /// The symbols found, or None when the search was cancelled.
    pub fn run(&self, cancelled: &AtomicBool) -> Option<Vec<lsp::SymbolInformation>> {
        let mut snapshots = self.open.clone();
        let mut read = 0u64;
        for path in task_files(&self.roots, cancelled) {
            if cancelled.load(Ordering::Relaxed) {
                return None;
            }
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            if self.open.iter().any(|s| s.uri == uri) {
                continue;
            }
            let text = match crate::files::read_text(&path) {
                Ok(read) => read.text,
                Err(message) => {
                    tracing::debug!("workspace symbols: {message}");
                    continue;
                }
            };
            read += text.len() as u64;
            if read > BYTE_LIMIT {
                tracing::warn!("workspace symbols: stopped after {BYTE_LIMIT} bytes of task files");
                break;
            }
            let document = Document::new(&text, self.config.clone());
            snapshots.push(Arc::new(Snapshot::new(uri, 0, document)));
        }
        let mut found = Vec::new();
        for snapshot in &snapshots {
            if cancelled.load(Ordering::Relaxed) {
                return None;
            }
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
        Some(found)
    }
}

/// Markdown files under `roots` (hidden folders, `node_modules` and `target` skipped), in a
/// stable order, that look like task breakdowns (their name says tasks, or they hold a task
/// heading).
fn task_files(roots: &[PathBuf], cancelled: &AtomicBool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| {
            crate::files::markdown_files(root, FILE_LIMIT, cancelled)
                .map(|found| found.files)
                .unwrap_or_default()
        })
        .filter(|path| !cancelled.load(Ordering::Relaxed) && looks_like_tasks(path))
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
    crate::files::read_text(path).is_ok_and(|read| {
        read.text
            .lines()
            .any(|line| line.starts_with('#') && line.to_lowercase().contains("task "))
    })
}
