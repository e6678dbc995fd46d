//! The protocol handlers: each converts positions, calls the analysis crate on a snapshot
//! and converts the answer back. No analysis logic lives here. Notifications change state
//! before their first `.await`; requests wait for the snapshot of the text they were sent
//! against and compute on a blocking thread.

use std::str::FromStr;
use std::sync::Arc;

use tasklens_analysis::{Severity, ide};
use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert::{self, Encoding};

/// The command a lens about other lines runs, which the editor plugins register: its
/// arguments are the document's URI, the lens's position and the locations of the lines.
pub const SHOW_TASKS: &str = "tasklens.showTasks";
use super::documents::{Unavailable, snapshot_of};
use super::{Backend, Snapshot, guarded, lock};

/// The LSP diagnostics of a snapshot; a document without tasks has none.
pub fn diagnostics(snapshot: &Snapshot, encoding: Encoding) -> Vec<lsp::Diagnostic> {
    let rope = snapshot.document.rope();
    let docs = super::docs_url(snapshot.document.config());
    snapshot
        .diagnostics()
        .iter()
        .map(|diagnostic| lsp::Diagnostic {
            range: convert::range(rope, diagnostic.range.clone(), encoding),
            severity: Some(match diagnostic.severity {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
                Severity::Hint => lsp::DiagnosticSeverity::HINT,
            }),
            code: Some(lsp::NumberOrString::String(diagnostic.code.as_str().to_string())),
            code_description: docs
                .as_ref()
                .and_then(|docs| Uri::from_str(&format!("{docs}#{}", diagnostic.code.as_str())).ok())
                .map(|href| lsp::CodeDescription { href }),
            source: Some("tasklens".to_string()),
            message: diagnostic.message.clone(),
            related_information: (!diagnostic.related.is_empty()).then(|| {
                diagnostic
                    .related
                    .iter()
                    .map(|related| lsp::DiagnosticRelatedInformation {
                        location: lsp::Location {
                            uri: snapshot.uri.clone(),
                            range: convert::range(rope, related.range.clone(), encoding),
                        },
                        message: related.message.clone(),
                    })
                    .collect()
            }),
            tags: None,
            data: None,
        })
        .collect()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let encoding = Encoding::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|general| general.position_encodings.as_deref()),
        );
        *lock(&self.state.encoding) = encoding;
        let mut roots: Vec<std::path::PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|folder| folder.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(|uri| uri.to_file_path())
        {
            roots.push(root.into_owned());
        }
        *lock(&self.state.roots) = roots;
        let resolves = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|text| text.code_action.as_ref())
            .and_then(|actions| actions.resolve_support.as_ref())
            .is_some_and(|support| support.properties.iter().any(|p| p == "edit"));
        self.state
            .resolves_code_actions
            .store(resolves, std::sync::atomic::Ordering::Relaxed);
        if let Some(options) = params.initialization_options {
            *lock(&self.state.client_settings) = options;
        }
        let (config, problems) = self.load_config();
        *lock(&self.state.config) = Arc::new(config);
        // Problems are reported once the client is ready to show messages (`initialized`).
        *lock(&self.state.pending_problems) = problems;
        Ok(lsp::InitializeResult {
            server_info: Some(lsp::ServerInfo {
                name: "tasklens".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: super::capabilities(encoding),
            ..lsp::InitializeResult::default()
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let problems = std::mem::take(&mut *lock(&self.state.pending_problems));
        self.report_problems(problems);
        tracing::info!("initialized");
    }

    async fn shutdown(&self) -> Result<()> {
        tracing::info!("shutdown");
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let item = params.text_document;
        let config = self.config();
        self.state
            .documents
            .open(&self.state, &self.client, item.uri, item.version, &item.text, config);
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        // The text changes here, before any `.await`: changes apply in message order.
        let applied = self.state.documents.change(
            &uri,
            params.text_document.version,
            &params.content_changes,
            self.encoding(),
        );
        if !applied {
            tracing::warn!("change to a document that is not open: {}", uri.as_str());
        }
    }

    async fn did_save(&self, _: lsp::DidSaveTextDocumentParams) {
        // The text follows the changes, so a save changes nothing the server holds; handled so
        // that clients that save on every pause (code-server) leave no warning in the log.
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some(order) = self.state.documents.close(&uri) {
            let _ = self.state.publisher.send(super::Publish {
                uri,
                version: None,
                order,
                diagnostics: Vec::new(),
            });
        }
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        *lock(&self.state.client_settings) = params.settings;
        let (config, problems) = self.load_config();
        self.reconfigure(config);
        self.report_problems(problems);
    }

    async fn did_change_watched_files(&self, _: lsp::DidChangeWatchedFilesParams) {
        let (config, problems) = self.load_config();
        self.reconfigure(config);
        self.report_problems(problems);
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let at = params.text_document_position_params;
        self.at_position(
            &at.text_document.uri,
            at.position,
            "hover",
            move |snapshot, offset, encoding| {
                let analysis = snapshot.analysis();
                let hover = ide::hover::hover(&analysis.0, &analysis.1, offset)?;
                Some(lsp::Hover {
                    contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: hover.markdown,
                    }),
                    range: Some(convert::range(snapshot.document.rope(), hover.range, encoding)),
                })
            },
        )
        .await
    }

    async fn goto_definition(&self, params: lsp::GotoDefinitionParams) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        self.at_position(
            &at.text_document.uri,
            at.position,
            "definition",
            move |snapshot, offset, encoding| {
                let range = ide::navigation::definition(&snapshot.analysis().0, offset)?;
                Some(lsp::GotoDefinitionResponse::Scalar(location(snapshot, range, encoding)))
            },
        )
        .await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let at = params.text_document_position;
        let include_declaration = params.context.include_declaration;
        self.at_position(
            &at.text_document.uri,
            at.position,
            "references",
            move |snapshot, offset, encoding| {
                let ranges = ide::navigation::references(&snapshot.analysis().0, offset, include_declaration);
                (!ranges.is_empty()).then(|| ranges.into_iter().map(|r| location(snapshot, r, encoding)).collect())
            },
        )
        .await
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        let at = params.text_document_position_params;
        self.at_position(
            &at.text_document.uri,
            at.position,
            "highlight",
            move |snapshot, offset, encoding| {
                let highlights = ide::navigation::highlights(&snapshot.analysis().0, offset);
                let rope = snapshot.document.rope();
                (!highlights.is_empty()).then(|| {
                    highlights
                        .into_iter()
                        .map(|(range, kind)| lsp::DocumentHighlight {
                            range: convert::range(rope, range, encoding),
                            kind: Some(match kind {
                                ide::navigation::HighlightKind::Declaration => lsp::DocumentHighlightKind::WRITE,
                                ide::navigation::HighlightKind::Reference => lsp::DocumentHighlightKind::READ,
                            }),
                        })
                        .collect()
                })
            },
        )
        .await
    }

    async fn document_symbol(&self, params: lsp::DocumentSymbolParams) -> Result<Option<lsp::DocumentSymbolResponse>> {
        self.whole_document(&params.text_document.uri, "symbols", move |snapshot, encoding| {
            let symbols = snapshot.symbols();
            let rope = snapshot.document.rope();
            Some(lsp::DocumentSymbolResponse::Nested(
                symbols.iter().map(|s| document_symbol(rope, s, encoding)).collect(),
            ))
        })
        .await
    }

    async fn symbol(&self, params: lsp::WorkspaceSymbolParams) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        let search = super::workspace::Search {
            roots: lock(&self.state.roots).clone(),
            open: self.state.documents.latest(),
            config: self.config(),
            query: params.query,
            encoding: self.encoding(),
            byte_limit: super::workspace::BYTE_LIMIT,
        };
        // The scan reads files: it runs on a blocking thread, and stops when the request is
        // cancelled (tower-lsp-server then drops this future, and the flag with it).
        let cancel = super::workspace::Cancel::default();
        let flag = cancel.flag();
        let found = tokio::task::spawn_blocking(move || guarded("workspace symbols", || search.run(&flag)).flatten())
            .await
            .ok()
            .flatten();
        drop(cancel);
        Ok(found.map(lsp::WorkspaceSymbolResponse::Flat))
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        let uri = params.text_document.uri.clone();
        self.whole_document(&params.text_document.uri, "code lens", move |snapshot, encoding| {
            let analysis = snapshot.analysis();
            let rope = snapshot.document.rope();
            // Lenses come resolved. A lens about other lines carries the command that lists
            // them (the editor plugins register it: VS Code shows a references list, Neovim
            // the quickfix list); the empty command makes clients show the others as labels.
            let lenses = ide::lenses::code_lenses(&analysis.0, &analysis.1)
                .into_iter()
                .map(|lens| {
                    let range = convert::range(rope, lens.range, encoding);
                    let command = if lens.targets.is_empty() {
                        String::new()
                    } else {
                        SHOW_TASKS.to_string()
                    };
                    let arguments = (!lens.targets.is_empty()).then(|| {
                        let locations: Vec<lsp::Location> = lens
                            .targets
                            .into_iter()
                            .map(|target| lsp::Location {
                                uri: uri.clone(),
                                range: convert::range(rope, target, encoding),
                            })
                            .collect();
                        vec![
                            serde_json::json!(uri.as_str()),
                            serde_json::json!(range.start),
                            serde_json::json!(locations),
                        ]
                    });
                    lsp::CodeLens {
                        range,
                        command: Some(lsp::Command {
                            title: lens.title,
                            command,
                            arguments,
                        }),
                        data: None,
                    }
                })
                .collect();
            Some(lenses)
        })
        .await
    }

    async fn inlay_hint(&self, params: lsp::InlayHintParams) -> Result<Option<Vec<lsp::InlayHint>>> {
        let range = params.range;
        self.whole_document(&params.text_document.uri, "inlay hints", move |snapshot, encoding| {
            let rope = snapshot.document.rope();
            let start = convert::offset(rope, range.start, encoding).unwrap_or(0);
            let end = convert::offset(rope, range.end, encoding).unwrap_or(rope.len_bytes());
            let analysis = snapshot.analysis();
            let hints = ide::inlay::inlay_hints(&analysis.0, &analysis.1, start..end)
                .into_iter()
                .map(|hint| lsp::InlayHint {
                    position: convert::position(rope, hint.offset, encoding),
                    label: lsp::InlayHintLabel::String(hint.label),
                    kind: match hint.kind {
                        ide::inlay::HintKind::Hours | ide::inlay::HintKind::Schedule => Some(lsp::InlayHintKind::TYPE),
                        ide::inlay::HintKind::Expansion => Some(lsp::InlayHintKind::PARAMETER),
                    },
                    text_edits: None,
                    tooltip: None,
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
                .collect();
            Some(hints)
        })
        .await
    }

    async fn completion(&self, params: lsp::CompletionParams) -> Result<Option<lsp::CompletionResponse>> {
        let at = params.text_document_position;
        self.at_position(
            &at.text_document.uri,
            at.position,
            "completion",
            move |snapshot, offset, encoding| {
                let items = ide::completion::completions(&snapshot.analysis().0, offset);
                let rope = snapshot.document.rope();
                (!items.is_empty()).then(|| {
                    lsp::CompletionResponse::Array(
                        items
                            .into_iter()
                            .map(|item| lsp::CompletionItem {
                                label: item.label.clone(),
                                detail: item.detail,
                                kind: Some(match item.kind {
                                    ide::completion::CompletionKind::TaskId => lsp::CompletionItemKind::REFERENCE,
                                    ide::completion::CompletionKind::FieldLabel => lsp::CompletionItemKind::PROPERTY,
                                    ide::completion::CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
                                }),
                                text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                                    range: convert::range(rope, item.replace, encoding),
                                    new_text: item.insert,
                                })),
                                filter_text: Some(item.label),
                                sort_text: (!item.sort.is_empty()).then_some(item.sort),
                                ..lsp::CompletionItem::default()
                            })
                            .collect(),
                    )
                })
            },
        )
        .await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        self.at_position(
            &params.text_document.uri,
            params.position,
            "prepare rename",
            move |snapshot, offset, encoding| {
                let (range, placeholder) = ide::rename::prepare_rename(&snapshot.analysis().0, offset)?;
                Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
                    range: convert::range(snapshot.document.rope(), range, encoding),
                    placeholder,
                })
            },
        )
        .await
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let at = params.text_document_position;
        let new_name = params.new_name;
        let outcome = self.at_position(
            &at.text_document.uri,
            at.position,
            "rename",
            move |snapshot, offset, encoding| {
                let rope = snapshot.document.rope();
                Some(
                    ide::rename::rename(&snapshot.analysis().0, offset, &new_name).map(|edits| {
                        let edits = edits
                            .into_iter()
                            .map(|(range, text)| lsp::TextEdit {
                                range: convert::range(rope, range, encoding),
                                new_text: text,
                            })
                            .collect();
                        lsp::WorkspaceEdit {
                            changes: Some(std::collections::HashMap::from([(snapshot.uri.clone(), edits)])),
                            ..lsp::WorkspaceEdit::default()
                        }
                    }),
                )
            },
        );
        match outcome.await? {
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(refusal)) => Err(Error::invalid_params(refusal.message)),
            None => Ok(None),
        }
    }

    async fn code_action(&self, params: lsp::CodeActionParams) -> Result<Option<lsp::CodeActionResponse>> {
        let resolve = self
            .state
            .resolves_code_actions
            .load(std::sync::atomic::Ordering::Relaxed);
        let only = params.context.only;
        let range = params.range;
        self.whole_document(&params.text_document.uri, "code action", move |snapshot, encoding| {
            let range = convert::byte_range(snapshot.document.rope(), range, encoding)?;
            let found = super::actions::code_actions(snapshot, range, only.as_deref(), resolve, encoding);
            (!found.is_empty()).then_some(found)
        })
        .await
    }

    async fn code_action_resolve(&self, mut action: lsp::CodeAction) -> Result<lsp::CodeAction> {
        let Some((uri, revision, kind)) = super::actions::origin(action.data.as_ref()) else {
            return Ok(action);
        };
        let Ok(uri) = Uri::from_str(&uri) else {
            return Ok(action);
        };
        let Some(snapshot) = self.request_snapshot(&uri).await? else {
            return Err(Error::invalid_params("The document of this code action is not open."));
        };
        if snapshot.revision != revision {
            return Err(Error::content_modified());
        }
        let encoding = self.encoding();
        let edit = tokio::task::spawn_blocking(move || {
            guarded("code action resolve", || {
                super::actions::source_edit(&snapshot, &kind, encoding)
            })
            .flatten()
        })
        .await
        .ok()
        .flatten();
        action.edit = Some(edit.unwrap_or_default());
        Ok(action)
    }

    async fn document_link(&self, params: lsp::DocumentLinkParams) -> Result<Option<Vec<lsp::DocumentLink>>> {
        self.whole_document(
            &params.text_document.uri,
            "document links",
            move |snapshot, encoding| {
                // Links only where the requirements document exists beside the tasks document.
                let target = snapshot
                    .uri
                    .to_file_path()
                    .and_then(|path| path.parent().map(|dir| dir.join("requirements.md")))
                    .filter(|path| path.is_file())
                    .and_then(Uri::from_file_path)?;
                let analysis = snapshot.analysis();
                let rope = snapshot.document.rope();
                let links = ide::links::requirement_links(&analysis.0)
                    .into_iter()
                    .map(|link| lsp::DocumentLink {
                        range: convert::range(rope, link.range, encoding),
                        target: Some(target.clone()),
                        tooltip: Some(format!("Requirement {} in requirements.md", link.requirement)),
                        data: None,
                    })
                    .collect();
                Some(links)
            },
        )
        .await
    }

    async fn folding_range(&self, params: lsp::FoldingRangeParams) -> Result<Option<Vec<lsp::FoldingRange>>> {
        self.whole_document(&params.text_document.uri, "folding", move |snapshot, encoding| {
            let analysis = snapshot.analysis();
            let rope = snapshot.document.rope();
            let ranges = ide::folding::folding_ranges(&analysis.0)
                .into_iter()
                .map(|range| {
                    let range = convert::range(rope, range, encoding);
                    lsp::FoldingRange {
                        start_line: range.start.line,
                        end_line: range.end.line,
                        kind: Some(lsp::FoldingRangeKind::Region),
                        ..lsp::FoldingRange::default()
                    }
                })
                .collect();
            Some(ranges)
        })
        .await
    }
}

