//! Dependency drawings against the dependency fields: an ASCII tree in a code block, where a
//! node drawn under another (`├─> 035 (Launcher Desktop Grid)` below `├─> 034`, `└── Bash
//! support` below `├── Shell Hooks`) comes after it, and a chain drawn on one line (`052
//! (Apps Service) ─> 053 (Test)`). A node is a task named by its leading ID or by its whole
//! title. A drawn edge fails when the later task does not depend on the earlier one, directly
//! or through other tasks, by what the document writes: the drawing says what the fields do
//! not. A Mermaid flowchart's links (`A[Task 1.1] --> B[Task 1.2]`) are read the same way.
//! Drawings of documents without dependency fields are their only statement of order, and
//! are not checked.
//!
//! A task's `**Blocks**:` list is a drawing of its outgoing edges: a task whose own section
//! says it waits for this one, and which the list leaves out, makes the list incomplete. The
//! finding carries the list with those tasks added, which its quick fix writes.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, join_and};
use crate::items::Field;
use crate::lex::claim_line::{BRANCHES, CHAIN_ARROWS};
use crate::lex::claim_words::PLURAL_TASK_NOUNS;
use crate::lex::depends::DepKind;
use crate::lex::fields::FieldKind;
use crate::lex::mention::leading_task_id;
use crate::plan::{PathFinder, Plan};

use super::{DocumentLines, Fence};

/// The most drawn edges of one document that are checked.
const EDGE_LIMIT: usize = 2048;

/// True when a line draws a node of a tree or a chain, which [`check`] reads.
pub(super) fn states_claim(line: &str) -> bool {
    crate::lex::claim_line::draws_tasks(line)
}

/// Checks each task's `**Blocks**:` list against the tasks whose own sections name the task
/// as a dependency: `**Blocks**: Story #521` while #520 and #523 depend on #519 too. Lists
/// that name a range, a group or an unknown ID are not read; a task under a listed one is
/// blocked with it. The finding, at the first list, carries that list completed (see
/// [`completed_list`]).
pub(super) fn blocks_lists(analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let tasks = &analysis.tasks;
    if !tasks
        .iter()
        .any(|task| task.fields.iter().any(|field| field.kind == FieldKind::Blocks))
    {
        return;
    }
    // For each task, the tasks whose own sections name it as a dependency.
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for (task, dependencies) in analysis.dependencies.iter().enumerate() {
        for dependency in dependencies {
            let written_here =
                tasks[task].section.start <= dependency.range.start && dependency.range.start < tasks[task].section.end;
            if dependency.rule.is_none() && written_here && dependency.target != task && !tasks[task].cancelled {
                dependents[dependency.target].push(task);
            }
        }
    }
    for task in tasks {
        let fields: Vec<_> = task
            .fields
            .iter()
            .filter(|field| field.kind == FieldKind::Blocks && !field.from_prose)
            .collect();
        let Some(first) = fields.first() else {
            continue;
        };
        let Some(listed) = listed_by_id(analysis, &fields) else {
            continue;
        };
        let under_listed = |mut at: usize| loop {
            if listed.contains(&at) {
                return true;
            }
            match tasks[at].parent {
                Some(parent) => at = parent,
                None => return false,
            }
        };
        let mut missing: Vec<usize> = dependents[task.index]
            .iter()
            .copied()
            .filter(|&t| !under_listed(t))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            continue;
        }
        let names: Vec<String> = missing.iter().map(|&t| analysis.display_name(t)).collect();
        let said = if listed.is_empty() {
            format!("This says {} blocks no task", analysis.display_name(task.index))
        } else {
            let listed_names: Vec<String> = listed.iter().map(|&t| analysis.display_name(t)).collect();
            format!(
                "This says {} blocks {}",
                analysis.display_name(task.index),
                join_and(&listed_names)
            )
        };
        let diagnostic = Diagnostic::new(
            Code::GraphMismatch,
            first.value.clone(),
            format!(
                "{said}, but {} {} on it too, by {} own section{}: add {} here, or take the dependency out of {}.",
                join_and(&names),
                if missing.len() == 1 { "depends" } else { "depend" },
                if missing.len() == 1 { "its" } else { "their" },
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "it" } else { "them" },
                if missing.len() == 1 { "its fields" } else { "theirs" },
            ),
        );
        out.push(match completed_list(analysis, task.index, first, &missing) {
            Some(list) => diagnostic.with_replacement(list),
            None => diagnostic,
        });
    }
}

