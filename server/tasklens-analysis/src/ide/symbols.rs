//! The outline of a document (phases holding their tasks) and the flat, filtered list of tasks
//! and phases that a workspace symbol search shows.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::edit::OffsetMap;
use crate::lex::fields::FieldKind;
use crate::plan::Plan;

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// `Phase 1: Foundation & Setup` or `1.2 Stripe client wrapper`.
    pub name: String,
    /// For a task, its priority, estimate and whether it is critical; for a phase, its tasks.
    pub detail: Option<String>,
    /// Phase or task.
    pub kind: SymbolKind,
    /// The whole section, without trailing blank lines.
    pub range: Range<usize>,
    /// What to select when the symbol is picked: a task's heading ID, a phase's heading line.
    pub selection: Range<usize>,
    /// A phase's tasks, or a task's sub-tasks.
    pub children: Vec<Symbol>,
}

impl Symbol {
    /// This symbol and its children in the text after an edit that every item only moved
    /// through (a [`crate::Carry`] with nothing changed), when [`outline_moves`] says so.
    pub fn moved(&self, map: &OffsetMap) -> Symbol {
        Symbol {
            name: self.name.clone(),
            detail: self.detail.clone(),
            kind: self.kind,
            range: map.map_range(&self.range),
            selection: map.map_range(&self.selection),
            children: self.children.iter().map(|child| child.moved(map)).collect(),
        }
    }
}

/// How far past a section's end [`outline_moves`] looks for text that ends the blank lines.
const GAP_LOOK: usize = 256;

/// True when `outline`, the outline of `text`, moved through `map` (an edit of `text` that
/// only moved items) is the outline of the text after the edit: the edit lies before a
/// section, strictly inside it, or past the blank lines after it, for every section. An edit
/// at a section's end or in the blank lines after it may move where its text ends (a section
/// ends at its last character that is no white space), so the outline is built again.
pub fn outline_moves(outline: &[Symbol], text: &ropey::Rope, map: &OffsetMap) -> bool {
    let (start, end) = (map.start(), map.old_end());
    outline.iter().all(|symbol| {
        let range = &symbol.range;
        let before_or_inside = end < range.start || (range.start < start && end < range.end);
        let fine = if before_or_inside {
            true
        } else if start > range.end && start <= text.len_bytes() {
            // The first byte past the blank lines; a character outside ASCII may be white
            // space, and is taken for such.
            let gap = start.min(range.end + GAP_LOOK) - range.end;
            first_non_white(text, range.end, gap).is_some_and(|byte| byte.is_ascii())
        } else {
            false
        };
        fine && outline_moves(&symbol.children, text, map)
    })
}

/// The first byte at `at` or up to `gap` bytes past it that is no ASCII white space. Most
/// sections end a few blank lines before the next heading, in the rope chunk that holds
/// their end: the chunk is searched first, since a byte iterator costs a walk down the rope
/// with a stack of its own, once per section of the outline.
fn first_non_white(text: &ropey::Rope, at: usize, gap: usize) -> Option<u8> {
    let (chunk, chunk_start, _, _) = text.chunk_at_byte(at);
    let in_chunk = &chunk.as_bytes()[at - chunk_start..];
    if let Some(&byte) = in_chunk.iter().take(gap).find(|byte| !byte.is_ascii_whitespace()) {
        return Some(byte);
    }
    if in_chunk.len() >= gap {
        return None;
    }
    text.bytes_at(chunk_start + chunk.len())
        .take(gap - in_chunk.len())
        .find(|byte| !byte.is_ascii_whitespace())
}

/// What a [`Symbol`] stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// A phase.
    Phase,
    /// A task.
    Task,
}

/// The outline: each phase with its tasks as children, tasks outside every phase at the top
/// level, in document order.
pub fn document_symbols(analysis: &Analysis, plan: &Plan) -> Vec<Symbol> {
    let mut phases: Vec<Symbol> = (0..analysis.phases.len())
        .map(|phase| phase_symbol(analysis, phase))
        .collect();
    let mut top = Vec::new();
    // Sub-tasks nest under their parents: build from the last task back, so that each task's
    // sub-tasks are complete when it is placed.
    let mut built: Vec<Option<Symbol>> = (0..analysis.tasks.len())
        .map(|task| Some(task_symbol(analysis, Some(plan), task)))
        .collect();
    for task in (0..analysis.tasks.len()).rev() {
        if let Some(parent) = analysis.tasks[task].parent
            && let Some(symbol) = built[task].take()
            && let Some(parent) = built[parent].as_mut()
        {
            parent.range.end = parent.range.end.max(symbol.range.end);
            parent.children.insert(0, symbol);
        }
    }
    for (task, symbol) in built.into_iter().enumerate() {
        let Some(symbol) = symbol else { continue };
        match analysis.tasks[task].phase.and_then(|phase| phases.get_mut(phase)) {
            Some(phase) => {
                phase.range.end = phase.range.end.max(symbol.range.end);
                phase.children.push(symbol);
            }
            None => top.push(symbol),
        }
    }
    for phase in &mut phases {
        let count = phase.children.len();
        phase.detail = Some(match count {
            1 => "1 task".to_string(),
            _ => format!("{count} tasks"),
        });
    }
    top.extend(phases);
    top.sort_by_key(|symbol| symbol.range.start);
    top
}

