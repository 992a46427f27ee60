//! The token never reaches a log line, through every path that logs.

mod support;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use support::{config, mock, ready};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use twilight_gateway::{EventTypeFlags, Shard};
use twilight_model::gateway::ShardId;

/// Records every span and event field as text.
#[derive(Clone, Default)]
struct Recorder {
    text: Arc<Mutex<String>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut text = self.text.lock().unwrap();
        let _ = write!(text, "span {} ", span.metadata().name());
        span.record(&mut Fields(&mut text));
        text.push('\n');
        Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.text.lock().unwrap()));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut text = self.text.lock().unwrap();
        event.record(&mut Fields(&mut text));
        text.push('\n');
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn the_token_is_never_logged() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let mock = mock(50.0).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).build());
    ready(&mut shard).await;
    // Resuming logs and sends the token too.
    mock.send_reconnect(0);
    support::next_of(&mut shard, EventTypeFlags::RESUMED).await;
    drop(shard);

    let text = recorder.text.lock().unwrap().clone();
    assert!(text.contains("span shard"), "{text}");
    assert!(text.contains("session started"), "{text}");
    assert!(text.contains("session resumed"), "{text}");
    assert!(!text.contains(support::TOKEN), "{text}");
}
