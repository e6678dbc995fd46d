//! The editor features on tasks.md snippets: `$0` marks the cursor, and what a feature returns
//! is rendered back into the snippet (annotation lines under ranges, edits applied to the text)
//! and checked against inline snapshots (update with `UPDATE_EXPECT=1 cargo test`).
//!
//! The last test runs every feature at every offset of the shipped example and checks that
//! nothing panics and that every range returned lies on character boundaries of the text.

use std::ops::Range;
use std::sync::Arc;

use expect_test::{Expect, expect};
use tasklens_analysis::fixture::{annotate, parse};
use tasklens_analysis::ide::completion::completions;
use tasklens_analysis::ide::folding::folding_ranges;
use tasklens_analysis::ide::hover::hover;
use tasklens_analysis::ide::lenses::code_lenses;
use tasklens_analysis::ide::navigation::{HighlightKind, definition, highlights, references};
use tasklens_analysis::ide::rename::{prepare_rename, rename};
use tasklens_analysis::ide::symbols::{Symbol, document_symbols, workspace_symbols};
use tasklens_analysis::ide::task_at;
use tasklens_analysis::{Analysis, Config, Plan, analyze};

/// A small breakdown used by most tests: two phases, a group-form dependency, a declared
/// critical path, a table, a status list and text that only looks like IDs.
const DOC: &str = "\
# Plan

## Phase 1: Setup

#### Task 1.1: Schema
**Type**: Setup
**Priority**: P0
**Estimate**: 6h
**Assigned To**: Ana
**Dependencies**: None

See version 1.1.0 and section 1.1 of the policy.

#### Task 1.2: Client
**Priority**: P1
**Estimate**: 1 day
**Dependencies**: Task 1.1
- [x] wraps the SDK
- [ ] retries

## Phase 2: Build

#### Task 2.1: Endpoint
**Estimate**: TBD
**Dependencies**: All previous phases

#### Task 2.2: Docs
**Estimate**: 2h
**Dependencies**: Task 1.2

## Critical Path

Task 1.1 → Task 1.2 → Task 2.1

| Task | Owner |
|------|-------|
| 1.2 | Ana |

## Status

- [x] Task 1.1 - done
";

/// Puts `$0` at the `nth` occurrence (from 0) of `needle` in `text`, `shift` bytes into it.
fn with_cursor(text: &str, needle: &str, nth: usize, shift: usize) -> String {
    let at = text.match_indices(needle).nth(nth).expect("needle in text").0 + shift;
    format!("{}$0{}", &text[..at], &text[at..])
}

fn setup(fixture: &str) -> (String, usize, Analysis) {
    let fixture = parse(fixture);
    let analysis = analyze(&fixture.text, Arc::new(Config::default()));
    (fixture.text, fixture.cursor.expect("a $0 cursor"), analysis)
}

fn check_hover(fixture: &str, expect: Expect) {
    let (text, cursor, analysis) = setup(fixture);
    let plan = Plan::new(&analysis);
    let rendered = match hover(&analysis, &plan, cursor) {
        Some(hover) => format!("{:?}\n{}\n", &text[hover.range], hover.markdown),
        None => "no hover\n".to_string(),
    };
    expect.assert_eq(&rendered);
}