/// A `**Blocks**:` list's value with the tasks it leaves out written after its last entry the
/// way its entries are written: joined as they are joined, each with the last entry's task
/// word (`Story #521` → `Story #521, Story #520, Story #523`), bare after a plural one written
/// once (`Tasks 2.1, 2.2` → `Tasks 2.1, 2.2, 2.4`; `Stories #521` → `Stories #521, #523`). A
/// list that says none has its `None` replaced with the IDs, after `Task` in a task heading's
/// field. None when an ID, so written, would name another task (IDs that restart in each
/// phase), and for a list of alternatives or conditions, which the added tasks would join.
fn completed_list(analysis: &Analysis, task: usize, field: &Field, missing: &[usize]) -> Option<String> {
    let list = field.dependencies.as_deref()?;
    if list.items.iter().any(|item| item.alternative || item.conditional) {
        return None;
    }
    let text = field.text.as_str();
    let ids: Vec<&str> = missing.iter().map(|&t| analysis.tasks[t].id.as_str()).collect();
    if missing
        .iter()
        .zip(&ids)
        .any(|(&task, id)| analysis.task_by_id(id) != Some(task))
    {
        return None;
    }
    let Some(last) = list.items.last() else {
        let none = list.none.clone()?;
        let heading = analysis.tasks[task].dialect == crate::model::Dialect::Heading;
        let entries = match (heading, ids.len()) {
            (true, 1) => format!("Task {}", ids[0]),
            (true, _) => format!("Tasks {}", ids.join(", ")),
            _ => ids.join(", "),
        };
        return Some(format!("{}{entries}{}", &text[..none.start], &text[none.end..]));
    };
    let DepKind::Task(last_id) = &last.kind else {
        return None;
    };
    // The task word (and mark: `#`) before the last entry's ID.
    let mut word = text.get(last.range.start..last_id.range.start)?;
    let noun = word.trim_end_matches(|c: char| !c.is_alphabetic());
    if PLURAL_TASK_NOUNS.contains(&noun.to_lowercase().as_str()) {
        word = word[noun.len()..].trim_start();
    }
    let separators: Vec<&str> = list
        .items
        .windows(2)
        .filter_map(|pair| text.get(pair[0].range.end..pair[1].range.start))
        .collect();
    let separator = match separators.first() {
        Some(&first) if separators.iter().all(|&s| s == first) && !first.trim().is_empty() => first,
        _ => ", ",
    };
    // After the last entry and a note in parentheses that follows it (`Story #521 (the job)`).
    let mut at = last.range.end;
    let rest = text.get(at..)?;
    if rest.trim_start().starts_with('(')
        && let Some(close) = rest.find(')')
    {
        at += close + 1;
    }
    let added: String = ids.iter().map(|id| format!("{separator}{word}{id}")).collect();
    Some(format!("{}{added}{}", &text[..at], &text[at..]))
}

/// The tasks that `**Blocks**:` fields name, when they name tasks by ID only (or say none).
fn listed_by_id(analysis: &Analysis, fields: &[&Field]) -> Option<Vec<usize>> {
    let mut listed = Vec::new();
    for field in fields {
        let list = field.dependencies.as_deref()?;
        if list.items.is_empty() && list.none.is_none() {
            return None;
        }
        for item in &list.items {
            let DepKind::Task(id) = &item.kind else {
                return None;
            };
            listed.push(analysis.task_by_id(&id.id)?);
        }
    }
    Some(listed)
}

