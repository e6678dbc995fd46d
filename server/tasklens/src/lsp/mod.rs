//! `tasklens lsp`: the language server. Handlers are thin: convert the request's positions to
//! byte offsets, call the analysis crate on an immutable snapshot, convert the answer back.
//!
//! Ordering rules (tower-lsp-server runs notification handlers concurrently):
//! - every document mutation is applied, under a short `std::sync::Mutex`, before the
//!   handler's first `.await`, so edits apply in message order;
//! - no lock is held across an `.await`;
//! - requests compute on a snapshot (`Arc<Snapshot>`), never on the live store;
//! - diagnostics carry the document version, and a single publisher task drops any set older
//!   than one it already sent for that document.

pub mod convert;
mod handlers;
#[cfg(test)]
mod tests;
mod workspace;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tasklens_analysis::{Analysis, Config, Diagnostic, Document, Model, Plan};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, ClientSocket, LspService, Server};

use self::convert::Encoding;

/// Where each diagnostic code is documented; a code's section is `#<code>`.
pub const DOCS_URL: &str = "https://github.com/tasklens/tasklens/blob/main/docs/diagnostics.md";

/// One version of one open document, with its analysis and diagnostics computed at most once.
pub struct Snapshot {
    /// The document's URI.
    pub uri: Uri,
    /// The client's version number.
    pub version: i32,
    /// The text and its parse.
    pub document: Document,
    analysis: OnceLock<Arc<(Analysis, Plan)>>,
    diagnostics: OnceLock<Arc<Vec<Diagnostic>>>,
}

impl Snapshot {
    fn new(uri: Uri, version: i32, document: Document) -> Snapshot {
        Snapshot {
            uri,
            version,
            document,
            analysis: OnceLock::new(),
            diagnostics: OnceLock::new(),
        }
    }

    /// A snapshot whose diagnostics are already known (carried over from the previous version).
    fn with_diagnostics(
        uri: Uri,
        version: i32,
        document: Document,
        diagnostics: Option<Arc<Vec<Diagnostic>>>,
    ) -> Snapshot {
        let snapshot = Snapshot::new(uri, version, document);
        if let Some(diagnostics) = diagnostics {
            let _ = snapshot.diagnostics.set(diagnostics);
        }
        snapshot
    }

    /// The diagnostics of this version if they are known already.
    fn known_diagnostics(&self) -> Option<Arc<Vec<Diagnostic>>> {
        self.diagnostics.get().cloned()
    }

    /// The diagnostics of this version, in byte ranges; a document without tasks has none.
    pub fn diagnostics(&self) -> Arc<Vec<Diagnostic>> {
        self.diagnostics
            .get_or_init(|| {
                let analysis = self.analysis();
                let (analysis, plan) = (&analysis.0, &analysis.1);
                if analysis.tasks.is_empty() {
                    return Arc::new(Vec::new());
                }
                Arc::new(tasklens_analysis::diagnostics_with_plan(analysis, plan))
            })
            .clone()
    }

    /// The resolved analysis and plan of this version, computed on first use.
    pub fn analysis(&self) -> Arc<(Analysis, Plan)> {
        self.analysis
            .get_or_init(|| {
                let analysis = Analysis::new(Model::build(&self.document));
                let plan = Plan::new(&analysis);
                Arc::new((analysis, plan))
            })
            .clone()
    }
}

/// A set of diagnostics waiting to be published.
struct Publish {
    uri: Uri,
    version: Option<i32>,
    diagnostics: Vec<lsp::Diagnostic>,
}

/// Everything the handlers share.
pub struct State {
    documents: Mutex<HashMap<Uri, Arc<Snapshot>>>,
    encoding: Mutex<Encoding>,
    config: Mutex<Arc<Config>>,
    /// Settings from the client, kept so that a changed `tasklens.toml` can be re-read under them.
    client_settings: Mutex<serde_json::Value>,
    roots: Mutex<Vec<PathBuf>>,
    /// Configuration problems found in `initialize`, shown once the client is initialized.
    pending_problems: Mutex<Vec<String>>,
    shutdown_requested: AtomicBool,
    publisher: mpsc::UnboundedSender<Publish>,
}

