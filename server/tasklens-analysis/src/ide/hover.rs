//! The hover card of a task: what it is, who does it, how long it takes, what it waits for,
//! what waits for it and where it sits in the schedule, shown on its heading ID and on every
//! reference to it; on a range or group phrase (`Tasks 2.1-2.4`, `All previous phases`), the
//! tasks it names.

use std::fmt::Write;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::checks::format_number;
use crate::lex::estimate::EstimateValue;
use crate::lex::fields::FieldKind;
use crate::plan::{Plan, Unit};

/// A hover card: the range it belongs to (the ID under the cursor) and its markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The identifier the card is about.
    pub range: Range<usize>,
    /// The card, in markdown.
    pub markdown: String,
}

/// The most tasks listed under "Depends on" or "Needed by" before the rest are counted.
const LIST_LIMIT: usize = 10;

/// The card of the task whose ID is under the cursor, or of the tasks a range or group phrase
/// under it names (`Tasks 2.1-2.4`, `All previous phases`), or None when there is none.
pub fn hover(analysis: &Analysis, plan: &Plan, offset: usize) -> Option<Hover> {
    if let Some(hover) = phrase_hover(analysis, offset) {
        return Some(hover);
    }
    let (task, range) = super::task_at(analysis, offset)?;
    Some(Hover {
        range,
        markdown: card(analysis, plan, task),
    })
}

/// The card of a dependency phrase under the cursor that names several tasks, or names them
/// by a group form: the phrase, how many tasks it names, and each task with its title.
fn phrase_hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
    for dependencies in &analysis.dependencies {
        let mut at = 0;
        while at < dependencies.len() {
            let range = dependencies[at].range.clone();
            let end = at + dependencies[at..].iter().take_while(|d| d.range == range).count();
            let group = &dependencies[at..end];
            at = end;
            let names_several = group.len() > 1 || !group[0].direct;
            if group[0].rule.is_some() || !names_several || !(range.start <= offset && offset < range.end) {
                continue;
            }
            let mut tasks: Vec<usize> = group.iter().map(|d| d.target).collect();
            tasks.dedup();
            let rope = analysis.model.document().rope();
            let phrase = crate::model::text_of(rope, range.clone());
            let count = if tasks.len() == 1 {
                "1 task".to_string()
            } else {
                format!("{} tasks", tasks.len())
            };
            let mut markdown = format!("**`{}`: {count}**\n\n", phrase.trim());
            for &task in tasks.iter().take(LIST_LIMIT) {
                let _ = writeln!(
                    markdown,
                    "- {}: {}",
                    analysis.display_name(task),
                    analysis.tasks[task].title
                );
            }
            if tasks.len() > LIST_LIMIT {
                let _ = writeln!(markdown, "- and {} more", tasks.len() - LIST_LIMIT);
            }
            return Some(Hover { range, markdown });
        }
    }
    None
}

