//! Lines that state the order of phases or user stories, read into a subject and the
//! clauses about what it waits for, before the document's phases are known:
//!
//! - spec-kit's dependency bullets: `**Foundational (Phase 2)**: Depends on Setup completion -
//!   BLOCKS all user stories`, `**US6 (P2)**: Can start after US1, US4, US5 (needs board)`,
//!   `**User Stories (Phases 3-9)**: All depend on Foundational phase completion`, and their
//!   translations (`Depende de Setup`, `依赖US1和US2完成`, `セットアップ完了に依存`);
//! - prose of the same shape: `US2 (quiz) depends on US1 homepage layout`;
//! - chains: `Phase 1 (Setup) → Phase 2 (Foundational)`, `2. Foundational -> US1`.
//!
//! A clause's targets come before the subject (`depends on`, `after`), or after it
//! (`blocks`). A clause that says there is no dependency (`No dependencies - can start
//! immediately`) names nothing. Which phases the words name is decided by the analysis, which
//! knows the document's phases; this lexer only cuts the line. The word tables are data at
//! the top of the file.

use std::ops::Range;

/// Words that put the text after them before the subject (`depends on Setup`), lower-cased;
/// the longest match wins.
const BEFORE_CUES: &[&str] = &[
    "depends on",
    "depend on",
    "dependent on",
    "depending on",
    "dependency on",
    "dependencies on",
    "can start after",
    "can begin after",
    "starts after",
    "start after",
    "after",
    "requires",
    "require",
    "needs",
    "waits for",
    "blocked by",
    "reuses",
    "builds on",
    "depende de",
    "dependem de",
    "dependen de",
    "depende da",
    "depende do",
    "dependem da",
    "dependem do",
    "apos",
    "após",
    "después de",
    "despues de",
    "tras",
    "dépend de",
    "dépendent de",
    "après",
    "hängt ab von",
    "abhängig von",
    "nach",
    "phụ thuộc vào",
    "phụ thuộc",
    "sau khi",
    "依赖于",
    "依赖",
    "依賴",
    "取决于",
];

/// Words that put the text before them before the subject (`セットアップ完了に依存`,
/// `在Foundational后可以开始`), lower-cased.
const BEFORE_SUFFIX_CUES: &[&str] = &[
    "完了に依存",
    "に依存",
    "完了後に開始",
    "完了後",
    "の後",
    "完成后",
    "完成後",
    "之后",
    "之後",
    "后可以开始",
    "后开始",
    "后",
    "완료 후",
    "이후",
    "에 의존",
];

/// Words that put the text after them after the subject (`BLOCKS all user stories`).
const AFTER_CUES: &[&str] = &[
    "blocks",
    "block",
    "bloqueia",
    "bloquea",
    "blockiert",
    "bloque",
    "阻塞",
    "阻止",
    "chặn",
];

/// Words that put the text before them after the subject (`すべてのユーザーストーリーをブロック`).
const AFTER_SUFFIX_CUES: &[&str] = &["をブロック"];

/// Phrases that say a clause names no dependency, lower-cased.
const NONE_PHRASES: &[&str] = &[
    "no dependencies",
    "no dependency",
    "no implementation dependencies",
    "no prerequisites",
    "independent",
    "independente",
    "independiente",
    "indépendant",
    "unabhängig",
    "sem dependencias",
    "sem dependências",
    "sin dependencias",
    "aucune dépendance",
    "keine abhängigkeiten",
    "không phụ thuộc",
    "无依赖",
    "無依賴",
    "没有依赖",
    "依存関係なし",
    "依存なし",
    "他ストーリーへの依存なし",
    "의존성 없음",
    "can start immediately",
    "start immediately",
];

/// Words that make the task IDs after them dependencies of the task the text belongs to
/// (`after T005`, `依赖T007, T008`, `Cannot proceed until Task 1.9 is complete`), lower-cased.
const TASK_BEFORE_CUES: &[&str] = &[
    "depends on",
    "depend on",
    "depending on",
    "dependent on",
    "requires",
    "require",
    "needs",
    "after",
    "blocked by",
    "waits for",
    "wait for",
    "proceed until",
    "blocked until",
    "wait until",
    "waits until",
    "apos",
    "após",
    "depois de",
    "después de",
    "despues de",
    "tras",
    "nach",
    "dépend de",
    "après",
    "hängt ab von",
    "phụ thuộc vào",
    "sau khi",
    "依赖于",
    "依赖",
    "依賴",
    "取决于",
    "等待",
];

