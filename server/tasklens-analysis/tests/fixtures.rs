//! Data-driven tests: tasks.md snippets, and what the model and the diagnostics make of them,
//! checked against inline snapshots (update with `UPDATE_EXPECT=1 cargo test`).
//!
//! Diagnostics are rendered back into the snippet as annotation lines (`^^^ code: message`
//! under the marked text), so a snapshot reads like the document with its squiggles.

use std::sync::Arc;

use expect_test::{Expect, expect};
use tasklens_analysis::fixture::{annotate, parse};
use tasklens_analysis::lex::fields::FieldKind;
use tasklens_analysis::model::slice;
use tasklens_analysis::{Config, analyze, diagnostics};

fn check_diagnostics(fixture: &str, expect: Expect) {
    check_diagnostics_with(Config::default(), fixture, expect);
}

fn check_diagnostics_with(config: Config, fixture: &str, expect: Expect) {
    let fixture = parse(fixture);
    let analysis = analyze(&fixture.text, Arc::new(config));
    let annotations: Vec<_> = diagnostics(&analysis)
        .into_iter()
        .map(|d| (d.range, format!("{}: {}", d.code.as_str(), d.message)))
        .collect();
    expect.assert_eq(&annotate(&fixture.text, &annotations));
}

fn check_model(text: &str, expect: Expect) {
    let analysis = analyze(text, Arc::new(Config::default()));
    let rope = analysis.model.document().rope();
    let mut out = String::new();
    for phase in &analysis.phases {
        out.push_str(&format!("phase {} {:?}\n", phase.id, phase.title));
    }
    for task in &analysis.tasks {
        let value = |kind: FieldKind| {
            task.field(kind)
                .map(|f| slice(rope, f.value.clone()))
                .unwrap_or_default()
        };
        let estimate = task
            .estimate_field()
            .map(|f| slice(rope, f.value.clone()))
            .unwrap_or_default();
        let (done, total) = task.criteria_counts();
        out.push_str(&format!(
            "task {} {:?} phase={} type={:?} priority={:?} estimate={:?} deps=[{}] done={} criteria={done}/{total}\n",
            task.id,
            task.title,
            task.phase
                .map(|p| analysis.phases[p].id.clone())
                .unwrap_or_else(|| "-".into()),
            value(FieldKind::Type),
            value(FieldKind::Priority),
            estimate,
            analysis.dependency_ids(task.index).join(" "),
            analysis.done[task.index],
        ));
    }
    for reference in &analysis.references {
        out.push_str(&format!(
            "ref {} at {:?} ({:?})\n",
            analysis.tasks[reference.target].id,
            slice(rope, reference.range.clone()),
            reference.kind
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn duplicate_task_id() {
    check_diagnostics(
        "#### Task 1.1: One\n**Dependencies**: None\n\n#### Task 1.1: Two\n**Dependencies**: Task 1.1\n",
        expect![[r#"
            #### Task 1.1: One
            **Dependencies**: None

            #### Task 1.1: Two
                      ^^^ duplicate-task-id: Task ID `1.1` is already used by “One”; references to `1.1` go to the first one. Give this task its own ID.
            **Dependencies**: Task 1.1
        "#]],
    );
}

/// Two dependency lists of one task that name different tasks are reported at the first;
/// the same list written twice, or a list of a sub-item, is not.
#[test]
fn conflicting_dependency_fields() {
    check_diagnostics(
        "#### Task 1.1: One\n**Dependencies**: None\n#### Task 1.2: Two\n**Dependencies**: None\n#### Task 1.3: Three\n**Dependencies**: Task 1.1\n**Owner**: Ann\n**Dependencies**: Task 1.1, Task 1.2\n#### Task 1.4: Four\n**Dependencies**: Task 1.1\n**Depends on**: 1.1\n",
        expect![[r#"
            #### Task 1.1: One
            **Dependencies**: None
            #### Task 1.2: Two
            **Dependencies**: None
            #### Task 1.3: Three
            **Dependencies**: Task 1.1
                              ^^^^^^^^ conflicting-fields: Task 1.3 states its dependencies twice, and the lists differ: the later one names 1.2 and this one does not. Both are read; keep the one that is true.
            **Owner**: Ann
            **Dependencies**: Task 1.1, Task 1.2
            #### Task 1.4: Four
            **Dependencies**: Task 1.1
            **Depends on**: 1.1
        "#]],
    );
}

#[test]
fn unresolved_references() {
    check_diagnostics(
        "## Phase 1: A\n#### Task 1.1: One\n**Dependencies**: None\n#### Task 1.2: Two\n**Dependencies**: Tasks 1.1, 1.3, Batch 2 complete\n#### Task 1.3: Three\n**Depends on:** TASK-9\n",
        expect![[r#"
            ## Phase 1: A
            #### Task 1.1: One
            **Dependencies**: None
            #### Task 1.2: Two
            **Dependencies**: Tasks 1.1, 1.3, Batch 2 complete
                                              ^^^^^^^^^^^^^^^^ unresolved-reference: This document has no phase 2, so `Batch 2 complete` adds no dependency. Name a phase it has, or the tasks.
            #### Task 1.3: Three
            **Depends on:** TASK-9
                            ^^^^^^ unknown-dependency: No task has the ID `TASK-9`, so this dependency adds no edge.
        "#]],
    );
}

#[test]
fn estimates_priorities_types_and_placeholders() {
    // Priorities and types are checked against lists a team configures.
    let team = Config {
        priorities: Some(vec!["P0".into(), "P1".into(), "P2".into(), "P3".into()]),
        types: Some(vec!["Setup".into(), "Implementation".into(), "Testing".into()]),
        ..Config::default()
    };
    check_diagnostics_with(
        team,
        "#### Task 1.1: [Task Title]\n**Type**: Coding\n**Priority**: P5\n**Estimate**: soon\n**Dependencies**: None\n\n#### Task 1.2: Real\n**Type**: [Setup / Implementation]\n**Priority**: [P0/P1/P2]\n**Estimate**: [Time]\n**Dependencies**: [None / Task IDs this depends on]\n",
        expect![[r#"
            #### Task 1.1: [Task Title]
                           ^^^^^^^^^^^^ placeholder: `[Task Title]` is template text; replace it with the real value.
            **Type**: Coding
                      ^^^^^^ invalid-field-value: `Coding` is not a known type; use one of Setup, Implementation, Testing.
            **Priority**: P5
                          ^^ invalid-field-value: `P5` is not a known priority; use one of P0, P1, P2, P3.
            **Estimate**: soon
                          ^^^^ invalid-estimate: `soon` is not an estimate: write a duration such as `4h`, `2 days` or `3 SP`.
            **Dependencies**: None

            #### Task 1.2: Real
            **Type**: [Setup / Implementation]
                      ^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `[Setup / Implementation]` is template text; replace it with the real value.
            **Priority**: [P0/P1/P2]
                          ^^^^^^^^^^ placeholder: `[P0/P1/P2]` is template text; replace it with the real value.
            **Estimate**: [Time]
                          ^^^^^^ placeholder: `[Time]` is template text; replace it with the real value.
            **Dependencies**: [None / Task IDs this depends on]
                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `[None / Task IDs this depends on]` is template text; replace it with the real value.
        "#]],
    );
}

#[test]
fn a_documents_own_priority_scale_and_types_are_its_convention() {
    check_diagnostics(
        "#### Task 1: A\n**Priority**: HOCH\n**Type**: frontend-implementation\n**Dependencies**: None\n#### Task 2: B\n**Priority**: 🔴 High\n**Type**: e2e-testing\n**Dependencies**: Task 1\n",
        expect![[r#"
            #### Task 1: A
            **Priority**: HOCH
            **Type**: frontend-implementation
            **Dependencies**: None
            #### Task 2: B
            **Priority**: 🔴 High
            **Type**: e2e-testing
            **Dependencies**: Task 1
        "#]],
    );
}

#[test]
fn missing_fields_only_where_the_document_uses_them() {
    // Most tasks have an estimate, so the one without gets a finding; a field only one task
    // uses is the document's choice, and a sub-task inherits its parent's dependencies.
    check_diagnostics(
        "#### Task 1: A\n**Estimate**: 2h\n**Dependencies**: None\n#### Task 2: B\n**Estimate**: 1h\n#### Task 3: C\n**Estimate**: 3h\n#### Task 4: D\n",
        expect![[r#"
            #### Task 1: A
            **Estimate**: 2h
            **Dependencies**: None
            #### Task 2: B
            **Estimate**: 1h
            #### Task 3: C
            **Estimate**: 3h
            #### Task 4: D
            ^^^^^^^^^^^^^^ missing-field: Task 4 has no estimate field, but 3 other tasks here have one. Add `**Estimate**: …`; until then the schedule counts this task as zero.
        "#]],
    );
    check_diagnostics(
        "## Phase 1: Build\n### Task 1.1: Parent\n**Estimate**: 4h\n**Dependencies**: None\n#### Task 1.1a: Child\n**Estimate**: 2h\n#### Task 1.1b: Child\n**Estimate**: 2h\n### Task 1.2: Other\n**Estimate**: 1h\n**Dependencies**: Task 1.1\n",
        expect![[r#"
            ## Phase 1: Build
            ### Task 1.1: Parent
            **Estimate**: 4h
            **Dependencies**: None
            #### Task 1.1a: Child
            **Estimate**: 2h
            #### Task 1.1b: Child
            **Estimate**: 2h
            ### Task 1.2: Other
            **Estimate**: 1h
            **Dependencies**: Task 1.1
        "#]],
    );
}

#[test]
fn a_field_nearly_every_task_has_is_the_documents_rule() {
    // Nine tasks of ten have a description the configuration does not require: the tenth gets
    // a note. Three tasks of four with a type are too few to make a rule of it.
    check_diagnostics(
        "#### Task 1: Step\n**Description**: Build part 1.\n**Dependencies**: None\n#### Task 2: Step\n**Description**: Build part 2.\n**Dependencies**: None\n#### Task 3: Step\n**Description**: Build part 3.\n**Dependencies**: None\n#### Task 4: Step\n**Description**: Build part 4.\n**Dependencies**: None\n#### Task 5: Step\n**Description**: Build part 5.\n**Dependencies**: None\n#### Task 6: Step\n**Description**: Build part 6.\n**Dependencies**: None\n#### Task 7: Step\n**Description**: Build part 7.\n**Dependencies**: None\n#### Task 8: Step\n**Description**: Build part 8.\n**Dependencies**: None\n#### Task 9: Step\n**Description**: Build part 9.\n**Dependencies**: None\n#### Task 10: Test\n**Dependencies**: Task 9\n",
        expect![[r#"
            #### Task 1: Step
            **Description**: Build part 1.
            **Dependencies**: None
            #### Task 2: Step
            **Description**: Build part 2.
            **Dependencies**: None
            #### Task 3: Step
            **Description**: Build part 3.
            **Dependencies**: None
            #### Task 4: Step
            **Description**: Build part 4.
            **Dependencies**: None
            #### Task 5: Step
            **Description**: Build part 5.
            **Dependencies**: None
            #### Task 6: Step
            **Description**: Build part 6.
            **Dependencies**: None
            #### Task 7: Step
            **Description**: Build part 7.
            **Dependencies**: None
            #### Task 8: Step
            **Description**: Build part 8.
            **Dependencies**: None
            #### Task 9: Step
            **Description**: Build part 9.
            **Dependencies**: None
            #### Task 10: Test
            ^^^^^^^^^^^^^^^^^^ missing-field: Task 10 has no description field, but 9 other tasks here have one. Add `**Description**: …`.
            **Dependencies**: Task 9
        "#]],
    );
    check_diagnostics(
        "#### Task 1: A\n**Type**: Setup\n#### Task 2: B\n**Type**: Setup\n#### Task 3: C\n**Type**: Setup\n#### Task 4: D\n",
        expect![[r#"
            #### Task 1: A
            **Type**: Setup
            #### Task 2: B
            **Type**: Setup
            #### Task 3: C
            **Type**: Setup
            #### Task 4: D
        "#]],
    );
}

#[test]
fn heading_shapes_and_sections() {
    check_model(
        "# Plan\n\n### Phase 1: Foundation & Setup\n**Goal**: x\n\n#### Task 1.1: Schema ✅ COMPLETE\n**Estimate**: 2-3 days\n**Dependencies**: None\n\n##### Notes\n- [x] a\n- [ ] b\n\n### Task 1.2 - Hyphen (BLOCKING)\n- **Dependencies**: Task 1.1\n- **Effort**: 2h | **Priority**: P1\n\n## Phase 2: Next\n\n#### Task 029: Zero padded\n> **Depends on:** 1.2\n\n### TASK-002: Prefixed\n**Abhängigkeiten:** TASK-002, Task 029\n\n### Tarea 2.1a: Sufijo\n**Dependencias**: Ninguna\n**Esfuerzo**: 2-3 horas\n\n### 任务 3：中文\n**依赖**：Task 2.1a\n**预计工时**：2小时\n\n### Task #7.6: Hash\n**Estimated Time**: 30 minutes\n",
        expect![[r#"
            phase 1 "Foundation & Setup"
            phase 2 "Next"
            task 1.1 "Schema" phase=1 type="" priority="" estimate="2-3 days" deps=[] done=true criteria=1/2
            task 1.2 "Hyphen" phase=1 type="" priority="P1" estimate="2h" deps=[1.1] done=false criteria=0/0
            task 029 "Zero padded" phase=2 type="" priority="" estimate="" deps=[1.2] done=false criteria=0/0
            task TASK-002 "Prefixed" phase=2 type="" priority="" estimate="" deps=[TASK-002 029] done=false criteria=0/0
            task 2.1a "Sufijo" phase=2 type="" priority="" estimate="2-3 horas" deps=[] done=false criteria=0/0
            task 3 "中文" phase=2 type="" priority="" estimate="2小时" deps=[2.1a] done=false criteria=0/0
            task 7.6 "Hash" phase=2 type="" priority="" estimate="30 minutes" deps=[] done=false criteria=0/0
            ref 1.1 at "1.1" (Dependency)
            ref 1.2 at "1.2" (Dependency)
            ref TASK-002 at "TASK-002" (Dependency)
            ref 029 at "029" (Dependency)
            ref 2.1a at "2.1a" (Dependency)
        "#]],
    );
}

#[test]
fn dependency_forms_expand_and_prose_adds_no_edges() {
    check_model(
        "## Phase 1: A\n#### Task 1.1: a\n**Type**: Implementation\n**Dependencies**: None\nThis depends on Task 1.2 in prose only.\n#### Task 1.2: b\n**Type**: Implementation\n**Dependencies**: None\n#### Task 1.3: c\n**Type**: Testing\n**Dependencies**: Tasks 1.1-1.2\n## Phase 2: B\n#### Task 2.1: d\n**Dependencies**: Task 1.x\n#### Task 2.2: e\n**Dependencies**: All previous phases\n#### Task 2.3: f\n**Dependencies**: All implementation tasks\n#### Task 2.4: g\n**Dependencies**: Phase 1 complete\n#### Task 2.5: h\n**Dependencies**: Task 2.1 (the endpoint), 2.2\n\n| Task | Risk |\n|---|---|\n| 2.1 | High |\n\n```\n1.1 -> 2.5\n```\n",
        expect![[r#"
            phase 1 "A"
            phase 2 "B"
            task 1.1 "a" phase=1 type="Implementation" priority="" estimate="" deps=[1.2] done=false criteria=0/0
            task 1.2 "b" phase=1 type="Implementation" priority="" estimate="" deps=[] done=false criteria=0/0
            task 1.3 "c" phase=1 type="Testing" priority="" estimate="" deps=[1.1 1.2] done=false criteria=0/0
            task 2.1 "d" phase=2 type="" priority="" estimate="" deps=[1.1 1.2 1.3] done=false criteria=0/0
            task 2.2 "e" phase=2 type="" priority="" estimate="" deps=[1.1 1.2 1.3] done=false criteria=0/0
            task 2.3 "f" phase=2 type="" priority="" estimate="" deps=[1.1 1.2] done=false criteria=0/0
            task 2.4 "g" phase=2 type="" priority="" estimate="" deps=[1.1 1.2 1.3] done=false criteria=0/0
            task 2.5 "h" phase=2 type="" priority="" estimate="" deps=[2.1 2.2] done=false criteria=0/0
            ref 1.2 at "1.2" (Dependency)
            ref 1.2 at "1.2" (Mention(Prose))
            ref 1.1 at "1.1" (Dependency)
            ref 1.2 at "1.2" (Dependency)
            ref 2.1 at "2.1" (Dependency)
            ref 2.2 at "2.2" (Dependency)
            ref 2.1 at "2.1" (Mention(Table))
            ref 1.1 at "1.1" (Mention(Code))
            ref 2.5 at "2.5" (Mention(Code))
        "#]],
    );
}

#[test]
fn headings_in_code_blocks_and_comments_are_not_tasks() {
    check_model(
        "#### Task 1: Real\n**Dependencies**: None\n\n```markdown\n#### Task 2: In a code block\n```\n\n<!--\n#### Task 3: In a comment\n-->\n\n#### Task X.Y: [Title]\n",
        expect![[r#"
            task 1 "Real" phase=- type="" priority="" estimate="" deps=[] done=false criteria=0/0
        "#]],
    );
}

/// A table row that starts with a multi-byte whitespace character (U+0085) once made the row
/// lexer cut a cell inside that character and panic; any text must lower to a model.
#[test]
fn a_table_row_after_a_multibyte_space_lowers_without_panicking() {
    for text in ["| a | b |\n|---|---|\n\u{85} | b |\n", "| a |\n|---|\n\u{2028}| x |\n"] {
        let analysis = analyze(text, Arc::new(Config::default()));
        assert!(analysis.tasks.is_empty(), "{text:?}");
    }
}
