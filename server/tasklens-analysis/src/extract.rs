//! Turns one segment's text and block tree into [`SegmentItems`].
//!
//! The block tree says which lines are headings, code, checkboxes and table rows; the inline
//! text of each line is read by the hand-written lexers in [`crate::lex`]. Nothing here fails:
//! text that fits no shape is simply not an item.

use std::ops::Range;

use tree_sitter::Tree;

use crate::config::Config;
use crate::items::{
    ArrowLine, Checkbox, DependencyStatement, Field, Heading, HeadingKind, Item, ListTask, Mention, MentionContext,
    SegmentItems, Shift, TableRow,
};
use crate::lex::checklist::{ChecklistTask, parse_checklist_task};
use crate::lex::depends::{DependencyList, parse_dependencies};
use crate::lex::estimate::{EstimateValue, parse_estimate};
use crate::lex::fields::{FieldKind, classify_label, lex_field_line};
use crate::lex::heading::{TaskConfidence, TaskHeading, parse_list_item_task, parse_phase_heading, parse_task_heading};
use crate::lex::mention::{has_arrow, scan_mentions};
use crate::split::LinesWithEnds;

/// Extracts the items of a segment from its text and its block tree.
pub fn extract(text: &str, tree: &Tree, config: &Config) -> SegmentItems {
    let blocks = BlockMap::new(tree);
    let mut out = SegmentItems::default();
    let mut offset = 0;
    // Under a dependencies heading (`### Phase Dependencies`), every line may state an order.
    let mut order_section = false;
    // A dependency a heading or a bold label states for the tasks under it:
    // `### Application layer (depends on T008–T020b)`, `**Foundational (… apos T005):**`.
    let mut group: Option<GroupDependency> = None;
    for raw_line in LinesWithEnds::new(text) {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let line_range = line_start..line_start + line.len();
        if let Some(block) = blocks.code_block_at(line_start) {
            if blocks.hidden.binary_search(&block).is_ok() {
                push_mentions(line, line_start, MentionContext::Code, &mut out);
                continue;
            }
            lex_code_line(line, line_start, &mut out);
            out.claims_read_titles |= crate::lex::claim_line::code_reads_task_titles(line);
            push_order_line(line, line_start, Some(block), order_section, &mut out);
            if let Some(group) = &group {
                group.state_for_mention(line, line_start, &mut out);
            }
            continue;
        }
        if blocks.heading_at_line(line_range.clone()) {
            if crate::lex::claim_line::names_checkpoint(line) {
                out.claims_read_titles = true;
                out.checkpoint_lists = true;
            }
            lex_heading(line, line_start, &mut out);
            order_section = is_order_section(line);
            group = GroupDependency::of_label(line, line_start, true);
            continue;
        }
        push_order_line(line, line_start, None, order_section, &mut out);
        if blocks.table_row_at(line_start) {
            lex_table_row(line, line_start, &mut out);
            continue;
        }
        if line.trim().is_empty() {
            group = group.filter(|g| g.heading);
        } else if let Some(label) = GroupDependency::of_label(line, line_start, false) {
            group = Some(label);
            continue;
        }
        let before = out.items.len();
        out.claims_read_titles |= crate::lex::claim_line::reads_task_titles(line);
        lex_text_line(line, line_start, blocks.checkbox_in(line_range), config, &mut out);
        if let Some(group) = &group {
            group.apply(before, line, line_start, &mut out);
        }
    }
    for block in &blocks.code {
        if let Some(declared) = declared_waves(text, block.clone()) {
            out.items.push(Item::DeclaredWaves(declared));
        }
    }
    mark_task_fields(&mut out);
    mark_bodies(text, &mut out);
    out.reads_titles = out.compute_reads_titles();
    // A segment's items live as long as the segment: the room the vectors grew into is given
    // back (up to half of each, about a quarter of the items' memory on average).
    out.items.shrink_to_fit();
    out.structure.shrink_to_fit();
    out.statements.shrink_to_fit();
    out.mentions.shrink_to_fit();
    out
}

