/* review_manpage.c — a library function's man page, read and reduced to plain text (see
 * review_manpage.h).
 *
 * Two steps. Reading: the page is opened without blocking, checked to be a regular file of
 * bounded size and read through zlib's gzread, which reads a plain file as it is, so one
 * path serves NAME.3.gz and NAME.3; a page whose first request is `.so OTHER` is replaced
 * by OTHER (relative to the man folder, as man(1) resolves it), a bounded number of times.
 * Reducing: the page is cut into sections at its `.SH` lines, and each wanted section's roff
 * goes through a small line-by-line formatter that knows fill mode (lines join into one
 * paragraph), no-fill blocks (.nf/.EX), tagged paragraphs (.TP/.IP), the font macros (.B,
 * .BR, ...) whose arguments are text, and the escapes that print a character; every other
 * request or escape prints nothing. */
#include "review/review_manpage.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ---- reading a page --------------------------------------------------------------------- */

/* Reads path (gzip or plain) into *text. 1 read, 0 no such file, -1 error (message in err). */
static int read_page(const char *path, char **text, size_t *length, char *err, size_t err_size)
{
    *text = NULL;
    *length = 0;
    /* O_NONBLOCK: a FIFO named like a page must not hang the open; it is refused below */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return 0;
        snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    if ((unsigned long long)st.st_size > REVIEW_MANPAGE_MAX_BYTES) {
        snprintf(err, err_size, "%s: larger than %u bytes", path, REVIEW_MANPAGE_MAX_BYTES);
        close(fd);
        return -1;
    }
    gzFile gz = gzdopen(fd, "rb"); /* owns fd from here */
    if (!gz) {
        close(fd);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    size_t cap = REVIEW_MANPAGE_MAX_BYTES + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        gzclose(gz);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    size_t used = 0;
    while (used < cap) {
        int n = gzread(gz, buf + used, (unsigned)(cap - used));
        if (n < 0) {
            int code;
            const char *why = gzerror(gz, &code);
            snprintf(err, err_size, "%s: cannot be read: %s", path, why && why[0] ? why : "corrupt");
            free(buf);
            gzclose(gz);
            return -1;
        }
        if (n == 0) break;
        used += (size_t)n;
    }
    gzclose(gz);
    if (used > REVIEW_MANPAGE_MAX_BYTES) {
        snprintf(err, err_size, "%s: larger than %u bytes uncompressed", path, REVIEW_MANPAGE_MAX_BYTES);
        free(buf);
        return -1;
    }
    buf[used] = 0;
    *text = buf;
    *length = used;
    return 1;
}

/* ---- logical lines ---------------------------------------------------------------------- */

/* One input line: [start, end) without the newline. A line ending in an escaped newline
 * continues on the next: the reader returns the joined text in `joined` (owned by the
 * cursor) when that happens. */
typedef struct {
    const char *text;
    size_t length, pos;
    char *joined; /* scratch for continued lines */
    size_t joined_cap;
} line_reader_t;

/* Whether the line [s, s+n) ends in a backslash that is not itself escaped. */
static bool ends_continued(const char *s, size_t n)
{
    size_t slashes = 0;
    while (slashes < n && s[n - 1 - slashes] == '\\') slashes++;
    return slashes % 2 == 1;
}

/* Next logical line into line and n; false at the end. -1 in oom on out of memory. */
static bool next_line(line_reader_t *r, const char **line, size_t *n, bool *oom)
{
    if (r->pos >= r->length) return false;
    const char *s = r->text + r->pos;
    const char *nl = memchr(s, '\n', r->length - r->pos);
    size_t len = nl ? (size_t)(nl - s) : r->length - r->pos;
    r->pos += len + (nl ? 1 : 0);
    if (!ends_continued(s, len)) {
        *line = s;
        *n = len;
        return true;
    }
    /* join continued lines, each without its trailing backslash */
    size_t used = 0;
    for (;;) {
        bool more = ends_continued(s, len);
        size_t take = more ? len - 1 : len;
        if (used + take + 1 > r->joined_cap) {
            size_t cap = (used + take + 1) * 2;
            char *grown = realloc(r->joined, cap);
            if (!grown) {
                *oom = true;
                return false;
            }
            r->joined = grown;
            r->joined_cap = cap;
        }
        memcpy(r->joined + used, s, take);
        used += take;
        if (!more || r->pos >= r->length) break;
        s = r->text + r->pos;
        nl = memchr(s, '\n', r->length - r->pos);
        len = nl ? (size_t)(nl - s) : r->length - r->pos;
        r->pos += len + (nl ? 1 : 0);
    }
    r->joined[used] = 0;
    *line = r->joined;
    *n = used;
    return true;
}

/* A control line (request or macro): starts with '.' or '\''. Its name is written to name
 * (at most size-1 bytes), *args points after the name. Comments (.\" and '\") get name "". */
static void request_name(const char *line, size_t n, char *name, size_t size, const char **args)
{
    size_t i = 1;
    while (i < n && (line[i] == ' ' || line[i] == '\t')) i++;
    size_t k = 0;
    if (i + 1 < n && line[i] == '\\' && (line[i + 1] == '"' || line[i + 1] == '#')) {
        name[0] = 0;
        *args = line + n;
        return;
    }
    while (i < n && line[i] != ' ' && line[i] != '\t') {
        if (k + 1 < size) name[k++] = line[i];
        i++;
    }
    name[k] = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t')) i++;
    *args = line + i;
}

/* ---- escapes ---------------------------------------------------------------------------- */

typedef struct {
    const char *name, *text;
} special_t;

/* Named characters (\(xx, \[xx]) and the ASCII text they print as. */
static const special_t SPECIALS[] = {
    {"em", "--"}, {"en", "-"},  {"hy", "-"},  {"mi", "-"},   {"aq", "'"},  {"dq", "\""}, {"lq", "\""},
    {"rq", "\""}, {"oq", "'"},  {"cq", "'"},  {"bu", "*"},   {"co", "(c)"}, {"rg", "(R)"}, {"tm", "(TM)"},
    {"rs", "\\"}, {"ti", "~"},  {"ha", "^"},  {"mu", "x"},   {"di", "/"},  {"pl", "+"},  {"eq", "="},
    {"<=", "<="}, {">=", ">="}, {"!=", "!="}, {"->", "->"},  {"<-", "<-"}, {"**", "*"},  {"Fo", "<<"},
    {"Fc", ">>"}, {"fo", "<"},  {"fc", ">"},  {"ga", "`"},   {"aa", "'"},  {"sl", "/"},  {"ba", "|"},
    {"or", "|"},  {"lC", "{"},  {"rC", "}"},  {"at", "@"},   {"sh", "#"},  {"Do", "$"},  {"bs", "\\"},
    {"ul", "_"},  {"ru", "_"},  {"sq", "[]"}, {"pi", "pi"},  {"if", "inf"}, {"de", " degrees"},
};
/* Predefined strings (\*x, \*(xx, \*[xx]). */
static const special_t STRINGS[] = {
    {"lq", "\""}, {"rq", "\""}, {"R", "(R)"}, {"Tm", "(TM)"}, {"S", ""}, {"q", "\""},
};

static const char *lookup(const special_t *table, size_t count, const char *name, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(table[i].name) == n && !memcmp(table[i].name, name, n)) return table[i].text;
    return NULL;
}

