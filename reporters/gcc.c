/* gcc.c — gcc/clang-style text diagnostics with carets and parseable fix-its (see gcc.h).
 *
 * The one idea: a source line is rendered once into its display form (tabs expanded,
 * unprintable characters spelled out) together with a table giving, for every byte of the
 * line, the display column it starts at. Carets, tildes and fix-it insertion text are then
 * placed by display column, so they line up under the code whatever the line contains.
 * Everything is built in a buffer and written at the end. */
#include "reporters/gcc.h"

#include <stdlib.h>
#include <string.h>

#include "reporters/text.h"
#include "core/utf8.h"

#define TAB_STOP 8
#define MAX_SOURCE_LINE 4096 /* bytes; longer lines (minified code) are not shown */

/* clang's colours: bold location, magenta warning, red error, green caret and fix-its;
 * notes in gcc's bold cyan (clang's bold black is invisible on dark terminals). */
#define COLOR_RESET "\033[0m"
#define COLOR_BOLD "\033[1m"
#define COLOR_WARNING "\033[0;1;35m"
#define COLOR_ERROR "\033[0;1;31m"
#define COLOR_NOTE "\033[0;1;36m"
#define COLOR_CARET "\033[0;1;32m"
#define COLOR_FIXIT "\033[0;32m"

typedef struct {
    text_buffer_t *out;
    const report_options_t *options;
    bool color;
} gcc_writer_t;

/* ---- escaping --------------------------------------------------------------------- */

static void put_octal(text_buffer_t *out, unsigned char c)
{
    char escape[5] = {'\\', (char)('0' + ((c >> 6) & 7)), (char)('0' + ((c >> 3) & 7)),
                      (char)('0' + (c & 7)), 0};
    text_buffer_append(out, escape, 4);
}

/* llvm::raw_ostream::write_escaped, as clang's parseable fix-its use it: \\ \t \n \"
 * escaped, printable ASCII as is, every other byte (UTF-8 included) as a 3-digit octal
 * escape. */
static void put_fixit_escaped(text_buffer_t *out, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        switch (*p) {
        case '\\': text_buffer_puts(out, "\\\\"); break;
        case '\t': text_buffer_puts(out, "\\t"); break;
        case '\n': text_buffer_puts(out, "\\n"); break;
        case '"': text_buffer_puts(out, "\\\""); break;
        default:
            if (*p >= 0x20 && *p < 0x7F) text_buffer_putc(out, (char)*p);
            else put_octal(out, *p);
        }
    }
}

/* True for a code point a terminal shows as text: not a C0 or C1 control, not DEL. */
static bool printable(uint32_t cp)
{
    return (cp >= 0x20 && cp < 0x7F) || cp >= 0xA0;
}

/* Paths and messages go on one line: control characters (C0, DEL, C1) and invalid UTF-8
 * bytes are escaped the same way, so a newline in a message cannot forge a diagnostic line
 * and a message cannot send a terminal escape sequence. */
static void put_one_line(text_buffer_t *out, const char *text)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t length = strlen((const char *)s), i = 0;
    while (i < length) {
        uint32_t cp = 0xFFFD; /* what an invalid byte stands for */
        size_t n = utf8_decode((const char *)s + i, length - i, &cp);
        if (n && printable(cp)) {
            text_buffer_append(out, (const char *)s + i, n);
            i += n;
            continue;
        }
        for (size_t k = 0; k < (n ? n : 1); k++) {
            unsigned char c = s[i + k];
            if (c == '\n') text_buffer_puts(out, "\\n");
            else if (c == '\t') text_buffer_puts(out, "\\t");
            else put_octal(out, c);
        }
        i += n ? n : 1;
    }
}

/* ---- display width ---------------------------------------------------------------- */

typedef struct {
    uint32_t first, last;
} code_range_t;