/// Sets `has_body` on every heading followed by text before the next heading, and on every
/// list-item task followed by lines indented deeper than its marker (blank lines aside).
fn mark_bodies(text: &str, out: &mut SegmentItems) {
    let structure: Vec<(usize, usize, Option<usize>)> = out
        .structure
        .iter()
        .filter_map(|&index| match &out.items[index as usize] {
            Item::Heading(heading) => Some((index as usize, heading.line.end, None)),
            Item::ListTask(task) => Some((index as usize, task.line.end, Some(task.indent))),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for (k, &(index, line_end, indent)) in structure.iter().enumerate() {
        // A heading's body runs to the next heading; a list item's to the first line that is
        // not indented under it, which the walk below finds.
        let until = match indent {
            Some(_) => text.len(),
            None => structure[k + 1..]
                .iter()
                .find(|(_, _, next_indent)| next_indent.is_none())
                .map_or(text.len(), |&(next, _, _)| item_start(&out.items[next])),
        };
        let rest = text.get(line_end..until.max(line_end)).unwrap_or("");
        let has_body = match indent {
            None => rest.lines().any(|line| !line.trim().is_empty()),
            Some(marker) => rest
                .lines()
                .skip(1)
                .filter(|line| !line.trim().is_empty())
                .take_while(|line| column_of_content(line) > marker)
                .next()
                .is_some(),
        };
        if has_body {
            found.push(index);
        }
    }
    for index in found {
        match &mut out.items[index] {
            Item::Heading(heading) => heading.has_body = true,
            Item::ListTask(task) => task.has_body = true,
            _ => {}
        }
    }
}

/// Where an item's line starts, relative to the segment.
fn item_start(item: &Item) -> usize {
    match item {
        Item::Heading(heading) => heading.line.start,
        Item::ListTask(task) => task.line.start,
        _ => 0,
    }
}

/// The column where a line's text starts, after block-quote markers and indentation (a tab
/// counts as four columns).
fn column_of_content(line: &str) -> usize {
    let start = strip_quote_markers(line);
    line[start..]
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum::<usize>()
        + start
}

/// Words of a heading over a section that states the order of phases and stories, lower-cased.
const ORDER_SECTION_WORDS: &[&str] = &[
    "dependenc",
    "execution order",
    "dependência",
    "dependencia",
    "dépendance",
    "abhängigkeit",
    "phụ thuộc",
    "依赖",
    "依賴",
    "依存",
    "의존",
    "실행 순서",
    "実行順序",
    "执行顺序",
];

/// True for a heading line over a section that states the order of phases and stories
/// (`### Phase Dependencies`, `## Dependencies & Execution Order`, `### フェーズ依存関係`).
fn is_order_section(line: &str) -> bool {
    let lower = line.to_lowercase();
    ORDER_SECTION_WORDS.iter().any(|word| lower.contains(word))
}

/// Keeps a line that may state the order of phases or stories: any line with words under a
/// dependencies heading, and elsewhere one that names a phase and a dependency word.
fn push_order_line(line: &str, base: usize, block: Option<usize>, in_section: bool, out: &mut SegmentItems) {
    // A drawing keeps its columns; text loses its list marker.
    let in_code = block.is_some();
    let start = if in_code { 0 } else { strip_line_prefix(line).content };
    let content = &line[start..];
    if content.trim().is_empty() || !(in_section || crate::lex::order::mentions_order(content)) {
        return;
    }
    out.items.push(Item::OrderLine(crate::items::OrderLine {
        line: base..base + line.len(),
        start: base + start,
        text: content.into(),
        in_code,
        block,
    }));
}

/// A dependency that a heading or a bold label line states for the tasks under it.
struct GroupDependency {
    /// The dependencies, with ranges in the segment.
    list: DependencyList,
    /// The same, with ranges relative to the clause, as a field holds them.
    relative: DependencyList,
    /// The clause's text and range in the segment.
    text: Box<str>,
    value: Range<usize>,
    /// True for a heading's, which lasts to the next heading; a label's ends at a blank line.
    heading: bool,
}

impl GroupDependency {
    /// The group a heading or a bold label line (`**Foundational (… apos T005):**`) opens,
    /// when it frames task IDs with a dependency word.
    fn of_label(line: &str, base: usize, heading: bool) -> Option<GroupDependency> {
        let trimmed = line.trim();
        if !heading {
            // A label alone on its line: `**Text:**` or `**Text**:`.
            let inner = trimmed.strip_prefix("**")?;
            let inner = inner.strip_suffix(':').unwrap_or(inner);
            let inner = inner.strip_suffix("**")?;
            if inner.contains("**") {
                return None;
            }
        }
        let clause = crate::lex::order::task_clauses(line)
            .into_iter()
            .find(|c| c.direction == crate::lex::order::Direction::Before)?;
        let text = &line[clause.list.clone()];
        let text = text.trim_end_matches([':', '*']);
        let mut list = parse_dependencies(text);
        list.items
            .retain(|item| !matches!(item.kind, crate::lex::depends::DepKind::Unresolved));
        if list.items.is_empty() {
            return None;
        }
        let value = base + clause.list.start..base + clause.list.start + text.len();
        let relative = list.clone();
        list.shift(value.start);
        Some(GroupDependency {
            list,
            relative,
            text: text.into(),
            value,
            heading,
        })
    }

    /// Gives the group's dependency to the task a line just defined (items from `first` on).
    fn apply(&self, first: usize, line: &str, base: usize, out: &mut SegmentItems) {
        let defined = out.items[first..].iter().find_map(|item| match item {
            Item::ListTask(task) => Some(task.indent),
            _ => None,
        });
        match defined {
            Some(indent) => {
                let list = self.relative.clone();
                out.items.push(Item::Field(Field {
                    kind: FieldKind::Dependencies,
                    label: self.value.start..self.value.start,
                    value: self.value.clone(),
                    text: (*self.text).into(),
                    has_bracket: false,
                    indent: indent + 1,
                    dependencies: Some(std::sync::Arc::new(list)),
                    estimate: None,
                    from_prose: true,
                }));
            }
            None => self.state_for_mention(line, base, out),
        }
    }

    /// A line under the label that names a task (`T006: getStatusCounts`) states the group's
    /// dependency for it.
    fn state_for_mention(&self, line: &str, base: usize, out: &mut SegmentItems) {
        if out
            .items
            .last()
            .is_some_and(|item| matches!(item, Item::DependencyStatement(_)))
        {
            return;
        }
        if let Some(statement) = clause_statement(line, base, base..base + line.len(), Some(&self.list)) {
            out.statements.push(out.items.len() as u32);
            out.items.push(Item::DependencyStatement(statement));
        }
    }
}

/// Reads a code block holding `{"waves": [["1", "2"], ["3.1"]]}`; each ID's range is found by
/// scanning the block for its quoted string in order.
fn declared_waves(text: &str, block: Range<usize>) -> Option<crate::items::DeclaredWaves> {
    let body = text.get(block.clone())?;
    if !body.contains("\"waves\"") {
        return None;
    }
    let unreadable = || crate::items::DeclaredWaves {
        block: block.clone(),
        waves: Vec::new(),
        unreadable: true,
    };
    let open = body.find(['{', '['])?;
    let close = body.rfind(['}', ']'])?;
    let Some(json) = body
        .get(open..=close)
        .and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok())
    else {
        return Some(unreadable());
    };
    // `{"waves": [["1", "2"], ["3"]]}`, `{"waves": [{"id": 0, "tasks": ["1", "2"]}]}`, or the
    // list of wave objects alone.
    let waves = json.get("waves").unwrap_or(&json);
    let Some(waves) = waves.as_array() else {
        return Some(unreadable());
    };
    let mut cursor = open;
    let mut out = Vec::new();
    for wave in waves {
        let members = wave
            .as_array()
            .or_else(|| wave.get("tasks").and_then(|tasks| tasks.as_array()));
        let Some(members) = members else {
            return Some(unreadable());
        };
        let mut ids = Vec::new();
        for id in members {
            let id = match id {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => continue,
            };
            let quoted = format!("\"{id}\"");
            let (start, len) = match body[cursor..].find(&quoted) {
                Some(at) => (cursor + at + 1, id.len()),
                None => (body[cursor..].find(&id).map_or(cursor, |at| cursor + at), id.len()),
            };
            cursor = (start + len).min(body.len());
            ids.push((id.into_boxed_str(), block.start + start..block.start + start + len));
        }
        out.push(ids);
    }
    Some(crate::items::DeclaredWaves {
        block,
        waves: out,
        unreadable: false,
    })
}

/// The block nodes of a segment that decide how each line is read, each list sorted by start.
struct BlockMap {
    code: Vec<Range<usize>>,
    /// The starts of the code-like blocks that are comments or front matter.
    hidden: Vec<usize>,
    headings: Vec<usize>,
    checkboxes: Vec<(Range<usize>, bool)>,
    table_rows: Vec<usize>,
}

/// What the extractor reads a block node as (the node kinds are tree-sitter-md's block
/// grammar's; `parse.rs` checks that the grammar still has each of them).
#[cfg(test)]
pub(crate) const BLOCK_KINDS: &[&str] = &[
    "atx_heading",
    "fenced_code_block",
    "indented_code_block",
    "html_block",
    "minus_metadata",
    "plus_metadata",
    "list_item",
    "task_list_marker_checked",
    "task_list_marker_unchecked",
    "pipe_table_header",
    "pipe_table_row",
    "inline",
];

impl BlockMap {
    /// Walks the tree once, depth first, without descending into the nodes whose insides
    /// nothing reads (inline text, code, table rows). A walk rather than a query: a tree-sitter
    /// query cursor costs time quadratic in the children of one node, and a long line of
    /// punctuation is an inline node with a hidden child per character.
    fn new(tree: &Tree) -> Self {
        let mut map = BlockMap {
            code: Vec::new(),
            hidden: Vec::new(),
            headings: Vec::new(),
            checkboxes: Vec::new(),
            table_rows: Vec::new(),
        };
        let mut cursor = tree.walk();
        loop {
            let node = cursor.node();
            let range = node.byte_range();
            let descend = match node.kind() {
                "atx_heading" => {
                    map.headings.push(range.start);
                    false
                }
                "fenced_code_block" | "indented_code_block" => {
                    map.code.push(range);
                    false
                }
                // Comments and front matter are read like code, but no drawing or example
                // in them states anything.
                "html_block" | "minus_metadata" | "plus_metadata" => {
                    map.hidden.push(range.start);
                    map.code.push(range);
                    false
                }
                kind @ ("task_list_marker_checked" | "task_list_marker_unchecked") => {
                    if node.parent().is_some_and(|parent| parent.kind() == "list_item") {
                        map.checkboxes.push((range, kind == "task_list_marker_checked"));
                    }
                    false
                }
                "pipe_table_header" | "pipe_table_row" => {
                    map.table_rows.push(range.start);
                    false
                }
                "inline" => false,
                _ => true,
            };
            if descend && cursor.goto_first_child() {
                continue;
            }
            // The next node in document order: a sibling, or the sibling of an ancestor.
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    map.sort();
                    return map;
                }
            }
        }
    }

    fn sort(&mut self) {
        self.code.sort_by_key(|range| range.start);
        self.hidden.sort_unstable();
        self.headings.sort_unstable();
        self.checkboxes.sort_by_key(|(range, _)| range.start);
        self.table_rows.sort_unstable();
    }

    /// The start of the code block holding an offset. Code blocks do not nest or overlap, so
    /// only the last one starting at or before the offset can hold it.
    fn code_block_at(&self, offset: usize) -> Option<usize> {
        let after = self.code.partition_point(|range| range.start <= offset);
        (after > 0 && offset < self.code[after - 1].end).then(|| self.code[after - 1].start)
    }

    /// True when a heading node starts on this line (after any container markers).
    fn heading_at_line(&self, line: Range<usize>) -> bool {
        let first = self.headings.partition_point(|&start| start < line.start);
        self.headings.get(first).is_some_and(|&start| start <= line.end)
    }

    fn table_row_at(&self, line_start: usize) -> bool {
        self.table_rows.binary_search(&line_start).is_ok()
    }

    fn checkbox_in(&self, line: Range<usize>) -> Option<(Range<usize>, bool)> {
        let first = self.checkboxes.partition_point(|(range, _)| range.start < line.start);
        self.checkboxes
            .get(first)
            .filter(|(range, _)| range.start < line.end.max(line.start + 1))
            .cloned()
    }
}

