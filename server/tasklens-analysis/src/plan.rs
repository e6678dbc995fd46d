//! The dependency graph of a breakdown and what follows from it: the cycles, the schedule by
//! the critical path method (earliest and latest start and finish, slack, the critical path)
//! and the parallel waves.
//!
//! Edges come from dependency fields only, after group forms are expanded (see
//! [`crate::analysis`]). Every algorithm here is iterative, so a chain or a cycle of tens of
//! thousands of tasks cannot overflow the stack.

use std::collections::VecDeque;
use std::ops::Range;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::analysis::Analysis;
use crate::lex::estimate::EstimateValue;

/// One dependency edge: `from` must finish before `to` starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The task depended on.
    pub from: usize,
    /// The dependent task.
    pub to: usize,
    /// The dependency item in `to`'s field that makes the edge.
    pub range: Range<usize>,
    /// True when the item names `from` by its ID, false for a group form.
    pub direct: bool,
    /// The rule that made the edge when no text states it.
    pub rule: Option<&'static str>,
    /// What makes the edge.
    pub kind: EdgeKind,
    /// For an alternative (`A or B`), a number shared by the edges of one choice: the
    /// dependent task waits for the first of them to finish.
    pub alternative: Option<u32>,
}

/// What makes an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A dependency the dependent task states.
    Stated,
    /// A dependency of a parent task that its sub-task inherits: the sub-task starts when its
    /// parent may start.
    Inherited,
    /// A sub-task before its parent: a parent is done when its sub-tasks are.
    Part,
    /// A task and the start or end of its phase: a phase ends when its tasks are done, and
    /// its tasks start when it may start.
    Milestone,
    /// One phase after another, as the document orders its phases or its stories.
    Phase,
    /// An order no text states but the document's convention implies (Kiro's tasks run in
    /// the order of the list); `rule` says which.
    Implied,
}

impl EdgeKind {
    /// A short lowercase name for output formats and messages.
    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::Stated => "stated",
            EdgeKind::Inherited => "inherited",
            EdgeKind::Part => "part",
            EdgeKind::Milestone => "milestone",
            EdgeKind::Phase => "phase",
            EdgeKind::Implied => "implied",
        }
    }
}

/// A node of the plan that is not a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Milestone {
    /// Where a phase (by index) may start: every task of the phase waits for it.
    PhaseStart(usize),
    /// Where a phase ends: it waits for every task of the phase.
    PhaseEnd(usize),
}

/// An edge on a cycle and one elementary cycle through it. Edges of one long cycle share
/// its node list, so a cycle of n tasks costs O(n), not O(n²).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleEdge {
    /// The edge's index in [`Plan::edges`].
    pub edge: usize,
    /// The cycle's tasks, each once; the cycle closes from the last back to the first.
    pub cycle: std::sync::Arc<[usize]>,
    /// Where the edge's `from` task sits in `cycle`.
    pub offset: usize,
}

impl CycleEdge {
    /// How many tasks the cycle has.
    pub fn len(&self) -> usize {
        self.cycle.len()
    }

    /// True for an empty cycle, which is never built.
    pub fn is_empty(&self) -> bool {
        self.cycle.is_empty()
    }

    /// The `k`-th task of the cycle, counting from the edge's `from` task.
    pub fn task(&self, k: usize) -> usize {
        self.cycle[(self.offset + k) % self.cycle.len()]
    }

    /// The cycle read along "depends on": the edge's dependent task, the task it depends on,
    /// and so on back to the dependent task; the middle elided past `limit` tasks. Returns
    /// (head, elided count, tail).
    pub fn display_parts(&self, limit: usize) -> (Vec<usize>, usize, Vec<usize>) {
        let n = self.cycle.len();
        let element = |k: usize| self.task((n + 1 - k % n) % n);
        if n < limit {
            return ((0..=n).map(element).collect(), 0, Vec::new());
        }
        let head: Vec<usize> = (0..6).map(element).collect();
        let tail: Vec<usize> = (n - 3..=n).map(element).collect();
        (head, n + 1 - 10, tail)
    }
}

/// Each task's edge indices, in one flat array (compressed rows): `adjacency[task]` is a
/// slice of edge indices. One allocation instead of one per task.
#[derive(Clone, Debug, Default)]
pub struct Adjacency {
    offsets: Vec<u32>,
    edges: Vec<usize>,
}

