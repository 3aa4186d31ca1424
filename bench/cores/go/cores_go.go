// cores_go — bench/cores's peer in Go (GOMAXPROCS sets the number of
// threads that run goroutines):
//
//	cores_go coarse TASKS ITERS   TASKS grinds in goroutines, joined
//	cores_go channel N CAP        N uint64 through make(chan uint64, CAP),
//	                              first received to last
//	cores_go mutex TASKS K        K Lock/increment/Unlock pairs per goroutine
//	                              on one sync.Mutex, runtime.Gosched after
//	                              every 16th; two spawners start half each
//
// Prints the lines bench/cores/cores.c prints (tab-separated name,
// metric, value), results checked the same way.  Which thread ran a
// goroutine is not observable in Go, so the placement lines are absent.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// The unit of work, as in cores.c: xorshift64 steps plus a counter.
func grind(seed, iters uint64) uint64 {
	x := seed*0x9E3779B97F4A7C15 + 1
	for i := uint64(0); i < iters; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		x += i
	}
	return x
}

func coarse(tasks, iters uint64) uint64 {
	res := make([]uint64, tasks)
	var wg sync.WaitGroup
	for i := uint64(0); i < tasks; i++ {
		wg.Add(1)
		go func(i uint64) {
			res[i] = grind(i, iters)
			wg.Done()
		}(i)
	}
	wg.Wait()
	var sum uint64
	for _, v := range res {
		sum ^= v
	}
	return sum
}

// As in cores.c: the consumer computes for about 20 ms before its first
// receive, and the clock runs from the first message received to the last.
const warmIters = 6400000

var warmSink uint64

func channel(n, capacity uint64) (uint64, float64) {
	c := make(chan uint64, capacity)
	done := make(chan uint64)
	var ns float64
	go func() {
		warmSink = grind(1, warmIters)
		sum := <-c
		t0 := time.Now()
		for v := range c {
			sum += v
		}
		ns = float64(time.Since(t0).Nanoseconds())
		done <- sum
	}()
	go func() {
		for i := uint64(0); i < n; i++ {
			c <- i
		}
		close(c)
	}()
	sum := <-done
	return sum, ns
}

// As in cores.c: two spawner goroutines (the first computes for 20 ms
// first) meet at a barrier and start half of the lockers each; the clock
// starts at the barrier.
func mutex(tasks, k uint64) (uint64, time.Time) {
	var m sync.Mutex
	var counter uint64
	var arrived sync.WaitGroup
	var spawners sync.WaitGroup
	var t0 time.Time
	var once sync.Once
	arrived.Add(2)
	spawner := func(first bool, count uint64) {
		if first {
			warmSink = grind(1, warmIters)
		}
		arrived.Done()
		arrived.Wait()
		once.Do(func() { t0 = time.Now() })
		var wg sync.WaitGroup
		for t := uint64(0); t < count; t++ {
			wg.Add(1)
			go func() {
				for i := uint64(0); i < k; i++ {
					m.Lock()
					counter++
					m.Unlock()
					if i%16 == 15 {
						runtime.Gosched()
					}
				}
				wg.Done()
			}()
		}
		wg.Wait()
		spawners.Done()
	}
	spawners.Add(2)
	go spawner(true, tasks/2)
	go spawner(false, tasks-tasks/2)
	spawners.Wait()
	m.Lock()
	v := counter
	m.Unlock()
	return v, t0
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: cores_go coarse TASKS ITERS | channel N CAP | mutex TASKS K")
		os.Exit(2)
	}
	a, _ := strconv.ParseUint(os.Args[2], 10, 64)
	b, _ := strconv.ParseUint(os.Args[3], 10, 64)
	time.Sleep(20 * time.Millisecond) // as cores.c does
	t0 := time.Now()
	switch os.Args[1] {
	case "coarse":
		sum := coarse(a, b)
		ms := float64(time.Since(t0).Nanoseconds()) / 1e6
		fmt.Printf("coarse/go\tms\t%.3f\n", ms)
		fmt.Printf("coarse/go\tchecksum\t%d\n", sum)
	case "channel":
		sum, ns := channel(a, b)
		if sum != a*(a-1)/2 {
			fmt.Fprintln(os.Stderr, "wrong sum")
			os.Exit(1)
		}
		fmt.Printf("channel/go\tmsgs_per_sec\t%.6e\n", float64(a-1)*1e9/ns)
		fmt.Printf("channel/go\tchecksum\t%d\n", sum)
	case "mutex":
		v, start := mutex(a, b)
		ns := float64(time.Since(start).Nanoseconds())
		if v != a*b {
			fmt.Fprintln(os.Stderr, "wrong counter")
			os.Exit(1)
		}
		fmt.Printf("mutex/go\tpairs_per_sec\t%.6e\n", float64(v)*1e9/ns)
		fmt.Printf("mutex/go\tchecksum\t%d\n", v)
	default:
		fmt.Fprintln(os.Stderr, "cores_go: unknown workload", os.Args[1])
		os.Exit(2)
	}
}
