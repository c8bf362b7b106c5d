/* slow-sync.c - LD_PRELOAD shim that makes fsync/fdatasync as slow as an old
 * laptop's disk, for scripts/burst. SLOW_SYNC_MS (default 20) milliseconds
 * are added to every call, then the real call is made.
 *
 *   gcc -shared -fPIC -O2 -o slow-sync.so slow-sync.c -ldl
 *   SLOW_SYNC_MS=20 LD_PRELOAD=./slow-sync.so target/release/rollcall ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static void delay(void) {
    const char *ms = getenv("SLOW_SYNC_MS");
    long n = ms ? atol(ms) : 20;
    struct timespec t = { n / 1000, (n % 1000) * 1000000L };
    nanosleep(&t, NULL);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    delay();
    return real(fd);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    delay();
    return real(fd);
}
