//! Which lines are tasks, how tasks nest, and what their IDs name: fixtures written for each
//! case the judged corpus showed (restatements, sub-tasks, IDs of every shape, IDs scoped by
//! phase, cancelled tasks, criteria that look like tasks), rendered as the model and its
//! findings (update with `UPDATE_EXPECT=1 cargo test`).

use std::fmt::Write;
use std::sync::Arc;

use expect_test::{Expect, expect};
use tasklens_analysis::{Config, analyze, diagnostics};

/// Renders the model: phases, tasks with their key, parent, phase, status and dependencies,
/// restatements, and the findings.
fn check(text: &str, expect: Expect) {
    let analysis = analyze(text, Arc::new(Config::default()));
    let rope = analysis.model.document().rope();
    let line = |offset: usize| rope.byte_to_line(offset) + 1;
    let mut out = String::new();
    for phase in &analysis.phases {
        let _ = writeln!(
            out,
            "phase {} {:?} (line {})",
            phase.id,
            phase.title,
            line(phase.line.start)
        );
    }
    for task in &analysis.tasks {
        let mut flags = Vec::new();
        if let Some(parent) = task.parent {
            flags.push(format!("parent={}", analysis.key(parent)));
        }
        if let Some(phase) = task.phase {
            flags.push(format!("phase={}", analysis.phases[phase].id));
        }
        if analysis.done[task.index] {
            flags.push("done".to_string());
        }
        if task.cancelled {
            flags.push("cancelled".to_string());
        }
        if task.optional {
            flags.push("optional".to_string());
        }
        let deps: Vec<&str> = analysis.dependencies[task.index]
            .iter()
            .map(|d| analysis.key(d.target))
            .collect();
        if !deps.is_empty() {
            flags.push(format!("deps=[{}]", deps.join(" ")));
        }
        let _ = writeln!(
            out,
            "task {} {:?} (line {}) {}",
            analysis.key(task.index),
            task.title,
            line(task.line.start),
            flags.join(" ")
        );
    }
    for (restatement, target) in analysis.model.restatements.iter().zip(&analysis.restated) {
        let offset = analysis.model.offset_of(restatement.pos);
        let _ = writeln!(
            out,
            "restates {} (line {}){}",
            target.map_or("?", |t| analysis.key(t)),
            line(offset),
            if restatement.repeat { " repeat" } else { "" }
        );
    }
    for diagnostic in diagnostics(&analysis) {
        let _ = writeln!(
            out,
            "{} line {}: {}",
            diagnostic.code.as_str(),
            line(diagnostic.range.start),
            diagnostic.message
        );
    }
    expect.assert_eq(&out);
}