/// Renders ranges as annotation lines, keeping only the annotated lines and their annotations.
fn render_ranges(text: &str, ranges: &[(Range<usize>, String)]) -> String {
    let annotated = annotate(text, ranges);
    let lines: Vec<&str> = annotated.lines().collect();
    let is_note = |line: &str| line.trim_start().starts_with('^');
    let mut out = String::new();
    for (index, line) in lines.iter().enumerate() {
        let next_is_note = lines.get(index + 1).is_some_and(|next| is_note(next));
        if is_note(line) || next_is_note {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn apply(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut out = text.to_string();
    for (range, new) in edits.iter().rev() {
        out.replace_range(range.clone(), new);
    }
    out
}

#[test]
fn hover_on_a_heading() {
    check_hover(
        &with_cursor(DOC, "1.2: Client", 0, 1),
        expect![[r#"
            "1.2"
            **Task 1.2: Client**

            - Phase 1: Setup
            - Priority: P1
            - Estimate: 1 day (8h)
            - Status: not done · criteria 1/2 done
            - Depends on:
              - 1.1 Schema
            - Needed by:
              - 2.1 Endpoint (via `All previous phases`)
              - 2.2 Docs
            - Schedule: starts at 6h, finishes at 14h · slack 0h · on the critical path
            - Starts after 1.1
        "#]],
    );
}

#[test]
fn hover_on_a_dependency_reference_and_a_group_form() {
    check_hover(
        &with_cursor(DOC, "Task 1.1\n- [x]", 0, 8),
        expect![[r#"
        "1.1"
        **Task 1.1: Schema**

        - Phase 1: Setup
        - Type: Setup · Priority: P0 · Assigned to: Ana
        - Estimate: 6h
        - Status: done
        - Needed by:
          - 1.2 Client
          - 2.1 Endpoint (via `All previous phases`)
        - Schedule: starts at 0h, finishes at 6h · slack 0h · on the critical path
    "#]],
    );
    check_hover(
        &with_cursor(DOC, "2.1: Endpoint", 0, 0),
        expect![[r#"
            "2.1"
            **Task 2.1: Endpoint**

            - Phase 2: Build
            - Estimate: TBD — not usable, counted as zero in the schedule
            - Status: not done
            - Depends on:
              - 1.1 Schema (via `All previous phases`)
              - 1.2 Client (via `All previous phases`)
            - Schedule: starts at 14h, finishes at 14h · slack 2h · not on the critical path
            - Starts after 1.2
        "#]],
    );
}

#[test]
fn hover_on_nothing() {
    check_hover(
        &with_cursor(DOC, "version 1.1.0", 0, 9),
        expect![[r#"
        no hover
    "#]],
    );
    check_hover(
        &with_cursor(DOC, "section 1.1", 0, 9),
        expect![[r#"
        no hover
    "#]],
    );
    check_hover(
        &with_cursor(DOC, "# Plan", 0, 3),
        expect![[r#"
        no hover
    "#]],
    );
}

#[test]
fn hover_without_an_estimate_and_on_a_duplicate_id() {
    check_hover(
        "#### Task 1.1: A\n**Estimate**: 2h\n#### Task 1.$02: B\n**Dependencies**: Task 1.1\n#### Task 1.2: C\n**Estimate**: 1h\n",
        expect![[r#"
            "1.2"
            **Task 1.2: B**

            - Estimate: no estimate — counted as zero in the schedule
            - Status: not done
            - The ID `1.2` is used by 2 tasks; references go to the first (“B”).
            - Depends on:
              - 1.1 A
            - Schedule: starts at 2h, finishes at 2h · slack 0h · on the critical path
            - Starts after 1.1
        "#]],
    );
}

#[test]
fn hover_on_a_cycle() {
    check_hover(
        "#### Task 1.1: A\n**Estimate**: 1h\n**Dependencies**: Task 1.2\n#### Task 1.2: B\n**Estimate**: 1h\n**Dependencies**: Task 1.1\n#### Task 1.3: C\n**Estimate**: 1h\n**Dependencies**: Task $01.2\n",
        expect![[r#"
            "1.2"
            **Task 1.2: B**

            - Estimate: 1h
            - Status: not done
            - Depends on:
              - 1.1 A
            - Needed by:
              - 1.1 A
              - 1.3 C
            - Schedule: not scheduled: on a dependency cycle
        "#]],
    );
}

#[test]
fn definition_from_a_dependency_and_from_a_table() {
    let (text, cursor, analysis) = setup(&with_cursor(DOC, "Task 1.1\n- [x]", 0, 6));
    let found = definition(&analysis, cursor).expect("a definition");
    expect![[r#"
        #### Task 1.1: Schema
                  ^^^ definition
    "#]]
    .assert_eq(&render_ranges(&text, &[(found, "definition".into())]));
    let (text, cursor, analysis) = setup(&with_cursor(DOC, "| 1.2 |", 0, 2));
    let found = definition(&analysis, cursor).expect("a definition");
    expect![[r#"
        #### Task 1.2: Client
                  ^^^ definition
    "#]]
    .assert_eq(&render_ranges(&text, &[(found, "definition".into())]));
    assert_eq!(definition(&analysis, text.find("1.1.0").unwrap() + 2), None);
}

#[test]
fn references_with_and_without_the_declaration() {
    let (text, cursor, analysis) = setup(&with_cursor(DOC, "1.2: Client", 0, 3));
    let without: Vec<_> = references(&analysis, cursor, false)
        .into_iter()
        .map(|r| (r, "ref".to_string()))
        .collect();
    expect![[r#"
        **Dependencies**: Task 1.2
                               ^^^ ref
        Task 1.1 → Task 1.2 → Task 2.1
                        ^^^ ref
        | 1.2 | Ana |
          ^^^ ref
    "#]]
    .assert_eq(&render_ranges(&text, &without));
    let with = references(&analysis, cursor, true);
    assert_eq!(with.len(), without.len() + 1);
    assert_eq!(&text[with[0].clone()], "1.2");
    assert_eq!(with[0].start, text.find("1.2: Client").unwrap());
    let lit: Vec<_> = highlights(&analysis, cursor)
        .into_iter()
        .map(|(range, kind)| {
            let kind = match kind {
                HighlightKind::Declaration => "declaration",
                HighlightKind::Reference => "reference",
            };
            (range, kind.to_string())
        })
        .collect();
    expect![[r#"
        #### Task 1.2: Client
                  ^^^ declaration
        **Dependencies**: Task 1.2
                               ^^^ reference
        Task 1.1 → Task 1.2 → Task 2.1
                        ^^^ reference
        | 1.2 | Ana |
          ^^^ reference
    "#]]
    .assert_eq(&render_ranges(&text, &lit));
}

#[test]
fn a_cursor_right_after_an_id_counts() {
    let (text, cursor, analysis) = setup(&with_cursor(DOC, "Task 1.1\n- [x]", 0, 8));
    let (task, range) = task_at(&analysis, cursor).expect("the ID before the cursor");
    assert_eq!(analysis.tasks[task].id, "1.1");
    assert_eq!(&text[range], "1.1");
    assert_eq!(task_at(&analysis, cursor + 1), None);
}

fn check_rename(fixture: &str, new_id: &str, expect: Expect) {
    let (text, cursor, analysis) = setup(fixture);
    let rendered = match rename(&analysis, cursor, new_id) {
        Ok(edits) => apply(&text, &edits),
        Err(error) => format!("refused: {}\n", error.message),
    };
    expect.assert_eq(&rendered);
}

#[test]
fn rename_edits_the_heading_and_every_known_reference_but_not_look_alikes() {
    check_rename(
        &with_cursor(DOC, "Task 1.1: Schema", 0, 6),
        "1.0",
        expect![[r#"
            # Plan

            ## Phase 1: Setup

            #### Task 1.0: Schema
            **Type**: Setup
            **Priority**: P0
            **Estimate**: 6h
            **Assigned To**: Ana
            **Dependencies**: None

            See version 1.1.0 and section 1.1 of the policy.

            #### Task 1.2: Client
            **Priority**: P1
            **Estimate**: 1 day
            **Dependencies**: Task 1.0
            - [x] wraps the SDK
            - [ ] retries

            ## Phase 2: Build

            #### Task 2.1: Endpoint
            **Estimate**: TBD
            **Dependencies**: All previous phases

            #### Task 2.2: Docs
            **Estimate**: 2h
            **Dependencies**: Task 1.2

            ## Critical Path

            Task 1.0 → Task 1.2 → Task 2.1

            | Task | Owner |
            |------|-------|
            | 1.2 | Ana |

            ## Status

            - [x] Task 1.0 - done
        "#]],
    );
}

#[test]
fn rename_from_a_reference() {
    let (text, cursor, analysis) = setup(&with_cursor(DOC, "| 1.2 |", 0, 2));
    assert_eq!(
        prepare_rename(&analysis, cursor),
        Some((cursor..cursor + 3, "1.2".to_string()))
    );
    let edits = rename(&analysis, cursor, "1.5").expect("a rename");
    let renamed = apply(&text, &edits);
    let again = analyze(&renamed, Arc::new(Config::default()));
    let task = again.task_by_id("1.5").expect("the renamed task");
    assert_eq!(again.tasks[task].title, "Client");
    assert_eq!(again.dependency_ids(again.task_by_id("2.2").unwrap()), ["1.5"]);
    assert!(again.unresolved.is_empty(), "{:?}", again.unresolved);
}

#[test]
fn rename_refusals() {
    let on_heading = with_cursor(DOC, "Task 1.1: Schema", 0, 6);
    check_rename(
        &on_heading,
        "1.2",
        expect![[r#"
        refused: Task 1.2 already exists (“Client”); pick an ID no task has.
    "#]],
    );
    check_rename(
        &on_heading,
        "",
        expect![[r#"
        refused: A task ID cannot be empty.
    "#]],
    );
    check_rename(
        &on_heading,
        "1 .2",
        expect![[r#"
        refused: `1 .2` has whitespace; a task ID is one word such as `1.2` or `TASK-002`.
    "#]],
    );
    check_rename(
        &with_cursor(DOC, "version 1.1.0", 0, 9),
        "9.9",
        expect![[r#"
        refused: There is no task ID here to rename; put the cursor on a task's ID or on a reference to it.
    "#]],
    );
    let (_, _, analysis) = setup(&on_heading);
    assert!(rename(&analysis, DOC.len() + 10, "9.9").is_err());
    assert_eq!(prepare_rename(&analysis, usize::MAX), None);
}

fn check_completions(fixture: &str, expect: Expect) {
    let (text, cursor, analysis) = setup(fixture);
    let items = completions(&analysis, cursor);
    let mut out = String::new();
    for item in items {
        out.push_str(&format!(
            "{:?} {} — {} replaces {:?} with {:?}{}\n",
            item.kind,
            item.label,
            item.detail.as_deref().unwrap_or("-"),
            &text[item.replace],
            item.insert,
            if item.sort.is_empty() {
                String::new()
            } else {
                format!(" (sort {})", item.sort)
            }
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn hover_on_a_range_or_a_group_names_its_tasks() {
    check_hover(
        "#### Task #7.7: A\n**Dependencies**: None\n#### Task #7.8: B\n**Dependencies**: None\n#### Task #7.9: C\n**Dependencies**: None\n#### Task #7.10: D\n**Dependencies**: Task #7.7-#7$0.9\n",
        expect![[r#"
            "Task #7.7-#7.9"
            **`Task #7.7-#7.9`: 3 tasks**

            - Task 7.7: A
            - Task 7.8: B
            - Task 7.9: C

        "#]],
    );
    check_hover(
        &with_cursor(DOC, "All previous phases", 0, 4),
        expect![[r#"
            "All previous phases"
            **`All previous phases`: 2 tasks**

            - Task 1.1: Schema
            - Task 1.2: Client

        "#]],
    );
}

#[test]
fn completion_sorts_ids_by_number_and_leaves_out_what_is_listed() {
    // 7.10 after 7.2; 7.1 already listed; 7.3 waits for this task (a cycle) and 8.1 is in a
    // later phase, so both come last.
    check_completions(
        "## Phase 7: A\n#### Task 7.10: Ten\n**Dependencies**: None\n#### Task 7.2: Two\n**Dependencies**: None\n#### Task 7.1: One\n**Dependencies**: None\n#### Task 7.11: Here\n**Dependencies**: Task 7.1, $0\n#### Task 7.3: Waits\n**Dependencies**: Task 7.11\n## Phase 8: B\n#### Task 8.1: Later\n**Dependencies**: None\n",
        expect![[r#"
            TaskId 7.2 — Two replaces "" with "7.2" (sort 000000)
            TaskId 7.10 — Ten replaces "" with "7.10" (sort 000001)
            TaskId 7.3 — Waits replaces "" with "7.3" (sort 000002)
            TaskId 8.1 — Later replaces "" with "8.1" (sort 000003)
        "#]],
    );
}

#[test]
fn completion_in_a_dependency_field() {
    check_completions(
        &with_cursor(DOC, "**Dependencies**: Task 1.2\n\n## Critical", 0, 24),
        expect![[r#"
            TaskId 1.1 — Schema replaces "1.2" with "1.1" (sort 000000)
            TaskId 1.2 — Client replaces "1.2" with "1.2" (sort 000001)
            TaskId 2.1 — Endpoint replaces "1.2" with "2.1" (sort 000002)
        "#]],
    );
    check_completions(
        &DOC.replace(
            "**Dependencies**: Task 1.2\n\n## Critical",
            "**Dependencies**: $0\n\n## Critical",
        ),
        expect![[r#"
            TaskId 1.1 — Schema replaces "" with "Task 1.1" (sort 000000)
            TaskId 1.2 — Client replaces "" with "Task 1.2" (sort 000001)
            TaskId 2.1 — Endpoint replaces "" with "Task 2.1" (sort 000002)
        "#]],
    );
}

#[test]
fn completion_of_field_labels() {
    check_completions(
        &with_cursor(DOC, "**Estimate**: 2h", 0, 0).replace("$0", "**Pri$0\n"),
        expect![[r#"
            FieldLabel Type — Setup, Implementation, Testing, Documentation, Research, Deployment, Design, Refactor, Bugfix replaces "**Pri" with "**Type**: "
            FieldLabel Priority — P0, P1, P2, P3 replaces "**Pri" with "**Priority**: "
            FieldLabel Assigned To — who does the task replaces "**Pri" with "**Assigned To**: "
            FieldLabel Status — progress: Not started, In progress, Done replaces "**Pri" with "**Status**: "
            FieldLabel Description — what the task does replaces "**Pri" with "**Description**: "
            FieldLabel Acceptance Criteria — a checklist of `- [ ]` items replaces "**Pri" with "**Acceptance Criteria**: "
        "#]],
    );
    check_completions(
        &DOC.replace("- [ ] retries\n", "- [ ] retries\n- **$0\n"),
        expect![[r#"
        FieldLabel Type — Setup, Implementation, Testing, Documentation, Research, Deployment, Design, Refactor, Bugfix replaces "**" with "**Type**: "
        FieldLabel Assigned To — who does the task replaces "**" with "**Assigned To**: "
        FieldLabel Status — progress: Not started, In progress, Done replaces "**" with "**Status**: "
        FieldLabel Description — what the task does replaces "**" with "**Description**: "
        FieldLabel Acceptance Criteria — a checklist of `- [ ]` items replaces "**" with "**Acceptance Criteria**: "
    "#]],
    );
    check_completions(
        &DOC.replace("**Estimate**: 2h\n", "**Estimate**: 2h\n$0\n"),
        expect![[r#"
            FieldLabel Type — Setup, Implementation, Testing, Documentation, Research, Deployment, Design, Refactor, Bugfix replaces "" with "**Type**: "
            FieldLabel Priority — P0, P1, P2, P3 replaces "" with "**Priority**: "
            FieldLabel Assigned To — who does the task replaces "" with "**Assigned To**: "
            FieldLabel Status — progress: Not started, In progress, Done replaces "" with "**Status**: "
            FieldLabel Description — what the task does replaces "" with "**Description**: "
            FieldLabel Acceptance Criteria — a checklist of `- [ ]` items replaces "" with "**Acceptance Criteria**: "
        "#]],
    );
    check_completions(&DOC.replace("# Plan\n", "# Plan\n$0\n"), expect![[""]]);
}

#[test]
fn completion_of_priorities_and_types() {
    check_completions(
        &DOC.replace("**Priority**: P1", "**Priority**: $0"),
        expect![[r#"
        Value P0 — - replaces "" with "P0"
        Value P1 — - replaces "" with "P1"
        Value P2 — - replaces "" with "P2"
        Value P3 — - replaces "" with "P3"
    "#]],
    );
    check_completions(
        &DOC.replace("**Type**: Setup", "**Type**: Imp$0"),
        expect![[r#"
        Value Setup — - replaces "Imp" with "Setup"
        Value Implementation — - replaces "Imp" with "Implementation"
        Value Testing — - replaces "Imp" with "Testing"
        Value Documentation — - replaces "Imp" with "Documentation"
        Value Research — - replaces "Imp" with "Research"
        Value Deployment — - replaces "Imp" with "Deployment"
        Value Design — - replaces "Imp" with "Design"
        Value Refactor — - replaces "Imp" with "Refactor"
        Value Bugfix — - replaces "Imp" with "Bugfix"
    "#]],
    );
}

fn render_symbols(text: &str, symbols: &[Symbol], depth: usize, out: &mut String) {
    for symbol in symbols {
        out.push_str(&format!(
            "{}{:?} {:?} [{}] range {:?}…{:?} selection {:?}\n",
            "  ".repeat(depth),
            symbol.kind,
            symbol.name,
            symbol.detail.as_deref().unwrap_or("-"),
            text[symbol.range.clone()].lines().next().unwrap_or(""),
            text[symbol.range.clone()].lines().last().unwrap_or(""),
            &text[symbol.selection.clone()],
        ));
        render_symbols(text, &symbol.children, depth + 1, out);
    }
}

#[test]
fn document_symbols_tree() {
    let text = format!("#### Task 0.1: Before any phase\n**Estimate**: 1h\n\n{DOC}");
    let analysis = analyze(&text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let mut out = String::new();
    render_symbols(&text, &document_symbols(&analysis, &plan), 0, &mut out);
    expect![[r#####"
        Task "0.1 Before any phase" [1h] range "#### Task 0.1: Before any phase"…"**Estimate**: 1h" selection "0.1"
        Phase "Phase 1: Setup" [2 tasks] range "## Phase 1: Setup"…"- [ ] retries" selection "## Phase 1: Setup"
          Task "1.1 Schema" [P0 · 6h · critical] range "#### Task 1.1: Schema"…"See version 1.1.0 and section 1.1 of the policy." selection "1.1"
          Task "1.2 Client" [P1 · 1 day · critical] range "#### Task 1.2: Client"…"- [ ] retries" selection "1.2"
        Phase "Phase 2: Build" [2 tasks] range "## Phase 2: Build"…"**Dependencies**: Task 1.2" selection "## Phase 2: Build"
          Task "2.1 Endpoint" [TBD] range "#### Task 2.1: Endpoint"…"**Dependencies**: All previous phases" selection "2.1"
          Task "2.2 Docs" [2h · critical] range "#### Task 2.2: Docs"…"**Dependencies**: Task 1.2" selection "2.2"
    "#####]].assert_eq(&out);
}

#[test]
fn sub_tasks_nest_in_the_outline_and_the_hover_card() {
    let text = "## Phase 1: Build\n### Task 1: Shelves\n**Priority**: HOCH\n#### Task 1.1: Model\n**Estimate**: 1h\n#### Task 1.2: Routes\n**Estimate**: 3h\n";
    let analysis = analyze(text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let mut out = String::new();
    render_symbols(text, &document_symbols(&analysis, &plan), 0, &mut out);
    expect![[r#####"
        Phase "Phase 1: Build" [1 task] range "## Phase 1: Build"…"**Estimate**: 3h" selection "## Phase 1: Build"
          Task "1 Shelves" [HOCH · critical] range "### Task 1: Shelves"…"**Estimate**: 3h" selection "1"
            Task "1.1 Model" [1h] range "#### Task 1.1: Model"…"**Estimate**: 1h" selection "1.1"
            Task "1.2 Routes" [3h · critical] range "#### Task 1.2: Routes"…"**Estimate**: 3h" selection "1.2"
    "#####]]
    .assert_eq(&out);
    check_hover(
        "## Phase 1: Build\n### Task 1: Shelves\n**Priority**: HOCH\n#### Task 1.1: Model\n**Estimate**: 1h\n#### Task 1.2: Routes\n**Dependencies**: Task $01.1\n**Estimate**: 3h\n",
        expect![[r#"
            "1.1"
            **Task 1.1: Model**

            - Phase 1: Build
            - Sub-task of Task 1 (“Shelves”)
            - Estimate: 1h
            - Status: not done
            - Needed by:
              - 1.2 Routes
            - Schedule: starts at 0h, finishes at 1h · slack 0h · on the critical path
        "#]],
    );
    check_hover(
        "## Phase 1: Build\n### Task $01: Shelves\n**Priority**: HOCH\n#### Task 1.1: Model\n**Estimate**: 1h\n",
        expect![[r#"
            "1"
            **Task 1: Shelves**

            - Phase 1: Build
            - Sub-tasks: 1.1
            - Priority: HOCH (P1)
            - Estimate: 1h, the sum of its sub-tasks
            - Status: not done
            - Schedule: starts at 0h, finishes at 1h · slack 0h · on the critical path
        "#]],
    );
}

#[test]
fn workspace_symbols_filter() {
    let analysis = analyze(DOC, Arc::new(Config::default()));
    let names = |query: &str| -> Vec<String> {
        workspace_symbols(&analysis, query)
            .into_iter()
            .map(|symbol| symbol.name)
            .collect()
    };
    expect![[r#"
        [
            "1.2 Client",
        ]
    "#]]
    .assert_debug_eq(&names("CLI"));
    expect![[r#"
        [
            "1.2 Client",
        ]
    "#]]
    .assert_debug_eq(&names("1.2"));
    expect![[r#"
        [
            "Phase 1: Setup",
            "2.1 Endpoint",
        ]
    "#]]
    .assert_debug_eq(&names("ep"));
    assert_eq!(names("").len(), analysis.tasks.len() + analysis.phases.len());
    assert!(names("zzz").is_empty());
}

#[test]
fn lenses() {
    let analysis = analyze(DOC, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let lenses: Vec<_> = code_lenses(&analysis, &plan)
        .into_iter()
        .map(|lens| (lens.range, lens.title))
        .collect();
    expect![[r#"
        # Plan

        ## Phase 1: Setup
        ^^^^^^^^^^^^^^^^^ phase 1: starts at 0h · ends at 14h · 2 on the critical path

        #### Task 1.1: Schema
        ^^^^^^^^^^^^^^^^^^^^^ critical path · starts at 0h · 0h slack · blocks 2
        **Type**: Setup
        **Priority**: P0
        **Estimate**: 6h
        **Assigned To**: Ana
        **Dependencies**: None

        See version 1.1.0 and section 1.1 of the policy.

        #### Task 1.2: Client
        ^^^^^^^^^^^^^^^^^^^^^ critical path · starts at 6h · 0h slack · after 1.1 · blocks 2
        **Priority**: P1
        **Estimate**: 1 day
        **Dependencies**: Task 1.1
        - [x] wraps the SDK
        - [ ] retries

        ## Phase 2: Build
        ^^^^^^^^^^^^^^^^^ phase 2: starts at 14h · ends at 16h · 1 on the critical path

        #### Task 2.1: Endpoint
        ^^^^^^^^^^^^^^^^^^^^^^^ starts at 14h · slack 2h · after 1.2
        **Estimate**: TBD
        **Dependencies**: All previous phases

        #### Task 2.2: Docs
        ^^^^^^^^^^^^^^^^^^^ critical path · starts at 14h · 0h slack · after 1.2
        **Estimate**: 2h
        **Dependencies**: Task 1.2

        ## Critical Path
        ^^^^^^^^^^^^^^^^ critical path: 1.1 → 1.2 → 2.2 (16h)

        Task 1.1 → Task 1.2 → Task 2.1

        | Task | Owner |
        |------|-------|
        | 1.2 | Ana |

        ## Status

        - [x] Task 1.1 - done
    "#]]
    .assert_eq(&annotate(DOC, &lenses));
}

#[test]
fn lenses_and_hovers_say_where_an_order_comes_from() {
    // A phase order from a dependency section, and Kiro's order of the list.
    let text = "## Phase 1: Setup\n\n- [ ] T001 A\n\n## Phase 2: Build\n\n- [ ] T002 B\n\n## Dependencies & Execution Order\n\n- **Build (Phase 2)**: Depends on Setup completion\n";
    // The per-task lenses of a spec-kit list are a setting, off by default.
    let config = Config {
        display: tasklens_analysis::config::Display {
            spec_kit_task_lenses: true,
            ..Default::default()
        },
        ..Config::default()
    };
    let analysis = analyze(text, Arc::new(config));
    let plan = Plan::new(&analysis);
    let lenses: Vec<_> = code_lenses(&analysis, &plan)
        .into_iter()
        .map(|lens| (lens.range, lens.title))
        .collect();
    expect![[r#"
        ## Phase 1: Setup
        ^^^^^^^^^^^^^^^^^ critical path: T001 → T002 (2 tasks)
        ^^^^^^^^^^^^^^^^^ phase 1: starts at 0 tasks · ends at 1 tasks · 1 on the critical path
        - [ ] T001 A
        ^^^^^^^^^^^^ critical path · starts at 0 tasks · 0 tasks slack
        ## Phase 2: Build
        ^^^^^^^^^^^^^^^^^ phase 2: starts at 1 tasks · ends at 2 tasks · 1 on the critical path
        - [ ] T002 B
        ^^^^^^^^^^^^ critical path · starts at 1 tasks · 0 tasks slack · after phase 1 ends (a dependency statement, line 11)
    "#]]
    .assert_eq(&render_ranges(text, &lenses));
    let at = text.find("T002").unwrap();
    let card = hover(&analysis, &plan, at).expect("a hover on T002").markdown;
    assert!(
        card.contains("Starts after phase 1 ends (a dependency statement, line 11)"),
        "{card}"
    );
    let kiro = "- [ ] 1. First\n- [ ] 2. Second\n";
    let analysis = analyze(kiro, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let lenses: Vec<_> = code_lenses(&analysis, &plan)
        .into_iter()
        .map(|lens| (lens.range, lens.title))
        .collect();
    expect![[r#"
        - [ ] 1. First
        ^^^^^^^^^^^^^^ critical path · starts at 0 tasks · 0 tasks slack · blocks 1
        ^^^^^^^^^^^^^^ critical path: 1 → 2 (2 tasks)
        - [ ] 2. Second
        ^^^^^^^^^^^^^^^ critical path · starts at 1 tasks · 0 tasks slack · after 1 (the order of the list)
    "#]]
    .assert_eq(&render_ranges(kiro, &lenses));
}

#[test]
fn lenses_on_a_cycle_and_without_tasks() {
    let text = "# Plan\n\n#### Task 1.1: A\n**Estimate**: 1h\n**Dependencies**: Task 1.2\n#### Task 1.2: B\n**Estimate**: 1h\n**Dependencies**: Task 1.1\n#### Task 1.3: C\n**Estimate**: 1h\n**Dependencies**: Task 1.2\n";
    let analysis = analyze(text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let lenses: Vec<_> = code_lenses(&analysis, &plan)
        .into_iter()
        .map(|lens| (lens.range, lens.title))
        .collect();
    expect![[r#"
        # Plan
        ^^^^^^ critical path: none (every task is on or waits on a dependency cycle)

        #### Task 1.1: A
        ^^^^^^^^^^^^^^^^ not scheduled: dependency cycle · blocks 1
        **Estimate**: 1h
        **Dependencies**: Task 1.2
        #### Task 1.2: B
        ^^^^^^^^^^^^^^^^ not scheduled: dependency cycle · blocks 2
        **Estimate**: 1h
        **Dependencies**: Task 1.1
        #### Task 1.3: C
        ^^^^^^^^^^^^^^^^ not scheduled: waits on a dependency cycle
        **Estimate**: 1h
        **Dependencies**: Task 1.2
    "#]]
    .assert_eq(&annotate(text, &lenses));
    let empty = analyze("# Notes\n\nNothing to do.\n", Arc::new(Config::default()));
    assert!(code_lenses(&empty, &Plan::new(&empty)).is_empty());
}

#[test]
fn folding() {
    let analysis = analyze(DOC, Arc::new(Config::default()));
    let mut out = String::new();
    for range in folding_ranges(&analysis) {
        let folded = &DOC[range.clone()];
        assert!(
            !folded.ends_with(char::is_whitespace),
            "{folded:?} ends with blank space"
        );
        let first = folded.lines().next().unwrap_or("");
        let last = folded.lines().last().unwrap_or("");
        out.push_str(&format!("{first} … {last}\n"));
    }
    expect![[r#"
        ## Phase 1: Setup … - [ ] retries
        #### Task 1.1: Schema … See version 1.1.0 and section 1.1 of the policy.
        #### Task 1.2: Client … - [ ] retries
        ## Phase 2: Build … **Dependencies**: Task 1.2
        #### Task 2.1: Endpoint … **Dependencies**: All previous phases
        #### Task 2.2: Docs … **Dependencies**: Task 1.2
    "#]]
    .assert_eq(&out);
}

/// Checks that a range lies within the text and on character boundaries.
fn assert_range(text: &str, range: &Range<usize>, what: &str, offset: usize) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} at {offset}: {range:?} is outside the text"
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} at {offset}: {range:?} is not on character boundaries"
    );
}

#[test]
fn every_feature_at_every_offset_of_the_example() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/payment/tasks.md");
    let example = std::fs::read_to_string(path).expect("the shipped example");
    // A few multi-byte characters, so that offsets inside a character are tried too.
    let text = format!("{example}\n## Notes — “ünïcödé” 任务 1.1 → Task 1.2\n");
    let analysis = analyze(&text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    for symbol in document_symbols(&analysis, &plan) {
        assert_range(&text, &symbol.range, "symbol", 0);
        assert_range(&text, &symbol.selection, "symbol selection", 0);
        for child in &symbol.children {
            assert_range(&text, &child.range, "symbol", 0);
            assert_range(&text, &child.selection, "symbol selection", 0);
            assert!(symbol.range.start <= child.range.start && child.range.end <= symbol.range.end);
        }
    }
    for symbol in workspace_symbols(&analysis, "pay") {
        assert_range(&text, &symbol.range, "workspace symbol", 0);
    }
    for lens in code_lenses(&analysis, &plan) {
        assert_range(&text, &lens.range, "lens", 0);
        for target in &lens.targets {
            assert_range(&text, target, "lens target", 0);
        }
    }
    for hint in tasklens_analysis::ide::inlay::inlay_hints(&analysis, &plan, 0..usize::MAX) {
        assert_range(&text, &(hint.offset..hint.offset), "inlay hint", 0);
    }
    for range in folding_ranges(&analysis) {
        assert_range(&text, &range, "fold", 0);
    }
    let mut hovers = 0;
    for offset in (0..=text.len() + 2).chain([usize::MAX / 2, usize::MAX]) {
        if let Some(found) = hover(&analysis, &plan, offset) {
            assert_range(&text, &found.range, "hover", offset);
            hovers += 1;
        }
        if let Some(range) = definition(&analysis, offset) {
            assert_range(&text, &range, "definition", offset);
        }
        for range in references(&analysis, offset, true) {
            assert_range(&text, &range, "reference", offset);
        }
        for (range, _) in highlights(&analysis, offset) {
            assert_range(&text, &range, "highlight", offset);
        }
        if let Some((range, _)) = prepare_rename(&analysis, offset) {
            assert_range(&text, &range, "prepare rename", offset);
        }
        if let Ok(edits) = rename(&analysis, offset, "77.7") {
            for (range, _) in &edits {
                assert_range(&text, range, "rename", offset);
            }
        }
        for item in completions(&analysis, offset) {
            assert_range(&text, &item.replace, "completion", offset);
        }
    }
    assert!(hovers > 100, "only {hovers} offsets had a hover");
}

#[test]
fn rename_and_references_leave_numbers_in_prose_alone() {
    // Bare numbers in prose, checklists, headings and fields are versions and standards; in a
    // table of IDs, a diagram, after a task word or in a dependency field they are task IDs.
    let fixture = "\
## Phase 2: Build

#### Task 2.$01: Accessible checkout
**Estimate**: 2h
**Dependencies**: None
**Notes**: targets WCAG 2.1 and Python 3.11
- [ ] WCAG 2.1 AA issues fixed
Runs on version 2.1 of the SDK, unlike 2.1 alone.

### Upgrading to 2.1

#### Task 2.2: Review
**Estimate**: 1h
**Dependencies**: Task 2.1

| Task | Risk |
|------|------|
| 2.1 | High |
| 2.1, 2.2 | Low |
| Python 2.1 | None |

```
2.1 ──▶ 2.2
pip install lib==2.1
```

See Task 2.1 and Tasks 2.2, 2.1.
";
    check_rename(
        fixture,
        "2.7",
        expect![[r#"
            ## Phase 2: Build

            #### Task 2.7: Accessible checkout
            **Estimate**: 2h
            **Dependencies**: None
            **Notes**: targets WCAG 2.1 and Python 3.11
            - [ ] WCAG 2.1 AA issues fixed
            Runs on version 2.1 of the SDK, unlike 2.1 alone.

            ### Upgrading to 2.1

            #### Task 2.2: Review
            **Estimate**: 1h
            **Dependencies**: Task 2.7

            | Task | Risk |
            |------|------|
            | 2.7 | High |
            | 2.7, 2.2 | Low |
            | Python 2.1 | None |

            ```
            2.7 ──▶ 2.2
            pip install lib==2.1
            ```

            See Task 2.7 and Tasks 2.2, 2.7.
        "#]],
    );
    // Hover and go to definition agree: nothing under the cursor in `WCAG 2.1`.
    let (text, _, analysis) = setup(fixture);
    let wcag = text.find("WCAG 2.1 AA").unwrap() + 6;
    assert_eq!(task_at(&analysis, wcag), None);
    assert_eq!(definition(&analysis, wcag), None);
}

#[test]
fn references_in_the_example_skip_the_wcag_criterion() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/payment/tasks.md");
    let text = std::fs::read_to_string(path).expect("the shipped example");
    let analysis = analyze(&text, Arc::new(Config::default()));
    let heading = text.find("#### Task 2.1:").unwrap() + 10;
    let found: Vec<_> = references(&analysis, heading, false)
        .into_iter()
        .map(|r| (r, "ref".to_string()))
        .collect();
    expect![[r#"
        | Ana (backend) | Schema, API, Stripe | 1.1, 1.2, 2.1, 2.2, 2.4 |
                                                          ^^^ ref
        **Dependencies**: Tasks 2.1, 2.9
                                ^^^ ref
        **Dependencies**: Tasks 2.1, 2.2, 2.3
                                ^^^ ref
        │ 1.1 │──▶ 1.2 ─┤ 2.1 ├──▶ 2.4        │ 3.1 │──▶ 3.2  │ 5.1 │──▶ 5.2
                          ^^^ ref
        1. Task 1.1 → Task 1.2 → Task 2.1 → Task 2.4 → Task 3.1 → Task 3.2 → Task 4.2 → Task 5.1 → Task 5.2
                                      ^^^ ref
        - Tasks 2.1, 2.2, 2.3 can all proceed in parallel
                ^^^ ref
        | 2.1 | Stripe API changes | High | Pin the API version | Ana |
          ^^^ ref
    "#]]
    .assert_eq(&render_ranges(&text, &found));
}

#[test]
fn long_spec_kit_titles_are_shortened_in_symbols_and_hovers() {
    let text = "## Phase 1: Setup\n\n- [ ] T001 [P] Implement POST /payment-methods in src/payments/routes.ts with validation, idempotency keys and audit logging\n- [ ] T002 Short one (depends on T001)\n";
    let analysis = analyze(text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let names: Vec<String> = document_symbols(&analysis, &plan)
        .into_iter()
        .flat_map(|phase| phase.children)
        .map(|task| task.name)
        .collect();
    expect![[r#"
        [
            "T001 Implement POST /payment-methods in src/payments/routes.ts…",
            "T002 Short one",
        ]
    "#]]
    .assert_debug_eq(&names);
    let card = hover(&analysis, &plan, text.find("T001").unwrap()).unwrap().markdown;
    assert!(
        card.starts_with("**Task T001: Implement POST /payment-methods in src/payments/routes.ts…**"),
        "{card}"
    );
}
