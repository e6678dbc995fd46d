//! The open documents. Each has the client's text, which the handlers change in message order
//! on the protocol loop and nothing else touches (an edit costs a rope edit there), and a
//! worker task that parses and analyses the text on blocking threads:
//!
//! - edits that arrive while the worker is busy are parsed together, and a version that a
//!   newer one supersedes gets no analysis: its diagnostics are never computed or sent;
//! - a panic in the parse or the analysis is caught: the document is parsed again from the
//!   client's text, and if that fails too its diagnostics are cleared (stale ones would point
//!   at the wrong text), the failure is logged and the user is told once;
//! - each document has its own worker, so a slow document never delays another.
//!
//! Requests wait for the snapshot of the text they were sent against and are answered
//! ContentModified when a newer text supersedes it first.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use ropey::Rope;
use tasklens_analysis::{Config, Document, TextEdit};
use tokio::sync::{mpsc, watch};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert::{self, Encoding};
use super::outline::KnownOutline;
use super::{Known, Snapshot, State, guarded, lock};

/// The open documents.
#[derive(Default)]
pub struct Documents {
    open: Mutex<HashMap<Uri, Open>>,
    /// Counts the opens, so that a document opened again is told from its earlier self.
    opened: AtomicU64,
}

/// One open document.
struct Open {
    /// The client's text, every change applied.
    text: Rope,
    /// The client's version of `text`.
    version: i32,
    /// Counts the changes of `text` (and the changes of settings), in order.
    revision: u64,
    /// Which open this is.
    generation: u64,
    jobs: mpsc::UnboundedSender<Job>,
    latest: watch::Receiver<Latest>,
}

/// What a worker is asked to do: bring its document to `text`.
pub(super) struct Job {
    /// The client's text after the change.
    pub(super) text: Rope,
    /// The edits that make `text` from the previous job's text, or None to parse `text`
    /// from scratch.
    pub(super) edits: Option<Vec<TextEdit>>,
    /// New settings, to analyse under from now on.
    pub(super) config: Option<Arc<Config>>,
    pub(super) version: i32,
    pub(super) revision: u64,
}

/// A worker's latest result.
#[derive(Clone)]
pub enum Latest {
    /// Nothing parsed yet.
    Waiting,
    /// The snapshot of one revision.
    Ready(Arc<Snapshot>),
    /// The parse of this revision failed.
    Failed(u64),
}

/// Why a request gets no snapshot.
pub enum Unavailable {
    /// A newer text superseded the one the request was sent against.
    Modified,
    /// The document is not open, was closed, or could not be parsed.
    Gone,
}

/// The order of published diagnostics of one document: by open, then by revision.
pub type PublishOrder = (u64, u64);

/// A set of diagnostics for the publisher.
pub struct Publish {
    pub uri: Uri,
    pub version: Option<i32>,
    pub order: PublishOrder,
    pub diagnostics: Vec<lsp::Diagnostic>,
}

impl Documents {
    /// Opens a document (again, if it is open): a new worker parses `text` with `config`.
    pub fn open(&self, state: &Arc<State>, client: &Client, uri: Uri, version: i32, text: &str, config: Arc<Config>) {
        let generation = self.opened.fetch_add(1, Ordering::SeqCst) + 1;
        let (jobs, receiver) = mpsc::unbounded_channel();
        let (publish_latest, latest) = watch::channel(Latest::Waiting);
        let text = Rope::from_str(text);
        let _ = jobs.send(Job {
            text: text.clone(),
            edits: None,
            config: Some(config),
            version,
            revision: 1,
        });
        let open = Open {
            text,
            version,
            revision: 1,
            generation,
            jobs,
            latest,
        };
        lock(&self.open).insert(uri.clone(), open);
        tokio::spawn(work(
            uri,
            generation,
            receiver,
            publish_latest,
            state.clone(),
            client.clone(),
        ));
    }

