/* bigram_queue.h — the binary heap both tokenizers merge with: the pair of neighbouring
 * symbols to merge next.
 *
 * SentencePiece merges the pair whose merged piece has the highest score, byte-level BPE
 * the pair with the lowest merge rank; both break ties by the leftmost pair. So an entry's
 * key is "smaller merges first" (SPM stores the negated score, BPE the rank) and the heap
 * pops the smallest key, then the smallest left index. Entries are not removed when a
 * merge makes them stale: each carries two check values the caller compares with the
 * symbols when it pops the entry (BPE: the two token ids; SPM: the merged length). */
#ifndef ASSAY_SLM_BIGRAM_QUEUE_H
#define ASSAY_SLM_BIGRAM_QUEUE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    double key;          /* smaller merges first */
    int left, right;     /* the symbols the merge joins */
    int64_t check[2];    /* the caller's values for recognising a stale entry */
} bigram_t;

typedef struct {
    bigram_t *items;     /* (cap,) a binary min-heap in items[0..count) */
    size_t count, cap;
} bigram_queue_t;

/* An empty queue needs no set-up ({0}); bigram_queue_destroy frees its storage. */
void bigram_queue_destroy(bigram_queue_t *queue);

/* Empties the queue, keeping its storage for the next piece. */
void bigram_queue_clear(bigram_queue_t *queue);

/* Adds an entry; 0, or -1 when memory runs out (the queue is unchanged then). */
int bigram_queue_push(bigram_queue_t *queue, bigram_t entry);

/* Removes and returns the entry to merge first. The queue must not be empty. */
bigram_t bigram_queue_pop(bigram_queue_t *queue);

#endif
