//! The order of a document's phases as the document states it, resolved against its phases:
//! the phase and user-story dependency bullets of spec-kit and their translations, chains of
//! phases and flowcharts in a dependencies section, phase fields (`**Prerequisites**: Phase 1
//! complete`), `Phase 2 depends on Phase 1` statements, and tasks that wait for a whole phase
//! (`Depends on: Phase I Complete`).
//!
//! A line names phases by number (`Phase 2`, `Phases 3-9`, `フェーズ3-5`), by user story
//! (`US1`, `US-AEO`, `User Story 6`: the phases whose heading or tasks carry the story), by a
//! group (`all desired user stories`, `all prior phases`), or by name (`Setup`,
//! `Foundational`, `セットアップ`: the first words of a phase title). The result is one edge per
//! ordered pair of phases, which the plan turns into milestones.

use std::collections::HashMap;
use std::ops::Range;

use crate::analysis::{Analysis, OrderSource, PhaseEdge};
use crate::items::{Item, OrderLine};
use crate::lex::fields::FieldKind;
use crate::lex::order::{Direction, chain_parts, parse_order_line};

/// A name of phases found on a line: where it is written and the phases it names.
type PhaseSpan = (Range<usize>, Vec<usize>);

/// The first words of the title of spec-kit's closing phase, which follows every story.
const CLOSING_PHASE_WORDS: &[&str] = &[
    "polish",
    "cross-cutting",
    "final",
    "品質向上",
    "完善",
    "打磨",
    "polimento",
    "pulido",
];

/// Words of a phase title that put the phase after the launch, lowercase.
const AFTER_LAUNCH_WORDS: &[&str] = &[
    "post-launch",
    "post launch",
    "after launch",
    "post-release",
    "after release",
    "post-mvp",
    "post-go-live",
    "pós-lançamento",
    "después del lanzamiento",
    "post-lancement",
    "nach dem launch",
    "上线后",
    "リリース後",
    "출시 후",
];

/// Words that name a phase before its number, lower-cased.
const PHASE_WORDS: &[&str] = &[
    "phases",
    "phase",
    "fases",
    "fase",
    "tracks",
    "track",
    "stages",
    "stage",
    "sprints",
    "sprint",
    "milestone",
    "batch",
    "etapa",
    "étape",
    "iteration",
    "phasen",
    "フェーズ",
    "阶段",
    "階段",
    "단계",
    "페이즈",
    "giai đoạn",
];

/// Words that name a user story before its number, lower-cased.
const STORY_WORDS: &[&str] = &[
    "user stories",
    "user story",
    "story",
    "história",
    "historia",
    "histoire",
    "用户故事",
    "用戶故事",
    "ユーザーストーリー",
    "사용자 스토리",
];

/// Words that make a group of every story (`all desired user stories`), lower-cased: an "all"
/// word and a "stories" word in one clause.
const ALL_WORDS: &[&str] = &[
    "all",
    "todas",
    "todos",
    "toutes",
    "alle",
    "所有",
    "全部",
    "すべて",
    "모든",
    "tất cả",
];

/// Words for stories in the "all stories" group, lower-cased.
const STORIES_WORDS: &[&str] = &[
    "stories",
    "story",
    "stor",
    "用户故事",
    "ユーザーストーリー",
    "스토리",
    "histórias",
];

/// Words that make a group of every earlier phase (`all prior phases`), lower-cased.
const PREVIOUS_WORDS: &[&str] = &[
    "prior",
    "previous",
    "preceding",
    "earlier",
    "anteriores",
    "précédentes",
    "vorherigen",
];

/// The user stories each phase holds, by phase index, each list sorted.
pub(crate) fn phase_stories(analysis: &Analysis) -> Vec<Vec<String>> {
    let names = PhaseNames::new(analysis);
    let mut out = vec![Vec::new(); analysis.phases.len()];
    for (story, phases) in &names.stories {
        for &phase in phases {
            out[phase].push(story.clone());
        }
    }
    for stories in &mut out {
        stories.sort();
    }
    out
}

