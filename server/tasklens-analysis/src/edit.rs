//! What an edit changed, seen from the items: how offsets moved, and whether the edit left
//! every item as it was (only moved) or changed only one task's own text (its title, or the
//! value of a field no other task reads). The carry-over layer ([`crate::carry`]) turns that
//! into the next version's diagnostics.
//!
//! Every check reads items, plus a few texts that items only point at (table cells,
//! dependency statements, a mention's whole line, and the lines walked back over from a list
//! of mentions to its group label); an edit that touches those texts changes more than items
//! show, and is never called local.

use std::ops::Range;

use crate::items::{Field, Item, Mention, MentionContext, SegmentItems, Shift};
use crate::lex::fields::FieldKind;
use crate::lex::heading::TaskHeading;
use crate::lex::mention::{GROUP_LOOK_BACK, GroupWalk, group_walk};

/// How an edit moved offsets: the bytes `start..old_end` of the old text became
/// `start..new_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OffsetMap {
    start: usize,
    old_end: usize,
    new_end: usize,
    /// True when the edit starts inside a line: a range that ends where text is inserted
    /// then grows with the typed text (typing at the end of a title). At a line's start such
    /// a range ends with the line before, and stays.
    grows_at_start: bool,
}

impl OffsetMap {
    /// Where the edit's text lies in the new text.
    pub fn new_range(&self) -> std::ops::Range<usize> {
        self.start..self.new_end
    }

    /// The map of replacing `start..old_end` with `new_end - start` bytes; `mid_line` says
    /// whether `start` lies inside a line rather than at its start.
    pub fn new(start: usize, old_end: usize, new_end: usize, mid_line: bool) -> OffsetMap {
        OffsetMap {
            start,
            old_end,
            new_end,
            grows_at_start: mid_line,
        }
    }

    /// Where the start of a range of the old text is in the new text. Offsets before the edit
    /// stay, offsets from the end of the replaced bytes move with the text, offsets inside
    /// the replaced bytes go to the edit's start. A range that starts where text is inserted
    /// starts after it: the inserted text comes before it (a line break typed at the start of
    /// a heading moves the heading down).
    pub fn map_start(&self, offset: usize) -> usize {
        if offset == self.start && self.old_end == self.start {
            self.new_end
        } else {
            self.map_end(offset)
        }
    }

    /// Where the end of a range of the old text is in the new text: as [`OffsetMap::map_start`],
    /// except that a range that ends where text is inserted grows with it inside a line and
    /// stays at a line's start (where it ends with the line before).
    pub fn map_end(&self, offset: usize) -> usize {
        if offset < self.start {
            offset
        } else if offset == self.start {
            if self.old_end == self.start && self.grows_at_start {
                self.new_end
            } else {
                offset
            }
        } else if offset < self.old_end {
            self.start
        } else {
            offset - self.old_end + self.new_end
        }
    }

    /// The first replaced byte, in the old text.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The end of the replaced bytes, in the old text.
    pub fn old_end(&self) -> usize {
        self.old_end
    }

    /// A range of the old text in the new text: its start by [`OffsetMap::map_start`], its end
    /// by [`OffsetMap::map_end`]. An empty range stays empty, where its start goes.
    pub fn map_range(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.map_start(range.start);
        if range.is_empty() {
            return start..start;
        }
        start..self.map_end(range.end).max(start)
    }
}

/// What a previous version's diagnostics need to become this version's, when an edit left
/// the checks' inputs alone or changed only one task's own text.
#[derive(Clone, Debug, PartialEq)]
pub struct Carry {
    /// How offsets moved.
    pub map: OffsetMap,
    /// The titles and field values that changed, in the new text; empty when every item only
    /// moved.
    pub changed: Vec<LocalChange>,
}

/// A task's own text that an edit changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalChange {
    /// The task's title, which starts at this offset.
    Title(usize),
    /// The value of a task-local field, which starts at this offset.
    FieldValue(usize),
    /// The value of a task's estimate field, which starts at this offset: read by the
    /// task's own checks and by those of the schedule and of the durations the document
    /// states, never by the graph.
    Estimate(usize),
}

