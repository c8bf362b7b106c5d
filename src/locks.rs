//! Taking a lock that a panic on another thread left poisoned: rollcall
//! carries on with what the lock holds (each holder keeps its data whole
//! between steps; see the comments where it matters), since a check-in
//! must never be refused because some other request went wrong.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// `mutex`, locked, poisoned or not.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Waits on `changed` with `guard`, poisoned or not.
pub fn wait<'a, T>(changed: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    changed.wait(guard).unwrap_or_else(PoisonError::into_inner)
}