fn push_mentions(text: &str, base: usize, context: MentionContext, out: &mut SegmentItems) {
    for token in scan_mentions(text) {
        let mention_text: Box<str> = text[token.id.clone()].into();
        let mut id = token.id;
        id.shift(base);
        out.mentions.push(Mention {
            text: mention_text,
            id,
            explicit: token.explicit,
            context,
        });
    }
}

fn push_arrows(line: &str, base: usize, in_code: bool, field: Option<FieldKind>, out: &mut SegmentItems) {
    if !has_arrow(line) {
        return;
    }
    // A chain of tasks has exactly one identifier between each pair of arrows; a line like
    // `Phase 1: Setup (T001-T009) → ~2 hours` chains phases, not tasks.
    let tokens = scan_mentions(line);
    let mut parts = 1;
    let mut per_part = vec![0usize];
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut token_index = 0;
    while i < line.len() {
        let arrow = ["→", "->", "⟶", "=>"].iter().find(|a| line[i..].starts_with(**a));
        if let Some(arrow) = arrow {
            parts += 1;
            per_part.push(0);
            i += arrow.len();
            continue;
        }
        if token_index < tokens.len() && tokens[token_index].id.start == i {
            per_part[parts - 1] += 1;
            token_index += 1;
        }
        i += 1;
        while i < bytes.len() && !line.is_char_boundary(i) {
            i += 1;
        }
    }
    // Parts without an ID may open or close the chain (`All Tasks → Task 6.1 → Task 7.2`);
    // between them every part holds exactly one.
    let first = per_part.iter().position(|&count| count > 0).unwrap_or(per_part.len());
    let last = per_part.iter().rposition(|&count| count > 0).unwrap_or(0);
    if first > last || per_part[first..=last].iter().any(|&count| count != 1) {
        return;
    }
    let partial = first > 0 || last + 1 < per_part.len();
    let ids: Vec<(Box<str>, Range<usize>)> = tokens
        .into_iter()
        .map(|token| {
            (
                line[token.id.clone()].into(),
                token.id.start + base..token.id.end + base,
            )
        })
        .collect();
    if ids.len() >= 2 {
        out.items.push(Item::Arrows(ArrowLine {
            line: base..base + line.len(),
            ids,
            in_code,
            field,
            partial,
        }));
    }
}

