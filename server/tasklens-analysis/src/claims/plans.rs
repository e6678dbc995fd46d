//! A plan of sprints, waves or weeks (`## Resumen de Priorización` with `### Sprint 1 (Semana
//! 1)`, `### Sprint 2`, each listing `Tarea 1.1`, …) against the open tasks it leaves out,
//! and a range of a plan or of milestone gates that stops short of its family (`OPS-001
//! through OPS-028` where OPS-029 follows, named by no gate and needed by none).
//!
//! A plan is a heading whose sub-headings, two or more, are each a sprint, a wave, an
//! iteration, a week or a milestone, and name tasks. Where it schedules most of the open
//! tasks (three in four or more) but not all, the ones it leaves out are most likely
//! forgotten: a plan that covers a few tasks on purpose schedules far fewer. The finding is
//! placed where the first of them would go: on the heading of the group that names the task
//! written before it. Whatever its coverage, a plan that schedules a task but none of the open tasks it
//! depends on cannot be carried out as written: that is reported on the line that schedules
//! it. Done, cancelled and optional tasks need no sprint; a task is scheduled with any of its
//! sub-tasks.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, Related, join_and, join_first};
use crate::lex::claim_words::{PLAN_GROUP_WORDS, PLAN_SECTION_WORDS};
use crate::lex::fields::FieldKind;

use super::{DocumentLines, Fence, named_tasks};

/// The share of the open tasks a plan must schedule before those it leaves out are reported.
const COVERED_SHARE: f64 = 0.75;

/// The most left-out tasks a message names.
const NAMED_IN_MESSAGE: usize = 8;

/// True when a heading opens a group of a plan: `### Sprint 1 (Semana 1)`, `### Welle A`.
pub(super) fn states_claim(line: &str) -> bool {
    line.trim_start().starts_with('#') && names_group(line)
}

/// Checks every plan of sprints, waves or weeks.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    // The open plan: its heading's level and range, its groups and the tasks named so far.
    let mut plan: Option<Plan> = None;
    // The last heading that may hold a plan: its level and range.
    let mut parent: Option<(usize, std::ops::Range<usize>)> = None;
    let phases_with_tasks: std::collections::BTreeSet<usize> = analysis
        .tasks
        .iter()
        .filter_map(|task| task.phase)
        .map(|phase| analysis.phases[phase].line.start)
        .collect();
    for line in text.lines() {
        if line.fence != Fence::None {
            continue;
        }
        let trimmed = line.text.trim_start();
        if let Some(level) = line.heading_level() {
            let range = line.start + (line.text.len() - trimmed.len())..line.start + line.text.len();
            // A phase that holds tasks is no group of a plan, even where its heading names its
            // weeks (`## Phase 1 : Cadrage (Semaines 1-3)`).
            let holds_tasks = phases_with_tasks.contains(&line.start);
            if line.reads(super::marks::PLAN_GROUP) && !holds_tasks {
                match &mut plan {
                    Some(open) if level > open.level => {
                        open.groups += 1;
                        open.group = range.clone();
                    }
                    _ => {
                        if let Some(done) = plan.take() {
                            done.check(analysis, out);
                        }
                        if let Some((parent_level, parent_range)) = parent.clone().filter(|(l, _)| *l < level) {
                            plan = Some(Plan {
                                level: parent_level,
                                heading: parent_range,
                                groups: 1,
                                group: range.clone(),
                                named: vec![false; analysis.tasks.len()],
                                named_at: Vec::new(),
                            });
                        }
                    }
                }
                continue;
            }
            if plan.as_ref().is_some_and(|open| level <= open.level)
                && let Some(done) = plan.take()
            {
                done.check(analysis, out);
            }
            if plan.is_none() {
                parent = Some((level, range));
            }
            continue;
        }
        if let Some(open) = &mut plan
            && super::owner(analysis, &line).is_none()
            && !names_prerequisites(line.text)
        {
            let line_range =
                line.start + (line.text.len() - line.text.trim_start().len())..line.start + line.text.trim_end().len();
            for (tasks, _) in named_tasks(analysis, line.text) {
                for task in tasks {
                    if !std::mem::replace(&mut open.named[task], true) {
                        open.named_at.push(Named {
                            task,
                            line: line_range.clone(),
                            group: open.group.clone(),
                        });
                    }
                }
            }
        }
    }
    if let Some(done) = plan {
        done.check(analysis, out);
    }
    short_ranges(text, analysis, out);
    gate_order(text, analysis, out);
}

