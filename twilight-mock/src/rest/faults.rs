//! Injected server errors: the next requests of a route group (or of any
//! route) answer a 5xx, as Discord's backend does when it fails, before
//! any ratelimit counts them.

use super::context::lock;
use std::collections::VecDeque;
use std::sync::Mutex;

/// Pending injected errors, oldest first.
#[derive(Debug, Default)]
pub(super) struct InjectedErrors {
    pending: Mutex<VecDeque<Injection>>,
}

#[derive(Debug)]
struct Injection {
    /// `None`: any route.
    group: Option<String>,
    status: u16,
    left: u32,
}

impl InjectedErrors {
    /// The next `count` requests of `group` (any route: `None`) answer
    /// `status`.
    pub(super) fn add(&self, group: Option<&str>, count: u32, status: u16) {
        if count == 0 {
            return;
        }
        lock(&self.pending).push_back(Injection {
            group: group.map(str::to_owned),
            status,
            left: count,
        });
    }

    /// The status to answer a request of `group` with, if one is injected
    /// (using it up).
    pub(super) fn take(&self, group: &str) -> Option<u16> {
        let mut pending = lock(&self.pending);
        let index = pending
            .iter()
            .position(|i| i.group.as_deref().is_none_or(|g| g == group))?;
        let injection = &mut pending[index];
        let status = injection.status;
        injection.left -= 1;
        if injection.left == 0 {
            pending.remove(index);
        }
        Some(status)
    }
}
