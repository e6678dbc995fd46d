//! The Language Server Protocol's base framing over a byte stream: `Content-Length` headers,
//! a blank line, a body. The reader never gives up on a stream: a frame it cannot read is
//! reported as [`Frame::Malformed`] (the caller answers it and logs it) and reading goes on at
//! the next header. tokio-util's framed reader, which tower-lsp-server's own server loop uses,
//! ends the stream at the first decode error, so one bad frame ended the server.
//!
//! What the reader accepts and what it does with the rest:
//! - header names in any case (`content-length`), unknown headers (ignored), any charset
//!   (logged: bodies are read as UTF-8), `\n` as well as `\r\n` line ends;
//! - a header block without a usable `Content-Length` (missing, negative, not a number,
//!   larger than [`MAX_BODY`]) or bytes that are no header at all: malformed, skipped up to the
//!   next `Content-Length` header;
//! - a body that runs into the next header (its `Content-Length` was too long): cut there, so
//!   the next message is read whole. JSON cannot hold a raw line break inside a string, so a
//!   `Content-Length: 12` line inside a declared body can only be the next frame's header;
//! - a body that fails to parse (its `Content-Length` too short, or too long by less than a
//!   header): reading goes on at the next header after the body's start, so that a body cut
//!   short loses only itself and one that took the start of the next header gives it back;
//! - an empty body (`Content-Length: 0`): returned at once, never waiting for more bytes.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The largest body read, in bytes: a 20 MB document fits in a `didOpen` many times over.
pub const MAX_BODY: usize = 256 << 20;

/// The buffer's room kept between frames, in bytes.
const KEPT_CAPACITY: usize = 64 << 10;

/// The longest header block read before its bytes are taken for garbage.
const MAX_HEADER: usize = 8 << 10;

/// What the reader found next on the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// One message body.
    Body(Vec<u8>),
    /// Bytes that are no readable frame, with what was wrong with them.
    Malformed(String),
}

/// Reads frames from a byte stream, resynchronising after anything it cannot read.
pub struct FrameReader<R> {
    input: R,
    buffer: Vec<u8>,
    /// Where the unread bytes start in `buffer`.
    start: usize,
    eof: bool,
    /// True right after a body that did not parse (see [`FrameReader::skip_quietly`]).
    quiet_skip: bool,
    /// Where the last body started in `buffer`.
    last_body: Option<usize>,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> FrameReader<R> {
        FrameReader {
            input,
            buffer: Vec::with_capacity(KEPT_CAPACITY),
            start: 0,
            eof: false,
            quiet_skip: false,
            last_body: None,
        }
    }

    /// The next frame, or None when the stream has ended.
    pub async fn next(&mut self) -> Option<Frame> {
        self.last_body = None;
        loop {
            // Line breaks and spaces between frames are no garbage.
            while let Some(&byte) = self.unread().first() {
                if !byte.is_ascii_whitespace() {
                    break;
                }
                self.start += 1;
            }
            if self.unread().is_empty() {
                if self.eof || !self.fill().await {
                    return None;
                }
                continue;
            }
            match self.header_block().await {
                Header::Incomplete => return None,
                Header::Garbage(reason) => {
                    let quiet = std::mem::take(&mut self.quiet_skip);
                    let skipped = self.skip_to_next_header().await;
                    if !quiet {
                        return Some(Frame::Malformed(format!("{reason} ({skipped} bytes skipped)")));
                    }
                }
                Header::Length(length, header_len) => {
                    self.start += header_len;
                    return Some(self.body(length).await);
                }
            }
        }
    }

    /// Says that the last body did not parse. Its Content-Length may have been wrong: too
    /// short, and the rest of the body follows; too long, and the body ran into the next
    /// frame's header. Reading goes on at the next `Content-Length` after the body's start,
    /// and what is skipped to get there is not reported again.
    pub fn skip_quietly(&mut self) {
        if let Some(body) = self.last_body.take() {
            self.start = body;
        }
        self.quiet_skip = true;
    }

