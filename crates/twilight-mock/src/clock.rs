//! Discord time, scaled for tests: with a scale of 10, the 5 s identify window
//! and every ratelimit reset pass ten times faster.
