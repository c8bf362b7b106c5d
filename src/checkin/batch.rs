//! Group commit: many threads hand in work, one at a time does it for all.
//!
//! Saving a check-in costs one sync, and on an old laptop's disk a sync takes
//! tens of milliseconds whether it covers one row or sixty. So the request
//! handlers queue their check-ins here, and whichever handler finds nobody
//! saving becomes the saver for everything queued so far, then hands every
//! waiting handler its own result. No extra thread and no channel: one mutex,
//! and each waiting handler parked until its turn (std's channels add
//! ~30 KiB to the binary).
//!
//! When a batch is done the saver wakes the handlers one by one, not all at
//! once: first one that queued since, to save the next batch (its sync then
//! starts at once, not after a whole batch's answers), then the batch's own
//! in the order they came, so the one that waited longest is answered
//! first. (Woken all at once, 50 handlers on two cores answered in any
//! order, the first-comers' last by up to 5 ms.)

use crate::locks;
use std::sync::{Mutex, MutexGuard};
use std::thread::{self, Thread};

/// A queue where `submit` returns only once a batch holding its item is done.
pub struct Batcher<T, R> {
    state: Mutex<State<T, R>>,
}

struct State<T, R> {
    next_id: u64,
    /// Items not yet in a batch, in the order they came, with the thread
    /// waiting for each.
    queued: Vec<(u64, T, Thread)>,
    /// Results not yet taken, by id: a batch's worth, searched in order
    /// (a map's code costs more binary than it saves time here).
    done: Vec<(u64, R)>,
    busy: bool,
}

impl<T, R> Batcher<T, R> {
    pub fn new() -> Batcher<T, R> {
        Batcher {
            state: Mutex::new(State {
                next_id: 0,
                queued: Vec::new(),
                done: Vec::new(),
                busy: false,
            }),
        }
    }

    /// Queues `item` and returns its result. If no batch is being worked on,
    /// this thread runs `work` on everything queued (its own item included);
    /// otherwise it waits for the batch that takes its item. `work` must
    /// return one result per item, in order.
    pub fn submit(&self, item: T, work: impl Fn(Vec<T>) -> Vec<R>) -> R {
        let mut state = self.lock();
        let id = state.next_id;
        state.next_id += 1;
        state.queued.push((id, item, thread::current()));
        loop {
            if let Some(i) = state.done.iter().position(|(d, _)| *d == id) {
                return state.done.swap_remove(i).1;
            }
            if state.busy {
                // Woken when a batch holding this item is done, or to save
                // the next one (or, as a parked thread may be, for nothing:
                // the loop asks again).
                drop(state);
                thread::park();
                state = self.lock();
                continue;
            }
            state.busy = true;
            let batch = std::mem::take(&mut state.queued);
            drop(state);
            state = self.save(batch, &work);
        }
    }

    /// Works on `batch`, leaves its results for their threads and wakes
    /// them: the next saver first, then the batch in the order it came.
    fn save(
        &self,
        batch: Vec<(u64, T, Thread)>,
        work: &impl Fn(Vec<T>) -> Vec<R>,
    ) -> MutexGuard<'_, State<T, R>> {
        let mut ids = Vec::with_capacity(batch.len());
        let mut items = Vec::with_capacity(batch.len());
        let mut waiting = Vec::with_capacity(batch.len());
        for (id, item, thread) in batch {
            ids.push(id);
            items.push(item);
            waiting.push(thread);
        }
        let results = work(items);
        let mut state = self.lock();
        state.done.extend(ids.into_iter().zip(results));
        state.busy = false;
        let next_saver = state.queued.first().map(|(_, _, t)| t.clone());
        drop(state);
        let me = thread::current().id();
        for thread in next_saver.iter().chain(&waiting) {
            if thread.id() != me {
                thread.unpark();
            }
        }
        self.lock()
    }

    fn lock(&self) -> MutexGuard<'_, State<T, R>> {
        locks::lock(&self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn every_item_gets_its_own_result_and_batches_form_under_load() {
        let batcher = Batcher::new();
        let batches = AtomicUsize::new(0);
        let work = |items: Vec<u32>| {
            batches.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(20)); // a slow sync
            items.into_iter().map(|i| i * 10).collect()
        };
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..40u32)
                .map(|i| {
                    let (batcher, work) = (&batcher, &work);
                    scope.spawn(move || (i, batcher.submit(i, work)))
                })
                .collect();
            for h in handles {
                let (i, result) = h.join().expect("thread");
                assert_eq!(result, i * 10);
            }
        });
        let n = batches.load(Ordering::SeqCst);
        assert!(
            (1..40).contains(&n),
            "{n} batches for 40 items: no batching"
        );
    }
}