/* East Asian Wide/Fullwidth blocks and emoji: two terminal columns. */
static const code_range_t wide_ranges[] = {
    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
    {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Combining marks and zero-width characters: no column of their own. */
static const code_range_t zero_width_ranges[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F},
};

static bool in_ranges(uint32_t cp, const code_range_t *ranges, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (cp >= ranges[i].first && cp <= ranges[i].last) return true;
    return false;
}

static unsigned display_width(uint32_t cp)
{
    if (in_ranges(cp, zero_width_ranges, sizeof(zero_width_ranges) / sizeof(*zero_width_ranges)))
        return 0;
    if (in_ranges(cp, wide_ranges, sizeof(wide_ranges) / sizeof(*wide_ranges))) return 2;
    return 1;
}

/* ---- one source line, rendered ---------------------------------------------------- */

typedef struct {
    text_buffer_t text;  /* the line as printed */
    uint32_t *columns;   /* (length + 1,) display column (0-based) where byte i starts */
    size_t length;       /* bytes in the source line */
    uint32_t width;      /* display columns of the whole line */
} rendered_line_t;

static int rendered_line_init(rendered_line_t *r, const char *line, size_t length)
{
    text_buffer_init(&r->text);
    text_buffer_append(&r->text, "", 0);
    r->length = length;
    r->width = 0;
    r->columns = malloc((length + 1) * sizeof(*r->columns));
    if (!r->columns) return -1;
    const unsigned char *s = (const unsigned char *)line;
    size_t i = 0;
    uint32_t column = 0;
    while (i < length) {
        uint32_t cp = 0xFFFD; /* what an invalid byte stands for */
        size_t n = utf8_decode((const char *)s + i, length - i, &cp);
        for (size_t k = 0; k < (n ? n : 1); k++) r->columns[i + k] = column;
        if (n == 0) { /* an invalid byte, as clang shows it */
            text_buffer_printf(&r->text, "<%02X>", s[i]);
            column += 4;
            i += 1;
            continue;
        }
        if (cp == '\t') {
            unsigned spaces = TAB_STOP - column % TAB_STOP;
            for (unsigned k = 0; k < spaces; k++) text_buffer_putc(&r->text, ' ');
            column += spaces;
        } else if (!printable(cp)) {
            text_buffer_printf(&r->text, "<U+%04X>", (unsigned)cp);
            column += 8;
        } else {
            text_buffer_append(&r->text, (const char *)s + i, n);
            column += display_width(cp);
        }
        i += n;
    }
    r->columns[length] = column;
    r->width = column;
    return r->text.failed ? -1 : 0;
}

static void rendered_line_destroy(rendered_line_t *r)
{
    text_buffer_destroy(&r->text);
    free(r->columns);
}

/* Display column of the 1-based byte column. A column past the end of the line (a range
 * ending at the newline, or a stale location) is placed just after the line's end, so a
 * wrong column cannot make a caret line of a billion spaces. */
static uint32_t display_column(const rendered_line_t *r, uint32_t byte_column)
{
    size_t offset = byte_column ? byte_column - 1 : 0;
    if (offset <= r->length) return r->columns[offset];
    return r->width + 1;
}

static void put_spaces(text_buffer_t *out, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) text_buffer_putc(out, ' ');
}

/* The printable form of a fix-it's text for the insertion line, or false when it holds
 * anything that would not print as one plain line (clang leaves those out too). */
static bool insertion_text_printable(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t length = strlen(text), i = 0;
    while (i < length) {
        uint32_t cp = 0xFFFD; /* what an invalid byte stands for */
        size_t n = utf8_decode((const char *)s + i, length - i, &cp);
        if (n == 0 || !printable(cp)) return false;
        i += n;
    }
    return length > 0;
}

static uint32_t text_display_width(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t length = strlen(text), i = 0;
    uint32_t width = 0;
    while (i < length) {
        uint32_t cp = 0xFFFD; /* what an invalid byte stands for */
        size_t n = utf8_decode((const char *)s + i, length - i, &cp);
        width += n ? display_width(cp) : 1;
        i += n ? n : 1;
    }
    return width;
}

/* ---- blocks ----------------------------------------------------------------------- */

static void put_header(gcc_writer_t *w, const char *path, uint32_t line, uint32_t column,
                       severity_t severity, const char *message, const char *rule_id)
{
    text_buffer_t *out = w->out;
    const char *word = severity == SEVERITY_ERROR ? "error" : severity == SEVERITY_NOTE ? "note" : "warning";
    const char *color = severity == SEVERITY_ERROR ? COLOR_ERROR
                        : severity == SEVERITY_NOTE ? COLOR_NOTE : COLOR_WARNING;
    if (w->color) text_buffer_puts(out, COLOR_BOLD);
    put_one_line(out, path && *path ? path : "<unknown>");
    if (line) {
        text_buffer_printf(out, ":%u", (unsigned)line);
        if (column) text_buffer_printf(out, ":%u", (unsigned)column);
    }
    text_buffer_puts(out, ": ");
    if (w->color) {
        text_buffer_puts(out, COLOR_RESET);
        text_buffer_puts(out, color);
    }
    text_buffer_puts(out, word);
    text_buffer_puts(out, ": ");
    if (w->color) {
        text_buffer_puts(out, COLOR_RESET);
        if (severity != SEVERITY_NOTE) text_buffer_puts(out, COLOR_BOLD);
    }
    put_one_line(out, message && *message ? message : "(no message)");
    if (rule_id && *rule_id) {
        text_buffer_puts(out, " [");
        put_one_line(out, rule_id);
        text_buffer_putc(out, ']');
    }
    if (w->color) text_buffer_puts(out, COLOR_RESET);
    text_buffer_putc(out, '\n');
}