fn lex_code_line(line: &str, base: usize, out: &mut SegmentItems) {
    push_mentions(line, base, MentionContext::Code, out);
    push_arrows(line, base, true, None, out);
    // `Task T035: "versionManager" (后,依赖 T034)` in an example block states a dependency.
    if let Some(statement) = clause_statement(line, base, base..base + line.len(), None) {
        out.statements.push(out.items.len() as u32);
        out.items.push(Item::DependencyStatement(statement));
    }
}

/// A line that opens with a task ID (after a list marker, `Task` or emphasis) and frames task
/// IDs with a dependency word further on: `Task T035: "versionManager" (后,依赖 T034)`. With
/// `group`, the line states no dependency of its own but belongs to a group whose label does
/// (`**Foundational (executar em paralelo apos T005):**` over `T006: getStatusCounts`).
fn clause_statement(
    content: &str,
    content_base: usize,
    line: Range<usize>,
    group: Option<&DependencyList>,
) -> Option<DependencyStatement> {
    let tokens = scan_mentions(content);
    let first = tokens.first()?;
    let before =
        content[..first.id.start].trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '#' | '-' | '`' | '['));
    if !(before.is_empty() || crate::lex::mention::TASK_WORDS.contains(&before.to_lowercase().as_str())) {
        return None;
    }
    let dependencies = match group {
        Some(group) => group.clone(),
        None => {
            let rest_start = first.id.end;
            let clause = crate::lex::order::task_clauses(&content[rest_start..])
                .into_iter()
                .find(|c| c.direction == crate::lex::order::Direction::Before)?;
            let list = rest_start + clause.list.start..rest_start + clause.list.end;
            let mut dependencies = parse_dependencies(&content[list.clone()]);
            dependencies
                .items
                .retain(|item| !matches!(item.kind, crate::lex::depends::DepKind::Unresolved));
            if dependencies.items.is_empty() {
                return None;
            }
            dependencies.shift(content_base + list.start);
            dependencies
        }
    };
    Some(DependencyStatement {
        line,
        subject: content_base + first.id.start..content_base + first.id.end,
        subject_id: content[first.id.clone()].into(),
        subject_is_phase: false,
        dependencies,
    })
}