/// The language server.
pub struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    fn new(client: Client) -> Backend {
        let (publisher, receiver) = mpsc::unbounded_channel();
        tokio::spawn(publish_in_order(client.clone(), receiver));
        let state = State {
            documents: Mutex::new(HashMap::new()),
            encoding: Mutex::new(Encoding::Utf16),
            config: Mutex::new(Arc::new(Config::default())),
            client_settings: Mutex::new(serde_json::Value::Null),
            roots: Mutex::new(Vec::new()),
            pending_problems: Mutex::new(Vec::new()),
            shutdown_requested: AtomicBool::new(false),
            publisher,
        };
        Backend {
            client,
            state: Arc::new(state),
        }
    }

    /// The state, for the exit code after the connection closes.
    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    fn encoding(&self) -> Encoding {
        *lock(&self.state.encoding)
    }

    fn config(&self) -> Arc<Config> {
        lock(&self.state.config).clone()
    }

    /// The current snapshot of a document.
    fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        lock(&self.state.documents).get(uri).cloned()
    }

    /// Stores a new snapshot (under the lock, before any `.await`) and queues its diagnostics.
    fn store(&self, snapshot: Snapshot) -> Arc<Snapshot> {
        let snapshot = Arc::new(snapshot);
        lock(&self.state.documents).insert(snapshot.uri.clone(), snapshot.clone());
        snapshot
    }

    /// Computes a snapshot's diagnostics and hands them to the publisher.
    fn queue_diagnostics(&self, snapshot: &Arc<Snapshot>) {
        let encoding = self.encoding();
        let diagnostics = guarded("diagnostics", || handlers::diagnostics(snapshot, encoding)).unwrap_or_default();
        let _ = self.state.publisher.send(Publish {
            uri: snapshot.uri.clone(),
            version: Some(snapshot.version),
            diagnostics,
        });
    }

    /// Replaces the configuration and re-analyses every open document.
    fn reconfigure(&self, config: Config) {
        let config = Arc::new(config);
        *lock(&self.state.config) = config.clone();
        let snapshots: Vec<Arc<Snapshot>> = lock(&self.state.documents).values().cloned().collect();
        for old in snapshots {
            let snapshot = Snapshot::new(old.uri.clone(), old.version, old.document.with_config(config.clone()));
            let snapshot = self.store(snapshot);
            self.queue_diagnostics(&snapshot);
        }
    }

    /// The configuration from defaults, then `tasklens.toml` at the first workspace root, then
    /// the client's settings; returns it with every problem found.
    fn load_config(&self) -> (Config, Vec<String>) {
        let mut config = Config::default();
        let mut problems = Vec::new();
        let roots = lock(&self.state.roots).clone();
        if let Some(file) = roots
            .iter()
            .map(|root| root.join(crate::settings::FILE_NAME))
            .find(|f| f.is_file())
        {
            problems.extend(crate::settings::apply_file(&file, &mut config));
        }
        let settings = lock(&self.state.client_settings).clone();
        problems.extend(crate::settings::apply(&settings, &mut config));
        (config, problems)
    }

    async fn report_problems(&self, problems: Vec<String>) {
        for problem in problems {
            tracing::warn!("configuration: {problem}");
            self.client
                .show_message(
                    lsp::MessageType::WARNING,
                    format!("tasklens: {problem} The default stays in force."),
                )
                .await;
        }
    }
}

/// Locks a mutex, recovering the data if a handler panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs a handler's synchronous work, turning a panic into a logged `None` so that one bad
/// request never takes the server down.
pub fn guarded<T>(what: &str, work: impl FnOnce() -> T) -> Option<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(work)) {
        Ok(value) => Some(value),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            tracing::error!("{what} panicked: {message}");
            None
        }
    }
}

/// Publishes diagnostics in the order they were queued, dropping a set for a version older
/// than one already published for the same document.
async fn publish_in_order(client: Client, mut receiver: mpsc::UnboundedReceiver<Publish>) {
    let mut published: HashMap<Uri, i32> = HashMap::new();
    while let Some(publish) = receiver.recv().await {
        if let Some(version) = publish.version {
            match published.get(&publish.uri) {
                Some(&last) if last > version => continue,
                _ => {
                    published.insert(publish.uri.clone(), version);
                }
            }
        } else {
            published.remove(&publish.uri);
        }
        client
            .publish_diagnostics(publish.uri, publish.diagnostics, publish.version)
            .await;
    }
}

/// Builds the service and its client socket (for serving over any transport, and for tests).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serves over stdin and stdout until the client sends `exit`; returns the process exit code:
/// 0 after `shutdown`, 1 for `exit` (or a closed connection) without it.
pub async fn serve_stdio() -> u8 {
    let (service, socket) = service();
    let state = service.inner().state().clone();
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
    if state.shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// What the server can do.
pub fn capabilities(encoding: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Kind(
            lsp::TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_highlight_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        code_lens_provider: Some(lsp::CodeLensOptions {
            resolve_provider: Some(false),
        }),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![" ".to_string(), ",".to_string(), "*".to_string(), ".".to_string()]),
            ..lsp::CompletionOptions::default()
        }),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        })),
        folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
        document_link_provider: Some(lsp::DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        }),
        ..lsp::ServerCapabilities::default()
    }
}

/// Marks that `shutdown` arrived.
fn mark_shutdown(state: &State) {
    state.shutdown_requested.store(true, Ordering::SeqCst);
}
