// cores_tokio — bench/cores's peer on tokio's multi-threaded runtime
// (worker_threads = WORKERS; the root runs in block_on on the main
// thread, as bench/spawn's peer does):
//
//   cores_tokio WORKERS coarse TASKS ITERS   TASKS grinds, spawned and joined
//   cores_tokio WORKERS channel N CAP        N u64 through mpsc::channel(CAP),
//                                            first received to last
//   cores_tokio WORKERS mutex TASKS K        K lock/increment/unlock pairs per
//                                            task on one tokio::sync::Mutex,
//                                            yield_now after every 16th; two
//                                            spawners start half each
//
// Prints the lines bench/cores/cores.c prints (tab-separated name,
// metric, value), results checked the same way.
use std::sync::Arc;
use std::time::Instant;

// The unit of work, as in cores.c: xorshift64 steps plus a counter.
fn grind(seed: u64, iters: u64) -> u64 {
    let mut x = seed.wrapping_mul(0x9E3779B97F4A7C15).wrapping_add(1);
    for i in 0..iters {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x = x.wrapping_add(i);
    }
    x
}

fn tid() -> std::thread::ThreadId {
    std::thread::current().id()
}

async fn coarse(tasks: u64, iters: u64) -> (u64, usize, u64) {
    let mut handles = Vec::with_capacity(tasks as usize);
    for i in 0..tasks {
        handles.push(tokio::spawn(async move { (grind(i, iters), tid()) }));
    }
    let mut sum = 0;
    let mut threads: Vec<(std::thread::ThreadId, u64)> = Vec::new();
    for h in handles {
        let (v, t) = h.await.unwrap();
        sum ^= v;
        match threads.iter_mut().find(|e| e.0 == t) {
            Some(e) => e.1 += 1,
            None => threads.push((t, 1)),
        }
    }
    let most = threads.iter().map(|e| e.1).max().unwrap_or(0);
    (sum, threads.len(), most)
}

// As in cores.c: the consumer computes for about 20 ms before its first
// receive, and the clock runs from the first message received to the last.
const WARM_ITERS: u64 = 6400000;

async fn channel(n: u64, cap: usize) -> (u64, bool, f64) {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<u64>(cap);
    let q = tokio::spawn(async move {
        let me = tid();
        std::hint::black_box(grind(1, WARM_ITERS));
        let mut sum = rx.recv().await.unwrap();
        let t0 = Instant::now();
        while let Some(v) = rx.recv().await {
            sum += v;
        }
        (sum, me, t0.elapsed().as_nanos() as f64)
    });
    let p = tokio::spawn(async move {
        let me = tid();
        for i in 0..n {
            tx.send(i).await.unwrap();
        }
        me
    });
    let pt = p.await.unwrap();
    let (sum, ct, ns) = q.await.unwrap();
    (sum, pt != ct, ns)
}

// As in cores.c: two spawner tasks (the first computes for 20 ms first) meet
// at a barrier and spawn half of the lockers each; the clock starts at the
// barrier.
async fn locker(m: Arc<tokio::sync::Mutex<u64>>, k: u64) {
    for i in 0..k {
        {
            let mut g = m.lock().await;
            *g += 1;
        }
        if i % 16 == 15 {
            tokio::task::yield_now().await;
        }
    }
}

async fn spawner(
    m: Arc<tokio::sync::Mutex<u64>>,
    barrier: Arc<tokio::sync::Barrier>,
    t0: Arc<std::sync::Mutex<Option<Instant>>>,
    first: bool,
    count: u64,
    k: u64,
) {
    if first {
        std::hint::black_box(grind(1, WARM_ITERS));
    }
    if barrier.wait().await.is_leader() {
        *t0.lock().unwrap() = Some(Instant::now());
    }
    let mut handles = Vec::with_capacity(count as usize);
    for _ in 0..count {
        handles.push(tokio::spawn(locker(m.clone(), k)));
    }
    for h in handles {
        h.await.unwrap();
    }
}

async fn mutex(tasks: u64, k: u64) -> (u64, Instant) {
    let m = Arc::new(tokio::sync::Mutex::new(0u64));
    let barrier = Arc::new(tokio::sync::Barrier::new(2));
    let t0 = Arc::new(std::sync::Mutex::new(None));
    let a = tokio::spawn(spawner(m.clone(), barrier.clone(), t0.clone(), true, tasks / 2, k));
    let b = tokio::spawn(spawner(m.clone(), barrier, t0.clone(), false, tasks - tasks / 2, k));
    a.await.unwrap();
    b.await.unwrap();
    let v = *m.lock().await;
    let start = t0.lock().unwrap().unwrap();
    (v, start)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: cores_tokio WORKERS coarse TASKS ITERS | channel N CAP | mutex TASKS K");
        std::process::exit(2);
    }
    let workers: usize = args[1].parse().unwrap();
    let a: u64 = args[3].parse().unwrap();
    let b: u64 = args[4].parse().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .build()
        .unwrap();
    // Let the workers start and go idle, as cores.c does.
    std::thread::sleep(std::time::Duration::from_millis(20));
    match args[2].as_str() {
        "coarse" => {
            let t0 = Instant::now();
            let (sum, threads, most) = rt.block_on(coarse(a, b));
            let ms = t0.elapsed().as_nanos() as f64 / 1e6;
            println!("coarse/tokio\tms\t{:.3}", ms);
            println!("coarse/tokio\tthreads\t{}", threads);
            println!("coarse/tokio\tmost_on_a_thread\t{}", most);
            println!("coarse/tokio\tchecksum\t{}", sum);
        }
        "channel" => {
            let (sum, split, ns) = rt.block_on(channel(a, b as usize));
            assert_eq!(sum, a * (a - 1) / 2);
            println!("channel/tokio\tmsgs_per_sec\t{:.6e}", (a - 1) as f64 * 1e9 / ns);
            println!("channel/tokio\tsplit\t{}", split as u32);
            println!("channel/tokio\tchecksum\t{}", sum);
        }
        "mutex" => {
            let (v, t0) = rt.block_on(mutex(a, b));
            let ns = t0.elapsed().as_nanos() as f64;
            assert_eq!(v, a * b);
            println!("mutex/tokio\tpairs_per_sec\t{:.6e}", v as f64 * 1e9 / ns);
            println!("mutex/tokio\tchecksum\t{}", v);
        }
        w => {
            eprintln!("cores_tokio: unknown workload {}", w);
            std::process::exit(2);
        }
    }
}