impl Adjacency {
    /// Groups edge indices by the task `key` gives for each edge, in edge order.
    fn new(tasks: usize, keys: impl Iterator<Item = usize> + Clone) -> Adjacency {
        let mut offsets = vec![0u32; tasks + 1];
        for key in keys.clone() {
            offsets[key + 1] += 1;
        }
        for task in 0..tasks {
            offsets[task + 1] += offsets[task];
        }
        let mut fill: Vec<u32> = offsets[..tasks].to_vec();
        let mut edges = vec![0usize; offsets[tasks] as usize];
        for (index, key) in keys.enumerate() {
            edges[fill[key] as usize] = index;
            fill[key] += 1;
        }
        Adjacency { offsets, edges }
    }
}

impl std::ops::Index<usize> for Adjacency {
    type Output = [usize];

    fn index(&self, task: usize) -> &[usize] {
        &self.edges[self.offsets[task] as usize..self.offsets[task + 1] as usize]
    }
}

/// The unit of the schedule's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Every estimate converted to hours (8 hours a day and 5 days a week unless configured).
    Hours,
    /// Every estimate is in story points.
    Points,
    /// No task has an estimate: each task counts as one unit.
    Tasks,
}

impl Unit {
    /// The unit's short suffix in tables and lenses.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Hours => "h",
            Unit::Points => " pts",
            Unit::Tasks => " tasks",
        }
    }
}

/// The schedule of one task.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct TaskTimes {
    /// The task's duration in the schedule's unit.
    pub duration: f64,
    /// Earliest start.
    pub es: f64,
    /// Earliest finish.
    pub ef: f64,
    /// Latest start.
    pub ls: f64,
    /// Latest finish.
    pub lf: f64,
    /// Total slack: how far the task can slip without delaying the project.
    pub slack: f64,
    /// True when the task is on the critical path.
    pub critical: bool,
}

/// What sets a task's earliest start: the predecessor that finishes last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartsAfter {
    /// A task, through the edge with this index in [`Plan::edges`] (stated, inherited from a
    /// parent, or implied by a convention).
    Task {
        /// The task.
        task: usize,
        /// The edge.
        edge: usize,
    },
    /// The end of a phase (by index), through the order of phases: `edge` is the phase edge.
    Phase {
        /// The phase.
        phase: usize,
        /// The edge.
        edge: usize,
    },
}

/// The dependency graph with its cycles and schedule.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The graph: one node per task (node index = task index), then one per milestone, and
    /// one edge per dependency.
    pub graph: DiGraph<usize, usize>,
    /// How many of the nodes are tasks: nodes from this index on are milestones.
    pub task_count: usize,
    /// The milestones, node `task_count + k` being the `k`-th.
    pub milestones: Vec<Milestone>,
    /// The edges, indexed like the graph's edge weights; their ends are nodes.
    pub edges: Vec<Edge>,
    /// Each node's incoming edge indices.
    pub preds: Adjacency,
    /// Each node's outgoing edge indices.
    pub succs: Adjacency,
    /// Every edge on a cycle, with one elementary cycle through it.
    pub cycles: Vec<CycleEdge>,
    /// True for nodes on a cycle.
    pub on_cycle: Vec<bool>,
    /// The schedule's unit.
    pub unit: Unit,
    /// Each task's times; None for tasks left out of the schedule.
    pub times: Vec<Option<TaskTimes>>,
    /// Each milestone's time (by index in [`Plan::milestones`]): its `es` is when a phase may
    /// start, or when it ends; None when it waits on a cycle.
    pub milestone_times: Vec<Option<TaskTimes>>,
    /// The project's duration: the largest earliest finish.
    pub duration: f64,
    /// The critical path, as task indices.
    pub critical_path: Vec<usize>,
    /// Tasks grouped by the earliest wave in which all their dependencies are done.
    pub waves: Vec<Vec<usize>>,
    /// Each scheduled task's wave.
    pub wave_of: Vec<Option<usize>>,
    /// Tasks left out of the schedule: on a cycle, or waiting on one.
    pub left_out: Vec<usize>,
    /// Tasks counted as zero because they have no usable estimate in the schedule's unit.
    pub zero_estimate: Vec<usize>,
    /// Cancelled tasks (struck through), which the schedule leaves out.
    pub cancelled: Vec<usize>,
}

/// The longest cycle spelled out in full in messages; longer ones are elided in the middle.
pub const CYCLE_DISPLAY_LIMIT: usize = 12;

/// Components up to this size get the shortest cycle through every edge; larger ones share
/// one cycle, so that a cycle of ten thousand tasks is reported in linear time.
const EXACT_CYCLE_LIMIT: usize = 256;

/// A reusable breadth-first search inside one strongly connected component.
struct Bfs {
    parent: Vec<usize>,
    stamp: Vec<u32>,
    current: u32,
    start: usize,
}

impl Bfs {
    fn new(n: usize) -> Bfs {
        Bfs {
            parent: vec![usize::MAX; n],
            stamp: vec![0; n],
            current: 0,
            start: 0,
        }
    }