fn lex_heading(line: &str, base: usize, out: &mut SegmentItems) {
    let after_containers = strip_quote_markers(line);
    let hashes_start = after_containers + leading_whitespace(&line[after_containers..]);
    let level = line[hashes_start..].bytes().take_while(|&b| b == b'#').count();
    if level == 0 {
        return;
    }
    let level = level.min(6);
    let mut content_end = line.trim_end().len();
    // A closing sequence of `#` preceded by a space is not part of the content.
    let trimmed = &line[..content_end];
    let without_closing = trimmed.trim_end_matches('#');
    if without_closing.len() < trimmed.len()
        && (without_closing.ends_with([' ', '\t']) || without_closing.len() == hashes_start + level)
    {
        content_end = without_closing.trim_end().len();
    }
    let content_start = (hashes_start + level + leading_whitespace(&line[hashes_start + level..])).min(content_end);
    let content = &line[content_start..content_end];
    let kind = if let Some(mut task) = parse_task_heading(content) {
        task.shift(base + content_start);
        HeadingKind::Task(task)
    } else if let Some(mut phase) = parse_phase_heading(content) {
        phase.shift(base + content_start);
        HeadingKind::Phase(phase)
    } else {
        push_mentions(content, base + content_start, MentionContext::Heading, out);
        HeadingKind::Other
    };
    out.structure.push(out.items.len() as u32);
    out.items.push(Item::Heading(Heading {
        level: level as u8,
        line: base..base + line.len(),
        content: base + content_start..base + content_end,
        text: content.into(),
        kind,
        has_task_fields: false,
        has_body: false,
    }));
}

fn lex_table_row(line: &str, base: usize, out: &mut SegmentItems) {
    let start = strip_quote_markers(line);
    let mut cells = Vec::new();
    let row = &line[start..];
    // The same whitespace rule decides where the row starts and whether a pipe opens it, so
    // that the first cell never starts inside a character (U+0085 is whitespace to Rust).
    let lead = leading_whitespace(row);
    let inner_start = start + lead + usize::from(row[lead..].starts_with('|'));
    let mut cell_start = inner_start;
    let bytes = line.as_bytes();
    let mut i = inner_start;
    while i <= line.len() {
        let at_end = i == line.len();
        if at_end || (bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\')) {
            let cell = crate::lex::fields::trim_range(line, cell_start..i);
            if !(at_end && cell.is_empty() && cell_start == i) {
                cells.push(cell.start + base..cell.end + base);
            }
            cell_start = i + 1;
        }
        i += 1;
    }
    if line.trim_end().ends_with('|')
        && let Some(last) = cells.last()
        && last.is_empty()
    {
        cells.pop();
    }
    let header = !out
        .items
        .iter()
        .rev()
        .take(1)
        .any(|item| matches!(item, Item::TableRow(_)));
    for cell in &cells {
        let text = &line[cell.start - base..cell.end - base];
        push_mentions(text, cell.start, MentionContext::Table, out);
    }
    out.items.push(Item::TableRow(TableRow {
        line: base..base + line.len(),
        cells,
        header,
    }));
}

