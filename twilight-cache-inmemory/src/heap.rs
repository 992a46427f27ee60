//! Estimates of the heap bytes a cached value owns, for [`Stats`](crate::Stats).
//!
//! The estimate counts the bytes of owned allocations (string bytes, slice
//! elements); it does not know the allocator's rounding, so it is a lower
//! bound. The benchmark measures the real figure with a counting allocator.

use twilight_model::util::image_hash::ImageHash;

/// The heap bytes a value owns, beyond its own `size_of`.
pub trait HeapSize {
    /// Bytes of heap memory this value owns.
    fn heap_size(&self) -> usize;
}

impl HeapSize for Box<str> {
    fn heap_size(&self) -> usize {
        self.len()
    }
}

impl HeapSize for String {
    fn heap_size(&self) -> usize {
        self.capacity()
    }
}

impl<T: HeapSize> HeapSize for Option<T> {
    fn heap_size(&self) -> usize {
        self.as_ref().map_or(0, HeapSize::heap_size)
    }
}

impl HeapSize for ImageHash {
    fn heap_size(&self) -> usize {
        match self {
            Self::Hex { .. } => 0,
            Self::Other(text) => text.len(),
        }
    }
}

/// Heap bytes of a boxed slice of plain values.
pub(crate) const fn slice_bytes<T>(slice: &[T]) -> usize {
    size_of_val(slice)
}
