//! The clock sessions are timed on: it keeps running while the computer sleeps, so a PC
//! left signed in over lunch with its lid shut wakes up locked. (`Instant` on Linux is
//! `CLOCK_MONOTONIC`, which stops during suspend.)

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Time since some fixed point in the past, counting suspend.
pub trait Uptime: Send + Sync {
    fn now(&self) -> Duration;
}

/// The operating system's clock: `CLOCK_BOOTTIME` on Linux and Android; the monotonic
/// clock elsewhere (`CLOCK_MONOTONIC` on macOS counts sleep; Windows' performance
/// counter, behind `Instant`, does too).
pub struct SystemUptime {
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
    start: std::time::Instant,
}

impl SystemUptime {
    pub fn new() -> Self {
        SystemUptime {
            #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
            start: std::time::Instant::now(),
        }
    }
}

impl Default for SystemUptime {
    fn default() -> Self {
        Self::new()
    }
}

impl Uptime for SystemUptime {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    fn now(&self) -> Duration {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        const CLOCK: libc::clockid_t = libc::CLOCK_BOOTTIME;
        #[cfg(target_os = "macos")]
        const CLOCK: libc::clockid_t = libc::CLOCK_MONOTONIC;
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `ts` is a valid timespec to write to; the clock id is a constant the
        // platform defines. The call cannot fail for these clocks.
        unsafe { libc::clock_gettime(CLOCK, &mut ts) };
        Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
    }

    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
}

/// A clock that moves only when told to, for tests of idle and lifetime rules.
#[derive(Default)]
pub struct ManualUptime(AtomicU64);

impl ManualUptime {
    pub fn advance(&self, by: Duration) {
        self.0.fetch_add(by.as_nanos() as u64, Ordering::SeqCst);
    }
}

impl Uptime for ManualUptime {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_moves_forward() {
        let c = SystemUptime::new();
        let a = c.now();
        std::thread::sleep(Duration::from_millis(5));
        assert!(c.now() >= a + Duration::from_millis(5));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_it_is_the_boot_clock_that_counts_suspend() {
        // CLOCK_BOOTTIME ≥ CLOCK_MONOTONIC always, and differs by the time slept.
        let boot = SystemUptime::new().now();
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
        let mono = Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        assert!(boot + Duration::from_millis(1) >= mono, "{boot:?} vs {mono:?}");
    }
}
