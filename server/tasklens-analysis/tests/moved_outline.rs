//! The language server keeps a document's outline (its symbols) across edits that only move
//! items, moving each symbol's ranges through the edits instead of analysing the new text.
//! These tests check that the moved outline is exactly the outline of a fresh analysis, after
//! every edit of random edit sequences that the carry-over calls moves only.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use tasklens_analysis::fixture::floor_char_boundary;
use tasklens_analysis::generate::{Shape, tasks_md, tasks_md_with_findings};
use tasklens_analysis::ide::symbols::{Symbol, document_symbols, outline_moves};
use tasklens_analysis::{Config, Document, Plan, TextEdit, analyze};

/// Text typed by the edits: mostly prose, some that makes or breaks items.
const INSERTS: &[&str] = &[
    "x", "x", "word ", " ", "\n", "\n\n", "😀", "é", "\r\n", "- [ ] ", "Task 1.1", "# ", "x\n", "**",
];

fn base_documents() -> Vec<String> {
    let example = |name: &str| {
        let path = format!("{}/../../examples/{name}/tasks.md", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    vec![
        example("payment"),
        example("spec-kit"),
        tasks_md(Shape::tasks(12)),
        tasks_md_with_findings(Shape::tasks(12)),
    ]
}

fn fresh_outline(text: &str) -> Vec<Symbol> {
    let analysis = analyze(text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    document_symbols(&analysis, &plan)
}

/// The first symbol, in document order, that differs between two outlines (moved, fresh).
fn first_difference(moved: &[Symbol], fresh: &[Symbol]) -> Option<(Option<Symbol>, Option<Symbol>)> {
    fn flat(symbols: &[Symbol], out: &mut Vec<Symbol>) {
        for symbol in symbols {
            out.push(Symbol {
                children: Vec::new(),
                ..symbol.clone()
            });
            flat(&symbol.children, out);
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    flat(moved, &mut a);
    flat(fresh, &mut b);
    (0..a.len().max(b.len()))
        .find(|&i| a.get(i) != b.get(i))
        .map(|i| (a.get(i).cloned(), b.get(i).cloned()))
}

static MOVED: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64), ..ProptestConfig::default() })]

    #[test]
    fn a_moved_outline_equals_a_fresh_one(
        base in 0..4usize,
        edits in proptest::collection::vec((0.0..1.0f64, any::<bool>(), 0..3usize, 0..INSERTS.len()), 1..12),
    ) {
        let mut text = base_documents()[base].clone();
        let mut document = Document::new(&text, Arc::new(Config::default()));
        // The outline, moved through the edits since it was last built from an analysis.
        let mut outline = fresh_outline(&text);
        for (position, line_end, delete, insert) in edits {
            let mut start = floor_char_boundary(&text, (position * text.len() as f64) as usize);
            if line_end {
                start = text[start..].find('\n').map_or(text.len(), |i| start + i);
            }
            let end = floor_char_boundary(&text, (start + delete).min(text.len())).max(start);
            let edit = TextEdit { range: start..end, text: INSERTS[insert].to_string() };
            text.replace_range(start..end, &edit.text);
            let edited = document.apply(&edit);
            let before = document.rope().clone();
            document = edited.document;
            match edited.carry.filter(|carry| carry.changed.is_empty() && outline_moves(&outline, &before, &carry.map)) {
                Some(carry) => {
                    MOVED.fetch_add(1, Ordering::Relaxed);
                    let moved: Vec<Symbol> = outline.iter().map(|symbol| symbol.moved(&carry.map)).collect();
                    let fresh = fresh_outline(&text);
                    prop_assert!(moved == fresh, "after {:?} the moved outline differs from a fresh one: {:#?}\nof:\n{}", edit, first_difference(&moved, &fresh), text);
                    outline = moved;
                }
                None => outline = fresh_outline(&text),
            }
        }
    }
}

/// The property proves little unless edits often only move items.
#[test]
fn random_edits_often_only_move_items() {
    a_moved_outline_equals_a_fresh_one();
    assert!(
        MOVED.load(Ordering::Relaxed) > 50,
        "{} edits only moved items",
        MOVED.load(Ordering::Relaxed)
    );
}