/// Words that make the task IDs after them wait for the task the text belongs to
/// (`Blocks Tasks 3, 6, 8`), lower-cased.
const TASK_AFTER_CUES: &[&str] = &["blocks", "blocking", "阻塞", "bloqueia", "bloquea", "blockiert"];

/// Characters that end the clause a cue opens.
const CLAUSE_ENDS: &[char] = &[')', '）', ';', '；', '。', '|'];

/// A clause of free text that names the tasks a task waits for, or that wait for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskClause {
    /// Whether the named tasks come before the task (`after T005`) or after it (`Blocks
    /// Task 3`).
    pub direction: Direction,
    /// The text of the list of tasks, from just after the cue to the end of the clause.
    pub list: Range<usize>,
}

/// The clauses of free text (a task's description, a note, a label over a group of tasks)
/// in which a dependency word frames task IDs: `after T005`, `（依赖T007, T008；…）`,
/// `blocked by Tasks 4-5`, `Blocks Tasks 3, 6, 8, 9.5-9.8, 11`. Only a cue followed at once
/// by an ID, a task word or a group (`all previous tasks`) counts: `after the login flow`
/// frames no task.
pub fn task_clauses(text: &str) -> Vec<TaskClause> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Offsets of the lower-cased copy would not be the text's; such text (rare letters
        // whose lower case changes length) is read as it is.
        return task_clauses_in(text, text);
    }
    task_clauses_in(text, &lower)
}

fn task_clauses_in(text: &str, lower: &str) -> Vec<TaskClause> {
    let mut out = Vec::new();
    for (cues, direction) in [
        (TASK_BEFORE_CUES, Direction::Before),
        (TASK_AFTER_CUES, Direction::After),
    ] {
        let mut from = 0;
        while let Some((_, end)) = find_cue(lower, from, cues) {
            from = end;
            let mut start = end;
            start += text[start..].len() - text[start..].trim_start_matches([' ', ':', '：', '\t']).len();
            let rest = &text[start..];
            let frames_task = crate::lex::id::scan_id(rest, 0).is_some_and(|id| id.is_distinctive())
                || crate::lex::mention::TASK_WORDS
                    .iter()
                    .any(|word| rest.to_lowercase().starts_with(word))
                || ["all previous", "all prior", "all earlier", "todas las", "所有"]
                    .iter()
                    .any(|group| rest.to_lowercase().starts_with(group));
            if !frames_task {
                continue;
            }
            let stop = rest.find(CLAUSE_ENDS).unwrap_or(rest.len());
            let stop = [" - ", " — ", ". "]
                .iter()
                .filter_map(|cut| rest[..stop].find(cut))
                .min()
                .unwrap_or(stop);
            if stop > 0 {
                out.push(TaskClause {
                    direction,
                    list: start..start + stop,
                });
            }
        }
    }
    out.sort_by_key(|clause| clause.list.start);
    out.dedup_by(|b, a| b.list.start < a.list.end);
    out
}

/// Where what a clause names goes, relative to the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// It comes first: the subject waits for it.
    Before,
    /// It comes after: it waits for the subject.
    After,
}

/// One clause about the subject: the text that names phases or stories, and where they go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderClause {
    /// The text naming what the subject waits for (or what waits for it).
    pub targets: Range<usize>,
    /// Whether the targets come before or after the subject.
    pub direction: Direction,
}

/// A line read as an order statement: its subject and its clauses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderStatement {
    /// The text naming what the statement is about.
    pub subject: Range<usize>,
    /// What it waits for, or what waits for it.
    pub clauses: Vec<OrderClause>,
}

/// Reads a line (a list item's text, or a line of prose) as an order statement: a bold label
/// for the subject and the clauses after it, or the text before the first dependency word.
/// None when no clause states an order.
pub fn parse_order_line(text: &str) -> Option<OrderStatement> {
    let trimmed_start = text.len() - text.trim_start().len();
    let (subject, rest_start) = if text[trimmed_start..].starts_with("**") {
        let open = trimmed_start + 2;
        let close = open + text[open..].find("**")?;
        let mut rest = close + 2;
        let after = &text[rest..];
        let skipped = after.len() - after.trim_start_matches([':', '：', ' ', '\t']).len();
        rest += skipped;
        (open..close, rest)
    } else {
        let lower = text.to_lowercase();
        let cue = find_cue(&lower, 0, BEFORE_CUES)?;
        (trimmed_start..cue.0, cue.0)
    };
    let mut clauses = Vec::new();
    for part in parts(text, rest_start) {
        if let Some(clause) = clause(text, part) {
            clauses.push(clause);
        }
    }
    // A bold label may carry the statement itself (`**Phase 3 depends on Phase 2**`).
    if clauses.is_empty() && text[subject.clone()].to_lowercase().contains("depend") {
        return None;
    }
    (!clauses.is_empty()).then_some(OrderStatement { subject, clauses })
}