fn lex_text_line(
    line: &str,
    base: usize,
    checkbox: Option<(Range<usize>, bool)>,
    config: &Config,
    out: &mut SegmentItems,
) {
    let prefix = strip_line_prefix(line);
    let mut content_start = prefix.content;
    if let Some((marker, _)) = &checkbox {
        let marker_end = marker.end - base;
        if marker_end <= line.len() && marker_end >= content_start {
            content_start = marker_end + leading_whitespace(&line[marker_end..]);
        }
    }
    let content = &line[content_start..];
    if content.trim().is_empty() {
        return;
    }
    let content_base = base + content_start;
    if prefix.list_marker
        && let Some(task) = parse_checklist_task(content, checkbox.is_some())
    {
        push_checklist_task(
            task,
            line,
            base,
            content,
            content_base,
            &prefix,
            checkbox.map(|(_, c)| c),
            out,
        );
        return;
    }
    // `- **Task 2** requires Tasks 1 and 3` states dependencies; it is not a second Task 2.
    if let Some(statement) = dependency_statement(content, content_base, base..base + line.len()) {
        out.statements.push(out.items.len() as u32);
        out.items.push(Item::DependencyStatement(statement));
        return;
    }
    if prefix.list_marker
        && let Some(mut task) = parse_list_item_task(content)
    {
        task.shift(content_base);
        out.structure.push(out.items.len() as u32);
        out.items.push(Item::ListTask(ListTask {
            heading: task,
            line: base..base + line.len(),
            content: content_base..base + line.len(),
            text: content.into(),
            indent: prefix.marker_column,
            checked: checkbox.as_ref().map(|(_, checked)| *checked),
            dialect: None,
            parallel: false,
            optional: false,
            story: None,
            has_body: false,
        }));
        return;
    }
    if let Some((marker, checked)) = checkbox {
        out.items.push(Item::Checkbox(Checkbox {
            checked,
            marker: marker.start..marker.end.min(base + line.len()),
            text: content_base..base + line.len(),
            indent: prefix.marker_column,
            leading_id: crate::lex::mention::leading_task_id(content).map(|range| {
                (
                    content[range.clone()].into(),
                    range.start + content_base..range.end + content_base,
                )
            }),
        }));
        push_mentions(content, content_base, MentionContext::Checkbox, out);
        return;
    }
    let raw_fields = lex_field_line(content, |label| {
        classify_label(label, &config.extra_labels) != FieldKind::Other
    });
    if raw_fields.is_empty() {
        push_mentions(content, content_base, MentionContext::Prose, out);
        push_arrows(content, content_base, false, None, out);
        push_prose_dependencies(content, content_base, prefix.content, out);
        return;
    }
    // Text before the first label (rare: the lexer requires the label at the start) and each
    // field's value are scanned for mentions, except dependency values, which are references.
    for raw in raw_fields {
        let label_text = &content[raw.label.clone()];
        let kind = classify_label(label_text, &config.extra_labels);
        let value_text = &content[raw.value.clone()];
        let mut field = Field {
            kind,
            label: raw.label.start + content_base..raw.label.end + content_base,
            value: raw.value.start + content_base..raw.value.end + content_base,
            text: value_text.into(),
            has_bracket: value_text.contains('['),
            indent: prefix.content,
            dependencies: None,
            estimate: None,
            from_prose: false,
        };
        let mut prose = false;
        match kind {
            FieldKind::Dependencies | FieldKind::Prerequisites | FieldKind::Blocks => {
                field.dependencies = Some(std::sync::Arc::new(parse_dependencies(value_text)));
            }
            FieldKind::Requirements => {}
            FieldKind::Estimate | FieldKind::Duration => {
                let mut estimate = parse_estimate(value_text);
                estimate.shift(field.value.start);
                let before = out.mentions.len();
                push_mentions(value_text, field.value.start, MentionContext::Field(kind), out);
                // Quantities (`6h`, `2d`) are shaped like IDs but name no task: the estimate's
                // own, and any word that reads as an estimate alone (`3h` of `[Hours]3h`). The
                // rest of the value may name one (`same as T003`).
                let quantity = match &estimate {
                    EstimateValue::Estimate(estimate) => estimate.range.clone(),
                    _ => 0..0,
                };
                let base = field.value.start;
                let mut found = out.mentions.split_off(before);
                found.retain(|mention| {
                    let within = quantity.start <= mention.id.start && mention.id.end <= quantity.end;
                    let word = value_text
                        .get(mention.id.start.saturating_sub(base)..mention.id.end.saturating_sub(base))
                        .unwrap_or("");
                    !within && !matches!(parse_estimate(word), EstimateValue::Estimate(_))
                });
                out.mentions.append(&mut found);
                field.estimate = Some(estimate);
            }
            _ => {
                push_mentions(value_text, field.value.start, MentionContext::Field(kind), out);
                push_arrows(value_text, field.value.start, false, Some(kind), out);
                prose = true;
            }
        }
        let value_start = field.value.start;
        out.items.push(Item::Field(field));
        // `**Priority**: HIGH - Blocks Tasks 3, 6`: a dependency inside another field's value.
        if prose {
            push_prose_dependencies(value_text, value_start, prefix.content, out);
        }
    }
}

/// Adds the dependencies free text states (`after T005`, `（依赖T007, T008）`, `blocked by
/// Tasks 4-5`, `Blocks Tasks 3, 6`) as fields read from prose: dependencies for the task the
/// text belongs to, or tasks it blocks. `base` is the text's offset in the segment and
/// `indent` the column its line's content starts at.
fn push_prose_dependencies(text: &str, base: usize, indent: usize, out: &mut SegmentItems) {
    for clause in crate::lex::order::task_clauses(text) {
        push_clause(text, &clause, base, indent, out);
    }
}