/* The source line of range's start, a caret line under the range (on that line) and, if
 * fix is given, clang's insertion line showing the fix's one-line edits of that line. */
static int put_snippet(gcc_writer_t *w, const char *path, const source_range_t *range,
                       const fix_t *fix)
{
    size_t length;
    const char *line = text_source_line(w->options, path, range->start_line, &length);
    if (!line || length > MAX_SOURCE_LINE) return 0;
    rendered_line_t r;
    if (rendered_line_init(&r, line, length) != 0) {
        rendered_line_destroy(&r);
        return -1;
    }
    text_buffer_t *out = w->out;
    text_buffer_append(out, r.text.data, r.text.length);
    text_buffer_putc(out, '\n');

    uint32_t start = display_column(&r, range->start_col ? range->start_col : 1);
    uint32_t end = start + 1;
    if (range->end_line == range->start_line && range->end_col > range->start_col)
        end = display_column(&r, range->end_col);
    else if (range->end_line > range->start_line && r.width > start)
        end = r.width; /* the range goes on below: underline to the end of this line */
    if (end <= start) end = start + 1;
    if (w->color) text_buffer_puts(out, COLOR_CARET);
    put_spaces(out, start);
    text_buffer_putc(out, '^');
    for (uint32_t c = start + 1; c < end; c++) text_buffer_putc(out, '~');
    if (w->color) text_buffer_puts(out, COLOR_RESET);
    text_buffer_putc(out, '\n');

    if (fix) {
        text_buffer_t hint;
        text_buffer_init(&hint);
        uint32_t hint_end = 0; /* display columns used so far on the insertion line */
        for (size_t i = 0; i < fix->edit_count; i++) {
            const fix_edit_t *edit = &fix->edits[i];
            if (edit->range.start_line != range->start_line ||
                edit->range.end_line != range->start_line ||
                !insertion_text_printable(edit->replacement))
                continue;
            uint32_t column = display_column(&r, edit->range.start_col ? edit->range.start_col : 1);
            if (hint.length && column <= hint_end) column = hint_end + 1; /* as clang: shift right */
            put_spaces(&hint, column - hint_end);
            text_buffer_puts(&hint, edit->replacement);
            hint_end = column + text_display_width(edit->replacement);
        }
        if (hint.length) {
            if (w->color) text_buffer_puts(out, COLOR_FIXIT);
            text_buffer_append(out, hint.data, hint.length);
            if (w->color) text_buffer_puts(out, COLOR_RESET);
            text_buffer_putc(out, '\n');
        }
        if (hint.failed) out->failed = true;
        text_buffer_destroy(&hint);
    }
    rendered_line_destroy(&r);
    return 0;
}

/* clang -fdiagnostics-parseable-fixits: fix-it:"file":{l1:c1-l2:c2}:"text" per edit. */
static void put_fixits(gcc_writer_t *w, const char *path, const fix_t *fix)
{
    for (size_t i = 0; i < fix->edit_count; i++) {
        const fix_edit_t *edit = &fix->edits[i];
        text_buffer_puts(w->out, "fix-it:\"");
        put_fixit_escaped(w->out, path);
        text_buffer_printf(w->out, "\":{%u:%u-%u:%u}:\"", (unsigned)edit->range.start_line,
                           (unsigned)edit->range.start_col, (unsigned)edit->range.end_line,
                           (unsigned)edit->range.end_col);
        put_fixit_escaped(w->out, edit->replacement);
        text_buffer_puts(w->out, "\"\n");
    }
}

static const char *verdict_words(review_verdict_t verdict)
{
    switch (verdict) {
    case REVIEW_TRUE_POSITIVE: return "likely a real problem";
    case REVIEW_FALSE_POSITIVE: return "likely a false positive";
    case REVIEW_UNCERTAIN: return "uncertain";
    default: return NULL;
    }
}

