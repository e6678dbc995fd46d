//! The pure analysis core of tasklens: the text of a tasks.md, its segmented tree-sitter
//! parse, the task model, the resolution of references and the diagnostics, all as plain data
//! in byte offsets.
//!
//! Nothing here knows about the Language Server Protocol, JSON-RPC, URIs, line/UTF-16
//! positions or IO; the `tasklens` binary converts at its edge. Nothing here fails on user
//! input: mistakes in a document are diagnostics, never errors or panics.

pub mod analysis;
pub mod carry;
pub mod checks;
pub mod claims;
pub mod codes;
pub mod config;
pub mod diagnostics;
pub mod document;
pub mod edit;
pub mod extract;
pub mod finding;
pub mod fixture;
pub mod generate;
mod groups;
pub mod ide;
pub mod items;
pub mod lex;
pub mod limits;
pub mod mask;
pub mod model;
pub mod order;
pub mod parse;
pub mod plan;
pub mod reach;
pub mod render;
mod resolve;
pub mod segments;
pub mod split;
pub mod suggest;

pub use analysis::Analysis;
pub use config::Config;
pub use diagnostics::{Code, Diagnostic, Severity, diagnostics, diagnostics_with_plan};
pub use document::{Document, Edited, TextEdit};
pub use edit::{Carry, LocalChange, OffsetMap};
pub use model::Model;
pub use plan::Plan;

/// Parses, models and resolves a whole text in one call.
pub fn analyze(text: &str, config: std::sync::Arc<Config>) -> Analysis {
    Analysis::new(Model::build(&Document::new(text, config)))
}
