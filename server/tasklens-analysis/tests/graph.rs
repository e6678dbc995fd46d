//! The dependency graph, its checks and the schedule: a fixture for every graph code, and
//! property tests of the schedule on random graphs.

use std::sync::Arc;

use expect_test::{Expect, expect};
use proptest::prelude::*;
use tasklens_analysis::fixture::{annotate, parse};
use tasklens_analysis::generate::Adversarial;
use tasklens_analysis::plan::PathFinder;
use tasklens_analysis::reach::redundant_dependencies;
use tasklens_analysis::{Analysis, Code, Config, Plan, analyze, diagnostics, diagnostics_with_plan, limits};

fn check(fixture: &str, expect: Expect) {
    check_with(Config::default(), fixture, expect);
}

fn check_with(config: Config, fixture: &str, expect: Expect) {
    let fixture = parse(fixture);
    let analysis = analyze(&fixture.text, Arc::new(config));
    let annotations: Vec<_> = diagnostics(&analysis)
        .into_iter()
        .map(|d| {
            let related: Vec<String> = d.related.iter().map(|r| r.message.clone()).collect();
            let related = if related.is_empty() {
                String::new()
            } else {
                format!(" [{}]", related.join("; "))
            };
            (d.range, format!("{}: {}{related}", d.code.as_str(), d.message))
        })
        .collect();
    expect.assert_eq(&annotate(&fixture.text, &annotations));
}

