//! An open server-sent-events stream, read frame by frame.

use serde_json::Value;
use std::time::Duration;

/// One SSE frame: its `event`, `id` and parsed `data`.
#[derive(Debug)]
pub struct Frame {
    pub event: Option<String>,
    pub id: Option<i64>,
    pub data: Option<Value>,
}

/// An open event stream.
pub struct Stream {
    res: reqwest::Response,
    buf: String,
}

impl Stream {
    /// Sends the request and checks it opened a stream.
    pub async fn open(rb: reqwest::RequestBuilder) -> Stream {
        let res = rb.send().await.unwrap();
        assert_eq!(res.status(), 200);
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/event-stream"), "{ct}");
        Stream {
            res,
            buf: String::new(),
        }
    }

    /// The next frame, `None` when the stream ended; panics after `secs` seconds.
    pub async fn next_frame(&mut self, secs: u64) -> Option<Frame> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let frame: String = self.buf.drain(..end + 2).collect();
                let mut f = Frame {
                    event: None,
                    id: None,
                    data: None,
                };
                for line in frame.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        f.event = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("id:") {
                        f.id = Some(v.trim().parse::<i64>().unwrap());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        f.data = Some(serde_json::from_str::<Value>(v.trim()).unwrap());
                    }
                }
                if f.event.is_none() && f.data.is_none() {
                    continue; // a comment
                }
                return Some(f);
            }
            let chunk = tokio::time::timeout_at(deadline, self.res.chunk())
                .await
                .unwrap_or_else(|_| panic!("no event within {secs} s"));
            match chunk.unwrap() {
                Some(bytes) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                None => return None,
            }
        }
    }

    /// The next `change` event as (id, data), skipping heartbeats; panics after 10 s.
    pub async fn next_change(&mut self) -> (i64, Value) {
        loop {
            let f = self.next_frame(10).await.expect("stream ended");
            if f.event.as_deref() == Some("change") {
                return (f.id.unwrap(), f.data.unwrap());
            }
        }
    }
}