/// Checks every tree and chain drawn in a plain code block.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, plan: &Plan, out: &mut Vec<Diagnostic>) {
    if plan.stated_edges().next().is_none() {
        return;
    }
    let mut finder = PathFinder::stated(plan);
    let titles = std::cell::OnceCell::new();
    // The nodes of the current drawing: the column each is drawn at, and its task.
    let mut nodes: Vec<(usize, Node<'_>)> = Vec::new();
    let mut checked = 0;
    let mut flowchart = Flowchart::default();
    for line in text.lines() {
        if line.fence == Fence::Flowchart {
            flowchart.read(analysis, &titles, line.start, line.text);
            continue;
        }
        checked += flowchart.check(analysis, &mut finder, out);
        if line.fence != Fence::Other {
            nodes.clear();
            continue;
        }
        let Some((column, label_at)) = node_at(line.text) else {
            if line.text.trim().is_empty() {
                nodes.clear();
            }
            continue;
        };
        // The first node of the line, then any drawn after it on the same line.
        let mut parts = split_chain(&line.text[label_at..]);
        let first = parts.remove(0);
        while nodes.last().is_some_and(|&(c, _)| c >= column) {
            nodes.pop();
        }
        let parent = match nodes.last_mut() {
            Some((_, node)) => node.task(analysis, &titles),
            None => None,
        };
        let node = if parent.is_some() || !parts.is_empty() {
            Node::Read(task_of(analysis, &titles, first.1))
        } else {
            Node::Unread(first.1)
        };
        if let (Some(earlier), Node::Read(Some(later))) = (parent, &node) {
            checked += 1;
            let range = line.start + label_at + first.0..line.start + label_at + first.0 + first.1.len();
            report(analysis, &mut finder, earlier, *later, range, out);
        }
        let mut previous = match node {
            Node::Read(task) => task,
            Node::Unread(_) => None,
        };
        for (offset, label) in parts {
            let next = task_of(analysis, &titles, label);
            if let (Some(earlier), Some(later)) = (previous, next) {
                checked += 1;
                let start = line.start + label_at + offset;
                report(analysis, &mut finder, earlier, later, start..start + label.len(), out);
            }
            previous = next;
        }
        nodes.push((column, node));
        if checked > EDGE_LIMIT {
            return;
        }
    }
    flowchart.check(analysis, &mut finder, out);
}

/// A node of a drawn tree, whose label is read as a task only once it matters: when a node
/// is drawn under it, or it is chained on its line. Most lines of most code blocks are
/// nobody's parent, and reading each label as a task was most of the check's time.
enum Node<'a> {
    /// The label, not read yet.
    Unread(&'a str),
    /// The task the label names, if any.
    Read(Option<usize>),
}

impl Node<'_> {
    /// The task the node's label names, read now if it was not.
    fn task(&mut self, analysis: &Analysis, titles: &std::cell::OnceCell<Titles>) -> Option<usize> {
        if let Node::Unread(label) = *self {
            *self = Node::Read(task_of(analysis, titles, label));
        }
        match *self {
            Node::Read(task) => task,
            Node::Unread(_) => None,
        }
    }
}

/// The nodes and edges of one Mermaid flowchart, read line by line: `A[Task 1.1: Schema] -->
/// B[Task 1.2]`, `A & B --> C`, `A -->|then| B --> C`. A node is a task when its label names
/// one task (`Task 1.1: …`, `T005 …`) or its own ID is a task's (`T005`, `1.1`).
#[derive(Default)]
struct Flowchart {
    /// Each node's task, by the node's ID.
    tasks: std::collections::HashMap<String, usize>,
    /// The edges drawn: from node, to node, and where the later node is written.
    edges: Vec<(String, String, std::ops::Range<usize>)>,
}

impl Flowchart {
    /// Reads one line of the chart.
    fn read(&mut self, analysis: &Analysis, titles: &std::cell::OnceCell<Titles>, base: usize, line: &str) {
        let code = line.split("%%").next().unwrap_or(line);
        let trimmed = code.trim_start();
        let first_word = trimmed.split_whitespace().next().unwrap_or("");
        if MERMAID_STATEMENTS.contains(&first_word) {
            return;
        }
        let mut groups: Vec<Vec<(String, std::ops::Range<usize>)>> = Vec::new();
        for (offset, segment) in mermaid_segments(code) {
            let mut group = Vec::new();
            let mut at = offset;
            for part in segment.split('&') {
                let lead = part.len() - part.trim_start().len();
                if let Some((id, label)) = mermaid_node(part.trim()) {
                    let task = label
                        .and_then(|label| single_task(analysis, titles, label))
                        .or_else(|| analysis.task_by_id(&id));
                    if let Some(task) = task {
                        self.tasks.entry(id.clone()).or_insert(task);
                    }
                    let start = base + at + lead;
                    group.push((id, start..start + part.trim().len()));
                }
                at += part.len() + 1;
            }
            groups.push(group);
        }
        for pair in groups.windows(2) {
            for (from, _) in &pair[0] {
                for (to, range) in &pair[1] {
                    self.edges.push((from.clone(), to.clone(), range.clone()));
                }
            }
        }
    }