/// A line of a milestone gate (`### M0` over `- DB-001 through DB-031 pass`) that names a
/// task which depends on a task of a later gate: the gate cannot close before that one.
fn gate_order(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    if analysis.gates.len() < 2 {
        return;
    }
    // The gate whose section is being read, and its heading's level.
    let mut current: Option<(usize, usize)> = None;
    for line in text.lines() {
        if line.fence != Fence::None {
            continue;
        }
        if let Some(level) = line.heading_level() {
            if let Some(gate) = analysis.gates.iter().position(|g| g.line.start == line.start) {
                current = Some((gate, level));
            } else if current.is_some_and(|(_, open)| level <= open) {
                current = None;
            }
            continue;
        }
        let Some((gate, _)) = current else { continue };
        for (tasks, range) in named_tasks(analysis, line.text) {
            let later = tasks.iter().find_map(|&task| {
                analysis.dependencies[task]
                    .iter()
                    .filter(|d| !d.conditional)
                    .find_map(|d| {
                        analysis.gate_of[d.target]
                            .filter(|&g| g > gate)
                            .map(|g| (task, d.target, g))
                    })
            });
            let Some((task, target, later)) = later else { continue };
            let id = |t: usize| analysis.tasks[t].id.as_str();
            out.push(Diagnostic {
                related: vec![Related {
                    range: analysis.gates[later].line.clone(),
                    message: format!("the later gate {}", analysis.gates[later].name),
                }],
                ..Diagnostic::new(
                    Code::PhaseOrder,
                    line.start + range.start..line.start + range.end,
                    format!(
                        "This gate ({}) needs {}, which depends on {}, a task of the later gate {}: it cannot close before that one.",
                        analysis.gates[gate].name,
                        id(task),
                        id(target),
                        analysis.gates[later].name
                    ),
                )
            });
        }
    }
}

/// A range in a plan's or gates' section (`## Milestone Completion Gates`, `## Sprint Plan`)
/// that stops before the last task of its family (`OPS-001 through OPS-028`, where OPS-029
/// follows in the document with the same prefix), when no line of the section names the
/// tasks after it and no task it names needs them, directly or through others. Only the
/// range of a family that reaches furthest is read.
fn short_ranges(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    // The level of the open section's heading, the ranges found in it and the tasks named.
    let mut section: Option<(usize, Ranges, Vec<bool>)> = None;
    for line in text.lines() {
        if line.fence != Fence::None {
            continue;
        }
        if let Some(level) = line.heading_level() {
            if section.as_ref().is_some_and(|(open, _, _)| level <= *open)
                && let Some((_, ranges, named)) = section.take()
            {
                report_short(analysis, &ranges, named, out);
            }
            if section.is_none() && line.reads(super::marks::PLAN_SECTION) {
                section = Some((level, Vec::new(), vec![false; analysis.tasks.len()]));
            }
            continue;
        }
        let Some((_, ranges, named)) = &mut section else {
            continue;
        };
        if super::owner(analysis, &line).is_some() {
            continue;
        }
        for (tasks, range) in named_tasks(analysis, line.text) {
            for &task in &tasks {
                named[task] = true;
            }
            if let (Some(&first), Some(&last)) = (tasks.first(), tasks.last())
                && first != last
            {
                ranges.push((last, line.start + range.start..line.start + range.end));
            }
        }
    }
    if let Some((_, ranges, named)) = section {
        report_short(analysis, &ranges, named, out);
    }
}

/// The ranges of a section: the last task of each, and where it is written.
type Ranges = Vec<(usize, std::ops::Range<usize>)>;

/// Reports the ranges of one section that stop short of their family.
fn report_short(analysis: &Analysis, ranges: &Ranges, named: Vec<bool>, out: &mut Vec<Diagnostic>) {
    if ranges.is_empty() {
        return;
    }
    // What the named tasks need, directly or through others.
    let mut covered = named;
    let mut stack: Vec<usize> = (0..covered.len()).filter(|&t| covered[t]).collect();
    while let Some(task) = stack.pop() {
        for dependency in &analysis.dependencies[task] {
            if !std::mem::replace(&mut covered[dependency.target], true) {
                stack.push(dependency.target);
            }
        }
    }
    let tasks = &analysis.tasks;
    for (last, range) in ranges {
        let prefix = super::id_prefix(&tasks[*last].id);
        // Of a family's ranges, the one that reaches furthest speaks for where it stops
        // (`OPS-001 through OPS-021` for a beta, `OPS-001 through OPS-028` later).
        if ranges
            .iter()
            .any(|(other, _)| other > last && super::id_prefix(&tasks[*other].id) == prefix)
        {
            continue;
        }
        let family: Vec<usize> = (last + 1..tasks.len())
            .filter(|&t| tasks[t].parent.is_none() && super::id_prefix(&tasks[t].id) == prefix)
            .collect();
        let left_out: Vec<usize> = family
            .iter()
            .copied()
            .filter(|&t| !covered[t] && !tasks[t].cancelled && !tasks[t].optional)
            .collect();
        if left_out.is_empty() || prefix.is_empty() || prefix.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let names: Vec<&str> = left_out.iter().take(5).map(|&t| tasks[t].id.as_str()).collect();
        out.push(Diagnostic {
            related: left_out
                .iter()
                .take(5)
                .map(|&t| Related {
                    range: tasks[t].line.clone(),
                    message: format!("{}, named by no line of this section", analysis.display_name(t)),
                })
                .collect(),
            ..Diagnostic::new(
                Code::SummaryMismatch,
                range.clone(),
                format!(
                    "This range ends at {}, but {} {} after it in the document, and no line of this section names {} or needs {}.",
                    tasks[*last].id,
                    names.join(", "),
                    if left_out.len() == 1 { "comes" } else { "come" },
                    if left_out.len() == 1 { "it" } else { "them" },
                    if left_out.len() == 1 { "it" } else { "them" },
                ),
            )
        });
    }
}