/* Reads a name after an escape letter at s[*i]: `x`, `(xx` or `[name]`. Sets name and n. */
static void escape_name(const char *s, size_t len, size_t *i, const char **name, size_t *n)
{
    *name = s + *i;
    *n = 0;
    if (*i >= len) return;
    if (s[*i] == '(') {
        *name = s + *i + 1;
        *n = *i + 3 <= len ? 2 : len - *i - 1;
        *i += 1 + *n;
    } else if (s[*i] == '[') {
        const char *close = memchr(s + *i, ']', len - *i);
        size_t end = close ? (size_t)(close - s) : len;
        *name = s + *i + 1;
        *n = end - *i - 1;
        *i = close ? end + 1 : end;
    } else {
        *n = 1;
        *i += 1;
    }
}

/* Skips a delimited argument at s[*i] ('...' with any delimiter). */
static void skip_delimited(const char *s, size_t len, size_t *i)
{
    if (*i >= len) return;
    char delim = s[(*i)++];
    while (*i < len && s[*i] != delim) (*i)++;
    if (*i < len) (*i)++;
}

/* Writes the printable text of s[0..len) to out; returns true when the text ends in \c
 * (the next line continues this one without a space). */
static bool write_escaped(FILE *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        char c = s[i++];
        if (c != '\\') {
            fputc(c == '\t' ? ' ' : c, out);
            continue;
        }
        if (i >= len) break;
        char e = s[i++];
        const char *name;
        size_t n;
        switch (e) {
        case '\\': case 'e': case 'E': fputc('\\', out); break;
        case '-': fputc('-', out); break;
        case '\'': fputc('\'', out); break;
        case '`': fputc('`', out); break;
        case '.': fputc('.', out); break;
        case '~': case ' ': case '0': case 't': fputc(' ', out); break;
        case '&': case ':': case '|': case '^': case '%': case ')': case ',': case '/': case 'a':
        case 'p': case '{': case '}': case 'r': case 'u': case 'd': case 'z': case '!':
            break;
        case '"': case '#': return false; /* comment to the end of the line */
        case 'c': return true;
        case '(': case '[': {
            i--; /* the name starts at the bracket */
            escape_name(s, len, &i, &name, &n);
            const char *t = lookup(SPECIALS, sizeof(SPECIALS) / sizeof(*SPECIALS), name, n);
            if (t) fputs(t, out);
            break;
        }
        case '*': {
            escape_name(s, len, &i, &name, &n);
            const char *t = lookup(STRINGS, sizeof(STRINGS) / sizeof(*STRINGS), name, n);
            if (t) fputs(t, out);
            break;
        }
        case 'f': case 'F': case 'n': case 'g': case 'k': case 'm': case 'M': case 'V': case 'Y': case '$':
            if (e == 'n' && i < len && (s[i] == '+' || s[i] == '-')) i++;
            escape_name(s, len, &i, &name, &n);
            break;
        case 's':
            if (i < len && (s[i] == '+' || s[i] == '-')) i++;
            if (i < len && s[i] == '\'') skip_delimited(s, len, &i);
            else if (i < len && (s[i] == '(' || s[i] == '[')) escape_name(s, len, &i, &name, &n);
            else if (i < len && isdigit((unsigned char)s[i])) i++;
            break;
        case 'h': case 'v': case 'w': case 'o': case 'b': case 'l': case 'L': case 'D': case 'X':
        case 'Z': case 'x': case 'N': case 'R': case 'A': case 'C': case 'B': case 'O':
            skip_delimited(s, len, &i);
            break;
        default: fputc(e, out); break; /* an escaped ordinary character prints itself */
        }
    }
    return false;
}

