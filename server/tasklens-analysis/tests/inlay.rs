//! Inlay hints and clickable lenses on tasks.md snippets: each hint is written into the text
//! where the editor shows it (`⟨label⟩`), each lens's targets are the lines it lists, and both
//! are checked against inline snapshots (update with `UPDATE_EXPECT=1 cargo test`).

use std::sync::Arc;

use expect_test::{Expect, expect};
use tasklens_analysis::config::Display;
use tasklens_analysis::fixture::annotate;
use tasklens_analysis::ide::inlay::inlay_hints;
use tasklens_analysis::ide::lenses::code_lenses;
use tasklens_analysis::{Config, Plan, analyze};

const DOC: &str = "\
## Phase 1: Setup

#### Task 1.1: Schema
**Estimate**: 6h
**Dependencies**: None

#### Task 1.2: Client
**Estimate**: 1.5 days
**Dependencies**: Task 1.1

#### Task 1.3: Spike
**Estimate**: 2-3 weeks
**Dependencies**: None

## Phase 2: Build

#### Task 2.1: Endpoint
**Estimate**: 90 minutes
**Dependencies**: Tasks 1.1-1.3

#### Task 2.2: Docs
**Estimate**: 3 SP
**Dependencies**: All previous phases
";

/// The text with each hint's label written in at its offset.
fn render_hints(text: &str, display: Display) -> String {
    let config = Config {
        display,
        ..Config::default()
    };
    let analysis = analyze(text, Arc::new(config));
    let plan = Plan::new(&analysis);
    let hints = inlay_hints(&analysis, &plan, 0..text.len());
    let mut out = String::new();
    let mut done = 0;
    for hint in hints {
        out.push_str(&text[done..hint.offset]);
        out.push_str(&format!("⟨{}⟩", hint.label));
        done = hint.offset;
    }
    out.push_str(&text[done..]);
    out
}

fn check_hints(text: &str, display: Display, expect: Expect) {
    expect.assert_eq(&render_hints(text, display));
}

