/* slow-sync.c - LD_PRELOAD shim that makes fsync/fdatasync as slow as an old
 * laptop's disk, for scripts/bench and scripts/burst. SLOW_SYNC_MS (default
 * 20) milliseconds are added to every call, then the real call is made.
 * SLOW_SYNC_MS=0 adds nothing (the fast disk, still counted).
 *
 * With SLOW_SYNC_LOG=FILE every call also appends one line to FILE, when
 * it returns: "MONOTONIC_NS FD" (one write(2) to a file opened O_APPEND, so
 * lines from threads syncing at once do not mix). scripts/bench counts them:
 * syncs per class, rows per sync.
 *
 *   gcc -shared -fPIC -O2 -o slow-sync.so slow-sync.c -ldl
 *   SLOW_SYNC_MS=20 LD_PRELOAD=./slow-sync.so target/release/rollcall ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void delay(void) {
    const char *ms = getenv("SLOW_SYNC_MS");
    long n = ms ? atol(ms) : 20;
    if (n <= 0) return;
    struct timespec t = { n / 1000, (n % 1000) * 1000000L };
    nanosleep(&t, NULL);
}

static void note(int fd) {
    static int log = -2;
    if (log == -2) {
        const char *path = getenv("SLOW_SYNC_LOG");
        log = path ? open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
    }
    if (log < 0) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    char line[64];
    int n = snprintf(line, sizeof line, "%lld %d\n",
                     (long long)now.tv_sec * 1000000000LL + now.tv_nsec, fd);
    if (n > 0 && write(log, line, (size_t)n) < 0) { /* nothing to be done */ }
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    delay();
    int r = real(fd);
    note(fd);
    return r;
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    delay();
    int r = real(fd);
    note(fd);
    return r;
}
