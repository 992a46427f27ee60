//! Configuration of a mock: token, application, session start limits,
//! heartbeat interval, time scale and fixtures.

/// How a [`Mock`](crate::Mock) behaves.
#[derive(Clone, Debug, Default)]
pub struct MockConfig {}
