//! The claim checks, one fixture per family and per way of writing a claim: counts (totals,
//! per phase, per story, marked `[P]`, done, percentages, tables), hours (totals, phase
//! headings, a parent against its sub-tasks), parallel statements (ranges, exceptions,
//! scope words, "with", stories), status (a checkpoint marked done, a gantt bar, a ticked
//! task's note) and the tasks' format (file paths, story labels). Each renders the findings as `line: code: message` (update with
//! `UPDATE_EXPECT=1 cargo test`). The true claims beside each false one must stay silent.

use std::sync::Arc;

use expect_test::{Expect, expect};
use tasklens_analysis::{Config, analyze, diagnostics};

/// Renders the claim findings of a document.
fn check(text: &str, expect: Expect) {
    let analysis = analyze(text, Arc::new(Config::default()));
    let rope = analysis.model.document().rope();
    let claim_codes = [
        "assignment-mismatch",
        "format-mismatch",
        "summary-mismatch",
        "duration-mismatch",
        "status-mismatch",
        "parallel-conflict",
        "graph-mismatch",
        "done-before-dependency",
        "phase-order",
    ];
    let out: String = diagnostics(&analysis)
        .iter()
        .filter(|d| claim_codes.contains(&d.code.as_str()))
        .map(|d| {
            format!(
                "{}: {}: {}\n",
                rope.byte_to_line(d.range.start) + 1,
                d.code.as_str(),
                d.message
            )
        })
        .collect();
    expect.assert_eq(&out);
}

const SPEC_KIT: &str = "\
# Tasks: Board

## Phase 1: Setup

- [x] T001 Create project in package.json
- [ ] T002 [P] Add lint config in .eslintrc
- [ ] T003 [P] Add formatter in .prettierrc
- [ ] T004 Add CI workflow in ci.yml

**Checkpoint**: setup ready ✅

## Phase 2: User Story 1 - Board (Priority: P1)

- [ ] T005 [P] [US1] Board model in src/board.ts
- [ ] T006 [P] [US1] Column model in src/column.ts
- [ ] T007 [US1] Board view in src/view.ts (depends on T005, T006)

## Phase 3: User Story 2 - Cards (Priority: P2)

- [ ] T008 [P] [US2] Card model in src/card.ts
- [ ] T009 [US2] Card view in src/card-view.ts

## Dependencies & Execution Order

- **User Story 2 (P2)**: Depends on US1

## Parallel Opportunities

- **Setup Phase**: T002-T004 can run in parallel
- **Setup Phase**: T002-T004 can run in parallel except T004
- **User Story 1**: T005-T007 can run in parallel
- **User Story 1**: T005 and T006 can run in parallel (after T001)
- US1 + US2 can proceed in parallel

## Task Summary

- **Total Tasks**: 10
- **Setup Phase**: 4 tasks
- **User Story 1**: 2 tasks
- **Parallel Opportunities**: 5 tasks marked [P]
- **Completed**: 1
- **Progress**: 25%
";

