//! The demo bot, run as a user runs it: against the local Discord, for a
//! few seconds, to its summary.

use std::{
    process::{Command, Stdio},
    time::{Duration, Instant},
};

/// The count after `label` in `line` ("!ping 3" → 3).
fn count_after(line: &str, label: &str) -> Option<u64> {
    let rest = &line[line.find(label)? + label.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[test]
fn demo_answers_ping_and_stats_and_prints_a_summary() {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_demo"))
        .env("DEMO_SECONDS", "5")
        .env_remove("DISCORD_TOKEN")
        .env_remove("EXAMPLE_RUN_FOR")
        .stdin(Stdio::null())
        .output()
        .expect("the demo starts");
    let ran = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the demo failed ({}):\n{stdout}\n{stderr}",
        output.status
    );

    assert!(stdout.contains("\nSummary\n"), "no summary:\n{stdout}");
    // Both shards connected and the guilds were split between them.
    assert!(stdout.contains("shard 0/2 READY"), "{stdout}");
    assert!(stdout.contains("shard 1/2 READY"), "{stdout}");
    assert!(stdout.contains("cache loaded: 4 guilds"), "{stdout}");
    // The live log shows replies to both commands...
    assert!(stdout.contains(": !ping → replied \"pong"), "{stdout}");
    assert!(
        stdout.contains(": !stats → replied \"cache: 4 guilds"),
        "{stdout}"
    );
    // ...and the summary counts them.
    let answered = stdout
        .lines()
        .find(|line| line.contains("commands answered:"))
        .unwrap_or_else(|| panic!("no count of answered commands:\n{stdout}"));
    assert!(
        count_after(answered, "!ping").unwrap_or(0) >= 1,
        "{answered}"
    );
    assert!(
        count_after(answered, "!stats").unwrap_or(0) >= 1,
        "{answered}"
    );
    assert!(answered.contains(", 0 failed"), "{answered}");
    assert!(stdout.contains("closed 2 shards"), "{stdout}");

    // A guard against a demo that hangs, not a timing assertion.
    assert!(ran < Duration::from_secs(60), "the demo took {ran:?}");
}
