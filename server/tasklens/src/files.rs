//! Reads task files for the commands, and finds markdown files under a folder, the way
//! `tasklens check` and the server's workspace symbols both need: hidden folders,
//! `node_modules` and `target` are skipped.
//!
//! Nothing a folder holds can stall or flood a reader: only regular files are read (a FIFO
//! would block forever, `/dev/zero` would never end), at most [`MAX_FILE_SIZE`] of them, each
//! file once however many links lead to it, and links to folders are not followed (two links
//! to `.` made the walk endless).

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The largest file read, in bytes.
pub const MAX_FILE_SIZE: u64 = 64 << 20;

/// A file's text, and a note to show when it was not plain UTF-8.
#[derive(Debug, PartialEq, Eq)]
pub struct Text {
    /// The text, without a byte order mark.
    pub text: String,
    /// How the bytes were read when they were not UTF-8 (a sentence), for a warning.
    pub note: Option<String>,
}

/// A file's text, or a sentence saying why it cannot be read. UTF-8 (with or without a byte
/// order mark) is read as is; UTF-16 with a byte order mark (as PowerShell writes) is
/// decoded, with a note; other bytes that are not UTF-8 are read as U+FFFD, with a note,
/// unless the file looks like UTF-16 without a byte order mark, which is refused.
pub fn read_text(path: &Path) -> Result<Text, String> {
    let shown = path.display();
    let metadata = std::fs::metadata(path).map_err(|error| format!("cannot read {shown}: {error}"))?;
    if !metadata.is_file() {
        return Err(format!("cannot read {shown}: {}", not_a_file(&metadata)));
    }
    if metadata.len() > MAX_FILE_SIZE {
        return Err(too_large(path, metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(|error| format!("cannot read {shown}: {error}"))?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // The file may grow while it is read; no more than the limit is read either way.
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read {shown}: {error}"))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(path, bytes.len() as u64));
    }
    decode(&bytes).map_err(|reason| format!("cannot read {shown}: {reason}"))
}

fn too_large(path: &Path, len: u64) -> String {
    format!(
        "cannot read {}: it is {} MB, larger than the {} MB tasklens reads",
        path.display(),
        len.div_ceil(1 << 20),
        MAX_FILE_SIZE >> 20
    )
}

/// What a path that is no regular file is.
fn not_a_file(metadata: &std::fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "it is a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "it is a FIFO (a named pipe), not a regular file";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "it is a device, not a regular file";
        }
        if kind.is_socket() {
            return "it is a socket, not a regular file";
        }
    }
    "it is not a regular file"
}

/// Decodes a file's bytes (see [`read_text`]).
pub fn decode(bytes: &[u8]) -> Result<Text, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest);
    }
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16, name: &str| -> Text {
        let units = rest.chunks(2).map(|pair| unit([pair[0], *pair.get(1).unwrap_or(&0)]));
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        Text {
            text,
            note: Some(format!("it is {name} (it starts with a byte order mark); read as such")),
        }
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, u16::from_le_bytes, "UTF-16LE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, u16::from_be_bytes, "UTF-16BE"));
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: &[u8]) -> Result<Text, String> {
    // UTF-16 of mostly ASCII text has a zero byte in every other position (and is valid
    // UTF-8); no text file has many.
    let zeros = bytes.iter().filter(|&&b| b == 0).count();
    if zeros * 4 > bytes.len() {
        return Err("it is not UTF-8 (it looks like UTF-16 without a byte order mark); save it as UTF-8".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Text {
            text: text.to_string(),
            note: None,
        }),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replaced = text.matches(char::REPLACEMENT_CHARACTER).count();
            Ok(Text {
                text,
                note: Some(format!(
                    "it is not valid UTF-8; {replaced} invalid byte sequence{} read as U+FFFD",
                    if replaced == 1 { "" } else { "s" }
                )),
            })
        }
    }
}

