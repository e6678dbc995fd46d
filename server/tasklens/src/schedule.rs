//! `tasklens schedule` and `tasklens graph`: the critical path method over a file's
//! dependency graph, as a table, JSON or a Mermaid gantt chart, and the graph itself as
//! Mermaid, Graphviz DOT or JSON.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use tasklens_analysis::checks::format_number;
use tasklens_analysis::plan::{EdgeKind, Milestone, Unit};
use tasklens_analysis::{Analysis, Plan};

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
            Err(_) => 2,
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
        ScheduleFormat::Mermaid => Ok(gantt(analysis, plan)),
    })
}

/// Runs `graph`; returns the exit code.
pub fn run_graph(path: &Path, format: GraphFormat, out: &mut impl Write, err: &mut impl Write) -> u8 {
    run(path, out, err, |analysis, plan| match format {
        GraphFormat::Mermaid => Ok(flowchart(analysis, plan)),
        GraphFormat::Dot => Ok(dot(analysis, plan)),
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
    let drawn = drawn_edges(analysis, plan).filter(|edge| edge.kind == EdgeKind::Implied);
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

/// Text safe inside a Mermaid task name or node label.
fn mermaid_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ':' | ';' | '#' | '"' | '[' | ']' | '{' | '}' | '<' | '>' | '|' => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Mermaid gantt chart: one section per phase, times on an axis of the schedule's unit.
pub fn gantt(analysis: &Analysis, plan: &Plan) -> String {
    let mut out = String::from("gantt\n");
    let _ = writeln!(
        out,
        "    title Schedule in {} (critical path: {}{})",
        unit_name_short(plan.unit),
        format_number(plan.duration),
        plan.unit.suffix()
    );
    out.push_str("    dateFormat X\n    axisFormat %s\n");
    let mut current_phase: Option<Option<usize>> = None;
    for (task, info) in analysis.tasks.iter().enumerate() {
        let Some(times) = plan.times[task] else { continue };
        if current_phase != Some(info.phase) {
            current_phase = Some(info.phase);
            let name = match info.phase {
                Some(p) => format!("Phase {} {}", analysis.phases[p].id, analysis.phases[p].title),
                None => "Tasks".to_string(),
            };
            let _ = writeln!(out, "    section {}", mermaid_text(&name));
        }
        let mut tags = Vec::new();
        if times.critical {
            tags.push("crit");
        }
        if times.duration == 0.0 {
            tags.push("milestone");
        }
        let tag_text = if tags.is_empty() {
            String::new()
        } else {
            format!("{}, ", tags.join(", "))
        };
        let _ = writeln!(
            out,
            "    {} {} :{tag_text}t{task}, {}, {}",
            mermaid_text(&info.id),
            mermaid_text(&info.title),
            format_number(times.es),
            format_number(times.ef),
        );
    }
    out
}

fn unit_name_short(unit: Unit) -> &'static str {
    match unit {
        Unit::Hours => "hours",
        Unit::Points => "points",
        Unit::Tasks => "tasks",
    }
}

fn critical_edge(plan: &Plan, from: usize, to: usize) -> bool {
    plan.critical_path
        .windows(2)
        .any(|pair| pair[0] == from && pair[1] == to)
}

/// The edges a graph draws between tasks: the stated ones, and the ones a convention
/// implies (drawn dashed). A sub-task's inherited edges and the edges to its parent are left
/// out, as is an implied edge a parent passes on to its sub-tasks: the parent's own edge
/// says the same.
fn drawn_edges<'a>(analysis: &'a Analysis, plan: &'a Plan) -> impl Iterator<Item = &'a tasklens_analysis::plan::Edge> {
    plan.edges.iter().filter(|edge| match edge.kind {
        EdgeKind::Stated => true,
        // The implied edge to a task itself sits on its ID; the ones passed on to its
        // sub-tasks sit on the parent's.
        EdgeKind::Implied => edge.range == analysis.tasks[edge.to].id_range,
        _ => false,
    })
}

/// The tasks of each phase (by phase index), and the tasks outside every phase.
fn tasks_by_phase(analysis: &Analysis) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut by_phase = vec![Vec::new(); analysis.phases.len()];
    let mut outside = Vec::new();
    for (task, info) in analysis.tasks.iter().enumerate() {
        match info.phase {
            Some(phase) => by_phase[phase].push(task),
            None => outside.push(task),
        }
    }
    (by_phase, outside)
}

/// A phase's label: its heading as written, without the markup.
fn phase_label(analysis: &Analysis, phase: usize) -> String {
    let info = &analysis.phases[phase];
    let rope = analysis.model.document().rope();
    let heading = tasklens_analysis::model::slice(rope, info.line.clone());
    let label = heading.trim().trim_start_matches('#').trim().trim_matches('*').trim();
    if label.is_empty() {
        info.title.clone()
    } else {
        label.to_string()
    }
}

/// The graph as a Mermaid flowchart: a subgraph per phase, dashed arrows for the order of
/// phases and for an implied order, thick arrows on the critical path.
pub fn flowchart(analysis: &Analysis, plan: &Plan) -> String {
    let mut out = String::from("flowchart LR\n");
    let node = |out: &mut String, task: usize, indent: &str| {
        let info = &analysis.tasks[task];
        let _ = writeln!(
            out,
            "{indent}t{task}[\"{} {}\"]",
            mermaid_text(&info.id),
            mermaid_text(&info.title)
        );
    };
    let (by_phase, outside) = tasks_by_phase(analysis);
    for (phase, tasks) in by_phase.iter().enumerate() {
        if tasks.is_empty() {
            continue;
        }
        let label = phase_label(analysis, phase);
        let _ = writeln!(out, "    subgraph p{phase}[\"{}\"]", mermaid_text(&label));
        for &task in tasks {
            node(&mut out, task, "        ");
        }
        out.push_str("    end\n");
    }
    for &task in &outside {
        node(&mut out, task, "    ");
    }
    for edge in drawn_edges(analysis, plan) {
        let arrow = if critical_edge(plan, edge.from, edge.to) {
            "==>"
        } else if edge.kind == EdgeKind::Implied {
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(out, "    t{} {arrow} t{}", edge.from, edge.to);
    }
    for edge in &analysis.phase_edges {
        if by_phase[edge.from].is_empty() || by_phase[edge.to].is_empty() {
            continue;
        }
        let _ = writeln!(out, "    p{} -.-> p{}", edge.from, edge.to);
    }
    let critical: Vec<String> = plan.critical_path.iter().map(|t| format!("t{t}")).collect();
    if !critical.is_empty() {
        out.push_str("    classDef critical stroke:#d33,stroke-width:3px\n");
        let _ = writeln!(out, "    class {} critical", critical.join(","));
    }
    out
}

fn dot_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The graph in Graphviz DOT: a cluster per phase, dashed edges for the order of phases and
/// for an implied order, red bold edges on the critical path.
pub fn dot(analysis: &Analysis, plan: &Plan) -> String {
    let mut out = String::from("digraph tasks {\n    rankdir=LR;\n    compound=true;\n    node [shape=box];\n");
    let node = |out: &mut String, task: usize, indent: &str| {
        let info = &analysis.tasks[task];
        let critical = plan.times[task].is_some_and(|t| t.critical);
        let style = if critical { ", color=red, penwidth=2" } else { "" };
        let _ = writeln!(
            out,
            "{indent}t{task} [label=\"{}\\n{}\"{style}];",
            dot_text(&info.id),
            dot_text(&info.title)
        );
    };
    let (by_phase, outside) = tasks_by_phase(analysis);
    for (phase, tasks) in by_phase.iter().enumerate() {
        if tasks.is_empty() {
            continue;
        }
        let label = phase_label(analysis, phase);
        let _ = writeln!(
            out,
            "    subgraph cluster_p{phase} {{\n        label=\"{}\";",
            dot_text(&label)
        );
        for &task in tasks {
            node(&mut out, task, "        ");
        }
        out.push_str("    }\n");
    }
    for &task in &outside {
        node(&mut out, task, "    ");
    }
    for edge in drawn_edges(analysis, plan) {
        let style = if critical_edge(plan, edge.from, edge.to) {
            " [color=red, penwidth=2]"
        } else if edge.kind == EdgeKind::Implied {
            " [style=dashed]"
        } else {
            ""
        };
        let _ = writeln!(out, "    t{} -> t{}{style};", edge.from, edge.to);
    }
    // Graphviz draws an edge between clusters as one between a node of each, clipped at the
    // clusters' borders.
    for edge in &analysis.phase_edges {
        let (Some(&from), Some(&to)) = (by_phase[edge.from].first(), by_phase[edge.to].first()) else {
            continue;
        };
        let _ = writeln!(
            out,
            "    t{from} -> t{to} [ltail=cluster_p{}, lhead=cluster_p{}, style=dashed];",
            edge.from, edge.to
        );
    }
    out.push_str("}\n");
    out
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
        edges: drawn_edges(analysis, plan)
            .map(|edge| EdgeJson {
                from: analysis.tasks[edge.from].id.clone(),
                to: analysis.tasks[edge.to].id.clone(),
                kind: edge.kind.name(),
                line: line(edge.range.start),
                critical: critical_edge(plan, edge.from, edge.to),
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