/// True when a line looks like an order statement or chain worth reading outside a
/// dependencies section: it names a phase-like word and says depends, after or an arrow.
pub fn mentions_order(text: &str) -> bool {
    let lower = text.to_lowercase();
    // Few lines name a phase, and there are fewer such words than cues: they are looked for
    // first.
    let phase_word = [
        "phase",
        "track",
        "stage",
        "sprint",
        "milestone",
        "fase",
        "フェーズ",
        "阶段",
        "user stor",
    ]
    .iter()
    .any(|word| super::find_short(&lower, word).is_some());
    phase_word
        && (BEFORE_CUES
            .iter()
            .any(|cue| cue.len() > 5 && super::find_short(&lower, cue).is_some())
            || BEFORE_SUFFIX_CUES
                .iter()
                .any(|cue| cue.len() > 3 && super::find_short(&lower, cue).is_some()))
}

/// The parts of a line between arrows (`→`, `->`, `-->`, `⟶`, `=>`, `⇒`), when it has at least
/// one arrow: the steps of a chain.
pub fn chain_parts(text: &str) -> Option<Vec<Range<usize>>> {
    const ARROWS: &[&str] = &["-->", "==>", "->", "→", "⟶", "=>", "⇒", "➜", "➔"];
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        if let Some(arrow) = ARROWS.iter().find(|a| text[i..].starts_with(**a)) {
            out.push(start..i);
            i += arrow.len();
            start = i;
            continue;
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    if out.is_empty() {
        return None;
    }
    out.push(start..text.len());
    Some(out)
}

/// The clauses of `text` from `start`: cut at dashes between spaces, semicolons and full
/// stops, outside parentheses.
fn parts(text: &str, start: usize) -> Vec<Range<usize>> {
    const CUTS: &[&str] = &[
        " - ", " — ", " – ", "; ", "；", ". ", "。", " but ", "，可", ",可", "，但", ",但",
    ];
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut part_start = start;
    let mut i = start;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0
            && let Some(cut) = CUTS.iter().find(|cut| text[i..].starts_with(**cut))
        {
            out.push(part_start..i);
            i += cut.len();
            part_start = i;
            continue;
        }
        i += c.len_utf8();
    }
    out.push(part_start..text.len());
    out
}

/// One clause: the cue it opens (or closes) with and the text it names.
fn clause(text: &str, part: Range<usize>) -> Option<OrderClause> {
    let body = &text[part.clone()];
    let lower = body.to_lowercase();
    let lead = lower.trim_start_matches(|c: char| c.is_whitespace() || c == '*');
    // `No dependencies`, `无依赖`: nothing, unless a cue follows the phrase.
    let from = match NONE_PHRASES.iter().find(|phrase| lead.starts_with(**phrase)) {
        Some(phrase) => lower.len() - lead.len() + phrase.len(),
        None => 0,
    };
    if from > 0 && find_cue(&lower, from, BEFORE_CUES).is_none() && find_cue(&lower, from, BEFORE_SUFFIX_CUES).is_none()
    {
        return None;
    }
    // `lower` and `body` have the same length only for scripts whose lower case keeps its
    // bytes; map offsets through char positions to stay on boundaries.
    let to_body = |lower_offset: usize| map_offset(&lower, body, lower_offset);
    if let Some((_, end)) = find_cue(&lower, from, BEFORE_CUES) {
        let start = to_body(end);
        return Some(OrderClause {
            targets: part.start + start..part.end,
            direction: Direction::Before,
        });
    }
    if let Some((at, _)) = find_cue(&lower, from, BEFORE_SUFFIX_CUES) {
        return Some(OrderClause {
            targets: part.start + to_body(from)..part.start + to_body(at),
            direction: Direction::Before,
        });
    }
    if let Some((_, end)) = find_cue(&lower, 0, AFTER_CUES) {
        return Some(OrderClause {
            targets: part.start + to_body(end)..part.end,
            direction: Direction::After,
        });
    }
    if let Some((at, _)) = find_cue(&lower, 0, AFTER_SUFFIX_CUES) {
        return Some(OrderClause {
            targets: part.start..part.start + to_body(at),
            direction: Direction::After,
        });
    }
    None
}

