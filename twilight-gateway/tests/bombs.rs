//! Decompression bombs from a hostile gateway: a single WebSocket message
//! of a few MiB that inflates to 4 GiB. The shard reports a typed error,
//! holds no more than its payload limit plus what the peer sent, frees it,
//! and connects again.
//!
//! The heap is bounded by a global allocator with a limit (cap): while a
//! bomb is sent, an allocation past the limit plus what the peer sent and a
//! small constant fails, which aborts this test binary. The bound is the
//! whole process's, so the tests in this file take turns.

#![cfg(any(feature = "zlib", feature = "zstd"))]

use bytes::Bytes;
use cap::Cap;
use futures_util::{SinkExt, StreamExt};
use std::{alloc::System, error::Error, time::Duration};
use tokio::net::TcpListener;
use tokio_websockets::{Message, ServerBuilder};
use twilight_gateway::{
    Compression, Config, DecompressError, DecompressErrorKind, ReceiveMessageErrorKind, Shard,
};
use twilight_model::gateway::{Intents, ShardId};

/// Counts the bytes allocated and refuses allocations past its limit. A
/// reallocation counts by its change in size, as the system's `realloc`
/// grows a large block in place (the workspace forbids the unsafe code a
/// counting allocator of its own would need).
#[global_allocator]
static HEAP: Cap<System> = Cap::new(System, usize::MAX);

/// One bomb at a time: the counters are the whole process's.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The shard's payload limit in these tests.
const LIMIT: usize = 8 * 1024 * 1024;

/// What a bomb inflates to: 4 GiB.
const INFLATED: usize = 4 << 30;

/// What the rest of a connection may allocate besides the payload limit
/// and the peer's message (buffers, tasks, the socket).
const SLACK: usize = 1024 * 1024;

/// A zlib-stream message that inflates to [`INFLATED`] zero bytes: the
/// stream's header, then one deflate block of 1 MiB of zeros (compressed
/// with no history, so it can follow itself) repeated 4096 times, each
/// ending in the sync-flush marker `00 00 ff ff`.
#[cfg(feature = "zlib")]
fn zlib_bomb() -> Bytes {
    use flate2::{Compress, Compression as Level, FlushCompress};
    const CHUNK: usize = 1 << 20;
    let mut compress = Compress::new(Level::best(), false);
    let mut block = Vec::with_capacity(4096);
    compress
        .compress_vec(&vec![0; CHUNK], &mut block, FlushCompress::Sync)
        .unwrap();
    assert_eq!(compress.total_in(), CHUNK as u64, "one call took it all");
    assert!(block.ends_with(&[0, 0, 0xff, 0xff]));
    let mut bomb = vec![0x78, 0x01];
    for _ in 0..INFLATED / CHUNK {
        bomb.extend_from_slice(&block);
    }
    Bytes::from(bomb)
}

/// A zstd-stream message that inflates to [`INFLATED`] bytes: a frame
/// with a 128 KiB window, then RLE blocks of 128 KiB (4 bytes each), none
/// of them the last.
#[cfg(feature = "zstd")]
fn zstd_bomb() -> Bytes {
    const BLOCK: usize = 128 * 1024;
    // Magic number; no content size, checksum or dictionary; a window of
    // 2^(10 + 7) bytes.
    let mut bomb = vec![0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3];
    // Block header, little-endian: size << 3 | type (1 = RLE) << 1 | last.
    let header = (BLOCK << 3 | 1 << 1).to_le_bytes();
    for _ in 0..INFLATED / BLOCK {
        bomb.extend_from_slice(&header[..3]);
        bomb.push(b' ');
    }
    Bytes::from(bomb)
}

/// Serves `bomb` as the first message of the first connection and counts
/// the connections that follow.
async fn hostile_gateway(bomb: Bytes) -> (String, tokio::sync::mpsc::Receiver<u32>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    tokio::spawn(async move {
        let mut connection = 0;
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            connection += 1;
            let Ok((_request, mut socket)) = ServerBuilder::new().accept(stream).await else {
                continue;
            };
            let _ = tx.send(connection).await;
            if connection == 1 {
                let _ = socket.send(Message::binary(bomb.clone())).await;
            }
            // Hold the connection until the shard drops it.
            tokio::spawn(async move { while let Some(Ok(_)) = socket.next().await {} });
        }
    });
    (url, rx)
}

/// The shard refuses `bomb` with `TooLarge` without the heap growing past
/// the payload limit, a small constant, and four times the peer's message:
/// the hostile server's send buffer (it runs in this process) and the
/// shard's WebSocket read buffer, which grows by doubling. Then it frees
/// what it held and connects again.
async fn refuses(compression: Compression, bomb: Bytes) {
    let (url, mut connections) = hostile_gateway(bomb.clone()).await;
    let config = Config::builder("Bot not-a-token".to_owned(), Intents::empty())
        .gateway_url(url)
        .compression(compression)
        .max_payload_size(LIMIT)
        .build();
    let mut shard = Shard::new(ShardId::ONE, config);

    let baseline = HEAP.allocated();
    let bound = LIMIT + 4 * bomb.len() + SLACK;
    HEAP.set_limit(baseline + bound)
        .expect("the limit is above what is held");
    let error = tokio::time::timeout(Duration::from_secs(60), shard.next_message()).await;
    HEAP.set_limit(usize::MAX).unwrap();
    let error = error
        .expect("the shard answered within a minute")
        .expect("the shard goes on")
        .expect_err("a bomb is no message");

    assert_eq!(error.kind(), &ReceiveMessageErrorKind::Decompressing);
    let source = error
        .source()
        .and_then(|source| source.downcast_ref::<DecompressError>())
        .expect("the decompression error is the source");
    assert_eq!(
        source.kind(),
        DecompressErrorKind::TooLarge { limit: LIMIT }
    );

    drop(error);

    // The shard connects again, and what the bomb made it hold is gone.
    let next = tokio::spawn(async move {
        let _ = shard.next_message().await;
        shard
    });
    assert_eq!(connections.recv().await, Some(1));
    let second = tokio::time::timeout(Duration::from_secs(30), connections.recv()).await;
    assert_eq!(second, Ok(Some(2)), "the shard reconnected");
    let held = HEAP.allocated().saturating_sub(baseline);
    assert!(
        held < SLACK + bomb.len(),
        "{held} B still held after the bomb"
    );
    next.abort();
}

#[cfg(feature = "zlib")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zlib_bomb_of_4_gib_is_refused_within_the_limit() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let bomb = zlib_bomb();
    assert!(bomb.len() < LIMIT, "the bomb itself fits a message");
    refuses(Compression::Zlib, bomb).await;
}

#[cfg(feature = "zstd")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zstd_bomb_of_4_gib_is_refused_within_the_limit() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let bomb = zstd_bomb();
    assert!(bomb.len() < LIMIT, "the bomb itself fits a message");
    refuses(Compression::Zstd, bomb).await;
}