/// Reads every order the document states between its phases.
pub(crate) fn phase_edges(analysis: &Analysis) -> Vec<PhaseEdge> {
    if analysis.phases.len() < 2 {
        return Vec::new();
    }
    let names = PhaseNames::new(analysis);
    let mut out = Vec::new();
    // The pairs already in `out`: a scan of `out` per edge made a document of many phases
    // that each follow every earlier one cost the square of its edges.
    let mut pushed: std::collections::HashSet<(usize, usize), foldhash::fast::RandomState> = Default::default();
    let mut push = |from: usize, to: usize, range: &Range<usize>, source: OrderSource| {
        if from != to && pushed.insert((from, to)) {
            out.push(PhaseEdge {
                from,
                to,
                range: range.clone(),
                source,
            });
        }
    };
    // Lines of dependencies sections, statements and drawings.
    let mut block: Vec<(usize, OrderLine)> = Vec::new();
    for (base, segment) in analysis.model.document().segments() {
        for item in &segment.items().items {
            let Item::OrderLine(line) = item else { continue };
            let mut line = line.clone();
            crate::items::Shift::shift(&mut line, base);
            if line.in_code {
                if block.last().is_some_and(|(_, last)| !same_block(last, &line)) {
                    read_drawing(analysis, &names, &block, &mut push);
                    block.clear();
                }
                block.push((base, line));
                continue;
            }
            read_line(&names, &line.text, &line.line, &mut push);
        }
    }
    read_drawing(analysis, &names, &block, &mut push);
    // Each phase's own dependency field.
    for phase in &analysis.phases {
        for field in &phase.fields {
            let Some(list) = &field.dependencies else { continue };
            let blocks = field.kind == FieldKind::Blocks;
            if !matches!(field.kind, FieldKind::Dependencies | FieldKind::Prerequisites) && !blocks {
                continue;
            }
            for (item, targets) in analysis.phases_of_items(list, phase.index) {
                let range = item.range.start + field.value.start..item.range.end + field.value.start;
                for target in targets {
                    if blocks {
                        push(phase.index, target, &range, OrderSource::Field);
                    } else {
                        push(target, phase.index, &range, OrderSource::Field);
                    }
                }
            }
        }
    }
    // Tasks that wait for whole phases (`Depends on: Phase I Complete`), and phase statements:
    // the phase holding the task, or the statement's subject, follows those phases.
    for (waiting, phase, range) in &analysis.phase_references {
        push(*phase, *waiting, range, OrderSource::Statement);
    }
    // spec-kit's convention: the Polish (or Final) phase comes after every user story.
    if analysis.dialect() == "spec-kit" {
        for phase in analysis.phases.iter().filter(|p| is_closing_phase(&p.id, &p.title)) {
            for stories in names.stories.values() {
                for &story in stories {
                    if story != phase.index {
                        push(story, phase.index, &phase.line, OrderSource::Convention);
                    }
                }
            }
        }
    }
    // A phase its heading puts after the launch (`(Post-Launch)`, `Post-MVP`) follows every
    // phase before it, unless the document orders it otherwise.
    for phase in analysis.phases.iter().filter(|p| is_after_launch_phase(&p.title)) {
        for earlier in 0..phase.index {
            let pairs: Vec<(usize, usize)> = out.iter().map(|e| (e.from, e.to)).collect();
            if !reaches(&pairs, phase.index, earlier) && !pairs.contains(&(earlier, phase.index)) {
                out.push(PhaseEdge {
                    from: earlier,
                    to: phase.index,
                    range: phase.line.clone(),
                    source: OrderSource::Convention,
                });
            }
        }
    }
    // A drawing gives way to what the text states: an arrow that closes a cycle with the
    // stated order is dropped (the claims check reports the contradiction).
    let stated: Vec<(usize, usize)> = out
        .iter()
        .filter(|e| e.source != OrderSource::Diagram)
        .map(|e| (e.from, e.to))
        .collect();
    out.retain(|edge| edge.source != OrderSource::Diagram || !reaches(&stated, edge.to, edge.from));
    out.sort_by_key(|edge| (edge.range.start, edge.from, edge.to));
    out
}