/// Adds one clause that [`crate::lex::order::task_clauses`] found in `text` as a field.
fn push_clause(text: &str, clause: &crate::lex::order::TaskClause, base: usize, indent: usize, out: &mut SegmentItems) {
    {
        let value_text = &text[clause.list.clone()];
        let dependencies = parse_dependencies(value_text);
        if dependencies
            .items
            .iter()
            .all(|item| matches!(item.kind, crate::lex::depends::DepKind::Unresolved))
        {
            return;
        }
        let kind = match clause.direction {
            crate::lex::order::Direction::Before => FieldKind::Dependencies,
            crate::lex::order::Direction::After => FieldKind::Blocks,
        };
        let value = base + clause.list.start..base + clause.list.end;
        out.items.push(Item::Field(Field {
            kind,
            label: value.start..value.start,
            value,
            text: value_text.into(),
            has_bracket: value_text.contains('['),
            indent,
            dependencies: Some(std::sync::Arc::new(dependencies)),
            estimate: None,
            from_prose: true,
        }));
    }
}

/// Adds a spec-kit or Kiro task, and its inline dependencies as a field of it.
#[allow(clippy::too_many_arguments)]
fn push_checklist_task(
    task: ChecklistTask,
    line: &str,
    base: usize,
    content: &str,
    content_base: usize,
    prefix: &LinePrefix,
    checkbox: Option<bool>,
    out: &mut SegmentItems,
) {
    let checked = checkbox.or(task.checked);
    let mut heading = TaskHeading {
        id: task.id.clone(),
        title: task.title.clone(),
        decorations: task.decorations.clone(),
        estimate: None,
        priority: None,
        done: checked == Some(true),
        cancelled: task.cancelled,
        confidence: TaskConfidence::Explicit,
    };
    heading.shift(content_base);
    out.structure.push(out.items.len() as u32);
    out.items.push(Item::ListTask(ListTask {
        heading,
        line: base..base + line.len(),
        content: content_base..base + line.len(),
        text: content.into(),
        indent: prefix.marker_column,
        checked,
        dialect: Some(task.dialect),
        parallel: task.parallel,
        optional: task.optional,
        story: task.story.clone().map(|range| content[range].into()),
        has_body: false,
    }));
    // Mentions in the description (`after T010`) are references; the inline dependency list
    // is a field.
    let description_end = task.inline_dependencies.as_ref().map_or(content.len(), |r| r.start);
    let description = task.title.start.min(description_end)..description_end;
    push_mentions(
        &content[description.clone()],
        content_base + description.start,
        MentionContext::Prose,
        out,
    );
    // Other cues in the description (`after T005`, `（依赖T007, T008；…）`) are read as prose.
    let explicit = task.inline_dependencies.clone();
    let description_text = &content[description.clone()];
    for clause in crate::lex::order::task_clauses(description_text) {
        let absolute = description.start + clause.list.start..description.start + clause.list.end;
        if explicit
            .as_ref()
            .is_some_and(|e| e.start < absolute.end && absolute.start < e.end)
        {
            continue;
        }
        push_clause(
            description_text,
            &clause,
            content_base + description.start,
            prefix.content + 1,
            out,
        );
    }
    if let Some(range) = task.inline_dependencies {
        let value_text = &content[range.clone()];
        let dependencies = std::sync::Arc::new(parse_dependencies(value_text));
        out.items.push(Item::Field(Field {
            kind: FieldKind::Dependencies,
            label: content_base + range.start..content_base + range.start,
            value: content_base + range.start..content_base + range.end,
            text: value_text.into(),
            has_bracket: value_text.contains('['),
            indent: prefix.content + 1,
            dependencies: Some(dependencies),
            estimate: None,
            from_prose: false,
        }));
    }
}

/// `T013 depends on T012, T011` (or `**T013** depends on …`), on a line of its own outside
/// the task: the statements of spec-kit's "Dependencies & Execution Order" sections.
fn dependency_statement(content: &str, content_base: usize, line: Range<usize>) -> Option<DependencyStatement> {
    if let Some(statement) = phase_statement(content, content_base, line.clone()) {
        return Some(statement);
    }
    let tokens = scan_mentions(content);
    let first = tokens.first()?;
    let before = content[..first.id.start].trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '#');
    if !(before.is_empty() || crate::lex::mention::TASK_WORDS.contains(&before.to_lowercase().as_str())) {
        return None;
    }
    let rest = &content[first.id.end..];
    let rest_trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*');
    let lower = rest_trimmed.to_ascii_lowercase();
    let phrase = ["depends on", "is blocked by", "blocked by", "requires"]
        .into_iter()
        .find(|p| lower.starts_with(p))?;
    let list_start = first.id.end + (rest.len() - rest_trimmed.len()) + phrase.len();
    let dependencies = statement_list(content, list_start, content_base)?;
    Some(DependencyStatement {
        line,
        subject: content_base + first.id.start..content_base + first.id.end,
        subject_id: content[first.id.clone()].into(),
        subject_is_phase: false,
        dependencies,
    })
}

