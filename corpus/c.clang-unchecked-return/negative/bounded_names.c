/* Names that always fit: every conversion of the format has a bounded width, and the
 * buffer holds the longest result (the way redis names its temporary files). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

FILE *open_temp_dump(void)
{
    char tmpfile[256];
    snprintf(tmpfile, 256, "temp-%d.rdb", (int)getpid()); // ok: c.clang-unchecked-return
    return fopen(tmpfile, "w");
}

int open_status(long pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/status", pid); // ok: c.clang-unchecked-return
    return open(path, O_RDONLY);
}

/* A default mutex fails only on a programming error; nobody tests its lock. */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

long next_id(void)
{
    pthread_mutex_lock(&counter_lock); // ok: c.clang-unchecked-return
    long id = ++counter;
    pthread_mutex_unlock(&counter_lock);
    return id;
}
