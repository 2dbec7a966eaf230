//! What the HTTP server asks of `serve`: a function from a request to a reply.

use std::net::TcpStream;

use super::request::Request;
use super::response::Response;

/// What a request is answered with.
pub(crate) enum Reply {
    /// This answer; the connection may carry the next request.
    Answer(Response),
    /// Hands the socket to this (a reload stream), on the connection's thread; the connection
    /// ends with it, so anything pipelined after the request is never answered.
    Takeover(Box<dyn FnOnce(&TcpStream) + Send>),
}

/// Answers requests; called on the connection's thread.
pub(crate) type Handler = dyn Fn(&Request) -> Reply + Send + Sync;
