//! # tiny_http, patched for rollcall
//!
//! rollcall patch: this copy serves each connection on a thread of its own
//! and calls the program's handler there with each whole request (see
//! `Server::serve` and `client.rs`); upstream's `recv` queue is gone. See
//! README.md in this folder for every change.
//!
//! ```no_run
//! let server = tiny_http::Server::http("127.0.0.1:8000").unwrap();
//! server.serve(
//!     |request| {
//!         let _ = request.respond(tiny_http::Response::from_string("hello"));
//!     },
//!     || false, // serve for ever
//! );
//! ```
#![forbid(unsafe_code)]
#![deny(rust_2018_idioms)]
#![allow(clippy::match_like_matches_macro)]

use std::error::Error;
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::atomic::Ordering::SeqCst;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use admission::Admission;
use client::ClientConnection;
use connection::Connection;
use util::MessagesQueue;

pub use admission::{ConnectionStats, Holder, PER_ADDRESS};

pub use common::{HTTPVersion, Header, HeaderField, Method, StatusCode};
pub use connection::{ConfigListenAddr, ListenAddr, Listener};
pub use request::{ReadWrite, Request};
pub use response::{Response, ResponseBox};

mod admission;
mod client;
mod common;
mod connection;
mod request;
mod response;
mod util;

/// rollcall patch: the stack of a connection's thread, where the program's
/// handler runs too (the 2 MiB default is mostly never touched, but is
/// reserved).
const CONNECTION_STACK: usize = 512 * 1024;
/// rollcall patch: how often `serve` looks up to see whether to stop.
const STOP_POLL: Duration = Duration::from_millis(200);

/// rollcall patch: how many connection threads may wait, idle, for the
/// next connection: a class arrives in waves, and a thread kept is one not
/// made (a thread's start and end cost more than a request: its stacks are
/// mapped and unmapped, and every core is told).
const SPARE_THREADS: usize = 8;

/// rollcall patch: the connections' threads. Each waits for an accepted
/// connection, serves it to its end, then waits for the next; whichever
/// takes the last idle thread's place starts one more, so a connection
/// never waits for a thread to finish another (the listener hands it
/// straight to a waiting thread). A thread idle for `STOP_POLL` ends when
/// `SPARE_THREADS` others are idle.
struct Workers<'a, H, S> {
    server: &'a Server,
    handler: &'a H,
    stop: &'a S,
    /// Threads waiting for a connection.
    idle: AtomicUsize,
}

impl<'a, H, S> Workers<'a, H, S>
where
    H: Fn(Request) + Sync,
    S: Fn() -> bool + Sync,
{
    /// Starts one more connection thread. If none can be had, the
    /// connections wait for the threads there are (upstream panicked).
    fn add<'scope>(&'scope self, scope: &'scope thread::Scope<'scope, '_>) {
        let spawned = thread::Builder::new()
            .stack_size(CONNECTION_STACK)
            .spawn_scoped(scope, move || self.work(scope));
        if spawned.is_err() {
            self.server.admission.count_failure();
        }
    }

    /// A connection thread's life: connections one after another, until
    /// the server stops or enough others are idle.
    fn work<'scope>(&'scope self, scope: &'scope thread::Scope<'scope, '_>) {
        while !(self.stop)() {
            self.idle.fetch_add(1, SeqCst);
            let client = self.server.incoming.pop_timeout(STOP_POLL);
            let others_idle = self.idle.fetch_sub(1, SeqCst) - 1;
            match client {
                Some(client) => {
                    if others_idle == 0 {
                        self.add(scope);
                    }
                    client.serve(self.handler);
                }
                None if others_idle >= SPARE_THREADS => return,
                None => {}
            }
        }
    }
}

/// The main class of this library.
///
/// Destroying this object will immediately close the listening socket and the reading
///  part of all the client's connections. Requests that have already been returned by
///  the `recv()` function will not close and the responses will be transferred to the client.
pub struct Server {
    // should be false as long as the server exists
    // when set to true, all the subtasks will close within a few hundreds ms
    close: Arc<AtomicBool>,

    // rollcall patch: connections accepted and admitted, waiting for
    // `serve` to give each a thread
    incoming: Arc<MessagesQueue<ClientConnection>>,

    // rollcall patch: set when `serve` ends: connections finish the request
    // they are answering and close
    stopping: Arc<AtomicBool>,

    // result of TcpListener::local_addr()
    listening_addr: ListenAddr,

    // rollcall patch: who may hold a connection; what was turned away
    admission: Arc<Admission>,
}

// this trait is to make sure that Server implements Share and Send
#[doc(hidden)]
#[allow(dead_code)] // rollcall patch: silence a newer compiler's lint
trait MustBeShareDummy: Sync + Send {}
#[doc(hidden)]
impl MustBeShareDummy for Server {}