#[test]
fn hours_of_estimates_and_what_ranges_and_groups_expand_to() {
    check_hints(
        DOC,
        Display::default(),
        expect![[r#"
            ## Phase 1: Setup

            #### Task 1.1: Schema
            **Estimate**: 6h
            **Dependencies**: None

            #### Task 1.2: Client
            **Estimate**: 1.5 days⟨12h⟩
            **Dependencies**: Task 1.1

            #### Task 1.3: Spike
            **Estimate**: 2-3 weeks⟨120h⟩
            **Dependencies**: None

            ## Phase 2: Build

            #### Task 2.1: Endpoint
            **Estimate**: 90 minutes⟨1.5h⟩
            **Dependencies**: Tasks 1.1-1.3⟨1.1, 1.2, 1.3⟩

            #### Task 2.2: Docs
            **Estimate**: 3 SP
            **Dependencies**: All previous phases⟨1.1, 1.2, 1.3⟩
        "#]],
    );
}

#[test]
fn each_kind_is_a_setting_and_the_schedule_is_off_by_default() {
    let only_schedule = Display {
        estimate_hints: false,
        expansion_hints: false,
        schedule_hints: true,
        ..Display::default()
    };
    check_hints(
        "#### Task 1: A\n**Estimate**: 1 day\n**Dependencies**: None\n#### Task 2: B\n**Estimate**: 2h\n**Dependencies**: None\n#### Task 3: C\n**Estimate**: 1h\n**Dependencies**: Task 1, Task 2\n",
        only_schedule,
        expect![[r#"
            #### Task 1: A⟨ES 0h · slack 0h⟩
            **Estimate**: 1 day
            **Dependencies**: None
            #### Task 2: B⟨ES 0h · slack 6h⟩
            **Estimate**: 2h
            **Dependencies**: None
            #### Task 3: C⟨ES 8h · slack 0h⟩
            **Estimate**: 1h
            **Dependencies**: Task 1, Task 2
        "#]],
    );
    let none = Display {
        estimate_hints: false,
        expansion_hints: false,
        ..Display::default()
    };
    assert_eq!(render_hints(DOC, none), DOC);
}

#[test]
fn many_tasks_are_counted_and_hints_keep_to_the_range_asked_for() {
    let mut text: String = (1..=8).map(|i| format!("- [ ] T00{i} Task {i}\n")).collect();
    text.push_str("- [ ] T009 Last (depends on T001-T008)\n");
    expect![[r#"
        - [ ] T001 Task 1
        - [ ] T002 Task 2
        - [ ] T003 Task 3
        - [ ] T004 Task 4
        - [ ] T005 Task 5
        - [ ] T006 Task 6
        - [ ] T007 Task 7
        - [ ] T008 Task 8
        - [ ] T009 Last (depends on T001-T008⟨8 tasks⟩)
    "#]]
    .assert_eq(&render_hints(&text, Display::default()));
    let analysis = analyze(DOC, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let phase_2 = DOC.find("## Phase 2").unwrap();
    let hints = inlay_hints(&analysis, &plan, phase_2..DOC.len());
    assert_eq!(hints.len(), 3, "{hints:?}");
    assert!(hints.iter().all(|hint| hint.offset >= phase_2));
}

#[test]
fn lenses_list_what_they_are_about() {
    let analysis = analyze(DOC, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    let mut annotations = Vec::new();
    for lens in code_lenses(&analysis, &plan) {
        for target in &lens.targets {
            annotations.push((target.clone(), format!("listed by “{}”", lens.title)));
        }
    }
    expect![[r#"
        ## Phase 1: Setup

        #### Task 1.1: Schema
        **Estimate**: 6h
        **Dependencies**: None

        #### Task 1.2: Client
        ^^^^^^^^^^^^^^^^^^^^^ listed by “starts at 0h · slack 102h · blocks 3”
        **Estimate**: 1.5 days
        **Dependencies**: Task 1.1

        #### Task 1.3: Spike
        ^^^^^^^^^^^^^^^^^^^^ listed by “critical path: 1.3 → 2.1 (121.5h)”
        ^^^^^^^^^^^^^^^^^^^^ listed by “phase 1: starts at 0h · ends at 120h · 1 on the critical path”
        **Estimate**: 2-3 weeks
        **Dependencies**: None

        ## Phase 2: Build

        #### Task 2.1: Endpoint
        ^^^^^^^^^^^^^^^^^^^^^^^ listed by “critical path · starts at 0h · 0h slack · blocks 2”
        ^^^^^^^^^^^^^^^^^^^^^^^ listed by “critical path: 1.3 → 2.1 (121.5h)”
        ^^^^^^^^^^^^^^^^^^^^^^^ listed by “phase 2: starts at 120h · ends at 121.5h · 1 on the critical path”
        ^^^^^^^^^^^^^^^^^^^^^^^ listed by “starts at 0h · slack 102h · blocks 3”
        ^^^^^^^^^^^^^^^^^^^^^^^ listed by “starts at 6h · slack 102h · after 1.1 · blocks 2”
        **Estimate**: 90 minutes
        **Dependencies**: Tasks 1.1-1.3

        #### Task 2.2: Docs
        ^^^^^^^^^^^^^^^^^^^ listed by “critical path · starts at 0h · 0h slack · blocks 2”
        ^^^^^^^^^^^^^^^^^^^ listed by “starts at 0h · slack 102h · blocks 3”
        ^^^^^^^^^^^^^^^^^^^ listed by “starts at 6h · slack 102h · after 1.1 · blocks 2”
        **Estimate**: 3 SP
        **Dependencies**: All previous phases
    "#]]
    .assert_eq(&annotate(DOC, &annotations));
}

#[test]
fn spec_kit_lists_keep_the_document_and_phase_lenses_and_drop_per_task_ones_by_default() {
    let text = "## Phase 1: Setup\n\n- [ ] T001 A\n- [ ] T002 B (depends on T001)\n\n## Phase 2: Build\n\n- [ ] T003 C (depends on T002)\n";
    let titles = |display: Display| -> Vec<String> {
        let config = Config {
            display,
            ..Config::default()
        };
        let analysis = analyze(text, Arc::new(config));
        let plan = Plan::new(&analysis);
        code_lenses(&analysis, &plan)
            .into_iter()
            .map(|lens| lens.title)
            .collect()
    };
    expect![[r#"
        [
            "critical path: T001 → T002 → T003 (3 tasks)",
            "phase 1: starts at 0 tasks · ends at 2 tasks · 2 on the critical path",
            "phase 2: starts at 2 tasks · ends at 3 tasks · 1 on the critical path",
        ]
    "#]]
    .assert_debug_eq(&titles(Display::default()));
    let on = Display {
        spec_kit_task_lenses: true,
        ..Display::default()
    };
    assert_eq!(titles(on).len(), 6);
}
