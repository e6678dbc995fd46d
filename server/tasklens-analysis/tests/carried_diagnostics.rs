//! An edit that changes no item (typing in a task's description, say) lets the server carry
//! the previous diagnostics over with their ranges moved instead of analysing the document
//! again. These tests check that the carried diagnostics are exactly those a fresh analysis
//! of the new text gives, after every edit of random edit sequences, and that the shortcut is
//! taken where it should be and refused where an item changed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use tasklens_analysis::generate::{Shape, tasks_md};
use tasklens_analysis::{Config, Diagnostic, Document, TextEdit, analyze, diagnostics};

/// Text typed by the edits: prose, and text that makes or breaks items.
const INSERTS: &[&str] = &[
    "x",
    "x",
    "word ",
    " ",
    "\n",
    "\n\n",
    "parallel",
    " in parallel with ",
    "Task 1.1",
    "1.2",
    "T001",
    " depends on ",
    "| ",
    "|",
    "# ",
    "- [ ] ",
    "- [x] ",
    "**",
    "`",
    "```\n",
    "<!--",
    "-->",
    "😀",
    "任务",
    "é",
    "\r\n",
    "---\n",
    "**Dependencies**: 1.1\n",
];

static CARRIED: AtomicUsize = AtomicUsize::new(0);
static RECOMPUTED: AtomicUsize = AtomicUsize::new(0);

fn base_documents() -> Vec<String> {
    let example = |name: &str| {
        let path = format!("{}/../../examples/{name}/tasks.md", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    vec![
        example("payment"),
        example("spec-kit"),
        tasks_md(Shape {
            tasks: 8,
            tasks_per_phase: 4,
        }),
    ]
}

fn fresh_diagnostics(document: &Document) -> Vec<Diagnostic> {
    diagnostics(&analyze(&document.text(), document.config().clone()))
}

fn char_floor(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64), ..ProptestConfig::default() })]

    #[test]
    fn carried_diagnostics_equal_a_fresh_analysis(
        base in 0..3usize,
        edits in proptest::collection::vec((0.0..1.0f64, 0..4usize, 0..INSERTS.len()), 1..16),
    ) {
        let config = Arc::new(Config::default());
        let mut text = base_documents()[base].clone();
        let mut document = Document::new(&text, config);
        let mut current = fresh_diagnostics(&document);
        for (position, delete, insert) in edits {
            let start = char_floor(&text, (position * text.len() as f64) as usize);
            let end = char_floor(&text, (start + delete).min(text.len()));
            let edit = TextEdit { range: start..end, text: INSERTS[insert].to_string() };
            text.replace_range(start..end, &edit.text);
            let edited = document.apply(&edit);
            document = edited.document;
            let fresh = fresh_diagnostics(&document);
            if let Some(map) = edited.moved {
                CARRIED.fetch_add(1, Ordering::Relaxed);
                let carried: Vec<Diagnostic> = current.iter().map(|d| d.moved(&map)).collect();
                prop_assert!(carried == fresh, "after {:?} the carried diagnostics\n{:#?}\ndiffer from a fresh analysis\n{:#?}\nof:\n{}", edit, carried, fresh, text);
            } else {
                RECOMPUTED.fetch_add(1, Ordering::Relaxed);
            }
            current = fresh;
        }
    }
}

/// The property above proves little unless both paths are taken often.
#[test]
fn random_edits_take_both_paths() {
    carried_diagnostics_equal_a_fresh_analysis();
    let carried = CARRIED.load(Ordering::Relaxed);
    let recomputed = RECOMPUTED.load(Ordering::Relaxed);
    assert!(
        carried * 5 > carried + recomputed && recomputed * 5 > carried + recomputed,
        "{carried} edits carried their diagnostics over and {recomputed} were recomputed"
    );
}

/// Typing `x` just after `needle` in the example: whether the edit moved items only.
fn typing_after(needle: &str) -> bool {
    let text = base_documents().swap_remove(0);
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("the example has {needle:?}"))
        + needle.len();
    let document = Document::new(&text, Arc::new(Config::default()));
    document
        .apply(&TextEdit {
            range: at..at,
            text: "x".into(),
        })
        .moved
        .is_some()
}

#[test]
fn typing_in_a_description_moves_items_only() {
    assert!(typing_after("Create the `payment_methods` table and"));
}

#[test]
fn typing_in_a_title_field_table_or_on_a_mention_line_changes_items() {
    for needle in [
        "#### Task 1.1: Payment method",
        "**Estimate**: 6",
        "| **Total Tasks** | 1",
        "**Dependencies**: Task 1.",
        "Tasks 2.1, 2.2, 2.3 can all proceed in para",
    ] {
        assert!(!typing_after(needle), "typing after {needle:?} must count as a change");
    }
}
