# lib.sh — what the server benchmarks (run.sh, threads.sh, tls.sh) share:
# ports, medians and a server's CPU time.  Sourced; messages name the
# script that sourced it.

# free_port FROM: a port nobody listens on (connect refused), FROM..FROM+100.
free_port() {
    local p
    for p in $(seq "$1" $(($1 + 100))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    echo "${0##*/}: no free port near $1" >&2
    exit 1
}

# wait_port PORT: until something listens on PORT (5 s at most).
wait_port() {
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "${0##*/}: nothing listens on $1" >&2
    exit 1
}

# The median of the numbers on standard input.
median() {
    sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# cpu_ticks PID: CPU time (user + system, clock ticks) of a process, all
# its threads, and its child processes (nginx's workers).
cpu_ticks() {
    local t=0 p
    for p in "$1" $(pgrep -P "$1" || true); do
        [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
    done
    echo "$t"
}

TICK_US=$((1000000 / $(getconf CLK_TCK)))
