// spawn_go — the spawn benchmark's peer in Go: `spawn_go flat N` starts N
// trivial goroutines in batches of 1000 and waits for each result;
// `spawn_go skynet LEAVES` is the skynet tree.  GOMAXPROCS sets the
// number of threads.  Prints ns per task like bench/spawn.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func flat(n uint64) uint64 {
	var sum uint64
	chans := make([]chan uint64, 1000)
	for i := range chans {
		chans[i] = make(chan uint64, 1)
	}
	for base := uint64(0); base < n; base += 1000 {
		k := n - base
		if k > 1000 {
			k = 1000
		}
		for j := uint64(0); j < k; j++ {
			go func(c chan uint64, v uint64) { c <- v }(chans[j], base+j)
		}
		for j := uint64(0); j < k; j++ {
			sum += <-chans[j]
		}
	}
	return sum
}

func skynet(c chan uint64, num, size uint64) {
	if size == 1 {
		c <- num
		return
	}
	sub := size / 10
	rc := make(chan uint64, 10)
	for i := uint64(0); i < 10; i++ {
		go skynet(rc, num+i*sub, sub)
	}
	var sum uint64
	for i := 0; i < 10; i++ {
		sum += <-rc
	}
	c <- sum
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: spawn_go flat N | spawn_go skynet LEAVES")
		os.Exit(2)
	}
	n, _ := strconv.ParseUint(os.Args[2], 10, 64)
	tasks := n
	if os.Args[1] == "skynet" {
		tasks = 0
		for level := uint64(1); level <= n; level *= 10 {
			tasks += n / level
		}
		tasks--
	}
	t0 := time.Now()
	var sum uint64
	if os.Args[1] == "flat" {
		sum = flat(n)
	} else {
		c := make(chan uint64, 1)
		skynet(c, 0, n)
		sum = <-c
	}
	ns := float64(time.Since(t0).Nanoseconds())
	if sum != n*(n-1)/2 {
		fmt.Fprintln(os.Stderr, "wrong sum")
		os.Exit(1)
	}
	fmt.Printf("spawn_%s/go\tns_per_task\t%.1f\n", os.Args[1], ns/float64(tasks))
}