    fn unread(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    /// Reads more bytes; false at the end of the stream.
    async fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        if self.start > 0 && self.start * 2 >= self.buffer.len() {
            self.buffer.drain(..self.start);
            self.start = 0;
            // The room a large body took is given back once it is read, rather than held for
            // the connection's life.
            if self.buffer.capacity() > KEPT_CAPACITY.max(4 * self.buffer.len()) {
                self.buffer.shrink_to(KEPT_CAPACITY.max(self.buffer.len()));
            }
        }
        let mut chunk = [0u8; 64 << 10];
        match self.input.read(&mut chunk).await {
            Ok(0) | Err(_) => {
                self.eof = true;
                false
            }
            Ok(read) => {
                self.buffer.extend_from_slice(&chunk[..read]);
                true
            }
        }
    }

    /// Reads the header block at the start of the unread bytes.
    async fn header_block(&mut self) -> Header {
        loop {
            let unread = self.unread();
            let window = &unread[..unread.len().min(MAX_HEADER + 4)];
            let end = find(window, b"\r\n\r\n")
                .map(|at| at + 4)
                .into_iter()
                .chain(find(window, b"\n\n").map(|at| at + 2))
                .min();
            if let Some(end) = end {
                return parse_header(&unread[..end], end);
            }
            // Before the block ends, a line that is no header line is garbage already.
            if let Some(reason) = first_bad_line(window) {
                return Header::Garbage(reason);
            }
            if unread.len() > MAX_HEADER {
                return Header::Garbage(format!("a header block longer than {MAX_HEADER} bytes"));
            }
            if !self.fill().await {
                return if self.unread().is_empty() {
                    Header::Incomplete
                } else {
                    Header::Garbage("the stream ended inside a header".to_string())
                };
            }
        }
    }

    /// Skips the unread bytes up to the next `Content-Length` header (not the one at the
    /// very start, if any); returns how many bytes were skipped. Keeps at most a header's
    /// length of garbage in memory.
    async fn skip_to_next_header(&mut self) -> usize {
        let mut skipped = 0;
        // Past the first byte, so that a bad header block is not found again.
        let mut from = 1;
        loop {
            if let Some(at) = find_ignore_case(&self.unread()[from.min(self.unread().len())..], b"content-length") {
                let at = from + at;
                self.start += at;
                return skipped + at;
            }
            // Keep the tail, which may hold the start of the header name.
            let keep = b"content-length".len() - 1;
            let drop = self
                .unread()
                .len()
                .saturating_sub(keep)
                .max(from.min(self.unread().len()));
            self.start += drop;
            skipped += drop;
            from = 0;
            if !self.fill().await {
                let rest = self.unread().len();
                self.start += rest;
                return skipped + rest;
            }
        }
    }

    /// Reads a body of `length` bytes, or up to a header that starts inside it.
    async fn body(&mut self, length: usize) -> Frame {
        // Room for the whole body at once: growing by doubling would reach up to twice it.
        self.buffer.reserve(length.saturating_sub(self.unread().len()));
        let mut scanned: usize = 0;
        loop {
            let available = self.unread().len().min(length);
            // A header line inside the declared body: the frame ran into the next one.
            let from = scanned.saturating_sub(32);
            if let Some(at) = find_header_line(&self.unread()[from..available]) {
                let at = from + at;
                let body = self.unread()[..at].to_vec();
                self.last_body = Some(self.start);
                self.start += at;
                tracing::warn!(
                    "a frame's Content-Length ({length}) runs into the next header; read the {at} bytes before it"
                );
                return Frame::Body(body);
            }
            scanned = available;
            if available == length {
                let body = self.unread()[..length].to_vec();
                self.last_body = Some(self.start);
                self.start += length;
                return Frame::Body(body);
            }
            if !self.fill().await {
                let rest = self.unread().len();
                self.start += rest;
                return Frame::Malformed(format!("the stream ended {} bytes into a body of {length}", rest));
            }
        }
    }
}

