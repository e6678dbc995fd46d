//! The checks that need the dependency graph or the schedule: cycles, self-dependencies,
//! phase order, ID/phase mismatches, redundant dependencies, done-before-dependency, the
//! summary table, the declared critical path, parallel claims and mixed estimate units.

use std::ops::Range;

use crate::analysis::{Analysis, SummaryMetric};
use crate::codes::{Code, Severity};
use crate::finding::{Diagnostic, Related, join_first};
use crate::items::Item;
use crate::plan::{CYCLE_DISPLAY_LIMIT, EdgeKind, Milestone, PathFinder, Plan};

/// How many related locations a cycle diagnostic lists at most.
const RELATED_LIMIT: usize = 12;

/// Runs the graph checks.
pub fn run(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let config = analysis.model.document().config();
    cycles(analysis, plan, out);
    phase_order(analysis, plan, out);
    // The costliest check, and off by default: not run unless its findings are wanted.
    if config.enabled(Code::RedundantDependency) {
        redundant(analysis, plan, out);
    }
    done_before(analysis, plan, out);
    phase_done_before(analysis, out);
    summary(analysis, plan, |_| true, out);
    critical_path(analysis, plan, out);
    parallel(analysis, plan, out);
    parallel_markers(analysis, plan, out);
    declared_waves(analysis, plan, out);
    repeated_tasks(analysis, out);
}

/// The same checklist line written twice with a different status: one of the two is stale.
/// (Written twice with the same status, the second is only a restatement.)
fn repeated_tasks(analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    for (restatement, target) in analysis.model.restatements.iter().zip(&analysis.restated) {
        let Some(target) = *target else { continue };
        if !restatement.repeat {
            continue;
        }
        let task = &analysis.tasks[target];
        let (Some(here), Some(there)) = (restatement.checked, task.checked) else {
            continue;
        };
        if here == there {
            continue;
        }
        let (base, item) = analysis.model.item(restatement.pos);
        let Item::ListTask(list_task) = item else { continue };
        let range = list_task.heading.id.start + base..list_task.heading.id.end + base;
        let state = |done: bool| if done { "done" } else { "open" };
        let mut diagnostic = Diagnostic::new(
            Code::RepeatedTask,
            range,
            format!(
                "Task {} is written twice, {} here and {} where it is first written; keep one line, with the status that is true.",
                task.id,
                state(here),
                state(there)
            ),
        );
        diagnostic.related.push(Related {
            range: task.id_range.clone(),
            message: format!("first written here, {}", state(there)),
        });
        out.push(diagnostic);
    }
}