/// True when a line is a heading that opens a plan's or gates' section: `## Milestone
/// Completion Gates`, `## Sprint Plan`, `## 🌊 Execution Waves`.
pub(super) fn names_plan_heading(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('#') && {
        let lower = trimmed.to_lowercase();
        PLAN_SECTION_WORDS.iter().any(|w| lower.contains(w))
    }
}

/// A plan being read.
struct Plan {
    /// The level of the heading that holds the plan.
    level: usize,
    /// That heading's text.
    heading: std::ops::Range<usize>,
    /// How many groups (sprints, waves) it holds.
    groups: usize,
    /// The tasks it names, by index.
    named: Vec<bool>,
    /// The heading of the group being read.
    group: std::ops::Range<usize>,
    /// Each task it names, where it first names it, in the plan's order.
    named_at: Vec<Named>,
}

/// A task a plan names: the line that first names it, and that line's group heading.
struct Named {
    task: usize,
    line: std::ops::Range<usize>,
    group: std::ops::Range<usize>,
}

impl Plan {
    /// Reports the open tasks a plan that schedules most of them leaves out.
    fn check(self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        if self.groups < 2 {
            return;
        }
        let tasks = &analysis.tasks;
        // A task is scheduled where it, or a task under it, is named.
        let mut scheduled = self.named.clone();
        for task in (0..tasks.len()).filter(|&t| self.named[t]) {
            let mut at = tasks[task].parent;
            while let Some(parent) = at {
                if std::mem::replace(&mut scheduled[parent], true) {
                    break;
                }
                at = tasks[parent].parent;
            }
        }
        let open: Vec<usize> = (0..tasks.len())
            .filter(|&t| !analysis.done[t] && !tasks[t].cancelled && !tasks[t].optional && !tasks[t].id.is_empty())
            .filter(|&t| tasks[t].parent.is_none())
            .collect();
        if open.len() < 4 {
            return;
        }
        let left_out: Vec<usize> = open.iter().copied().filter(|&t| !scheduled[t]).collect();
        let covered = (open.len() - left_out.len()) as f64 / open.len() as f64;
        if left_out.is_empty() {
            return;
        }
        if covered < COVERED_SHARE {
            self.unscheduled_dependencies(analysis, &scheduled, out);
            return;
        }
        // Where the first task left out would go: in the group of the task written before it.
        let first = left_out[0];
        let place = self
            .named_at
            .iter()
            .filter(|named| tasks[named.task].line.start < tasks[first].line.start)
            .max_by_key(|named| tasks[named.task].line.start)
            .map(|named| (named.task, named.group.clone()));
        let names: Vec<String> = left_out
            .iter()
            .take(NAMED_IN_MESSAGE)
            .map(|&t| analysis.display_name(t))
            .collect();
        out.push(Diagnostic {
            related: left_out
                .iter()
                .take(NAMED_IN_MESSAGE)
                .map(|&t| Related {
                    range: tasks[t].line.clone(),
                    message: format!("{}, in no group of the plan", analysis.display_name(t)),
                })
                .collect(),
            ..Diagnostic::new(
                Code::SummaryMismatch,
                place.as_ref().map_or(self.heading.clone(), |(_, line)| line.clone()),
                format!(
                    "This plan's {} groups schedule {} of the {} open tasks, but leave out {}{}.",
                    self.groups,
                    open.len() - left_out.len(),
                    open.len(),
                    join_first(&names, left_out.len()),
                    place.map_or(String::new(), |(before, _)| format!(
                        " ({} would come after {}, in this group)",
                        analysis.display_name(first),
                        analysis.display_name(before)
                    ))
                ),
            )
        });
    }

