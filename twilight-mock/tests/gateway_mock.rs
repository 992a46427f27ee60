//! `Mock::start` wires the gateway; its controls are reachable on the mock.

mod gateway_support;

use gateway_support::*;
use twilight_mock::{Mock, MockConfig};

#[tokio::test]
async fn mock_start_serves_the_gateway() {
    within(async {
        let discord = Mock::start(MockConfig {
            token: TOKEN.to_owned(),
            time_scale: 50.0,
            heartbeat_interval: std::time::Duration::from_secs(1000),
            ..MockConfig::default()
        })
        .await
        .unwrap();
        let url = discord.gateway_url();
        assert!(url.starts_with("ws://127.0.0.1:"), "{url}");
        let rest = discord.rest_url();
        assert!(
            rest.starts_with("http://127.0.0.1:") && rest.ends_with("/api/v10"),
            "{rest}"
        );
        let mut client = Client::connect(&url, "/?v=10&encoding=json").await;
        client.hello().await;
        client.identify([0, 1], 1).await;
        let ready = client.until_event("READY").await;
        discord.wait_for_identifies(1).await;
        assert_eq!(discord.identifies()[0].session_id, ready["d"]["session_id"]);
        assert_eq!(ready["d"]["resume_gateway_url"], discord.resume_url());
        // Dropping the mock ends its connections.
        drop(discord);
        assert_eq!(client.close_code().await, None);
    })
    .await;
}
