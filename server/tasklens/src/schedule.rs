//! `tasklens schedule` and `tasklens graph`: the critical path method over a file's
//! dependency graph, as a table, JSON or a Mermaid gantt chart, and the graph itself as
//! Mermaid, Graphviz DOT or JSON. The diagram text itself comes from the analysis crate
//! (`tasklens_analysis::render`), which the editor's source actions share.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use tasklens_analysis::checks::format_number;
use tasklens_analysis::plan::{EdgeKind, Milestone, Unit};
use tasklens_analysis::{Analysis, Plan, render};

/// How `schedule` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScheduleFormat {
    /// A table: ID, title, estimate, ES, EF, slack, critical.
    Table,
    /// The JSON contract in the README.
    Json,
    /// A Mermaid gantt chart with the critical tasks tagged `crit`.
    Mermaid,
}

/// How `graph` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart; critical edges are thick.
    Mermaid,
    /// Graphviz DOT; critical edges are red and bold.
    Dot,
    /// Nodes and edges as JSON.
    Json,
}

/// Reads and analyses a file, renders it with `render`, writes the result; returns the exit
/// code (2 when the file cannot be read or the output cannot be written).
fn run(
    path: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
    render: impl FnOnce(&Analysis, &Plan) -> Result<String, String>,
) -> u8 {
    let (_, analysis) = match crate::files::analyze_file(path, err) {
        Ok(read) => read,
        Err(code) => return code,
    };
    let plan = Plan::new(&analysis);
    match render(&analysis, &plan) {
        Ok(rendered) => match out.write_all(rendered.as_bytes()) {
            Ok(()) => 0,
            // A reader that closed the pipe early (`| head`) ends the output quietly.
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => 0,
            Err(error) => {
                let _ = writeln!(err, "error: cannot write the output: {error}");
                2
            }
        },
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            2
        }
    }
}

/// Pretty JSON with a final line break.
fn json(value: &impl Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|json| json + "\n")
        .map_err(|error| format!("cannot write JSON: {error}"))
}

/// Runs `schedule`; returns the exit code.
pub fn run_schedule(path: &Path, format: ScheduleFormat, out: &mut impl Write, err: &mut impl Write) -> u8 {
    run(path, out, err, |analysis, plan| match format {
        ScheduleFormat::Table => Ok(table(analysis, plan)),
        ScheduleFormat::Json => json(&schedule_json(analysis, plan)),
        ScheduleFormat::Mermaid => Ok(render::gantt(analysis, plan)),
    })
}

/// Runs `graph`; returns the exit code.
pub fn run_graph(path: &Path, format: GraphFormat, out: &mut impl Write, err: &mut impl Write) -> u8 {
    run(path, out, err, |analysis, plan| match format {
        GraphFormat::Mermaid => Ok(render::flowchart(analysis, plan)),
        GraphFormat::Dot => Ok(render::dot(analysis, plan)),
        GraphFormat::Json => json(&graph_json(analysis, plan)),
    })
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Hours => "hours",
        Unit::Points => "points",
        Unit::Tasks => "tasks (no task has an estimate; each counts as one)",
    }
}

fn ids(analysis: &Analysis, tasks: &[usize]) -> Vec<String> {
    tasks.iter().map(|&t| analysis.tasks[t].id.clone()).collect()
}

