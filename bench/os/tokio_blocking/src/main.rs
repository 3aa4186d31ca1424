// The tokio peer of `os_bench blocking N`: N round trips of
// spawn_blocking with a trivial closure, one after the other, from one
// task on a current-thread runtime (Pinion's loop is one thread too).
// With its I/O and time drivers enabled (as any program that also does
// I/O runs it, and as Pinion's loop always is: an epoll reactor and a
// timer wheel), the runtime parks in epoll_wait and a wake from the pool
// writes to an eventfd, as Pinion's does; `bare` (no drivers) parks on a
// condition variable instead, which no program with sockets can use.
use std::time::Instant;

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100000);
    let bare = std::env::args().nth(2).as_deref() == Some("bare");
    let mut b = tokio::runtime::Builder::new_current_thread();
    if !bare {
        b.enable_all();
    }
    let rt = b.build().unwrap();
    rt.block_on(async move {
        for _ in 0..1000 {
            tokio::task::spawn_blocking(|| 1u64).await.unwrap();
        }
        let t0 = Instant::now();
        let mut sum = 0u64;
        for _ in 0..n {
            sum += tokio::task::spawn_blocking(|| 1u64).await.unwrap();
        }
        let dt = t0.elapsed();
        println!("tokio spawn_blocking round trip{}: {:.0} ns ({} trips)",
                 if bare { " (no I/O driver)" } else { "" },
                 dt.as_nanos() as f64 / n as f64, sum);
    });
}
