//! Hours a document states about its own work: a total (`**Total Duration:** 5-7 hours`,
//! `**推定作業時間**: 2-3時間`, `**예상 시간**: 16-20시간`, `Charge totale : 700 heures`), a
//! phase's (`## Phase 2: 이미지 추출 (12개 태스크, 6시간)`, `### Phase 1 [8h]`, `**Charge** : 80h`
//! under a phase heading), and a parent task's estimate against the sum of its sub-tasks'.
//!
//! The computed figure is the sum of the scope's estimates, as a range where estimates are
//! ranges, in the document's hours per day; a task with sub-tasks that carry estimates counts
//! as their sum. A claim holds where its range overlaps the computed one, within rounding.
//! Weeks and sprints are calendar time, not a sum of estimates, and are not compared.

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::Diagnostic;
use crate::lex::claim_words::{ABOUT_WORDS, EFFORT_LABEL_WORDS, TOTAL_WORDS};
use crate::lex::estimate::{Calendar, Estimate, EstimateUnit, EstimateValue, parse_estimate};

use super::counts::Place;
use super::{DocumentLines, Fence, Unwritten, format, leftover, read_scope};

/// True when a line states hours in one of the forms [`check`] reads: a heading with a
/// duration in brackets, or an effort label followed by a duration.
pub(super) fn states_claim(line: &str) -> bool {
    if !reads_line(line) {
        return false;
    }
    if line.trim_start().starts_with('#') {
        return bracketed_hours(line).is_some();
    }
    let Some(colon) = line.find([':', '：']) else {
        return false;
    };
    let label = line[..colon].to_lowercase();
    // A task's own estimate field is an estimate, not a claim about others; weeks are not
    // compared.
    let bare = label.trim_matches(|c: char| !c.is_alphanumeric());
    let own_estimate = matches!(
        bare,
        "estimate" | "estimated" | "estimación" | "estimation" | "schätzung" | "見積もり"
    );
    let value = &line[colon + line[colon..].chars().next().map_or(1, char::len_utf8)..];
    !own_estimate
        && EFFORT_LABEL_WORDS.iter().any(|w| label.contains(w))
        && matches!(parse_estimate(value), EstimateValue::Estimate(e) if e.unit != EstimateUnit::Weeks)
}

/// The phase whose heading starts at `start`, the first of them if several do, through a map
/// of the phases' line starts built once (a scan of the phases per heading line made the
/// check cost the phases times the tasks).
fn phase_at(analysis: &Analysis, lines: &std::cell::OnceCell<HashMap<usize, usize>>, start: usize) -> Option<usize> {
    let lines = lines.get_or_init(|| {
        let mut lines = HashMap::new();
        for phase in analysis.phases.iter().rev() {
            lines.insert(phase.line.start, phase.index);
        }
        lines
    });
    lines.get(&start).copied()
}

/// The tasks of a phase in document order, through lists of each phase's tasks built once (a
/// scan of the tasks per phase made the check cost the phases times the tasks).
fn tasks_of<'a>(analysis: &Analysis, lists: &'a std::cell::OnceCell<Vec<Vec<usize>>>, phase: usize) -> &'a [usize] {
    let lists = lists.get_or_init(|| {
        let mut lists = vec![Vec::new(); analysis.phases.len()];
        for (index, task) in analysis.tasks.iter().enumerate() {
            if let Some(list) = task.phase.and_then(|phase| lists.get_mut(phase)) {
                list.push(index);
            }
        }
        lists
    });
    lists.get(phase).map_or(&[], Vec::as_slice)
}

/// True when a line may state hours of work.
pub(super) fn reads_line(line: &str) -> bool {
    // A heading states hours only in brackets ([`bracketed_hours`]).
    let heading = line.trim_start().starts_with('#') && line.contains(['(', '（', '[']);
    line.bytes().any(|b| b.is_ascii_digit()) && (heading || EFFORT_LINE_WORDS.in_line(line))
}

/// The labels of effort a line of hours may give ([`EFFORT_LABEL_WORDS`]).
static EFFORT_LINE_WORDS: std::sync::LazyLock<crate::lex::claim_line::LowercaseWords> =
    std::sync::LazyLock::new(|| crate::lex::claim_line::LowercaseWords::new(EFFORT_LABEL_WORDS.iter().copied()));