#[test]
fn dependency_cycle_reports_every_edge_with_the_whole_cycle() {
    check(
        "#### Task 1.1: A\n**Dependencies**: Task 1.3\n#### Task 1.2: B\n**Dependencies**: Task 1.1\n#### Task 1.3: C\n**Dependencies**: Task 1.2\n#### Task 1.4: D\n**Dependencies**: Task 1.3\n",
        expect![[r#"
            #### Task 1.1: A
            **Dependencies**: Task 1.3
                              ^^^^^^^^ dependency-cycle: Task 1.1 depends on 1.3, which leads back to it: 1.1 → 1.3 → 1.2 → 1.1 (each arrow reads “depends on”). None of these tasks can ever start; remove one of the dependencies. [1.1 depends on 1.3; 1.3 depends on 1.2; 1.2 depends on 1.1]
            #### Task 1.2: B
            **Dependencies**: Task 1.1
                              ^^^^^^^^ dependency-cycle: Task 1.2 depends on 1.1, which leads back to it: 1.2 → 1.1 → 1.3 → 1.2 (each arrow reads “depends on”). None of these tasks can ever start; remove one of the dependencies. [1.2 depends on 1.1; 1.1 depends on 1.3; 1.3 depends on 1.2]
            #### Task 1.3: C
            **Dependencies**: Task 1.2
                              ^^^^^^^^ dependency-cycle: Task 1.3 depends on 1.2, which leads back to it: 1.3 → 1.2 → 1.1 → 1.3 (each arrow reads “depends on”). None of these tasks can ever start; remove one of the dependencies. [1.3 depends on 1.2; 1.2 depends on 1.1; 1.1 depends on 1.3]
            #### Task 1.4: D
            **Dependencies**: Task 1.3
        "#]],
    );
}

#[test]
fn unknown_and_self_dependencies() {
    check(
        "#### Task 1.1: A\n**Dependencies**: Task 1.1\n#### Task 1.2: B\n**Dependencies**: Task 1.3, Tsak 1.1\n",
        expect![[r#"
            #### Task 1.1: A
            **Dependencies**: Task 1.1
                              ^^^^^^^^ self-dependency: Task 1.1 depends on itself; remove this dependency.
            #### Task 1.2: B
            **Dependencies**: Task 1.3, Tsak 1.1
                                   ^^^ unknown-dependency: No task has the ID `1.3`, so this dependency adds no edge. Did you mean `1.1`?
                                        ^^^^^^^^ unresolved-reference: `Tsak 1.1` is not a dependency tasklens can read, so it adds no edge; if it means Task 1.1, write `Task 1.1`.
        "#]],
    );
}

#[test]
fn phase_order_and_id_phase_mismatch() {
    check(
        "## Phase 1: A\n#### Task 1.1: A\n**Dependencies**: Task 2.1\n#### Task 1.2: B\n**Dependencies**: None\n#### Task 2.2: Misplaced\n**Dependencies**: None\n## Phase 2: B\n#### Task 2.1: C\n**Dependencies**: None\n",
        expect![[r#"
            ## Phase 1: A
            #### Task 1.1: A
            **Dependencies**: Task 2.1
                              ^^^^^^^^ phase-order: Task 1.1 in Phase 1 depends on Task 2.1, which is in the later Phase 2. Move one of them, or drop the dependency.
            #### Task 1.2: B
            **Dependencies**: None
            #### Task 2.2: Misplaced
                      ^^^ id-phase-mismatch: Task 2.2 is numbered for Phase 2 but sits under Phase 1. Renumber it or move it to Phase 2.
            **Dependencies**: None
            ## Phase 2: B
            #### Task 2.1: C
            **Dependencies**: None
        "#]],
    );
}

#[test]
fn redundant_dependency() {
    // Off by default (many teams list every direct input); reported once a user turns it on.
    let on = Config {
        severities: vec![(Code::RedundantDependency, Some(tasklens_analysis::Severity::Hint))],
        ..Config::default()
    };
    check_with(
        on,
        "#### Task 1: A\n**Dependencies**: None\n#### Task 2: B\n**Dependencies**: Task 1\n#### Task 3: C\n**Dependencies**: Task 2\n#### Task 4: D\n**Dependencies**: Tasks 1, 3\n",
        expect![[r#"
            #### Task 1: A
            **Dependencies**: None
            #### Task 2: B
            **Dependencies**: Task 1
            #### Task 3: C
            **Dependencies**: Task 2
            #### Task 4: D
            **Dependencies**: Tasks 1, 3
                              ^^^^^^^ redundant-dependency: Task 4 already depends on 1 through 3: 1 → 2 → 3 → 4. This dependency can go.
        "#]],
    );
}

#[test]
fn done_before_dependency() {
    check(
        "#### Task 1: A\n**Status**: In progress\n**Dependencies**: None\n#### Task 2: B ✅\n**Dependencies**: Task 1\n#### Task 3: C\n**Dependencies**: Task 2\n- [x] all done\n",
        expect![[r#"
            #### Task 1: A
            **Status**: In progress
            **Dependencies**: None
            #### Task 2: B ✅
            **Dependencies**: Task 1
                              ^^^^^^ done-before-dependency: Task 2 is marked done, but Task 1, which it depends on, is not.
            #### Task 3: C
            **Dependencies**: Task 2
            - [x] all done
        "#]],
    );
}

#[test]
fn summary_and_critical_path_mismatches() {
    check(
        "| Metric | Value |\n|---|---|\n| **Total Tasks** | 4 |\n| **Parallelizable Tasks** | 2 |\n| **Critical Path Tasks** | 2 |\n| **Dependencies** | 3 |\n\n#### Task 1: A\n**Estimate**: 2h\n**Dependencies**: None\n#### Task 2: B\n**Estimate**: 1h\n**Dependencies**: Task 1\n#### Task 3: C\n**Estimate**: 4h\n**Dependencies**: Task 1\n\n### Critical Path\n\nTask 1 → Task 2\n",
        expect![[r#"
            | Metric | Value |
            |---|---|
            | **Total Tasks** | 4 |
                                ^ summary-mismatch: The summary says 4, but there are 3 tasks in this document.
            | **Parallelizable Tasks** | 2 |
            | **Critical Path Tasks** | 2 |
            | **Dependencies** | 3 |
                                 ^ summary-mismatch: The summary says 3, but there are 2 dependencies (task-to-task edges from dependency fields, with ranges and group forms expanded).

            #### Task 1: A
            **Estimate**: 2h
            **Dependencies**: None
            #### Task 2: B
            **Estimate**: 1h
            **Dependencies**: Task 1
            #### Task 3: C
            **Estimate**: 4h
            **Dependencies**: Task 1

            ### Critical Path

            Task 1 → Task 2
            ^^^^^^^^^^^^^^^ critical-path-mismatch: The computed critical path is 1 → 3 (6h); this line says 1 → 2.
        "#]],
    );
}

#[test]
fn parallel_conflict() {
    check(
        "#### Task 1.1: A\n**Dependencies**: None\n#### Task 1.2: B\n**Dependencies**: Task 1.1\n\n### Parallel Groups\n\n**Group A**:\n- Task 1.1 and Task 1.2 can proceed simultaneously\n",
        expect![[r#"
            #### Task 1.1: A
            **Dependencies**: None
            #### Task 1.2: B
            **Dependencies**: Task 1.1

            ### Parallel Groups

            **Group A**:
            - Task 1.1 and Task 1.2 can proceed simultaneously
                                ^^^ parallel-conflict: Tasks 1.1 and 1.2 are claimed to run in parallel, but 1.2 depends on 1.1: 1.1 → 1.2.
        "#]],
    );
}

#[test]
fn mixed_estimate_units() {
    check(
        "#### Task 1: A\n**Estimate**: 3 SP\n**Dependencies**: None\n#### Task 2: B\n**Estimate**: 2h\n**Dependencies**: None\n#### Task 3: C\n**Estimate**: 1 day\n**Dependencies**: None\n",
        expect![[r#"
            #### Task 1: A
            **Estimate**: 3 SP
                          ^^^^ mixed-estimate-units: This estimate is in story points, but 2 other tasks are estimated in durations; the two cannot be added, so the schedule counts this task as zero.
            **Dependencies**: None
            #### Task 2: B
            **Estimate**: 2h
            **Dependencies**: None
            #### Task 3: C
            **Estimate**: 1 day
            **Dependencies**: None
        "#]],
    );
}

#[test]
fn severities_are_configurable() {
    let text = "#### Task 1: A\n**Dependencies**: Task 1\n#### Task 2: B\n**Priority**: P9\n**Dependencies**: None\n";
    let mut config = Config::default();
    config
        .severities
        .push((Code::SelfDependency, Some(tasklens_analysis::Severity::Warning)));
    config.severities.push((Code::InvalidFieldValue, None));
    let found = diagnostics(&analyze(text, Arc::new(config)));
    let codes: Vec<_> = found.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(codes, [(Code::SelfDependency, tasklens_analysis::Severity::Warning)]);
}

/// A tasks.md with one task per node and the given edges (`(from, to)`: `to` depends on
/// `from`) and estimates.
fn document(estimates: &[u32], edges: &[(usize, usize)]) -> String {
    let mut incoming: Vec<Vec<String>> = vec![Vec::new(); estimates.len()];
    for &(from, to) in edges {
        incoming[to].push(format!("TASK-{from}"));
    }
    let mut text = String::new();
    for (task, hours) in estimates.iter().enumerate() {
        let deps = if incoming[task].is_empty() {
            "None".to_string()
        } else {
            incoming[task].join(", ")
        };
        text.push_str(&format!(
            "### TASK-{task}: Node {task}\n**Estimate**: {hours}h\n**Dependencies**: {deps}\n\n"
        ));
    }
    text
}

fn plan_of(text: &str) -> (Analysis, Plan) {
    let analysis = analyze(text, Arc::new(Config::default()));
    let plan = Plan::new(&analysis);
    (analysis, plan)
}

fn dag() -> impl Strategy<Value = (Vec<u32>, Vec<(usize, usize)>)> {
    (2..30usize).prop_flat_map(|n| {
        let estimates = proptest::collection::vec(0..20u32, n);
        let edges = proptest::collection::vec((0..n, 0..n), 0..n * 2)
            .prop_map(|pairs| pairs.into_iter().filter(|(a, b)| a < b).collect::<Vec<_>>());
        (estimates, edges)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn schedule_invariants_on_random_dags((estimates, edges) in dag()) {
        let (analysis, plan) = plan_of(&document(&estimates, &edges));
        prop_assert_eq!(analysis.tasks.len(), estimates.len());
        prop_assert!(plan.cycles.is_empty());
        let mut largest = 0.0f64;
        for (task, times) in plan.times.iter().enumerate() {
            let times = times.expect("a DAG schedules every task");
            prop_assert!(times.slack >= 0.0, "negative slack on {}", task);
            prop_assert!((times.ef - times.es - f64::from(estimates[task])).abs() < 1e-9);
            largest = largest.max(times.ef);
            for edge in plan.edges.iter().filter(|e| e.to == task) {
                let before = plan.times[edge.from].expect("scheduled");
                prop_assert!(times.es >= before.ef - 1e-9, "{} starts before {} ends", task, edge.from);
            }
        }
        prop_assert!((plan.duration - largest).abs() < 1e-9);
        for &task in &plan.critical_path {
            prop_assert_eq!(plan.times[task].expect("scheduled").slack, 0.0);
        }
        if let (Some(&first), Some(&last)) = (plan.critical_path.first(), plan.critical_path.last()) {
            prop_assert_eq!(plan.times[first].expect("scheduled").es, 0.0);
            prop_assert!((plan.times[last].expect("scheduled").ef - plan.duration).abs() < 1e-9);
        }
        // Every wave's tasks have all their dependencies in earlier waves.
        for (w, wave) in plan.waves.iter().enumerate() {
            for &task in wave {
                for edge in plan.edges.iter().filter(|e| e.to == task) {
                    prop_assert!(plan.wave_of[edge.from].expect("scheduled") < w);
                }
            }
        }
    }

    #[test]
    fn planted_cycles_are_reported_and_acyclic_edges_are_not(
        (estimates, edges) in dag(),
        planted in proptest::collection::vec((0..30usize, 2..6usize), 1..3),
    ) {
        let n = estimates.len();
        let mut edges = edges;
        let mut cycle_edges = Vec::new();
        for (start, len) in planted {
            let members: Vec<usize> = (0..len.min(n)).map(|k| (start + k * 7) % n).collect();
            let mut members = members;
            members.dedup();
            if members.len() < 2 { continue; }
            for k in 0..members.len() {
                let edge = (members[k], members[(k + 1) % members.len()]);
                if edge.0 != edge.1 {
                    edges.push(edge);
                    cycle_edges.push(edge);
                }
            }
        }
        let (analysis, plan) = plan_of(&document(&estimates, &edges));
        let found = diagnostics(&analysis);
        let reported: Vec<(usize, usize)> = plan.cycles.iter().map(|c| (plan.edges[c.edge].from, plan.edges[c.edge].to)).collect();
        for edge in &cycle_edges {
            prop_assert!(reported.contains(edge), "planted edge {:?} not reported", edge);
        }
        // An edge is reported only if it lies on a cycle: its target reaches its source.
        for &(from, to) in &reported {
            prop_assert!(reaches(&plan, to, from), "{} -> {} is on no cycle", from, to);
        }
        let cycle_diagnostics = found.iter().filter(|d| d.code == Code::DependencyCycle).count();
        prop_assert_eq!(cycle_diagnostics, reported.len());
        // Every reported cycle is elementary and closed.
        for cycle in &plan.cycles {
            let mut seen = std::collections::HashSet::new();
            for k in 0..cycle.len() {
                prop_assert!(seen.insert(cycle.task(k)), "a task repeats in a reported cycle");
                let (a, b) = (cycle.task(k), cycle.task(k + 1));
                prop_assert!(plan.edges.iter().any(|e| e.from == a && e.to == b), "{} -> {} is not an edge", a, b);
            }
        }
    }
}

/// Any directed graph on up to 40 tasks, cycles included.
fn graph() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (2..40usize).prop_flat_map(|n| {
        let edges = proptest::collection::vec((0..n, 0..n), 0..n * 3)
            .prop_map(|pairs| pairs.into_iter().filter(|(a, b)| a != b).collect::<Vec<_>>());
        (Just(n), edges)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The bitset reachability finds the redundant dependencies a search per pair of
    /// dependencies finds.
    #[test]
    fn redundant_dependencies_in_bitsets_match_a_search_per_pair((n, edges) in graph()) {
        let (analysis, plan) = plan_of(&document(&vec![1; n], &edges));
        let mut finder = PathFinder::new(&plan);
        let mut expected = Vec::new();
        for (task, dependencies) in analysis.dependencies.iter().enumerate() {
            if dependencies.len() < 2 || plan.on_cycle[task] {
                continue;
            }
            for (index, dependency) in dependencies.iter().enumerate() {
                if !dependency.direct || dependency.target == task {
                    continue;
                }
                let implied = dependencies
                    .iter()
                    .filter(|other| other.target != dependency.target && other.target != task)
                    .any(|other| finder.path(dependency.target, other.target).is_some());
                if implied {
                    expected.push((task, index));
                }
            }
        }
        expected.sort_by_key(|&(task, index)| (analysis.dependencies[task][index].range.start, task, index));
        let count = expected.len();
        prop_assert_eq!(redundant_dependencies(&analysis, &plan, usize::MAX), (expected.clone(), count));
        expected.truncate(3);
        prop_assert_eq!(redundant_dependencies(&analysis, &plan, 3), (expected, count));
    }
}

/// A thousand tasks each depending on every earlier one: half a million redundant
/// dependencies, found in bitsets, listed a hundred at a time with one summary.
#[test]
fn a_dense_graph_gets_a_hundred_findings_and_a_count() {
    let text = Adversarial::DependsOnAllEarlier.document(300);
    let on = Config {
        severities: vec![(Code::RedundantDependency, Some(tasklens_analysis::Severity::Hint))],
        ..Config::default()
    };
    let analysis = analyze(&text, Arc::new(on));
    let plan = Plan::new(&analysis);
    let (_, all) = redundant_dependencies(&analysis, &plan, 0);
    // Task k depends on 1..k-1, all but k-1 of them implied by k-1: (k - 2) for k = 3..300.
    assert_eq!(all, (1..=298).sum::<usize>());
    let found: Vec<_> = diagnostics_with_plan(&analysis, &plan)
        .into_iter()
        .filter(|d| d.code == Code::RedundantDependency)
        .collect();
    assert_eq!(found.len(), limits::FINDINGS_PER_CODE + 1);
    assert_eq!(found.iter().map(limits::stands_for).sum::<usize>(), all);
    assert!(
        found[0].message.starts_with("Task 3 already depends on 1 through 2"),
        "{}",
        found[0].message
    );
}

fn reaches(plan: &Plan, from: usize, to: usize) -> bool {
    let mut stack = vec![from];
    let mut seen = vec![false; plan.on_cycle.len()];
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        for &edge in &plan.succs[node] {
            let next = plan.edges[edge].to;
            if !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    false
}

#[test]
fn a_chain_and_a_cycle_of_ten_thousand_tasks_do_not_overflow_the_stack() {
    let n = 10_000;
    let chain: Vec<(usize, usize)> = (1..n).map(|k| (k - 1, k)).collect();
    let (_, plan) = plan_of(&document(&vec![1; n], &chain));
    assert_eq!(plan.critical_path.len(), n);
    assert_eq!(plan.duration, n as f64);
    let mut cycle = chain;
    cycle.push((n - 1, 0));
    let (analysis, plan) = plan_of(&document(&vec![1; n], &cycle));
    assert_eq!(plan.cycles.len(), n, "every edge of the cycle is reported");
    assert_eq!(plan.left_out.len(), n);
    let found = diagnostics(&analysis);
    let first = found
        .iter()
        .find(|d| d.code == Code::DependencyCycle)
        .expect("a cycle diagnostic");
    assert!(
        first.message.contains("more"),
        "a long cycle is elided: {}",
        first.message
    );
    assert!(first.related.len() <= 12);
}

/// A group form names the tasks that references to their IDs reach: a duplicate ID's later
/// task is left out, so that a document pasted into itself does not square its edges.
#[test]
fn group_forms_leave_out_tasks_whose_id_an_earlier_task_has() {
    let text = "## Phase 1: A\n\n#### Task 1.1: One\n**Dependencies**: None\n\n#### Task 1.2: Two\n**Dependencies**: None\n\n\
                #### Task 1.1: Again\n**Dependencies**: None\n\n## Phase 2: B\n\n#### Task 2.1: Wildcard\n**Dependencies**: Task 1.x\n\n\
                #### Task 2.2: Phase\n**Dependencies**: Phase 1 complete\n\n#### Task 2.3: Previous\n**Dependencies**: All previous phases\n\n\
                #### Task 2.4: Range\n**Dependencies**: Tasks 1.1-2.1\n";
    let analysis = analyze(text, Arc::new(Config::default()));
    let ids = |title: &str| {
        let task = analysis.tasks.iter().position(|t| t.title == title).expect(title);
        analysis.dependency_ids(task)
    };
    for title in ["Wildcard", "Phase", "Previous"] {
        assert_eq!(ids(title), ["1.1", "1.2"], "{title}");
    }
    assert_eq!(ids("Range"), ["1.1", "1.2", "2.1"]);
}

/// The redundant-dependency check's strongly connected components are found without
/// recursion: a chain of ten thousand tasks whose last also depends on the first.
#[test]
fn redundant_dependencies_at_the_end_of_a_chain_of_ten_thousand_tasks() {
    let n = 10_000;
    let mut edges: Vec<(usize, usize)> = (1..n).map(|k| (k - 1, k)).collect();
    edges.push((0, n - 1));
    let (analysis, plan) = plan_of(&document(&vec![1; n], &edges));
    let (found, count) = redundant_dependencies(&analysis, &plan, 10);
    assert_eq!(count, 1);
    assert_eq!(analysis.dependencies[found[0].0][found[0].1].target, 0);
}
