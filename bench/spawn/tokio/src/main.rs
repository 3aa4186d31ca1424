// spawn_tokio — the spawn benchmark's peer on tokio's multi-threaded
// runtime: `spawn_tokio WORKERS flat N` spawns N trivial tasks in batches
// of 1000 and joins them; `spawn_tokio WORKERS skynet LEAVES` is the
// skynet tree (10 children per task).  Prints ns per task like
// bench/spawn (spawn_main.h).
use std::time::Instant;

async fn leaf(i: u64) -> u64 {
    i
}

async fn flat(n: u64) -> u64 {
    let mut sum = 0;
    let mut base = 0;
    while base < n {
        let k = std::cmp::min(1000, n - base);
        let mut batch = Vec::with_capacity(k as usize);
        for j in 0..k {
            batch.push(tokio::spawn(leaf(base + j)));
        }
        for h in batch {
            sum += h.await.unwrap();
        }
        base += k;
    }
    sum
}

fn skynet(num: u64, size: u64) -> std::pin::Pin<Box<dyn std::future::Future<Output = u64> + Send>> {
    Box::pin(async move {
        if size == 1 {
            return num;
        }
        let sub = size / 10;
        let mut kids = Vec::with_capacity(10);
        for i in 0..10 {
            kids.push(tokio::spawn(skynet(num + i * sub, sub)));
        }
        let mut sum = 0;
        for k in kids {
            sum += k.await.unwrap();
        }
        sum
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: spawn_tokio WORKERS flat N | spawn_tokio WORKERS skynet LEAVES");
        std::process::exit(2);
    }
    let workers: usize = args[1].parse().unwrap();
    let n: u64 = args[3].parse().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .build()
        .unwrap();
    let (tasks, t0) = (if args[2] == "flat" { n } else {
        let mut t = 0;
        let mut level = 1;
        while level <= n {
            t += n / level;
            level *= 10;
        }
        t - 1
    }, Instant::now());
    let sum = if args[2] == "flat" {
        rt.block_on(flat(n))
    } else {
        rt.block_on(skynet(0, n))
    };
    let ns = t0.elapsed().as_nanos() as f64;
    assert_eq!(sum, n * (n - 1) / 2);
    println!("spawn_{}/tokio\tns_per_task\t{:.1}", args[2], ns / tasks as f64);
}
