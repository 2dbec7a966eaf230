//! Every lock in the crate goes through here, so a thread that panicked while holding one
//! (poisoning it) costs no other thread its work.
//!
//! Two kinds of data sit behind the crate's locks:
//! - lists only appended to (outputs, diagnostics, written paths) and values only replaced whole
//!   (caches of the last build): each update is one `push`, `insert` or assignment of data that
//!   cannot panic midway, so what a poisoned lock holds is still true. [`lock`] recovers it: no
//!   output or diagnostic is ever dropped, a cache at worst misses.
//! - state updated in place by longer work (the live search index): a panic midway may leave it
//!   half-updated. [`lock_or_reset`] replaces it with its default, which for an `Option` reads
//!   as "nothing kept": the caller makes it afresh, as on a first build.
//!
//! The panic itself is not hidden by any of this: the panic hook printed it, and the thread's
//! caller got it back (`serve` reports it as a failed build).

use std::sync::{
    Condvar, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard,
    WaitTimeoutResult,
};
use std::time::Duration;

/// The guard of `mutex`, also when a panicking thread poisoned it.
#[allow(clippy::disallowed_methods)]
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The guard of `mutex`; when a holder panicked (the data may be half-updated), the data is
/// replaced by its default and the lock is usable again.
#[allow(clippy::disallowed_methods)]
pub fn lock_or_reset<T: Default>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| {
        let mut guard = poisoned.into_inner();
        *guard = T::default();
        mutex.clear_poison();
        guard
    })
}

/// The data of `mutex`, also when a panicking thread poisoned it.
pub fn into_inner<T>(mutex: Mutex<T>) -> T {
    mutex.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// [`Condvar::wait_timeout`], keeping the guard when a panicking thread poisoned the lock.
pub fn wait_timeout<'a, T>(
    condvar: &Condvar,
    guard: MutexGuard<'a, T>,
    timeout: Duration,
) -> (MutexGuard<'a, T>, WaitTimeoutResult) {
    condvar
        .wait_timeout(guard, timeout)
        .unwrap_or_else(PoisonError::into_inner)
}

/// [`Condvar::wait_timeout_while`], keeping the guard when a panicking thread poisoned the lock.
pub fn wait_timeout_while<'a, T>(
    condvar: &Condvar,
    guard: MutexGuard<'a, T>,
    timeout: Duration,
    condition: impl FnMut(&mut T) -> bool,
) -> (MutexGuard<'a, T>, WaitTimeoutResult) {
    condvar
        .wait_timeout_while(guard, timeout, condition)
        .unwrap_or_else(PoisonError::into_inner)
}

/// [`lock`] for reading an `RwLock`.
#[allow(clippy::disallowed_methods)]
pub fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// [`lock`] for writing an `RwLock`.
#[allow(clippy::disallowed_methods)]
pub fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Poisons `mutex` from a thread that panics while holding it, after pushing `pushed`.
    fn poison(mutex: &Arc<Mutex<Vec<u32>>>, pushed: u32) {
        let held = Arc::clone(mutex);
        let joined = std::thread::spawn(move || {
            let mut list = lock(&held);
            list.push(pushed);
            panic!("a holder fails");
        })
        .join();
        assert!(joined.is_err());
        assert!(mutex.is_poisoned());
    }

    #[test]
    fn a_poisoned_list_keeps_every_entry() {
        let list = Arc::new(Mutex::new(vec![1]));
        poison(&list, 2);
        lock(&list).push(3);
        assert_eq!(*lock(&list), [1, 2, 3]);
        let list = Arc::into_inner(list).unwrap();
        assert_eq!(into_inner(list), [1, 2, 3]);
    }

    #[test]
    fn half_updated_state_is_reset_once() {
        let state = Arc::new(Mutex::new(vec![1]));
        poison(&state, 2);
        assert!(lock_or_reset(&state).is_empty());
        assert!(!state.is_poisoned());
        lock(&state).push(4);
        assert_eq!(*lock_or_reset(&state), [4]);
    }

    #[test]
    fn a_poisoned_rwlock_is_still_read_and_written() {
        let value = Arc::new(RwLock::new(1));
        let held = Arc::clone(&value);
        let joined = std::thread::spawn(move || {
            let mut value = write(&held);
            *value = 2;
            panic!("a writer fails");
        })
        .join();
        assert!(joined.is_err() && value.is_poisoned());
        assert_eq!(*read(&value), 2);
        *write(&value) = 3;
        assert_eq!(*read(&value), 3);
    }

    #[test]
    fn a_poisoned_wait_keeps_the_guard() {
        let pair = Arc::new((Mutex::new(5), Condvar::new()));
        let held = Arc::clone(&pair);
        let joined = std::thread::spawn(move || {
            let _guard = lock(&held.0);
            panic!("a holder fails");
        })
        .join();
        assert!(joined.is_err());
        let (guard, timeout) = wait_timeout(&pair.1, lock(&pair.0), Duration::from_millis(1));
        assert!(timeout.timed_out());
        let (guard, _) = wait_timeout_while(&pair.1, guard, Duration::from_millis(1), |n| *n > 0);
        assert_eq!(*guard, 5);
    }
}