/// Tasks and phases whose ID and title match `query` (ignoring case, as a substring or as a
/// subsequence), flat; substring matches first, then document order. An empty query matches
/// everything.
pub fn workspace_symbols(analysis: &Analysis, query: &str) -> Vec<Symbol> {
    let query = query.trim().to_lowercase();
    let mut found: Vec<(bool, Symbol)> = Vec::new();
    let phases = (0..analysis.phases.len()).map(|phase| phase_symbol(analysis, phase));
    let tasks = (0..analysis.tasks.len()).map(|task| task_symbol(analysis, None, task));
    for symbol in phases.chain(tasks) {
        let name = symbol.name.to_lowercase();
        if name.contains(&query) {
            found.push((true, symbol));
        } else if is_subsequence(&query, &name) {
            found.push((false, symbol));
        }
    }
    found.sort_by_key(|(substring, symbol)| (!*substring, symbol.range.start));
    found.into_iter().map(|(_, symbol)| symbol).collect()
}

/// A phase without its tasks: its range runs from its heading to the end of its section.
fn phase_symbol(analysis: &Analysis, index: usize) -> Symbol {
    let phase = &analysis.phases[index];
    let line = super::line_without_ending(analysis, &phase.line);
    let end = analysis.model.offset_of(analysis.model.phases[index].end);
    Symbol {
        name: format!("Phase {}: {}", phase.id, super::short_title(&phase.title)),
        detail: None,
        kind: SymbolKind::Phase,
        range: super::trim_end(analysis, phase.line.start..end.max(line.end), line.end),
        selection: line,
        children: Vec::new(),
    }
}

/// A task; with a plan, its detail says whether it is on the critical path.
fn task_symbol(analysis: &Analysis, plan: Option<&Plan>, index: usize) -> Symbol {
    let task = &analysis.tasks[index];
    let mut detail = Vec::new();
    if let Some(priority) = task.field(FieldKind::Priority) {
        detail.push(priority.text.trim().to_string());
    }
    if let Some(estimate) = task.estimate_field() {
        detail.push(estimate.text.trim().to_string());
    }
    detail.retain(|part| !part.is_empty());
    if plan.is_some_and(|plan| plan.times[index].is_some_and(|times| times.critical)) {
        detail.push("critical".to_string());
    }
    let line = super::line_without_ending(analysis, &task.line);
    Symbol {
        name: format!("{} {}", task.id, super::short_title(&task.title)),
        detail: (!detail.is_empty()).then(|| detail.join(" · ")),
        kind: SymbolKind::Task,
        range: super::trim_end(analysis, task.section.clone(), line.end.max(task.id_range.end)),
        selection: task.id_range.clone(),
        children: Vec::new(),
    }
}

/// True when the characters of `needle` appear in `haystack` in order.
fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|wanted| rest.any(|c| c == wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search of the chunk and then the bytes past it finds what a byte iterator finds,
    /// at every offset and gap, across the rope's chunk boundaries (several kilobytes of blank
    /// lines and words make several chunks).
    #[test]
    fn the_first_byte_past_white_space_is_found_across_chunks() {
        let text: String = (0..2000)
            .map(|i| match i % 7 {
                0 => "word",
                1 | 2 => "\n",
                3 => " \t ",
                4 => "é",
                _ => "          ",
            })
            .collect();
        let rope = ropey::Rope::from_str(&text);
        assert!(
            rope.chunks().count() > 2,
            "the text fits in {} chunks",
            rope.chunks().count()
        );
        for at in (0..text.len()).filter(|&at| text.is_char_boundary(at)) {
            for gap in [0, 1, 5, 40, GAP_LOOK] {
                let gap = gap.min(text.len() - at);
                let expected = text.as_bytes()[at..at + gap]
                    .iter()
                    .copied()
                    .find(|byte| !byte.is_ascii_whitespace());
                assert_eq!(first_non_white(&rope, at, gap), expected, "at {at}, gap {gap}");
            }
        }
    }
}