/// Represents the parameters required to create a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The addresses to try to listen to.
    pub addr: ConfigListenAddr,

    /// If `Some`, then the server will use SSL to encode the communications.
    pub ssl: Option<SslConfig>,
}

/// Configuration of the server for SSL.
#[derive(Debug, Clone)]
pub struct SslConfig {
    /// Contains the public certificate to send to clients.
    pub certificate: Vec<u8>,
    /// Contains the ultra-secret private key used to decode communications.
    pub private_key: Vec<u8>,
}

impl Server {
    /// Shortcut for a simple server on a specific address.
    #[inline]
    pub fn http<A>(addr: A) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::from_socket_addrs(addr)?,
            ssl: None,
        })
    }

    #[cfg(unix)]
    #[inline]
    /// Shortcut for a UNIX socket server at a specific path
    pub fn http_unix(
        path: &std::path::Path,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::unix_from_path(path),
            ssl: None,
        })
    }

    /// Builds a new server that listens on the specified address.
    pub fn new(config: ServerConfig) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = config.addr.bind()?;
        Self::from_listener(listener, config.ssl)
    }

    /// Builds a new server using the specified TCP listener.
    ///
    /// This is useful if you've constructed TcpListener using some less usual method
    /// such as from systemd. For other cases, you probably want the `new()` function.
    pub fn from_listener<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = listener.into();
        // building the "close" variable
        let close_trigger = Arc::new(AtomicBool::new(false));

        // building the TcpListener
        let (server, local_addr) = {
            let local_addr = listener.local_addr()?;
            (listener, local_addr)
        };

        // rollcall patch: HTTPS support is removed (rollcall serves a
        // classroom network, where no certificate can be had).
        if ssl_config.is_some() {
            return Err("this tiny_http is built without SSL support".into());
        }

        // creating a task where server.accept() is continuously called
        // and admitted connections are queued for `serve`
        let incoming = MessagesQueue::with_capacity(8);
        let admission = Admission::new();
        let stopping = Arc::new(AtomicBool::new(false));

        let inside_close_trigger = close_trigger.clone();
        let inside_incoming = incoming.clone();
        let inside_admission = admission.clone();
        let inside_stopping = stopping.clone();
        thread::spawn(move || {
            while !inside_close_trigger.load(Relaxed) {
                // rollcall patch: at most so many connections at once; when
                // full, one is let go to make room (admission.rs), or if
                // none can be, new ones wait in the listen queue (and idle
                // kept-alive connections close to make room).
                inside_admission.wait_for_room(&inside_close_trigger);
                match server.accept() {
                    Ok((sock, addr)) => {
                        // rollcall patch: the connection that wakes this
                        // thread to close is not a client (and at process
                        // exit on Windows, Winsock may already be shut down).
                        if inside_close_trigger.load(Relaxed) {
                            break;
                        }
                        // rollcall patch: one address may hold only its
                        // share of the connections.
                        // rollcall patch: the socket is shared with the
                        // admission table, which shuts it down if it is
                        // let go to make room.
                        let sock = Arc::new(sock);
                        let admitted =
                            inside_admission.admit(addr.map(|a| a.ip()), Arc::downgrade(&sock));
                        let ticket = match admitted {
                            Some(ticket) => ticket,
                            None => {
                                if let Ok(sock) = Arc::try_unwrap(sock) {
                                    sock.refuse();
                                }
                                continue;
                            }
                        };
                        // rollcall patch: no Nagle delay on our replies.
                        sock.set_nodelay();
                        inside_incoming.push(ClientConnection::new(
                            sock,
                            addr,
                            inside_stopping.clone(),
                            inside_admission.clone(),
                            ticket,
                        ));
                    }

                    Err(_) => {
                        // rollcall patch: a failed accept (a client that reset
                        // before it was accepted, or no file handles left)
                        // used to end this thread, silently stopping the
                        // server for good. Count it (the program tells the
                        // user), back off a moment and go on.
                        inside_admission.count_failure();
                        thread::sleep(std::time::Duration::from_millis(20));
                        continue;
                    }
                }
            }
        });

        // result
        Ok(Server {
            incoming,
            stopping,
            close: close_trigger,
            listening_addr: local_addr,
            admission,
        })
    }

    /// rollcall patch: serves every connection on a thread of its own,
    /// calling `handler` there with each whole request, until `stop()`.
    ///
    /// Upstream queued requests for the program's threads to `recv`: each
    /// request then woke two more threads (the program's, then the
    /// connection's to write the answer), and a program thread waiting on
    /// something slow (a disk sync) held a request slot. Here the handler
    /// runs on the connection's thread, after the whole request has arrived
    /// and before the answer is written by that same thread: it never waits
    /// on the client, and as many requests are handled at once as there are
    /// connections with one in flight.
    ///
    /// When `stop()` turns true, this returns once every connection's
    /// current request has been answered; idle connections close.
    pub fn serve<H, S>(&self, handler: H, stop: S)
    where
        H: Fn(Request) + Sync,
        S: Fn() -> bool + Sync,
    {
        let workers = Workers {
            server: self,
            handler: &handler,
            stop: &stop,
            idle: AtomicUsize::new(0),
        };
        thread::scope(|scope| {
            workers.add(scope);
            while !stop() {
                thread::sleep(STOP_POLL);
            }
            // Idle connections close within a second; the others once
            // their answer is out.
            self.stopping.store(true, Relaxed);
        });
    }

    /// rollcall patch: at most `max` connections at once (default 512);
    /// more wait until some close. Set it below the process's file-handle
    /// limit, leaving room for the program's own files.
    pub fn set_max_connections(&self, max: usize) {
        self.admission.set_max(max);
    }

    /// rollcall patch: what the server has turned away or given up on, to
    /// tell the user.
    pub fn connection_stats(&self) -> ConnectionStats {
        self.admission.stats()
    }

    /// Returns the address the server is listening to.
    #[inline]
    pub fn server_addr(&self) -> ListenAddr {
        self.listening_addr.clone()
    }

    /// Returns the number of clients currently connected to the server.
    pub fn num_connections(&self) -> usize {
        // rollcall patch: counted now.
        self.admission.stats().open
    }

}

