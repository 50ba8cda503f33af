/* first_error.h — the first fatal error of a job whose slices run on several threads.
 *
 * Each worker that hits a fatal error records its message; only the first is kept, and
 * every worker can ask cheaply (one atomic load) whether it should stop taking work. Used
 * by the lint run and fix verification, whose workers pull files from a shared counter. */
#ifndef ASSAY_FIRST_ERROR_H
#define ASSAY_FIRST_ERROR_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct {
    pthread_mutex_t lock;
    int failed;             /* atomic: some worker recorded an error */
    char message[1024];     /* the first one */
} first_error_t;

static inline void first_error_init(first_error_t *e)
{
    pthread_mutex_init(&e->lock, NULL);
    e->failed = 0;
    e->message[0] = '\0';
}

static inline void first_error_destroy(first_error_t *e)
{
    pthread_mutex_destroy(&e->lock);
}

/* Records message unless an earlier error was recorded; thread-safe. */
static inline void first_error_set(first_error_t *e, const char *message)
{
    pthread_mutex_lock(&e->lock);
    if (!e->message[0]) snprintf(e->message, sizeof(e->message), "%s", message);
    pthread_mutex_unlock(&e->lock);
    __atomic_store_n(&e->failed, 1, __ATOMIC_RELEASE);
}

/* Whether an error was recorded (workers check it before taking more work). */
static inline bool first_error_failed(first_error_t *e)
{
    return __atomic_load_n(&e->failed, __ATOMIC_ACQUIRE) != 0;
}

#endif
