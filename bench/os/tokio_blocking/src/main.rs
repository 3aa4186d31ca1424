// The tokio peer of `os_bench blocking N`: N round trips of
// spawn_blocking with a trivial closure, one after the other, from one
// task on a current-thread runtime (Pinion's loop is one thread too).
use std::time::Instant;

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100000);
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
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
        println!("tokio spawn_blocking round trip: {:.0} ns ({} trips)",
                 dt.as_nanos() as f64 / n as f64, sum);
    });
}
