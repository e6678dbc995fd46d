//! `tasklens check`: finds tasks.md files, runs the analysis and reports diagnostics like
//! rustc does (path:line:col, severity, code, message, the source line underlined), or as
//! JSON.

use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;
use tasklens_analysis::{Diagnostic, Severity};

use crate::CheckFormat;
use crate::line_index::LineIndex;

/// One finding as `--format json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: Severity,
    code: &'static str,
    message: String,
}

/// A checked file.
struct Checked {
    path: String,
    text: String,
    diagnostics: Vec<Diagnostic>,
}

/// Runs the command; returns the exit code.
pub fn run(paths: &[PathBuf], format: CheckFormat, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let mut unreadable = false;
    let mut files = Vec::new();
    for path in paths {
        match collect(path, err) {
            Ok(found) => files.extend(found),
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                unreadable = true;
            }
        }
    }
    let config = Arc::new(crate::settings::config_for(
        paths.first().map_or(Path::new("."), PathBuf::as_path),
        err,
    ));
    let mut checked = Vec::new();
    for (path, explicit) in files {
        let read = match crate::files::read_text(&path) {
            Ok(read) => read,
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                unreadable = true;
                continue;
            }
        };
        if let Some(note) = &read.note {
            let _ = writeln!(err, "warning: {}: {note}", path.display());
        }
        let text = read.text;
        let analysed = crate::guard::analysis(&path, || {
            let analysis = tasklens_analysis::analyze(&text, config.clone());
            (!analysis.tasks.is_empty()).then(|| tasklens_analysis::diagnostics(&analysis))
        });
        let diagnostics = match analysed {
            Ok(Some(diagnostics)) => diagnostics,
            Ok(None) if !explicit => continue,
            Ok(None) => Vec::new(),
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                unreadable = true;
                continue;
            }
        };
        checked.push(Checked {
            path: path.display().to_string(),
            text,
            diagnostics,
        });
    }
    let errors = checked
        .iter()
        .flat_map(|c| &c.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .count();
    let result = match format {
        CheckFormat::Json => write_json(&checked, out),
        CheckFormat::Human => write_human(&checked, out),
    };
    if let Err(error) = result {
        let _ = writeln!(err, "error: cannot write the report: {error}");
        return 2;
    }
    if unreadable {
        2
    } else if errors > 0 {
        1
    } else {
        0
    }
}

/// The files to check: a file as given, or the markdown files under a directory (hidden
/// directories, `node_modules` and `target` skipped, links to directories not followed,
/// paths that are no regular file skipped with a warning). The flag says whether the user
/// named the file; named files are always reported, found ones only when they hold tasks.
fn collect(path: &Path, err: &mut impl Write) -> Result<Vec<(PathBuf, bool)>, String> {
    let metadata = std::fs::metadata(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    if !metadata.is_dir() {
        // A named file is read (and refused there if it is no regular file).
        return Ok(vec![(path.to_path_buf(), true)]);
    }
    let found = crate::files::markdown_files(path, usize::MAX, &AtomicBool::new(false))?;
    for skipped in &found.skipped {
        let _ = writeln!(err, "warning: skipped {skipped}");
    }
    Ok(found.files.into_iter().map(|file| (file, false)).collect())
}

fn write_json(checked: &[Checked], out: &mut impl Write) -> std::io::Result<()> {
    let mut all = Vec::new();
    for file in checked {
        let index = LineIndex::new(&file.text);
        for diagnostic in &file.diagnostics {
            let (start, end) = index.range(&file.text, diagnostic.range.clone());
            all.push(JsonDiagnostic {
                path: file.path.clone(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                severity: diagnostic.severity,
                code: diagnostic.code.as_str(),
                message: diagnostic.message.clone(),
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

fn write_human(checked: &[Checked], out: &mut impl Write) -> std::io::Result<()> {
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let renderer = if colour { Renderer::styled() } else { Renderer::plain() };
    let mut counts = [0usize; 4];
    for file in checked {
        let index = LineIndex::new(&file.text);
        for diagnostic in &file.diagnostics {
            counts[diagnostic.severity as usize] += 1;
            writeln!(
                out,
                "{}\n",
                render(&renderer, &file.path, &file.text, &index, diagnostic)
            )?;
        }
    }
    let [errors, warnings, infos, hints] = counts;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "{}, {}, {}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(infos, "info"),
        plural(hints, "hint"),
        plural(checked.len(), "file")
    )
}

/// Renders one diagnostic with the lines it covers.
pub fn render(renderer: &Renderer, path: &str, text: &str, index: &LineIndex, diagnostic: &Diagnostic) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::HELP.with_name("hint"),
    };
    let (lines, span) = excerpt(text, index, diagnostic.range.clone());
    let mut snippet = Snippet::source(&text[lines.clone()])
        .line_start(index.line_of(lines.start) + 1)
        .path(path)
        .annotation(AnnotationKind::Primary.span(span));
    for related in &diagnostic.related {
        let range = related.range.clone();
        if range.start >= lines.start && range.end <= lines.end {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(range.start - lines.start..range.end - lines.start)
                    .label(&related.message),
            );
        }
    }
    let mut group = level
        .primary_title(&diagnostic.message)
        .id(diagnostic.code.as_str())
        .element(snippet);
    for related in &diagnostic.related {
        if related.range.start >= lines.start && related.range.end <= lines.end {
            continue;
        }
        let (lines, span) = excerpt(text, index, related.range.clone());
        group = group.element(
            Snippet::source(&text[lines.clone()])
                .line_start(index.line_of(lines.start) + 1)
                .path(path)
                .annotation(AnnotationKind::Context.span(span).label(&related.message)),
        );
    }
    renderer.render(&[group])
}

/// The whole lines around a range, and the range relative to them.
fn excerpt(text: &str, index: &LineIndex, range: Range<usize>) -> (Range<usize>, Range<usize>) {
    let start = crate::line_index::floor_char_boundary(text, range.start.min(text.len()));
    let end = crate::line_index::floor_char_boundary(text, range.end.clamp(start, text.len()));
    let first_line = index.line_of(start);
    let last_line = index.line_of(end.saturating_sub(usize::from(end > start)));
    let lines_start = index.line_start(first_line).unwrap_or(0);
    let lines_end = index.line_start(last_line + 1).unwrap_or(text.len());
    let lines_end = lines_end.max(end);
    (lines_start..lines_end, start - lines_start..end - lines_start)
}