/// Compares the waves a document declares with the computed ones (wave numbers count from 1
/// in messages).
fn declared_waves(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let Some(declared) = &analysis.declared_waves else {
        return;
    };
    if declared.unreadable {
        let start = declared.block.start;
        let rope = analysis.model.document().rope();
        let first_line = rope.line(rope.byte_to_line(start.min(rope.len_bytes()))).len_bytes();
        out.push(Diagnostic::with_severity(
            Code::WaveMismatch,
            Severity::Info,
            start..(start + first_line).min(declared.block.end),
            "This block declares waves in a shape tasklens cannot read, so they are not checked. \
             tasklens reads `{\"waves\": [[\"1\", \"2\"], [\"3\"]]}` and `{\"waves\": [{\"id\": 0, \"tasks\": [\"1\", \"2\"]}]}`."
                .to_string(),
        ));
        return;
    }
    for (wave, ids) in declared.waves.iter().enumerate() {
        for (written, range) in ids {
            let Some(task) = analysis.task_by_id(written) else {
                out.push(Diagnostic::new(
                    Code::UnresolvedReference,
                    range.clone(),
                    format!("The declared waves name `{written}`, but no task has that ID."),
                ));
                continue;
            };
            match plan.wave_of[task] {
                Some(actual) if actual != wave => {
                    let why = plan.preds[task]
                        .iter()
                        .filter_map(|&e| plan.task_of(plan.edges[e].from))
                        .filter(|&from| plan.wave_of[from].map(|w| w + 1) == Some(actual))
                        .map(|from| id(analysis, from).to_string())
                        .next();
                    out.push(Diagnostic::new(
                        Code::WaveMismatch,
                        range.clone(),
                        format!(
                            "Task {written} is declared in wave {}, but its dependencies put it in wave {}{}.",
                            wave + 1,
                            actual + 1,
                            why.map(|w| format!(" (after {w})")).unwrap_or_default()
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
}

/// A task marked `[P]` or `(P)` claims it can run beside other tasks of its phase. Marked
/// tasks that follow each other form a group that runs side by side (`T023 [P]`, `T024 [P]`
/// after the tasks they wait for): the claim fails when a task depends, directly or through
/// others, on another task of its group; a marked task alone between unmarked ones claims to
/// run beside the rest of its phase, and fails when it depends on one of them.
fn parallel_markers(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut finder = PathFinder::stated(plan);
    let tasks = &analysis.tasks;
    for run in parallel_runs(tasks) {
        if tasks[run.start].phase.is_none() {
            continue;
        }
        let group: Vec<usize> = run.collect();
        for &task in &group {
            let found = if group.len() == 1 {
                // Alone, the marker claims the task runs beside some other task of its phase:
                // it fails only when every other one comes before or after it.
                nearest_in_phase(analysis, plan, task).filter(|_| !runs_beside_any(analysis, plan, task))
            } else {
                group
                    .iter()
                    .filter(|&&other| other != task)
                    .find_map(|&other| finder.path(other, task))
            };
            let Some(path) = found else { continue };
            let info = &tasks[task];
            let marker = info.heading.decorations.iter().find(|r| r.end - r.start == 3).cloned();
            let message = if group.len() == 1 {
                format!(
                    "Task {} is marked parallel, but every other task of its phase comes before or after it; it depends on {}: {}. Drop the marker or the dependency.",
                    info.id,
                    id(analysis, path[0]),
                    chain(analysis, &path)
                )
            } else {
                format!(
                    "Task {} is marked parallel, but it depends on {}, marked parallel beside it: {}. Drop the marker or the dependency.",
                    info.id,
                    id(analysis, path[0]),
                    chain(analysis, &path)
                )
            };
            out.push(Diagnostic::new(
                Code::ParallelConflict,
                marker.unwrap_or_else(|| info.id_range.clone()),
                message,
            ));
        }
    }
}

/// The runs of tasks marked `[P]` that follow each other in one phase under one parent, as
/// ranges of task indices: the groups the markers say run side by side.
pub(crate) fn parallel_runs(tasks: &[crate::model::TaskInfo]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < tasks.len() {
        if !tasks[start].parallel {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < tasks.len()
            && tasks[end].parallel
            && tasks[end].phase == tasks[start].phase
            && tasks[end].parent == tasks[start].parent
        {
            end += 1;
        }
        runs.push(start..end);
        start = end;
    }
    runs
}

/// The most tasks of one phase that [`runs_beside_any`] compares a task with; a bigger phase
/// is taken to hold one it runs beside.
const PHASE_COMPARISON_LIMIT: usize = 256;

/// True when some other task of `task`'s phase (not its parent or sub-task) neither depends
/// on it nor is depended on by it, through what the tasks state.
fn runs_beside_any(analysis: &Analysis, plan: &Plan, task: usize) -> bool {
    let Some(phase) = analysis.tasks[task].phase else {
        return true;
    };
    let members: Vec<usize> = (0..analysis.tasks.len())
        .filter(|&t| t != task && analysis.tasks[t].phase == Some(phase) && analysis.tasks[t].children == 0)
        .filter(|&t| !analysis.is_ancestor(t, task) && !analysis.is_ancestor(task, t))
        .collect();
    if members.len() > PHASE_COMPARISON_LIMIT {
        return true;
    }
    let related = |preds: bool| {
        let mut seen = std::collections::HashSet::from([task]);
        let mut queue = vec![task];
        while let Some(node) = queue.pop() {
            let edges = if preds { &plan.preds[node] } else { &plan.succs[node] };
            for &edge in edges {
                let e = &plan.edges[edge];
                if !accuses(e.kind) && e.kind != EdgeKind::Part {
                    continue;
                }
                let next = if preds { e.from } else { e.to };
                if seen.insert(next) {
                    queue.push(next);
                }
            }
        }
        seen
    };
    let (before, after) = (related(true), related(false));
    members.iter().any(|t| !before.contains(t) && !after.contains(t))
}

/// The path from the nearest task of `task`'s own phase that it depends on, breadth first
/// over its dependencies.
fn nearest_in_phase(analysis: &Analysis, plan: &Plan, task: usize) -> Option<Vec<usize>> {
    let phase = analysis.tasks[task].phase?;
    let mut parent: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([task]);
    while let Some(node) = queue.pop_front() {
        for &edge in &plan.preds[node] {
            let from = plan.edges[edge].from;
            // Only the dependencies the tasks state accuse a marker; the phase order does not.
            if from == task || parent.contains_key(&from) || !accuses(plan.edges[edge].kind) {
                continue;
            }
            parent.insert(from, node);
            if from < plan.task_count && analysis.tasks[from].phase == Some(phase) && !analysis.is_ancestor(from, task)
            {
                let mut path = vec![from];
                let mut at = from;
                while let Some(&next) = parent.get(&at) {
                    path.push(next);
                    if next == task {
                        break;
                    }
                    at = next;
                }
                return Some(path);
            }
            queue.push_back(from);
        }
    }
    None
}

/// True for the edges that may accuse a task of a wrong claim: those its tasks state, or
/// inherit from their parents. A phase order or an implied one states no dependency.
fn accuses(kind: EdgeKind) -> bool {
    matches!(kind, EdgeKind::Stated | EdgeKind::Inherited)
}

fn id(analysis: &Analysis, task: usize) -> &str {
    &analysis.tasks[task].id
}

/// Task IDs joined by arrows.
fn chain(analysis: &Analysis, tasks: &[usize]) -> String {
    tasks.iter().map(|&t| id(analysis, t)).collect::<Vec<_>>().join(" → ")
}

fn cycles(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    // A cycle is reported on the dependencies stated in it (a task's own, or a phase's), not
    // on a sub-task's edge to its parent or a task's to its phase; a cycle an implied order
    // closes says so.
    let reported = |kind: EdgeKind| {
        matches!(
            kind,
            EdgeKind::Stated | EdgeKind::Inherited | EdgeKind::Phase | EdgeKind::Implied
        )
    };
    for cycle in plan.cycles.iter().filter(|c| reported(plan.edges[c.edge].kind)) {
        let edge = &plan.edges[cycle.edge];
        let (head, elided, tail) = cycle.display_parts(CYCLE_DISPLAY_LIMIT);
        let path = if elided == 0 {
            node_chain(analysis, plan, &head)
        } else {
            format!(
                "{} → … ({elided} more) … → {}",
                node_chain(analysis, plan, &head),
                node_chain(analysis, plan, &tail)
            )
        };
        let implied = if plan
            .edges
            .iter()
            .any(|e| e.kind == EdgeKind::Implied && cycle.cycle.contains(&e.from) && cycle.cycle.contains(&e.to))
        {
            " The cycle goes through the order the list implies (each task after the one before it)."
        } else {
            ""
        };
        let mut diagnostic = Diagnostic::new(
            Code::DependencyCycle,
            edge.range.clone(),
            format!(
                "{} depends on {}, which leads back to it: {path} (each arrow reads “depends on”). None of these tasks can ever start; remove one of the dependencies.{implied}",
                node_name(analysis, plan, edge.to, "Task "),
                node_name(analysis, plan, edge.from, ""),
            ),
        );
        // Each edge of the cycle, in order, as written in the dependent task's field.
        let n = cycle.len();
        for k in 0..n.min(RELATED_LIMIT) {
            let dependent = cycle.task((n + 1 - k % n) % n);
            let dependency = cycle.task((n + 1 - (k + 1) % n) % n);
            if let Some(&e) = plan.succs[dependency].iter().find(|&&e| plan.edges[e].to == dependent)
                && reported(plan.edges[e].kind)
            {
                diagnostic.related.push(Related {
                    range: plan.edges[e].range.clone(),
                    message: format!(
                        "{} depends on {}",
                        node_name(analysis, plan, dependent, ""),
                        node_name(analysis, plan, dependency, "")
                    ),
                });
            }
        }
        out.push(diagnostic);
    }
}

/// A node for messages: a task's ID (after `task_word`), or the phase a milestone stands for.
fn node_name(analysis: &Analysis, plan: &Plan, node: usize, task_word: &str) -> String {
    match plan.milestone_of(node) {
        Some(Milestone::PhaseStart(phase) | Milestone::PhaseEnd(phase)) => {
            format!("Phase {}", analysis.phases[phase].id)
        }
        None => format!("{task_word}{}", id(analysis, node)),
    }
}

/// Nodes joined by arrows, a phase named once where the path goes through it (its end, one
/// of its tasks, its start).
fn node_chain(analysis: &Analysis, plan: &Plan, nodes: &[usize]) -> String {
    let is_milestone = |k: usize| nodes.get(k).is_some_and(|&node| plan.milestone_of(node).is_some());
    let mut names: Vec<String> = nodes
        .iter()
        .enumerate()
        .filter(|&(k, &node)| {
            plan.milestone_of(node).is_some() || !(k > 0 && is_milestone(k - 1) && is_milestone(k + 1))
        })
        .map(|(_, &node)| node_name(analysis, plan, node, ""))
        .collect();
    names.dedup();
    names.join(" → ")
}

/// Reports a task that depends on a task of a later phase, where the document orders its
/// phases (`Phase 1`, `Sprint 2`); tracks, categories and numbered sections are worked on side
/// by side.
fn phase_order(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    for edge in plan.stated_edges().filter(|e| e.direct) {
        let (Some(own), Some(other)) = (analysis.tasks[edge.to].phase, analysis.tasks[edge.from].phase) else {
            continue;
        };
        if !analysis.phases[own].ordered || !analysis.phases[other].ordered {
            continue;
        }
        // Where the document's milestone gates list both tasks, the gates order the work:
        // a later phase in the same gate is fine, a later gate is not.
        if let (Some(own_gate), Some(other_gate)) = (analysis.gate_of[edge.to], analysis.gate_of[edge.from]) {
            if other_gate > own_gate {
                out.push(Diagnostic::new(
                    Code::PhaseOrder,
                    edge.range.clone(),
                    format!(
                        "Task {} in Phase {} ({}) depends on Task {}, which is in the later Phase {} and the later milestone {}. Move one of them, or drop the dependency.",
                        id(analysis, edge.to),
                        analysis.phases[own].id,
                        analysis.gates[own_gate].name,
                        id(analysis, edge.from),
                        analysis.phases[other].id,
                        analysis.gates[other_gate].name
                    ),
                ));
            }
            continue;
        }
        if other > own {
            out.push(Diagnostic::new(
                Code::PhaseOrder,
                edge.range.clone(),
                format!(
                    "Task {} in Phase {} depends on Task {}, which is in the later Phase {}. Move one of them, or drop the dependency.",
                    id(analysis, edge.to),
                    analysis.phases[own].id,
                    id(analysis, edge.from),
                    analysis.phases[other].id
                ),
            ));
        }
    }
}

/// The phase part of a task ID: `2` in `2.1`, `I` in `I-1.2`; None for IDs without one.
pub(crate) fn id_phase(id: &str) -> Option<&str> {
    if let Some((prefix, rest)) = id.split_once('-')
        && prefix.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        && rest.contains('.')
    {
        return Some(prefix);
    }
    let (prefix, _) = id.split_once('.')?;
    (!prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_digit())).then_some(prefix)
}

pub(crate) fn same_phase_id(a: &str, b: &str) -> Option<bool> {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => Some(x == y),
        _ if a.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) && b.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) => {
            Some(a == b)
        }
        _ => None,
    }
}

/// Reports the tasks whose ID names another phase than theirs, given how many match.
pub(crate) fn id_phase_mismatch(
    analysis: &Analysis,
    matching: usize,
    mismatched: &[(usize, usize)],
    out: &mut Vec<Diagnostic>,
) {
    // A document whose IDs mostly do not follow its phases numbers tasks some other way
    // (by document or epic number); only the exceptions of a phase-numbered document count.
    if mismatched.len() >= matching {
        return;
    }
    for &(task, phase) in mismatched {
        let task = &analysis.tasks[task];
        let phase_id = &analysis.phases[phase].id;
        let prefix = id_phase(&task.id).unwrap_or_default();
        out.push(Diagnostic::new(
            Code::IdPhaseMismatch,
            task.id_range.clone(),
            format!(
                "Task {} is numbered for Phase {prefix} but sits under Phase {phase_id}. Renumber it or move it to Phase {prefix}.",
                task.id
            ),
        ));
    }
}

fn redundant(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    // Redundant when another dependency of the task already depends on it; the first
    // findings get a path, the rest one summary (see `limits.rs`).
    let limit = crate::limits::FINDINGS_PER_CODE;
    let (found, count) = crate::reach::redundant_dependencies(analysis, plan, limit + 1);
    let mut finder = PathFinder::stated(plan);
    for &(task, index) in found.iter().take(limit) {
        let dependencies = &analysis.dependencies[task];
        let dependency = &dependencies[index];
        let through = dependencies
            .iter()
            .filter(|other| other.target != dependency.target && other.target != task)
            .find_map(|other| finder.path(dependency.target, other.target));
        if let Some(path) = through {
            let mut full = path.clone();
            full.push(task);
            out.push(Diagnostic::new(
                Code::RedundantDependency,
                dependency.range.clone(),
                format!(
                    "Task {} already depends on {} through {}: {}. This dependency can go.",
                    id(analysis, task),
                    id(analysis, dependency.target),
                    id(analysis, path[path.len() - 1]),
                    chain(analysis, &full)
                ),
            ));
        }
    }
    if let Some(&(task, index)) = found.get(limit) {
        out.push(crate::limits::summary(
            Code::RedundantDependency,
            analysis.dependencies[task][index].range.clone(),
            count - limit,
        ));
    }
}

/// Reports a task marked done that depends on one that is not; a group phrase (`All previous
/// tasks`) that brings in several open tasks is one finding listing them.
fn done_before(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut found: Vec<(usize, Range<usize>, Vec<usize>)> = Vec::new();
    for edge in plan.stated_edges() {
        if analysis.done[edge.to] && !analysis.done[edge.from] {
            match found
                .iter_mut()
                .find(|(to, range, _)| *to == edge.to && *range == edge.range)
            {
                Some((_, _, open)) => open.push(edge.from),
                None => found.push((edge.to, edge.range.clone(), vec![edge.from])),
            }
        }
    }
    for (to, range, open) in found {
        let message = match open.as_slice() {
            [one] => format!(
                "Task {} is marked done, but Task {}, which it depends on, is not.",
                id(analysis, to),
                id(analysis, *one)
            ),
            many => format!(
                "Task {} is marked done, but {} of the tasks it depends on here are not: {}.",
                id(analysis, to),
                many.len(),
                many.iter().map(|&t| id(analysis, t)).collect::<Vec<_>>().join(", ")
            ),
        };
        out.push(Diagnostic::new(Code::DoneBeforeDependency, range, message));
    }
}

/// A phase whose tasks are all ticked while a phase it waits for, by the order the document
/// states, still has open tasks: reported once per waiting phase, at its first task.
fn phase_done_before(analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let rope = analysis.model.document().rope();
    let line = |offset: usize| rope.byte_to_line(offset.min(rope.len_bytes())) + 1;
    // Each phase's done and open leaves, in task order, gathered once: three scans of every
    // task per phase edge made a document of many phase edges cost edges times tasks.
    let mut done_leaves: Vec<Vec<usize>> = vec![Vec::new(); analysis.phases.len()];
    let mut open_leaves: Vec<Vec<usize>> = vec![Vec::new(); analysis.phases.len()];
    for (t, task) in analysis.tasks.iter().enumerate() {
        let Some(phase) = task.phase.filter(|&phase| phase < analysis.phases.len()) else {
            continue;
        };
        if task.children != 0 {
            continue;
        }
        if analysis.done[t] {
            done_leaves[phase].push(t);
        } else if !task.optional && !task.cancelled {
            open_leaves[phase].push(t);
        }
    }
    fn leaves(lists: &[Vec<usize>], phase: usize) -> &[usize] {
        lists.get(phase).map_or(&[], Vec::as_slice)
    }
    let mut reported: Vec<usize> = Vec::new();
    for edge in &analysis.phase_edges {
        if reported.contains(&edge.to) {
            continue;
        }
        let done = leaves(&done_leaves, edge.to);
        let open = leaves(&open_leaves, edge.from);
        // Work begun out of order is common; a phase finished before the one it waits for
        // is a contradiction.
        let (Some(&first), false, true) = (done.first(), open.is_empty(), leaves(&open_leaves, edge.to).is_empty())
        else {
            continue;
        };
        reported.push(edge.to);
        let names: Vec<&str> = open.iter().take(5).map(|&t| id(analysis, t)).collect();
        out.push(Diagnostic::new(
            Code::DoneBeforeDependency,
            analysis.tasks[first].id_range.clone(),
            format!(
                "Every task of phase {} is done, but it waits for phase {} ({}, line {}), whose tasks {} are open.",
                analysis.phases[edge.to].id,
                analysis.phases[edge.from].id,
                edge.source.describe(),
                line(edge.range.start),
                join_first(&names, open.len())
            ),
        ));
    }
}

/// The number of tasks that share their wave with at least one other task: the tasks that
/// can run in parallel with another.
pub fn parallelizable_count(plan: &Plan) -> usize {
    plan.waves.iter().filter(|wave| wave.len() > 1).map(Vec::len).sum()
}

/// The checks whose findings an estimate changes, once the estimates are read: the computed
/// critical path, against the one the document declares and the summary's count of its tasks.
/// The keystroke path runs these alone after an edit of an estimate (see [`crate::carry`]);
/// the same checks' findings that no estimate changes (a declared path's unknown step) are
/// left to the full analysis.
pub(crate) fn estimate_checks(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    summary(analysis, plan, reads_estimates, out);
    let mut paths = Vec::new();
    critical_path(analysis, plan, &mut paths);
    out.extend(
        paths
            .into_iter()
            .filter(|diagnostic| diagnostic.code == Code::CriticalPathMismatch),
    );
}

/// True for a summary value that the tasks' estimates change: the count of the tasks on the
/// critical path, which is the longest path in time. The waves, and so the parallelizable
/// count, change only where a task waits for one of alternatives (see
/// [`crate::carry`]).
pub(crate) fn reads_estimates(metric: SummaryMetric) -> bool {
    metric == SummaryMetric::CriticalPathTasks
}

fn summary(analysis: &Analysis, plan: &Plan, metrics: impl Fn(SummaryMetric) -> bool, out: &mut Vec<Diagnostic>) {
    for value in analysis.summary.iter().filter(|value| metrics(value.metric)) {
        let (actual, what) = match value.metric {
            SummaryMetric::TotalTasks => (analysis.tasks.len(), "tasks in this document".to_string()),
            SummaryMetric::ParallelizableTasks => (
                parallelizable_count(plan),
                "parallelizable tasks (tasks that share their wave, the set of tasks whose dependencies are all done at the same point, with at least one other task)".to_string(),
            ),
            SummaryMetric::CriticalPathTasks => {
                (plan.critical_path.len(), "tasks on the computed critical path".to_string())
            }
            SummaryMetric::Dependencies => (
                plan.stated_edges().count(),
                "dependencies (task-to-task edges from dependency fields, with ranges and group forms expanded)".to_string(),
            ),
        };
        let Some(declared) = value.number else {
            // A value that is no count is a claim that cannot be checked: said, not silent.
            // Template text (`[Number]`) is the placeholder check's, and a dash or `N/A`
            // says there is nothing to count.
            let cell = crate::model::text_of(analysis.model.document().rope(), value.range.clone());
            let cell = cell.trim().trim_matches(['*', '_', '`']);
            let nothing = cell.is_empty()
                || cell.contains('[')
                || cell.chars().all(|c| matches!(c, '-' | '–' | '—' | '/' | ' '))
                || cell.eq_ignore_ascii_case("n/a");
            if !nothing {
                out.push(Diagnostic::with_severity(
                    Code::SummaryMismatch,
                    Severity::Info,
                    value.range.clone(),
                    format!(
                        "tasklens cannot read `{cell}` as a count, so this summary value is not checked; there are {actual} {what}."
                    ),
                ));
            }
            continue;
        };
        if declared as usize != actual {
            out.push(Diagnostic::new(
                Code::SummaryMismatch,
                value.range.clone(),
                format!("The summary says {declared}, but there are {actual} {what}."),
            ));
        }
    }
}

/// Checks every critical path the document declares. Each arrow of a chain must be a written
/// dependency (`2.1 → 2.2` where 2.2 depends on 2.1); a chain that leaves out a task between
/// two others, or joins tasks that do not depend on each other, is reported once, at its first
/// broken arrow. A single, whole, document-level path whose arrows all hold is compared with
/// the computed critical path.
fn critical_path(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut finder = PathFinder::stated(plan);
    let mut broken_any = false;
    for declared in &analysis.declared_paths {
        let mut unknown = false;
        for (step, range, task) in &declared.steps {
            if task.is_none() {
                unknown = true;
                out.push(Diagnostic::new(
                    Code::UnresolvedReference,
                    range.clone(),
                    format!("The critical path names `{step}`, but no task has that ID."),
                ));
            }
        }
        if unknown {
            continue;
        }
        let mut broken: Vec<String> = Vec::new();
        let mut first_broken: Option<Range<usize>> = None;
        for pair in declared.steps.windows(2) {
            let (Some(from), Some(to)) = (pair[0].2, pair[1].2) else {
                continue;
            };
            if depends_directly(analysis, to, from) {
                continue;
            }
            let why = match finder.path(from, to) {
                Some(path) if path.len() > 2 => format!(
                    "{} depends on {} only through {}",
                    id(analysis, to),
                    id(analysis, from),
                    chain(analysis, &path[1..path.len() - 1])
                ),
                _ => format!("{} does not depend on {}", id(analysis, to), id(analysis, from)),
            };
            broken.push(why);
            first_broken.get_or_insert(pair[1].1.clone());
        }
        if let Some(range) = first_broken {
            broken_any = true;
            let tasks: Vec<usize> = declared.steps.iter().filter_map(|(_, _, task)| *task).collect();
            let diagnostic = if plan.stated_edges().next().is_none() {
                Diagnostic::with_severity(
                    Code::CriticalPathMismatch,
                    Severity::Info,
                    range,
                    format!(
                        "No dependency backs this critical path, {}: no task here has a dependency field, so the schedule cannot follow it. Write each task's dependencies.",
                        chain(analysis, &tasks)
                    ),
                )
            } else {
                Diagnostic::new(
                    Code::CriticalPathMismatch,
                    range,
                    format!(
                        "This critical path, {}, is not a chain of dependencies: {}.",
                        chain(analysis, &tasks),
                        broken.join("; ")
                    ),
                )
            };
            out.push(diagnostic);
        }
    }
    // One whole path for the document: the computed critical path should be it. Without
    // dependency fields the declared path is the document's only statement of its
    // dependencies, and there is nothing to compare it with.
    let [declared] = analysis.declared_paths.as_slice() else {
        return;
    };
    if broken_any
        || declared.partial
        || declared.phase.is_some()
        || plan.critical_path.is_empty()
        || plan.stated_edges().next().is_none()
    {
        return;
    }
    let declared_tasks: Vec<usize> = declared.steps.iter().filter_map(|(_, _, task)| *task).collect();
    if declared_tasks != plan.critical_path {
        out.push(Diagnostic::new(
            Code::CriticalPathMismatch,
            declared.line.clone(),
            format!(
                "The computed critical path is {} ({}{}); this line says {}.",
                chain(analysis, &plan.critical_path),
                format_number(plan.duration),
                plan.unit.suffix(),
                chain(analysis, &declared_tasks)
            ),
        ));
    }
}

/// True when `task` names `dependency` among its own dependencies, `dependency` is the
/// parent of `task` or one of its sub-tasks (a path may go through a task's sub-tasks), or
/// `task`'s phase comes right after `dependency`'s as the document orders its phases.
fn depends_directly(analysis: &Analysis, task: usize, dependency: usize) -> bool {
    let phase_follows = match (analysis.tasks[dependency].phase, analysis.tasks[task].phase) {
        (Some(earlier), Some(later)) => analysis.phase_edges.iter().any(|e| e.from == earlier && e.to == later),
        _ => false,
    };
    analysis.dependencies[task].iter().any(|d| d.target == dependency)
        || analysis.is_ancestor(dependency, task)
        || analysis.is_ancestor(task, dependency)
        || phase_follows
}

fn parallel(analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut finder = PathFinder::stated(plan);
    for claim in &analysis.parallel_claims {
        for (i, (a, range_a)) in claim.tasks.iter().enumerate() {
            for (b, range_b) in &claim.tasks[i + 1..] {
                // A parent named with its sub-tasks says the sub-tasks run side by side.
                if a == b || analysis.is_ancestor(*a, *b) || analysis.is_ancestor(*b, *a) {
                    continue;
                }
                let found = finder
                    .path(*a, *b)
                    .map(|p| (p, range_b))
                    .or_else(|| finder.path(*b, *a).map(|p| (p, range_a)));
                if let Some((path, range)) = found {
                    out.push(Diagnostic::new(
                        Code::ParallelConflict,
                        range.clone(),
                        format!(
                            "Tasks {} and {} are claimed to run in parallel, but {} depends on {}: {}.",
                            id(analysis, *a),
                            id(analysis, *b),
                            id(analysis, path[path.len() - 1]),
                            id(analysis, path[0]),
                            chain(analysis, &path)
                        ),
                    ));
                }
            }
        }
    }
}

/// Reports the estimates of the minority unit when story points and durations are mixed.
pub(crate) fn mixed_units(points: Vec<Range<usize>>, time: Vec<Range<usize>>, out: &mut Vec<Diagnostic>) {
    if points.is_empty() || time.is_empty() {
        return;
    }
    let (minority, kind, other, other_count) = if points.len() <= time.len() {
        (points, "story points", "durations", time.len())
    } else {
        (time, "a duration", "story points", points.len())
    };
    for range in minority {
        out.push(Diagnostic::new(
            Code::MixedEstimateUnits,
            range,
            format!(
                "This estimate is in {kind}, but {other_count} other tasks are estimated in {other}; the two cannot be added, so the schedule counts this task as zero."
            ),
        ));
    }
}

/// Formats a schedule number without a trailing `.0`.
pub fn format_number(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.1}")
    }
}