/// The schedule as a table, with notes on what it left out or counted as zero.
pub fn table(analysis: &Analysis, plan: &Plan) -> String {
    let rope = analysis.model.document().rope();
    let mut rows = vec![
        ["ID", "Title", "Estimate", "ES", "EF", "Slack", "Critical"]
            .map(String::from)
            .to_vec(),
    ];
    for (task, info) in analysis.tasks.iter().enumerate() {
        let estimate = info
            .estimate_field()
            .map(|f| tasklens_analysis::model::slice(rope, f.value.clone()))
            .unwrap_or_else(|| "—".into());
        let title: String = if info.title.chars().count() > 40 {
            info.title.chars().take(39).collect::<String>() + "…"
        } else {
            info.title.clone()
        };
        let row = match plan.times[task] {
            Some(t) => vec![
                info.id.clone(),
                title,
                estimate,
                format_number(t.es),
                format_number(t.ef),
                format_number(t.slack),
                if t.critical { "yes".into() } else { String::new() },
            ],
            None => vec![
                info.id.clone(),
                title,
                estimate,
                "—".into(),
                "—".into(),
                "—".into(),
                "left out".into(),
            ],
        };
        rows.push(row);
    }
    let widths: Vec<usize> = (0..7)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c] - cell.chars().count();
                if (3..=5).contains(&c) {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
        if i == 0 {
            let _ = writeln!(
                out,
                "{}",
                widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  ")
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Unit: {}", unit_name(plan.unit));
    let _ = writeln!(out, "Duration: {}{}", format_number(plan.duration), plan.unit.suffix());
    let _ = writeln!(out, "Critical path: {}", ids(analysis, &plan.critical_path).join(" → "));
    let _ = writeln!(out, "Waves: {}", plan.waves.len());
    let rope = analysis.model.document().rope();
    let line = |offset: usize| rope.byte_to_line(offset.min(rope.len_bytes())) + 1;
    if !analysis.phase_edges.is_empty() {
        let _ = writeln!(
            out,
            "Phase order (each phase's tasks start when the phases it waits for end):"
        );
        for edge in &analysis.phase_edges {
            let _ = writeln!(
                out,
                "  phase {} after phase {}: {}, line {}",
                analysis.phases[edge.to].id,
                analysis.phases[edge.from].id,
                edge.source.describe(),
                line(edge.range.start)
            );
        }
    }
    for (rule, count) in implied_rules(analysis, plan) {
        let _ = writeln!(out, "Implied order: {rule} ({count} edges; no text states them)");
    }
    if !plan.zero_estimate.is_empty() && plan.unit != Unit::Tasks {
        let _ = writeln!(
            out,
            "Counted as zero (no usable estimate): {}",
            ids(analysis, &plan.zero_estimate).join(", ")
        );
    }
    if !plan.left_out.is_empty() {
        let on_cycle: Vec<usize> = plan.left_out.iter().copied().filter(|&t| plan.on_cycle[t]).collect();
        let waiting: Vec<usize> = plan.left_out.iter().copied().filter(|&t| !plan.on_cycle[t]).collect();
        let _ = write!(
            out,
            "Left out: on a dependency cycle: {}",
            ids(analysis, &on_cycle).join(", ")
        );
        if !waiting.is_empty() {
            let _ = write!(out, "; waiting on a cycle: {}", ids(analysis, &waiting).join(", "));
        }
        let _ = writeln!(out);
    }
    out
}

/// The rules of the implied edges between tasks, each with how many edges it makes, in the
/// order they first appear.
fn implied_rules(analysis: &Analysis, plan: &Plan) -> Vec<(&'static str, usize)> {
    let mut rules: Vec<(&'static str, usize)> = Vec::new();
    // A parent's implied edge counts once, not again for each sub-task it passes on to.
    let drawn = render::drawn_edges(analysis, plan).filter(|edge| edge.kind == EdgeKind::Implied);
    for edge in drawn {
        let Some(rule) = edge.rule else { continue };
        match rules.iter_mut().find(|(r, _)| *r == rule) {
            Some((_, count)) => *count += 1,
            None => rules.push((rule, 1)),
        }
    }
    rules
}

/// The JSON form of the schedule.
#[derive(Debug, Serialize)]
pub struct ScheduleJson {
    unit: Unit,
    duration: f64,
    critical_path: Vec<String>,
    waves: Vec<Vec<String>>,
    tasks: Vec<TaskTimesJson>,
    left_out: Vec<String>,
    zero_estimate: Vec<String>,
    cancelled: Vec<String>,
    /// When each ordered phase may start and when it ends.
    milestones: Vec<MilestoneJson>,
    /// The order of phases, each pair with how and where the document states it.
    phase_order: Vec<PhaseOrderJson>,
    /// The conventions that order tasks without a text that says so, with their edge counts.
    implied_order: Vec<ImpliedOrderJson>,
}

#[derive(Debug, Serialize)]
struct MilestoneJson {
    phase: String,
    /// `start` or `end`.
    kind: &'static str,
    /// The time, in the schedule's unit; null when the milestone waits on a cycle.
    time: Option<f64>,
    critical: bool,
}

#[derive(Debug, Serialize)]
struct PhaseOrderJson {
    from: String,
    to: String,
    source: &'static str,
    line: usize,
}

#[derive(Debug, Serialize)]
struct ImpliedOrderJson {
    rule: &'static str,
    edges: usize,
}

#[derive(Debug, Serialize)]
struct TaskTimesJson {
    id: String,
    key: String,
    line: usize,
    parent: Option<String>,
    duration: f64,
    es: f64,
    ef: f64,
    ls: f64,
    lf: f64,
    slack: f64,
    critical: bool,
}

/// Builds the JSON form of the schedule.
pub fn schedule_json(analysis: &Analysis, plan: &Plan) -> ScheduleJson {
    let rope = analysis.model.document().rope();
    let line = |offset: usize| rope.byte_to_line(offset.min(rope.len_bytes())) + 1;
    ScheduleJson {
        unit: plan.unit,
        duration: plan.duration,
        critical_path: ids(analysis, &plan.critical_path),
        waves: plan.waves.iter().map(|wave| ids(analysis, wave)).collect(),
        tasks: analysis
            .tasks
            .iter()
            .enumerate()
            .filter_map(|(task, info)| {
                plan.times[task].map(|t| TaskTimesJson {
                    id: info.id.clone(),
                    key: analysis.key(task).to_string(),
                    line: line(info.line.start),
                    parent: info.parent.map(|p| analysis.key(p).to_string()),
                    duration: t.duration,
                    es: t.es,
                    ef: t.ef,
                    ls: t.ls,
                    lf: t.lf,
                    slack: t.slack,
                    critical: t.critical,
                })
            })
            .collect(),
        left_out: ids(analysis, &plan.left_out),
        zero_estimate: if plan.unit == Unit::Tasks {
            Vec::new()
        } else {
            ids(analysis, &plan.zero_estimate)
        },
        cancelled: ids(analysis, &plan.cancelled),
        milestones: plan
            .milestones
            .iter()
            .zip(&plan.milestone_times)
            .map(|(milestone, times)| {
                let (phase, kind, time) = match milestone {
                    Milestone::PhaseStart(phase) => (*phase, "start", times.map(|t| t.es)),
                    Milestone::PhaseEnd(phase) => (*phase, "end", times.map(|t| t.ef)),
                };
                MilestoneJson {
                    phase: analysis.phases[phase].id.clone(),
                    kind,
                    time,
                    critical: times.is_some_and(|t| t.slack == 0.0),
                }
            })
            .collect(),
        phase_order: analysis
            .phase_edges
            .iter()
            .map(|edge| PhaseOrderJson {
                from: analysis.phases[edge.from].id.clone(),
                to: analysis.phases[edge.to].id.clone(),
                source: edge.source.name(),
                line: line(edge.range.start),
            })
            .collect(),
        implied_order: implied_rules(analysis, plan)
            .into_iter()
            .map(|(rule, edges)| ImpliedOrderJson { rule, edges })
            .collect(),
    }
}

/// The JSON form of the graph.
#[derive(Debug, Serialize)]
pub struct GraphJson {
    nodes: Vec<NodeJson>,
    edges: Vec<EdgeJson>,
    phase_edges: Vec<PhaseEdgeJson>,
}

#[derive(Debug, Serialize)]
struct NodeJson {
    id: String,
    title: String,
    phase: Option<String>,
    critical: bool,
    on_cycle: bool,
}

#[derive(Debug, Serialize)]
struct EdgeJson {
    from: String,
    to: String,
    /// `stated` or `implied`.
    kind: &'static str,
    /// The 1-based line that states the edge, or the dependent task's line for an implied one.
    line: usize,
    critical: bool,
}

#[derive(Debug, Serialize)]
struct PhaseEdgeJson {
    from: String,
    to: String,
    /// How the document orders the two phases: `statement`, `field`, `story`, `diagram` or
    /// `convention`.
    source: &'static str,
    line: usize,
}

/// Builds the JSON form of the graph.
pub fn graph_json(analysis: &Analysis, plan: &Plan) -> GraphJson {
    let rope = analysis.model.document().rope();
    let line = |offset: usize| rope.byte_to_line(offset.min(rope.len_bytes())) + 1;
    GraphJson {
        nodes: analysis
            .tasks
            .iter()
            .enumerate()
            .map(|(task, info)| NodeJson {
                id: info.id.clone(),
                title: info.title.clone(),
                phase: info.phase.map(|p| analysis.phases[p].id.clone()),
                critical: plan.times[task].is_some_and(|t| t.critical),
                on_cycle: plan.on_cycle[task],
            })
            .collect(),
        edges: render::drawn_edges(analysis, plan)
            .map(|edge| EdgeJson {
                from: analysis.tasks[edge.from].id.clone(),
                to: analysis.tasks[edge.to].id.clone(),
                kind: edge.kind.name(),
                line: line(edge.range.start),
                critical: render::critical_edge(plan, edge.from, edge.to),
            })
            .collect(),
        phase_edges: analysis
            .phase_edges
            .iter()
            .map(|edge| PhaseEdgeJson {
                from: analysis.phases[edge.from].id.clone(),
                to: analysis.phases[edge.to].id.clone(),
                source: edge.source.name(),
                line: line(edge.range.start),
            })
            .collect(),
    }
}
