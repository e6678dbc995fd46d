//! An edit that changes nothing other tasks' checks read (typing in a task's description or
//! title, say) lets the server carry the previous diagnostics over, moved, with only the edited
//! task's own checks run again. These tests check that the carried diagnostics are exactly
//! those a fresh analysis of the new text gives, after every edit of random edit sequences,
//! and that the shortcut is taken where it should be and refused where it must not be.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use tasklens_analysis::fixture::floor_char_boundary;
use tasklens_analysis::generate::{Shape, tasks_md, tasks_md_with_findings};
use tasklens_analysis::{
    Analysis, Config, Diagnostic, Document, LocalChange, Model, Plan, TextEdit, analyze, diagnostics,
};

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
    "~~Task 1.1~~ ",
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
    "[Name]",
    "[",
    "]",
    "P5",
    " (4h)",
    "5",
    "**Group A**\n",
    "Group ",
    "x\n",
    "Some prose.\n",
    "#### Task 9.9: Inserted\n",
    "\u{feff}",
];

/// Where an edit lands: anywhere, at the end of a line (where titles and field values end),
/// at the start of a heading line (where a typed line break moves the heading down), at
/// the end of a heading line (where a title is typed), or at the end of an estimate.
#[derive(Clone, Copy, Debug)]
enum Place {
    Anywhere,
    LineEnd,
    HeadingStart,
    HeadingEnd,
    EstimateEnd,
}

/// The byte offset an edit at `position` (0 to 1 through the text) lands on at `place`.
fn place_edit(text: &str, place: Place, position: f64) -> usize {
    let at = floor_char_boundary(text, (position * text.len() as f64) as usize);
    match place {
        Place::Anywhere => at,
        Place::LineEnd => text[at..].find('\n').map_or(text.len(), |i| at + i),
        Place::EstimateEnd => {
            let ends: Vec<usize> = text
                .match_indices("Estimate**:")
                .map(|(i, _)| text[i..].find('\n').map_or(text.len(), |end| i + end))
                .collect();
            if ends.is_empty() {
                return at;
            }
            ends[((position * ends.len() as f64) as usize).min(ends.len() - 1)]
        }
        Place::HeadingStart | Place::HeadingEnd => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| text[i..].starts_with('#'))
                .collect();
            if starts.is_empty() {
                return at;
            }
            let start = starts[((position * starts.len() as f64) as usize).min(starts.len() - 1)];
            match place {
                Place::HeadingEnd => text[start..].find('\n').map_or(text.len(), |i| start + i),
                _ => start,
            }
        }
    }
}

static MOVED: AtomicUsize = AtomicUsize::new(0);
static LOCAL: AtomicUsize = AtomicUsize::new(0);
static ESTIMATES: AtomicUsize = AtomicUsize::new(0);
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
        FINDINGS_AT_HEADINGS.to_string(),
        // The examples draw their graphs, whose nodes may be tasks named by their titles, so
        // that their titles are never the task's own business; these draw nothing.
        tasks_md(Shape {
            tasks: 12,
            tasks_per_phase: 3,
        }),
        tasks_md(Shape {
            tasks: 16,
            tasks_per_phase: 8,
        }),
    ]
}

/// A document whose findings start on headings and list items (a task without fields, a
/// cycle, duplicate IDs), so that edits at line starts move them, and a checklist line
/// written twice, whose title decides whether it is one task or two.
const FINDINGS_AT_HEADINGS: &str = "\
# Plan

## Phase 1: Start

#### Task 1.1: Missing everything

#### Task 1.2: Cycle one
**Estimate**: 1h
**Dependencies**: Task 1.3

#### Task 1.3: Cycle two
**Estimate**: 1h
**Dependencies**: Task 1.2

#### Task 1.2: Duplicate
**Estimate**: 1h
**Dependencies**: None

## Phase 2: Lists

