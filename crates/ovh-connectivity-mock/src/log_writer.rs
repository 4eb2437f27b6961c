//! The binary's log writer: the request path appends its formatted line to a shared buffer
//! (no allocation once warm, no system call), and one thread writes the buffer to stderr in
//! batches: at once after a quiet spell, then at most every [`BATCH_WINDOW`] while lines keep
//! coming, so that a busy mock wakes the thread and calls `write(2)` about a hundred times a
//! second, not once per request.
//!
//! Why not `tracing-appender`'s non-blocking writer: it copies every line into a `Vec` of its
//! own that the writer thread frees, and clones its sender for every event. Measured at 64
//! connections (BENCHMARKS.md), that cost the mock about 1.7 µs per request; freeing memory
//! allocated on another thread was the largest single cost found in this code before.
//!
//! Nothing is lost: past [`HIGH_WATER`] bytes waiting, writers wait for the thread, and
//! dropping the [`FlushGuard`] writes what is left before it returns.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use tracing_subscriber::fmt::MakeWriter;

/// Bytes waiting to be written past which writers wait.
const HIGH_WATER: usize = 1 << 20;

/// While lines keep coming, the thread writes at most this often; the first line after a
/// quiet spell is written at once.
const BATCH_WINDOW: std::time::Duration = std::time::Duration::from_millis(10);

#[derive(Default)]
struct State {
    pending: Vec<u8>,
    closed: bool,
    writer_idle: bool,
    producers_waiting: usize,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake_writer: Condvar,
    wake_producers: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Where `tracing_subscriber::fmt` writes: a handle on the shared buffer.
#[derive(Clone)]
pub(crate) struct BatchWriter {
    shared: Arc<Shared>,
}

/// Writes what is left and stops the thread when dropped.
pub(crate) struct FlushGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// A writer to `out` through a buffer that one thread, named `name`, drains.
pub(crate) fn batch_writer<W: Write + Send + 'static>(
    out: W,
    name: &str,
) -> std::io::Result<(BatchWriter, FlushGuard)> {
    let shared = Arc::new(Shared::default());
    let drained = shared.clone();
    let thread = std::thread::Builder::new().name(name.to_owned()).spawn(move || drain(&drained, out))?;
    Ok((BatchWriter { shared: shared.clone() }, FlushGuard { shared, thread: Some(thread) }))
}

fn drain<W: Write>(shared: &Shared, mut out: W) {
    let mut batch = Vec::with_capacity(64 * 1024);
    let mut busy = false;
    loop {
        let mut state = shared.lock();
        if busy && !state.closed {
            // Lines are coming: let them gather for a moment instead of being woken for each.
            state = shared.wake_writer.wait_timeout(state, BATCH_WINDOW).unwrap_or_else(PoisonError::into_inner).0;
        }
        while state.pending.is_empty() && !state.closed {
            // Idle: sleep until a writer finds the buffer empty and wakes us.
            state.writer_idle = true;
            state = shared.wake_writer.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        state.writer_idle = false;
        if state.pending.is_empty() {
            return; // closed, and everything written
        }
        busy = true;
        std::mem::swap(&mut state.pending, &mut batch);
        let waiting = state.producers_waiting > 0;
        drop(state);
        if waiting {
            shared.wake_producers.notify_all();
        }
        // Nowhere to report a failed write of the log itself: the lines are dropped.
        let _ = out.write_all(&batch).and_then(|()| out.flush());
        batch.clear();
    }
}

impl Drop for FlushGuard {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.wake_writer.notify_one();
        self.shared.wake_producers.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Write for BatchWriter {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        let shared = &*self.shared;
        let mut state = shared.lock();
        while state.pending.len() >= HIGH_WATER && !state.closed {
            shared.wake_writer.notify_one();
            state.producers_waiting += 1;
            state = shared.wake_producers.wait(state).unwrap_or_else(PoisonError::into_inner);
            state.producers_waiting -= 1;
        }
        let wake = state.pending.is_empty() && state.writer_idle;
        state.pending.extend_from_slice(line);
        drop(state);
        // One wake-up per batch, not per line: a busy writer finds the line on its next round.
        if wake {
            shared.wake_writer.notify_one();
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for BatchWriter {
    type Writer = BatchWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::*;

    /// An output that keeps what it gets, slowly if asked.
    #[derive(Clone, Default)]
    struct Kept {
        bytes: Arc<Mutex<Vec<u8>>>,
        delay: Duration,
    }

    impl Write for Kept {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            std::thread::sleep(self.delay);
            self.bytes.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_from_every_thread_is_written_by_the_time_the_guard_is_dropped() {
        let kept = Kept { delay: Duration::from_millis(2), ..Kept::default() };
        let (writer, guard) = batch_writer(kept.clone(), "test-log").unwrap();
        let threads: Vec<_> = (0..4)
            .map(|thread| {
                let mut writer = writer.clone();
                std::thread::spawn(move || {
                    for line in 0..5_000 {
                        writer.write_all(format!("{thread} {line}\n").as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        drop(guard);
        let text = String::from_utf8(kept.bytes.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 20_000);
        for thread in 0..4 {
            let lines: Vec<usize> = text
                .lines()
                .filter_map(|l| l.strip_prefix(&format!("{thread} ")))
                .map(|n| n.parse().unwrap())
                .collect();
            assert_eq!(lines, (0..5_000).collect::<Vec<_>>(), "thread {thread}'s lines, in order");
        }
    }

    #[test]
    fn writers_wait_at_the_high_water_mark_instead_of_dropping_lines() {
        let kept = Kept { delay: Duration::from_millis(20), ..Kept::default() };
        let (mut writer, guard) = batch_writer(kept.clone(), "test-log").unwrap();
        let line = vec![b'x'; 64 * 1024];
        // Far more than the high-water mark, into an output slower than the writer.
        for _ in 0..64 {
            writer.write_all(&line).unwrap();
        }
        drop(guard);
        assert_eq!(kept.bytes.lock().unwrap().len(), 64 * line.len());
    }
}