    fn run(&mut self, start: usize, succs: &Adjacency, edges: &[Edge], component_of: &[usize], id: usize) {
        self.current += 1;
        self.start = start;
        self.stamp[start] = self.current;
        self.parent[start] = usize::MAX;
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            for &edge in &succs[node] {
                let next = edges[edge].to;
                if self.stamp[next] != self.current && component_of[next] == id {
                    self.stamp[next] = self.current;
                    self.parent[next] = node;
                    queue.push_back(next);
                }
            }
        }
    }

    /// The cycle closed by `edge`, after a search that started at the edge's target: the path
    /// runs from the target to the edge's source, and the cycle begins at the source.
    fn cycle_through(&self, edge: usize, edges: &[Edge]) -> CycleEdge {
        let mut cycle = self.path_to(edges[edge].from);
        cycle.rotate_right(1);
        CycleEdge {
            edge,
            cycle: cycle.into(),
            offset: 0,
        }
    }

    /// The path from the search's start to `target`, both included.
    fn path_to(&self, target: usize) -> Vec<usize> {
        let mut path = vec![target];
        let mut node = target;
        while node != self.start && self.stamp[node] == self.current && self.parent[node] != usize::MAX {
            node = self.parent[node];
            path.push(node);
        }
        path.reverse();
        path
    }
}