/* ---- the formatter ---------------------------------------------------------------------- */

typedef struct {
    FILE *out;
    int last;          /* last character written, '\n' at the start */
    bool nofill;       /* inside .nf/.fi or .EX/.EE */
    bool table;        /* inside .TS/.TE: tables are left out */
    bool tag_next;     /* after .TP: the next text line is the tag */
    bool glue;         /* the previous text ended in \c or a closing .UE: no space */
    int rs_indent;     /* .RS/.RE */
    int par_indent;    /* the body of a tagged paragraph */
} formatter_t;

static void fmt_put(formatter_t *f, const char *s, size_t n)
{
    if (!n) return;
    fwrite(s, 1, n, f->out);
    f->last = (unsigned char)s[n - 1];
}

static void fmt_break(formatter_t *f)
{
    if (f->last != '\n') fmt_put(f, "\n", 1);
    f->glue = false;
}

static void fmt_indent(formatter_t *f, int extra)
{
    for (int k = 0; k < f->rs_indent + extra; k++) fmt_put(f, " ", 1);
}

/* Writes one line of text (already unescaped) according to the mode. */
static void fmt_text(formatter_t *f, const char *text, size_t n, bool ends_glued)
{
    if (f->table) return;
    if (f->nofill) {
        fmt_break(f);
        fmt_indent(f, f->par_indent);
        fmt_put(f, text, n);
        fmt_put(f, "\n", 1);
        return;
    }
    if (f->tag_next) {
        fmt_break(f);
        fmt_indent(f, 0);
        fmt_put(f, text, n);
        if (!ends_glued) {
            fmt_put(f, "\n", 1);
            f->tag_next = false;
            f->par_indent = 4;
        }
        f->glue = ends_glued;
        return;
    }
    while (n && (text[0] == ' ' || text[0] == '\t')) text++, n--;
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t')) n--;
    if (n) {
        if (f->last == '\n') fmt_indent(f, f->par_indent);
        else if (!f->glue) fmt_put(f, " ", 1);
        fmt_put(f, text, n);
    }
    f->glue = ends_glued;
}

