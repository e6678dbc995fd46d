//! Folding ranges: each phase section and each task section, from the start of its heading line
//! to the end of its last non-blank line.

use std::ops::Range;

use crate::analysis::Analysis;

/// The foldable sections, sorted by start; sections that fit on one line are left out.
pub fn folding_ranges(analysis: &Analysis) -> Vec<Range<usize>> {
    let rope = analysis.model.document().rope();
    let mut ranges = Vec::new();
    for (index, phase) in analysis.phases.iter().enumerate() {
        let end = analysis.model.offset_of(analysis.model.phases[index].end);
        // A phase's last task may run past the phase's own end; the fold covers it.
        let tasks_end = analysis
            .tasks
            .iter()
            .filter(|task| task.phase == Some(index))
            .map(|task| task.section.end)
            .max()
            .unwrap_or(0);
        ranges.push(super::trim_end(
            analysis,
            phase.line.start..end.max(tasks_end),
            phase.line.start,
        ));
    }
    for task in &analysis.tasks {
        ranges.push(super::trim_end(analysis, task.section.clone(), task.line.start));
    }
    ranges.retain(|range| rope.byte_to_line(range.start) < rope.byte_to_line(range.end));
    ranges.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
    ranges.dedup();
    ranges
}