- [ ] T001 List task depends on T002
- [ ] T002 Other depends on T001
- [ ] T001 duplicate
- [ ] T003 Written twice
- [ ] T003 Written twice
";

fn fresh_diagnostics(document: &Document) -> Vec<Diagnostic> {
    diagnostics(&analyze(&document.text(), document.config().clone()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64), ..ProptestConfig::default() })]

    #[test]
    fn carried_diagnostics_equal_a_fresh_analysis(
        // Half the documents draw nothing, so that edits of their titles stay local.
        base in prop_oneof![0..4usize, 4..6usize],
        edits in proptest::collection::vec((prop_oneof![2 => Just(Place::Anywhere), 3 => Just(Place::LineEnd), 1 => Just(Place::HeadingStart), 2 => Just(Place::HeadingEnd), 1 => Just(Place::EstimateEnd)], 0.0..1.0f64, 0..4usize, 0..INSERTS.len()), 1..16),
    ) {
        let config = Arc::new(Config::default());
        let mut text = base_documents()[base].clone();
        let mut document = Document::new(&text, config);
        let mut current = fresh_diagnostics(&document);
        let mut known = Some(planned(Analysis::new(Model::build(&document))));
        for (place, position, delete, insert) in edits {
            let start = place_edit(&text, place, position);
            // At a line's end the deleted bytes are those before it; at a heading's start
            // half the edits only insert.
            let (start, delete) = match place {
                Place::LineEnd | Place::HeadingEnd | Place::EstimateEnd if delete > 0 => (floor_char_boundary(&text, start.saturating_sub(delete)), delete),
                Place::HeadingStart => (start, delete.saturating_sub(2)),
                _ => (start, delete),
            };
            let end = floor_char_boundary(&text, (start + delete).min(text.len())).max(start);
            let edit = TextEdit { range: start..end, text: INSERTS[insert].to_string() };
            text.replace_range(start..end, &edit.text);
            let edited = document.apply(&edit);
            document = edited.document;
            let fresh = fresh_diagnostics(&document);
            // The edited snapshot's own analysis reuses what its unchanged segments cached
            // for the claim checks, and must find the same.
            let analysis = Analysis::new(Model::build(&document));
            let reanalysed = diagnostics(&analysis);
            prop_assert!(reanalysed == fresh, "after {:?} the edited snapshot's diagnostics\n{:#?}\ndiffer from a fresh analysis\n{:#?}\nof:\n{}", edit, reanalysed, fresh, text);
            // With the previous version's analysis, an edit of estimates moves it rather than
            // resolving the document again: the diagnostics are the same, and so is the
            // analysis.
            let with_known = edited.carry.as_ref().and_then(|carry| carry.carry_over_with(&current, known.take(), &document));
            let carried_with_known = with_known.as_ref().map(|carried| &carried.diagnostics);
            prop_assert!(carried_with_known == edited.carry.as_ref().and_then(|carry| carry.diagnostics(&current, &document)).as_ref(), "after {:?} carrying with the previous analysis differs from carrying without it", edit);
            if let Some(moved) = with_known.as_ref().and_then(|carried| carried.analysis.as_ref()) {
                prop_assert!(resolved(&moved.0) == resolved(&analysis), "after {:?} the moved analysis\n{}\ndiffers from a fresh one\n{}", edit, resolved(&moved.0), resolved(&analysis));
            }
            known = Some(match with_known.and_then(|carried| carried.analysis) {
                Some(moved) => Arc::new(moved),
                None => planned(analysis),
            });
            if let Some(carried) = edited.carry.as_ref().and_then(|carry| carry.diagnostics(&current, &document)) {
                let changed = edited.carry.map(|carry| carry.changed).unwrap_or_default();
                let counter = if changed.is_empty() {
                    &MOVED
                } else if changed.iter().any(|change| matches!(change, LocalChange::Estimate(_))) {
                    &ESTIMATES
                } else {
                    &LOCAL
                };
                counter.fetch_add(1, Ordering::Relaxed);
                prop_assert!(carried == fresh, "after {:?} the carried diagnostics\n{:#?}\ndiffer from a fresh analysis\n{:#?}\nof:\n{}", edit, carried, fresh, text);
            } else {
                RECOMPUTED.fetch_add(1, Ordering::Relaxed);
            }
            current = fresh;
        }
    }
}