/// True when `to` follows `from` through `edges` (pairs of phases).
pub(crate) fn reaches(edges: &[(usize, usize)], from: usize, to: usize) -> bool {
    let mut seen = vec![from];
    let mut queue = vec![from];
    while let Some(at) = queue.pop() {
        for &(a, b) in edges {
            if a == at && !seen.contains(&b) {
                if b == to {
                    return true;
                }
                seen.push(b);
                queue.push(b);
            }
        }
    }
    false
}

/// True for the phase spec-kit puts after every story: `Polish & Cross-Cutting Concerns`,
/// `Final Phase: Polish & Review`.
fn is_closing_phase(id: &str, title: &str) -> bool {
    let lower = title.to_lowercase();
    id.eq_ignore_ascii_case("final")
        || CLOSING_PHASE_WORDS
            .iter()
            .any(|word| lower.starts_with(word) || lower.contains(&format!("& {word}")))
}

/// True for a phase whose title puts it after the launch: `SEO Remediation (Post-Launch)`.
fn is_after_launch_phase(title: &str) -> bool {
    let lower = title.to_lowercase();
    AFTER_LAUNCH_WORDS.iter().any(|word| lower.contains(word))
}

/// True when two lines of code belong to one drawing: the same code block.
fn same_block(a: &OrderLine, b: &OrderLine) -> bool {
    a.block.is_some() && a.block == b.block
}

/// One line of text: a chain (`Setup → Foundational → US1`) or a statement (`**US6**: Can
/// start after US1, US4`).
fn read_line(
    names: &PhaseNames,
    text: &str,
    range: &Range<usize>,
    push: &mut impl FnMut(usize, usize, &Range<usize>, OrderSource),
) {
    if let Some(parts) = chain_parts(text) {
        let steps: Vec<Vec<usize>> = parts
            .iter()
            .map(|part| names.resolve(&text[part.clone()], &[]))
            .collect();
        for pair in steps.windows(2) {
            for &from in &pair[0] {
                for &to in &pair[1] {
                    push(from, to, range, OrderSource::Diagram);
                }
            }
        }
        if steps.iter().filter(|step| !step.is_empty()).count() >= 2 {
            return;
        }
    }
    let Some(statement) = parse_order_line(text) else {
        return;
    };
    let subjects = names.resolve(&text[statement.subject.clone()], &[]);
    if subjects.is_empty() {
        return;
    }
    for clause in &statement.clauses {
        let targets = names.resolve(&text[clause.targets.clone()], &subjects);
        for &target in targets.iter().filter(|t| !subjects.contains(t)) {
            for &subject in &subjects {
                match clause.direction {
                    Direction::Before => push(target, subject, range, OrderSource::Statement),
                    Direction::After => push(subject, target, range, OrderSource::Statement),
                }
            }
        }
    }
}

