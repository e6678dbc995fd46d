//! Code lenses: above each task heading, where the task sits in the schedule and how many
//! tasks wait for it; above the document (or its Critical Path section), the critical path
//! computed from the document's own estimates and dependencies.

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
}

/// One lens per task heading and one for the document, in document order; none for a document
/// without tasks.
pub fn code_lenses(analysis: &Analysis, plan: &Plan) -> Vec<Lens> {
    if analysis.tasks.is_empty() {
        return Vec::new();
    }
    let mut lenses = vec![document_lens(analysis, plan)];
    for task in &analysis.tasks {
        lenses.push(Lens {
            range: super::line_without_ending(analysis, &task.line),
            title: task_title(analysis, plan, task.index),
        });
    }
    lenses.sort_by_key(|lens| lens.range.start);
    lenses
}

/// The lens of one task: its start and slack, or why it is not scheduled, what it starts
/// after and where that order comes from, and how many tasks it blocks.
fn task_title(analysis: &Analysis, plan: &Plan, index: usize) -> String {
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
    // The tasks that wait for this one, milestones aside (a phase's end waits for all of it).
    let mut blocked: Vec<usize> = plan.succs[index]
        .iter()
        .map(|&edge| &plan.edges[edge])
        .filter(|edge| edge.kind != crate::plan::EdgeKind::Part)
        .filter_map(|edge| plan.task_of(edge.to))
        .collect();
    blocked.sort_unstable();
    blocked.dedup();
    if !blocked.is_empty() {
        title.push_str(&format!(" · blocks {}", blocked.len()));
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
    Lens { range, title }
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