/// An analysis with its plan, as the server keeps them.
fn planned(analysis: Analysis) -> Arc<(Analysis, Plan)> {
    let plan = Plan::new(&analysis);
    Arc::new((analysis, plan))
}

/// What an analysis resolved, as text to compare: everything but the index of IDs (a map
/// in no order) and what is built on first use.
fn resolved(analysis: &Analysis) -> String {
    format!(
        "{:#?}",
        (
            (
                &analysis.model.tasks,
                &analysis.model.phases,
                &analysis.model.restatements,
                analysis.model.scoped
            ),
            (
                &analysis.tasks,
                &analysis.phases,
                &analysis.dependencies,
                &analysis.unresolved
            ),
            (
                &analysis.references,
                &analysis.done,
                &analysis.summary,
                &analysis.declared_paths
            ),
            (
                &analysis.parallel_claims,
                &analysis.status_entries,
                &analysis.declared_waves,
                &analysis.restated
            ),
            (
                &analysis.keys,
                &analysis.gates,
                &analysis.gate_of,
                &analysis.phase_edges
            ),
            (&analysis.phase_stories, &analysis.phase_references),
        )
    )
}

/// The property above proves little unless every path is taken often.
#[test]
fn random_edits_take_every_path() {
    carried_diagnostics_equal_a_fresh_analysis();
    let moved = MOVED.load(Ordering::Relaxed);
    let local = LOCAL.load(Ordering::Relaxed);
    let estimates = ESTIMATES.load(Ordering::Relaxed);
    let recomputed = RECOMPUTED.load(Ordering::Relaxed);
    let all = moved + local + estimates + recomputed;
    // Most inserts change structure, and titles are re-checked locally only where no
    // dependency names tasks by words and no claim reads titles (a drawing, a format
    // statement): about one edit in twenty-five takes the local path, never fewer than one
    // in sixty. An edit of a
    // line in a claim's form (a summary row, a parallel statement, a phase's duration) is
    // analysed again even where no item changes, so a little under one edit in ten only
    // moves the diagnostics: one in twelve is the floor.
    // About one edit in fifteen changes an estimate alone (most land at an estimate's end),
    // never fewer than one in forty.
    assert!(
        moved * 12 > all && local * 60 > all && estimates * 40 > all && recomputed * 10 > all,
        "of {all} edits, {moved} only moved the diagnostics, {local} re-checked one task, {estimates} re-checked the estimates and {recomputed} were analysed again"
    );
}

/// Typing `x` just after `needle` in the example: whether the previous diagnostics carry over,
/// and whether they only move.
fn typing_after(needle: &str) -> Option<bool> {
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
        .carry
        .map(|carry| carry.changed.is_empty())
}

#[test]
fn typing_in_a_description_or_a_criterion_only_moves_diagnostics() {
    assert_eq!(typing_after("Create the `payment_methods` table and"), Some(true));
    assert_eq!(typing_after("- [x] Migration and rollback tested"), Some(true));
    // Above the label that ends the walk back from a list of mentions, nothing is read.
    assert_eq!(typing_after("attaches a Stripe token"), Some(true));
    assert_eq!(typing_after("- [ ] Errors mapped to the API"), Some(true));
}

#[test]
fn typing_in_a_title_rechecks_one_task() {
    assert_eq!(typing_after("#### Task 1.1: Payment method"), Some(false));
    assert_eq!(
        typing_after("#### Task 1.1: Payment method database schema"),
        Some(false)
    );
}

