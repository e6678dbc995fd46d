//! `tasklens tasks FILE --format json`: the task model as JSON, a contract that tests and
//! other tools rely on.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use tasklens_analysis::lex::estimate::EstimateValue;
use tasklens_analysis::lex::fields::FieldKind;
use tasklens_analysis::model::slice;
use tasklens_analysis::plan::{EdgeKind, Milestone};
use tasklens_analysis::{Analysis, Plan};

use crate::line_index::LineIndex;

/// The JSON document.
#[derive(Debug, Serialize)]
pub struct TasksJson {
    path: String,
    dialect: &'static str,
    phases: Vec<PhaseJson>,
    tasks: Vec<TaskJson>,
}

#[derive(Debug, Serialize)]
struct PhaseJson {
    id: String,
    title: String,
    line: usize,
    /// The phases this one waits for, as the document states them.
    dependencies: Vec<PhaseDependencyJson>,
    /// The user stories the phase holds (`US1`), from its title or its tasks' labels.
    stories: Vec<String>,
    /// When the phase may start and when it ends in the schedule; null where it waits on a
    /// cycle, or for a phase without scheduled tasks.
    milestone: Option<MilestoneJson>,
}

#[derive(Debug, Serialize)]
struct MilestoneJson {
    start: Option<f64>,
    end: Option<f64>,
}

#[derive(Debug, Serialize)]
struct ImpliedDependencyJson {
    /// The key of the task depended on.
    id: String,
    /// `implied` (an order the document's convention implies: Kiro's list order) or
    /// `inherited` (a parent's dependency, which its sub-tasks wait for too).
    kind: &'static str,
    /// The line of the edge: the dependent task's, or the parent's dependency item.
    line: usize,
}

#[derive(Debug, Serialize)]
struct PhaseDependencyJson {
    /// The earlier phase's ID.
    id: String,
    /// How the document states it: `statement`, `field`, `story`, `diagram`, or `convention`
    /// (spec-kit's Polish phase after every story).
    kind: &'static str,
    /// The line that says so.
    line: usize,
}

#[derive(Debug, Serialize)]
struct TaskJson {
    id: String,
    key: String,
    title: String,
    phase: Option<String>,
    line: usize,
    parent: Option<String>,
    optional: bool,
    cancelled: bool,
    #[serde(rename = "type")]
    task_type: Option<String>,
    priority: Option<String>,
    assignee: Option<String>,
    estimate: Option<EstimateJson>,
    dependencies: Vec<String>,
    /// The orders no dependency of the task's own states, which the schedule follows.
    implied_dependencies: Vec<ImpliedDependencyJson>,
    alternatives: Vec<Vec<String>>,
    done: bool,
    criteria: CriteriaJson,
}

#[derive(Debug, Serialize)]
struct EstimateJson {
    text: String,
    hours: Option<f64>,
    points: Option<f64>,
}

#[derive(Debug, Serialize)]
struct CriteriaJson {
    done: usize,
    total: usize,
}

/// Runs the command; returns the exit code.
pub fn run(path: &Path, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (text, analysis) = match crate::files::analyze_file(path, err) {
        Ok(read) => read,
        Err(code) => return code,
    };
    let json = to_json(&path.display().to_string(), &text, &analysis);
    match serde_json::to_writer_pretty(&mut *out, &json) {
        Ok(()) => {
            let _ = writeln!(out);
            0
        }
        // A reader that closed the pipe early (`| head`) ends the output quietly.
        Err(error) if error.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe) => 0,
        Err(error) => {
            let _ = writeln!(err, "error: cannot write JSON: {error}");
            2
        }
    }
}