/// What a header block says.
enum Header {
    /// The body's length and the header block's length.
    Length(usize, usize),
    /// The bytes are not a usable header block.
    Garbage(String),
    /// The stream ended before any byte of a header.
    Incomplete,
}

/// Reads a complete header block (`block`, `len` bytes with its blank line).
fn parse_header(block: &[u8], len: usize) -> Header {
    let mut length: Option<usize> = None;
    for line in block.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = header_line(line) else {
            return Header::Garbage(format!("`{}` is no header line", String::from_utf8_lossy(line)));
        };
        let value = String::from_utf8_lossy(value);
        let value = value.trim();
        if name.eq_ignore_ascii_case(b"content-length") {
            match value.parse::<usize>() {
                Ok(n) if n <= MAX_BODY && length.is_none_or(|l| l == n) => length = Some(n),
                Ok(n) if n > MAX_BODY => {
                    return Header::Garbage(format!("a body of {n} bytes is larger than the {MAX_BODY} read"));
                }
                Ok(_) => return Header::Garbage("two different Content-Length headers".to_string()),
                Err(_) => return Header::Garbage(format!("`Content-Length: {value}` is no length")),
            }
        } else if name.eq_ignore_ascii_case(b"content-type") {
            let lower = value.to_ascii_lowercase();
            if let Some(charset) = lower.split(';').find_map(|part| part.trim().strip_prefix("charset="))
                && !matches!(charset.trim_matches('"'), "utf-8" | "utf8")
            {
                tracing::warn!("a frame says charset={charset}; the body is read as UTF-8");
            }
        }
    }
    match length {
        Some(length) => Header::Length(length, len),
        None => Header::Garbage("a header block without Content-Length".to_string()),
    }
}

/// Splits `Name: value`; None unless the name is an HTTP token.
fn header_line(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    (!name.is_empty() && name.iter().all(token)).then(|| (name, &line[colon + 1..]))
}

/// Why the complete lines of an unfinished header block cannot be one, if they cannot.
fn first_bad_line(unread: &[u8]) -> Option<String> {
    let mut lines = unread.split(|&b| b == b'\n');
    // The last piece has no line end yet; it may still become a header line, unless it
    // already cannot (a name character that no token has).
    let pieces: Vec<&[u8]> = lines.by_ref().collect();
    let (last, complete) = pieces.split_last()?;
    for line in complete {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() && header_line(line).is_none() {
            return Some(format!("`{}` is no header line", String::from_utf8_lossy(line)));
        }
    }
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    let name_end = last.iter().position(|&b| b == b':').unwrap_or(last.len());
    let bad_name = !last[..name_end].iter().all(token) || (name_end == 0 && !last.is_empty());
    bad_name.then(|| {
        let shown = &last[..last.len().min(40)];
        format!("`{}` is no header", String::from_utf8_lossy(shown))
    })
}

