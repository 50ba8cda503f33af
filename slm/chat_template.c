/* chat_template.c — fixed layouts of the common chat template families (chat_template.h).
 *
 * Each family is a function appending one message to a growing buffer, plus the text that
 * opens an assistant turn. Detection looks for each family's marker tokens in the Jinja
 * source, most specific first (Phi-3 and Zephyr share <|user|>; <|end|> tells them apart). */
#include "slm/chat_template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"chatml", "llama3", "llama2", "gemma", "phi3", "zephyr"};

const char *chat_template_name(chat_template_kind_t kind)
{
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}

int chat_template_parse(const char *name, chat_template_kind_t *out)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (chat_template_kind_t)i;
            return 0;
        }
    }
    return -1;
}

int chat_template_detect(const char *t, chat_template_kind_t *out)
{
    if (!t) return -1;
    if (strstr(t, "<|im_start|>")) *out = CHAT_TEMPLATE_CHATML;
    else if (strstr(t, "<|start_header_id|>")) *out = CHAT_TEMPLATE_LLAMA3;
    else if (strstr(t, "<start_of_turn>")) *out = CHAT_TEMPLATE_GEMMA;
    else if (strstr(t, "<|user|>") && strstr(t, "<|end|>")) *out = CHAT_TEMPLATE_PHI3;
    else if (strstr(t, "<|user|>")) *out = CHAT_TEMPLATE_ZEPHYR;
    else if (strstr(t, "[INST]")) *out = CHAT_TEMPLATE_LLAMA2;
    else return -1;
    return 0;
}

/* ---- a growing string ------------------------------------------------------------------ */

typedef struct {
    char *data;
    size_t len, cap;
    bool failed;
} text_t;

static void append(text_t *b, const char *fmt, ...)
{
    if (b->failed) return;
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0 || b->len + (size_t)need + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 256) + (size_t)(need > 0 ? need : 0);
        char *d = need < 0 ? NULL : realloc(b->data, cap);
        if (!d) {
            b->failed = true;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)need;
}

/* ---- the families ---------------------------------------------------------------------- */

static void format_message(chat_template_kind_t kind, text_t *b, const chat_message_t *m,
                           size_t index, const char *system)
{
    const char *role = m->role, *c = m->content;
    switch (kind) {
    case CHAT_TEMPLATE_CHATML:
        append(b, "<|im_start|>%s\n%s<|im_end|>\n", role, c);
        break;
    case CHAT_TEMPLATE_LLAMA3:
        append(b, "<|start_header_id|>%s<|end_header_id|>\n\n%s<|eot_id|>", role, c);
        break;
    case CHAT_TEMPLATE_PHI3:
        append(b, "<|%s|>\n%s<|end|>\n", role, c);
        break;
    case CHAT_TEMPLATE_ZEPHYR:
        append(b, "<|%s|>\n%s</s>\n", role, c);
        break;
    case CHAT_TEMPLATE_GEMMA: /* no system role: it opens the first user turn */
        if (strcmp(role, "system") == 0) break;
        append(b, "<start_of_turn>%s\n", strcmp(role, "assistant") == 0 ? "model" : "user");
        if (system && index == 1) append(b, "%s\n\n", system);
        append(b, "%s<end_of_turn>\n", c);
        break;
    case CHAT_TEMPLATE_LLAMA2: /* [INST] <<SYS>>\nsys\n<</SYS>>\n\nuser [/INST] answer</s> */
        if (strcmp(role, "system") == 0) break;
        if (strcmp(role, "user") == 0) {
            if (b->len > 0) append(b, "<s>");
            append(b, "[INST] ");
            if (system && index == 1) append(b, "<<SYS>>\n%s\n<</SYS>>\n\n", system);
            append(b, "%s [/INST]", c);
        } else {
            append(b, " %s </s>", c);
        }
        break;
    }
}

static const char *assistant_prefix(chat_template_kind_t kind)
{
    switch (kind) {
    case CHAT_TEMPLATE_CHATML: return "<|im_start|>assistant\n";
    case CHAT_TEMPLATE_LLAMA3: return "<|start_header_id|>assistant<|end_header_id|>\n\n";
    case CHAT_TEMPLATE_PHI3:
    case CHAT_TEMPLATE_ZEPHYR: return "<|assistant|>\n";
    case CHAT_TEMPLATE_GEMMA: return "<start_of_turn>model\n";
    case CHAT_TEMPLATE_LLAMA2: return "";
    }
    return "";
}

int chat_template_apply(chat_template_kind_t kind, const chat_message_t *messages, size_t n,
                        bool add_assistant_prefix, char **out, size_t *len, char *err,
                        size_t err_size)
{
    *out = NULL;
    *len = 0;
    if ((unsigned)kind >= sizeof names / sizeof names[0]) {
        snprintf(err, err_size, "chat template: unknown family %d", (int)kind);
        return -1;
    }
    const char *system = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *r = messages[i].role;
        if (!r || !messages[i].content ||
            (strcmp(r, "system") && strcmp(r, "user") && strcmp(r, "assistant"))) {
            snprintf(err, err_size, "chat template: message %zu has role '%s' (system, user "
                     "or assistant)", i, r ? r : "(null)");
            return -1;
        }
        if (strcmp(r, "system") == 0) {
            if (i != 0) {
                snprintf(err, err_size, "chat template: the system message must come first "
                         "(found at %zu)", i);
                return -1;
            }
            system = messages[i].content;
        }
    }
    text_t b = {0};
    append(&b, "%s", ""); /* an empty conversation still gives a string */
    for (size_t i = 0; i < n; i++) format_message(kind, &b, &messages[i], i, system);
    if (add_assistant_prefix) append(&b, "%s", assistant_prefix(kind));
    if (b.failed) {
        free(b.data);
        snprintf(err, err_size, "chat template: out of memory");
        return -1;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}
