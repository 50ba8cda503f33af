/* lint_cache.c — the results cache in SQLite (see lint_cache.h).
 *
 * The one idea: the run's fixed inputs (analyzer, rules, libclang inputs, options,
 * headers) are hashed once into a streaming XXH3 state when the cache is opened; a file's
 * key is that state continued with its display path and its bytes' hash. One connection
 * serves every thread, its statements guarded by one mutex: a lookup is a primary-key
 * probe, far cheaper than the analysis it saves. */
#include "analyzer/lint/lint_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "analyzer/lint/lint_codec.h"
#include "core/hash.h"

#define CACHE_APPLICATION_ID 0x41735243 /* "AsRC" */
#define CACHE_SCHEMA_VERSION 1
#define CACHE_BUSY_MS 5000
#define CACHE_EXPIRE_SECONDS (30 * 86400)

struct lint_cache {
    sqlite3 *db;
    pthread_mutex_t lock;
    sqlite3_stmt *get, *put, *touch, *fix_get, *fix_put;
    XXH3_state_t run;            /* the run's fixed inputs, continued per file */
    XXH3_state_t compile;        /* the libclang inputs so far (headers are added later) */
    lint_cache_digests_t digests;
    const rule_pack_t *pack;     /* for decoding rules */
    long long now;
    size_t hits, misses, stored, fix_hits, fix_misses; /* under lock */
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS results(key BLOB PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS fixes(key BLOB PRIMARY KEY, verified INTEGER NOT NULL, reason TEXT,"
    " used INTEGER NOT NULL) WITHOUT ROWID;";

/* ---- paths ------------------------------------------------------------------------------- */

char *lint_cache_default_path(const char *cache_env, const char *xdg, const char *home)
{
    char *path = NULL;
    if (cache_env && cache_env[0]) return strdup(cache_env);
    if (xdg && xdg[0] == '/') {
        if (asprintf(&path, "%s/assay/results.db", xdg) < 0) path = NULL;
    } else if (home && home[0]) {
        if (asprintf(&path, "%s/.cache/assay/results.db", home) < 0) path = NULL;
    }
    return path;
}

/* mkdir -p of the folder holding path. */
static int make_parent_folders(const char *path)
{
    char *copy = strdup(path);
    if (!copy) return -1;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = '/';
    }
    free(copy);
    return 0;
}

/* ---- the key's fixed part ------------------------------------------------------------------ */

static void key_add_string(XXH3_state_t *s, const char *text)
{
    uint64_t n = text ? strlen(text) : UINT64_MAX; /* length first: "ab"+"c" != "a"+"bc" */
    XXH3_128bits_update(s, &n, sizeof(n));
    if (text) XXH3_128bits_update(s, text, strlen(text));
}

/* Adds the bytes of the file at path (or its absence), not its name, to the key: the same
 * file named another way ("./a.h", "/tree/a.h") gives the same key. Only a regular file is
 * read (opened without blocking: a FIFO in its place must not hang the run; the pass that
 * reads it refuses it). */
static void key_add_bytes_of(XXH3_state_t *s, const char *path)
{
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) : -1;
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        fd = -2;
    }
    uint64_t marker = fd == -2 ? 2 : fd < 0 ? 0 : 1;
    XXH3_128bits_update(s, &marker, sizeof(marker));
    if (fd < 0) return;
    char buffer[65536];
    ssize_t got;
    while ((got = read(fd, buffer, sizeof(buffer))) > 0) XXH3_128bits_update(s, buffer, (size_t)got);
    close(fd);
}

/* The name and the bytes of a file the run depends on (a rule file, the compilation
 * database). */
static void key_add_file(XXH3_state_t *s, const char *path)
{
    key_add_string(s, path);
    key_add_bytes_of(s, path);
}

static void digest_hex(XXH3_state_t *s, char out[33])
{
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(s));
    for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", canonical.digest[i]);
}

