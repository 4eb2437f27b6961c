//! The binary's log line, formatted cheaply: the same text as `tracing-subscriber`'s default
//! format without ANSI colours or targets (`2026-11-27T06:28:02.017217Z  INFO pending 1/1
//! query_id=MOCK.0.7b1dcdaf method=POST ... fixture="search/cities/91400" elapsed_ms=0`),
//! written with plain string pushes: the date part of the timestamp is formatted once a second
//! per thread, and strings that need no escaping are copied as they are.
//!
//! The default formatter spent about 1 µs of the mock's 8 µs per request on this line
//! (BENCHMARKS.md); the request path now spends a fraction of that. The mock opens no spans,
//! so span context is not written.

use std::cell::Cell;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// The event formatter of the binary's log.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LogLine;

impl<S, N> FormatEvent<S, N> for LogLine
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, _: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        write_timestamp(&mut writer, now.as_secs(), now.subsec_micros())?;
        writer.write_str(match *event.metadata().level() {
            Level::TRACE => " TRACE ",
            Level::DEBUG => " DEBUG ",
            Level::INFO => "  INFO ",
            Level::WARN => "  WARN ",
            Level::ERROR => " ERROR ",
        })?;
        let mut fields = FieldWriter { writer: &mut writer, first: true, result: Ok(()) };
        event.record(&mut fields);
        fields.result?;
        writer.write_char('\n')
    }
}

thread_local! {
    /// The second last formatted on this thread, and its `YYYY-MM-DDTHH:MM:SS`.
    static DATE: Cell<(u64, [u8; 19])> = const { Cell::new((u64::MAX, [0; 19])) };
}

/// `2026-11-27T06:28:02.017217Z`, as `tracing-subscriber`'s `SystemTime` writes it.
fn write_timestamp(writer: &mut impl fmt::Write, secs: u64, micros: u32) -> fmt::Result {
    let (cached, mut date) = DATE.get();
    if cached != secs {
        date = civil(secs);
        DATE.set((secs, date));
    }
    writer.write_str(std::str::from_utf8(&date).map_err(|_| fmt::Error)?)?;
    let mut fraction = *b".000000Z";
    let mut rest = micros.min(999_999);
    for digit in fraction[1..7].iter_mut().rev() {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    writer.write_str(std::str::from_utf8(&fraction).map_err(|_| fmt::Error)?)
}

/// `YYYY-MM-DDTHH:MM:SS` of a Unix time (proleptic Gregorian, UTC).
fn civil(secs: u64) -> [u8; 19] {
    let days = secs / 86_400;
    let of_day = secs % 86_400;
    // Howard Hinnant's days-to-civil, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut out = *b"0000-00-00T00:00:00";
    let mut put = |at: usize, width: usize, mut value: u64| {
        for index in (at..at + width).rev() {
            out[index] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, year.clamp(0, 9999) as u64);
    put(5, 2, month as u64);
    put(8, 2, day as u64);
    put(11, 2, of_day / 3_600);
    put(14, 2, of_day / 60 % 60);
    put(17, 2, of_day % 60);
    out
}

/// Writes fields as the default format does: the message bare, then `name=value`, strings
/// quoted and escaped as `Debug` does, separated by spaces.
struct FieldWriter<'w, 'a> {
    writer: &'w mut Writer<'a>,
    first: bool,
    result: fmt::Result,
}

impl FieldWriter<'_, '_> {
    /// Starts a field: a space unless it is the first, then `name=` unless it is the message.
    fn start(&mut self, field: &Field) -> Result<bool, fmt::Error> {
        if !std::mem::replace(&mut self.first, false) {
            self.writer.write_char(' ')?;
        }
        if field.name() == "message" {
            return Ok(true);
        }
        let name = field.name();
        self.writer.write_str(name.strip_prefix("r#").unwrap_or(name))?;
        self.writer.write_char('=')?;
        Ok(false)
    }

    fn record(&mut self, field: &Field, write: impl FnOnce(&mut Writer<'_>, bool) -> fmt::Result) {
        if self.result.is_ok() {
            self.result = self.start(field).and_then(|message| write(self.writer, message));
        }
    }
}

/// Whether `Debug` would print `text` between quotes unchanged.
fn needs_no_escape(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

impl Visit for FieldWriter<'_, '_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.record(field, |writer, message| match (message, needs_no_escape(value)) {
            (true, _) => writer.write_str(value),
            (false, true) => {
                writer.write_char('"')?;
                writer.write_str(value)?;
                writer.write_char('"')
            }
            (false, false) => write!(writer, "{value:?}"),
        });
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.record(field, |writer, _| write!(writer, "{value}"));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.record(field, |writer, _| write!(writer, "{value}"));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.record(field, |writer, _| writer.write_str(if value { "true" } else { "false" }));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.record(field, |writer, _| write!(writer, "{value:?}"));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;

        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    fn events() {
        let query_id = "MOCK.0.7b1dcdaf".to_owned();
        let method = http::Method::POST;
        let path = "/1.0/connectivity/eligibility/search/cities";
        let note = std::borrow::Cow::Borrowed("pending 1/1");
        tracing::info!(query_id = %query_id, %method, %path, status = 200u16, fixture = "search/cities/91400", elapsed_ms = 0u64, "{note}");
        tracing::info!(%method, %path, status = 204, "preflight");
        tracing::warn!(folder = "/tmp/my \"fixtures\"\tdir", "not reloaded: {}", "cities.json: broken");
        tracing::info!(removed = 3i64, flag = true, ratio = 0.5f64, "admin: every task state reset");
        tracing::error!("no fields at all, é and \"quotes\" in the message");
        tracing::info!(r#type = "raw name", fixture = "-");
    }

    fn render(format: impl Fn(Captured) -> Box<dyn Subscriber + Send + Sync>) -> Vec<String> {
        let captured = Captured::default();
        tracing::subscriber::with_default(format(captured.clone()), events);
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn lines_are_those_of_the_default_format_without_colours_or_targets() {
        let ours = render(|out| {
            Box::new(tracing_subscriber::fmt().with_writer(out).with_ansi(false).event_format(LogLine).finish())
        });
        let default = render(|out| {
            Box::new(tracing_subscriber::fmt().with_writer(out).with_ansi(false).with_target(false).finish())
        });
        assert_eq!(ours.len(), 6);
        assert_eq!(ours.len(), default.len());
        for (ours, default) in ours.iter().zip(&default) {
            // The timestamps differ by the time between the two runs; their shape does not.
            assert_eq!(ours.len() - ours.find(' ').unwrap(), default.len() - default.find(' ').unwrap());
            assert_eq!(ours[ours.find(' ').unwrap()..], default[default.find(' ').unwrap()..]);
            assert_eq!(ours.find(' '), Some(27), "{ours}");
        }
    }

    #[test]
    fn timestamps_are_utc_with_microseconds() {
        let shown = |secs, micros| {
            let mut out = String::new();
            write_timestamp(&mut out, secs, micros).unwrap();
            out
        };
        assert_eq!(shown(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(shown(951_782_400, 7), "2000-02-29T00:00:00.000007Z");
        assert_eq!(shown(1_795_847_282, 17_217), "2026-11-28T06:28:02.017217Z");
        assert_eq!(shown(4_102_444_799, 999_999), "2099-12-31T23:59:59.999999Z");
        // The cached date follows the clock.
        assert_eq!(shown(86_399, 0), "1970-01-01T23:59:59.000000Z");
        assert_eq!(shown(86_400, 0), "1970-01-02T00:00:00.000000Z");
    }
}
