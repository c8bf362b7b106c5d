// rollcall patch: the sequential readers and writers, the body readers, the
// split TCP stream and the thread pool are gone: a connection's thread owns
// its socket and runs the program's handler (see client.rs, lib.rs).
pub use self::messages_queue::MessagesQueue;

mod messages_queue;