impl LocalChange {
    /// Where the changed text starts, in the new text.
    pub fn offset(self) -> usize {
        match self {
            LocalChange::Title(offset) | LocalChange::FieldValue(offset) | LocalChange::Estimate(offset) => offset,
        }
    }
}

/// Field kinds whose value no check reads beyond the task's own field checks. A priority and
/// an assignee are not: counts of tasks by priority (`**Prioridad Alta**: 8 tareas`) and the
/// team assignment table read every task's.
const TASK_LOCAL_FIELDS: &[FieldKind] = &[
    FieldKind::Description,
    FieldKind::AcceptanceCriteria,
    FieldKind::Goal,
    FieldKind::Requirements,
    FieldKind::Other,
];

/// Compares one segment's items before and after an edit. `old_start` and `new_start` are
/// the segment's start in each text, `rope` the old text, `lines` the old text's lines the
/// edit touched, and `map` the edit. Returns the titles and task-local field values that
/// changed (none when every item only moved), or None when the edit changed anything else.
pub(crate) fn compare_segment(
    rope: &ropey::Rope,
    old: &SegmentItems,
    new: &SegmentItems,
    old_start: usize,
    new_start: usize,
    lines: Range<usize>,
    map: &OffsetMap,
) -> Option<Vec<LocalChange>> {
    if old.items.len() != new.items.len()
        || old.structure != new.structure
        || old.statements != new.statements
        || old.mentions.len() != new.mentions.len()
    {
        return None;
    }
    if mentions_read(rope, &old.mentions, old_start, &lines) {
        return None;
    }
    let lines = lines.start.saturating_sub(old_start)..lines.end.saturating_sub(old_start);
    if old.items.iter().any(|item| reads_text_at(item, &lines)) {
        return None;
    }
    for (old_mention, new_mention) in old.mentions.iter().zip(&new.mentions) {
        if moved(old_mention, map, old_start, new_start) != *new_mention {
            return None;
        }
    }
    let edit = map.start.saturating_sub(old_start)..map.old_end.saturating_sub(old_start);
    let mut changed = Vec::new();
    for (old_item, new_item) in old.items.iter().zip(&new.items) {
        if moved(old_item, map, old_start, new_start) == *new_item {
            continue;
        }
        // Only the edited item may differ, and only in its own text.
        let old_view = moved(&without_local_text(old_item, Some(&edit))?, map, old_start, new_start);
        if old_view != without_local_text(new_item, None)? {
            return None;
        }
        changed.push(match new_item {
            Item::Heading(heading) => match &heading.kind {
                crate::items::HeadingKind::Task(task) => LocalChange::Title(new_start + task.title.start),
                _ => return None,
            },
            Item::ListTask(list_task) => LocalChange::Title(new_start + list_task.heading.title.start),
            Item::Field(field) if field.kind.holds_estimate() => LocalChange::Estimate(new_start + field.value.start),
            Item::Field(field) => LocalChange::FieldValue(new_start + field.value.start),
            _ => return None,
        });
    }
    Some(changed)
}

/// A copy of a value of the old segment with its ranges moved to the new segment.
fn moved<T: Shift + Clone>(value: &T, map: &OffsetMap, old_start: usize, new_start: usize) -> T {
    let mut value = value.clone();
    value.for_each_range(&mut |range| {
        *range = map.map_range(&(range.start + old_start..range.end + old_start));
        range.start -= new_start;
        range.end -= new_start;
    });
    value
}

/// True for an item whose text the analysis reads from the document rather than from the
/// item, when it lies on the edited lines.
fn reads_text_at(item: &Item, lines: &Range<usize>) -> bool {
    let line = match item {
        Item::TableRow(row) => &row.line,
        Item::DependencyStatement(statement) => &statement.line,
        _ => return false,
    };
    overlaps(line, lines)
}