impl Plan {
    /// Builds the graph, finds the cycles and schedules the acyclic part.
    ///
    /// The schedule runs on leaves: a task with sub-tasks is done when they are (each sub-task
    /// has a `Part` edge to it) and passes its own dependencies on to its sub-tasks (`Inherited`
    /// edges), so that a dependency on a parent is one on all its sub-tasks. Cancelled tasks are
    /// left out; a dependency on one is met.
    pub fn new(analysis: &Analysis) -> Plan {
        let n = analysis.tasks.len();
        let cancelled: Vec<bool> = analysis.tasks.iter().map(|t| t.cancelled).collect();
        // The phases the document orders get a start and an end milestone.
        let mut milestone_of: Vec<Option<(usize, usize)>> = vec![None; analysis.phases.len()];
        let mut milestones = Vec::new();
        for edge in &analysis.phase_edges {
            for phase in [edge.from, edge.to] {
                if milestone_of[phase].is_none() {
                    milestone_of[phase] = Some((n + milestones.len(), n + milestones.len() + 1));
                    milestones.push(Milestone::PhaseStart(phase));
                    milestones.push(Milestone::PhaseEnd(phase));
                }
            }
        }
        let nodes = n + milestones.len();
        // Sized once: a range over thousands of tasks makes millions of edges, and growing by
        // doubling would hold up to twice their memory.
        let edge_count = analysis.dependencies.iter().map(Vec::len).sum::<usize>() + 2 * n;
        let mut graph: DiGraph<usize, usize> = DiGraph::with_capacity(nodes, edge_count);
        for node in 0..nodes {
            graph.add_node(node);
        }
        let mut edges = Vec::with_capacity(edge_count);
        let push = |edges: &mut Vec<Edge>, graph: &mut DiGraph<usize, usize>, edge: Edge| {
            let index = edges.len();
            graph.add_edge(NodeIndex::new(edge.from), NodeIndex::new(edge.to), index);
            edges.push(edge);
        };
        let mut alternatives = 0u32;
        for (to, dependencies) in analysis.dependencies.iter().enumerate() {
            if cancelled[to] {
                continue;
            }
            let first_alternative = alternatives;
            for dependency in dependencies {
                // A task that depends on itself is a self-dependency, reported on its own; one
                // that names its own parent starts with it anyway. Neither is an edge.
                if dependency.target == to
                    || cancelled[dependency.target]
                    || analysis.is_ancestor(dependency.target, to)
                {
                    continue;
                }
                let alternative = dependency.alternative_of.map(|first| first_alternative + first);
                let edge = Edge {
                    from: dependency.target,
                    to,
                    range: dependency.range.clone(),
                    direct: dependency.direct,
                    rule: dependency.rule,
                    kind: EdgeKind::Stated,
                    alternative,
                };
                if analysis.tasks[to].children > 0 {
                    for leaf in leaves_under(analysis, to) {
                        if leaf != dependency.target && !analysis.is_ancestor(leaf, dependency.target) {
                            push(
                                &mut edges,
                                &mut graph,
                                Edge {
                                    to: leaf,
                                    kind: EdgeKind::Inherited,
                                    ..edge.clone()
                                },
                            );
                        }
                    }
                }
                push(&mut edges, &mut graph, edge);
            }
            alternatives += dependencies.len() as u32;
        }
        let structural =
            |from: usize, to: usize, range: Range<usize>, kind: EdgeKind, rule: Option<&'static str>| Edge {
                from,
                to,
                range,
                direct: false,
                rule,
                kind,
                alternative: None,
            };
        for (child, task) in analysis.tasks.iter().enumerate() {
            // An optional sub-task (Kiro's `[ ]*`) does not hold its parent up.
            if let Some(parent) = task.parent
                && !cancelled[child]
                && !cancelled[parent]
                && !task.optional
            {
                let range = analysis.tasks[parent].id_range.clone();
                push(
                    &mut edges,
                    &mut graph,
                    structural(child, parent, range, EdgeKind::Part, None),
                );
            }
        }
        // Phases: a phase's tasks start after its start and finish before its end; one edge
        // per ordered pair of phases, never one per pair of their tasks.
        for (task, info) in analysis.tasks.iter().enumerate() {
            let Some((start, end)) = info.phase.and_then(|p| milestone_of[p]) else {
                continue;
            };
            if cancelled[task] {
                continue;
            }
            let range = info.id_range.clone();
            if info.children == 0 {
                push(
                    &mut edges,
                    &mut graph,
                    structural(start, task, range.clone(), EdgeKind::Milestone, None),
                );
            }
            if info.children == 0 && !info.optional {
                push(
                    &mut edges,
                    &mut graph,
                    structural(task, end, range, EdgeKind::Milestone, None),
                );
            }
        }
        for edge in &analysis.phase_edges {
            let (Some((_, end)), Some((start, _))) = (milestone_of[edge.from], milestone_of[edge.to]) else {
                continue;
            };
            push(
                &mut edges,
                &mut graph,
                structural(end, start, edge.range.clone(), EdgeKind::Phase, None),
            );
        }
        // The order a convention implies: Kiro's top-level tasks, each after the one before.
        for (from, to, rule) in implied_order(analysis) {
            let range = analysis.tasks[to].id_range.clone();
            let rule = Some(rule);
            // A parent passes the order on to its sub-tasks, as it does its dependencies.
            for leaf in leaves_under(analysis, to) {
                push(
                    &mut edges,
                    &mut graph,
                    structural(from, leaf, range.clone(), EdgeKind::Implied, rule),
                );
            }
            push(
                &mut edges,
                &mut graph,
                structural(from, to, range, EdgeKind::Implied, rule),
            );
        }
        let preds = Adjacency::new(nodes, edges.iter().map(|edge| edge.to));
        let succs = Adjacency::new(nodes, edges.iter().map(|edge| edge.from));
        let mut plan = Plan {
            graph,
            task_count: n,
            milestones,
            edges,
            preds,
            succs,
            cycles: Vec::new(),
            on_cycle: vec![false; nodes],
            unit: Unit::Tasks,
            times: vec![None; n],
            milestone_times: Vec::new(),
            duration: 0.0,
            critical_path: Vec::new(),
            waves: Vec::new(),
            wave_of: vec![None; n],
            left_out: Vec::new(),
            zero_estimate: Vec::new(),
            cancelled: (0..n).filter(|&t| cancelled[t]).collect(),
        };
        plan.find_cycles();
        plan.schedule(analysis);
        plan
    }

    /// The edges a task states for itself, between tasks: what a drawing of the breakdown
    /// shows (no inherited, part-of, phase or implied edges).
    pub fn stated_edges(&self) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(|edge| edge.kind == EdgeKind::Stated)
    }

    /// What sets a scheduled task's earliest start, when something does (None for a task that
    /// starts at once or is not scheduled): a task it waits for, first by a stated edge, or
    /// the end of a phase its own phase waits for.
    pub fn starts_after(&self, task: usize) -> Option<StartsAfter> {
        const EPSILON: f64 = 1e-9;
        let times = |node: usize| match self.task_of(node) {
            Some(task) => self.times.get(task).copied().flatten(),
            None => self.milestone_times.get(node - self.task_count).copied().flatten(),
        };
        let start = times(task)?.es;
        if start <= EPSILON {
            return None;
        }
        // The edges into `node` from a predecessor that finishes when `node` may start.
        let tight = |node: usize, at: f64| {
            self.preds[node]
                .iter()
                .copied()
                .filter(move |&edge| times(self.edges[edge].from).is_some_and(|t| (t.ef - at).abs() < EPSILON))
        };
        let by_kind = |kind: EdgeKind| tight(task, start).find(|&edge| self.edges[edge].kind == kind);
        if let Some(edge) = by_kind(EdgeKind::Stated)
            .or_else(|| by_kind(EdgeKind::Inherited))
            .or_else(|| by_kind(EdgeKind::Implied))
        {
            return Some(StartsAfter::Task {
                task: self.edges[edge].from,
                edge,
            });
        }
        let phase_start = by_kind(EdgeKind::Milestone)?;
        let milestone = self.edges[phase_start].from;
        let edge = tight(milestone, start).find(|&edge| self.edges[edge].kind == EdgeKind::Phase)?;
        match self.milestone_of(self.edges[edge].from)? {
            Milestone::PhaseEnd(phase) => Some(StartsAfter::Phase { phase, edge }),
            Milestone::PhaseStart(_) => None,
        }
    }

    /// The task a node is, or None for a milestone.
    pub fn task_of(&self, node: usize) -> Option<usize> {
        (node < self.task_count).then_some(node)
    }

    /// The milestone a node is, or None for a task.
    pub fn milestone_of(&self, node: usize) -> Option<Milestone> {
        node.checked_sub(self.task_count)
            .and_then(|k| self.milestones.get(k).copied())
    }

    /// Finds the strongly connected components, and for every edge inside one, the shortest
    /// cycle through it.
    fn find_cycles(&mut self) {
        let n = self.on_cycle.len();
        let components = petgraph::algo::kosaraju_scc(&self.graph);
        let mut component_of = vec![usize::MAX; n];
        for (c, component) in components.iter().enumerate() {
            if component.len() < 2 {
                continue;
            }
            for node in component {
                component_of[node.index()] = c;
                self.on_cycle[node.index()] = true;
            }
        }
        let mut search = Bfs::new(n);
        for component in components.iter().filter(|c| c.len() >= 2) {
            let id = component_of[component[0].index()];
            let inside: Vec<usize> = component
                .iter()
                .flat_map(|node| self.succs[node.index()].iter().copied())
                .filter(|&edge| component_of[self.edges[edge].to] == id)
                .collect();
            if component.len() <= EXACT_CYCLE_LIMIT {
                // Small components: the shortest cycle through each edge, by a breadth-first
                // search from the edge's target back to its source.
                let mut by_target: Vec<usize> = inside.clone();
                by_target.sort_by_key(|&edge| self.edges[edge].to);
                let mut k = 0;
                while k < by_target.len() {
                    let start = self.edges[by_target[k]].to;
                    search.run(start, &self.succs, &self.edges, &component_of, id);
                    while k < by_target.len() && self.edges[by_target[k]].to == start {
                        let edge = by_target[k];
                        self.cycles.push(search.cycle_through(edge, &self.edges));
                        k += 1;
                    }
                }
            } else {
                // Large components: one elementary cycle through a root, shared by its edges;
                // other edges get the shortest cycle through them.
                let root = component[0].index();
                search.run(root, &self.succs, &self.edges, &component_of, id);
                let closing = inside.iter().copied().find(|&edge| self.edges[edge].to == root);
                let mut on_shared = vec![false; self.edges.len()];
                if let Some(closing) = closing {
                    let shared: std::sync::Arc<[usize]> = search.path_to(self.edges[closing].from).into();
                    for (position, &task) in shared.iter().enumerate() {
                        let next = shared[(position + 1) % shared.len()];
                        if let Some(&edge) = self.succs[task].iter().find(|&&e| self.edges[e].to == next) {
                            on_shared[edge] = true;
                            self.cycles.push(CycleEdge {
                                edge,
                                cycle: shared.clone(),
                                offset: position,
                            });
                        }
                    }
                }
                for &edge in inside.iter().filter(|&&edge| !on_shared[edge]) {
                    search.run(self.edges[edge].to, &self.succs, &self.edges, &component_of, id);
                    self.cycles.push(search.cycle_through(edge, &self.edges));
                }
            }
        }
        self.cycles.sort_by_key(|cycle| self.edges[cycle.edge].range.start);
    }

    fn schedule(&mut self, analysis: &Analysis) {
        // Tasks are nodes 0..n; milestones follow, take no time and do no work.
        let n = self.on_cycle.len();
        let tasks = self.task_count;
        let calendar = analysis.model.document().config().calendar;
        // Leaves are the work; a parent is done when its sub-tasks are, and takes no time of
        // its own; a cancelled task is not scheduled at all.
        let is_work: Vec<bool> = (0..n)
            .map(|node| node < tasks && analysis.tasks[node].children == 0 && !analysis.tasks[node].cancelled)
            .collect();
        // One pass over the tasks' estimates: each task's hours and points.
        let estimates: Vec<(Option<f64>, Option<f64>)> = analysis
            .tasks
            .iter()
            .map(|task| match task.estimate() {
                Some(EstimateValue::Estimate(estimate)) => (estimate.hours(&calendar), estimate.points()),
                _ => (None, None),
            })
            .collect();
        // The unit: hours when any estimate is a duration, points when every estimate is in
        // points, tasks when there are none.
        let work = |t: &usize| is_work[*t];
        let time = (0..n).filter(work).filter(|&t| estimates[t].0.is_some()).count();
        let points = (0..n).filter(work).filter(|&t| estimates[t].1.is_some()).count();
        self.unit = if time > 0 {
            Unit::Hours
        } else if points > 0 {
            Unit::Points
        } else {
            Unit::Tasks
        };
        let mut durations = Vec::with_capacity(n);
        for (task, &work) in is_work.iter().enumerate() {
            let (hours, points) = estimates.get(task).copied().unwrap_or((None, None));
            if !work {
                durations.push(0.0);
                continue;
            }
            let duration = match self.unit {
                Unit::Tasks => Some(1.0),
                Unit::Hours => hours,
                Unit::Points => points,
            };
            if duration.is_none() {
                self.zero_estimate.push(task);
            }
            durations.push(duration.unwrap_or(0.0));
        }

        // Left out: cancelled tasks, tasks on a cycle and every task that waits on one.
        let mut left_out = self.on_cycle.clone();
        let mut queue: VecDeque<usize> = (0..n).filter(|&t| left_out[t]).collect();
        while let Some(task) = queue.pop_front() {
            for &edge in &self.succs[task] {
                let next = self.edges[edge].to;
                if !left_out[next] {
                    left_out[next] = true;
                    queue.push_back(next);
                }
            }
        }
        self.left_out = (0..tasks).filter(|&t| left_out[t]).collect();
        for &task in &self.cancelled {
            left_out[task] = true;
        }

        // Kahn's algorithm over the acyclic part, taking ready tasks in document order.
        let mut remaining: Vec<usize> = (0..n)
            .map(|t| self.preds[t].iter().filter(|&&e| !left_out[self.edges[e].from]).count())
            .collect();
        let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = (0..n)
            .filter(|&t| !left_out[t] && remaining[t] == 0)
            .map(std::cmp::Reverse)
            .collect();
        let mut order = Vec::with_capacity(n);
        while let Some(std::cmp::Reverse(task)) = ready.pop() {
            order.push(task);
            for &edge in &self.succs[task] {
                let next = self.edges[edge].to;
                if left_out[next] {
                    continue;
                }
                remaining[next] -= 1;
                if remaining[next] == 0 {
                    ready.push(std::cmp::Reverse(next));
                }
            }
        }

        // Forward pass: earliest start and finish, and waves. Of a choice of alternatives the
        // first to finish is the one waited for.
        let mut es = vec![0.0f64; n];
        let mut ef = vec![0.0f64; n];
        let mut wave_at = vec![0usize; n];
        // Each choice's chosen edge, by choice number.
        let mut chosen: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
        for &task in &order {
            let mut start = 0.0f64;
            let mut wave = 0;
            let mut choices: Vec<(u32, usize)> = Vec::new();
            for &edge in &self.preds[task] {
                let from = self.edges[edge].from;
                if left_out[from] {
                    continue;
                }
                let next_wave = wave_at[from] + usize::from(is_work[from]);
                match self.edges[edge].alternative {
                    None => {
                        start = start.max(ef[from]);
                        wave = wave.max(next_wave);
                    }
                    Some(choice) => match choices.iter_mut().find(|(c, _)| *c == choice) {
                        Some((_, best)) if ef[self.edges[*best].from] <= ef[from] => {}
                        Some((_, best)) => *best = edge,
                        None => choices.push((choice, edge)),
                    },
                }
            }
            for (choice, edge) in choices {
                let from = self.edges[edge].from;
                start = start.max(ef[from]);
                wave = wave.max(wave_at[from] + usize::from(is_work[from]));
                chosen.insert(choice, edge);
            }
            es[task] = start;
            ef[task] = start + durations[task];
            wave_at[task] = wave;
            if is_work[task] {
                self.wave_of[task] = Some(wave);
            }
        }
        self.duration = order.iter().map(|&t| ef[t]).fold(0.0, f64::max);
        let wave_count = order
            .iter()
            .filter_map(|&t| self.wave_of.get(t).copied().flatten())
            .max()
            .map_or(0, |w| w + 1);
        self.waves = vec![Vec::new(); wave_count];
        for task in 0..tasks {
            if let Some(wave) = self.wave_of[task] {
                self.waves[wave].push(task);
            }
        }

        // Backward pass: latest finish and start. An alternative that was not chosen holds no
        // one up.
        let mut lf = vec![self.duration; n];
        let mut ls = vec![0.0f64; n];
        for &task in order.iter().rev() {
            let mut finish = self.duration;
            for &edge in &self.succs[task] {
                let to = self.edges[edge].to;
                if left_out[to] {
                    continue;
                }
                if let Some(choice) = self.edges[edge].alternative
                    && chosen.get(&choice) != Some(&edge)
                {
                    continue;
                }
                finish = finish.min(ls[to]);
            }
            lf[task] = finish;
            ls[task] = finish - durations[task];
        }
        const EPSILON: f64 = 1e-9;
        let mut node_times: Vec<Option<TaskTimes>> = vec![None; n];
        for &task in &order {
            let slack = (ls[task] - es[task]).max(0.0);
            node_times[task] = Some(TaskTimes {
                duration: durations[task],
                es: es[task],
                ef: ef[task],
                ls: ls[task],
                lf: lf[task],
                slack: if slack < EPSILON { 0.0 } else { slack },
                critical: false,
            });
        }

        // The critical path: from the first zero-slack task with no scheduled predecessor,
        // follow tight zero-slack successors, first in document order, to the end; parents on
        // the way are milestones, not steps.
        let is_start = |task: usize, times: &[Option<TaskTimes>]| {
            is_work[task] && times[task].is_some_and(|t| t.slack == 0.0 && t.es.abs() < EPSILON)
        };
        if let Some(mut current) = (0..n).find(|&t| is_start(t, &node_times)) {
            let mut path = vec![current];
            while let Some(times) = node_times[current] {
                let next = self.succs[current]
                    .iter()
                    .map(|&edge| self.edges[edge].to)
                    .filter(|&to| node_times[to].is_some_and(|t| t.slack == 0.0 && (t.es - times.ef).abs() < EPSILON))
                    .min();
                match next {
                    Some(next) => {
                        current = next;
                        path.push(next);
                    }
                    None => break,
                }
            }
            path.retain(|&task| is_work[task]);
            path.dedup();
            for &task in &path {
                if let Some(times) = &mut node_times[task] {
                    times.critical = true;
                }
            }
            self.critical_path = path;
        }
        self.milestone_times = node_times.split_off(tasks);
        self.times = node_times;

        // A parent spans its sub-tasks: from the earliest start among them to its finish.
        for parent in (0..tasks).rev().filter(|&t| analysis.tasks[t].children > 0) {
            let Some(mut times) = self.times[parent] else { continue };
            let children: Vec<TaskTimes> = analysis.model.children(parent).filter_map(|c| self.times[c]).collect();
            if children.is_empty() {
                continue;
            }
            times.es = children.iter().map(|t| t.es).fold(f64::INFINITY, f64::min);
            times.ls = children.iter().map(|t| t.ls).fold(f64::INFINITY, f64::min);
            times.duration = times.ef - times.es;
            times.slack = children.iter().map(|t| t.slack).fold(f64::INFINITY, f64::min);
            times.critical = children.iter().any(|t| t.critical);
            self.times[parent] = Some(times);
        }
    }

    /// A dependency path from `from` to `to` (task indices, both included), if `to` depends
    /// on `from` directly or through others. For many queries, reuse a [`PathFinder`].
    pub fn path_between(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        PathFinder::new(self).path(from, to)
    }
}

