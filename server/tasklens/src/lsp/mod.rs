//! `tasklens lsp`: the language server. Handlers are thin: convert the request's positions to
//! byte offsets, call the analysis crate on an immutable snapshot, convert the answer back.
//!
//! - [`serve`] reads and answers the protocol (with [`transport`] and [`message`]), in place
//!   of tower-lsp-server's server loop, and hands each message to tower-lsp-server's service;
//! - [`documents`] keeps the client's text of each open document, changed in message order
//!   before any `.await`, and a worker per document that parses and analyses it on blocking
//!   threads, dropping versions that a newer one supersedes;
//! - no lock is held across an `.await`; requests compute on a snapshot (`Arc<Snapshot>`) on a
//!   blocking thread, never on the live store;
//! - diagnostics carry the document version, and a single publisher task drops any set older
//!   than one it already sent for that open of that document; under [`serve`] it writes each
//!   `publishDiagnostics` serialized straight from the typed diagnostics, not through
//!   tower-lsp-server's client, which builds a `serde_json::Value` of the whole notification
//!   (on a document full of findings that tree was most of a keystroke's time).

mod actions;
pub mod convert;
mod documents;
mod handlers;
mod message;
mod outline;
mod serve;
#[cfg(test)]
mod tests;
mod transport;
mod workspace;

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use tasklens_analysis::ide::symbols::Symbol;
use tasklens_analysis::{Analysis, Config, Diagnostic, Document, Model, Plan};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, ClientSocket, LspService};

use self::convert::Encoding;
use self::documents::{Documents, Publish, PublishOrder};
use self::outline::OutlineAnswer;

pub use self::serve::serve;

/// How many problems with the settings are shown to the user, each in a message of its own.
const SHOWN_PROBLEMS: usize = 3;

/// The diagnostics reference, compiled in: the server writes it out once so that each
/// diagnostic's code links to a page that exists, without a network.
const DOCS: &str = include_str!("../../../../docs/diagnostics.md");

/// Where each diagnostic code is documented, a code's section being `#<code>`: the
/// configured `docs_url`, or the shipped reference written to the user's cache folder (or
/// the temporary folder), or None when it cannot be written.
pub fn docs_url(config: &tasklens_analysis::Config) -> Option<String> {
    if let Some(url) = &config.docs_url {
        return Some(url.clone());
    }
    static SHIPPED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(write_docs).clone()
}

/// Writes the shipped reference under `tasklens/<version>/` in the cache folder and returns
/// its `file:` URL.
fn write_docs() -> Option<String> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = cache.join("tasklens").join(env!("CARGO_PKG_VERSION"));
    let path = dir.join("diagnostics.md");
    let current = std::fs::read_to_string(&path).is_ok_and(|text| text == DOCS);
    if !current {
        let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, DOCS));
        if let Err(error) = written {
            tracing::warn!("cannot write the diagnostics reference to {}: {error}", path.display());
            return None;
        }
    }
    let path = path.to_str()?.replace('\\', "/");
    let mut url = String::from(if path.starts_with('/') { "file://" } else { "file:///" });
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => url.push(byte as char),
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    Some(url)
}

/// One version of one open document, with its analysis and diagnostics computed at most once.
pub struct Snapshot {
    /// The document's URI.
    pub uri: Uri,
    /// Which change of the client's text this is (see `documents.rs`); 0 for a file read
    /// from disk.
    pub revision: u64,
    /// The text and its parse.
    pub document: Document,
    analysis: OnceLock<Arc<(Analysis, Plan)>>,
    diagnostics: OnceLock<Arc<Vec<Diagnostic>>>,
    /// The outline, shared with the document's worker, which moves it to the next version
    /// when an edit only moves items.
    symbols: Arc<OnceLock<Arc<Vec<Symbol>>>>,
    /// The answer to `textDocument/documentSymbol`, written from `symbols`, shared with the
    /// worker as they are.
    symbols_answer: Arc<OnceLock<Arc<OutlineAnswer>>>,
}

