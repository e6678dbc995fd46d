//! Code lenses: above each task heading, where the task sits in the schedule and how many
//! tasks wait for it; above each scheduled phase, when it starts and ends; above the document
//! (or its Critical Path section), the critical path computed from the document's own
//! estimates and dependencies. Each lens lists the lines it is about (the tasks a task
//! blocks, the tasks of the critical path), for the editor to show as a list of references.
//! On spec-kit lists, where every task is one line, the per-task lenses are a setting
//! ([`crate::config::Display::spec_kit_task_lenses`], off by default).

use std::ops::Range;

use crate::analysis::{Analysis, is_critical_path_section};
use crate::checks::format_number;
use crate::items::Item;
use crate::model::text_of;
use crate::plan::{Plan, format_chain};

/// A code lens: a line of text shown above a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    /// The range the lens sits above.
    pub range: Range<usize>,
    /// The text shown.
    pub title: String,
    /// The lines the lens is about, in document order: the declaring lines of the tasks a task
    /// blocks, or of the critical path's tasks. Empty when there is nothing to list.
    pub targets: Vec<Range<usize>>,
}

/// One lens per task heading, one per scheduled phase and one for the document, in document
/// order; none for a document without tasks.
pub fn code_lenses(analysis: &Analysis, plan: &Plan) -> Vec<Lens> {
    if analysis.tasks.is_empty() {
        return Vec::new();
    }
    let display = analysis.model.document().config().display;
    let mut lenses = vec![document_lens(analysis, plan)];
    lenses.extend(phase_lenses(analysis, plan));
    for task in &analysis.tasks {
        if task.dialect == crate::model::Dialect::SpecKit && !display.spec_kit_task_lenses {
            continue;
        }
        let blocked = blocked(plan, task.index);
        lenses.push(Lens {
            range: super::line_without_ending(analysis, &task.line),
            title: task_title(analysis, plan, task.index, blocked.len()),
            targets: blocked
                .iter()
                .map(|&other| super::line_without_ending(analysis, &analysis.tasks[other].line))
                .collect(),
        });
    }
    lenses.sort_by_key(|lens| lens.range.start);
    lenses
}

/// The tasks that wait for a task, milestones aside (a phase's end waits for all of it), in
/// document order.
fn blocked(plan: &Plan, index: usize) -> Vec<usize> {
    let mut blocked: Vec<usize> = plan.succs[index]
        .iter()
        .map(|&edge| &plan.edges[edge])
        .filter(|edge| edge.kind != crate::plan::EdgeKind::Part)
        .filter_map(|edge| plan.task_of(edge.to))
        .collect();
    blocked.sort_unstable();
    blocked.dedup();
    blocked
}

/// A lens above each phase with scheduled tasks: when its first task starts and its last
/// ends, and its tasks on the critical path.
fn phase_lenses(analysis: &Analysis, plan: &Plan) -> Vec<Lens> {
    let unit = plan.unit.suffix();
    let mut spans: Vec<Option<(f64, f64)>> = vec![None; analysis.phases.len()];
    for task in &analysis.tasks {
        if let (Some(phase), Some(times)) = (task.phase, plan.times[task.index])
            && let Some(span) = spans.get_mut(phase)
        {
            let (start, end) = span.get_or_insert((times.es, times.ef));
            *start = start.min(times.es);
            *end = end.max(times.ef);
        }
    }
    analysis
        .phases
        .iter()
        .zip(spans)
        .filter_map(|(phase, span)| {
            let (start, end) = span?;
            let critical: Vec<usize> = plan
                .critical_path
                .iter()
                .copied()
                .filter(|&task| analysis.tasks[task].phase == Some(phase.index))
                .collect();
            let mut title = format!(
                "phase {}: starts at {}{unit} · ends at {}{unit}",
                phase.id,
                format_number(start),
                format_number(end)
            );
            if !critical.is_empty() {
                title.push_str(&format!(" · {} on the critical path", critical.len()));
            }
            Some(Lens {
                range: super::line_without_ending(analysis, &phase.line),
                title,
                targets: critical
                    .iter()
                    .map(|&task| super::line_without_ending(analysis, &analysis.tasks[task].line))
                    .collect(),
            })
        })
        .collect()
}

/// The lens of one task: its start and slack, or why it is not scheduled, what it starts
/// after and where that order comes from, and how many tasks it blocks.
fn task_title(analysis: &Analysis, plan: &Plan, index: usize, blocked: usize) -> String {
    let unit = plan.unit.suffix();
    let mut title = match plan.times[index] {
        Some(times) if times.critical => format!(
            "critical path · starts at {}{unit} · {}{unit} slack",
            format_number(times.es),
            format_number(times.slack)
        ),
        Some(times) => format!(
            "starts at {}{unit} · slack {}{unit}",
            format_number(times.es),
            format_number(times.slack)
        ),
        None if plan.on_cycle[index] => "not scheduled: dependency cycle".to_string(),
        None => "not scheduled: waits on a dependency cycle".to_string(),
    };
    if let Some(after) = super::starts_after(analysis, plan, index) {
        title.push_str(" · ");
        title.push_str(&after);
    }
    if blocked > 0 {
        title.push_str(&format!(" · blocks {blocked}"));
    }
    title
}

/// The lens with the computed critical path, over the Critical Path heading when the document
/// has one, else over the first line.
fn document_lens(analysis: &Analysis, plan: &Plan) -> Lens {
    let ids: Vec<&str> = plan
        .critical_path
        .iter()
        .map(|&task| analysis.tasks[task].id.as_str())
        .collect();
    let title = if ids.is_empty() {
        "critical path: none (every task is on or waits on a dependency cycle)".to_string()
    } else {
        format!(
            "critical path: {} ({}{})",
            format_chain(&ids),
            format_number(plan.duration),
            plan.unit.suffix()
        )
    };
    let range = critical_path_heading(analysis).unwrap_or_else(|| {
        let rope = analysis.model.document().rope();
        let first_line_end = rope.line(0).len_bytes();
        super::trim_end(analysis, 0..first_line_end, 0)
    });
    let targets = plan
        .critical_path
        .iter()
        .map(|&task| super::line_without_ending(analysis, &analysis.tasks[task].line))
        .collect();
    Lens { range, title, targets }
}

/// The line of the first heading outside the tasks that names the critical path.
fn critical_path_heading(analysis: &Analysis) -> Option<Range<usize>> {
    let rope = analysis.model.document().rope();
    analysis
        .model
        .items_outside_tasks()
        .into_iter()
        .find_map(|(base, item)| match item {
            Item::Heading(heading) => {
                let text = text_of(rope, heading.content.start + base..heading.content.end + base).to_lowercase();
                is_critical_path_section(&text).then(|| heading.line.start + base..heading.line.end + base)
            }
            _ => None,
        })
}
