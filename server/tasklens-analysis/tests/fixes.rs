//! Quick fixes, rewrites and source actions on tasks.md snippets, before and after: each
//! snapshot lists a fix's title and flags, then the lines it changes (`-` before, `+` after),
//! so that it reads like a review of the edit. Update with `UPDATE_EXPECT=1 cargo test`.

use std::sync::Arc;

use expect_test::{Expect, expect};
use tasklens_analysis::fixture::parse;
use tasklens_analysis::ide::actions::{self, Diagram};
use tasklens_analysis::ide::fixes::{Fix, apply, next_free_id, quick_fixes, refactors_at};
use tasklens_analysis::{Config, Plan, TextEdit, analyze, diagnostics_with_plan};

/// The changed lines between two texts, `-` for the old and `+` for the new.
fn diff(old: &str, new: &str) -> String {
    let mut out = String::new();
    for change in similar::TextDiff::from_lines(old, new).iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Equal => continue,
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
        };
        out.push(sign);
        out.push_str(change.value());
        if !change.value().ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn render(text: &str, fixes: &[Fix]) -> String {
    let mut out = String::new();
    for fix in fixes {
        let flags: Vec<&str> = [(fix.preferred, "preferred"), (fix.safe, "safe")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
        out.push_str(&format!("# {} [{}]\n", fix.title, flags.join(", ")));
        out.push_str(&diff(text, &apply(text, &fix.edits)));
    }
    out
}

fn fixes_of(text: &str, config: Config) -> Vec<Fix> {
    let analysis = analyze(text, Arc::new(config));
    let plan = Plan::new(&analysis);
    let diagnostics = diagnostics_with_plan(&analysis, &plan);
    quick_fixes(&analysis, &plan, &diagnostics)
}

fn check_fixes(text: &str, expect: Expect) {
    check_fixes_with(Config::default(), text, expect);
}

fn check_fixes_with(config: Config, text: &str, expect: Expect) {
    let fixes = fixes_of(text, config);
    expect.assert_eq(&render(text, &fixes));
}

#[test]
fn unknown_dependency_replaced_by_the_suggestion_or_removed() {
    check_fixes(
        "#### Task 2.1: A\n**Estimate**: 1h\n**Dependencies**: None\n\n#### Task 2.2: B\n**Estimate**: 1h\n**Dependencies**: Task 2.3, Task 2.11\n\n#### Task 2.3: C\n**Estimate**: 1h\n**Dependencies**: Tasks 2.1, 2.9\n",
        expect![[r#"
            # Replace `2.11` with `2.1` (“A”) [preferred]
            -**Dependencies**: Task 2.3, Task 2.11
            +**Dependencies**: Task 2.3, Task 2.1
            # Remove the dependency on `2.11` []
            -**Dependencies**: Task 2.3, Task 2.11
            +**Dependencies**: Task 2.3
            # Remove the dependency on `2.9` [preferred]
            -**Dependencies**: Tasks 2.1, 2.9
            +**Dependencies**: Tasks 2.1
        "#]],
    );
}

#[test]
fn self_and_redundant_dependencies_removed() {
    check_fixes_with(
        Config {
            severities: vec![(
                tasklens_analysis::Code::RedundantDependency,
                Some(tasklens_analysis::Severity::Hint),
            )],
            ..Config::default()
        },
        "#### Task 1.1: A\n**Estimate**: 1h\n**Dependencies**: None\n\n#### Task 1.2: B\n**Estimate**: 1h\n**Dependencies**: Task 1.2\n\n#### Task 1.3: C\n**Estimate**: 1h\n**Dependencies**: Task 1.1, Task 1.2\n\n#### Task 1.4: D\n**Estimate**: 1h\n**Dependencies**: Task 1.1, Task 1.3, Task 1.4\n\n#### Task 1.5: E\n**Estimate**: 1h\n**Dependencies**: Tasks 1.1-1.4\n",
        expect![[r#"
            # Remove Task 1.2's dependency on itself [preferred, safe]
            -**Dependencies**: Task 1.2
            +**Dependencies**: None
            # Remove the redundant dependency on `1.1` [preferred, safe]
            -**Dependencies**: Task 1.1, Task 1.3, Task 1.4
            +**Dependencies**: Task 1.3, Task 1.4
            # Remove Task 1.4's dependency on itself [preferred, safe]
            -**Dependencies**: Task 1.1, Task 1.3, Task 1.4
            +**Dependencies**: Task 1.1, Task 1.3
        "#]],
    );
}

#[test]
fn parallel_markers_dropped_or_the_dependency_removed() {
    check_fixes(
        "## Phase 1: Setup\n\n- [ ] T001 Create the project\n- [ ] T002 [P] Configure linting\n- [ ] T003 [P] Configure tests (depends on T002)\n- [ ] T004 Wire CI — depends on T001\n",
        expect![[r#"
            # Drop the [P] marker of Task T003 [preferred, safe]
            -- [ ] T003 [P] Configure tests (depends on T002)
            +- [ ] T003 Configure tests (depends on T002)
            # Remove Task T003's dependency on `T002` []
            -- [ ] T003 [P] Configure tests (depends on T002)
            +- [ ] T003 [P] Configure tests
        "#]],
    );
}

#[test]
fn summary_and_critical_path_claims_updated() {
    check_fixes(
        "# Plan\n\n| Metric | Value |\n|---|---|\n| Total Tasks | 5 |\n| Dependencies | **9** edges |\n\n#### Task 1.1: A\n**Estimate**: 2h\n**Dependencies**: None\n\n#### Task 1.2: B\n**Estimate**: 1h\n**Dependencies**: Task 1.1\n\n#### Task 1.3: C\n**Estimate**: 4h\n**Dependencies**: Task 1.1\n\n## Critical Path\n\nTask 1.1 → Task 1.2\n",
        expect![[r#"
            # Update the summary's Total Tasks to 3 [preferred, safe]
            -| Total Tasks | 5 |
            +| Total Tasks | 3 |
            # Update the summary's Dependencies to 2 [preferred, safe]
            -| Dependencies | **9** edges |
            +| Dependencies | **2** edges |
            # Write the computed critical path: 1.1 → 1.3 [preferred, safe]
            -Task 1.1 → Task 1.2
            +Task 1.1 → Task 1.3
        "#]],
    );
}

#[test]
fn a_summary_value_that_is_no_count_is_written_on_request() {
    check_fixes(
        "# Plan\n\n| Metric | Value |\n|---|---|\n| Total Tasks | TBD |\n| Dependencies | N/A |\n| Critical Path Tasks | [Number] |\n\n#### Task 1.1: A\n**Estimate**: 2h\n**Dependencies**: None\n\n#### Task 1.2: B\n**Estimate**: 1h\n**Dependencies**: Task 1.1\n",
        expect![[r#"
            # Write the summary's Total Tasks: 2 []
            -| Total Tasks | TBD |
            +| Total Tasks | 2 |
        "#]],
    );
}

#[test]
fn stated_counts_and_durations_updated_to_the_computed_ones() {
    check_fixes(
        "# Plan\n\n**Total Tasks**: 3\n**Total Duration**: 2-3 hours\n\n## Phase 1: Setup\n\n### Task 1.1: One\n**Estimate**: 2h\n\n### Task 1.2: Two\n**Estimate**: 1.5h\n",
        expect![[r#"
            # Update `3` to `2` [preferred, safe]
            -**Total Tasks**: 3
            +**Total Tasks**: 2
            # Update `2-3 hours` to `3.5 hours` [preferred, safe]
            -**Total Duration**: 2-3 hours
            +**Total Duration**: 3.5 hours
        "#]],
    );
}

/// A `**Blocks**:` list that leaves out tasks whose own sections wait for the task gets them
/// added, written the way the list writes its entries.
#[test]
fn blocks_lists_completed_with_the_tasks_that_wait() {
    check_fixes(
        "## Story #519: Type\n\n**Dependencies**: None\n**Blocks**: Story #521\n\n## Story #520: Store\n\n**Dependencies**: Story #519\n\n## Story #521: Job\n\n**Dependencies**: Story #519\n\n## Story #523: Api\n\n**Dependencies**: Stories #519, #520\n",
        expect![[r#"
            # Update `Story #521` to `Story #521, Story #520, Story #523` [preferred, safe]
            -**Blocks**: Story #521
            +**Blocks**: Story #521, Story #520, Story #523
        "#]],
    );
    check_fixes(
        "#### Task 1.1: A\n**Dependencies**: None\n**Blocks**: Tasks 1.2, 1.3\n\n#### Task 1.2: B\n**Dependencies**: Task 1.1\n**Blocks**: None\n\n#### Task 1.3: C\n**Dependencies**: Task 1.1, Task 1.2\n**Blocks**: Task 1.4 (the API)\n\n#### Task 1.4: D\n**Dependencies**: Task 1.1, Task 1.3\n**Blocks**: None\n\n#### Task 1.5: E\n**Dependencies**: Task 1.3\n**Blocks**: None\n",
        expect![[r#"
            # Update `Tasks 1.2, 1.3` to `Tasks 1.2, 1.3, 1.4` [preferred, safe]
            -**Blocks**: Tasks 1.2, 1.3
            +**Blocks**: Tasks 1.2, 1.3, 1.4
            # Update `None` to `Task 1.3` [preferred, safe]
            -**Blocks**: None
            +**Blocks**: Task 1.3
            # Update `Task 1.4 (the API)` to `Task 1.4 (the API), Task 1.5` [preferred, safe]
            -**Blocks**: Task 1.4 (the API)
            +**Blocks**: Task 1.4 (the API), Task 1.5
        "#]],
    );
}

/// Fix-all completes a `**Blocks**:` list, and the finding is gone.
#[test]
fn fix_all_completes_blocks_lists() {
    let text = "- [ ] T001 Set up\n  - **Blocks**: T002\n- [ ] T002 Build (depends on T001)\n- [ ] T003 Test (depends on T001)\n- [ ] T004 Ship (depends on T001)\n";
    let outcome = actions::fix_all(text, Arc::new(Config::default()));
    check_outcome(
        &outcome,
        text,
        expect![[r#"
        # round 0, line 2: Update `T002` to `T002, T003, T004`
        -  - **Blocks**: T002
        +  - **Blocks**: T002, T003, T004
    "#]],
    );
    let analysis = analyze(&outcome.text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    assert_eq!(diagnostics_with_plan(&analysis, &plan), []);
}

/// Two dependency lists of one task that differ: either is made to match the other, on
/// request only, since which one is stale is for the author to say.
#[test]
fn conflicting_dependency_lists_made_to_match_either_way() {
    check_fixes(
        "#### Task 1.1: One\n**Dependencies**: None\n#### Task 1.2: Two\n**Dependencies**: None\n#### Task 1.3: Three\n**Dependencies**: Task 1.1\n**Owner**: Ann\n**Dependencies**: Task 1.1, Task 1.2\n",
        expect![[r#"
            # Make the later list match the first: `Task 1.1` []
            -**Dependencies**: Task 1.1, Task 1.2
            +**Dependencies**: Task 1.1
            # Make the first list match the later one: `Task 1.1, Task 1.2` []
            -**Dependencies**: Task 1.1
            +**Dependencies**: Task 1.1, Task 1.2
        "#]],
    );
}

/// Findings whose fix is not determinate get none: a drawn edge that the fields do not back
/// (the drawing or the fields may be the wrong ones), a task that a team table lists under one
/// member while its assignee field names another, and a priority list against a priority
/// field (the list or the field may be stale).
#[test]
fn findings_without_a_determinate_fix_get_none() {
    for (text, code) in [
        (
            "# Plan\n\n```mermaid\ngraph TD\n    T1[Task 1.1: Schema] --> T2[Task 1.2: API]\n    T2 --> T3[Task 1.3: UI]\n```\n\n### Task 1.1: Schema\n**Dependencies**: None\n\n### Task 1.2: API\n**Dependencies**: Task 1.1\n\n### Task 1.3: UI\n**Dependencies**: Task 1.1\n",
            "graph-mismatch",
        ),
        (
            "# Plan\n\n### Team Assignment\n\n| Team Member | Tasks |\n|---|---|\n| Ana (backend) | 1.1, 1.2 |\n| Bo (frontend) | 1.3 |\n\n### Task 1.1: Schema\n**Assigned To**: Ana\n\n### Task 1.2: Endpoints\n**Assigned To**: Bo\n\n### Task 1.3: Form\n**Assigned To**: Bo\n",
            "assignment-mismatch",
        ),
        (
            "# Plan\n\n### Task 3.1: Health check\n**Priority**: Medium\n\n### Task 3.2: Network settings\n**Priority**: Low\n\n## Priority Labels\n\n- `P3-Low`: Future enhancement\n\n**Recommended Labels**:\n- Tasks 3.1, 3.2 → `P3-Low`\n",
            "assignment-mismatch",
        ),
    ] {
        let analysis = analyze(text, Arc::new(Config::default()));
        let plan = Plan::new(&analysis);
        let diagnostics = diagnostics_with_plan(&analysis, &plan);
        assert!(
            diagnostics.iter().any(|d| d.code.as_str() == code),
            "no {code} in {text:?}"
        );
        let fixes = quick_fixes(&analysis, &plan, &diagnostics);
        assert_eq!(render(text, &fixes), "", "{code}");
    }
}

#[test]
fn duplicate_ids_get_the_next_free_ones() {
    check_fixes(
        "#### Task 3.1: A\n**Estimate**: 1h\n**Dependencies**: None\n\n#### Task 3.2: B\n**Estimate**: 1h\n**Dependencies**: Task 3.1\n\n#### Task 3.2: C\n**Estimate**: 1h\n**Dependencies**: Task 3.2\n\n#### Task 3.3: D\n**Estimate**: 1h\n**Dependencies**: None\n\n#### Task 3.2: E\n**Estimate**: 1h\n**Dependencies**: None\n",
        expect![[r#"
            # Give this task (“C”) the free ID `3.4` [preferred, safe]
            -#### Task 3.2: C
            +#### Task 3.4: C
            # Give this task (“E”) the free ID `3.5` [preferred, safe]
            -#### Task 3.2: E
            +#### Task 3.5: E
        "#]],
    );
    assert_eq!(next_free_id("T005", |id| id == "T006").as_deref(), Some("T007"));
    assert_eq!(next_free_id("TASK-009", |_| false).as_deref(), Some("TASK-010"));
    assert_eq!(next_free_id("2.1a", |_| false).as_deref(), Some("2.2a"));
    assert_eq!(next_free_id("Setup", |_| false), None);
}

#[test]
fn missing_fields_added_with_the_documents_label_and_shape() {
    check_fixes(
        "#### Task 1.1: A\n- **Aufwand**: 2h\n- **Dependencies**: None\n\n#### Task 1.2: B\n- **Aufwand**: 1h\n- **Dependencies**: Task 1.1\n\n#### Task 1.3: C\n- **Priority**: P1\n",
        expect![[r#"
            # Add `**Aufwand**: TBD` to Task 1.3 []
            +- **Aufwand**: TBD
            # Add `**Dependencies**: None` to Task 1.3 []
            +- **Dependencies**: None
        "#]],
    );
}

#[test]
fn unreadable_references_replaced_by_the_task_they_name() {
    check_fixes(
        "#### Task 1.1: Database schema\n**Estimate**: 1h\n**Dependencies**: None\n\n#### Task 1.2: API\n**Estimate**: 1h\n**Dependencies**: Tsak 1.1\n",
        expect![[r#"
            # Replace `Tsak 1.1` with `Task 1.1` (“Database schema”) [preferred]
            -**Dependencies**: Tsak 1.1
            +**Dependencies**: Task 1.1
        "#]],
    );
}

#[test]
fn group_phrases_expand_into_the_ids_they_name() {
    let fixture = parse(
        "## Phase 1: A\n#### Task 1.1: A\n**Estimate**: 1h\n#### Task 1.2: B\n**Estimate**: 1h\n## Phase 2: B\n#### Task 2.1: C\n**Estimate**: 1h\n**Dependencies**: All previous $0phases\n#### Task 2.2: D\n**Estimate**: 1h\n**Dependencies**: Tasks 1.1-1.2\n",
    );
    let analysis = analyze(&fixture.text, Arc::new(Config::default()));
    let cursor = fixture.cursor.unwrap();
    let mut found = refactors_at(&analysis, cursor..cursor);
    let range_at = fixture.text.find("1.1-1.2").unwrap();
    found.extend(refactors_at(&analysis, range_at..range_at));
    expect![[r#"
        # Expand `All previous phases` into the 2 tasks it names []
        -**Dependencies**: All previous phases
        +**Dependencies**: Tasks 1.1, 1.2
        # Expand `Tasks 1.1-1.2` into the 2 tasks it names []
        -**Dependencies**: Tasks 1.1-1.2
        +**Dependencies**: Tasks 1.1, 1.2
    "#]]
    .assert_eq(&render(&fixture.text, &found));
}

fn check_outcome(outcome: &actions::Outcome, before: &str, expect: Expect) {
    let mut out = String::new();
    for applied in &outcome.applied {
        out.push_str(&format!(
            "# round {}, line {}: {}\n",
            applied.round,
            applied.line + 1,
            applied.title
        ));
    }
    out.push_str(&diff(before, &outcome.text));
    expect.assert_eq(&out);
}

#[test]
fn fix_all_applies_the_safe_fixes_in_rounds() {
    let text = "# Plan\n\n| Metric | Value |\n|---|---|\n| Dependencies | 4 |\n\n#### Task 1.1: A\n**Estimate**: 2h\n**Dependencies**: Task 1.1\n\n#### Task 1.2: B\n**Estimate**: 1h\n**Dependencies**: Task 1.1, Task 1.2\n\n#### Task 1.2: C\n**Estimate**: 1h\n**Dependencies**: Task 1.9\n";
    let outcome = actions::fix_all(text, Arc::new(Config::default()));
    check_outcome(
        &outcome,
        text,
        expect![[r#"
        # round 0, line 5: Update the summary's Dependencies to 1
        # round 0, line 9: Remove Task 1.1's dependency on itself
        # round 0, line 13: Remove Task 1.2's dependency on itself
        # round 0, line 15: Give this task (“C”) the free ID `1.3`
        -| Dependencies | 4 |
        +| Dependencies | 1 |
        -**Dependencies**: Task 1.1
        +**Dependencies**: None
        -**Dependencies**: Task 1.1, Task 1.2
        +**Dependencies**: Task 1.1
        -#### Task 1.2: C
        +#### Task 1.3: C
    "#]],
    );
    // Nothing safe is left: a second run changes nothing.
    assert_eq!(
        actions::fix_all(&outcome.text, Arc::new(Config::default())).text,
        outcome.text
    );
}

#[test]
fn fix_all_on_the_examples() {
    for (name, expect) in [
        (
            "payment",
            expect![[r#"
                # round 1, line 34: Update the summary's Dependencies to 39
                # round 0, line 293: Give this task (“Security review”) the free ID `3.4`
                # round 0, line 336: Update `3 days` to `0.9 days`
                -| **Dependencies** | 20 |
                +| **Dependencies** | 39 |
                -#### Task 3.2: Security review
                +#### Task 3.4: Security review
                -**Duration**: 3 days
                +**Duration**: 0.9 days
            "#]],
        ),
        (
            "spec-kit",
            expect![[r#"
            # round 0, line 18: Drop the [P] marker of Task T003
            # round 0, line 23: Drop the [P] marker of Task T005
            -- [ ] T003 [P] Configure test fixtures in tests/fixtures/stripe.ts (depends on T002)
            +- [ ] T003 Configure test fixtures in tests/fixtures/stripe.ts (depends on T002)
            -- [ ] T005 [P] [US1] Implement POST /payment-methods in src/payments/routes.ts — depends on T004
            +- [ ] T005 [US1] Implement POST /payment-methods in src/payments/routes.ts — depends on T004
        "#]],
        ),
    ] {
        let path = format!("{}/../../examples/{name}/tasks.md", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let outcome = actions::fix_all(&text, Arc::new(Config::default()));
        check_outcome(&outcome, &text, expect);
    }
}

#[test]
fn sync_claims_rewrites_the_critical_path_and_the_summary() {
    let text = "# Plan\n\n| Metric | Value |\n|---|---|\n| Critical Path Tasks | 2 |\n\n#### Task 1.1: A\n**Estimate**: 2h\n**Dependencies**: None\n\n#### Task 1.2: B\n**Estimate**: 1h\n**Dependencies**: Task 1.1\n\n#### Task 1.3: C\n**Estimate**: 4h\n**Dependencies**: Task 1.1\n\n#### Task 1.4: D\n**Estimate**: 1h\n**Dependencies**: Task 1.3\n\n## Critical Path\n\n1.1 -> 1.2\n";
    let outcome = actions::sync_claims(text, Arc::new(Config::default()));
    check_outcome(
        &outcome,
        text,
        expect![[r#"
        # round 0, line 5: Update the summary's Critical Path Tasks to 3
        # round 0, line 25: Write the computed critical path: 1.1 → 1.3 → 1.4
        -| Critical Path Tasks | 2 |
        +| Critical Path Tasks | 3 |
        -1.1 -> 1.2
        +1.1 -> 1.3 -> 1.4
    "#]],
    );
}

#[test]
fn edits_between_keep_unchanged_lines() {
    let old = "a\nb\nc\nd\n";
    let new = "a\nB\nc\nd\ne";
    let edits = actions::edits_between(old, new);
    assert_eq!(
        edits,
        [
            TextEdit {
                range: 2..4,
                text: "B\n".into()
            },
            TextEdit {
                range: 8..8,
                text: "e".into()
            },
        ]
    );
    assert_eq!(apply(old, &edits), new);
}

fn check_diagram(text: &str, which: Diagram, expect: Expect) -> String {
    let analysis = analyze(text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let written = actions::diagram(&analysis, &plan, which).expect("a diagram edit");
    let after = apply(text, std::slice::from_ref(&written.edit));
    expect.assert_eq(&format!("refresh: {}\n{}", written.refresh, diff(text, &after)));
    after
}

const SMALL: &str = "## Phase 1: Setup\n\n#### Task 1.1: Schema\n**Estimate**: 2h\n**Dependencies**: None\n\n#### Task 1.2: Client\n**Estimate**: 1h\n**Dependencies**: Task 1.1\n";

#[test]
fn mermaid_graph_inserted_then_refreshed() {
    let with_graph = check_diagram(
        SMALL,
        Diagram::Graph,
        expect![[r#"
        refresh: false
        +
        +## Task Graph
        +
        +```mermaid
        +flowchart LR
        +    %% tasklens: dependency graph
        +    subgraph p0["Phase 1 Setup"]
        +        t0["1.1 Schema"]
        +        t1["1.2 Client"]
        +    end
        +    t0 ==> t1
        +    classDef critical stroke:#d33,stroke-width:3px
        +    class t0,t1 critical
        +```
    "#]],
    );
    // Up to date: nothing to write.
    let analysis = analyze(&with_graph, Arc::new(Config::default()));
    assert_eq!(actions::diagram(&analysis, &Plan::new(&analysis), Diagram::Graph), None);
    // After an edit the block is refreshed in place.
    let edited = with_graph.replace(
        "**Estimate**: 1h",
        "**Estimate**: 1h\n\n#### Task 1.3: Docs\n**Estimate**: 1h\n**Dependencies**: Task 1.1",
    );
    check_diagram(
        &edited,
        Diagram::Graph,
        expect![[r#"
        refresh: true
        +        t2["1.3 Docs"]
        -    t0 ==> t1
        +    t0 ==> t2
        -    class t0,t1 critical
        +    class t0,t2 critical
    "#]],
    );
}

#[test]
fn mermaid_gantt_inserted() {
    check_diagram(
        SMALL,
        Diagram::Gantt,
        expect![[r#"
        refresh: false
        +
        +## Schedule
        +
        +```mermaid
        +gantt
        +    %% tasklens: schedule
        +    title Schedule in hours (critical path: 3h)
        +    dateFormat X
        +    axisFormat %s
        +    section Phase 1 Setup
        +    1.1 Schema :crit, t0, 0, 2
        +    1.2 Client :crit, t1, 2, 3
        +```
    "#]],
    );
}

#[test]
fn renumbering_updates_every_reference() {
    for (text, expect) in [
        (
            "## Phase 1: Setup\n\n- [ ] T001 Create the project\n- [ ] T004 [P] Configure linting\n- [ ] T002 Configure tests (depends on T004)\n\n## Phase 2: Build\n\n- [ ] T009 Build it after T002\n",
            expect![[r#"
                -- [ ] T004 [P] Configure linting
                -- [ ] T002 Configure tests (depends on T004)
                +- [ ] T002 [P] Configure linting
                +- [ ] T003 Configure tests (depends on T002)
                -- [ ] T009 Build it after T002
                +- [ ] T004 Build it after T003
            "#]],
        ),
        (
            "## Phase 1: Setup\n\n#### Task 1.1: A\n**Dependencies**: None\n\n#### Task 1.3: B\n**Dependencies**: Task 1.1\n\n## Phase 2: Build\n\n#### Task 2.2: C\n**Dependencies**: Tasks 1.1, 1.3\n\n| Task | Risk |\n|---|---|\n| 2.2 | WCAG 2.1 |\n",
            expect![[r#"
                -#### Task 1.3: B
                +#### Task 1.2: B
                -#### Task 2.2: C
                -**Dependencies**: Tasks 1.1, 1.3
                +#### Task 2.1: C
                +**Dependencies**: Tasks 1.1, 1.2
                -| 2.2 | WCAG 2.1 |
                +| 2.1 | WCAG 2.1 |
            "#]],
        ),
        (
            "- [ ] 1. Set up\n  - [ ] 1.2 Write config\n  - [ ] 1.5 Write tests\n    - _Depends: 1.2_\n- [ ] 3. Ship\n",
            expect![[r#"
                -  - [ ] 1.2 Write config
                -  - [ ] 1.5 Write tests
                -    - _Depends: 1.2_
                -- [ ] 3. Ship
                +  - [ ] 1.1 Write config
                +  - [ ] 1.2 Write tests
                +    - _Depends: 1.1_
                +- [ ] 2. Ship
            "#]],
        ),
    ] {
        let analysis = analyze(text, Arc::new(Config::default()));
        let edits = actions::renumber(&analysis).expect("a renumbering");
        let after = apply(text, &edits);
        expect.assert_eq(&diff(text, &after));
        // Renumbered, the edges are the same (by task) and a second renumbering finds nothing.
        let again = analyze(&after, Arc::new(Config::default()));
        let targets = |a: &tasklens_analysis::Analysis| -> Vec<Vec<usize>> {
            a.dependencies
                .iter()
                .map(|deps| deps.iter().map(|d| d.target).collect())
                .collect()
        };
        assert_eq!(targets(&again), targets(&analysis));
        assert_eq!(actions::renumber(&again), None);
    }
}

/// Writing the graph or the gantt into a document changes none of its findings: the drawing is
/// never read as a statement about the tasks.
#[test]
fn diagrams_change_no_finding_in_the_examples() {
    for name in ["payment", "spec-kit"] {
        let path = format!("{}/../../examples/{name}/tasks.md", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let findings = |text: &str| -> Vec<String> {
            let analysis = analyze(text, Arc::new(Config::default()));
            let plan = Plan::new(&analysis);
            diagnostics_with_plan(&analysis, &plan)
                .into_iter()
                .map(|d| format!("{} {} {}", d.code.as_str(), &text[d.range.clone()], d.message))
                .collect()
        };
        let before = findings(&text);
        let mut with = text.clone();
        for which in [Diagram::Graph, Diagram::Gantt] {
            let analysis = analyze(&with, Arc::new(Config::default()));
            let written = actions::diagram(&analysis, &Plan::new(&analysis), which).unwrap();
            with = apply(&with, &[written.edit]);
        }
        assert_eq!(findings(&with), before, "{name}");
    }
}

/// A parent checkbox that its sub-tasks contradict is ticked or unticked; neither fix is
/// safe, since the author may know of work the sub-tasks leave out.
#[test]
fn a_parent_checkbox_is_ticked_or_unticked() {
    check_fixes(
        "# Plan\n\n- [ ] 1. Database\n  - [x] 1.1 Schema\n  - [x] 1.2 Models\n- [x] 2. Auth\n  - [ ] 2.1 Provider\n",
        expect![[r#"
            # Tick task 1 []
            -- [ ] 1. Database
            +- [x] 1. Database
            # Untick task 2 []
            -- [x] 2. Auth
            +- [ ] 2. Auth
        "#]],
    );
}