/// Checks the stated hours of the document, its phases and its parent tasks.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, unwritten: &Unwritten, out: &mut Vec<Diagnostic>) {
    let calendar = analysis.model.document().config().calendar;
    let hours = TaskHours::new(analysis, &calendar);
    if hours.estimated == 0 {
        return;
    }
    let first_task = analysis.tasks.iter().map(|t| t.line.start).min().unwrap_or(0);
    let last_task = analysis.tasks.iter().map(|t| t.section.end).max().unwrap_or(0);
    let phase_lines = std::cell::OnceCell::new();
    let phase_tasks = std::cell::OnceCell::new();
    let phase_starts = std::cell::OnceCell::new();
    for line in text.lines() {
        if line.fence != Fence::None || !line.reads(super::marks::HOURS) {
            continue;
        }
        let trimmed = line.text.trim_start();
        if trimmed.starts_with('#') {
            // A phase heading with its hours in brackets.
            let Some(phase) = phase_at(analysis, &phase_lines, line.start) else {
                continue;
            };
            let Some((estimate, range)) = bracketed_hours(line.text) else {
                continue;
            };
            let members: Vec<usize> = tasks_of(analysis, &phase_tasks, phase).to_vec();
            let what = format!("phase {}", analysis.phases[phase].id);
            compare(
                analysis,
                unwritten,
                &hours,
                &calendar,
                &estimate,
                false,
                line.start + range.start..line.start + range.end,
                &members,
                &what,
                out,
            );
            continue;
        }
        if super::owner(analysis, &line).is_some() {
            continue;
        }
        let Some(colon) = line.text.find([':', '：']) else {
            continue;
        };
        let label = line.text[..colon].replace(['*', '_', '-', '#'], "");
        let label_lower = label.to_lowercase();
        // A critical path's duration is the schedule's length, not a sum of estimates.
        let critical = [
            "critical",
            "crítica",
            "critique",
            "kritisch",
            "关键",
            "クリティカル",
            "크리티컬",
        ];
        if !EFFORT_LABEL_WORDS.iter().any(|w| label_lower.contains(w))
            || critical.iter().any(|w| label_lower.contains(w))
        {
            continue;
        }
        let value_start = colon + line.text[colon..].chars().next().map_or(1, char::len_utf8);
        let value = &line.text[value_start..];
        let value_end = value.find(['(', '（', '|']).unwrap_or(value.len());
        let EstimateValue::Estimate(estimate) = parse_estimate(&value[..value_end]) else {
            continue;
        };
        let about = ABOUT_WORDS
            .iter()
            .any(|w| value.trim_start().to_lowercase().starts_with(w));
        let scope = read_scope(analysis, &label);
        let rest = leftover(
            &scope.residue,
            &[
                EFFORT_LABEL_WORDS,
                TOTAL_WORDS,
                &[
                    "estimated",
                    "estimada",
                    "estimado",
                    "geschätzt",
                    "total",
                    "推定",
                    "予定",
                    "想定",
                    "预估",
                    "預估",
                    "총",
                ],
            ],
        );
        let members: Vec<usize>;
        let what: String;
        if scope.names_something() {
            if !rest.is_empty() {
                continue;
            }
            members = scope.members(analysis);
            what = "the tasks it names".to_string();
        } else if !rest.is_empty() {
            continue;
        } else if let Place::PhaseIntro(phase) = Place::of(analysis, &phase_starts, &line, first_task, last_task) {
            // A phase's introduction speaks for its phase, even before the document's first
            // task (`## Phase I` / `### Phase I Overview` / `**Total Duration:** 5-7 hours`).
            members = tasks_of(analysis, &phase_tasks, phase).to_vec();
            what = format!("phase {}", analysis.phases[phase].id);
        } else if line.start < first_task || line.start >= last_task {
            members = (0..analysis.tasks.len()).collect();
            what = "the document".to_string();
        } else {
            continue;
        }
        let range = line.start + value_start + estimate.range.start..line.start + value_start + estimate.range.end;
        compare(
            analysis, unwritten, &hours, &calendar, &estimate, about, range, &members, &what, out,
        );
    }
    parents(analysis, &hours, &calendar, out);
}

/// Each task's hours: its own estimate, or the sum of its sub-tasks' where they carry
/// estimates.
struct TaskHours {
    /// Low and high hours per task, None where nothing is estimated.
    hours: Vec<Option<(f64, f64)>>,
    /// Low and high of each task's own estimate.
    own: Vec<Option<(f64, f64)>>,
    /// How many tasks carry a duration estimate.
    estimated: usize,
}