/// One file read and analysed with the settings that apply to it (`tasklens.toml` beside or
/// above it), for the commands that take one file; when it cannot be read, says so on `err`
/// and gives the exit code 2.
pub fn analyze_file(path: &Path, err: &mut impl std::io::Write) -> Result<(String, tasklens_analysis::Analysis), u8> {
    let read = read_text(path).map_err(|message| {
        let _ = writeln!(err, "error: {message}");
        2
    })?;
    if let Some(note) = &read.note {
        let _ = writeln!(err, "warning: {}: {note}", path.display());
    }
    let config = std::sync::Arc::new(crate::settings::config_for(path, err));
    let analysis =
        crate::guard::analysis(path, || tasklens_analysis::analyze(&read.text, config)).map_err(|message| {
            let _ = writeln!(err, "error: {message}");
            2
        })?;
    Ok((read.text, analysis))
}

/// The markdown files found under a folder, and what was passed over, in sentences.
#[derive(Debug, Default)]
pub struct Found {
    /// The files, sorted.
    pub files: Vec<PathBuf>,
    /// Markdown paths that are no regular file (a FIFO, a device, a broken link).
    pub skipped: Vec<String>,
}

/// The markdown files (`.md`, `.markdown`) under `root`, sorted, at most `limit` of them, each
/// once. Links to files are followed, links to folders are not. An unreadable folder below
/// the root is skipped; an unreadable root is an error. The walk stops early, with what it
/// found, when `cancelled` is set.
pub fn markdown_files(root: &Path, limit: usize, cancelled: &AtomicBool) -> Result<Found, String> {
    let mut found = Found::default();
    let mut seen_files: HashSet<PathBuf> = HashSet::new();
    let mut seen_folders: HashSet<PathBuf> = HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if cancelled.load(Ordering::Relaxed) || found.files.len() >= limit {
            break;
        }
        // A folder reached twice (a bind mount of its parent, say) is read once.
        if let Ok(canonical) = std::fs::canonicalize(&dir)
            && !seen_folders.insert(canonical)
        {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if dir == root => return Err(format!("cannot read {}: {error}", dir.display())),
            Err(_) => continue,
        };
        let mut entries: Vec<(PathBuf, std::fs::FileType)> = entries
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| Some((entry.path(), entry.file_type().ok()?)))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, kind) in entries.into_iter().rev() {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if kind.is_dir() {
                if !name.starts_with('.') && name != "node_modules" && name != "target" {
                    stack.push(path);
                }
                continue;
            }
            if !(name.ends_with(".md") || name.ends_with(".markdown")) || found.files.len() >= limit {
                continue;
            }
            // A link is read when it leads to a regular file.
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_file() => {
                    let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                    if seen_files.insert(canonical) {
                        found.files.push(path);
                    }
                }
                Ok(metadata) if metadata.is_dir() => {}
                Ok(metadata) => found
                    .skipped
                    .push(format!("{}: {}", path.display(), not_a_file(&metadata))),
                Err(error) => found.skipped.push(format!("{}: {error}", path.display())),
            }
        }
    }
    found.files.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(
            decode(b"# a").unwrap(),
            Text {
                text: "# a".into(),
                note: None
            }
        );
        assert_eq!(decode(b"\xEF\xBB\xBF# a").unwrap().text, "# a");
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("# é😀".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let read = decode(&utf16le).unwrap();
        assert_eq!(read.text, "# é😀");
        assert!(read.note.unwrap().contains("UTF-16LE"));
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("# x".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&utf16be).unwrap().text, "# x");
        let without_bom: Vec<u8> = "# Tasks\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode(&without_bom).unwrap_err().contains("UTF-16"));
        let latin1 = decode(b"caf\xe9\n").unwrap();
        assert_eq!(latin1.text, "caf\u{fffd}\n");
        assert!(latin1.note.unwrap().contains("1 invalid byte sequence"));
    }
}
