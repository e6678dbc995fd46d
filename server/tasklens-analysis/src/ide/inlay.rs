//! Inlay hints: short notes the editor shows inside the text, each kind a setting
//! ([`crate::config::Display`]). After an estimate not written in hours, its hours
//! (`1.5 days` → `12h`); after a range or group phrase, what it expands to (`Tasks 2.1-2.4` →
//! `2.1, 2.2, 2.3, 2.4`, `All previous phases` → `12 tasks`); after a task's line, its
//! earliest start and slack (off by default).

use std::ops::Range;

use crate::analysis::Analysis;
use crate::checks::format_number;
use crate::lex::estimate::{EstimateUnit, EstimateValue, parse_estimate};
use crate::plan::Plan;

/// An expansion names its tasks one by one up to this many, and counts them beyond.
const LISTED: usize = 6;

/// What an inlay hint tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HintKind {
    /// The hours of an estimate written in days, weeks or minutes.
    Hours,
    /// The tasks a range or group phrase names.
    Expansion,
    /// A task's earliest start and slack.
    Schedule,
}

/// An inlay hint: a label shown at an offset of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the label is shown: the end of the text it is about.
    pub offset: usize,
    /// The label.
    pub label: String,
    /// What the label tells.
    pub kind: HintKind,
}

/// The hints whose offsets lie in `range`, of the kinds the settings turn on, in document
/// order.
pub fn inlay_hints(analysis: &Analysis, plan: &Plan, range: Range<usize>) -> Vec<InlayHint> {
    let display = analysis.model.document().config().display;
    let calendar = analysis.model.document().config().calendar;
    let mut hints = Vec::new();
    for task in &analysis.tasks {
        if task.section.end < range.start || task.section.start > range.end {
            continue;
        }
        if display.schedule_hints
            && let Some(times) = plan.times[task.index]
        {
            let unit = plan.unit.suffix();
            hints.push(InlayHint {
                offset: super::line_without_ending(analysis, &task.line).end,
                label: format!(
                    "ES {}{unit} · slack {}{unit}",
                    format_number(times.es),
                    format_number(times.slack)
                ),
                kind: HintKind::Schedule,
            });
        }
        // The field's estimate is lexed with ranges in its segment; lexing its text again
        // gives them relative to the value.
        if display.estimate_hints
            && let Some(field) = task.estimate_field()
            && let EstimateValue::Estimate(estimate) = parse_estimate(&field.text)
            && !matches!(estimate.unit, EstimateUnit::Hours | EstimateUnit::Points)
            && let Some(hours) = estimate.hours(&calendar)
        {
            hints.push(InlayHint {
                offset: field.value.start + estimate.range.end,
                label: format!("{}h", format_number(hours)),
                kind: HintKind::Hours,
            });
        }
        if display.expansion_hints {
            expansions(analysis, task.index, &mut hints);
        }
    }
    hints.retain(|hint| range.contains(&hint.offset) || hint.offset == range.end);
    hints.sort_by_key(|hint| hint.offset);
    hints
}

/// The expansion of each dependency item of a task that names more than one task, or names
/// tasks by a group form rather than by their IDs.
fn expansions(analysis: &Analysis, task: usize, hints: &mut Vec<InlayHint>) {
    let dependencies = &analysis.dependencies[task];
    let mut at = 0;
    while at < dependencies.len() {
        let range = dependencies[at].range.clone();
        let end = at + dependencies[at..].iter().take_while(|d| d.range == range).count();
        let group = &dependencies[at..end];
        at = end;
        // An implied edge is written nowhere; one ID written out needs no hint.
        if group[0].rule.is_some() || range.is_empty() || (group.len() == 1 && group[0].direct) {
            continue;
        }
        let mut ids: Vec<&str> = group.iter().map(|d| analysis.tasks[d.target].id.as_str()).collect();
        ids.dedup();
        let label = if ids.len() <= LISTED {
            ids.join(", ")
        } else {
            format!("{} tasks", ids.len())
        };
        hints.push(InlayHint {
            offset: range.end,
            label,
            kind: HintKind::Expansion,
        });
    }
}
