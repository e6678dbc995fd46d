//! The segmented, incremental parse must give the same model as a fresh parse of the whole
//! text, after every edit of a random sequence, including edits that create and destroy
//! headings, open and close code fences, HTML comments and front matter.

use std::sync::Arc;

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use tasklens_analysis::fixture::floor_char_boundary;
use tasklens_analysis::generate::{Shape, tasks_md};
use tasklens_analysis::{Analysis, Config, Document, Model, TextEdit};

/// Snippets that change the block structure when inserted anywhere.
const INSERTS: &[&str] = &[
    "\n",
    "\n\n",
    "#",
    "# ",
    "\n# H\n",
    "\n## Phase 9: Late\n",
    "\n#### Task 9.1: New\n",
    "```",
    "```\n",
    "\n```\n",
    "~~~\n",
    "````\n",
    "<!--",
    "-->",
    "\n<!-- c\n",
    "<div>\n",
    "\n</div>\n",
    "---\n",
    "+++\n",
    "x",
    " ",
    "    ",
    "- [x] done\n",
    "- [ ] ",
    "> ",
    "| a | b |\n|---|---|\n",
    "**Dependencies**: Task 1.1\n",
    "**Estimate**: 2h\n",
    "任务 1：",
    "😀",
    "é",
    "\r\n",
    "\r",
    "1. ",
    "* ",
    "<script>\n",
    "</script>",
    "[x]",
    "**",
    "\u{2028}",
    "\u{85}",
    "\u{c}",
    "\u{feff}",
    "\u{feff}# ",
];

/// Inserts long enough for the masked parse (see `mask.rs`): a long table-like line and a long
/// run of blank lines.
fn long_insert(index: usize) -> String {
    match index {
        0 => format!("| {} |\n", "a | ".repeat(1200)),
        _ => "\n".repeat(100),
    }
}

static COMPARED_WITH_WHOLE: AtomicUsize = AtomicUsize::new(0);
static RECOVERED: AtomicUsize = AtomicUsize::new(0);

fn base_documents() -> Vec<String> {
    vec![
        tasks_md(Shape {
            tasks: 6,
            tasks_per_phase: 3,
        }),
        "---\ntitle: x\n# not a heading\n---\n# Title\n\n## Phase 1: A\n\n### Task 1.1: One\n**Dependencies**: None\n"
            .into(),
        "```\n# in code\n```\n# After\n<!--\n# in comment\n-->\n## Task 2: X\n- [ ] a\n> quote\n# End\n".into(),
        String::new(),
        // A byte order mark before the first heading, and before front matter.
        format!(
            "\u{feff}{}",
            tasks_md(Shape {
                tasks: 4,
                tasks_per_phase: 2
            })
        ),
        "\u{feff}---\ntitle: x\n# not a heading\n---\n```\n# in code\n```\n### Task 1.1: One\n".into(),
        // Many small segments, so that edits cross the segment list's chunk boundaries.
        (0..200)
            .map(|i| format!("#### Task {i}: t\n**Dependencies**: Task {}\n", i / 2))
            .collect(),
    ]
}

fn edit_strategy() -> impl Strategy<Value = (f64, usize, usize)> {
    (0.0..1.0f64, 0..12usize, 0..INSERTS.len() + 2)
}

/// A comparable dump of everything the model holds for a document.
fn dump(document: &Document) -> String {
    let (items, mentions) = document.absolute_items();
    let analysis = Analysis::new(Model::build(document));
    format!(
        "{items:#?}\n{mentions:#?}\n{:#?}\n{:#?}\n{:#?}\n{:?}",
        analysis.tasks, analysis.phases, analysis.dependencies, analysis.done
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96), ..ProptestConfig::default() })]

    #[test]
    fn incremental_parse_equals_fresh_parse(
        base in 0..7usize,
        edits in proptest::collection::vec(edit_strategy(), 1..24),
    ) {
        let config = Arc::new(Config::default());
        let mut text = base_documents()[base].clone();
        let mut document = Document::new(&text, config.clone());
        for (position, delete, insert) in edits {
            let start = floor_char_boundary(&text, (position * text.len() as f64) as usize);
            let end = floor_char_boundary(&text, (start + delete).min(text.len()));
            let inserted = INSERTS.get(insert).map_or_else(|| long_insert(insert - INSERTS.len()), |s| s.to_string());
            let edit = TextEdit { range: start..end, text: inserted };
            text.replace_range(start..end, &edit.text);
            document = document.edit(&edit);
            prop_assert_eq!(document.text(), text.clone());
            let whole = Document::new_unsegmented(&text, config.clone());
            let incremental = dump(&document);
            // tree-sitter-md's error recovery is not local (a lone `| ` row can swallow the
            // heading after it), so block-for-block equality holds where it did not recover.
            if !whole.has_parse_errors() {
                COMPARED_WITH_WHOLE.fetch_add(1, Ordering::Relaxed);
                prop_assert!(incremental == dump(&whole), "after {:?} the incremental model differs from a whole-document parse of:\n{}", edit, text);
            } else {
                RECOVERED.fetch_add(1, Ordering::Relaxed);
            }
            prop_assert!(incremental == dump(&Document::new(&text, config.clone())), "incremental and fresh segmented parses differ for:\n{}", text);
        }
    }
}