/// Answers "does `to` depend on `from`, and through what?" many times over one plan, with
/// scratch space allocated once.
pub struct PathFinder<'a> {
    plan: &'a Plan,
    parent: Vec<usize>,
    stamp: Vec<u32>,
    current: u32,
    queue: VecDeque<usize>,
    /// True to follow only what tasks state (their dependencies, inherited ones, and a
    /// sub-task's part of its parent), not a phase order or an implied one.
    stated_only: bool,
}

impl<'a> PathFinder<'a> {
    /// A path finder over every edge of `plan`.
    pub fn new(plan: &'a Plan) -> PathFinder<'a> {
        let n = plan.on_cycle.len();
        PathFinder {
            plan,
            parent: vec![usize::MAX; n],
            stamp: vec![0; n],
            current: 0,
            queue: VecDeque::new(),
            stated_only: false,
        }
    }

    /// A path finder over what the tasks state: the paths that may accuse a claim of theirs
    /// (a `[P]` marker, a parallel group), where a phase order or a convention may not.
    pub fn stated(plan: &'a Plan) -> PathFinder<'a> {
        PathFinder {
            stated_only: true,
            ..PathFinder::new(plan)
        }
    }

    /// A dependency path from `from` to `to` (task indices, both included), if `to` depends
    /// on `from` directly or through others. Searches backwards from `to`, skipping tasks
    /// whose wave rules them out.
    pub fn path(&mut self, from: usize, to: usize) -> Option<Vec<usize>> {
        let plan = self.plan;
        if from == to || from >= self.stamp.len() || to >= self.stamp.len() {
            return None;
        }
        let wave = |node: usize| plan.wave_of.get(node).copied().flatten();
        if let (Some(a), Some(b)) = (wave(from), wave(to))
            && a >= b
        {
            return None;
        }
        self.current += 1;
        let limit_wave = wave(from);
        self.queue.clear();
        self.queue.push_back(to);
        self.stamp[to] = self.current;
        self.parent[to] = usize::MAX;
        while let Some(node) = self.queue.pop_front() {
            for &edge in &plan.preds[node] {
                let prev = plan.edges[edge].from;
                if self.stamp[prev] == self.current {
                    continue;
                }
                if self.stated_only
                    && !matches!(
                        plan.edges[edge].kind,
                        EdgeKind::Stated | EdgeKind::Inherited | EdgeKind::Part
                    )
                {
                    continue;
                }
                if let (Some(limit), Some(w)) = (limit_wave, wave(prev))
                    && w < limit
                {
                    continue;
                }
                self.stamp[prev] = self.current;
                self.parent[prev] = node;
                if prev == from {
                    // Milestones on the way are not steps of the path.
                    let mut path = vec![from];
                    let mut at = from;
                    while self.parent[at] != usize::MAX {
                        at = self.parent[at];
                        if at < plan.task_count {
                            path.push(at);
                        }
                    }
                    return Some(path);
                }
                self.queue.push_back(prev);
            }
        }
        None
    }
}

/// The order a convention implies, as (earlier, later, rule) task triples: Kiro's top-level
/// tasks in the order of the list (optional and cancelled ones aside), when the setting is on,
/// as it is by default; and, when configured, a spec-kit phase's tasks in the order of the
/// list, `[P]` tasks beside one another between the tasks without it.
fn implied_order(analysis: &Analysis) -> Vec<(usize, usize, &'static str)> {
    let config = analysis.model.document().config();
    let mut out = Vec::new();
    // Declared waves state the document's own order, parallel tasks and all.
    if analysis
        .declared_waves
        .as_ref()
        .is_some_and(|declared| !declared.unreadable)
    {
        return out;
    }
    let states = |task: usize, before: usize| analysis.dependencies[task].iter().any(|d| d.target == before);
    if config.kiro_implicit_order {
        let mut previous: Option<usize> = None;
        for (task, info) in analysis.tasks.iter().enumerate() {
            if info.dialect != crate::model::Dialect::Kiro || info.parent.is_some() || info.optional || info.cancelled {
                continue;
            }
            if let Some(before) = previous
                && !states(task, before)
            {
                out.push((before, task, crate::analysis::KIRO_ORDER_RULE));
            }
            previous = Some(task);
        }
    }
    if config.spec_kit_implicit_order {
        // Per phase: the last task without `[P]`, and the tasks listed since it.
        let mut phase = None;
        let mut anchor: Option<usize> = None;
        let mut since: Vec<usize> = Vec::new();
        for (task, info) in analysis.tasks.iter().enumerate() {
            if info.dialect != crate::model::Dialect::SpecKit || info.parent.is_some() || info.cancelled {
                continue;
            }
            if info.phase != phase {
                phase = info.phase;
                anchor = None;
                since.clear();
            }
            let rule = crate::analysis::SPEC_KIT_ORDER_RULE;
            if info.parallel {
                if let Some(before) = anchor.filter(|&before| !states(task, before)) {
                    out.push((before, task, rule));
                }
                since.push(task);
            } else {
                let waits: Vec<usize> = anchor.into_iter().chain(since.drain(..)).collect();
                for before in waits {
                    if !states(task, before) {
                        out.push((before, task, rule));
                    }
                }
                anchor = Some(task);
            }
        }
    }
    out
}

/// The tasks under `parent` (sub-tasks, theirs, and so on) that have no sub-tasks of their
/// own; they follow the parent in document order.
fn leaves_under(analysis: &Analysis, parent: usize) -> Vec<usize> {
    (parent + 1..analysis.tasks.len())
        .take_while(|&task| analysis.is_ancestor(parent, task))
        .filter(|&task| analysis.tasks[task].children == 0)
        .collect()
}

/// Formats task IDs joined by arrows, eliding the middle of a long chain.
pub fn format_chain(ids: &[&str]) -> String {
    if ids.len() <= CYCLE_DISPLAY_LIMIT {
        return ids.join(" → ");
    }
    let head = ids[..6].join(" → ");
    let tail = ids[ids.len() - 4..].join(" → ");
    format!("{head} → … ({} more) … → {tail}", ids.len() - 10)
}