/// What a snapshot starts with, carried over from the previous version.
#[derive(Clone, Default)]
pub struct Known {
    /// The diagnostics, when known.
    pub diagnostics: Option<Arc<Vec<Diagnostic>>>,
    /// The outline, when known; for the previous version, the cell a request fills.
    pub symbols: Arc<OnceLock<Arc<Vec<Symbol>>>>,
    /// The answer written from that outline, when known; for the previous version, the cell
    /// a request fills.
    pub symbols_answer: Arc<OnceLock<Arc<OutlineAnswer>>>,
    /// The resolved analysis and plan, when known: made by a request, or by carrying the
    /// diagnostics over an edit of an estimate, which moves the previous version's.
    pub analysis: Option<Arc<(Analysis, Plan)>>,
}

impl Snapshot {
    fn new(uri: Uri, revision: u64, document: Document) -> Snapshot {
        Snapshot::with_known(uri, revision, document, Known::default())
    }

    /// A snapshot whose diagnostics or outline are already known (carried over from the
    /// previous version).
    fn with_known(uri: Uri, revision: u64, document: Document, known: Known) -> Snapshot {
        let snapshot = Snapshot {
            uri,
            revision,
            document,
            analysis: OnceLock::new(),
            diagnostics: OnceLock::new(),
            symbols: known.symbols,
            symbols_answer: known.symbols_answer,
        };
        if let Some(diagnostics) = known.diagnostics {
            let _ = snapshot.diagnostics.set(diagnostics);
        }
        if let Some(analysis) = known.analysis {
            let _ = snapshot.analysis.set(analysis);
        }
        snapshot
    }

    /// What the next version may start with: the diagnostics and the analysis of this
    /// version if they are known already, and its outline once known.
    fn known(&self) -> Known {
        Known {
            diagnostics: self.diagnostics.get().cloned(),
            symbols: self.symbols.clone(),
            symbols_answer: self.symbols_answer.clone(),
            analysis: self.analysis.get().cloned(),
        }
    }

    /// The outline of this version, in byte ranges: the previous version's moved (see
    /// `documents.rs`), or from the analysis.
    pub fn symbols(&self) -> Arc<Vec<Symbol>> {
        self.symbols
            .get_or_init(|| {
                let analysis = self.analysis();
                Arc::new(tasklens_analysis::ide::symbols::document_symbols(
                    &analysis.0,
                    &analysis.1,
                ))
            })
            .clone()
    }