/// The dependency list of a statement, from `list_start` to the end of its clause, when it
/// names at least one task or phase: "depends on the login flow" is prose, not a statement.
fn statement_list(content: &str, list_start: usize, content_base: usize) -> Option<DependencyList> {
    let mut list_end = content.len();
    for stop in [" (", " —", " - ", ";", ". "] {
        if let Some(at) = content[list_start..].find(stop) {
            list_end = list_end.min(list_start + at);
        }
    }
    let list = crate::lex::fields::trim_range(content, list_start..list_end);
    let text = content[list.clone()].trim_end_matches(['.', ':', ',']);
    if text.is_empty() {
        return None;
    }
    let mut dependencies = parse_dependencies(text);
    dependencies.shift(content_base + list.start);
    let names_something = dependencies
        .items
        .iter()
        .any(|item| !matches!(item.kind, crate::lex::depends::DepKind::Unresolved));
    names_something.then_some(dependencies)
}

/// `Phase 2 depends on Phase 1` (also `**Phase 3**: depends on Phase 2`).
fn phase_statement(content: &str, content_base: usize, line: Range<usize>) -> Option<DependencyStatement> {
    let start = content.len()
        - content
            .trim_start_matches(|c: char| c.is_whitespace() || c == '*')
            .len();
    let lower = content.to_lowercase();
    let word = ["phase ", "fase ", "étape ", "phase"]
        .into_iter()
        .find(|w| lower[start..].starts_with(w))?;
    let id_start = start + word.len();
    let id_len = content[id_start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .map(char::len_utf8)
        .sum::<usize>();
    if id_len == 0 {
        return None;
    }
    let id_end = id_start + id_len;
    let rest = &content[id_end..];
    let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | ':' | ')' | '('));
    let phrase = "depends on";
    if !trimmed.to_lowercase().starts_with(phrase) {
        return None;
    }
    let list_start = id_end + (rest.len() - trimmed.len()) + phrase.len();
    let dependencies = statement_list(content, list_start, content_base)?;
    Some(DependencyStatement {
        line,
        subject: content_base + id_start..content_base + id_end,
        subject_id: content[id_start..id_end].into(),
        subject_is_phase: true,
        dependencies,
    })
}

/// Sets [`Heading::has_task_fields`] on each heading whose items, up to the next structural
/// item, include a field only tasks have.
fn mark_task_fields(out: &mut SegmentItems) {
    let mut current: Option<usize> = None;
    let mut found = Vec::new();
    for (index, item) in out.items.iter().enumerate() {
        match item {
            Item::Heading(_) | Item::ListTask(_) => current = Some(index),
            Item::Field(field)
                if matches!(
                    field.kind,
                    FieldKind::Dependencies
                        | FieldKind::Estimate
                        | FieldKind::Type
                        | FieldKind::Priority
                        | FieldKind::Assignee
                        | FieldKind::AcceptanceCriteria
                ) =>
            {
                if let Some(heading) = current {
                    found.push(heading);
                }
            }
            _ => {}
        }
    }
    for index in found {
        if let Item::Heading(heading) = &mut out.items[index] {
            heading.has_task_fields = true;
        }
    }
}

fn leading_whitespace(text: &str) -> usize {
    text.len() - text.trim_start_matches([' ', '\t']).len()
}

/// Skips block-quote markers (`> `) at the start of a line and returns where the rest starts.
fn strip_quote_markers(line: &str) -> usize {
    let mut pos = 0;
    loop {
        let ws = leading_whitespace(&line[pos..]);
        if line[pos + ws..].starts_with('>') {
            pos += ws + 1;
            if line[pos..].starts_with(' ') {
                pos += 1;
            }
        } else {
            return pos;
        }
    }
}

/// Where a line's content starts once container markers are removed.
struct LinePrefix {
    /// The column of the list marker, or of the content when there is none.
    marker_column: usize,
    /// Where the content starts.
    content: usize,
    /// True when the line starts a list item.
    list_marker: bool,
}

fn strip_line_prefix(line: &str) -> LinePrefix {
    let quote_end = strip_quote_markers(line);
    let marker_column = quote_end + leading_whitespace(&line[quote_end..]);
    let rest = &line[marker_column..];
    let bytes = rest.as_bytes();
    let mut marker_len = 0;
    if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) && matches!(bytes.get(1), Some(b' ' | b'\t') | None) {
        marker_len = 1;
    } else {
        let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if (1..=9).contains(&digits)
            && matches!(bytes.get(digits), Some(b'.' | b')'))
            && matches!(bytes.get(digits + 1), Some(b' ' | b'\t') | None)
        {
            marker_len = digits + 1;
        }
    }
    if marker_len == 0 {
        return LinePrefix {
            marker_column,
            content: marker_column,
            list_marker: false,
        };
    }
    let after = marker_column + marker_len;
    LinePrefix {
        marker_column,
        content: after + leading_whitespace(&line[after..]),
        list_marker: true,
    }
}
