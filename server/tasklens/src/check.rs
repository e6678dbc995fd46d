//! `tasklens check`: finds tasks.md files, runs the analysis and reports diagnostics like
//! rustc does (path:line:col, severity, code, message, the source line underlined), as JSON,
//! as GitHub Actions annotations or as SARIF; with `--fix` it first applies the safe fixes
//! (the editor's fix-all), with `--diff` it prints them as a unified diff instead.

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

/// How `check` runs: the report's format, whether it fixes (or shows the fixes as a diff),
/// and the least severe finding that fails the run.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The report's format.
    pub format: CheckFormat,
    /// Apply the safe fixes to the files, then report what is left.
    pub fix: bool,
    /// Print the safe fixes as a unified diff, write nothing and report nothing else.
    pub diff: bool,
    /// Findings at this severity or a worse one make the exit status 1; None never does.
    pub fail_on: Option<Severity>,
}

/// Runs the command; returns the exit code.
pub fn run(paths: &[PathBuf], options: Options, out: &mut impl Write, err: &mut impl Write) -> u8 {
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
    let mut diffs = String::new();
    let (mut fixed, mut fixed_files) = (0usize, 0usize);
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
        let mut text = read.text;
        if options.fix || options.diff {
            let outcome = crate::guard::analysis(&path, || {
                tasklens_analysis::ide::actions::fix_all(&text, config.clone())
            });
            match outcome {
                Ok(outcome) if outcome.text != text => {
                    if options.diff {
                        diffs.push_str(&unified_diff(&path.display().to_string(), &text, &outcome.text));
                    } else if read.note.is_some() {
                        let _ = writeln!(
                            err,
                            "warning: {}: not fixed, because it is not plain UTF-8 and writing it back would change its encoding",
                            path.display()
                        );
                    } else {
                        match write_fixed(&path, &outcome.text) {
                            Ok(()) => {
                                for applied in &outcome.applied {
                                    let _ = writeln!(
                                        err,
                                        "fixed {}:{}: {}",
                                        path.display(),
                                        applied.line + 1,
                                        applied.title
                                    );
                                }
                                fixed += outcome.applied.len();
                                fixed_files += 1;
                                text = outcome.text;
                            }
                            Err(error) => {
                                let _ = writeln!(err, "error: cannot write {}: {error}", path.display());
                                unreadable = true;
                            }
                        }
                    }
                }
                Ok(_) => {}
                Err(message) => {
                    let _ = writeln!(err, "error: {message}");
                    unreadable = true;
                    continue;
                }
            }
        }
        if options.diff {
            continue;
        }
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
    if options.diff {
        if let Err(error) = out.write_all(diffs.as_bytes()) {
            return report_failure(&error, err, 2);
        }
        return if unreadable {
            2
        } else if diffs.is_empty() {
            0
        } else {
            1
        };
    }
    if options.fix {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let _ = writeln!(
            err,
            "fixed {} in {}",
            plural(fixed, "finding"),
            plural(fixed_files, "file")
        );
    }
    let failing = checked
        .iter()
        .flat_map(|c| &c.diagnostics)
        .any(|d| options.fail_on.is_some_and(|threshold| d.severity <= threshold));
    let status = if unreadable {
        2
    } else if failing {
        1
    } else {
        0
    };
    let result = match options.format {
        CheckFormat::Json => write_json(&checked, out),
        CheckFormat::Human => write_human(&checked, out),
        CheckFormat::Github => write_github(&checked, out),
        CheckFormat::Sarif => crate::sarif::write(&checked_files(&checked), out),
    };
    match result {
        Ok(()) => status,
        Err(error) => report_failure(&error, err, status),
    }
}

/// The checked files as the SARIF writer reads them.
fn checked_files(checked: &[Checked]) -> Vec<crate::sarif::File<'_>> {
    checked
        .iter()
        .map(|c| crate::sarif::File {
            path: &c.path,
            text: &c.text,
            diagnostics: &c.diagnostics,
        })
        .collect()
}

/// The exit code after the report could not be written: a reader that closed the pipe early
/// (`tasklens check | head`) ends the run quietly with the status the findings give;
/// anything else is reported and exits with 2.
fn report_failure(error: &std::io::Error, err: &mut impl Write, status: u8) -> u8 {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return status;
    }
    let _ = writeln!(err, "error: cannot write the report: {error}");
    2
}

/// Writes a fixed text back, with the byte order mark the file had.
fn write_fixed(path: &Path, text: &str) -> std::io::Result<()> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    let mut head = [0u8; 3];
    let had_bom = std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut head))
        .is_ok()
        && head == [0xEF, 0xBB, 0xBF];
    if had_bom {
        bytes.extend_from_slice(&head);
    }
    bytes.extend_from_slice(text.as_bytes());
    std::fs::write(path, bytes)
}

/// A unified diff of one file, with `a/` and `b/` paths as `git diff` writes them.
fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let path = path.replace('\\', "/");
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per
/// finding, which a workflow run shows as an annotation on the line.
fn write_github(checked: &[Checked], out: &mut impl Write) -> std::io::Result<()> {
    for file in checked {
        let index = LineIndex::new(&file.text);
        for diagnostic in &file.diagnostics {
            let (start, end) = index.range(&file.text, diagnostic.range.clone());
            let level = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                github_property(&file.path),
                start.line,
                start.column,
                end.line,
                end.column,
                github_property(&format!("tasklens {}", diagnostic.code.as_str())),
                github_data(&diagnostic.message)
            )?;
        }
    }
    Ok(())
}

/// A workflow command's message, with `%`, `\r` and `\n` escaped as GitHub reads them.
fn github_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: a message escaped, and `:` and `,` too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
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
