//! The language server's log. Lines go to stderr from a thread of their own, through a
//! bounded queue: when nobody reads the server's stderr (a pipe holds 64 KB), the queue fills
//! and further lines are dropped and counted, so that logging never blocks a handler or the
//! protocol loop. Writing straight to stderr froze the server at the first line that did not
//! fit.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How many lines may wait for stderr before new ones are dropped.
const QUEUE: usize = 1024;

/// What the log's users and its thread share.
#[derive(Default)]
struct Counts {
    /// Lines queued so far.
    queued: AtomicUsize,
    /// Lines dropped since the thread last said so.
    dropped: AtomicUsize,
    /// Lines written so far, and a signal at each.
    written: Mutex<usize>,
    wrote: Condvar,
}

/// Where tracing writes: each event is one [`Line`], queued when it is complete.
#[derive(Clone)]
pub struct Log {
    queue: SyncSender<Vec<u8>>,
    counts: Arc<Counts>,
}

impl Log {
    /// Starts the thread that writes the queued lines to `output`.
    pub fn start(output: impl Write + Send + 'static) -> Log {
        let (queue, lines) = mpsc::sync_channel(QUEUE);
        let counts = Arc::new(Counts::default());
        let shared = counts.clone();
        // Without the thread every line is dropped: the queue's receiver is gone.
        let _ = std::thread::Builder::new()
            .name("log".to_string())
            .spawn(move || write_lines(output, lines, &shared));
        Log { queue, counts }
    }

    /// Waits, at most `patience`, for the lines queued so far to be written.
    pub fn flush(&self, patience: Duration) {
        let queued = self.counts.queued.load(Ordering::SeqCst);
        let deadline = Instant::now() + patience;
        let mut written = self
            .counts
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *written < queued {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            written = match self.counts.wrote.wait_timeout(written, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    fn queue(&self, line: Vec<u8>) {
        if self.queue.try_send(line).is_ok() {
            self.counts.queued.fetch_add(1, Ordering::SeqCst);
        } else {
            self.counts.dropped.fetch_add(1, Ordering::Relaxed);
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
fn write_lines(mut output: impl Write, lines: Receiver<Vec<u8>>, counts: &Counts) {
    for line in lines {
        let _ = output.write_all(&line);
        let lost = counts.dropped.swap(0, Ordering::Relaxed);
        if lost > 0 {
            let _ = writeln!(output, "{lost} log lines were dropped: nobody read them in time");
        }
        let _ = output.flush();
        let mut written = counts.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *written += 1;
        counts.wrote.notify_all();
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
        assert!(log.counts.dropped.load(Ordering::Relaxed) >= QUEUE);
        drop(release);
        log.flush(Duration::from_secs(60));
        let text = String::from_utf8(written.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("line 0\n"), "{text}");
        assert!(text.contains("log lines were dropped"), "{text}");
    }
}