    /// Checks the chart read so far and forgets it: the number of edges checked.
    fn check(&mut self, analysis: &Analysis, finder: &mut PathFinder<'_>, out: &mut Vec<Diagnostic>) -> usize {
        let mut checked = 0;
        for (from, to, range) in std::mem::take(&mut self.edges) {
            if let (Some(&earlier), Some(&later)) = (self.tasks.get(&from), self.tasks.get(&to)) {
                checked += 1;
                report(analysis, finder, earlier, later, range, out);
                if checked > EDGE_LIMIT {
                    break;
                }
            }
        }
        self.tasks.clear();
        checked
    }
}

/// The first words of the lines of a Mermaid flowchart that draw no edge.
const MERMAID_STATEMENTS: &[&str] = &[
    "graph",
    "flowchart",
    "subgraph",
    "end",
    "style",
    "classDef",
    "class",
    "click",
    "linkStyle",
    "direction",
];

/// The parts of a flowchart line between its links (`-->`, `==>`, `-.->`, `---`, with an
/// optional `|label|` after), each with its offset.
fn mermaid_segments(line: &str) -> Vec<(usize, &str)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    // Brackets hold labels, where dashes are text.
    let mut depth = 0usize;
    while at < bytes.len() {
        match bytes[at] {
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'=' if depth == 0 => {
                let run = bytes[at..]
                    .iter()
                    .take_while(|&&b| matches!(b, b'-' | b'=' | b'.' | b'>'))
                    .count();
                let link = &line[at..at + run];
                if run >= 3 || link.ends_with('>') && run >= 2 {
                    out.push((start, &line[start..at]));
                    let mut next = at + run;
                    // `-->|label|`.
                    if line[next..].starts_with('|')
                        && let Some(close) = line[next + 1..].find('|')
                    {
                        next += close + 2;
                    }
                    start = next;
                    at = next;
                    continue;
                }
                at += run;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    out.push((start, &line[start..]));
    out
}

/// A flowchart node: its ID and, when the node gives one, its label (`T1[Task 1.1: Schema]`,
/// `A("Task 2")`, `B{{T005}}`).
fn mermaid_node(text: &str) -> Option<(String, Option<&str>)> {
    let end = text
        .find(|c: char| matches!(c, '[' | '(' | '{' | '>') || c.is_whitespace())
        .unwrap_or(text.len());
    let id = &text[..end];
    if id.is_empty() {
        return None;
    }
    let label = text[end..]
        .trim_start_matches(['[', '(', '{', '>', '/', '\\'])
        .trim_end_matches([']', ')', '}', '/', '\\'])
        .trim_matches(['"', ' ']);
    Some((id.to_string(), (!label.is_empty()).then_some(label)))
}

/// The one task a node's label names.
fn single_task(analysis: &Analysis, titles: &std::cell::OnceCell<Titles>, label: &str) -> Option<usize> {
    if let Some(task) = task_of(analysis, titles, label) {
        return Some(task);
    }
    let named = super::named_tasks(analysis, label);
    match &named[..] {
        [(tasks, _)] if tasks.len() == 1 => Some(tasks[0]),
        _ => None,
    }
}

/// Where a line draws a node: the column of its branch mark (or of its text, for a root)
/// and where its label starts. None for a line that draws only lines (`│`).
fn node_at(line: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    // Every branch mark holds a box-drawing dash or two hyphens: most lines hold neither,
    // and are rejected before a search for each mark.
    let may_branch = line.contains('─') || line.contains("--");
    for mark in BRANCHES.iter().filter(|_| may_branch) {
        if let Some(at) = line.find(mark)
            && best.is_none_or(|(b, _)| at < b)
        {
            best = Some((at, at + mark.len()));
        }
    }
    let (column, after) = match best {
        Some((at, end)) => (line[..at].chars().count(), end),
        None => {
            let lead = line.len() - line.trim_start_matches([' ', '│', '|']).len();
            (line[..lead].chars().count(), lead)
        }
    };
    let rest = &line[after..];
    let label_at = after + (rest.len() - rest.trim_start().len());
    (!line[label_at..].trim().is_empty()).then_some((column, label_at))
}

/// The labels of a line that chains nodes (`052 (Apps Service) ─> 053 (Test)`), each with
/// its offset in the text; one label when nothing is chained.
fn split_chain(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        // Every arrow ends in `>` or is `→`.
        let may_chain = text[start..].contains(['>', '→']);
        let next = CHAIN_ARROWS
            .iter()
            .filter(|_| may_chain)
            .filter_map(|arrow| text[start..].find(arrow).map(|at| (start + at, arrow.len())))
            .min_by_key(|&(at, _)| at);
        match next {
            Some((at, len)) => {
                out.push((start, text[start..at].trim_end()));
                let after = at + len;
                start = after + (text[after..].len() - text[after..].trim_start().len());
            }
            None => {
                out.push((start, text[start..].trim_end()));
                return out;
            }
        }
    }
}

/// The tasks of each title, lowercased and trimmed; built once per check, on the first label
/// that is no ID (a scan of every task per label made a document of many code blocks
/// quadratic).
type Titles = std::collections::HashMap<String, Vec<usize>, foldhash::fast::RandomState>;

/// The task a node's label names: its leading ID, or its whole title (without a closing
/// parenthesis).
fn task_of(analysis: &Analysis, titles: &std::cell::OnceCell<Titles>, label: &str) -> Option<usize> {
    let label = label.trim();
    if let Some(id) = leading_task_id(label) {
        return analysis.task_by_id(&label[id]);
    }
    // A drawing names tasks by the bare IDs the document gives them (`048 (Deployment
    // Stub)`), which prose would not take for IDs.
    let token = label
        .split([' ', '(', ':'])
        .next()
        .unwrap_or(label)
        .trim_end_matches([',', '.']);
    if token.bytes().any(|b| b.is_ascii_digit())
        && let Some(task) = analysis.task_by_id(token)
    {
        return Some(task);
    }
    let plain = label.split(" (").next().unwrap_or(label).trim().to_lowercase();
    if plain.chars().count() < 6 {
        return None;
    }
    let titles = titles.get_or_init(|| {
        let mut titles = Titles::default();
        for task in &analysis.tasks {
            titles
                .entry(task.title.trim().to_lowercase())
                .or_default()
                .push(task.index);
        }
        titles
    });
    let whole = label.to_lowercase();
    let mut found = titles.get(&plain).into_iter().flatten();
    let also = (whole != plain).then(|| titles.get(&whole)).flatten();
    let mut found: Vec<usize> = found.by_ref().chain(also.into_iter().flatten()).copied().collect();
    found.sort_unstable();
    found.dedup();
    (found.len() == 1).then(|| found[0])
}

/// Reports a drawn edge the fields do not back.
fn report(
    analysis: &Analysis,
    finder: &mut PathFinder<'_>,
    earlier: usize,
    later: usize,
    range: std::ops::Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    if earlier == later || analysis.is_ancestor(earlier, later) || analysis.is_ancestor(later, earlier) {
        return;
    }
    if finder.path(earlier, later).is_some() {
        return;
    }
    let id = |t: usize| analysis.tasks[t].id.as_str();
    // A task that writes no dependency leaves its order to the drawing; one that writes
    // others says something else.
    let written: Vec<&str> = analysis.dependencies[later].iter().map(|d| id(d.target)).collect();
    let why = if finder.path(later, earlier).is_some() {
        format!("{} comes before it by the fields", id(later))
    } else if written.is_empty() {
        return;
    } else {
        format!("{} depends on {}", id(later), written.join(", "))
    };
    // A phase that waits for the earlier task's phase orders the two as a whole, but the
    // drawing is of the tasks' own dependencies, which say otherwise.
    let phases = (analysis.tasks[earlier].phase, analysis.tasks[later].phase);
    let message = match phases {
        (Some(from), Some(to)) if from != to && analysis.phase_edge(from, to).is_some() => format!(
            "This drawing puts {} directly after {}, but the task's own dependencies do not: {why} (its phase waits for {}'s phase as a whole).",
            id(later),
            id(earlier),
            id(earlier)
        ),
        _ => format!(
            "This drawing puts {} after {}, but nothing the document writes does: {why}.",
            id(later),
            id(earlier)
        ),
    };
    out.push(Diagnostic::new(Code::GraphMismatch, range, message));
}
