/* shard.h — one piece of a run split across machines (`--shard I/N`).
 *
 * Every machine discovers the same files; shard_select keeps the ones piece I of N owns,
 * so N runs together lint each file exactly once. The split depends only on the files'
 * display paths and sizes, never on the machine or the order found: files are taken
 * largest first (ties by the XXH3 hash of the path, then the path) and each goes to the
 * piece with the fewest bytes so far (ties: the lower piece). Pieces end up within one
 * file's size of each other, and a file keeps its piece while the others do not change. */
#ifndef ASSAY_SHARD_H
#define ASSAY_SHARD_H

#include "analyzer/lint/discover.h"

/* Keeps in found the files of piece index (1-based) of count, in display-path order, and
 * frees the others. Discovery notices stay with piece 1 only (the merged report then has
 * each once). A file that cannot be stat'ed counts as empty. 0, or -1 on out of memory
 * or a bad index (found is then unchanged). */
int shard_select(discover_result_t *found, unsigned index, unsigned count);

#endif