/* Unescapes [s, s+n) and writes it as one text line. Returns -1 on out of memory. */
static int fmt_raw(formatter_t *f, const char *s, size_t n)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *tmp = open_memstream(&buf, &size);
    if (!tmp) return -1;
    bool glued = write_escaped(tmp, s, n);
    if (fclose(tmp) != 0) {
        free(buf);
        return -1;
    }
    fmt_text(f, buf, size, glued);
    free(buf);
    return 0;
}

/* Splits a macro's arguments (space separated, "quoted" with "" for a quote) and writes
 * them unescaped to out, with `sep` between them (" " for .B, "" for .BR and friends). */
static void write_args(FILE *out, const char *args, size_t n, const char *sep)
{
    size_t i = 0;
    bool first = true;
    while (i < n) {
        while (i < n && (args[i] == ' ' || args[i] == '\t')) i++;
        if (i >= n) break;
        if (!first) fputs(sep, out);
        first = false;
        if (args[i] == '"') {
            i++;
            while (i < n) {
                if (args[i] == '"') {
                    if (i + 1 < n && args[i + 1] == '"') {
                        fputc('"', out);
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                size_t start = i;
                if (args[i] == '\\' && i + 1 < n) i += 2;
                else i++;
                write_escaped(out, args + start, i - start);
            }
        } else {
            size_t start = i;
            while (i < n && args[i] != ' ' && args[i] != '\t') i += (args[i] == '\\' && i + 1 < n) ? 2 : 1;
            write_escaped(out, args + start, i - start);
        }
    }
}

/* Writes a font macro's arguments as one text line. -1 on out of memory. */
static int fmt_args(formatter_t *f, const char *args, size_t n, const char *sep)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *tmp = open_memstream(&buf, &size);
    if (!tmp) return -1;
    write_args(tmp, args, n, sep);
    if (fclose(tmp) != 0) {
        free(buf);
        return -1;
    }
    if (size || f->tag_next) fmt_text(f, buf, size, false);
    free(buf);
    return 0;
}

/* Writes the tag of an .IP paragraph on its own line (nothing for an empty tag). */
static int tag_line(formatter_t *f, const char *args, size_t n)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *tmp = open_memstream(&buf, &size);
    if (!tmp) return -1;
    write_args(tmp, args, n, " ");
    if (fclose(tmp) != 0) {
        free(buf);
        return -1;
    }
    if (size) {
        f->tag_next = true;
        fmt_text(f, buf, size, false);
    }
    f->tag_next = false;
    free(buf);
    return 0;
}

