//! Serves ferrokinesis's Kinesis API (HTTP/1.1 and h2c on one port) on 127.0.0.1.
//!
//! Usage: strata-kinesis-efo --port <port> [--subscription-ms <ms>] [--shard-limit <n>]

use axum::serve::ListenerExt;
use ferrokinesis::create_app;
use ferrokinesis::store::StoreOptions;

fn flag(args: &[String], name: &str) -> Option<u64> {
    let at = args.iter().position(|arg| arg == name)?;
    let value = args.get(at + 1).unwrap_or_else(|| panic!("{name} needs a value"));
    Some(value.parse().unwrap_or_else(|_| panic!("{name} must be a whole number, got {value}")))
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let port = flag(&args, "--port").expect("--port is required");
    let options = StoreOptions {
        // Streams are created by every test: no artificial waits, room for many shards.
        create_stream_ms: 0,
        delete_stream_ms: 0,
        update_stream_ms: 0,
        shard_limit: flag(&args, "--shard-limit").unwrap_or(10_000) as u32,
        subscribe_to_shard_session_ms: flag(&args, "--subscription-ms").unwrap_or(300_000),
        ..StoreOptions::default()
    };
    let (app, _store) = create_app(options);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port as u16))
        .await
        .unwrap_or_else(|error| panic!("cannot listen on 127.0.0.1:{port}: {error}"))
        // Without it, each HTTP/2 window's last partial segment waits for a delayed ACK (~40 ms).
        .tap_io(|stream| stream.set_nodelay(true).expect("TCP_NODELAY"));
    println!("listening on http://127.0.0.1:{port}");
    // Stopped by a signal to its PID (SIGTERM's default action ends it).
    axum::serve(listener, app).await.expect("server failed");
}