/* The run's fixed part of every key, from the four digests. */
static void finish_run_state(lint_cache_t *c)
{
    digest_hex(&c->compile, c->digests.compile);
    XXH3_128bits_reset(&c->run);
    key_add_string(&c->run, "assay results v1");
    key_add_string(&c->run, c->digests.analyzer);
    key_add_string(&c->run, c->digests.rules);
    key_add_string(&c->run, c->digests.compile);
    key_add_string(&c->run, c->digests.options);
}

static void key_add_config(lint_cache_t *c, const lint_cache_config_t *config)
{
    XXH3_state_t state, *s = &state;
    XXH3_128bits_reset(s);
    if (config->analyzer_id) key_add_string(s, config->analyzer_id);
    else key_add_file(s, "/proc/self/exe");
    digest_hex(s, c->digests.analyzer);
    XXH3_128bits_reset(s);
    uint64_t count = config->pack ? config->pack->count : 0;
    XXH3_128bits_update(s, &count, sizeof(count));
    for (size_t i = 0; i < count; i++) {
        const rule_t *rule = config->pack->rules[i];
        key_add_string(s, rule->id);
        uint64_t on = rule->enabled;
        XXH3_128bits_update(s, &on, sizeof(on));
        key_add_file(s, rule->source_path);
    }
    digest_hex(s, c->digests.rules);
    s = &c->compile;
    XXH3_128bits_reset(s);
    const clang_options_t *clang = config->clang;
    key_add_string(s, clang ? "clang" : "no clang");
    if (clang) {
        const char *db = clang->compile_commands;
        char *db_file = NULL;
        struct stat st;
        if (db && db[0] && stat(db, &st) == 0 && S_ISDIR(st.st_mode) &&
            asprintf(&db_file, "%s/compile_commands.json", db) < 0)
            db_file = NULL;
        key_add_file(s, db_file ? db_file : (db && db[0] ? db : NULL));
        free(db_file);
        for (size_t i = 0; i < clang->extra_arg_count; i++) key_add_string(s, clang->extra_args[i]);
        key_add_string(s, clang->rules_dir);
        key_add_string(s, clang->repo_root);
    }
    s = &state;
    XXH3_128bits_reset(s);
    uint64_t min = (uint64_t)config->min_certainty;
    XXH3_128bits_update(s, &min, sizeof(min));
    key_add_string(s, config->model_id);
    digest_hex(s, c->digests.options);
    snprintf(c->digests.model_id, sizeof(c->digests.model_id), "%s", config->model_id ? config->model_id : "");
    finish_run_state(c);
}

void lint_cache_digests(const lint_cache_t *c, lint_cache_digests_t *out)
{
    *out = c->digests;
}

void lint_cache_content_hash(const char *text, size_t length, char hex[33])
{
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits(text, length));
    for (int i = 0; i < 16; i++) snprintf(hex + 2 * i, 3, "%02x", canonical.digest[i]);
}

static int ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && strcmp(text + n - m, suffix) == 0;
}

int lint_cache_add_headers(lint_cache_t *cache, const discover_file_t *files, size_t count)
{
    uint64_t marker = 0x68656164; /* "head": the list of headers follows */
    XXH3_128bits_update(&cache->compile, &marker, sizeof(marker));
    for (size_t i = 0; i < count; i++)
        if (ends_with(files[i].display_path, ".h")) {
            key_add_string(&cache->compile, files[i].display_path);
            key_add_bytes_of(&cache->compile, files[i].fs_path);
        }
    finish_run_state(cache);
    return 0;
}

static XXH128_hash_t file_key(const lint_cache_t *cache, const char *display_path, const char *text, size_t length)
{
    XXH3_state_t state = cache->run; /* a copy: the fixed part stays for the next file */
    key_add_string(&state, display_path);
    XXH128_hash_t content = XXH3_128bits(text, length);
    XXH3_128bits_update(&state, &content, sizeof(content));
    return XXH3_128bits_digest(&state);
}

static void key_bytes(XXH128_hash_t key, unsigned char out[16])
{
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, key);
    memcpy(out, canonical.digest, 16);
}