/* Handles one request line. -1 on out of memory. */
static int fmt_request(formatter_t *f, const char *name, const char *args, size_t n)
{
    if (!name[0]) return 0; /* comment */
    if (!strcmp(name, "TE")) {
        f->table = false;
        return 0;
    }
    if (f->table) return 0;
    if (!strcmp(name, "TS")) {
        fmt_break(f);
        f->table = true;
    } else if (!strcmp(name, "PP") || !strcmp(name, "LP") || !strcmp(name, "P") || !strcmp(name, "HP")) {
        fmt_break(f);
        f->par_indent = 0;
        f->tag_next = false;
    } else if (!strcmp(name, "SS") || !strcmp(name, "SH")) {
        fmt_break(f);
        f->par_indent = 0;
        f->tag_next = false;
        if (fmt_args(f, args, n, " ") != 0) return -1;
        fmt_break(f);
    } else if (!strcmp(name, "TP")) {
        fmt_break(f);
        f->par_indent = 0;
        f->tag_next = true;
    } else if (!strcmp(name, "IP")) {
        fmt_break(f);
        f->par_indent = 0;
        /* the tag is the first argument (an indent may follow); an empty tag prints nothing */
        size_t end = 0;
        if (n && args[0] == '"') {
            for (end = 1; end < n; end++)
                if (args[end] == '"') {
                    if (end + 1 < n && args[end + 1] == '"') end++;
                    else break;
                }
            if (end < n) end++;
        } else {
            while (end < n && args[end] != ' ' && args[end] != '\t') end++;
        }
        if (tag_line(f, args, end) != 0) return -1;
        f->par_indent = 4;
    } else if (!strcmp(name, "RS")) {
        fmt_break(f);
        f->rs_indent += 4;
    } else if (!strcmp(name, "RE")) {
        fmt_break(f);
        if (f->rs_indent >= 4) f->rs_indent -= 4;
    } else if (!strcmp(name, "nf") || !strcmp(name, "EX")) {
        fmt_break(f);
        f->nofill = true;
    } else if (!strcmp(name, "fi") || !strcmp(name, "EE")) {
        fmt_break(f);
        f->nofill = false;
    } else if (!strcmp(name, "br") || !strcmp(name, "sp")) {
        fmt_break(f);
    } else if (!strcmp(name, "B") || !strcmp(name, "I") || !strcmp(name, "SM") || !strcmp(name, "SB")) {
        if (n && fmt_args(f, args, n, " ") != 0) return -1;
    } else if (!strcmp(name, "BR") || !strcmp(name, "BI") || !strcmp(name, "IB") || !strcmp(name, "IR") ||
               !strcmp(name, "RB") || !strcmp(name, "RI")) {
        if (fmt_args(f, args, n, "") != 0) return -1;
    } else if (!strcmp(name, "UE") || !strcmp(name, "ME")) {
        f->glue = true; /* trailing punctuation follows the link text directly */
        if (n && fmt_args(f, args, n, "") != 0) return -1;
    }
    /* every other request (.TH, .in, .ad, .nh, .UR, .so, .de, ...) prints nothing */
    return 0;
}

char *review_manpage_plain(const char *roff, size_t length)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out) return NULL;
    formatter_t f = {.out = out, .last = '\n'};
    line_reader_t r = {.text = roff, .length = length};
    const char *line;
    size_t n;
    bool oom = false;
    while (!oom && next_line(&r, &line, &n, &oom)) {
        if (n && (line[0] == '.' || line[0] == '\'')) {
            char name[16];
            const char *args;
            request_name(line, n, name, sizeof(name), &args);
            if (fmt_request(&f, name, args, (size_t)(line + n - args)) != 0) oom = true;
        } else if (n == 0 && !f.nofill) {
            if (!f.table) fmt_break(&f);
        } else {
            if (!f.nofill && (line[0] == ' ' || line[0] == '\t')) fmt_break(&f);
            if (fmt_raw(&f, line, n) != 0) oom = true;
        }
    }
    if (f.last != '\n') fputc('\n', out);
    free(r.joined);
    if (fclose(out) != 0 || oom) {
        free(text);
        return NULL;
    }
    /* a page that printed nothing gives "" rather than a lone newline */
    if (size == 1 && text[0] == '\n') text[0] = 0;
    return text;
}

/* ---- sections --------------------------------------------------------------------------- */