    /// Reports each line of the plan that schedules tasks depending on open tasks that no
    /// group of the plan schedules.
    fn unscheduled_dependencies(&self, analysis: &Analysis, scheduled: &[bool], out: &mut Vec<Diagnostic>) {
        let tasks = &analysis.tasks;
        // A task under a scheduled one is scheduled with it.
        let under_scheduled = |mut at: usize| loop {
            if scheduled[at] {
                return true;
            }
            match tasks[at].parent {
                Some(parent) => at = parent,
                None => return false,
            }
        };
        let needs_scheduling =
            |t: usize| !under_scheduled(t) && !analysis.done[t] && !tasks[t].cancelled && !tasks[t].optional;
        // The lines in the plan's order, each with the tasks it schedules and what they miss.
        let mut lines: Vec<(std::ops::Range<usize>, Vec<usize>, Vec<usize>)> = Vec::new();
        for Named { task, line, .. } in &self.named_at {
            let missing: Vec<usize> = analysis.dependencies[*task]
                .iter()
                .filter(|d| d.rule.is_none() && d.alternative_of.is_none() && !d.conditional)
                .map(|d| d.target)
                .filter(|&d| d != *task && needs_scheduling(d))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let entry = match lines.iter_mut().find(|(at, _, _)| at == line) {
                Some(entry) => entry,
                None => {
                    lines.push((line.clone(), Vec::new(), Vec::new()));
                    lines.last_mut().expect("just pushed")
                }
            };
            entry.1.push(*task);
            for dependency in missing {
                if !entry.2.contains(&dependency) {
                    entry.2.push(dependency);
                }
            }
        }
        for (line, dependents, mut missing) in lines.into_iter().take(LINES_REPORTED) {
            missing.sort_by_key(|&t| tasks[t].line.start);
            let names: Vec<String> = missing
                .iter()
                .take(NAMED_IN_MESSAGE)
                .map(|&t| analysis.display_name(t))
                .collect();
            let verb = if dependents.len() == 1 { "depends" } else { "depend" };
            let scheduled_names = join_and(&dependents.iter().map(|&t| analysis.display_name(t)).collect::<Vec<_>>());
            out.push(Diagnostic {
                related: missing
                    .iter()
                    .take(NAMED_IN_MESSAGE)
                    .map(|&t| Related {
                        range: tasks[t].line.clone(),
                        message: format!("{}, open and in no group of the plan", analysis.display_name(t)),
                    })
                    .collect(),
                ..Diagnostic::new(
                    Code::SummaryMismatch,
                    line,
                    format!(
                        "The plan schedules {scheduled_names} here, which {verb} on {}: open, and in no group of the plan. Schedule {} before, or say why {} not needed.",
                        join_first(&names, missing.len()),
                        if missing.len() == 1 { "it" } else { "them" },
                        if missing.len() == 1 { "it is" } else { "they are" },
                    ),
                )
            });
        }
    }
}

/// True when a line of a group lists what the group waits for (`- **Blocker/Abhängigkeiten:**
/// TASK-020 Routing`) rather than what it schedules.
fn names_prerequisites(line: &str) -> bool {
    let Some(colon) = line.find([':', '：']) else {
        return false;
    };
    let label = line[..colon]
        .trim_start_matches(['-', '*', '+', ' ', '>'])
        .replace(['*', '_'], "");
    // `Blocker/Abhängigkeiten`, `Risks & Dependencies`: any part of a compound label.
    std::iter::once(label.as_str())
        .chain(label.split(['/', '&']))
        .any(|part| {
            matches!(
                crate::lex::fields::classify_label(part, &[]),
                FieldKind::Dependencies | FieldKind::Prerequisites | FieldKind::Blocks
            )
        })
}

/// The most lines of one plan reported for scheduling tasks whose dependencies it leaves out.
const LINES_REPORTED: usize = 3;

/// True when a heading's words make it a group of a plan: a plan word followed by a number or
/// a letter (`Sprint 1`, `Welle A`, `Semana 2`, `第1周`).
fn names_group(line: &str) -> bool {
    let lower = line.trim_start_matches(['#', ' ']).to_lowercase();
    PLAN_GROUP_WORDS.iter().any(|word| {
        lower.match_indices(word).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + word.len()..].trim_start_matches([' ', '-', '#']);
            before.is_none_or(|c| !c.is_alphanumeric() || !c.is_ascii())
                && after.chars().next().is_some_and(|c| {
                    c.is_ascii_digit() || (c.is_ascii_alphabetic() && after[1..].starts_with([' ', ':', '(', ')']))
                })
        })
    })
}
