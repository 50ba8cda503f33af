/* chat_template.h — turns a conversation into the prompt text a chat model was trained on.
 *
 * GGUF files carry their chat template as a Jinja program (tokenizer.chat_template). Like
 * llama.cpp, assay does not run Jinja: it recognises the template family by its marker
 * tokens and formats the messages with that family's fixed layout. Families: ChatML
 * (<|im_start|>: Qwen, SmolLM), Llama 3 (<|start_header_id|>), Llama 2 / Mistral ([INST]),
 * Gemma (<start_of_turn>), Phi-3 (<|user|> … <|end|>), Zephyr (<|user|> … </s>).
 * Template-specific defaults written in Jinja (e.g. Qwen's default system message) are
 * not reproduced: pass a system message when the model expects one. The output contains
 * special-token text, so encode it with parse_special set, and without a leading BOS (the
 * tokenizer adds it). */
#ifndef ASSAY_SLM_CHAT_TEMPLATE_H
#define ASSAY_SLM_CHAT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    CHAT_TEMPLATE_CHATML = 0,
    CHAT_TEMPLATE_LLAMA3,
    CHAT_TEMPLATE_LLAMA2,
    CHAT_TEMPLATE_GEMMA,
    CHAT_TEMPLATE_PHI3,
    CHAT_TEMPLATE_ZEPHYR,
} chat_template_kind_t;

typedef struct {
    const char *role;    /* "system", "user" or "assistant" */
    const char *content; /* NUL-terminated */
} chat_message_t;

/* Recognises the family of a Jinja template text. Returns 0, or -1 when no family's
 * markers are present. */
int chat_template_detect(const char *template_text, chat_template_kind_t *out);
/* Family by name: "chatml", "llama3", "llama2", "gemma", "phi3", "zephyr"; -1 if unknown. */
int chat_template_parse(const char *name, chat_template_kind_t *out);
const char *chat_template_name(chat_template_kind_t kind);

/* Formats messages[0..n). add_assistant_prefix ends the text with the opening of an
 * assistant turn, so the model's continuation is its answer. *out is malloc'd and
 * NUL-terminated (caller frees), *len its length. Returns 0, or -1 with a message in err
 * (unknown role, a system message not first, out of memory). */
int chat_template_apply(chat_template_kind_t kind, const chat_message_t *messages, size_t n,
                        bool add_assistant_prefix, char **out, size_t *len, char *err,
                        size_t err_size);

#endif
