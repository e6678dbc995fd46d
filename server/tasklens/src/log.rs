//! The language server's log. Lines go to stderr from a thread of their own, through a
//! bounded queue: when nobody reads the server's stderr (a pipe holds 64 KB), the queue fills
//! and further lines are dropped and counted, so that logging never blocks a handler or the
//! protocol loop. Writing straight to stderr froze the server at the first line that did not
//! fit.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::time::Duration;

/// How many lines may wait for stderr before new ones are dropped.
const QUEUE: usize = 1024;

enum Item {
    Line(Vec<u8>),
    /// Answered once every line before it is written.
    Flush(mpsc::Sender<()>),
}

/// Where tracing writes: each event is one [`Line`], queued when it is complete.
#[derive(Clone)]
pub struct Log {
    queue: SyncSender<Item>,
    dropped: Arc<AtomicUsize>,
}

impl Log {
    /// Starts the thread that writes the queued lines to `output`.
    pub fn start(output: impl Write + Send + 'static) -> Log {
        let (queue, lines) = mpsc::sync_channel(QUEUE);
        let dropped = Arc::new(AtomicUsize::new(0));
        let counted = dropped.clone();
        let started = std::thread::Builder::new()
            .name("log".to_string())
            .spawn(move || write_lines(output, lines, &counted));
        if started.is_err() {
            // Without the thread every line is dropped: the queue's receiver is gone.
            dropped.fetch_add(1, Ordering::Relaxed);
        }
        Log { queue, dropped }
    }

    /// Waits, at most `patience`, for the lines queued so far to be written.
    pub fn flush(&self, patience: Duration) {
        let (done, written) = mpsc::channel();
        if self.queue.try_send(Item::Flush(done)).is_ok() {
            let _ = written.recv_timeout(patience);
        }
    }

    fn queue(&self, line: Vec<u8>) {
        match self.queue.try_send(Item::Line(line)) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// One event's text, queued when tracing is done writing it.
pub struct Line {
    text: Vec<u8>,
    log: Log,
}

impl Write for Line {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.text.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        if !self.text.is_empty() {
            self.log.queue(std::mem::take(&mut self.text));
        }
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Log {
    type Writer = Line;

    fn make_writer(&'a self) -> Line {
        Line {
            text: Vec::new(),
            log: self.clone(),
        }
    }
}

/// Writes the queued lines, and after each the count of lines dropped since the last.
fn write_lines(mut output: impl Write, lines: Receiver<Item>, dropped: &AtomicUsize) {
    for item in lines {
        match item {
            Item::Line(line) => {
                let _ = output.write_all(&line);
            }
            Item::Flush(done) => {
                let _ = output.flush();
                let _ = done.send(());
            }
        }
        let lost = dropped.swap(0, Ordering::Relaxed);
        if lost > 0 {
            let _ = writeln!(output, "{lost} log lines were dropped: nobody read them in time");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::fmt::MakeWriter;

    /// An output that takes nothing until it is let go.
    struct Stuck(mpsc::Receiver<()>, Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Stuck {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let _ = self.0.recv();
            self.1.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_that_do_not_fit_are_dropped_and_counted() {
        let (release, stuck) = mpsc::channel();
        let written = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Log::start(Stuck(stuck, written.clone()));
        // The output takes nothing: every line past the queue's size is dropped at once.
        for n in 0..QUEUE * 3 {
            writeln!(log.make_writer(), "line {n}").unwrap();
        }
        assert!(log.dropped.load(Ordering::Relaxed) >= QUEUE);
        drop(release);
        log.flush(Duration::from_secs(60));
        let text = String::from_utf8(written.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("line 0\n"), "{text}");
        assert!(text.contains("log lines were dropped"), "{text}");
    }
}