#[test]
fn typing_in_a_dependency_a_table_or_on_a_mention_line_analyses_again() {
    for needle in [
        "| **Total Tasks** | 1",
        "**Dependencies**: Task 1.",
        "Tasks 2.1, 2.2, 2.3 can all proceed in para",
        "**Type**: Set",
        "**Parallel Opp",
        // The team assignment table reads every assignee, counts by priority every priority.
        "**Assigned To**: A",
        "**Priority**: P",
    ] {
        assert_eq!(
            typing_after(needle),
            None,
            "typing after {needle:?} must be analysed again"
        );
    }
}

/// Applies one edit (replace `delete` bytes after `needle` with `insert`) and checks that the
/// edit matters (a fresh analysis differs from the old diagnostics) and that the diagnostics
/// carried over, if any, equal the fresh ones.
fn assert_carry_agrees(text: &str, needle: &str, delete: usize, insert: &str) {
    let at = text.find(needle).unwrap_or_else(|| panic!("the text has {needle:?}")) + needle.len();
    let document = Document::new(text, Arc::new(Config::default()));
    let before = fresh_diagnostics(&document);
    let edited = document.apply(&TextEdit {
        range: at..at + delete,
        text: insert.into(),
    });
    let after = fresh_diagnostics(&edited.document);
    let messages = |diagnostics: &[Diagnostic]| diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
    assert_ne!(
        messages(&before),
        messages(&after),
        "the edit after {needle:?} must change a diagnostic"
    );
    if let Some(carried) = edited
        .carry
        .and_then(|carry| carry.diagnostics(&before, &edited.document))
    {
        assert_eq!(carried, after, "after {needle:?}");
    }
}

/// A plan whose findings follow its estimates: the durations it states, its declared critical
/// path and the summary's count of it, units and unreadable estimates.
const ESTIMATED: &str = "\
# Plan

| Metric | Value |
|--------|-------|
| **Total Tasks** | 5 |
| **Critical Path Tasks** | 3 |

**Critical Path**: Task 1.1 → Task 1.2 → Task 1.4

## Phase 1: Build (10 hours)

#### Task 1.1: Schema
**Estimate**: 2h
**Dependencies**: None

#### Task 1.2: API
**Estimate**: 3h
**Dependencies**: Task 1.1

#### Task 1.3: Client
**Estimate**: 1h
**Dependencies**: Task 1.1

#### Task 1.4: Release
**Estimate**: 3h
**Dependencies**: Task 1.2, Task 1.3

#### Task 1.5: Notes
**Estimate**: 1h
**Dependencies**: None
";

#[test]
fn typing_in_an_estimate_rechecks_the_estimates() {
    assert_eq!(typing_after("**Estimate**: 6"), Some(false));
    // The phase's hours stop adding up.
    assert_estimate_carry(ESTIMATED, "#### Task 1.3: Client\n**Estimate**: ", 1, "2");
    // The critical path runs through Task 1.3 instead: the declared path and the summary's
    // count are wrong.
    assert_estimate_carry(ESTIMATED, "#### Task 1.3: Client\n**Estimate**: ", 1, "9");
    // A task alone outlasts every chain: the critical path is that one task.
    assert_estimate_carry(ESTIMATED, "#### Task 1.5: Notes\n**Estimate**: ", 0, "2");
    // An estimate that cannot be read, one in story points among durations, and back.
    assert_estimate_carry(ESTIMATED, "#### Task 1.4: Release\n**Estimate**: 3", 0, "x");
    assert_estimate_carry(ESTIMATED, "#### Task 1.4: Release\n**Estimate**: 3", 1, " SP");
    let invalid = ESTIMATED.replace("**Estimate**: 1h", "**Estimate**: 1 lightyear");
    assert_estimate_carry(&invalid, "**Estimate**: 1", " lightyear".len(), "h");
}

