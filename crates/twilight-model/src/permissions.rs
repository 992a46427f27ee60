//! Permissions of roles, members and overwrites (topics/permissions.mdx).

// STUB owned by helper M3: replace every stub below with the full types.

crate::flags! {
    /// Stub of `Permissions`.
    pub struct Permissions: u64 as string {
    }
}