/// Where `needle` starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Where `needle` (lower case, not empty) starts in `haystack`, ignoring ASCII case.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let last_start = haystack.len().checked_sub(needle.len())?;
    (0..=last_start).find(|&at| {
        haystack[at].to_ascii_lowercase() == first && haystack[at..at + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// Where a `Content-Length: <digits>` line ending in a line break starts in `bytes`.
fn find_header_line(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find_ignore_case(&bytes[from..], b"content-length") {
        let start = from + at;
        let mut rest = &bytes[start + b"content-length".len()..];
        let trim = |rest: &mut &[u8]| {
            while let [b' ' | b'\t', tail @ ..] = *rest {
                *rest = tail;
            }
        };
        trim(&mut rest);
        if let [b':', tail @ ..] = rest {
            rest = tail;
            trim(&mut rest);
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0 && matches!(rest.get(digits), Some(b'\r' | b'\n')) {
                return Some(start);
            }
        }
        from = start + 1;
    }
    None
}

/// Writes one message body with its header.
pub async fn write_frame(output: &mut (impl AsyncWrite + Unpin), body: &[u8]) -> std::io::Result<()> {
    output
        .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    output.write_all(body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every frame of a stream given whole.
    fn frames(stream: &[u8]) -> Vec<Frame> {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let mut reader = FrameReader::new(stream);
            let mut out = Vec::new();
            while let Some(frame) = reader.next().await {
                out.push(frame);
            }
            out
        })
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    const NEXT: &str = "Content-Length: 2\r\n\r\n{}";

    #[test]
    fn well_formed_frames_and_header_variants() {
        let stream = format!(
            "Content-Length: 2\r\n\r\n[]content-length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\nX-Other: y\r\n\r\nnull\
             Content-Length:5\n\ntrue {NEXT}"
        );
        assert_eq!(
            frames(stream.as_bytes()),
            [body("[]"), body("null"), body("true "), body("{}")]
        );
    }

    #[test]
    fn an_empty_body_is_returned_at_once() {
        assert_eq!(
            frames(format!("Content-Length: 0\r\n\r\n{NEXT}").as_bytes()),
            [body(""), body("{}")]
        );
    }

    #[test]
    fn a_body_that_runs_into_the_next_header_is_cut_there() {
        let stream = format!("Content-Length: 40\r\n\r\n{{\"a\":1}}{NEXT}");
        assert_eq!(frames(stream.as_bytes()), [body("{\"a\":1}"), body("{}")]);
    }

    #[test]
    fn a_body_that_took_the_start_of_the_next_header_gives_it_back_when_it_does_not_parse() {
        let stream = format!("Content-Length: 8\r\n\r\n{{\"a\":1}}{NEXT}");
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let found = runtime.block_on(async {
            let mut reader = FrameReader::new(stream.as_bytes());
            let first = reader.next().await;
            reader.skip_quietly();
            (first, reader.next().await, reader.next().await)
        });
        assert_eq!(found, (Some(body("{\"a\":1}C")), Some(body("{}")), None));
    }

    #[test]
    fn the_tail_of_a_body_cut_short_is_skipped_quietly_when_asked() {
        let stream = format!("Content-Length: 3\r\n\r\n{{\"a\":1}}{NEXT}");
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let found = runtime.block_on(async {
            let mut reader = FrameReader::new(stream.as_bytes());
            let first = reader.next().await;
            reader.skip_quietly();
            (first, reader.next().await, reader.next().await)
        });
        assert_eq!(found, (Some(body("{\"a")), Some(body("{}")), None));
        // Without being asked, the tail is reported.
        assert!(matches!(frames(stream.as_bytes())[1], Frame::Malformed(_)));
    }

    #[test]
    fn bad_headers_and_garbage_are_reported_once_each_and_skipped() {
        for bad in [
            "Content-Length: -5\r\n\r\n{}",
            "Content-Length: 99999999999999999999999\r\n\r\n{}",
            "Content-Length: 1073741824000\r\n\r\n{}",
            "Content-Type: x\r\n\r\n{}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"x\"}",
            "\u{1}\u{2}garbage\u{ff}",
            "Content-Length: 2\r\nnot a header\r\n\r\n{}",
        ] {
            let stream = format!("{bad}{NEXT}");
            let found = frames(stream.as_bytes());
            assert_eq!(found.len(), 2, "{bad:?}: {found:?}");
            assert!(matches!(found[0], Frame::Malformed(_)), "{bad:?}: {found:?}");
            assert_eq!(found[1], body("{}"), "{bad:?}");
        }
    }

    #[test]
    fn a_stream_ending_inside_a_frame_ends_the_frames() {
        assert!(matches!(
            frames(b"Content-Length: 10\r\n\r\n{\"a\"").as_slice(),
            [Frame::Malformed(_)]
        ));
        assert_eq!(frames(b"").len(), 0);
        assert_eq!(frames(b"\r\n\r\n").len(), 0);
    }

    #[test]
    fn garbage_of_any_length_is_skipped_in_bounded_memory() {
        let mut stream = vec![b'x'; 3 << 20];
        stream.extend_from_slice(NEXT.as_bytes());
        let found = frames(&stream);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1], body("{}"));
    }
}