#[test]
fn spec_kit_counts_parallel_statements_and_checkpoints() {
    check(
        SPEC_KIT,
        expect![[r#"
            10: status-mismatch: This says phase 1 is complete, but 3 of its tasks are open: T002, T003 and T004.
            29: parallel-conflict: This says these tasks can run in parallel, but T004 carries no [P], the document's mark for tasks that can.
            31: parallel-conflict: This says these tasks can run in parallel, but T007 carries no [P], the document's mark for tasks that can.
            33: parallel-conflict: This says US1 and US2 can run in parallel, but US2 waits for US1: the phase order at line 25.
            37: summary-mismatch: This says 10 tasks, but the document has 9 (every task heading and task item, without restatements).
            39: summary-mismatch: This says 2 tasks, but phase 2 has 3 (every task heading and task item, without restatements).
            42: summary-mismatch: This says 25% is done, but 1 of the 9 tasks of the document are done: 11.1% (by their checkboxes, status fields and markers).
        "#]],
    );
}

const HEADINGS: &str = "\
# Plan

## Overview

**Estimated Total Time**: 4-5 hours

## Phase 1: Setup (2 tasks, 3h)

### Task 1.1: Scaffold
**Estimate**: 2h

### Task 1.2: Lint
**Estimate**: 1h

## Phase 2: Build (1 task, 1 day)

### Task 2.1: Core
**Estimate**: 6h

#### Task 2.1.1: Parser
**Estimate**: 2h

#### Task 2.1.2: Printer
**Estimate**: 2h
";

#[test]
fn hours_of_the_document_its_phases_and_a_parent() {
    check(
        HEADINGS,
        expect![[r#"
            5: duration-mismatch: This says 4–5h, but the estimates of the 3 tasks of the document add up to 7h.
            15: duration-mismatch: This says 1 day, but the estimates of the one task of phase 2 add up to 4h (0.5 days of 8h).
            18: duration-mismatch: Task 2.1 is estimated at 6h, but its 2 sub-tasks add up to 4h.
        "#]],
    );
}

const STATUS: &str = r#"# Plan

- [x] 1. Build the API
  - **Status**: ~60% Complete - endpoints missing
- [x] 2. Build the app
  - **Status**: Completed
- [ ] 3. Release
- [x] 4. Build the docs
  - **Status**: ✅ Complete
  - [x] 4.1 Write the guide
    - **Note**: Not started

```mermaid
pie title Tasks
    "Done" : 5
    "Not done" : 1
```

```mermaid
gantt
    title Plan
    Task 1 API :done, a1, 2024-01-01, 2d
    Task 3 Release :done, a2, after a1, 1d
```
"#;

#[test]
fn ticked_tasks_whose_notes_disagree_a_pie_of_status_and_a_gantt_bar_marked_done() {
    check(
        STATUS,
        expect![[r#"
            4: status-mismatch: Task 1 is ticked as done, but its note says otherwise: "~60% Complete - endpoints missing".
            9: status-mismatch: This says task 4 is complete, but the notes of 4.1 say it is not done.
            11: status-mismatch: Task 4.1 is ticked as done, but its note says otherwise: "Not started".
            15: summary-mismatch: This says 5 tasks are done, but 4 of the 5 tasks of the document are (by their checkboxes, status fields and markers).
            23: status-mismatch: This gantt bar is marked done, but 3 is not ticked.
        "#]],
    );
}

const DRAWING: &str = "\
# Plan

### Task 1: Schema
**Dependencies**: None

### Task 2: Commands
**Dependencies**: Task 1

### Task 3: Hooks
**Dependencies**: Task 1

### Task 4: Bash support
**Dependencies**: Task 1

### Task 5: Docs

```
Task 1 (Schema)
 ├─> Task 2 (Commands)
 ├─> Task 3 (Hooks)
 │    └─> Task 4 (Bash support)
 └─> Task 5 (Docs)
Task 2 ─> Task 3
```
";

#[test]
fn a_drawing_the_fields_do_not_back() {
    check(
        DRAWING,
        expect![[r#"
        21: graph-mismatch: This drawing puts 4 after 3, but nothing the document writes does: 4 depends on 1.
        23: graph-mismatch: This drawing puts 3 after 2, but nothing the document writes does: 3 depends on 1.
    "#]],
    );
}

const MARKS: &str = "\
# Tasks

- **[P]**: Can run in parallel (different files, no dependencies)

## Phase 1: Setup

- [ ] T001 Create project in package.json
- [ ] T002 [P] Add the client in src/api/client.ts
- [ ] T003 [P] Add retries in src/api/client.ts
- [ ] T004 [P] Add the reader, per data-model.md, in src/api/reader.ts
- [ ] T007 Wire the app in src/app.ts
- [ ] T008 [P] Style the reader in src/api/reader.ts
- [ ] T009 [P] Log the reader's errors in src/log.ts, after T010
- [ ] T010 [P] Count the reader's errors in src/log.ts

## Phase 2: User Story 1 - Read (Priority: P1)

- [x] T005 [US1] Read the feed in src/feed.ts
- [x] T006 [US1] Show the feed in src/view.ts
- [x] T011 [P] [US1] Cache the feed in src/api/client.ts

## Dependencies & Execution Order

### Phase Dependencies

- **Setup (Phase 1)**: No dependencies
- **User Story 1 (Phase 2)**: Depends on Setup completion
";

#[test]
fn markers_on_one_file_and_a_phase_done_before_the_one_it_waits_for() {
    check(
        MARKS,
        expect![[r#"
            9: parallel-conflict: Task T003 is marked [P] beside T002, but both edit src/api/client.ts, and this document's [P] means different files.
            12: parallel-conflict: Task T008 is marked [P] beside T004, but both edit src/api/reader.ts, and this document's [P] means different files.
            13: parallel-conflict: Task T009 is marked parallel, but it depends on T010, marked parallel beside it: T010 → T009. Drop the marker or the dependency.
            18: done-before-dependency: Every task of phase 2 is done, but it waits for phase 1 (a dependency statement, line 27), whose tasks T001, T002, T003, T004, T007 and 3 more are open.
        "#]],
    );
}

const PRIORITIES_AND_METRICS: &str = "\
# Plan

**Prioridad Alta**: 2 tareas (1-2 días)
**Prioridad Media**: 3 tareas (3-4 días)
**Prioridad Baja**: 1 tareas

## Fase 1: Base

### Tarea 1.1: Esquema ✅
**Prioridad**: ALTA

### Tarea 1.2: Datos ✅
**Prioridad**: 🟡 MEDIA

## Fase 1.5: Arreglos

### Tarea 1.3: Índices ✅
**Prioridad**: ALTA

### Tarea 1.4: Caché
**Prioridad**: MEDIA

## Seguimiento

- **Fase 1.5 (Arreglos)**: 2/2 completadas (100%)
- **Fase 1 (Base)**: 2/2 completadas

| Métrica | Objetivo | Actual | Estado |
|---------|----------|--------|--------|
| Progreso | 100% | 50% | ⚠️ |
| Tareas | 4 | 4 | ✅ |
";

#[test]
fn counts_by_priority_a_metrics_row_and_a_phase_numbered_with_a_point() {
    check(
        PRIORITIES_AND_METRICS,
        expect![[r#"
            4: summary-mismatch: This says 3 tasks, but the document, counting priority MEDIA only, has 2 (every task heading and task item, without restatements).
            25: summary-mismatch: This says 2 tasks are done, but 1 of the 2 tasks of phase 1.5 are (by their checkboxes, status fields and markers).
            30: summary-mismatch: This says 50% is done, but 3 of the 4 tasks of the document are done: 75% (by their checkboxes, status fields and markers).
        "#]],
    );
}

const STORY_WITH_A_PHASE: &str = "\
# Tasks

## Phase 1: Foundational

- [ ] T001 Shared schema
- [ ] T002 [US1] Seed data for the board

## Phase 2: User Story 1 - Board (Priority: P1)

- [ ] T003 [US1] Board model
- [ ] T004 [US1] Board view

## Summary

- User Story 1 (P1): 2 tasks (with T002 in Foundational)
- Foundational: 3 tasks
";

#[test]
fn a_story_with_a_phase_of_its_own_is_counted_in_that_phase() {
    check(
        STORY_WITH_A_PHASE,
        expect![[r#"
            16: summary-mismatch: This says 3 tasks, but phase 1 has 2 (every task heading and task item, without restatements).
        "#]],
    );
}

/// A phase's overview, before the document's first task, states that phase's figures; the
/// document's own header states the document's.
const PHASE_OVERVIEW_FIRST: &str = "\
# Todo: all phases

**Total Duration:** 4 hours

## PHASE I: Console

### Phase I Overview

**Total Duration:** 1 hour
**Tasks:** 2

### Task I-1.1: Model
**Estimate**: 30 minutes

### Task I-1.2: Storage
**Estimate**: 30 minutes

### Task I-1.3: Menu
**Estimate**: 60 minutes

## PHASE II: Web

### Task II-1.1: Schema
**Estimate**: 2 hours
";

#[test]
fn a_phase_overview_before_the_first_task_speaks_for_its_phase() {
    check(
        PHASE_OVERVIEW_FIRST,
        expect![[r#"
            9: duration-mismatch: This says 1h, but the estimates of the 3 tasks of phase I add up to 2h.
            10: summary-mismatch: This says 2 tasks, but phase I has 3 (every task heading and task item, without restatements).
        "#]],
    );
}

const TEAM: &str = "\
# Plan

### Team Assignment

| Team Member | Primary Responsibilities | Tasks |
|-------------|--------------------------|-------|
| Ana (backend) | API | 1.1, 1.2 |
| Bo (frontend) | UI | 1.3, 1.4 |
| Chidi (platform) | Rollout | 1.5 |

### Task 1.1: Schema
**Assigned To**: Ana

### Task 1.2: Endpoints
**Assigned To**: Bo

### Task 1.3: Form
**Assigned To**: Bo Smith

### Task 1.4: Styles
**Assigned To**: Dana

### Task 1.5: Rollout
**Assigned To**: [Name]
";

#[test]
fn a_team_assignment_table_against_each_tasks_assignee() {
    check(
        TEAM,
        expect![[r#"
            7: assignment-mismatch: The team assignment lists Task 1.2 under Ana (backend), but its assignee field says Bo: Bo (frontend) in this table.
        "#]],
    );
}

const DATES_AND_NEXT_TASK: &str = "\
# Tracking

**Last Updated**: January 15, 2025

### Task 1.1: Login ✅
**Completed**: January 20, 2025

### Task 1.2: Signup ✅
**Target**: complete by March 1, 2025

### Task 1.3: Reset
**Status**: Pending

## Progress

- **Next task**: 1.2 - Signup
- **Next task after that**: 1.3
- **Letzte Aktualisierung:** 2025-01-20
";

#[test]
fn a_stale_last_updated_date_and_a_next_task_already_done() {
    check(
        DATES_AND_NEXT_TASK,
        expect![[r#"
            3: status-mismatch: This says the document was last updated on 2025-01-15, but it records work done on 2025-01-20, later.
            16: status-mismatch: This names Task 1.2 as the next task, but it is already done (by its checkbox, status field or marker).
        "#]],
    );
}

const FLOWCHART: &str = "\
# Plan

```mermaid
graph TD
    T1[Task 1.1: Schema] --> T2[Task 1.2: API]
    T2 -->|then| T3[Task 1.3: UI]
    T1 & T2 --> T4[\"Task 1.4: Docs\"]
    T3 -.-> T5[Task 1.5: Release]
    style T1 fill:#f9f
```

### Task 1.1: Schema
**Dependencies**: None

### Task 1.2: API
**Dependencies**: Task 1.1

### Task 1.3: UI
**Dependencies**: Task 1.1

### Task 1.4: Docs
**Dependencies**: Task 1.2

### Task 1.5: Release
";

#[test]
fn a_mermaid_flowchart_against_the_dependency_fields() {
    check(
        FLOWCHART,
        expect![[r#"
            6: graph-mismatch: This drawing puts 1.3 after 1.2, but nothing the document writes does: 1.3 depends on 1.1.
        "#]],
    );
}

const DEFINITION_OF_DONE: &str = "\
# Plan

### Task 1.1: Install fyne-cli
**Status**: Not started

### Task 1.2: Onboarding Wizard ✅

### Task 1.3: Search command
- [ ] Searches history

### Task 1.4: Build create-dmg.sh

### Task 1.5: Sign create-dmg.sh output

## Definition of Done

- [x] fyne-cli is installed
- [x] The onboarding wizard runs
- [x] Search command returns results
- [x] create-dmg.sh builds a DMG
- [ ] Search is fast
";

#[test]
fn a_ticked_criterion_that_names_an_open_task() {
    check(
        DEFINITION_OF_DONE,
        expect![[r#"
            17: status-mismatch: This is ticked, but Task 1.1 (“Install fyne-cli”), which it names, is open.
            19: status-mismatch: This is ticked, but Task 1.3 (“Search command”), which it names, is open.
        "#]],
    );
}

const LEGEND_TWICE: &str = r#"# Plan

- [x] 1. Deploy the stack
  - **Note**: Not started - blocks Tasks 2, 3
- [x] 2. Integration test
  - **Status**: ✅ Complete - test passed
  - _Depends on: 1_
- [x] 3. Load test
  - _Depends on: 4_
- [x] 4. Seed data
  - **Status**: ✅ Complete
"#;

#[test]
fn a_task_complete_by_its_note_while_its_dependency_is_open_by_its_own() {
    check(
        LEGEND_TWICE,
        expect![[r#"
            4: status-mismatch: Task 1 is ticked as done, but its note says otherwise: "Not started - blocks Tasks 2, 3".
            6: done-before-dependency: This says task 2 is complete, but it depends on 1, which its note says not done.
        "#]],
    );
}

const FORMAT_VALIDATION: &str = r#"# Tasks

## Phase 1: Setup

- [ ] T001 Create the project structure in src/app/
- [ ] T002 [P] Add NuGet packages: EF Core, Azure.Identity
- [ ] T003 [P] Configure `.env.local`

## Phase 2: User Story 1 - Browse (Priority: P1)

- [ ] T004 [US1] Create PATCH /api/tasks/[id]/route.ts
- [ ] T005 [US1] Filter rides in GET /api/rides
- [ ] T006 Add the Dockerfile

**Format Validation**: All tasks follow checklist format with [ID], [P] (if parallel), [Story] (if user story), and file paths
"#;

#[test]
fn a_format_statement_that_some_tasks_do_not_follow() {
    check(
        FORMAT_VALIDATION,
        expect![[r#"
            15: format-mismatch: This says every task names the file it changes, but 2 of the 6 tasks name no file (a path holds a `/` or a file's extension): T002, T005.
            15: format-mismatch: This says every task of a user story carries the story's label, but 1 of the 6 tasks sits in a user story's phase without the story's label: T006.
        "#]],
    );
}

const PRIORITY_LABELS: &str = r#"# Plan

### Task 1.1: Tune the database
**Priority**: High

### Task 1.2: Pool connections
**Priority**: High

### Task 3.1: Health check
**Priority**: Medium

### Task 3.2: Network settings
**Priority**: Low

## Priority Labels

- `P1-High`: Important
- `P3-Low`: Future enhancement

**Recommended Labels**:
- Tasks 1.1, 1.2 → `P1-High`
- Tasks 3.1, 3.2 → `P3-Low`
- Critical Path: Task 1.1 → Task 1.2
- **Low**: 3.2
"#;

#[test]
fn a_priority_list_against_the_priority_fields() {
    check(
        PRIORITY_LABELS,
        expect![[r#"
            22: assignment-mismatch: This gives Task 3.1 the priority P3-Low, but its priority field says Medium.
        "#]],
    );
}

const STATUS_TABLE: &str = r#"# Tasks

## Phase 1: Setup

- [x] T001 Create the project in src/
- [x] T002 Add the linter config in .eslintrc

## Phase 2: Foundation

- [x] T003 Write the schema in db/schema.sql
- [ ] T004 Seed the data in db/seed.sql

## Phase 3: Polish

- [ ] T005 Tidy the README.md

## Progress

| Phase              | Tasks | Status      |
| ------------------ | ----- | ----------- |
| Phase 1: Setup     | 2     | Not started |
| Phase 2: Foundation| 2     | ✅ Complete |
| Phase 3: Polish    | 1     | Not started |

**Days per phase**:
1. Phase 1 (Setup): 1 day - done
2. Phase 2 (Foundation): 2 days - done
3. Phase 3 (Polish): depends on all other phases being complete
"#;

#[test]
fn a_status_table_against_the_tasks_of_its_rows() {
    check(
        STATUS_TABLE,
        expect![[r#"
            21: status-mismatch: This says Phase 1: Setup is not started, but all 2 of its tasks are done: T001 and T002.
            22: status-mismatch: This says Phase 2: Foundation is complete, but 1 of its 2 tasks is open: T004.
            27: status-mismatch: This says phase 2 is complete, but 1 of its tasks is open: T004.
        "#]],
    );
}

const ORDER_AND_PHASES: &str = r#"# Backlog

The default order is intentional: complete a task only after its listed dependencies are complete.

## Phase 1: Base

### Task 1.1: Scaffold
**Dependencies**: None

## Phase 2: Styles

### Task 2.1: Tokens
**Dependencies**: Task 1.1

### Task 2.2: Themes
**Dependencies**: Task 3.1

## Phase 3: Booleans

### Task 3.1: Union
**Dependencies**: Phase 2 complete

## Phase 4: Layout

### Task 4.1: Auto layout
**Dependencies**: Task 1.1

## Notes

- **Base (Phase 1)**: the base of all other phases
- **Booleans (Phase 3)**: independent, can run in parallel with other phases
- **Layout (Phase 4)**: independent, can run in parallel with other phases
"#;

#[test]
fn an_order_statement_and_a_phase_beside_the_others() {
    check(
        ORDER_AND_PHASES,
        expect![[r#"
            3: graph-mismatch: This says the document's order follows the dependencies, but 1 dependency points forward, to a task written later: 2.2 waits for 3.1.
            16: phase-order: Task 2.2 in Phase 2 depends on Task 3.1, which is in the later Phase 3. Move one of them, or drop the dependency.
            31: parallel-conflict: This says phase 3 can run in parallel with the other phases, but it waits for phase 2 (3.1 depends on 2.1), and phase 2 waits for it (2.2 depends on 3.1).
        "#]],
    );
}

const CHECKPOINTS: &str = r#"# Plan

### Phase 1: Foundation

#### Task 1: Project Setup

#### Task 2: Database Schema

### Phase 1 Checkpoint: Foundation
- [ ] Database Schema migrated
- [ ] Uninstall Command removes the hooks

### Phase 2: Launch

#### Task 3: Uninstall Command
"#;

#[test]
fn a_checkpoint_that_expects_a_task_of_a_later_phase() {
    check(
        CHECKPOINTS,
        expect![[r#"
            11: status-mismatch: This checkpoint of phase 1 expects Task 3 (“Uninstall Command”), but that task is in the later phase 2.
        "#]],
    );
}

const BLOCKERS: &str = r#"# Plan

## Critical Blockers

1. **Deployment (Task 1)** - blocks all integration testing
2. **Parameter Store (Task 2)** - backend uses hardcoded prompts

## Tasks

- [x] 1. Deploy the stack
  - **Status**: Not started
- [x] 2. Parameter Store
  - **Status**: ✅ Completed
"#;

#[test]
fn a_blocker_list_that_names_a_done_task() {
    check(
        BLOCKERS,
        expect![[r#"
            6: status-mismatch: This lists Task 2 as a blocker, but it is done, and no note of it says otherwise.
            11: status-mismatch: Task 1 is ticked as done, but its note says otherwise: "Not started".
        "#]],
    );
}

const SPRINT_PLAN: &str = r#"# Plan

### Task 1.1: Migrate the panel
### Task 1.2: Migrate the charts
### Task 1.3: Rename the registry
### Task 2.1: Cache predictions
### Task 2.2: Run predictions
- [x] 2.2.1 Runner
### Task 3.1: Notify

## Prioritisation

### Sprint 1 (Week 1)
- Task 1.1: Migrate the panel
- Task 1.2: Migrate the charts

### Sprint 2 (Week 2)
- Task 2.1 and 2.2.1
- Task 3.1
"#;

#[test]
fn a_sprint_plan_that_leaves_out_an_open_task() {
    check(
        SPRINT_PLAN,
        expect![[r#"
            13: summary-mismatch: This plan's 2 groups schedule 5 of the 6 open tasks, but leave out Task 1.3 (Task 1.3 would come after Task 1.2, in this group).
        "#]],
    );
}

/// A plan that schedules few tasks on purpose is silent, unless a task it schedules needs an
/// open task it leaves out. A line that lists what a group waits for schedules nothing.
const WAVES: &str = r#"# Master plan

## Phase 1: Base (Week 1)

### TASK-001: Data model
**Status:** ✅ Done
### TASK-002: Routing
### TASK-003: Search index
### TASK-004: Catalogue
**Dependencies:** TASK-001
### TASK-005: Checkout
**Dependencies:** TASK-003
### TASK-006: Launch
**Dependencies:** TASK-004

## Waves

### Wave A (Commerce)
- **Tasks:** TASK-004
- **Blocker/Dependencies:** TASK-002 routing

### Wave B (Launch)
- **Tasks:** TASK-005, TASK-006
"#;

#[test]
fn a_plan_that_schedules_a_task_whose_dependency_it_leaves_out() {
    check(
        WAVES,
        expect![[r#"
            23: summary-mismatch: The plan schedules Task TASK-005 here, which depends on Task TASK-003: open, and in no group of the plan. Schedule it before, or say why it is not needed.
        "#]],
    );
}

/// Phases whose headings name their weeks are the document's structure, not a plan: the
/// section that lists parallel tasks per phase schedules nothing.
const PHASES_BY_WEEK: &str = r#"# Project

## Phase 1 : Cadrage (Semaines 1-3)
### Task 1.1 - Scope
### Task 1.2 - Budget
**Dépendances** : Task 1.1

## Phase 2 : Conception (Semaines 4-7)
### Task 2.1 - Architecture
**Dépendances** : Task 1.2
### Task 2.2 - Risks
**Dépendances** : Task 1.2

## Parallel work
- 2.1 (Architecture) + 2.2 (Risks)
"#;

#[test]
fn phases_that_name_their_weeks_are_no_plan() {
    check(PHASES_BY_WEEK, expect![[""]]);
}

/// A parent checkbox against its sub-tasks: open while its required sub-tasks are done (a
/// note, as optional ones may stay open), ticked while one is open (a warning).
const PARENTS: &str = r#"# Implementation plan

- [ ] 1. Database
  - [x] 1.1 Schema
  - [x] 1.2 Models
  - [ ]* 1.3 Property tests
- [x] 2. Authentication
  - [x] 2.1 Provider
  - [ ] 2.2 Callback
- [ ] 3. Views
  - [x] 3.1 List
  - [ ] 3.2 Detail
"#;

#[test]
fn a_parent_checkbox_that_its_sub_tasks_contradict() {
    check(
        PARENTS,
        expect![[r#"
            3: status-mismatch: Task 1 is open, but its required sub-tasks 1.1 and 1.2 are done (1.3 is optional): tick it, unless work the sub-tasks leave out remains.
            7: status-mismatch: Task 2 is ticked, but its sub-task 2.2 is open: untick it until it is done.
        "#]],
    );
}

/// A blocks list that leaves out a task whose own field waits for the task; a complete one,
/// and `None` where nothing waits, stay silent.
const BLOCKS: &str = r#"# Stories

## Story #1: Types
**Dependencies**: None
**Blocks**: Story #2

## Story #2: Store
**Dependencies**: Story #1
**Blocks**: Story #3

## Story #3: Sweep
**Dependencies**: Story #1, Story #2
**Blocks**: None

## Story #4: Audit
**Dependencies**: Story #1
"#;

#[test]
fn a_blocks_list_that_leaves_out_a_task_waiting_for_it() {
    check(
        BLOCKS,
        expect![[r#"
            5: graph-mismatch: This says Task 1 blocks Task 2, but Task 3 and Task 4 depend on it too, by their own sections: add them here, or take the dependency out of theirs.
        "#]],
    );
}

/// A task said, in brackets, to block the others, against the tasks that do not wait for it;
/// a title whose own words say it (`the crash that blocks everything`) is no such claim.
const BLOCKS_THE_OTHERS: &str = r#"# Tasks

### T0 — Git setup (do first, blocks the others)
### T1 — Layout
**Dependencies**: T0
### T2 — Filters
**Dependencies**: T1
### T3 — Data files
**Dependencies**: None

### T4 — Launcher (blocks all other tasks)
**Dependencies**: T3

### T5 — Fix the crash that blocks everything
**Dependencies**: T4
"#;

#[test]
fn a_task_said_to_block_the_others() {
    check(
        BLOCKS_THE_OTHERS,
        expect![[r#"
            3: graph-mismatch: This says T0 blocks the other tasks, but T3, T4 and T5 do not wait for it, directly or through others: add the dependency, or take the statement back.
            11: graph-mismatch: This says T4 blocks the other tasks, but T0, T1, T2 and T3 do not wait for it, directly or through others: add the dependency, or take the statement back.
        "#]],
    );
}

const GATES_AND_FIRST_TASKS: &str = r#"# Backlog

- [x] **OPS-001 — Compose file.**
- [ ] **OPS-002 — Health checks.**
  **Depends on:** OPS-001.
- [ ] **OPS-003 — Backups.**
- [ ] **OPS-004 — Fleet.**
- [ ] **GOV-001 — Policy.**
  **Depends on:** GOV-002.
- [ ] **GOV-002 — Review.**

## Milestone Completion Gates

### M1 — Beta

- OPS-001 through OPS-002 are complete.

### M2 — General Availability

- OPS-001 through OPS-003 are complete.
- GOV-001 is complete.

## Suggested First Tasks

1. OPS-002 — Health checks.
2. OPS-001 — Compose file.
3. GOV-001 — Policy.
"#;

#[test]
fn a_gate_range_that_stops_short_and_a_sequence_that_cannot_be_followed() {
    check(
        GATES_AND_FIRST_TASKS,
        expect![[r#"
            20: summary-mismatch: This range ends at OPS-003, but OPS-004 comes after it in the document, and no line of this section names it or needs it.
            23: graph-mismatch: This sequence of 3 tasks cannot be followed as written: OPS-002 (step 1) depends on OPS-001, step 2; GOV-001 (step 3) depends on GOV-002, which it leaves out.
        "#]],
    );
}

const LEGEND_AND_GATES: &str = r#"# Backlog

## Legend

- **DONE**: Task completed and verified (marked with `[x]`)
- **TODO**: Task not started (marked with `[ ]`)

## Tasks

- [x] **DB-001 — Schema.**
  **Status**: Not started
- [ ] **DB-002 — Fleet.**
  **Depends on:** JOB-001.
- [ ] **JOB-001 — Queue.**

## Milestone Completion Gates

### M0 — Foundation

- DB-001 through DB-002 pass.

### M1 — Beta

- JOB-001 is complete.
"#;

#[test]
fn a_legend_the_notes_contradict_and_a_gate_that_needs_a_later_one() {
    check(
        LEGEND_AND_GATES,
        expect![[r#"
            5: status-mismatch: This legend says [x] marks a done task, but 1 ticked task's note says it is not done: DB-001.
            11: status-mismatch: Task DB-001 is ticked as done, but its note says otherwise: "Not started".
            20: phase-order: This gate (M0 — Foundation) needs DB-002, which depends on JOB-001, a task of the later gate M1 — Beta: it cannot close before that one.
        "#]],
    );
}

const TESTS_FIRST: &str = "\
# Tasks: Reader

**Tests**: Tests MUST be written and FAIL before implementation.

## Phase 1: User Story 1 - Read (Priority: P1)

### Tests for User Story 1

- [ ] T001 [P] [US1] Test reading in tests/read.spec.ts
- [ ] T002 [P] [US1] Test an empty feed in tests/empty.spec.ts

### Implementation for User Story 1

- [ ] T003 [US1] Read the feed in src/read.ts
- [x] T004 [US1] Show the feed in src/view.ts

## Phase 2: User Story 2 - Share (Priority: P2)

### Tests for User Story 2

- [x] T005 [P] [US2] Test sharing in tests/share.spec.ts
- [ ] T006 [US2] End-to-end test of sharing in tests/e2e/share.spec.ts

### Implementation for User Story 2

- [x] T007 [US2] Share the feed in src/share.ts

## Phase 3: User Story 3 - Print (Priority: P3)

### Implementation for User Story 3

- [x] T008 [US3] Print the feed in src/print.ts

### Tests for User Story 3

- [ ] T009 [US3] Test printing in tests/print.spec.ts
";

#[test]
fn implementation_done_before_any_of_its_tests_breaks_a_tests_first_rule() {
    // Phase 2 wrote a test first and left the end-to-end one open; phase 3 puts its tests
    // after the implementation, which the rule does not order.
    check(
        TESTS_FIRST,
        expect![[r#"
        15: done-before-dependency: Task T004 is done while every test of phase 1 is open (T001 and T002), and this document says tests come first (line 3).
    "#]],
    );
}

#[test]
fn a_suggestion_to_write_tests_first_is_no_rule() {
    let suggested = TESTS_FIRST.replace(
        "Tests MUST be written and FAIL before implementation.",
        "TDD is recommended: write tests before implementation where it helps.",
    );
    check(&suggested, expect![[r#""#]]);
}