void lint_cache_file_key(const lint_cache_t *cache, const char *display_path, const char *text, size_t length,
                         char key_hex[33])
{
    unsigned char bytes[16];
    key_bytes(file_key(cache, display_path, text, length), bytes);
    for (int i = 0; i < 16; i++) snprintf(key_hex + 2 * i, 3, "%02x", bytes[i]);
}

/* ---- opening -------------------------------------------------------------------------------- */

/* Why the open database is not an assay cache of this schema, or NULL when it is one (or
 * empty: then the schema is created). */
static const char *foreign_reason(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    const char *reason = NULL;
    long long app = -1, version = -1, tables = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        reason = "not a SQLite database";
    else app = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (!reason && (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
                    sqlite3_step(st) != SQLITE_ROW))
        reason = "not a SQLite database";
    else if (!reason) version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (!reason && (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) != SQLITE_OK ||
                    sqlite3_step(st) != SQLITE_ROW))
        reason = "not a SQLite database";
    else if (!reason) tables = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (reason) return reason;
    if (app == 0 && version == 0 && tables == 0) return NULL; /* new and empty */
    if (app != CACHE_APPLICATION_ID) return "a SQLite database of another application";
    if (version != CACHE_SCHEMA_VERSION) return "a cache of another schema version";
    st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
        reason = "damaged";
    sqlite3_finalize(st);
    return reason;
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static void remove_database(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        char *name;
        if (asprintf(&name, "%s%s", path, suffixes[i]) < 0) continue;
        unlink(name);
        free(name);
    }
}

static int open_database(sqlite3 **db, const char *path)
{
    *db = NULL;
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) !=
        SQLITE_OK) {
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    sqlite3_busy_timeout(*db, CACHE_BUSY_MS);
    return 0;
}

/* Creates the schema in an empty database (another process may be doing the same). */
static int create_schema(sqlite3 *db)
{
    char sql[512];
    snprintf(sql, sizeof(sql), "BEGIN IMMEDIATE;%sPRAGMA application_id=%d;PRAGMA user_version=%d;COMMIT;",
             schema_sql, CACHE_APPLICATION_ID, CACHE_SCHEMA_VERSION);
    if (exec(db, sql) == 0) return 0;
    exec(db, "ROLLBACK");
    return -1;
}

static int prepare_all(lint_cache_t *c)
{
    return sqlite3_prepare_v2(c->db, "SELECT value, used FROM results WHERE key=?", -1, &c->get, NULL) ||
           sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO results(key, value, used) VALUES(?,?,?)", -1,
                              &c->put, NULL) ||
           sqlite3_prepare_v2(c->db, "UPDATE results SET used=? WHERE key=?", -1, &c->touch, NULL) ||
           sqlite3_prepare_v2(c->db, "SELECT verified, reason FROM fixes WHERE key=?", -1, &c->fix_get, NULL) ||
           sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO fixes(key, verified, reason, used) VALUES(?,?,?,?)",
                              -1, &c->fix_put, NULL)
               ? -1
               : 0;
}

int lint_cache_open(lint_cache_t **out, const char *path, const lint_cache_config_t *config, char *note,
                    size_t note_size, char *err, size_t err_size)
{
    *out = NULL;
    if (note_size) note[0] = '\0';
    lint_cache_t *c = calloc(1, sizeof(*c));
    if (!c) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    pthread_mutex_init(&c->lock, NULL);
    c->pack = config->pack;
    c->now = (long long)time(NULL);
    key_add_config(c, config);
    if (make_parent_folders(path) != 0) {
        snprintf(err, err_size, "%s: cannot create its folder: %s", path, strerror(errno));
        goto fail;
    }
    if (open_database(&c->db, path) != 0) {
        snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        goto fail;
    }
    const char *reason = foreign_reason(c->db);
    if (reason) { /* never trusted: replaced by an empty cache */
        snprintf(note, note_size, "results cache %s was %s; rebuilt it", path, reason);
        sqlite3_close(c->db);
        c->db = NULL;
        remove_database(path);
        if (open_database(&c->db, path) != 0 || foreign_reason(c->db)) {
            snprintf(err, err_size, "%s: cannot rebuild the results cache", path);
            goto fail;
        }
    }
    exec(c->db, "PRAGMA journal_mode=WAL");
    exec(c->db, "PRAGMA synchronous=NORMAL");
    if (create_schema(c->db) != 0 || prepare_all(c) != 0) {
        snprintf(err, err_size, "%s: %s", path, sqlite3_errmsg(c->db));
        goto fail;
    }
    char sql[160]; /* forget what nobody used for a month (best effort) */
    snprintf(sql, sizeof(sql), "DELETE FROM results WHERE used<%lld; DELETE FROM fixes WHERE used<%lld;",
             c->now - CACHE_EXPIRE_SECONDS, c->now - CACHE_EXPIRE_SECONDS);
    exec(c->db, sql);
    *out = c;
    return 0;
fail:
    lint_cache_close(c);
    return -1;
}