/// The first cue of `cues` in `lower` at or after `from`, as (start, end); a Latin cue must
/// stand as a word. Of cues at the same place the longest wins.
fn find_cue(lower: &str, from: usize, cues: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for cue in cues {
        let mut search = from;
        while let Some(found) = super::find_short(&lower[search..], cue) {
            let at = search + found;
            let end = at + cue.len();
            let latin = cue.is_ascii();
            let before_ok = !latin || lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after_ok = !latin || lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if before_ok && after_ok {
                if best.is_none_or(|(b, e)| at < b || (at == b && end > e)) {
                    best = Some((at, end));
                }
                break;
            }
            search = end;
        }
    }
    best
}

/// The offset in `original` of the char at `lower_offset` in its lower-cased copy.
fn map_offset(lower: &str, original: &str, lower_offset: usize) -> usize {
    let chars = lower[..lower_offset.min(lower.len())].chars().count();
    original.char_indices().nth(chars).map_or(original.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> String {
        match parse_order_line(text) {
            None => "none".to_string(),
            Some(statement) => {
                let clauses: Vec<String> = statement
                    .clauses
                    .iter()
                    .map(|c| format!("{:?} {:?}", c.direction, &text[c.targets.clone()]))
                    .collect();
                format!("{:?}: {}", &text[statement.subject.clone()], clauses.join("; "))
            }
        }
    }

    #[test]
    fn dependency_bullets_in_many_forms() {
        let cases = [
            "**Setup (Phase 1)**: No dependencies - can start immediately",
            "**Foundational (Phase 2)**: Depends on Setup completion - BLOCKS all user stories",
            "**User Stories (Phases 3-9)**: All depend on Foundational phase completion",
            "**User Story 6 (P2)**: Can start after US1, US4, US5 (needs board, assignees, labels to filter) - Enhances display",
            "**US1 (Lista basica)**: Independente - pode comecar apos Foundational",
            "**Foundational (Phase 2)**: Depende de Setup - BLOQUEIA todas user stories",
            "**User Story 3 (P2 - 安全删除网站)**: 依赖US1和US2完成（需要回收站检查） - 可与US4, US5并行",
            "**US1 (P1) - 版本创建**: 无依赖,可在 Foundational 完成后立即开始 - **MVP 核心**",
            "**基盤（フェーズ2）**: セットアップ完了に依存 - すべてのユーザーストーリーをブロック",
            "**US4 (Phase 6)**: Depends on Phase 2 + US2 (logout requires a token from login) — implement after US2; can parallel with US3",
            "US2 (quiz) depends on US1 homepage layout",
            "**US2 (Edit Ride)**: Minimal dependency on US1 (reuses Ride entity, endpoints) but independently testable",
            "**Polish**: Final cleanup",
        ];
        let out: Vec<String> = cases.iter().map(|c| render(c)).collect();
        expect_test::expect![[r#"
            [
                "none",
                "\"Foundational (Phase 2)\": Before \" Setup completion\"; After \" all user stories\"",
                "\"User Stories (Phases 3-9)\": Before \" Foundational phase completion\"",
                "\"User Story 6 (P2)\": Before \" US1, US4, US5 (needs board, assignees, labels to filter)\"",
                "\"US1 (Lista basica)\": Before \" Foundational\"",
                "\"Foundational (Phase 2)\": Before \" Setup\"; After \" todas user stories\"",
                "\"User Story 3 (P2 - 安全删除网站)\": Before \"US1和US2完成（需要回收站检查）\"",
                "\"US1 (P1) - 版本创建\": Before \"在 Foundational \"",
                "\"基盤（フェーズ2）\": Before \"セットアップ\"; After \"すべてのユーザーストーリー\"",
                "\"US4 (Phase 6)\": Before \" Phase 2 + US2 (logout requires a token from login)\"; Before \" US2\"",
                "\"US2 (quiz) \": Before \" US1 homepage layout\"",
                "\"US2 (Edit Ride)\": Before \" US1 (reuses Ride entity, endpoints)\"",
                "none",
            ]
        "#]]
        .assert_debug_eq(&out);
    }

    #[test]
    fn chains_split_at_arrows() {
        let text = "Phase 1 (Setup) → Phase 2 (Foundational) -> US1";
        let parts: Vec<&str> = chain_parts(text).unwrap().into_iter().map(|r| text[r].trim()).collect();
        assert_eq!(parts, ["Phase 1 (Setup)", "Phase 2 (Foundational)", "US1"]);
        assert!(chain_parts("no arrows here").is_none());
    }
}