static const char *const WANTED[] = {"RETURN VALUE", "ERRORS", "NOTES", "BUGS", "CAVEATS"};
enum { WANTED_COUNT = sizeof(WANTED) / sizeof(*WANTED), FIRST_SHORT_ONLY = 3 };

/* The index in WANTED of a section title, or -1. "RETURN VALUES" counts as RETURN VALUE. */
static int wanted_index(const char *title)
{
    for (int i = 0; i < WANTED_COUNT; i++)
        if (!strcasecmp(title, WANTED[i])) return i;
    if (!strcasecmp(title, "RETURN VALUES")) return 0;
    return -1;
}

/* A section title: the .SH arguments as text, trimmed. NULL on out of memory. */
static char *section_title(const char *args, size_t n)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *tmp = open_memstream(&buf, &size);
    if (!tmp) return NULL;
    write_args(tmp, args, n, " ");
    if (fclose(tmp) != 0) {
        free(buf);
        return NULL;
    }
    while (size && isspace((unsigned char)buf[size - 1])) buf[--size] = 0;
    return buf;
}

/* Cuts text into sections and fills page->sections with the wanted ones. -1 on OOM. */
static int extract_sections(review_manpage_t *page, const char *text, size_t length)
{
    struct {
        size_t start, end;
        bool seen;
    } spans[WANTED_COUNT] = {{0}};
    line_reader_t r = {.text = text, .length = length};
    const char *line;
    size_t n;
    bool oom = false;
    int current = -1;
    size_t line_start = 0;
    bool title_next = false; /* `.SH` alone: the title is on the next line */
    while (!oom) {
        line_start = r.pos;
        if (!next_line(&r, &line, &n, &oom)) break;
        char *title = NULL;
        if (title_next) {
            title_next = false;
            title = section_title(line, n);
            if (!title) {
                oom = true;
                break;
            }
            current = wanted_index(title);
            if (current >= 0 && !spans[current].seen) spans[current].start = r.pos;
            else current = -1;
            free(title);
            continue;
        }
        if (!(n && (line[0] == '.' || line[0] == '\''))) continue;
        char name[16];
        const char *args;
        request_name(line, n, name, sizeof(name), &args);
        if (strcmp(name, "SH") != 0) continue;
        if (current >= 0) {
            spans[current].end = line_start;
            spans[current].seen = true;
        }
        current = -1;
        size_t arg_len = (size_t)(line + n - args);
        if (!arg_len) {
            title_next = true;
            continue;
        }
        title = section_title(args, arg_len);
        if (!title) {
            oom = true;
            break;
        }
        int w = wanted_index(title);
        free(title);
        if (w >= 0 && !spans[w].seen) {
            current = w;
            spans[w].start = r.pos;
        }
    }
    free(r.joined);
    if (oom) return -1;
    if (current >= 0) {
        spans[current].end = length;
        spans[current].seen = true;
    }
    page->sections = calloc(WANTED_COUNT, sizeof(*page->sections));
    if (!page->sections) return -1;
    for (int w = 0; w < WANTED_COUNT; w++) {
        if (!spans[w].seen) continue;
        char *plain = review_manpage_plain(text + spans[w].start, spans[w].end - spans[w].start);
        if (!plain) return -1;
        size_t len = strlen(plain);
        if (!len || (w >= FIRST_SHORT_ONLY && len > REVIEW_MANPAGE_SHORT_SECTION)) {
            free(plain);
            continue;
        }
        review_manpage_section_t *s = &page->sections[page->section_count];
        s->title = strdup(WANTED[w]);
        s->text = plain;
        page->section_count++;
        if (!s->title) return -1;
    }
    return 0;
}

/* ---- lookup ----------------------------------------------------------------------------- */