/// A drawing in a code block: a Mermaid flowchart (`SETUP --> FOUND`, its nodes labelled
/// `FOUND[Phase 2: Foundational]`), chains on one line, and levels of phases joined by
/// arrows drawn down (`↓`) between lines, column by column.
fn read_drawing(
    analysis: &Analysis,
    names: &PhaseNames,
    block: &[(usize, OrderLine)],
    push: &mut impl FnMut(usize, usize, &Range<usize>, OrderSource),
) {
    if block.is_empty() {
        return;
    }
    let _ = analysis;
    // Mermaid nodes: `ID[label]`, `ID(label)`, `ID{label}`.
    let mut nodes: HashMap<String, Vec<usize>> = HashMap::new();
    for (_, line) in block {
        for (id, label) in mermaid_nodes(&line.text) {
            let phases = names.resolve(&label, &[]);
            if !phases.is_empty() {
                nodes.insert(id, phases);
            }
        }
    }
    let resolve = |part: &str| -> Vec<usize> {
        let part = part.trim().trim_start_matches(['-', '|', '&']).trim();
        let id: String = part.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        match nodes.get(&id) {
            Some(phases) => phases.clone(),
            None => names.resolve(part, &[]),
        }
    };
    // Chains on one line.
    for (_, line) in block {
        let text = &line.text;
        let Some(parts) = chain_parts(text) else { continue };
        let steps: Vec<Vec<usize>> = parts
            .iter()
            .map(|part| {
                // `A & B --> C`: each side may hold several nodes.
                text[part.clone()].split('&').flat_map(&resolve).collect()
            })
            .collect();
        for pair in steps.windows(2) {
            for &from in &pair[0] {
                for &to in &pair[1] {
                    push(from, to, &line.line, OrderSource::Diagram);
                }
            }
        }
    }
    // Levels drawn one under another: the phases of a line, each with its columns.
    let levels: Vec<(usize, Vec<PhaseSpan>)> = block
        .iter()
        .enumerate()
        .map(|(k, (_, line))| (k, names.resolve_spans(&line.text)))
        .filter(|(_, spans)| !spans.is_empty())
        .collect();
    for pair in levels.windows(2) {
        let ((above_at, above), (below_at, below)) = (&pair[0], &pair[1]);
        let connectors: Vec<&str> = block[above_at + 1..*below_at].iter().map(|(_, l)| &*l.text).collect();
        let (Some(first), Some(last)) = (connectors.first(), connectors.last()) else {
            continue;
        };
        let glyphs = |line: &str| -> Vec<usize> {
            line.chars()
                .enumerate()
                .filter(|(_, c)| "↓│┴┬┼└┘┌┐|v▼".contains(*c))
                .map(|(column, _)| column)
                .collect()
        };
        let (down, into) = (glyphs(first), glyphs(last));
        if down.is_empty() || into.is_empty() {
            continue;
        }
        let near =
            |span: &Range<usize>, columns: &[usize]| columns.iter().any(|&c| c + 1 >= span.start && c <= span.end + 1);
        let sources: Vec<usize> = above
            .iter()
            .filter(|(span, _)| near(span, &down))
            .flat_map(|(_, p)| p.clone())
            .collect();
        let targets: Vec<usize> = below
            .iter()
            .filter(|(span, _)| near(span, &into))
            .flat_map(|(_, p)| p.clone())
            .collect();
        let range = block[*below_at].1.line.clone();
        for &from in &sources {
            for &to in &targets {
                push(from, to, &range, OrderSource::Diagram);
            }
        }
    }
}

/// The nodes a Mermaid line declares: `ID[label]`, `ID(label)`, `ID{label}`, `ID([label])`.
fn mermaid_nodes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if c.is_alphanumeric() || c == '_' {
            let mut j = k;
            while j < chars.len() && (chars[j].1.is_alphanumeric() || chars[j].1 == '_') {
                j += 1;
            }
            let id_end = chars.get(j).map_or(text.len(), |&(i, _)| i);
            if let Some(&(open_at, open)) = chars.get(j)
                && let Some(close) = match open {
                    '[' => Some(']'),
                    '(' => Some(')'),
                    '{' => Some('}'),
                    _ => None,
                }
                && let Some(close_at) = text[open_at + 1..].find(close)
            {
                let label = text[open_at + 1..open_at + 1 + close_at]
                    .trim_matches(['[', '(', '"'])
                    .to_string();
                out.push((text[start..id_end].to_string(), label));
            }
            k = j;
            continue;
        }
        k += 1;
    }
    out
}

/// What each phase can be called: its ID, its stories, and its name.
struct PhaseNames {
    /// Each phase's ID, lower-cased.
    ids: Vec<String>,
    /// The phases each story key (`US1`, `US-AEO`) belongs to.
    stories: HashMap<String, Vec<usize>>,
    /// Each phase's names: the first words of its title, lower-cased.
    names: Vec<Vec<String>>,
}