/// The markdown card of one task.
fn card(analysis: &Analysis, plan: &Plan, index: usize) -> String {
    let task = &analysis.tasks[index];
    let value = |kind: FieldKind| {
        task.field(kind)
            .map(|field| field.text.trim().to_string())
            .filter(|text| !text.is_empty())
    };
    let mut out = format!(
        "**{}: {}**\n\n",
        analysis.display_name(index),
        super::short_title(&task.title)
    );
    if let Some(phase) = task.phase.and_then(|p| analysis.phases.get(p)) {
        let _ = writeln!(out, "- Phase {}: {}", phase.id, phase.title);
    }
    if let Some(parent) = task.parent {
        let _ = writeln!(
            out,
            "- Sub-task of {} (“{}”)",
            analysis.display_name(parent),
            analysis.tasks[parent].title
        );
    }
    let children: Vec<String> = analysis
        .model
        .children(index)
        .map(|c| analysis.tasks[c].id.clone())
        .collect();
    if !children.is_empty() {
        let _ = writeln!(out, "- Sub-tasks: {}", children.join(", "));
    }
    if task.cancelled {
        let _ = writeln!(out, "- Cancelled (struck through): not counted, not scheduled");
    }
    if task.optional {
        let _ = writeln!(out, "- Optional");
    }
    let mut facts = Vec::new();
    if let Some(kind) = value(FieldKind::Type) {
        facts.push(format!("Type: {kind}"));
    }
    if let Some(priority) = value(FieldKind::Priority) {
        // The document's own scale, with the level it stands for when it is a named one.
        match crate::lex::priority::priority_level(&priority) {
            Some(level) if !priority.eq_ignore_ascii_case(&format!("P{level}")) => {
                facts.push(format!("Priority: {priority} (P{level})"))
            }
            _ => facts.push(format!("Priority: {priority}")),
        }
    }
    if let Some(assignee) = value(FieldKind::Assignee) {
        facts.push(format!("Assigned to: {assignee}"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "- {}", facts.join(" · "));
    }
    let _ = writeln!(out, "- Estimate: {}", estimate_line(analysis, plan, index));
    let mut progress = vec![status_text(analysis, index)];
    let (checked, total) = task.criteria_counts();
    if total > 0 {
        progress.push(format!("criteria {checked}/{total} done"));
    }
    let _ = writeln!(out, "- Status: {}", progress.join(" · "));
    if let Some(others) = analysis.by_id.get(&task.id).filter(|others| others.len() > 1) {
        let _ = writeln!(
            out,
            "- The ID `{}` is used by {} tasks; references go to the first (“{}”).",
            task.id,
            others.len(),
            analysis.tasks[others.first].title
        );
    }
    // What the task states, then what a convention implies (Kiro's order of the list).
    let implied = |edge: &&crate::plan::Edge| edge.kind == crate::plan::EdgeKind::Implied;
    let mut depends: Vec<(usize, Option<Via>)> = analysis.dependencies[index]
        .iter()
        .filter(|dependency| dependency.target != index)
        .map(|dependency| {
            (
                dependency.target,
                via(dependency.direct, dependency.rule, &dependency.range),
            )
        })
        .collect();
    depends.extend(
        plan.preds[index]
            .iter()
            .map(|&edge| &plan.edges[edge])
            .filter(implied)
            .map(|edge| (edge.from, via(false, edge.rule, &edge.range))),
    );
    push_task_list(&mut out, analysis, "Depends on", &depends);
    let needed: Vec<(usize, Option<Via>)> = plan.succs[index]
        .iter()
        .map(|&edge| &plan.edges[edge])
        .filter(|edge| edge.kind == crate::plan::EdgeKind::Stated || implied(edge))
        .map(|edge| (edge.to, via(edge.direct, edge.rule, &edge.range)))
        .collect();
    push_task_list(&mut out, analysis, "Needed by", &needed);
    let _ = writeln!(out, "- Schedule: {}", schedule_line(plan, index));
    if let Some(after) = super::starts_after(analysis, plan, index) {
        let _ = writeln!(out, "- Starts {after}");
    }
    out.truncate(out.trim_end().len());
    out
}

/// The estimate as written, with its value in the schedule's unit.
fn estimate_line(analysis: &Analysis, plan: &Plan, index: usize) -> String {
    let task = &analysis.tasks[index];
    let zero = plan.zero_estimate.contains(&index);
    let written = task
        .estimate_field()
        .map(|field| field.text.trim().to_string())
        .filter(|text| !text.is_empty());
    let sum = sub_task_hours(analysis, index);
    let Some(written) = written else {
        if let Some(hours) = sum {
            return format!("{}h, the sum of its sub-tasks", format_number(hours));
        }
        return if zero {
            "no estimate — counted as zero in the schedule".to_string()
        } else {
            "no estimate".to_string()
        };
    };
    if zero {
        return format!("{written} — not usable, counted as zero in the schedule");
    }
    let calendar = analysis.model.document().config().calendar;
    let converted = match task.estimate() {
        Some(EstimateValue::Estimate(estimate)) => match plan.unit {
            Unit::Points => estimate.points().map(|points| format!("{} pts", format_number(points))),
            Unit::Hours | Unit::Tasks => estimate
                .hours(&calendar)
                .map(|hours| format!("{}h", format_number(hours))),
        },
        _ => None,
    };
    let line = match converted {
        Some(converted) if converted != written => format!("{written} ({converted})"),
        _ => written,
    };
    match sum {
        Some(hours) => format!("{line}; its sub-tasks add up to {}h", format_number(hours)),
        None => line,
    }
}

/// The hours a parent's sub-tasks add up to (the leaves under it: the schedule's work), when
/// it has sub-tasks and at least one of them an estimate in time. Iterative: nesting depth is
/// user data.
fn sub_task_hours(analysis: &Analysis, index: usize) -> Option<f64> {
    let calendar = analysis.model.document().config().calendar;
    let mut total = None;
    for task in (index + 1..analysis.tasks.len()).take_while(|&t| analysis.is_ancestor(index, t)) {
        if analysis.tasks[task].children > 0 {
            continue;
        }
        if let Some(EstimateValue::Estimate(estimate)) = analysis.tasks[task].estimate()
            && let Some(hours) = estimate.hours(&calendar)
        {
            *total.get_or_insert(0.0) += hours;
        }
    }
    total
}

/// Done, or what the status field says, or not done.
fn status_text(analysis: &Analysis, index: usize) -> String {
    if analysis.done[index] {
        return "done".to_string();
    }
    analysis.tasks[index]
        .field(FieldKind::Status)
        .map(|field| field.text.trim().to_string())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| "not done".to_string())
}

