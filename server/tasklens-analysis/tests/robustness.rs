//! The server must never die from a document. Random edits (multi-byte and odd whitespace,
//! byte order marks, markdown markers, IDs, dependency phrases), half of them at line starts,
//! are applied to the corpus files (read at test time from `$TASKLENS_CORPUS`) and the
//! examples; after each, every analysis entry point the language server and `tasklens check`
//! call is run, and every range it returns must lie in the text on character boundaries.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use proptest::prelude::*;
use tasklens_analysis::fixture::floor_char_boundary;
use tasklens_analysis::{Analysis, Config, Document, Model, Plan, TextEdit, diagnostics_with_plan, ide};

/// Text the edits type.
const INSERTS: &[&str] = &[
    "\u{85}",
    "\u{2028}",
    "\u{c}",
    "\u{a0}",
    "\t",
    "😀",
    "é",
    "任务",
    "\r\n",
    "\r",
    "\n",
    "|",
    "| ",
    "- [ ] ",
    "- [x] ",
    "**",
    "`",
    "```\n",
    "<!--",
    "<div>\n",
    "#### Task 1.1: ",
    "## Phase 2: ",
    "T001 ",
    "[P] ",
    "1.1",
    "Task 2.x",
    "Tasks 1.1-1.9",
    "**Dependencies**: ",
    "**Estimate**: 3h",
    "depends on ",
    " → ",
    "[Name]",
    "(depends on T002)",
    "_Requirements: 1.1_",
    "\u{feff}",
    "\u{feff}# ",
    "\u{feff}#### Task 1.1: x\n",
];

fn documents() -> Vec<String> {
    let root = std::env::var_os("TASKLENS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let mut out = Vec::new();
    for family in ["H", "S", "K"] {
        let Ok(entries) = std::fs::read_dir(root.join(family)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        // Small files keep each case quick; the large ones are covered by the corpus test.
        out.extend(
            files
                .iter()
                .filter_map(|f| std::fs::read_to_string(f).ok())
                .filter(|text| text.len() < 40_000),
        );
    }
    for example in ["payment", "spec-kit"] {
        let path = format!("{}/../../examples/{example}/tasks.md", env!("CARGO_MANIFEST_DIR"));
        out.push(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    }
    assert!(out.len() > 10, "the corpus is missing (set TASKLENS_CORPUS)");
    out
}

/// Fails unless `range` lies in `text` on character boundaries.
fn valid(text: &str, range: &Range<usize>, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        range.start <= range.end && text.get(range.clone()).is_some(),
        "{what} range {range:?} is not a slice of the {}-byte text",
        text.len()
    );
    Ok(())
}

/// Runs every entry point on the document and checks the ranges it returns.
fn exercise(document: &Document, offsets: &[f64]) -> Result<(), TestCaseError> {
    let text = document.text();
    let analysis = Analysis::new(Model::build(document));
    let plan = Plan::new(&analysis);
    for diagnostic in diagnostics_with_plan(&analysis, &plan) {
        valid(&text, &diagnostic.range, "diagnostic")?;
        for related in &diagnostic.related {
            valid(&text, &related.range, "related")?;
        }
    }
    for lens in ide::lenses::code_lenses(&analysis, &plan) {
        valid(&text, &lens.range, "lens")?;
    }
    for symbol in ide::symbols::document_symbols(&analysis, &plan) {
        valid(&text, &symbol.range, "symbol")?;
        valid(&text, &symbol.selection, "symbol selection")?;
    }
    for range in ide::folding::folding_ranges(&analysis) {
        valid(&text, &range, "folding")?;
    }
    for link in ide::links::requirement_links(&analysis) {
        valid(&text, &link.range, "link")?;
    }
    for &fraction in offsets {
        // Offsets anywhere, inside characters and past the end included.
        let offset = (fraction * (text.len() + 4) as f64) as usize;
        if let Some(hover) = ide::hover::hover(&analysis, &plan, offset) {
            valid(&text, &hover.range, "hover")?;
        }
        if let Some(range) = ide::navigation::definition(&analysis, offset) {
            valid(&text, &range, "definition")?;
        }
        for range in ide::navigation::references(&analysis, offset, true) {
            valid(&text, &range, "reference")?;
        }
        for (range, _) in ide::navigation::highlights(&analysis, offset) {
            valid(&text, &range, "highlight")?;
        }
        for completion in ide::completion::completions(&analysis, offset) {
            valid(&text, &completion.replace, "completion")?;
        }
        if let Some((range, _)) = ide::rename::prepare_rename(&analysis, offset) {
            valid(&text, &range, "prepare rename")?;
            if let Ok(edits) = ide::rename::rename(&analysis, offset, "R9") {
                for (range, _) in edits {
                    valid(&text, &range, "rename edit")?;
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64), ..ProptestConfig::default() })]

    #[test]
    fn random_edits_never_break_the_analysis(
        file in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((0.0..1.0f64, any::<bool>(), 0..6usize, 0..INSERTS.len()), 1..10),
        offsets in proptest::collection::vec(0.0..1.0f64, 4),
    ) {
        let texts = documents();
        let mut text = texts[file.index(texts.len())].clone();
        let mut document = Document::new(&text, Arc::new(Config::default()));
        for (position, at_line_start, delete, insert) in edits {
            let start = floor_char_boundary(&text, (position * text.len() as f64) as usize);
            // Half the edits land at the start of a line (the document's start included),
            // where a byte order mark or a line break changes what the line is.
            let start = if at_line_start { text[..start].rfind('\n').map_or(0, |i| i + 1) } else { start };
            let end = floor_char_boundary(&text, start + delete).max(start);
            let edit = TextEdit { range: start..end, text: INSERTS[insert].to_string() };
            text.replace_range(start..end, &edit.text);
            document = document.edit(&edit);
        }
        prop_assert_eq!(document.text(), text);
        exercise(&document, &offsets)?;
    }
}

/// A byte order mark before a document changes nothing but the offsets: `\u{feff}# x` is a
/// heading (it used to panic the heading lexer), front matter after one is front matter.
#[test]
fn a_byte_order_mark_reads_as_if_absent() {
    let config = Arc::new(Config::default());
    for text in documents() {
        let plain = Analysis::new(Model::build(&Document::new(&text, config.clone())));
        let marked = Analysis::new(Model::build(&Document::new(&format!("\u{feff}{text}"), config.clone())));
        let shifted: Vec<_> = diagnostics_with_plan(&plain, &Plan::new(&plain))
            .into_iter()
            .map(|mut diagnostic| {
                diagnostic.range = diagnostic.range.start + 3..diagnostic.range.end + 3;
                for related in &mut diagnostic.related {
                    related.range = related.range.start + 3..related.range.end + 3;
                }
                diagnostic
            })
            .collect();
        assert_eq!(
            plain.tasks.len(),
            marked.tasks.len(),
            "{}",
            &text[..text.len().min(200)]
        );
        assert_eq!(shifted, diagnostics_with_plan(&marked, &Plan::new(&marked)));
    }
}