/// Builds the JSON model of an analysed text.
pub fn to_json(path: &str, text: &str, analysis: &Analysis) -> TasksJson {
    let index = LineIndex::new(text);
    let plan = Plan::new(analysis);
    let rope = analysis.model.document().rope();
    let calendar = analysis.model.document().config().calendar;
    let value = |task: &tasklens_analysis::model::TaskInfo, kind: FieldKind| {
        task.field(kind)
            .map(|field| clean(&slice(rope, field.value.clone())))
            .filter(|v| !v.is_empty())
    };
    let phases = analysis
        .phases
        .iter()
        .map(|phase| PhaseJson {
            id: phase.id.clone(),
            title: phase.title.clone(),
            line: index.line_column(text, phase.line.start).line,
            dependencies: analysis
                .phase_edges
                .iter()
                .filter(|edge| edge.to == phase.index)
                .map(|edge| PhaseDependencyJson {
                    id: analysis.phases[edge.from].id.clone(),
                    kind: edge.source.name(),
                    line: index.line_column(text, edge.range.start).line,
                })
                .collect(),
            stories: analysis.phase_stories.get(phase.index).cloned().unwrap_or_default(),
            milestone: milestone(&plan, phase.index),
        })
        .collect();
    let tasks = analysis
        .tasks
        .iter()
        .map(|task| TaskJson {
            id: task.id.clone(),
            key: analysis.key(task.index).to_string(),
            title: task.title.clone(),
            phase: task.phase.map(|p| analysis.phases[p].id.clone()),
            line: index.line_column(text, task.line.start).line,
            parent: task.parent.map(|p| analysis.key(p).to_string()),
            optional: task.optional,
            cancelled: task.cancelled,
            task_type: value(task, FieldKind::Type),
            priority: value(task, FieldKind::Priority),
            assignee: value(task, FieldKind::Assignee),
            estimate: task.estimate_field().map(|field| {
                let text = clean(&slice(rope, field.value.clone()));
                match &field.estimate {
                    Some(EstimateValue::Estimate(estimate)) => EstimateJson {
                        text,
                        hours: estimate.hours(&calendar),
                        points: estimate.points(),
                    },
                    _ => EstimateJson {
                        text,
                        hours: None,
                        points: None,
                    },
                }
            }),
            dependencies: unique(
                analysis.dependencies[task.index]
                    .iter()
                    .filter(|d| d.alternative_of.is_none())
                    .map(|d| analysis.key(d.target).to_string())
                    .collect(),
            ),
            implied_dependencies: plan.preds[task.index]
                .iter()
                .map(|&edge| &plan.edges[edge])
                .filter(|edge| matches!(edge.kind, EdgeKind::Implied | EdgeKind::Inherited))
                .filter_map(|edge| {
                    let from = plan.task_of(edge.from)?;
                    Some(ImpliedDependencyJson {
                        id: analysis.key(from).to_string(),
                        kind: edge.kind.name(),
                        line: index.line_column(text, edge.range.start).line,
                    })
                })
                .collect(),
            alternatives: alternatives(analysis, task.index),
            done: analysis.done[task.index],
            criteria: {
                let (done, total) = task.criteria_counts();
                CriteriaJson { done, total }
            },
        })
        .collect();
    TasksJson {
        path: path.to_string(),
        dialect: analysis.dialect(),
        phases,
        tasks,
    }
}

/// When a phase starts and ends in the schedule, from its two milestones.
fn milestone(plan: &Plan, phase: usize) -> Option<MilestoneJson> {
    let mut found = MilestoneJson { start: None, end: None };
    let mut any = false;
    for (milestone, times) in plan.milestones.iter().zip(&plan.milestone_times) {
        match milestone {
            Milestone::PhaseStart(p) if *p == phase => {
                any = true;
                found.start = times.map(|t| t.es);
            }
            Milestone::PhaseEnd(p) if *p == phase => {
                any = true;
                found.end = times.map(|t| t.ef);
            }
            _ => {}
        }
    }
    any.then_some(found)
}

/// The choices among a task's dependencies (`OPS-005 or OPS-006`), each as the keys of its
/// tasks.
fn alternatives(analysis: &Analysis, task: usize) -> Vec<Vec<String>> {
    let mut out: Vec<(u32, Vec<String>)> = Vec::new();
    for dependency in &analysis.dependencies[task] {
        let Some(choice) = dependency.alternative_of else {
            continue;
        };
        let key = analysis.key(dependency.target).to_string();
        match out.iter_mut().find(|(c, _)| *c == choice) {
            Some((_, keys)) => keys.push(key),
            None => out.push((choice, vec![key])),
        }
    }
    out.into_iter().map(|(_, keys)| keys).collect()
}

/// Removes repeated identifiers (two tasks that share an ID), keeping the first.
fn unique(ids: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(id.clone())).collect()
}

/// Strips emphasis markers and whitespace around a field value.
fn clean(value: &str) -> String {
    value
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`')
        .trim()
        .to_string()
}
