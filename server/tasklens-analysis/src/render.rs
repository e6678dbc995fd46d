//! The document's plan as diagram text: the dependency graph as a Mermaid flowchart or in
//! Graphviz DOT, the schedule as a Mermaid gantt chart. `tasklens graph` and `tasklens
//! schedule` print them, and the editor's source actions write the Mermaid ones into the
//! document.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::checks::format_number;
use crate::plan::{EdgeKind, Plan, Unit};

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

/// A Mermaid gantt chart (`tasklens schedule --format mermaid`): one section per phase, times on an axis of the schedule's unit.
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

pub fn critical_edge(plan: &Plan, from: usize, to: usize) -> bool {
    plan.critical_path
        .windows(2)
        .any(|pair| pair[0] == from && pair[1] == to)
}

/// The edges a graph draws between tasks: the stated ones, and the ones a convention
/// implies (drawn dashed). A sub-task's inherited edges and the edges to its parent are left
/// out, as is an implied edge a parent passes on to its sub-tasks: the parent's own edge
/// says the same.
pub fn drawn_edges<'a>(analysis: &'a Analysis, plan: &'a Plan) -> impl Iterator<Item = &'a crate::plan::Edge> {
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
    let heading = crate::model::slice(rope, info.line.clone());
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