/// The comparison with a whole-document parse must not be skipped in most cases, or the
/// property above would prove little.
#[test]
fn most_edits_are_compared_with_a_whole_document_parse() {
    incremental_parse_equals_fresh_parse();
    let compared = COMPARED_WITH_WHOLE.load(Ordering::Relaxed);
    let recovered = RECOVERED.load(Ordering::Relaxed);
    assert!(
        compared > 4 * recovered,
        "only {compared} of {} edits were compared",
        compared + recovered
    );
}

#[test]
fn edits_reuse_segments_and_keep_few_trees() {
    let config = Arc::new(Config::default());
    let text = tasks_md(Shape::tasks(200));
    let document = Document::new(&text, config);
    assert!(document.segment_count() > 200, "one segment per heading");
    assert_eq!(document.cached_tree_count(), 0, "opening keeps no trees");
    let middle = text.find("Build component number 100").unwrap();
    let mut current = document.clone();
    for k in 0..20 {
        current = current.edit(&TextEdit {
            range: middle + k..middle + k,
            text: "x".into(),
        });
    }
    assert_eq!(
        current.cached_tree_count(),
        1,
        "the edited segment keeps its tree, replaced at each edit"
    );
    let shared = document
        .segments()
        .zip(current.segments())
        .filter(|((_, a), (_, b))| Arc::ptr_eq(a, b))
        .count();
    assert_eq!(shared, document.segment_count() - 1, "only the edited segment is new");
}

/// A long text is parsed on several threads when opened; its segments and model are those of
/// a parse on one, and of a whole-document parse.
#[test]
fn a_long_text_parsed_on_several_threads_gives_the_same_model() {
    let text = tasklens_analysis::generate::tasks_md_with_findings(Shape::tasks(700));
    assert!(text.len() > 600 * 1024, "long enough to be parsed on several threads");
    let config = Arc::new(Config::default());
    let opened = Document::new(&text, config.clone());
    assert!(opened.segments().count() > 1);
    let mut edited = Document::new("", config.clone());
    edited = edited.edit(&TextEdit {
        range: 0..0,
        text: text.clone(),
    });
    assert_eq!(dump(&opened), dump(&edited), "parsed on threads and parsed as one edit");
    assert_eq!(dump(&opened), dump(&Document::new_unsegmented(&text, config)));
}

/// Asserts that `text` opened, and `text` reached by an edit of `before`, both give the model
/// of a whole-document parse.
fn assert_parsed_as_a_whole(before: &str, edit: TextEdit) {
    let config = Arc::new(Config::default());
    let mut text = before.to_string();
    text.replace_range(edit.range.clone(), &edit.text);
    let whole = Document::new_unsegmented(&text, config.clone());
    assert!(!whole.has_parse_errors(), "no error recovery in {text:?}");
    let whole = dump(&whole);
    assert_eq!(dump(&Document::new(&text, config.clone())), whole, "opened: {text:?}");
    let edited = Document::new(before, config).edit(&edit);
    assert_eq!(edited.text(), text);
    assert_eq!(dump(&edited), whole, "edited: {text:?}");
}

/// tree-sitter skips a byte order mark at the start of any text it parses, so a second one
/// must not be read by the line scanner as text: both are left out, and the front matter
/// after them hides its `#` line.
#[test]
fn two_byte_order_marks_before_front_matter_are_both_left_out() {
    let before = "\u{feff}---\ntitle: x\n# not a heading\n---\n### Task 1.1: One\n";
    assert_parsed_as_a_whole(
        before,
        TextEdit {
            range: 0..0,
            text: "\u{feff}".into(),
        },
    );
}

/// An HTML comment opened in a list item holds the indented fence line after it; the line
/// scanner, which cannot tell list items apart, reads that line as a fence that the four
/// backticks below close, while in fact they open one that swallows the last heading.
#[test]
fn a_segment_that_ends_inside_a_fence_is_joined_to_the_next() {
    let before = "para\n<!-- c\n   ```\n---\n\n````\nco#\n### Task 1.1: One\n";
    assert_parsed_as_a_whole(
        before,
        TextEdit {
            range: 0..5,
            text: "1. ".into(),
        },
    );
}

/// A text built to fool the line scanner at every heading is parsed as one segment from the
/// first mistake on, in linear time, and still as a whole-document parse reads it.
#[test]
fn a_text_that_fools_the_line_scanner_at_every_heading_parses_as_a_whole() {
    let unit = "1. <!--\n   ```\n---\n````\n### Task 1.1: One\n````\n";
    let text = unit.repeat(300);
    let config = Arc::new(Config::default());
    let opened = Document::new(&text, config.clone());
    assert!(opened.segment_count() <= 5, "{} segments", opened.segment_count());
    let middle = text.len() / 2;
    let middle = middle - (middle % unit.len());
    assert_parsed_as_a_whole(
        &text,
        TextEdit {
            range: middle..middle + 2,
            text: "2.".into(),
        },
    );
}