impl Backend {
    /// Waits for the snapshot of `uri` that the request was sent against and runs `work` on
    /// it on a blocking thread: None for an unknown document or a panic inside `work`,
    /// ContentModified when a newer text superseded the request's.
    async fn whole_document<T: Send + 'static>(
        &self,
        uri: &Uri,
        what: &'static str,
        work: impl FnOnce(&Arc<Snapshot>, Encoding) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let encoding = self.encoding();
        let Some(snapshot) = self.request_snapshot(uri).await? else {
            return Ok(None);
        };
        let answer = tokio::task::spawn_blocking(move || guarded(what, || work(&snapshot, encoding)).flatten());
        Ok(answer.await.ok().flatten())
    }

    /// Like [`Backend::whole_document`], at the byte offset of `position`; None too for a
    /// position outside the text.
    async fn at_position<T: Send + 'static>(
        &self,
        uri: &Uri,
        position: lsp::Position,
        what: &'static str,
        work: impl FnOnce(&Arc<Snapshot>, usize, Encoding) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        self.whole_document(uri, what, move |snapshot, encoding| {
            let offset = convert::offset(snapshot.document.rope(), position, encoding)?;
            work(snapshot, offset, encoding)
        })
        .await
    }

    /// The snapshot of the text of `uri` as it is now, once its worker has parsed it.
    async fn request_snapshot(&self, uri: &Uri) -> Result<Option<Arc<Snapshot>>> {
        // Read before the first `.await`: the text the request was sent against.
        let Some((revision, latest)) = self.state.documents.watch(uri) else {
            return Ok(None);
        };
        match snapshot_of(latest, revision).await {
            Ok(snapshot) => Ok(Some(snapshot)),
            Err(Unavailable::Modified) => Err(Error::content_modified()),
            Err(Unavailable::Gone) => Ok(None),
        }
    }
}

