//! spec-kit and Kiro documents: their task shapes, dependencies, parallel markers and
//! requirement references, with the model and the diagnostics snapshotted.

use std::sync::Arc;

use expect_test::{Expect, expect};
use tasklens_analysis::fixture::annotate;
use tasklens_analysis::{Config, analyze, diagnostics};

fn check(text: &str, expect: Expect) {
    let analysis = analyze(text, Arc::new(Config::default()));
    let mut out = format!("dialect: {}\n", analysis.dialect());
    for task in &analysis.tasks {
        out.push_str(&format!(
            "task {} {:?} phase={} parallel={} done={} deps=[{}]\n",
            task.id,
            task.title,
            task.phase
                .map(|p| analysis.phases[p].id.clone())
                .unwrap_or_else(|| "-".into()),
            task.parallel,
            analysis.done[task.index],
            analysis.dependency_ids(task.index).join(" "),
        ));
    }
    let annotations: Vec<_> = diagnostics(&analysis)
        .into_iter()
        .map(|d| (d.range, format!("{}: {}", d.code.as_str(), d.message)))
        .collect();
    out.push_str(&annotate(text, &annotations));
    expect.assert_eq(&out);
}

#[test]
fn spec_kit_tasks_dependencies_and_parallel_markers() {
    check(
        "---\ndescription: tasks\n---\n# Tasks: Feature\n\n## Phase 1: Setup\n\n- [x] T001 Create project structure\n- [ ] T002 [P] [US1] Add models in src/models.ts (depends on T001)\n- [X] **T003** [P] [Setup] Configure linting\n- [ ] [T004] [Setup] [P] Add CI — depends on T002, T003\n\n## Phase 2: User Story 1 - Login (Priority: P1) 🎯 MVP\n\n- [ ] T005 [US1] Login endpoint at src/api/[id]/login.ts\n- [ ] T005a [P] [US1] Login form\n\n## Dependencies & Execution Order\n\n- T005 depends on T002\n- T005a depends on T005\n- Prose that mentions T001 adds no edge.\n",
        expect![[r#"
            dialect: spec-kit
            task T001 "Create project structure" phase=1 parallel=false done=true deps=[]
            task T002 "Add models in src/models.ts" phase=1 parallel=true done=false deps=[T001]
            task T003 "Configure linting" phase=1 parallel=true done=true deps=[]
            task T004 "Add CI" phase=1 parallel=true done=false deps=[T002 T003]
            task T005 "Login endpoint at src/api/[id]/login.ts" phase=2 parallel=false done=false deps=[T002]
            task T005a "Login form" phase=2 parallel=true done=false deps=[T005]
            ---
            description: tasks
            ---
            # Tasks: Feature

            ## Phase 1: Setup

            - [x] T001 Create project structure
            - [ ] T002 [P] [US1] Add models in src/models.ts (depends on T001)
            - [X] **T003** [P] [Setup] Configure linting
            - [ ] [T004] [Setup] [P] Add CI — depends on T002, T003
                                 ^^^ parallel-conflict: Task T004 is marked parallel, but it depends on T002, marked parallel beside it: T002 → T004. Drop the marker or the dependency.

            ## Phase 2: User Story 1 - Login (Priority: P1) 🎯 MVP

            - [ ] T005 [US1] Login endpoint at src/api/[id]/login.ts
            - [ ] T005a [P] [US1] Login form
                        ^^^ parallel-conflict: Task T005a is marked parallel, but every other task of its phase comes before or after it; it depends on T005: T005 → T005a. Drop the marker or the dependency.

            ## Dependencies & Execution Order

            - T005 depends on T002
            - T005a depends on T005
            - Prose that mentions T001 adds no edge.
        "#]],
    );
}

#[test]
fn kiro_tasks_requirements_and_depends() {
    check(
        "# Implementation Plan\n\n- [x] 1. Set up project\n  - [x] 1.1 Create config loader\n    - Read the file\n    - _Requirements: 1.1, 2.3_\n  - [ ]* 1.2 Write property test\n    - **Validates: Requirements 1.2**\n- [-] 2. Build the API (P)\n  - _Depends: 1.1_\n- [ ]\\* 2.1 Optional escaped sub-task\n  - _需求: 2.1_\n",
        expect![[r#"
            dialect: kiro
            task 1 "Set up project" phase=- parallel=false done=true deps=[]
            task 1.1 "Create config loader" phase=- parallel=false done=true deps=[]
            task 1.2 "Write property test" phase=- parallel=false done=false deps=[]
            task 2 "Build the API" phase=- parallel=true done=false deps=[1.1]
            task 2.1 "Optional escaped sub-task" phase=- parallel=false done=false deps=[]
            # Implementation Plan

            - [x] 1. Set up project
              - [x] 1.1 Create config loader
                - Read the file
                - _Requirements: 1.1, 2.3_
              - [ ]* 1.2 Write property test
                - **Validates: Requirements 1.2**
            - [-] 2. Build the API (P)
              - _Depends: 1.1_
            - [ ]\* 2.1 Optional escaped sub-task
              - _需求: 2.1_
        "#]],
    );
}

#[test]
fn kiro_order_is_the_schedules_default_and_hover_names_the_rule() {
    // Kiro's top-level tasks run in the order of the list, sub-tasks inside their parent; the
    // dependencies stay as written, and a setting turns the order off.
    let text = "- [ ] 1. First\n- [ ] 2. Second\n  - [ ] 2.1 Sub-task\n  - [ ] 2.2 Sub-task\n- [ ]* 3. Optional\n- [ ] 4. Last\n";
    let ordered = analyze(text, Arc::new(Config::default()));
    assert!(ordered.dependencies.iter().all(Vec::is_empty), "no written dependency");
    let plan = tasklens_analysis::Plan::new(&ordered);
    let ids: Vec<&str> = plan
        .critical_path
        .iter()
        .map(|&t| ordered.tasks[t].id.as_str())
        .collect();
    assert_eq!(ids, ["1", "2.1", "4"], "the optional task is no step of the order");
    let at = text.find("2. Second").unwrap();
    let hover = tasklens_analysis::ide::hover::hover(&ordered, &plan, at).expect("a hover on 2");
    assert!(hover.markdown.contains("Kiro order"), "{}", hover.markdown);
    let off = Config {
        kiro_implicit_order: false,
        ..Config::default()
    };
    let unordered = analyze(text, Arc::new(off));
    assert_eq!(tasklens_analysis::Plan::new(&unordered).critical_path.len(), 1);
}

#[test]
fn spec_kit_order_is_a_setting_that_puts_tasks_without_p_in_sequence() {
    // With the setting, each task without `[P]` waits for the tasks since the previous one
    // without it, and a `[P]` task for that previous one; each phase starts its own order.
    let text = "## Phase 1: Setup\n\n- [ ] T001 First\n- [ ] T002 [P] Side A\n- [ ] T003 [P] Side B\n- [ ] T004 Join\n\n## Phase 2: Build\n\n- [ ] T005 Next\n";
    let implied = |config: Config| -> Vec<(String, String)> {
        let analysis = analyze(text, Arc::new(config));
        let plan = tasklens_analysis::Plan::new(&analysis);
        plan.edges
            .iter()
            .filter(|e| e.kind == tasklens_analysis::plan::EdgeKind::Implied)
            .map(|e| (analysis.tasks[e.from].id.clone(), analysis.tasks[e.to].id.clone()))
            .collect()
    };
    assert!(implied(Config::default()).is_empty(), "off by default");
    let on = Config {
        spec_kit_implicit_order: true,
        ..Config::default()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    };
    assert_eq!(
        implied(on),
        pairs(&[
            ("T001", "T002"),
            ("T001", "T003"),
            ("T001", "T004"),
            ("T002", "T004"),
            ("T003", "T004")
        ])
    );
}

#[test]
fn declared_waves_are_checked() {
    check(
        "- [ ] 1. One\n- [ ] 2. Two\n  - _Depends: 1_\n- [ ] 3. Three\n\n## Task Dependency Graph\n\n```json\n{\"waves\": [[\"1\", \"2\"], [\"3\", \"9\"]]}\n```\n",
        expect![[r#"
            dialect: kiro
            task 1 "One" phase=- parallel=false done=false deps=[]
            task 2 "Two" phase=- parallel=false done=false deps=[1]
            task 3 "Three" phase=- parallel=false done=false deps=[]
            - [ ] 1. One
            - [ ] 2. Two
              - _Depends: 1_
            - [ ] 3. Three

            ## Task Dependency Graph

            ```json
            {"waves": [["1", "2"], ["3", "9"]]}
                              ^ wave-mismatch: Task 2 is declared in wave 1, but its dependencies put it in wave 2 (after 1).
                                     ^ wave-mismatch: Task 3 is declared in wave 2, but its dependencies put it in wave 1.
                                          ^ unresolved-reference: The declared waves name `9`, but no task has that ID.
            ```
        "#]],
    );
}

#[test]
fn declared_waves_as_objects_and_in_a_shape_that_cannot_be_read() {
    check(
        "- [ ] 1. One\n- [ ] 2. Two\n  - _Depends: 1_\n\n## Task Dependency Graph\n\n```json\n{\"waves\": [{\"id\": 0, \"tasks\": [\"1\", \"2\"]}]}\n```\n",
        expect![[r#"
            dialect: kiro
            task 1 "One" phase=- parallel=false done=false deps=[]
            task 2 "Two" phase=- parallel=false done=false deps=[1]
            - [ ] 1. One
            - [ ] 2. Two
              - _Depends: 1_

            ## Task Dependency Graph

            ```json
            {"waves": [{"id": 0, "tasks": ["1", "2"]}]}
                                                 ^ wave-mismatch: Task 2 is declared in wave 1, but its dependencies put it in wave 2 (after 1).
            ```
        "#]],
    );
    check(
        "- [ ] 1. One\n\n## Task Dependency Graph\n\n```json\n{\"waves\": {\"first\": \"1\"}}\n```\n",
        expect![[r#"
            dialect: kiro
            task 1 "One" phase=- parallel=false done=false deps=[]
            - [ ] 1. One

            ## Task Dependency Graph

            ```json
            ^^^^^^^ wave-mismatch: This block declares waves in a shape tasklens cannot read, so they are not checked. tasklens reads `{"waves": [["1", "2"], ["3"]]}` and `{"waves": [{"id": 0, "tasks": ["1", "2"]}]}`.
            {"waves": {"first": "1"}}
            ```
        "#]],
    );
}

#[test]
fn phase_statements_order_phases_through_milestones() {
    // `Phase 2 depends on Phase 1` orders the phases: every task of Phase 2 waits for every
    // task of Phase 1, through one edge between two milestones, and no task gains a
    // dependency it did not state.
    let text = "## Phase 1: Setup\n\n- [ ] T001 A\n- [ ] T002 B\n\n## Phase 2: Build\n\n- [ ] T003 C\n- [ ] T004 D (depends on T003)\n\n## Dependencies & Execution Order\n\n- Phase 2 depends on Phase 1\n- **Phase 3**: depends on nothing we know\n";
    let analysis = analyze(text, Arc::new(Config::default()));
    assert!(analysis.dependency_ids(2).is_empty(), "T003 states no dependency");
    assert_eq!(analysis.dependency_ids(3), ["T003"], "T004 follows T003");
    let edges: Vec<(String, String)> = analysis
        .phase_edges
        .iter()
        .map(|e| (analysis.phases[e.from].id.clone(), analysis.phases[e.to].id.clone()))
        .collect();
    assert_eq!(edges, [("1".to_string(), "2".to_string())]);
    let plan = tasklens_analysis::Plan::new(&analysis);
    assert_eq!(plan.waves.len(), 3);
    assert_eq!(
        plan.milestones.len(),
        4,
        "a start and an end for each of the two phases"
    );
}

#[test]
fn renaming_a_spec_kit_id_reaches_inline_dependencies_and_statements() {
    let text = "## Phase 1: Setup\n\n- [ ] T005 Base\n- [ ] T006 Next (depends on T005)\n\n## Dependencies & Execution Order\n\n- T005 depends on nothing listed here\n- T006 depends on T005\n";
    let analysis = analyze(text, Arc::new(Config::default()));
    let at = text.find("T005").unwrap();
    let edits = tasklens_analysis::ide::rename::rename(&analysis, at, "T050").expect("a rename");
    let mut renamed = text.to_string();
    let mut edits = edits;
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    for (range, new_text) in edits {
        renamed.replace_range(range, &new_text);
    }
    expect![[r#"
        ## Phase 1: Setup

        - [ ] T050 Base
        - [ ] T006 Next (depends on T050)

        ## Dependencies & Execution Order

        - T050 depends on nothing listed here
        - T006 depends on T050
    "#]]
    .assert_eq(&renamed);
}
