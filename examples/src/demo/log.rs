//! The live log: one short line per thing worth seeing, stamped with the
//! time since the demo started.

use std::{fmt, time::Duration};
use tokio::time::Instant;

/// Prints timestamped lines.
#[derive(Clone, Copy)]
pub(crate) struct Log {
    start: Instant,
}

impl Log {
    /// A log whose clock starts now.
    pub(crate) fn start() -> Self {
        Self {
            start: Instant::now(),
        }
    }

    /// Time since the start.
    pub(crate) fn elapsed(self) -> Duration {
        self.start.elapsed()
    }

    /// Prints `args` after the time since the start.
    pub(crate) fn line(self, args: fmt::Arguments<'_>) {
        println!("{:>7.2}s {args}", self.elapsed().as_secs_f64());
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// `text` broken between words into lines of at most `width` characters
/// (longer words stay whole), joined by `separator`.
pub(crate) fn wrap(text: &str, width: usize, separator: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join(separator)
}

/// A duration in milliseconds, with a decimal below 10 ms.
pub(crate) fn millis(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// A byte count in KiB or MiB.
pub(crate) fn bytes(bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss)] // an estimate, shown rounded
    let kib = bytes as f64 / 1024.0;
    if kib < 1024.0 {
        format!("{kib:.0} KiB")
    } else {
        format!("{:.1} MiB", kib / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{shorten, wrap};

    #[test]
    fn long_text_is_cut_or_wrapped() {
        assert_eq!(shorten("pong: 12 ms", 60), "pong: 12 ms");
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(wrap("aa bb cc dd", 5, "|"), "aa bb|cc dd");
        assert_eq!(wrap("abcdefgh ij", 4, "|"), "abcdefgh|ij");
        assert_eq!(wrap("", 4, "|"), "");
    }
}