pub(super) fn location(snapshot: &Snapshot, range: std::ops::Range<usize>, encoding: Encoding) -> lsp::Location {
    lsp::Location {
        uri: snapshot.uri.clone(),
        range: convert::range(snapshot.document.rope(), range, encoding),
    }
}

pub(super) fn symbol_kind(kind: ide::symbols::SymbolKind) -> lsp::SymbolKind {
    match kind {
        ide::symbols::SymbolKind::Phase => lsp::SymbolKind::NAMESPACE,
        ide::symbols::SymbolKind::Task => lsp::SymbolKind::EVENT,
    }
}

impl Backend {
    /// The answer to `textDocument/documentSymbol`, as [`LanguageServer::document_symbol`]
    /// gives it, as JSON text written straight from the snapshot's outline (see `outline.rs`);
    /// None for an unknown document. The outline of 10,000 tasks is 3 MB of text: through
    /// `lsp::DocumentSymbol` values, each name copied, and tower-lsp-server's `Value` tree, the
    /// answer cost several times its computation.
    pub(super) async fn document_symbol_json(&self, params: lsp::DocumentSymbolParams) -> Result<Option<Arc<Vec<u8>>>> {
        self.whole_document(&params.text_document.uri, "symbols", move |snapshot, encoding| {
            Some(snapshot.symbols_answer(encoding).json())
        })
        .await
    }
}

pub(super) fn document_symbol(
    rope: &ropey::Rope,
    symbol: &ide::symbols::Symbol,
    encoding: Encoding,
) -> lsp::DocumentSymbol {
    #[allow(deprecated)]
    lsp::DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: convert::range(rope, symbol.range.clone(), encoding),
        selection_range: convert::range(rope, symbol.selection.clone(), encoding),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .iter()
                .map(|child| document_symbol(rope, child, encoding))
                .collect()
        }),
    }
}