impl PhaseNames {
    fn new(analysis: &Analysis) -> PhaseNames {
        let mut stories: HashMap<String, Vec<usize>> = HashMap::new();
        let mut add = |key: String, phase: usize| {
            let phases = stories.entry(key).or_default();
            if !phases.contains(&phase) {
                phases.push(phase);
            }
        };
        // A phase's story: the one its title opens with (`User Story 1 - …`, `US2: …`) or
        // labels in brackets (`(US-AEO)`), else the one most of its tasks carry. A story named
        // further on (`Parallel with US1`) is only mentioned.
        let mut labelled: Vec<HashMap<String, usize>> = vec![HashMap::new(); analysis.phases.len()];
        for task in &analysis.tasks {
            if let (Some(story), Some(phase)) = (&task.story, task.phase) {
                for (key, _) in story_refs(story) {
                    *labelled[phase].entry(key).or_default() += 1;
                }
            }
        }
        for phase in &analysis.phases {
            let title = &phase.title;
            let own: Vec<String> = story_refs(title)
                .into_iter()
                .filter(|(_, span)| {
                    let before: String = title.chars().take(span.start).collect();
                    let before = before.trim_end();
                    span.start == 0 || before.ends_with(['(', '[', '（', '【'])
                })
                .map(|(key, _)| key)
                .collect();
            if !own.is_empty() {
                for key in own {
                    add(key, phase.index);
                }
            } else if let Some((key, _)) = labelled[phase.index]
                .iter()
                .max_by_key(|(key, count)| (**count, std::cmp::Reverse((*key).clone())))
            {
                add(key.clone(), phase.index);
            }
        }
        let names = analysis.phases.iter().map(|phase| title_names(&phase.title)).collect();
        PhaseNames {
            ids: analysis.phases.iter().map(|p| p.id.to_lowercase()).collect(),
            stories,
            names,
        }
    }