static int put_candidate(gcc_writer_t *w, const candidate_t *c)
{
    const char *path = c->path;
    /* only a fix the verifier accepted is offered; a rejected one gets a note saying why */
    const fix_t *fix = c->fix && c->fix->verified && c->fix->edit_count ? c->fix : NULL;
    bool safe_fix = fix && !fix->may_change_meaning;

    put_header(w, path, c->range.start_line, c->range.start_col, c->severity, c->message,
               c->rule_id);
    if (put_snippet(w, path, &c->range, safe_fix ? fix : NULL) != 0) return -1;
    if (safe_fix) put_fixits(w, path, fix);

    for (size_t i = 0; i < c->flow_count; i++) {
        const flow_step_t *step = &c->flow[i];
        put_header(w, path, step->range.start_line, step->range.start_col, SEVERITY_NOTE,
                   step->message, NULL);
        if (put_snippet(w, path, &step->range, NULL) != 0) return -1;
    }

    if (fix && !safe_fix) {
        const source_range_t *at = &fix->edits[0].range;
        put_header(w, path, at->start_line, at->start_col, SEVERITY_NOTE,
                   fix->description && *fix->description ? fix->description : "possible fix",
                   c->rule_id);
        if (put_snippet(w, path, at, fix) != 0) return -1;
        put_fixits(w, path, fix);
    }

    if (c->fix && !c->fix->verified && c->fix->rejected_reason) {
        text_buffer_t note;
        text_buffer_init(&note);
        text_buffer_printf(&note, "fix not offered: %s", c->fix->rejected_reason);
        put_header(w, path, c->range.start_line, c->range.start_col, SEVERITY_NOTE,
                   note.failed ? "fix not offered" : note.data, c->rule_id);
        text_buffer_destroy(&note);
    }

    if (c->certainty == CERTAINTY_LOW) { /* shown only with --min-certainty=low: say why */
        const char *why = candidate_fact(c, "certainty_reason");
        text_buffer_t note;
        text_buffer_init(&note);
        text_buffer_printf(&note, "low certainty: %s", why && *why ? why : "it rests on values assay cannot see");
        put_header(w, path, c->range.start_line, c->range.start_col, SEVERITY_NOTE,
                   note.failed ? "low certainty" : note.data, NULL);
        text_buffer_destroy(&note);
    }

    const char *words = verdict_words(c->verdict);
    if (words) {
        text_buffer_t note;
        text_buffer_init(&note);
        text_buffer_printf(&note, "model review: %s (confidence %d%%%s)", words, c->confidence,
                           c->dismissed ? ", dismissed" : c->confirmed ? ", confirmed" : "");
        if (c->review_reason && *c->review_reason) {
            text_buffer_puts(&note, ": ");
            text_buffer_puts(&note, c->review_reason);
        }
        put_header(w, path, c->range.start_line, c->range.start_col, SEVERITY_NOTE,
                   note.failed ? "model review" : note.data, NULL);
        text_buffer_destroy(&note);
    } else if (c->review_state == REVIEW_STATE_UNREVIEWED && c->review_reason) {
        text_buffer_t note;
        text_buffer_init(&note);
        text_buffer_printf(&note, "model review: %s", c->review_reason);
        put_header(w, path, c->range.start_line, c->range.start_col, SEVERITY_NOTE,
                   note.failed ? "model review" : note.data, NULL);
        text_buffer_destroy(&note);
    }
    if (c->draft_rejected) {
        text_buffer_t note;
        text_buffer_init(&note);
        text_buffer_printf(&note, "the model's drafted fix was rejected: %s", c->draft_rejected);
        put_header(w, path, c->range.start_line, c->range.start_col, SEVERITY_NOTE,
                   note.failed ? "drafted fix rejected" : note.data, NULL);
        text_buffer_destroy(&note);
    }
    return 0;
}

int gcc_report_format_candidate(text_buffer_t *out, const candidate_t *candidate,
                                const report_options_t *options)
{
    gcc_writer_t w = {.out = out, .options = options, .color = false};
    if (put_candidate(&w, candidate) != 0) out->failed = true;
    return out->failed ? -1 : 0;
}

int gcc_report_write(FILE *out, const candidate_list_t *candidates, const report_options_t *options,
                     char *err, size_t err_size)
{
    text_buffer_t buffer;
    text_buffer_init(&buffer);
    gcc_writer_t w = {.out = &buffer, .options = options, .color = options->color};
    for (size_t i = 0; i < candidates->count; i++) {
        if (!candidates->items[i]) continue;
        /* a confident false positive of the model review: only with --show-dismissed */
        if (candidates->items[i]->dismissed && !options->show_dismissed) continue;
        if (put_candidate(&w, candidates->items[i]) != 0) buffer.failed = true;
    }
    for (size_t i = 0; i < options->notice_count; i++) {
        const notice_t *notice = &options->notices[i];
        put_header(&w, notice->path, 0, 0, SEVERITY_WARNING, notice->message, NULL);
    }
    int rc = text_buffer_write(&buffer, out, err, err_size);
    text_buffer_destroy(&buffer);
    return rc;
}