    /// The answer to `textDocument/documentSymbol` of this version in `encoding`: the previous
    /// version's moved (see `documents.rs`), or written from [`Snapshot::symbols`].
    pub fn symbols_answer(&self, encoding: Encoding) -> Arc<OutlineAnswer> {
        let write = || Arc::new(OutlineAnswer::new(&self.symbols(), self.document.rope(), encoding));
        let answer = self.symbols_answer.get_or_init(write);
        // The encoding is settled in `initialize`, before any document opens.
        if answer.encoding() == encoding {
            answer.clone()
        } else {
            write()
        }
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

/// Writes one serialized message to the client, behind the messages written before it.
pub type RawOutput = Arc<dyn Fn(Vec<u8>) + Send + Sync>;

/// Everything the handlers share.
pub struct State {
    documents: Documents,
    encoding: Mutex<Encoding>,
    config: Mutex<Arc<Config>>,
    /// Settings from the client, kept so that a changed `tasklens.toml` can be re-read under them.
    client_settings: Mutex<serde_json::Value>,
    roots: Mutex<Vec<PathBuf>>,
    /// Configuration problems found in `initialize`, shown once the client is initialized.
    pending_problems: Mutex<Vec<String>>,
    publisher: mpsc::UnboundedSender<Publish>,
    /// Where the publisher writes its notifications: set by [`serve`]; unset, they go through
    /// tower-lsp-server's client (as for the tests that drive the service without a transport).
    raw_output: Arc<OnceLock<RawOutput>>,
    /// The documents whose analysis failed and whose user has been told so.
    told_failed: Mutex<HashSet<Uri>>,
    /// True when the client resolves a code action's edit lazily (`codeAction/resolve`).
    resolves_code_actions: std::sync::atomic::AtomicBool,
}

impl State {
    fn encoding(&self) -> Encoding {
        *lock(&self.encoding)
    }
}

/// The language server. A clone shares the state: the loop in `serve.rs` answers the
/// requests whose answers are large with one, written from the typed values.
#[derive(Clone)]
pub struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    fn new(client: Client) -> Backend {
        let (publisher, receiver) = mpsc::unbounded_channel();
        let raw_output = Arc::new(OnceLock::new());
        tokio::spawn(publish_in_order(client.clone(), raw_output.clone(), receiver));
        let state = State {
            documents: Documents::default(),
            encoding: Mutex::new(Encoding::Utf16),
            config: Mutex::new(Arc::new(Config::default())),
            client_settings: Mutex::new(serde_json::Value::Null),
            roots: Mutex::new(Vec::new()),
            pending_problems: Mutex::new(Vec::new()),
            publisher,
            raw_output,
            told_failed: Mutex::new(HashSet::new()),
            resolves_code_actions: std::sync::atomic::AtomicBool::new(false),
        };
        Backend {
            client,
            state: Arc::new(state),
        }
    }

    fn encoding(&self) -> Encoding {
        self.state.encoding()
    }

    /// Has the publisher write its notifications through `output` from now on.
    pub fn attach_output(&self, output: RawOutput) {
        let _ = self.state.raw_output.set(output);
    }

    fn config(&self) -> Arc<Config> {
        lock(&self.state.config).clone()
    }

    /// Replaces the configuration and re-analyses every open document.
    fn reconfigure(&self, config: Config) {
        let config = Arc::new(config);
        *lock(&self.state.config) = config.clone();
        self.state.documents.reconfigure(&config);
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

    /// Logs each problem and shows the first [`SHOWN_PROBLEMS`] to the user, then one message
    /// that counts the rest (settings can hold any number of bad values), on its own task so
    /// that no handler waits for the client to read them.
    fn report_problems(&self, problems: Vec<String>) {
        if problems.is_empty() {
            return;
        }
        for problem in &problems {
            tracing::warn!("configuration: {problem}");
        }
        let mut messages: Vec<String> = problems
            .iter()
            .take(SHOWN_PROBLEMS)
            .map(|problem| format!("tasklens: {problem} The default stays in force."))
            .collect();
        if problems.len() > SHOWN_PROBLEMS {
            messages.push(format!(
                "tasklens: {} more problems with the settings; the server's log lists them all.",
                problems.len() - SHOWN_PROBLEMS
            ));
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            for message in messages {
                client.show_message(lsp::MessageType::WARNING, message).await;
            }
        });
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

/// Publishes diagnostics in order: a set is dropped when one that comes later (by open, then
/// by revision) was already published for the document. The client's version numbers play no
/// part: a client that reopens a document with a lower version, or sends a version lower
/// than the last, still gets the diagnostics of the text it has.
async fn publish_in_order(
    client: Client,
    raw_output: Arc<OnceLock<RawOutput>>,
    mut receiver: mpsc::UnboundedReceiver<Publish>,
) {
    let mut published: HashMap<Uri, PublishOrder> = HashMap::new();
    while let Some(publish) = receiver.recv().await {
        if published.get(&publish.uri).is_some_and(|&last| last >= publish.order) {
            continue;
        }
        published.insert(publish.uri.clone(), publish.order);
        let Some(write) = raw_output.get() else {
            client
                .publish_diagnostics(publish.uri, publish.diagnostics, publish.version)
                .await;
            continue;
        };
        match message::publish_diagnostics(&publish.uri, &publish.diagnostics, publish.version) {
            Ok(body) => write(body),
            Err(error) => tracing::error!("cannot serialize the diagnostics of {}: {error}", publish.uri.as_str()),
        }
    }
}

/// Builds the service and its client socket (for serving over any transport, and for tests).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serves over stdin and stdout until the client sends `exit`; returns the process exit code:
/// 0 after `shutdown`, 1 for `exit` (or a closed connection) without it.
pub async fn serve_stdio() -> u8 {
    serve(tokio::io::stdin(), tokio::io::stdout()).await
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
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
            code_action_kinds: Some(actions::kinds()),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
            resolve_provider: Some(true),
        })),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        document_link_provider: Some(lsp::DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
        }),
        ..lsp::ServerCapabilities::default()
    }
}