void lint_cache_close(lint_cache_t *c)
{
    if (!c) return;
    sqlite3_finalize(c->get);
    sqlite3_finalize(c->put);
    sqlite3_finalize(c->touch);
    sqlite3_finalize(c->fix_get);
    sqlite3_finalize(c->fix_put);
    sqlite3_close(c->db);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void lint_cache_stats(const lint_cache_t *c, lint_cache_stats_t *out)
{
    memset(out, 0, sizeof(*out));
    if (!c) return;
    pthread_mutex_lock((pthread_mutex_t *)&c->lock);
    *out = (lint_cache_stats_t){c->hits, c->misses, c->stored, c->fix_hits, c->fix_misses};
    pthread_mutex_unlock((pthread_mutex_t *)&c->lock);
}

/* ---- file results ----------------------------------------------------------------------------- */

/* 1 and out filled when the key is stored and decodes, else 0. */
static int cache_get(lint_cache_t *c, const unsigned char key[16], lint_file_result_t *out, int *partly)
{
    int found = 0;
    long long used = 0;
    pthread_mutex_lock(&c->lock);
    sqlite3_bind_blob(c->get, 1, key, 16, SQLITE_STATIC);
    if (sqlite3_step(c->get) == SQLITE_ROW) {
        found = lint_codec_decode(out, partly, sqlite3_column_blob(c->get, 0),
                                  (size_t)sqlite3_column_bytes(c->get, 0), c->pack) == 0;
        used = sqlite3_column_int64(c->get, 1);
    }
    sqlite3_reset(c->get);
    if (found && used < c->now - 86400) { /* mark it used, at most once a day */
        sqlite3_bind_int64(c->touch, 1, c->now);
        sqlite3_bind_blob(c->touch, 2, key, 16, SQLITE_STATIC);
        sqlite3_step(c->touch);
        sqlite3_reset(c->touch);
    }
    if (found) c->hits++;
    else c->misses++;
    pthread_mutex_unlock(&c->lock);
    return found;
}

static void cache_put(lint_cache_t *c, const unsigned char key[16], const lint_file_result_t *result, int partly)
{
    lint_codec_buffer_t buffer = {0};
    if (lint_codec_encode(&buffer, result, partly) == 0) {
        pthread_mutex_lock(&c->lock);
        sqlite3_bind_blob(c->put, 1, key, 16, SQLITE_STATIC);
        sqlite3_bind_blob(c->put, 2, buffer.data, (int)buffer.length, SQLITE_STATIC);
        sqlite3_bind_int64(c->put, 3, c->now);
        if (sqlite3_step(c->put) == SQLITE_DONE) c->stored++;
        sqlite3_reset(c->put);
        pthread_mutex_unlock(&c->lock);
    }
    free(buffer.data);
}

int lint_cache_lint_file(lint_cache_t *c, lint_worker_t *worker, lint_file_result_t *out, const char *display_path,
                         const char *fs_path, size_t *partly_parsed, char key_hex[33], char *err, size_t err_size)
{
    *partly_parsed = 0;
    if (key_hex) key_hex[0] = '\0';
    char reason[256];
    source_file_t *source;
    int status = source_file_read(&source, fs_path, reason, sizeof(reason));
    if (status < 0) {
        snprintf(err, err_size, "%s: out of memory", display_path);
        return -1;
    }
    if (status == SOURCE_SKIPPED) /* not cached: the reason is cheap to find again */
        return lint_worker_file(worker, out, display_path, fs_path, err, err_size);
    unsigned char key[16];
    key_bytes(file_key(c, display_path, source->text, source->length), key);
    if (key_hex)
        for (int i = 0; i < 16; i++) snprintf(key_hex + 2 * i, 3, "%02x", key[i]);
    int partly = 0;
    if (cache_get(c, key, out, &partly)) {
        *partly_parsed = (size_t)partly;
        if (out->candidates.count > 0) { /* reporters print the source lines */
            if (source_file_index_lines(source) != 0) {
                source_file_free(source);
                snprintf(err, err_size, "%s: out of memory", display_path);
                return -1;
            }
            out->source = source;
        } else {
            source_file_free(source);
        }
        return 0;
    }
    size_t before = lint_worker_partly_parsed(worker);
    if (lint_worker_source(worker, out, display_path, fs_path, source, err, err_size) != 0) return -1;
    cache_put(c, key, out, lint_worker_partly_parsed(worker) > before);
    return 0;
}

/* ---- fix verdicts ------------------------------------------------------------------------------ */

static void fix_key(const lint_cache_t *c, const candidate_t *cand, const char *text, size_t length,
                    unsigned char out[16])
{
    XXH3_state_t state = c->run;
    XXH128_hash_t file = file_key(c, cand->path, text, length);
    XXH3_128bits_update(&state, &file, sizeof(file));
    key_add_string(&state, cand->rule_id);
    key_add_string(&state, cand->fingerprint);
    XXH3_128bits_update(&state, &cand->range, sizeof(cand->range));
    key_add_string(&state, cand->fix->description);
    for (size_t i = 0; i < cand->fix->edit_count; i++) {
        XXH3_128bits_update(&state, &cand->fix->edits[i].range, sizeof(cand->fix->edits[i].range));
        key_add_string(&state, cand->fix->edits[i].replacement);
    }
    key_bytes(XXH3_128bits_digest(&state), out);
}

int lint_cache_fix_get(lint_cache_t *c, const candidate_t *cand, const char *text, size_t length, bool *verified,
                       char **reason)
{
    *verified = false;
    *reason = NULL;
    if (!cand->fix) return 0;
    unsigned char key[16];
    fix_key(c, cand, text, length, key);
    int found = 0;
    pthread_mutex_lock(&c->lock);
    sqlite3_bind_blob(c->fix_get, 1, key, 16, SQLITE_STATIC);
    if (sqlite3_step(c->fix_get) == SQLITE_ROW) {
        found = 1;
        *verified = sqlite3_column_int(c->fix_get, 0) != 0;
        const unsigned char *why = sqlite3_column_text(c->fix_get, 1);
        if (why && !(*reason = strdup((const char *)why))) found = 0;
    }
    sqlite3_reset(c->fix_get);
    if (found) c->fix_hits++;
    else c->fix_misses++;
    pthread_mutex_unlock(&c->lock);
    return found;
}

void lint_cache_fix_put(lint_cache_t *c, const candidate_t *cand, const char *text, size_t length, bool verified,
                        const char *reason)
{
    if (!cand->fix) return;
    unsigned char key[16];
    fix_key(c, cand, text, length, key);
    pthread_mutex_lock(&c->lock);
    sqlite3_bind_blob(c->fix_put, 1, key, 16, SQLITE_STATIC);
    sqlite3_bind_int(c->fix_put, 2, verified);
    if (reason) sqlite3_bind_text(c->fix_put, 3, reason, -1, SQLITE_STATIC);
    else sqlite3_bind_null(c->fix_put, 3);
    sqlite3_bind_int64(c->fix_put, 4, c->now);
    sqlite3_step(c->fix_put);
    sqlite3_reset(c->fix_put);
    pthread_mutex_unlock(&c->lock);
}