impl TaskHours {
    fn new(analysis: &Analysis, calendar: &Calendar) -> TaskHours {
        let tasks = &analysis.tasks;
        let own: Vec<Option<(f64, f64)>> = tasks
            .iter()
            .map(|task| match task.estimate() {
                Some(EstimateValue::Estimate(e)) if e.unit != EstimateUnit::Points => {
                    Some((e.low_hours(calendar)?, e.hours(calendar)?))
                }
                _ => None,
            })
            .collect();
        let estimated = own.iter().flatten().count();
        let mut hours = own.clone();
        // Children come after their parents: fold sums from the last task up.
        let mut sums: Vec<Option<(f64, f64)>> = vec![None; tasks.len()];
        for k in (0..tasks.len()).rev() {
            let value = sums[k].or(own[k]);
            hours[k] = value;
            if let (Some(parent), Some((lo, hi))) = (tasks[k].parent, value) {
                let entry = sums[parent].get_or_insert((0.0, 0.0));
                entry.0 += lo;
                entry.1 += hi;
            }
        }
        TaskHours { hours, own, estimated }
    }

    /// The sum over a scope's tasks whose parent is outside it, and whether every one of them
    /// is estimated.
    fn sum(&self, analysis: &Analysis, members: &[usize]) -> (f64, f64, bool) {
        let mut low = 0.0;
        let mut high = 0.0;
        let mut complete = true;
        for &task in members {
            if analysis.tasks[task].parent.is_some_and(|p| members.contains(&p)) {
                continue;
            }
            match self.hours[task] {
                Some((lo, hi)) => {
                    low += lo;
                    high += hi;
                }
                None if !analysis.tasks[task].cancelled => complete = false,
                None => {}
            }
        }
        (low, high, complete)
    }
}

/// The hours in a heading's brackets: `(12개 태스크, 6시간)`, `[8h]`, `(3-4 días)`.
fn bracketed_hours(line: &str) -> Option<(Estimate, std::ops::Range<usize>)> {
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        let mut from = 0;
        while let Some(at) = line[from..].find(open) {
            let start = from + at + open.len_utf8();
            let end = line[start..].find(close).map_or(line.len(), |k| start + k);
            let inner = &line[start..end];
            let mut part_start = start;
            for part in inner.split([',', '，', '、', '/', '|']) {
                if let EstimateValue::Estimate(estimate) = parse_estimate(part)
                    && estimate.unit != EstimateUnit::Points
                    && estimate.unit != EstimateUnit::Weeks
                    && part
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit() || c == '~' || c == '约')
                {
                    let range = part_start + estimate.range.start..part_start + estimate.range.end;
                    return Some((estimate, range));
                }
                part_start += part.len() + 1;
            }
            from = end;
            if from >= line.len() {
                break;
            }
        }
    }
    None
}

/// Compares a stated duration with the sum of a scope's estimates.
#[allow(clippy::too_many_arguments)]
fn compare(
    analysis: &Analysis,
    unwritten: &Unwritten,
    hours: &TaskHours,
    calendar: &Calendar,
    estimate: &Estimate,
    about: bool,
    range: std::ops::Range<usize>,
    members: &[usize],
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    if estimate.unit == EstimateUnit::Weeks || members.is_empty() {
        return;
    }
    let (Some(claim_low), Some(claim_high)) = (estimate.low_hours(calendar), estimate.hours(calendar)) else {
        return;
    };
    let (low, high, complete) = hours.sum(analysis, members);
    let complete = complete && !unwritten.may_lack(analysis, members);
    if high == 0.0 {
        return;
    }
    let slack = if about { 0.15 } else { 0.05 };
    let claim_low_ok = claim_low * (1.0 - slack) - 0.25;
    let claim_high_ok = claim_high * (1.0 + slack) + 0.25;
    let overlaps = claim_low_ok <= high && low <= claim_high_ok;
    // Where some tasks carry no estimate the sum is a floor: only a claim below it is wrong.
    let wrong = if complete { !overlaps } else { claim_high_ok < low };
    if !wrong {
        return;
    }
    let stated = text_of_estimate(estimate, calendar);
    let computed = if (high - low).abs() < 1e-9 {
        format!("{}h", format(round(high)))
    } else {
        format!("{}–{}h", format(round(low)), format(round(high)))
    };
    let in_days = matches!(estimate.unit, EstimateUnit::Days);
    let days = if in_days {
        format!(
            " ({} days of {}h)",
            if (high - low).abs() < 1e-9 {
                format(round(high / calendar.hours_per_day))
            } else {
                format!(
                    "{}–{}",
                    format(round(low / calendar.hours_per_day)),
                    format(round(high / calendar.hours_per_day))
                )
            },
            format(calendar.hours_per_day)
        )
    } else {
        String::new()
    };
    let counted = members
        .iter()
        .filter(|&&t| !analysis.tasks[t].parent.is_some_and(|p| members.contains(&p)))
        .count();
    // The claim holds with the computed figure in its own unit in place of its number.
    let replacement = claimed_numbers(analysis, &range).map(|numbers| {
        let per_unit = estimate.unit.to_hours(1.0, calendar).unwrap_or(1.0);
        let (lo, hi) = (round_to(low / per_unit, 1), round_to(high / per_unit, 1));
        let figure = if (hi - lo).abs() < 1e-9 {
            format(hi)
        } else {
            format!("{}-{}", format(lo), format(hi))
        };
        (numbers, figure)
    });
    let diagnostic = Diagnostic::new(
        Code::DurationMismatch,
        range,
        format!(
            "This says {stated}, but {} add up to {computed}{days}{}.",
            if counted == 1 {
                format!("the estimates of the one task of {what}")
            } else {
                format!("the estimates of the {counted} tasks of {what}")
            },
            if complete {
                ""
            } else {
                ", and some of them carry no estimate"
            }
        ),
    );
    out.push(match replacement {
        // Where some tasks carry no estimate the sum is a floor, not the figure to write.
        Some((numbers, figure)) if complete => {
            let whole = range_text(analysis, &diagnostic.range);
            let unit = whole[numbers.end - numbers.start..].to_string();
            diagnostic.with_replacement(format!("{figure}{unit}"))
        }
        _ => diagnostic,
    });
}

