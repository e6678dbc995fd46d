//! Which dependencies are redundant: a task's dependency on D is, when another of its
//! dependencies already depends on D, directly or through others. A search per pair of
//! dependencies is quadratic in a task's dependencies and linear in the graph; a thousand
//! tasks each depending on every earlier one took seconds and gigabytes.
//!
//! Here reachability is kept in bitsets: every task gets the set of candidates (tasks some
//! task depends on directly, next to other dependencies) it depends on, computed once in
//! topological order of the strongly connected components, a word operation per edge per 64
//! candidates. The candidates are taken in blocks, so that the bitsets never hold more than
//! [`BITSET_BUDGET`] bytes whatever the size of the document.

use std::collections::BinaryHeap;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::plan::Plan;

/// The most bytes the bitsets of one block of candidates take.
const BITSET_BUDGET: usize = 64 << 20;

/// The redundant dependencies of `analysis`: the first `limit` of them by their position in
/// the text, as (task, index into that task's dependencies), and how many there are in all.
/// A task on a dependency cycle has none: its dependencies are reported as the cycle.
pub fn redundant_dependencies(analysis: &Analysis, plan: &Plan, limit: usize) -> (Vec<(usize, usize)>, usize) {
    let n = analysis.tasks.len();
    // The candidates: the tasks that some task depends on directly beside other dependencies,
    // and that have a dependent besides (else no other dependency can imply them).
    let asks =
        |task: usize| analysis.dependencies[task].len() >= 2 && !plan.on_cycle.get(task).copied().unwrap_or(true);
    // Another dependency implies this one only if it comes in a later wave (or either is
    // left out of the schedule): each asking task's latest dependency wave settles most
    // questions of a sparse graph before any bitset is built.
    let latest_wave: Vec<Option<usize>> = (0..n)
        .map(|task| {
            let mut latest = Some(0);
            for dependency in &analysis.dependencies[task] {
                latest = match (latest, plan.wave_of[dependency.target]) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            latest
        })
        .collect();
    let question = |task: usize, dependency: &crate::analysis::Dependency| {
        dependency.direct
            && dependency.target != task
            && plan.succs[dependency.target].len() >= 2
            && match (plan.wave_of[dependency.target], latest_wave[task]) {
                (Some(own), Some(latest)) => own < latest,
                _ => true,
            }
    };
    let mut column = vec![usize::MAX; n];
    let mut candidates = 0;
    for task in (0..n).filter(|&task| asks(task)) {
        for dependency in analysis.dependencies[task].iter().filter(|d| question(task, d)) {
            if column[dependency.target] == usize::MAX {
                column[dependency.target] = candidates;
                candidates += 1;
            }
        }
    }
    if candidates == 0 {
        return (Vec::new(), 0);
    }
    let components = Components::new(plan);
    let words_per_block = (BITSET_BUDGET / 8 / components.count.max(1)).max(1);
    let block_len = words_per_block * 64;
    // The first findings by position, largest on top, and the count of all.
    let mut first: BinaryHeap<(usize, usize, usize)> = BinaryHeap::new();
    let mut count = 0;
    for block_start in (0..candidates).step_by(block_len) {
        let columns = block_start..(block_start + block_len).min(candidates);
        let reach = components.reach(plan, &column, columns.clone());
        let words = columns.len().div_ceil(64);
        let mut once = vec![0u64; words];
        let mut twice = vec![0u64; words];
        for task in (0..n).filter(|&task| asks(task)) {
            let dependencies = &analysis.dependencies[task];
            let in_block = |d: &crate::analysis::Dependency| question(task, d) && columns.contains(&column[d.target]);
            if !dependencies.iter().any(in_block) {
                continue;
            }
            once.fill(0);
            twice.fill(0);
            for other in dependencies.iter().filter(|other| other.target != task) {
                let set = reach.of(components.of[other.target]);
                for ((once, twice), &bits) in once.iter_mut().zip(twice.iter_mut()).zip(set) {
                    *twice |= *once & bits;
                    *once |= bits;
                }
            }
            for (index, dependency) in dependencies.iter().enumerate().filter(|(_, d)| in_block(d)) {
                let bit = column[dependency.target] - columns.start;
                let has = |set: &[u64]| set[bit / 64] >> (bit % 64) & 1 == 1;
                // A task on a cycle depends on itself; then another dependency must imply it.
                let implied = if has(reach.of(components.of[dependency.target])) {
                    has(&twice)
                } else {
                    has(&once)
                };
                if implied {
                    count += 1;
                    first.push((dependency.range.start, task, index));
                    if first.len() > limit {
                        first.pop();
                    }
                }
            }
        }
    }
    let first = first
        .into_sorted_vec()
        .into_iter()
        .map(|(_, task, index)| (task, index))
        .collect();
    (first, count)
}

/// The strongly connected components of the graph, in topological order (a component comes
/// after every component it depends on).
struct Components {
    /// Each task's component, as a position in the order.
    of: Vec<usize>,
    /// The tasks of each component, in order.
    members: Vec<Vec<usize>>,
    count: usize,
}

impl Components {
    fn new(plan: &Plan) -> Components {
        let (raw, count) = strongly_connected(plan);
        let mut members_raw: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (task, &component) in raw.iter().enumerate() {
            members_raw[component].push(task);
        }
        // Kahn's order over the components.
        let mut waiting = vec![0usize; count];
        for edge in &plan.edges {
            if raw[edge.from] != raw[edge.to] {
                waiting[raw[edge.to]] += 1;
            }
        }
        let mut ready: Vec<usize> = (0..count).filter(|&c| waiting[c] == 0).collect();
        let mut order = Vec::with_capacity(count);
        while let Some(component) = ready.pop() {
            order.push(component);
            for &task in &members_raw[component] {
                for &edge in &plan.succs[task] {
                    let next = raw[plan.edges[edge].to];
                    if next != component {
                        waiting[next] -= 1;
                        if waiting[next] == 0 {
                            ready.push(next);
                        }
                    }
                }
            }
        }
        let mut position = vec![0usize; count];
        for (at, &component) in order.iter().enumerate() {
            position[component] = at;
        }
        let of = raw.iter().map(|&component| position[component]).collect();
        let members = order
            .iter()
            .map(|&component| std::mem::take(&mut members_raw[component]))
            .collect();
        Components { of, members, count }
    }

    /// For each component, the candidates in `columns` (positions in the candidate list,
    /// `column` giving each task's) that its tasks depend on.
    fn reach(&self, plan: &Plan, column: &[usize], columns: Range<usize>) -> Reach {
        let words = columns.len().div_ceil(64);
        let mut bits = vec![0u64; self.count * words];
        let bit_of = |task: usize| {
            let at = *column.get(task)?;
            columns.contains(&at).then(|| at - columns.start)
        };
        for (component, members) in self.members.iter().enumerate() {
            let (done, rest) = bits.split_at_mut(component * words);
            let own = &mut rest[..words];
            let cyclic = members.len() > 1 || plan.on_cycle[members[0]];
            for &task in members {
                for &edge in &plan.preds[task] {
                    let from = plan.edges[edge].from;
                    let from_component = self.of[from];
                    if from_component != component {
                        let set = &done[from_component * words..(from_component + 1) * words];
                        for (own, &bits) in own.iter_mut().zip(set) {
                            *own |= bits;
                        }
                        if let Some(bit) = bit_of(from) {
                            own[bit / 64] |= 1 << (bit % 64);
                        }
                    }
                }
                // On a cycle, every task of the component depends on every other one.
                if cyclic && let Some(bit) = bit_of(task) {
                    own[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        Reach { bits, words }
    }
}

/// Each component's reachable candidates of one block.
struct Reach {
    bits: Vec<u64>,
    words: usize,
}

impl Reach {
    fn of(&self, component: usize) -> &[u64] {
        &self.bits[component * self.words..(component + 1) * self.words]
    }
}

/// Each task's strongly connected component and the number of components, by Tarjan's
/// algorithm without recursion (a chain of ten thousand tasks must not overflow the stack).
fn strongly_connected(plan: &Plan) -> (Vec<usize>, usize) {
    let n = plan.on_cycle.len();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack: Vec<usize> = Vec::new();
    // The depth-first path: each task with the position of the next edge to follow.
    let mut path: Vec<(usize, usize)> = Vec::new();
    let (mut next_index, mut count) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        path.push((root, 0));
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (task, ref mut edge_at)) = path.last_mut() {
            let edges = &plan.succs[task];
            if let Some(&edge) = edges.get(*edge_at) {
                *edge_at += 1;
                let next = plan.edges[edge].to;
                if index[next] == UNSEEN {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    path.push((next, 0));
                } else if on_stack[next] {
                    low[task] = low[task].min(index[next]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[task]);
            }
            if low[task] == index[task] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = count;
                    if member == task {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (component, count)
}