/// Applies one edit of an estimate as [`assert_carry_agrees`] does, and checks that the
/// diagnostics are carried over with the estimates checked again.
fn assert_estimate_carry(text: &str, needle: &str, delete: usize, insert: &str) {
    assert_carry_agrees(text, needle, delete, insert);
    let at = text.find(needle).expect("the text has the needle") + needle.len();
    let document = Document::new(text, Arc::new(Config::default()));
    let before = fresh_diagnostics(&document);
    let edited = document.apply(&TextEdit {
        range: at..at + delete,
        text: insert.into(),
    });
    let carry = edited
        .carry
        .unwrap_or_else(|| panic!("an edit of an estimate after {needle:?} is carried over"));
    assert!(
        matches!(carry.changed.as_slice(), [LocalChange::Estimate(_)]),
        "after {needle:?}: {:?}",
        carry.changed
    );
    let carried = carry
        .carry_over(&before, &edited.document)
        .expect("the estimates are checked again");
    assert!(carried.analysis.is_some(), "the analysis made on the way is kept");
    // With the previous version's analysis, which a request still holds: it is copied and
    // moved, and the copy is the fresh analysis of the new text.
    let known = planned(Analysis::new(Model::build(&document)));
    let held = known.clone();
    let moved = carry
        .carry_over_with(&before, Some(known), &edited.document)
        .expect("the estimates are checked again");
    assert_eq!(moved.diagnostics, carried.diagnostics, "after {needle:?}");
    let analysis = moved.analysis.expect("the moved analysis is kept");
    assert_eq!(
        resolved(&analysis.0),
        resolved(&Analysis::new(Model::build(&edited.document))),
        "after {needle:?}"
    );
    assert_eq!(
        resolved(&held.0),
        resolved(&Analysis::new(Model::build(&document))),
        "the held analysis is left as it was"
    );
}

/// A breakdown being written has more findings of a code than are listed (its placeholders,
/// say): an edit of an estimate checks those codes again in the whole document, so the same
/// findings are listed and the same counted as by a fresh analysis.
#[test]
fn typing_in_an_estimate_among_more_findings_than_are_listed_lists_the_same() {
    // Break an estimate, mend it, make it longer, and write a placeholder in one.
    let edits = [(0.05, "x"), (0.5, "[Hours]"), (0.95, "40"), (0.5, "1"), (0.3, "9")];
    assert_carried_among_many_findings(&edits, |text, from, insert| {
        let at =
            from + text[from..].find("**Estimate**: ").expect("every task has an estimate") + "**Estimate**: ".len();
        (at..at, insert)
    });
}

/// Typing in titles among more placeholders than are listed, as in a copy of the template
/// being filled in: the placeholders are checked again in every task.
#[test]
fn typing_in_a_title_among_more_findings_than_are_listed_lists_the_same() {
    // Type a word, a placeholder, and take the placeholder back.
    let edits = [(0.05, "s"), (0.5, " [Name]"), (0.95, "x"), (0.5, "")];
    assert_carried_among_many_findings(&edits, |text, from, insert| {
        let heading = from + text[from..].find("\n#### Task ").expect("a task heading follows") + 1;
        let at = heading + text[heading..].find('\n').expect("the heading ends");
        let delete = if insert.is_empty() { " [Name]".len() } else { 0 };
        assert!(
            delete == 0 || text[..at].ends_with(" [Name]"),
            "the placeholder typed before is taken back"
        );
        (at - delete..at, insert)
    });
}