#[test]
fn summary_bullets_and_change_log_entries_restate_tasks() {
    check(
        "# Epic\n\n### Component Breakdown\n- **Story #519**: Policy type - FOUNDATION\n- **Story #520**: Namespace - CRITICAL\n\n## Story #519: Policy type\n**Estimate**: 3 hours\n**Dependencies**: None\n\n## Story #520: Namespace\n**Estimate**: 2 hours\n**Dependencies**: Story #519\n\n### Updates\n- **Story #520**: Namespace (added in review)\n",
        expect![[r#"
            task 519 "Policy type" (line 7) 
            task 520 "Namespace" (line 11) deps=[519]
            restates 519 (line 4)
            restates 520 (line 5)
            restates 520 (line 16)
        "#]],
    );
}

#[test]
fn ids_of_every_shape_are_ids_of_their_own() {
    check(
        "## Phase 1: Build\n\n- [ ] T007 Parent step\n- [ ] T007.1 Sub-step (depends on T068A)\n- [ ] T068A Inserted task\n- [ ] T031a Suffixed task — depends on T-HF01\n- [ ] T-HF01 Hotfix\n- [ ] T030.2~T030.6: see above\n",
        expect![[r#"
            phase 1 "Build" (line 1)
            task T007 "Parent step" (line 3) phase=1
            task T007.1 "Sub-step" (line 4) parent=T007 phase=1 deps=[T068A]
            task T068A "Inserted task" (line 5) phase=1
            task T031a "Suffixed task" (line 6) phase=1 deps=[T-HF01]
            task T-HF01 "Hotfix" (line 7) phase=1
        "#]],
    );
}

#[test]
fn a_heading_and_its_checklist_line_are_one_task() {
    check(
        "## Phase 1\n\n### Task 1.1: Set up the repo\n- [x] 1.1. Set up the repo\n**Estimate**: 2h\n\n### Task 1.2: Write the schema\n- [ ] 1.2. Write the schema\n**Dependencies**: Task 1.1\n",
        expect![[r#"
            phase 1 "" (line 1)
            task 1.1 "Set up the repo" (line 3) phase=1 done
            task 1.2 "Write the schema" (line 7) phase=1 deps=[1.1]
        "#]],
    );
}

#[test]
fn a_criterion_that_starts_with_a_number_stays_a_criterion() {
    check(
        "### Task 2.3: Verdicts\n**Dependencies**: None\n**Acceptance Criteria**:\n- [x] 4 verdict types supported\n- [ ] 2 reports written\n",
        expect![[r#"
            task 2.3 "Verdicts" (line 1) 
        "#]],
    );
    let analysis = analyze(
        "### Task 2.3: Verdicts\n**Dependencies**: None\n**Acceptance Criteria**:\n- [x] 4 verdict types supported\n- [ ] 2 reports written\n",
        Arc::new(Config::default()),
    );
    assert_eq!(analysis.tasks[0].criteria_counts(), (1, 2));
}

#[test]
fn sub_tasks_nest_under_headings_list_items_and_ids() {
    // Headings one level deeper, Kiro's indented items, and column-0 items whose ID extends
    // the one before (`2.1` under `2`); a dependency on a parent waits for all its sub-tasks.
    check(
        "## Task 1: Shelves CRUD\n**Estimate**: 4h\n### 1.1 Create model\n**Estimate**: 1h\n### 1.2 Create routes\n**Estimate**: 3h\n## Task 2: Search\n**Dependencies**: Task 1\n**Estimate**: 2h\n",
        expect![[r#"
            task 1 "Shelves CRUD" (line 1) 
            task 1.1 "Create model" (line 3) parent=1
            task 1.2 "Create routes" (line 5) parent=1
            task 2 "Search" (line 7) deps=[1]
        "#]],
    );
    check(
        "# Plan\n\n- [ ] 1. Infrastructure\n  - [x] 1.1 Table\n  - [ ] 1.2 Function\n- [ ] 2. Service\n- [ ] 2.1 Unit tests\n- [ ]* 2.2 Property tests\n- [ ] 3. Checkpoint\n",
        expect![[r#"
            task 1 "Infrastructure" (line 3) 
            task 1.1 "Table" (line 4) parent=1 done
            task 1.2 "Function" (line 5) parent=1
            task 2 "Service" (line 6) 
            task 2.1 "Unit tests" (line 7) parent=2
            task 2.2 "Property tests" (line 8) parent=2 optional
            task 3 "Checkpoint" (line 9) 
        "#]],
    );
}

#[test]
fn the_schedule_runs_on_leaves() {
    let analysis = analyze(
        "## Task 1: Shelves\n### 1.1 Model\n**Estimate**: 1h\n### 1.2 Routes\n**Estimate**: 3h\n**Dependencies**: 1.1\n## Task 2: Search\n**Estimate**: 2h\n**Dependencies**: Task 1\n",
        Arc::new(Config::default()),
    );
    let plan = tasklens_analysis::Plan::new(&analysis);
    let ids: Vec<&str> = plan
        .critical_path
        .iter()
        .map(|&t| analysis.tasks[t].id.as_str())
        .collect();
    assert_eq!(ids, ["1.1", "1.2", "2"], "the parent is a milestone, not a step");
    let parent = plan.times[0].expect("the parent is scheduled");
    assert_eq!((parent.es, parent.ef), (0.0, 4.0), "the parent spans its sub-tasks");
    assert_eq!(
        plan.times[3].map(|t| t.es),
        Some(4.0),
        "a dependency on a parent waits for its sub-tasks"
    );
    assert_eq!(plan.duration, 6.0);
}

#[test]
fn ids_that_restart_in_each_phase_are_scoped_by_it() {
    check(
        "## Phase 1: Backend\n### Task 1: Schema\n**Dependencies**: None\n### Task 2: API\n**Dependencies**: Task 1\n## Phase 2: Frontend\n### Task 1: Shell\n**Dependencies**: Phase 1\n### Task 2: Forms\n**Dependencies**: Task 1\n",
        expect![[r#"
            phase 1 "Backend" (line 1)
            phase 2 "Frontend" (line 6)
            task P1-1 "Schema" (line 2) phase=1
            task P1-2 "API" (line 4) phase=1 deps=[P1-1]
            task P2-1 "Shell" (line 7) phase=2 deps=[P1-1 P1-2]
            task P2-2 "Forms" (line 9) phase=2 deps=[P2-1]
        "#]],
    );
}

#[test]
fn the_same_id_for_two_different_tasks_is_an_error() {
    check(
        "## Phase 3: Quality\n#### Task 3.2: Performance testing\n**Dependencies**: None\n#### Task 3.2: Security review\n**Dependencies**: None\n",
        expect![[r#"
            phase 3 "Quality" (line 1)
            task 3.2 "Performance testing" (line 2) phase=3
            task 3.2#2 "Security review" (line 4) phase=3
            duplicate-task-id line 4: Task ID `3.2` is already used by “Performance testing”; references to `3.2` go to the first one. Give this task its own ID.
        "#]],
    );
}

#[test]
fn the_same_line_written_twice_with_another_status_is_its_own_finding() {
    check(
        "## Phase 1: Setup\n- [x] T001 Create the project\n- [ ] T002 Add linting\n\n## Phase 2: Polish\n- [ ] T001 Create the project\n",
        expect![[r#"
            phase 1 "Setup" (line 1)
            task T001 "Create the project" (line 2) phase=1 done
            task T002 "Add linting" (line 3) phase=1
            restates T001 (line 6) repeat
            repeated-task line 6: Task T001 is written twice, open here and done where it is first written; keep one line, with the status that is true.
        "#]],
    );
}

#[test]
fn a_struck_through_task_is_cancelled() {
    let text = "## Phase 1\n- [ ] T001 Build\n- [ ] ~~T002~~ Dropped: replaced by T003\n- [ ] T003 Rebuild (depends on T002)\n";
    check(
        text,
        expect![[r#"
            phase 1 "" (line 1)
            task T001 "Build" (line 2) phase=1
            task T002 "Dropped: replaced by T003" (line 3) phase=1 cancelled
            task T003 "Rebuild" (line 4) phase=1
        "#]],
    );
    let analysis = analyze(text, Arc::new(Config::default()));
    let plan = tasklens_analysis::Plan::new(&analysis);
    assert_eq!(plan.cancelled, [1]);
    assert!(plan.times[1].is_none(), "a cancelled task is not scheduled");
}

#[test]
fn status_lists_and_summary_phases_are_not_phases() {
    check(
        "## Phase I: Console\n#### Task I-1.1: Model\n**Dependencies**: None\n\n## Task Status Tracking\n### Phase I: Console\n- [x] I-1.1: Model\n### Phase II: Web\n- [ ] Nothing yet\n\n## Suggested Order\n### Sprint 1\n- **Task I-1.1**: Model\n",
        expect![[r#"
            phase I "Console" (line 1)
            task I-1.1 "Model" (line 2) phase=I done
            restates I-1.1 (line 13)
        "#]],
    );
}

#[test]
fn numbered_sections_holding_their_tasks_are_phases_side_by_side() {
    check(
        "# Plan\n### 1. Setup\n#### Task 1.1: Install\n**Dependencies**: None\n### 2. Build\n#### Task 2.1: Compile\n**Dependencies**: Task 3.1\n### 3. Ship\n#### Task 3.1: Package\n**Dependencies**: None\n",
        expect![[r#"
            phase 1 "Setup" (line 2)
            phase 2 "Build" (line 5)
            phase 3 "Ship" (line 8)
            task 1.1 "Install" (line 3) phase=1
            task 2.1 "Compile" (line 6) phase=2 deps=[3.1]
            task 3.1 "Package" (line 9) phase=3
        "#]],
    );
}

#[test]
fn dependency_text_is_graded_by_how_sure_the_finding_is() {
    // An unknown ID is an error; an earlier phase documented elsewhere and a named deliverable
    // are prerequisites outside the document; an alternative and a condition are read as such.
    check(
        "# Phase 4: Release\n\n#### Task 4.1: Beta\n**Dependencies**: Phase 2 (React Native Setup), Test report sign-off\n#### Task 4.2: Launch\n**Dependencies**: Task 4.1, Task 4.9\n#### Task 4.3: Store listing\n**Dependencies**: Task 4.1 or Task 4.2, Task 4.9 if enabled\n",
        expect![[r#"
            phase 4 "Release" (line 1)
            task 4.1 "Beta" (line 3) phase=4
            task 4.2 "Launch" (line 5) phase=4 deps=[4.1]
            task 4.3 "Store listing" (line 7) phase=4 deps=[4.1 4.2]
            unknown-dependency line 6: No task has the ID `4.9`, so this dependency adds no edge. Did you mean `4.1`?
            unknown-dependency line 8: No task has the ID `4.9`, so this dependency adds no edge. Did you mean `4.1`?
        "#]],
    );
}

#[test]
fn a_document_without_tasks_of_its_own_gets_no_findings() {
    check(
        "# Task files\n\n| File | Tasks |\n|---|---|\n| **Total Tasks** | 53 |\n| [backend.md](backend.md) | 30 |\n\n### Critical Path\nTask 1.1 → Task 1.2\n",
        expect![""],
    );
}