impl Drop for Server {
    fn drop(&mut self) {
        self.close.store(true, Relaxed);
        // Connect briefly to ourselves to unblock the accept thread
        let maybe_stream = match &self.listening_addr {
            ListenAddr::IP(addr) => TcpStream::connect(addr).map(Connection::from),
            #[cfg(unix)]
            ListenAddr::Unix(addr) => {
                // TODO: use connect_addr when its stabilized.
                let path = addr.as_pathname().unwrap();
                std::os::unix::net::UnixStream::connect(path).map(Connection::from)
            }
        };
        if let Ok(stream) = maybe_stream {
            let _ = stream.shutdown(Shutdown::Both);
        }

        #[cfg(unix)]
        if let ListenAddr::Unix(addr) = &self.listening_addr {
            if let Some(path) = addr.as_pathname() {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::SocketAddr;
    use std::sync::Mutex;

    /// Sends one request on `conn` and reads its whole answer, "ok".
    fn ask(conn: &mut TcpStream, close: bool) -> String {
        let how = if close { "close" } else { "keep-alive" };
        let request = format!("GET / HTTP/1.1\r\nHost: x\r\nConnection: {how}\r\n\r\n");
        conn.write_all(request.as_bytes()).expect("send");
        let mut answer = Vec::new();
        let mut buf = [0u8; 512];
        while !answer.ends_with(b"\r\n\r\nok") {
            let n = conn.read(&mut buf).expect("read");
            assert!(n > 0, "closed before the answer");
            answer.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&answer).into_owned()
    }

    #[test]
    fn a_connections_thread_serves_the_next_connection_and_none_waits_for_one() {
        let server = Server::http("127.0.0.1:0").expect("listen");
        let addr: SocketAddr = server.server_addr().to_ip().expect("an IP address");
        let served = Mutex::new(Vec::new());
        let done = AtomicBool::new(false);
        thread::scope(|s| {
            s.spawn(|| {
                let handler = |request: Request| {
                    served.lock().expect("lock").push(thread::current().id());
                    let _ = request.respond(Response::from_string("ok"));
                };
                server.serve(handler, || done.load(Relaxed));
            });
            // Thirty held open at once: each is answered while the others
            // wait, idle, on threads of their own.
            let mut held: Vec<TcpStream> = Vec::new();
            for _ in 0..30 {
                let mut conn = TcpStream::connect(addr).expect("connect");
                assert!(ask(&mut conn, false).starts_with("HTTP/1.1 200"));
                held.push(conn);
            }
            drop(held);
            // Thirty more, one after another: served by those threads.
            for _ in 0..30 {
                let mut conn = TcpStream::connect(addr).expect("connect");
                assert!(ask(&mut conn, true).starts_with("HTTP/1.1 200"));
            }
            done.store(true, Relaxed);
        });
        let served = served.into_inner().expect("lock");
        let mut threads = served.clone();
        threads.sort_by_key(|id| format!("{id:?}"));
        threads.dedup();
        assert_eq!(served.len(), 60);
        // 30 at once need 30 threads; a thread made for each connection
        // would have been 60.
        assert!(
            (30..=32).contains(&threads.len()),
            "{} threads served 60 connections",
            threads.len()
        );
    }
}