/// Makes `edits` (each a place, 0 to 1 through the text, and the text typed) in a generated
/// breakdown with more findings of a code than are listed, `locate` turning each into the
/// range it replaces, and checks that every edit carries its diagnostics over and that they
/// equal a fresh analysis.
fn assert_carried_among_many_findings<'a>(
    edits: &[(f64, &'a str)],
    locate: impl Fn(&str, usize, &'a str) -> (std::ops::Range<usize>, &'a str),
) {
    let text = tasks_md_with_findings(Shape::tasks(600));
    let mut document = Document::new(&text, Arc::new(Config::default()));
    let mut current = fresh_diagnostics(&document);
    assert!(
        current
            .iter()
            .any(|diagnostic| tasklens_analysis::limits::omitted(diagnostic).is_some()),
        "the document has more findings of a code than are listed"
    );
    for &(position, insert) in edits {
        let text = document.text();
        let (range, insert) = locate(&text, (position * text.len() as f64) as usize, insert);
        let edited = document.apply(&TextEdit {
            range: range.clone(),
            text: insert.into(),
        });
        let fresh = fresh_diagnostics(&edited.document);
        let carried = edited
            .carry
            .and_then(|carry| carry.diagnostics(&current, &edited.document))
            .unwrap_or_else(|| panic!("typing {insert:?} at {range:?} carries its diagnostics over"));
        assert_eq!(carried, fresh, "after typing {insert:?} at {range:?}");
        document = edited.document;
        current = fresh;
    }
}

#[test]
fn an_estimate_where_a_task_waits_for_one_of_alternatives_is_analysed_again() {
    // Which alternative is waited for follows the estimates, and so do the waves.
    let text = ESTIMATED.replace(
        "**Dependencies**: Task 1.2, Task 1.3",
        "**Dependencies**: Task 1.2 or Task 1.3",
    );
    assert_carry_agrees(&text, "#### Task 1.3: Client\n**Estimate**: ", 1, "9");
    let at =
        text.find("#### Task 1.3: Client\n**Estimate**: ").unwrap() + "#### Task 1.3: Client\n**Estimate**: ".len();
    let document = Document::new(&text, Arc::new(Config::default()));
    let before = fresh_diagnostics(&document);
    let edited = document.apply(&TextEdit {
        range: at..at + 1,
        text: "9".into(),
    });
    let carry = edited.carry.expect("the edit changes an estimate alone");
    assert!(carry.carry_over(&before, &edited.document).is_none());
}

#[test]
fn renaming_a_title_that_a_duplicate_quotes_is_analysed_again() {
    let text = "# Plan\n\n#### Task 1.1: First\n**Estimate**: 1h\n\n#### Task 1.1: Second\n**Estimate**: 1h\n";
    assert_carry_agrees(text, "#### Task 1.1: Fir", 0, "e");
}

/// Claims that read titles: a format statement (file paths), `[P]` defined as different files,
/// a drawing whose nodes are titles, and a ticked criterion outside the tasks.
const TITLE_CLAIMS: &str = "\
# Plan

## Phase 1: Setup

- [ ] T001 Create the module in src/payments/
- [ ] T002 [P] Add the SDK in package.json
- [ ] T003 [P] Write the config in src/config.ts
- [ ] T004 Seed the database depends on T001

```
Seed the database ──> T001
```

## Definition of Done

- [x] The config in src/config.ts works

[P]: can run in parallel (different files)

**Format Validation**: All tasks follow checklist format with [ID] and file paths
";

#[test]
fn editing_a_title_that_a_claim_reads_is_analysed_again() {
    // The format statement: T001 stops naming a file.
    assert_carry_agrees(TITLE_CLAIMS, "T001 Create the module in ", "src/payments/".len(), "it");
    // `[P]` on different files: T002 comes to edit T003's file.
    assert_carry_agrees(TITLE_CLAIMS, "Add the SDK in ", "package.json".len(), "src/config.ts");
    // The drawing names T004 by its title.
    assert_carry_agrees(TITLE_CLAIMS, "T004 Seed the database", 0, " twice");
    // The ticked criterion names T003 by its whole title.
    assert_carry_agrees(TITLE_CLAIMS, "T003 [P] Write the config in src/config.t", 0, "x");
}

#[test]
fn editing_a_heading_that_says_its_task_blocks_the_others_is_analysed_again() {
    let text = "# Plan\n\n### T0 — Setup (blocks the others)\n**Estimate**: 1h\n\n### T1 — Layout\n**Estimate**: 1h\n**Dependencies**: T2\n\n### T2 — Data\n**Estimate**: 1h\n";
    // The statement is taken back, and comes back.
    assert_carry_agrees(text, "Setup (blocks the other", 0, " two");
    let plain = text.replace(" (blocks the others)", "");
    assert_carry_agrees(&plain, "### T0 — Setup", 0, " (blocks all other tasks)");
}

#[test]
fn editing_a_checklist_item_that_a_claim_reads_is_analysed_again() {
    // A ticked criterion outside the tasks comes to name an open task.
    let ticked = TITLE_CLAIMS.replace("- [x] The config in src/config.ts works", "- [x] The config works");
    assert_carry_agrees(&ticked, "- [x] The config", 0, " in src/config.ts");
    // A checkpoint's item comes to name a task of a later phase.
    let checkpoint = "# Plan\n\n### Phase 1: Base\n\n#### Task 1: Setup\n\n### Phase 1 Checkpoint\n- [ ] Works\n\n### Phase 2: Later\n\n#### Task 2: Uninstall Command\n";
    assert_carry_agrees(checkpoint, "- [ ] Works", 0, " with the Uninstall Command");
}

const GROUPS: &str = "\
# Plan

#### Task 1.1: One
**Estimate**: 1h
**Dependencies**: None

#### Task 1.2: Two
**Estimate**: 1h
**Dependencies**: Task 1.1

## Parallel work

**Group A**
Some prose about the group.
- Task 1.1 the first
- Task 1.2 the second
";

#[test]
fn editing_the_label_that_opens_a_group_is_analysed_again() {
    let text = GROUPS.replace("Some prose about the group.\n", "");
    assert_carry_agrees(&text, "**Gr", 3, "ab");
}

#[test]
fn emptying_a_line_between_a_group_label_and_its_items_is_analysed_again() {
    assert_carry_agrees(GROUPS, "**Group A**\n", "Some prose about the group.".len(), "");
}

/// A line break typed (or pasted text ending in one) at the start of a heading or a list item
/// moves the findings that start there down with it; they used to keep their old start, on
/// the blank line above.
#[test]
fn text_ending_in_a_line_break_at_a_line_start_moves_the_findings_there() {
    let config = Arc::new(Config::default());
    let mut carried_edits = 0;
    for text in base_documents() {
        let document = Document::new(&text, config.clone());
        let before = fresh_diagnostics(&document);
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
        for at in line_starts.filter(|&at| text[at..].starts_with(['#', '-'])) {
            for insert in ["\n", "\n\n", "Pasted prose.\n", "\r\n"] {
                let edited = document.apply(&TextEdit {
                    range: at..at,
                    text: insert.into(),
                });
                let Some(carried) = edited
                    .carry
                    .and_then(|carry| carry.diagnostics(&before, &edited.document))
                else {
                    continue;
                };
                carried_edits += 1;
                assert_eq!(
                    carried,
                    fresh_diagnostics(&edited.document),
                    "after inserting {insert:?} before {:?}",
                    &text[at..text[at..].find('\n').map_or(text.len(), |i| at + i)]
                );
            }
        }
    }
    assert!(
        carried_edits > 100,
        "only {carried_edits} edits carried their diagnostics over"
    );
}

/// Two checklist lines with one ID and one title are one task written twice; once their
/// titles differ they are two tasks with the same ID. Typing in such a title changes which
/// lines are tasks, so it is analysed again (the protocol's differential test found this).
#[test]
fn a_title_shared_by_lines_with_the_same_id_is_analysed_again() {
    let text = "- [ ] T001 Do it\n## Phase 1: Start\n- [ ] T001 Do it\n#### Task 1.1: One\n**Estimate**: 1h\n";
    assert_carry_agrees(text, "## Phase 1: Start\n- [ ] T001 Do ", 1, "|");
}