/* The target of a page that is only a `.so FILE` line: FILE into target, true. */
static bool so_target(const char *text, size_t length, char *target, size_t size)
{
    line_reader_t r = {.text = text, .length = length};
    const char *line;
    size_t n;
    bool oom = false, found = false;
    while (next_line(&r, &line, &n, &oom)) {
        if (!n) continue;
        if (line[0] != '.' && line[0] != '\'') break;
        char name[16];
        const char *args;
        request_name(line, n, name, sizeof(name), &args);
        if (!name[0]) continue; /* comments before it */
        if (!strcmp(name, "so")) {
            size_t len = (size_t)(line + n - args);
            while (len && isspace((unsigned char)args[len - 1])) len--;
            if (len && len < size) {
                memcpy(target, args, len);
                target[len] = 0;
                found = true;
            }
        }
        break;
    }
    free(r.joined);
    return found;
}

static bool is_identifier(const char *s)
{
    if (!s || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return false;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_')) return false;
    return true;
}

/* Reads path, or path.gz when path itself does not exist. 1/0/-1 as read_page; the path
 * read is left in path. */
static int read_plain_or_gz(char *path, size_t size, char **text, size_t *length, char *err, size_t err_size)
{
    int rc = read_page(path, text, length, err, err_size);
    if (rc != 0) return rc;
    size_t len = strlen(path);
    if (len + 4 >= size) return 0;
    memcpy(path + len, ".gz", 4);
    rc = read_page(path, text, length, err, err_size);
    if (rc == 0) path[len] = 0;
    return rc;
}

int review_manpage_find(review_manpage_t **out, const char *man_dir, const char *function, char *err,
                        size_t err_size)
{
    *out = NULL;
    if (!man_dir) man_dir = REVIEW_MANPAGE_DEFAULT_DIR;
    if (!is_identifier(function) || strlen(function) > 128) return 0;
    static const int SECTIONS[] = {3, 2};
    char path[4096];
    char *text = NULL;
    size_t length = 0;
    int section = 0;
    for (size_t s = 0; s < 2 && !text; s++) {
        for (int gz = 1; gz >= 0 && !text; gz--) {
            int n = snprintf(path, sizeof(path), "%s/man%d/%s.%d%s", man_dir, SECTIONS[s], function, SECTIONS[s],
                             gz ? ".gz" : "");
            if (n < 0 || (size_t)n >= sizeof(path)) return 0;
            int rc = read_page(path, &text, &length, err, err_size);
            if (rc < 0) return -1;
            if (rc > 0) section = SECTIONS[s];
        }
    }
    if (!text) return 0;
    /* follow `.so` redirections, relative to the man folder */
    for (int hops = 0;; hops++) {
        char target[1024];
        if (!so_target(text, length, target, sizeof(target))) break;
        free(text);
        text = NULL;
        if (hops >= REVIEW_MANPAGE_MAX_HOPS) {
            snprintf(err, err_size, "%s: more than %d .so redirections", path, REVIEW_MANPAGE_MAX_HOPS);
            return -1;
        }
        if (target[0] == '/' || strstr(target, "..")) {
            snprintf(err, err_size, "%s: .so %s leaves the man folder", path, target);
            return -1;
        }
        char from[4096];
        snprintf(from, sizeof(from), "%s", path);
        int n = snprintf(path, sizeof(path), "%s/%s", man_dir, target);
        int rc = (n < 0 || (size_t)n >= sizeof(path)) ? 0 : read_plain_or_gz(path, sizeof(path), &text, &length, err, err_size);
        if (rc < 0) return -1;
        if (rc == 0) {
            snprintf(err, err_size, "%s: .so %s names no page", from, target);
            return -1;
        }
    }
    review_manpage_t *page = calloc(1, sizeof(*page));
    if (!page || !(page->function = strdup(function)) || !(page->path = strdup(path)) ||
        extract_sections(page, text, length) != 0) {
        free(text);
        review_manpage_free(page);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    free(text);
    page->section = section;
    if (!page->section_count) {
        review_manpage_free(page);
        return 0;
    }
    *out = page;
    return 0;
}

void review_manpage_free(review_manpage_t *page)
{
    if (!page) return;
    for (size_t i = 0; i < page->section_count; i++) {
        free(page->sections[i].title);
        free(page->sections[i].text);
    }
    free(page->sections);
    free(page->function);
    free(page->path);
    free(page);
}