/// True when the edited `lines` (absolute, in `rope`) may be read for one of the segment's
/// mentions (relative to `base`): the parallel claims read the whole line of a mention, and
/// walk back from a list item of mentions to the line that may label its group.
fn mentions_read(rope: &ropey::Rope, mentions: &[Mention], base: usize, lines: &Range<usize>) -> bool {
    let last_line = rope.byte_to_line(lines.end.saturating_sub(1).max(lines.start));
    mentions.iter().any(|mention| {
        let id = mention.id.start + base..mention.id.end + base;
        if overlaps(&id, lines) {
            return true;
        }
        let eligible = matches!(
            mention.context,
            MentionContext::Prose | MentionContext::Checkbox | MentionContext::Field(FieldKind::Parallel)
        );
        if !eligible || id.start < lines.start {
            return false;
        }
        let line = rope.byte_to_line(id.start);
        match group_walk(rope, line) {
            GroupWalk::NotAList => false,
            // The walk reads the lines from the stop down to the mention's line.
            GroupWalk::StopsAt(stop) => last_line >= stop,
            GroupWalk::NoStop => last_line + GROUP_LOOK_BACK >= line,
        }
    })
}

fn overlaps(range: &Range<usize>, lines: &Range<usize>) -> bool {
    if range.start == range.end {
        lines.start <= range.start && range.start < lines.end
    } else {
        range.start < lines.end && range.end > lines.start
    }
}

/// An item without the text that only its own task's checks read: a task's title, or the
/// value of a task-local field. None for any other item, or when `edit` (offsets relative to
/// the segment, given for the old item) reaches outside that text.
fn without_local_text(item: &Item, edit: Option<&Range<usize>>) -> Option<Item> {
    let mut item = item.clone();
    match &mut item {
        Item::Heading(heading) => {
            let crate::items::HeadingKind::Task(task) = &mut heading.kind else {
                return None;
            };
            heading.text = cut_title(task, &heading.text, heading.content.start, edit)?;
        }
        Item::ListTask(list_task) => {
            list_task.text = cut_title(&mut list_task.heading, &list_task.text, list_task.content.start, edit)?;
        }
        Item::Field(field) => {
            let local = TASK_LOCAL_FIELDS.contains(&field.kind) || field.kind.holds_estimate();
            if !local || edit.is_some_and(|edit| !within(edit, &field.value)) {
                return None;
            }
            // The value is emptied at the label's end, which an edit of the value leaves
            // where it was: at the value's start, an insertion moves it.
            *field = Field {
                text: "".into(),
                has_bracket: false,
                value: field.label.end..field.label.end,
                estimate: None,
                ..field.clone()
            };
        }
        _ => return None,
    }
    Some(item)
}

/// `text` (which starts at `content_start`) without the task's title, and the title's range
/// emptied; None when `edit` reaches outside the title.
fn cut_title(
    task: &mut TaskHeading,
    text: &str,
    content_start: usize,
    edit: Option<&Range<usize>>,
) -> Option<Box<str>> {
    if edit.is_some_and(|edit| !within(edit, &task.title)) {
        return None;
    }
    let cut = task.title.start.checked_sub(content_start)?..task.title.end.checked_sub(content_start)?;
    let (before, after) = (text.get(..cut.start)?, text.get(cut.end..)?);
    task.title = task.title.start..task.title.start;
    Some(format!("{before}{after}").into())
}

/// True when `edit` lies within `range`, ends included.
fn within(edit: &Range<usize>, range: &Range<usize>) -> bool {
    range.start <= edit.start && edit.end <= range.end
}

#[cfg(test)]
mod tests {
    use super::OffsetMap;

    #[test]
    fn a_range_that_starts_at_an_insertion_starts_after_it() {
        // `ab\n#### T` with `\n` inserted at the heading's start (offset 3).
        let at_line_start = OffsetMap::new(3, 3, 4, false);
        assert_eq!(at_line_start.map_range(&(3..9)), 4..10, "the heading moves down");
        assert_eq!(at_line_start.map_range(&(0..3)), 0..3, "the line before keeps its end");
        assert_eq!(at_line_start.map_range(&(3..3)), 4..4, "an empty range stays empty");
        // `x` typed at the end of a title that ends at offset 9.
        let mid_line = OffsetMap::new(9, 9, 10, true);
        assert_eq!(mid_line.map_range(&(5..9)), 5..10, "the title grows");
        assert_eq!(mid_line.map_range(&(9..12)), 10..13, "what follows moves");
        // A replacement: offsets inside it go to its start.
        let replaced = OffsetMap::new(4, 8, 5, true);
        assert_eq!(replaced.map_range(&(2..6)), 2..4);
        assert_eq!(replaced.map_range(&(4..10)), 4..7);
    }
}