/// How an edge that no dependency item names directly came about.
enum Via {
    /// A group form in a dependency field (`All previous phases`).
    Phrase(Range<usize>),
    /// A configured rule (Kiro's implicit order).
    Rule(&'static str),
}

fn via(direct: bool, rule: Option<&'static str>, range: &Range<usize>) -> Option<Via> {
    match rule {
        Some(rule) => Some(Via::Rule(rule)),
        None => (!direct).then(|| Via::Phrase(range.clone())),
    }
}

/// A titled list of tasks, each with its title and, for an edge from a group form, the phrase
/// that made it.
fn push_task_list(out: &mut String, analysis: &Analysis, heading: &str, tasks: &[(usize, Option<Via>)]) {
    if tasks.is_empty() {
        return;
    }
    let _ = writeln!(out, "- {heading}:");
    let rope = analysis.model.document().rope();
    for (task, via) in tasks.iter().take(LIST_LIMIT) {
        let info = &analysis.tasks[*task];
        let _ = write!(out, "  - {} {}", info.id, info.title);
        match via {
            Some(Via::Phrase(range)) => {
                let _ = write!(out, " (via `{}`)", crate::model::text_of(rope, range.clone()).trim());
            }
            Some(Via::Rule(rule)) => {
                let _ = write!(out, " (by the rule “{rule}”)");
            }
            None => {}
        }
        out.push('\n');
    }
    if tasks.len() > LIST_LIMIT {
        let _ = writeln!(out, "  - … and {} more", tasks.len() - LIST_LIMIT);
    }
}

/// Where the task sits in the schedule, or why it is not in it.
fn schedule_line(plan: &Plan, index: usize) -> String {
    let unit = plan.unit.suffix();
    match plan.times.get(index).copied().flatten() {
        Some(times) => {
            let path = if times.critical {
                "on the critical path"
            } else {
                "not on the critical path"
            };
            format!(
                "starts at {}{unit}, finishes at {}{unit} · slack {}{unit} · {path}",
                format_number(times.es),
                format_number(times.ef),
                format_number(times.slack),
            )
        }
        None if plan.on_cycle.get(index).copied().unwrap_or(false) => {
            "not scheduled: on a dependency cycle".to_string()
        }
        None => "not scheduled: waiting on a cycle".to_string(),
    }
}