    /// The phases a text names; `subjects` are the phases a statement is about, for "all
    /// prior phases".
    fn resolve(&self, text: &str, subjects: &[usize]) -> Vec<usize> {
        let spans = self.resolve_spans(text);
        let mut out: Vec<usize> = spans.into_iter().flat_map(|(_, phases)| phases).collect();
        let lower = text.to_lowercase();
        let says = |words: &[&str]| words.iter().any(|w| lower.contains(w));
        if says(ALL_WORDS) && says(STORIES_WORDS) {
            for phases in self.stories.values() {
                out.extend(phases);
            }
        }
        if says(ALL_WORDS)
            && says(PREVIOUS_WORDS)
            && let Some(&first) = subjects.iter().min()
        {
            out.extend(0..first);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The phases a text names, each with the columns (in chars) of the words naming it: by
    /// number and story first, and by name where neither appears.
    fn resolve_spans(&self, text: &str) -> Vec<PhaseSpan> {
        let lower = text.to_lowercase();
        let mut out = Vec::new();
        for (span, ids) in phase_number_refs(&lower) {
            let phases: Vec<usize> = self
                .ids
                .iter()
                .enumerate()
                .filter(|(_, id)| ids.iter().any(|wanted| same_number(wanted, id)))
                .map(|(p, _)| p)
                .collect();
            if !phases.is_empty() {
                out.push((span, phases));
            }
        }
        for (key, span) in story_refs(text) {
            if let Some(phases) = self.stories.get(&key) {
                out.push((span, phases.clone()));
            }
        }
        if out.is_empty() {
            for (phase, names) in self.names.iter().enumerate() {
                for name in names {
                    if let Some(at) = find_word(&lower, name) {
                        let start = lower[..at].chars().count();
                        out.push((start..start + name.chars().count(), vec![phase]));
                        break;
                    }
                }
            }
        }
        out.sort_by_key(|(span, _)| span.start);
        out
    }
}

/// True when two phase IDs are the same number (`02` and `2`) or the same text.
fn same_number(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

/// Phase numbers after a phase word in lower-cased text: `phase 2`, `phases 3-9`,
/// `phase 3–7`, `phase 5.5`, `フェーズ3-5`, each with its columns (in chars).
fn phase_number_refs(lower: &str) -> Vec<(Range<usize>, Vec<String>)> {
    let mut out = Vec::new();
    for word in PHASE_WORDS {
        let mut search = 0;
        while let Some(found) = lower[search..].find(word) {
            let at = search + found;
            let mut k = at + word.len();
            search = k;
            let latin = word.is_ascii();
            if latin && lower[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            k += lower[k..].len() - lower[k..].trim_start_matches([' ', '#', ':']).len();
            let number = |k: usize| -> Option<(String, usize)> {
                let digits: String = lower[k..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                let digits = digits.trim_end_matches('.').to_string();
                if digits.is_empty() {
                    let roman: String = lower[k..].chars().take_while(|c| "ivxl".contains(*c)).collect();
                    let end = k + roman.len();
                    let boundary = lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                    return (!roman.is_empty() && boundary).then_some((roman, end));
                }
                let end = k + digits.len();
                Some((digits, end))
            };
            let Some((first, end)) = number(k) else { continue };
            let mut ids = vec![first.clone()];
            let mut span_end = end;
            // A range: `3-9`, `3–7`, `3 to 9`, `3~5`.
            let rest = &lower[end..];
            let dash = ["-", "–", "—", "~", "〜", " to ", "到", "至"]
                .iter()
                .find(|d| rest.starts_with(**d));
            if let Some(dash) = dash {
                let mut j = end + dash.len();
                j += lower[j..].len() - lower[j..].trim_start().len();
                if lower[j..].starts_with(word) {
                    j += word.len();
                    j += lower[j..].len() - lower[j..].trim_start().len();
                }
                if let Some((last, last_end)) = number(j)
                    && let (Ok(a), Ok(b)) = (first.parse::<u32>(), last.parse::<u32>())
                    && a < b
                    && b - a <= 50
                {
                    ids = (a..=b).map(|n| n.to_string()).collect();
                    span_end = last_end;
                }
            }
            let start = lower[..at].chars().count();
            let end = lower[..span_end].chars().count();
            out.push((start..end, ids));
            search = span_end;
        }
    }
    out
}

/// The user stories a text names, as keys (`US1`, `US-AEO`) with their columns (in chars):
/// `US1`, `US-AEO`, `US1-US4`, `US6-US24`, `User Story 6`, `用户故事1`.
fn story_refs(text: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut k = 0;
    while k + 2 < chars.len() + 1 {
        let word_start = k == 0 || !chars[k - 1].is_ascii_alphanumeric();
        if word_start && chars.get(k) == Some(&'U') && chars.get(k + 1) == Some(&'S') {
            let mut j = k + 2;
            let dash = chars.get(j) == Some(&'-');
            if dash {
                j += 1;
            }
            let body_start = j;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric()
                    || (chars[j] == '-' && dash && chars.get(j + 1).is_some_and(|c| c.is_ascii_uppercase())))
            {
                j += 1;
            }
            let body: String = chars[body_start..j].iter().collect();
            // An ideograph may follow: `依赖US6完成`.
            let boundary = chars.get(j).is_none_or(|c| !c.is_ascii_alphanumeric());
            let numeric = !body.is_empty() && body.chars().all(|c| c.is_ascii_digit());
            let named = dash && body.len() >= 2 && body.chars().all(|c| c.is_ascii_uppercase() || c == '-');
            if boundary && (numeric || named) {
                // `US1-US4` or `US1-4`: a range of stories.
                if numeric && chars.get(j) == Some(&'-') {
                    let mut m = j + 1;
                    if chars.get(m) == Some(&'U') && chars.get(m + 1) == Some(&'S') {
                        m += 2;
                    }
                    let last: String = chars[m..].iter().take_while(|c| c.is_ascii_digit()).collect();
                    if let (Ok(a), Ok(b)) = (body.parse::<u32>(), last.parse::<u32>())
                        && a < b
                        && b - a <= 50
                    {
                        for n in a..=b {
                            out.push((format!("US{n}"), k..m + last.len()));
                        }
                        k = m + last.len();
                        continue;
                    }
                }
                let key = if dash {
                    format!("US-{body}")
                } else {
                    format!("US{body}")
                };
                out.push((key, k..j));
                k = j;
                continue;
            }
        }
        k += 1;
    }
    // `User Story 6`, `Story 6`, `用户故事1`, `ユーザーストーリー4`.
    let lower: Vec<char> = text.to_lowercase().chars().collect();
    if lower.len() == chars.len() {
        let lower_text: String = lower.iter().collect();
        for word in STORY_WORDS {
            let mut search = 0;
            while let Some(found) = lower_text[search..].find(word) {
                let at = search + found;
                let mut end = at + word.len();
                search = end;
                end += lower_text[end..].len() - lower_text[end..].trim_start().len();
                let digits: String = lower_text[end..].chars().take_while(char::is_ascii_digit).collect();
                if digits.is_empty() {
                    continue;
                }
                let start = lower_text[..at].chars().count();
                let stop = lower_text[..end + digits.len()].chars().count();
                if !out
                    .iter()
                    .any(|(_, span): &(String, Range<usize>)| span.start <= start && start < span.end)
                {
                    out.push((format!("US{digits}"), start..stop));
                }
                search = end + digits.len();
            }
        }
    }
    out
}

/// The names of a phase: the words of its title before a bracket, colon, dash or `&`, and
/// the first word, lower-cased; words too short or too common to name a phase are left out.
fn title_names(title: &str) -> Vec<String> {
    const CUTS: &[char] = &['(', '（', ':', '：', '&', '—', '–', '[', '/', 'と', '和', '及', ','];
    let lower = title.to_lowercase();
    let head = lower.split(CUTS).next().unwrap_or("");
    let head = head.split(" - ").next().unwrap_or(head).trim();
    let mut out = Vec::new();
    let cjk = head.chars().any(crate::lex::id::is_cjk);
    let long_enough = |name: &str| {
        if cjk {
            name.chars().count() >= 2
        } else {
            name.chars().count() >= 4
        }
    };
    let common = ["user", "story", "phase", "the", "and", "core", "final", "tasks", "task"];
    if long_enough(head) && !story_refs(title).iter().any(|_| true) {
        out.push(head.to_string());
    }
    if let Some(first) = head.split_whitespace().next()
        && long_enough(first)
        && !common.contains(&first)
        && !out.iter().any(|n| n == first)
    {
        out.push(first.to_string());
    }
    out
}

/// Where a name stands in lower-cased text as a word of its own (any place, for a name in a
/// script written without spaces).
fn find_word(lower: &str, name: &str) -> Option<usize> {
    let cjk = name.chars().any(crate::lex::id::is_cjk);
    let mut search = 0;
    while let Some(found) = lower[search..].find(name) {
        let at = search + found;
        let end = at + name.len();
        let before = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = lower[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || crate::lex::id::is_cjk(c));
        if cjk || (before && after) {
            return Some(at);
        }
        search = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_and_phase_numbers() {
        let keys: Vec<String> = story_refs("US1, US-AEO and US6-US8; User Story 12 (用户故事3)")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["US1", "US-AEO", "US6", "US7", "US8", "US12", "US3"]);
        let refs: Vec<Vec<String>> = phase_number_refs("user stories (phases 3-5), phase 5.5, フェーズ2")
            .into_iter()
            .map(|(_, ids)| ids)
            .collect();
        assert_eq!(refs, [vec!["3", "4", "5"], vec!["5.5"], vec!["2"]]);
        assert_eq!(title_names("Setup (Shared Infrastructure)"), ["setup"]);
        assert_eq!(
            title_names("セットアップ（共有インフラストラクチャ）"),
            ["セットアップ"]
        );
        assert_eq!(title_names("Polish & Cross-Cutting Concerns"), ["polish"]);
    }
}