    /// Applies the client's changes to the text of `uri`, now, and queues them for its worker.
    /// False when the document is not open.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: &[lsp::TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> bool {
        let mut open = lock(&self.open);
        let Some(document) = open.get_mut(uri) else {
            return false;
        };
        let mut edits = Vec::with_capacity(changes.len());
        for change in changes {
            let text = &mut document.text;
            let range = match change.range {
                None => 0..text.len_bytes(),
                Some(range) => convert::byte_range(text, range, encoding).unwrap_or_else(|| {
                    // A range that names a line past the end: the client lost track of the
                    // end, and meant to append.
                    tracing::warn!("a change names a range outside the document; appending its text");
                    text.len_bytes()..text.len_bytes()
                }),
            };
            let (start, end) = (text.byte_to_char(range.start), text.byte_to_char(range.end));
            text.remove(start..end);
            text.insert(start, &change.text);
            edits.push(TextEdit {
                range,
                text: change.text.clone(),
            });
        }
        if document.version > version {
            tracing::warn!(
                "version {version} of {} follows version {}; the text follows the client",
                uri.as_str(),
                document.version
            );
        }
        document.version = version;
        document.revision += 1;
        let _ = document.jobs.send(Job {
            text: document.text.clone(),
            edits: Some(edits),
            config: None,
            version,
            revision: document.revision,
        });
        true
    }

    /// Closes a document; its worker stops. Returns the order after which nothing of this
    /// open may be published.
    pub fn close(&self, uri: &Uri) -> Option<PublishOrder> {
        lock(&self.open)
            .remove(uri)
            .map(|document| (document.generation, u64::MAX))
    }

    /// Asks every worker to analyse its text again under `config`.
    pub fn reconfigure(&self, config: &Arc<Config>) {
        for document in lock(&self.open).values_mut() {
            document.revision += 1;
            let _ = document.jobs.send(Job {
                text: document.text.clone(),
                edits: None,
                config: Some(config.clone()),
                version: document.version,
                revision: document.revision,
            });
        }
    }

    /// The revision of `uri`'s text now and the channel its snapshots arrive on.
    pub fn watch(&self, uri: &Uri) -> Option<(u64, watch::Receiver<Latest>)> {
        lock(&self.open)
            .get(uri)
            .map(|document| (document.revision, document.latest.clone()))
    }

    /// The latest snapshot of every open document that has one.
    pub fn latest(&self) -> Vec<Arc<Snapshot>> {
        lock(&self.open)
            .values()
            .filter_map(|document| match &*document.latest.borrow() {
                Latest::Ready(snapshot) => Some(snapshot.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Waits for the snapshot of `revision`.
pub async fn snapshot_of(mut latest: watch::Receiver<Latest>, revision: u64) -> Result<Arc<Snapshot>, Unavailable> {
    loop {
        match &*latest.borrow_and_update() {
            Latest::Ready(snapshot) if snapshot.revision == revision => return Ok(snapshot.clone()),
            Latest::Ready(snapshot) if snapshot.revision > revision => return Err(Unavailable::Modified),
            Latest::Failed(failed) if *failed >= revision => return Err(Unavailable::Gone),
            _ => {}
        }
        if latest.changed().await.is_err() {
            return Err(Unavailable::Gone);
        }
    }
}

/// One document's worker: parses and analyses each job's text until the document closes.
async fn work(
    uri: Uri,
    generation: u64,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    latest: watch::Sender<Latest>,
    state: Arc<State>,
    client: Client,
) {
    // The last parsed document and what is known of it, which the next edits apply to.
    let mut current: Option<(Document, Known)> = None;
    let mut config = Arc::new(Config::default());
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while let Ok(job) = jobs.try_recv() {
            batch.push(job);
        }
        // The previous snapshot is out of date: dropping it now (requests that hold it keep
        // it) leaves its analysis to the parse alone, which moves it to the new text after an
        // edit of an estimate and frees it before the next one is built otherwise.
        latest.send_replace(Latest::Waiting);
        if let Some(newer) = batch.iter().rev().find_map(|job| job.config.clone()) {
            config = newer;
        }
        let (version, revision) = batch.last().map_or((0, 0), |job| (job.version, job.revision));
        let previous = current.take();
        let parse_config = config.clone();
        let parsed = tokio::task::spawn_blocking(move || parse(previous, batch, &parse_config))
            .await
            .ok()
            .flatten();
        let order = (generation, revision);
        let Some((document, carried)) = parsed else {
            latest.send_replace(Latest::Failed(revision));
            failed(&state, &client, &uri, version, order, "parse");
            continue;
        };
        let snapshot = Arc::new(Snapshot::with_known(uri.clone(), revision, document, carried));
        current = Some((snapshot.document.clone(), snapshot.known()));
        latest.send_replace(Latest::Ready(snapshot.clone()));
        if !jobs.is_empty() {
            continue;
        }
        let encoding = state.encoding();
        let analysed = snapshot.clone();
        let computed = tokio::task::spawn_blocking(move || {
            guarded("diagnostics", || super::handlers::diagnostics(&analysed, encoding))
        })
        .await
        .ok()
        .flatten();
        // The next edits carry these diagnostics over where they can.
        if let Some((_, known)) = &mut current {
            *known = snapshot.known();
        }
        drop(snapshot);
        // A newer text supersedes this one: its diagnostics would be stale on arrival.
        if !jobs.is_empty() {
            continue;
        }
        match computed {
            Some(diagnostics) => {
                let _ = state.publisher.send(Publish {
                    uri: uri.clone(),
                    version: Some(version),
                    order,
                    diagnostics,
                });
            }
            None => failed(&state, &client, &uri, version, order, "analysis"),
        }
    }
}

/// Brings the previous snapshot's document to the last job's text, carrying its diagnostics,
/// its outline and the answer written from the outline over where each edit allows. A panic
/// is caught and the text parsed again from scratch; None when that fails too.
pub(super) fn parse(
    previous: Option<(Document, Known)>,
    batch: Vec<Job>,
    config: &Arc<Config>,
) -> Option<(Document, Known)> {
    // The analysis of the text so far, when known: the previous version's, then the one
    // that carrying an edit's diagnostics over made.
    let mut analysis = None;
    let (mut document, mut carried, mut outline) = previous.map_or((None, None, None), |(document, known)| {
        analysis = known.analysis;
        let outline = known.symbols.get().cloned().map(|symbols| KnownOutline {
            symbols,
            // Read after the outline: an answer is written from the outline in the cell, so
            // an answer found now is this outline's.
            answer: known.symbols_answer.get().cloned(),
        });
        (Some(document), known.diagnostics, outline)
    });
    for job in batch {
        let edited = match (document.take(), job.edits, job.config.is_some()) {
            (Some(base), Some(edits), false) => guarded("change", || {
                #[cfg(test)]
                fail_on_marker(&job.text);
                let mut base = base;
                for edit in &edits {
                    let edited = base.apply(edit);
                    // An outline a request asked for moves where every item only moved, and
                    // so does the answer written from it.
                    outline = outline
                        .take()
                        .and_then(|outline| outline.moved(edited.carry.as_ref(), base.rope(), edited.document.rope()));
                    let known = analysis.take();
                    let carried_over = carried
                        .take()
                        .zip(edited.carry)
                        .and_then(|(diagnostics, carry)| carry.carry_over_with(&diagnostics, known, &edited.document));
                    (carried, analysis) = match carried_over {
                        Some(over) => (Some(Arc::new(over.diagnostics)), over.analysis.map(Arc::new)),
                        None => (None, None),
                    };
                    base = edited.document;
                }
                // The text must be the client's; were it not, the next parse from scratch
                // makes it so.
                (base.len() == job.text.len_bytes()).then_some(base)
            })
            .flatten(),
            _ => None,
        };
        document = match edited {
            Some(document) => Some(document),
            None => {
                carried = None;
                outline = None;
                analysis = None;
                guarded("open", || {
                    #[cfg(test)]
                    fail_on_marker(&job.text);
                    Document::from_rope(job.text.clone(), config.clone())
                })
            }
        };
    }
    document.map(|document| {
        let (symbols, answer) = outline.map_or((None, None), |outline| (Some(outline.symbols), outline.answer));
        let known = Known {
            diagnostics: carried,
            symbols: Arc::new(symbols.map(OnceLock::from).unwrap_or_default()),
            symbols_answer: Arc::new(answer.map(OnceLock::from).unwrap_or_default()),
            analysis,
        };
        (document, known)
    })
}

/// Tests make the parse of a text that holds this marker panic, as a bug of the analysis
/// would, to see what the server does then.
#[cfg(test)]
pub const PANIC_MARKER: &str = "<!-- tasklens test: the parse panics -->";

#[cfg(test)]
fn fail_on_marker(text: &Rope) {
    if String::from(text).contains(PANIC_MARKER) {
        panic!("the test marker asks the parse to panic");
    }
}

/// Clears the diagnostics of a document whose text could not be analysed, and tells the user
/// once per document.
fn failed(state: &Arc<State>, client: &Client, uri: &Uri, version: i32, order: PublishOrder, what: &str) {
    tracing::error!("the {what} of {} failed; its diagnostics are cleared", uri.as_str());
    let _ = state.publisher.send(Publish {
        uri: uri.clone(),
        version: Some(version),
        order,
        diagnostics: Vec::new(),
    });
    if lock(&state.told_failed).insert(uri.clone()) {
        let client = client.clone();
        let message = format!(
            "tasklens could not analyse {}: its findings are not shown until an edit lets it. \
             This is a bug in tasklens; the server's log has the details.",
            uri.as_str()
        );
        tokio::spawn(async move {
            client.show_message(lsp::MessageType::WARNING, message).await;
        });
    }
}