/// The numbers that open a stated duration (`12-16` of `12-16 días`), as a range.
fn claimed_numbers(analysis: &Analysis, range: &std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let text = range_text(analysis, range);
    let len = text
        .char_indices()
        .take_while(|&(_, c)| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '–' | ' '))
        .map(|(k, c)| k + c.len_utf8())
        .last()?;
    let len = text[..len].trim_end_matches([' ', '-', '–']).len();
    (len > 0).then(|| range.start..range.start + len)
}

fn range_text(analysis: &Analysis, range: &std::ops::Range<usize>) -> String {
    crate::model::text_of(analysis.model.document().rope(), range.clone()).into_owned()
}

/// A parent's written estimate against the sum of its sub-tasks' estimates.
fn parents(analysis: &Analysis, hours: &TaskHours, calendar: &Calendar, out: &mut Vec<Diagnostic>) {
    for (task, info) in analysis.tasks.iter().enumerate() {
        if info.children == 0 {
            continue;
        }
        let (Some((own_low, own_high)), Some((low, high))) = (hours.own[task], hours.hours[task]) else {
            continue;
        };
        let children: Vec<usize> = (task + 1..analysis.tasks.len())
            .take_while(|&k| analysis.is_ancestor(task, k))
            .filter(|&k| analysis.tasks[k].parent == Some(task))
            .collect();
        if children.iter().any(|&k| hours.hours[k].is_none()) {
            continue;
        }
        let overlaps = own_low * 0.95 - 0.25 <= high && low <= own_high * 1.05 + 0.25;
        if overlaps {
            continue;
        }
        let Some(field) = info.written_estimate() else {
            continue;
        };
        let EstimateValue::Estimate(estimate) = parse_estimate(&field.text) else {
            continue;
        };
        let computed = if (high - low).abs() < 1e-9 {
            format!("{}h", format(round(high)))
        } else {
            format!("{}–{}h", format(round(low)), format(round(high)))
        };
        out.push(Diagnostic::new(
            Code::DurationMismatch,
            field.value.clone(),
            format!(
                "Task {} is estimated at {}, but its {} sub-tasks add up to {computed}.",
                info.id,
                text_of_estimate(&estimate, calendar),
                children.len()
            ),
        ));
    }
}

/// A value rounded to `decimals` places.
fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

fn round(value: f64) -> f64 {
    round_to(value, 2)
}

/// An estimate as a reader wrote it, in its own unit.
fn text_of_estimate(estimate: &Estimate, calendar: &Calendar) -> String {
    let unit = match estimate.unit {
        EstimateUnit::Minutes => "min",
        EstimateUnit::Hours => "h",
        EstimateUnit::Days if estimate.high == 1.0 => " day",
        EstimateUnit::Days => " days",
        EstimateUnit::Weeks => " weeks",
        EstimateUnit::Points => " points",
    };
    let _ = calendar;
    if (estimate.high - estimate.low).abs() < 1e-9 {
        format!("{}{unit}", format(estimate.high))
    } else {
        format!("{}–{}{unit}", format(estimate.low), format(estimate.high))
    }
}
