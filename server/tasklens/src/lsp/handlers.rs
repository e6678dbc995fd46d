//! The protocol handlers: each converts positions, calls the analysis crate on a snapshot
//! and converts the answer back. No analysis logic lives here.

use std::str::FromStr;
use std::sync::Arc;

use tasklens_analysis::{Document, Severity, TextEdit, ide};
use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert::{self, Encoding};
use super::{Backend, Snapshot, guarded, lock, mark_shutdown};

/// The LSP diagnostics of a snapshot; a document without tasks has none.
pub fn diagnostics(snapshot: &Snapshot, encoding: Encoding) -> Vec<lsp::Diagnostic> {
    let rope = snapshot.document.rope();
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
            code_description: Uri::from_str(&format!("{}#{}", super::DOCS_URL, diagnostic.code.as_str()))
                .ok()
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
        self.report_problems(problems).await;
        tracing::info!("initialized");
    }

    async fn shutdown(&self) -> Result<()> {
        mark_shutdown(&self.state);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let item = params.text_document;
        let document = guarded("open", || Document::new(&item.text, self.config()));
        let Some(document) = document else { return };
        let snapshot = self.store(Snapshot::new(item.uri, item.version, document));
        self.queue_diagnostics(&snapshot);
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.encoding();
        // The edit is applied under the lock, before any `.await`: changes apply in order.
        let snapshot = {
            let mut documents = lock(&self.state.documents);
            let Some(current) = documents.get(&uri).cloned() else {
                tracing::warn!("change to a document that is not open: {}", uri.as_str());
                return;
            };
            let edited = guarded("change", || {
                let mut document = current.document.clone();
                // The diagnostics carried from edit to edit, while each edit allows it: typing
                // in a description or a title costs no analysis of the whole document.
                let mut carried = current.known_diagnostics();
                for change in &params.content_changes {
                    let range = change
                        .range
                        .and_then(|range| convert::byte_range(document.rope(), range, encoding));
                    let (next, carry) = match (change.range, range) {
                        (Some(_), Some(range)) => {
                            let edited = document.apply(&TextEdit {
                                range,
                                text: change.text.clone(),
                            });
                            (edited.document, edited.carry)
                        }
                        (Some(_), None) => (
                            Document::new(&apply_out_of_range(&document, change), document.config().clone()),
                            None,
                        ),
                        (None, _) => (Document::new(&change.text, document.config().clone()), None),
                    };
                    carried = carried
                        .zip(carry)
                        .and_then(|(diagnostics, carry)| carry.diagnostics(&diagnostics, &next).map(Arc::new));
                    document = next;
                }
                (document, carried)
            });
            let Some((document, carried)) = edited else { return };
            let version = params.text_document.version;
            let snapshot = Arc::new(Snapshot::with_diagnostics(uri.clone(), version, document, carried));
            documents.insert(uri, snapshot.clone());
            snapshot
        };
        self.queue_diagnostics(&snapshot);
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        lock(&self.state.documents).remove(&uri);
        let _ = self.state.publisher.send(super::Publish {
            uri,
            version: None,
            diagnostics: Vec::new(),
        });
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        *lock(&self.state.client_settings) = params.settings;
        let (config, problems) = self.load_config();
        self.reconfigure(config);
        self.report_problems(problems).await;
    }

    async fn did_change_watched_files(&self, _: lsp::DidChangeWatchedFilesParams) {
        let (config, problems) = self.load_config();
        self.reconfigure(config);
        self.report_problems(problems).await;
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let at = params.text_document_position_params;
        Ok(self.at_position(
            &at.text_document.uri,
            at.position,
            "hover",
            |snapshot, offset, encoding| {
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
        ))
    }

    async fn goto_definition(&self, params: lsp::GotoDefinitionParams) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        Ok(self.at_position(
            &at.text_document.uri,
            at.position,
            "definition",
            |snapshot, offset, encoding| {
                let range = ide::navigation::definition(&snapshot.analysis().0, offset)?;
                Some(lsp::GotoDefinitionResponse::Scalar(location(snapshot, range, encoding)))
            },
        ))
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let at = params.text_document_position;
        let include_declaration = params.context.include_declaration;
        Ok(self.at_position(
            &at.text_document.uri,
            at.position,
            "references",
            |snapshot, offset, encoding| {
                let ranges = ide::navigation::references(&snapshot.analysis().0, offset, include_declaration);
                (!ranges.is_empty()).then(|| ranges.into_iter().map(|r| location(snapshot, r, encoding)).collect())
            },
        ))
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        let at = params.text_document_position_params;
        Ok(self.at_position(
            &at.text_document.uri,
            at.position,
            "highlight",
            |snapshot, offset, encoding| {
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
        ))
    }

    async fn document_symbol(&self, params: lsp::DocumentSymbolParams) -> Result<Option<lsp::DocumentSymbolResponse>> {
        Ok(
            self.whole_document(&params.text_document.uri, "symbols", |snapshot, encoding| {
                let analysis = snapshot.analysis();
                let symbols = ide::symbols::document_symbols(&analysis.0, &analysis.1);
                let rope = snapshot.document.rope();
                lsp::DocumentSymbolResponse::Nested(
                    symbols
                        .into_iter()
                        .map(|s| document_symbol(rope, s, encoding))
                        .collect(),
                )
            }),
        )
    }

    async fn symbol(&self, params: lsp::WorkspaceSymbolParams) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        let encoding = self.encoding();
        let open: Vec<Arc<Snapshot>> = lock(&self.state.documents).values().cloned().collect();
        let roots = lock(&self.state.roots).clone();
        let config = self.config();
        Ok(guarded("workspace symbols", || {
            let mut snapshots = open.clone();
            for path in super::workspace::task_files(&roots) {
                let Some(uri) = Uri::from_file_path(&path) else {
                    continue;
                };
                if open.iter().any(|s| s.uri == uri) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                snapshots.push(Arc::new(Snapshot::new(uri, 0, Document::new(&text, config.clone()))));
            }
            let mut found = Vec::new();
            for snapshot in &snapshots {
                let analysis = snapshot.analysis();
                for symbol in ide::symbols::workspace_symbols(&analysis.0, &params.query) {
                    #[allow(deprecated)]
                    found.push(lsp::SymbolInformation {
                        name: symbol.name,
                        kind: symbol_kind(symbol.kind),
                        tags: None,
                        deprecated: None,
                        location: location(snapshot, symbol.selection, encoding),
                        container_name: symbol.detail,
                    });
                }
            }
            lsp::WorkspaceSymbolResponse::Flat(found)
        }))
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        Ok(
            self.whole_document(&params.text_document.uri, "code lens", |snapshot, encoding| {
                let analysis = snapshot.analysis();
                let rope = snapshot.document.rope();
                // Lenses come resolved: the title is the whole content, and the empty command
                // makes clients show it as a label.
                ide::lenses::code_lenses(&analysis.0, &analysis.1)
                    .into_iter()
                    .map(|lens| lsp::CodeLens {
                        range: convert::range(rope, lens.range, encoding),
                        command: Some(lsp::Command {
                            title: lens.title,
                            command: String::new(),
                            arguments: None,
                        }),
                        data: None,
                    })
                    .collect()
            }),
        )
    }

    async fn completion(&self, params: lsp::CompletionParams) -> Result<Option<lsp::CompletionResponse>> {
        let at = params.text_document_position;
        Ok(self.at_position(
            &at.text_document.uri,
            at.position,
            "completion",
            |snapshot, offset, encoding| {
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
                                ..lsp::CompletionItem::default()
                            })
                            .collect(),
                    )
                })
            },
        ))
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        Ok(self.at_position(
            &params.text_document.uri,
            params.position,
            "prepare rename",
            |snapshot, offset, encoding| {
                let (range, placeholder) = ide::rename::prepare_rename(&snapshot.analysis().0, offset)?;
                Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
                    range: convert::range(snapshot.document.rope(), range, encoding),
                    placeholder,
                })
            },
        ))
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let at = params.text_document_position;
        let outcome = self.at_position(
            &at.text_document.uri,
            at.position,
            "rename",
            |snapshot, offset, encoding| {
                let rope = snapshot.document.rope();
                Some(
                    ide::rename::rename(&snapshot.analysis().0, offset, &params.new_name).map(|edits| {
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
        match outcome {
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(refusal)) => Err(tower_lsp_server::jsonrpc::Error::invalid_params(refusal.message)),
            None => Ok(None),
        }
    }

    async fn document_link(&self, params: lsp::DocumentLinkParams) -> Result<Option<Vec<lsp::DocumentLink>>> {
        // Links only where the requirements document exists beside the tasks document.
        let Some(target) = params
            .text_document
            .uri
            .to_file_path()
            .and_then(|path| path.parent().map(|dir| dir.join("requirements.md")))
            .filter(|path| path.is_file())
            .and_then(Uri::from_file_path)
        else {
            return Ok(None);
        };
        Ok(
            self.whole_document(&params.text_document.uri, "document links", |snapshot, encoding| {
                let analysis = snapshot.analysis();
                let rope = snapshot.document.rope();
                ide::links::requirement_links(&analysis.0)
                    .into_iter()
                    .map(|link| lsp::DocumentLink {
                        range: convert::range(rope, link.range, encoding),
                        target: Some(target.clone()),
                        tooltip: Some(format!("Requirement {} in requirements.md", link.requirement)),
                        data: None,
                    })
                    .collect()
            }),
        )
    }

    async fn folding_range(&self, params: lsp::FoldingRangeParams) -> Result<Option<Vec<lsp::FoldingRange>>> {
        Ok(
            self.whole_document(&params.text_document.uri, "folding", |snapshot, encoding| {
                let analysis = snapshot.analysis();
                let rope = snapshot.document.rope();
                ide::folding::folding_ranges(&analysis.0)
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
                    .collect()
            }),
        )
    }
}

impl Backend {
    /// Runs `work` on the current snapshot of `uri`; None for an unknown document or a panic
    /// inside `work`.
    fn whole_document<T>(&self, uri: &Uri, what: &str, work: impl FnOnce(&Arc<Snapshot>, Encoding) -> T) -> Option<T> {
        let encoding = self.encoding();
        let snapshot = self.snapshot(uri)?;
        guarded(what, || work(&snapshot, encoding))
    }

    /// Runs `work` on the snapshot of `uri` at the byte offset of `position`; None for an
    /// unknown document, a position outside it, or a panic inside `work`.
    fn at_position<T>(
        &self,
        uri: &Uri,
        position: lsp::Position,
        what: &str,
        work: impl FnOnce(&Arc<Snapshot>, usize, Encoding) -> Option<T>,
    ) -> Option<T> {
        let encoding = self.encoding();
        let snapshot = self.snapshot(uri)?;
        let offset = convert::offset(snapshot.document.rope(), position, encoding)?;
        guarded(what, || work(&snapshot, offset, encoding)).flatten()
    }
}

fn location(snapshot: &Snapshot, range: std::ops::Range<usize>, encoding: Encoding) -> lsp::Location {
    lsp::Location {
        uri: snapshot.uri.clone(),
        range: convert::range(snapshot.document.rope(), range, encoding),
    }
}

fn symbol_kind(kind: ide::symbols::SymbolKind) -> lsp::SymbolKind {
    match kind {
        ide::symbols::SymbolKind::Phase => lsp::SymbolKind::NAMESPACE,
        ide::symbols::SymbolKind::Task => lsp::SymbolKind::EVENT,
    }
}

fn document_symbol(rope: &ropey::Rope, symbol: ide::symbols::Symbol, encoding: Encoding) -> lsp::DocumentSymbol {
    #[allow(deprecated)]
    lsp::DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: convert::range(rope, symbol.range, encoding),
        selection_range: convert::range(rope, symbol.selection, encoding),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .into_iter()
                .map(|child| document_symbol(rope, child, encoding))
                .collect()
        }),
    }
}

/// A change whose range names a line that does not exist: the text is appended, which is
/// what a client that lost track of the document's end meant.
fn apply_out_of_range(document: &Document, change: &lsp::TextDocumentContentChangeEvent) -> String {
    tracing::warn!("a change names a range outside the document; appending its text");
    let mut text = document.text();
    text.push_str(&change.text);
    text
}
