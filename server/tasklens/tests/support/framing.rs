//! The Language Server Protocol's base framing (`Content-Length` headers), for the tests and
//! the benchmark that speak to the built binary over its stdio.

use std::io::{BufRead, Write};

/// Writes one message body with its header and flushes.
pub fn write_message(out: &mut impl Write, body: &str) {
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write a message");
    out.flush().expect("flush");
}

/// Reads one message body; panics when the stream ends, since the server must not close it
/// while a test or the benchmark still waits for an answer.
pub fn read_message(input: &mut impl BufRead) -> Vec<u8> {
    let mut length = 0;
    loop {
        let mut header = String::new();
        assert!(
            input.read_line(&mut header).expect("read") > 0,
            "the server closed stdout"
        );
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length: ") {
            length = value.parse().expect("a length");
        }
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).expect("a body");
    body
}
