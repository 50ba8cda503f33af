/* verdict.c — the review verdict grammar: the JSON Schema in
 * grammar/schemas/verdict.schema.json (compiled in below; a unit test keeps the two
 * identical) converted to GBNF, with the fix's replacement text optionally restricted at
 * run time to what the finding allows:
 *   - free code made only of the identifiers in scope, C keywords, numbers, string and
 *     character literals, punctuation and whitespace — two words always separated, so
 *     "ab" cannot be spelled as "a" "b";
 *   - and/or one of a rule's fix templates, verbatim.
 * The replacement is a JSON string, so the code grammar is written over JSON-escaped C:
 * a newline is \n, a C string literal "x" is \"x\". */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar_impl.h"

#define REPLACEMENT_POINTER "/properties/fix/anyOf/1/properties/replacement"

static const char verdict_schema[] =
    "{\n"
    "  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
    "  \"$id\": \"https://assay.dev/schemas/verdict.schema.json\",\n"
    "  \"title\": \"assay review verdict\",\n"
    "  \"description\": \"What the model answers for one candidate finding. Properties appear in this order; the grammar generated from this schema (grammar_verdict_gbnf) makes any other output impossible.\",\n"
    "  \"type\": \"object\",\n"
    "  \"properties\": {\n"
    "    \"verdict\": {\n"
    "      \"description\": \"Is the candidate a real problem?\",\n"
    "      \"enum\": [\"true_positive\", \"false_positive\", \"uncertain\"]\n"
    "    },\n"
    "    \"confidence\": {\n"
    "      \"description\": \"Percent.\",\n"
    "      \"type\": \"integer\",\n"
    "      \"minimum\": 0,\n"
    "      \"maximum\": 100\n"
    "    },\n"
    "    \"reason\": {\n"
    "      \"description\": \"One or two sentences a developer reads next to the finding.\",\n"
    "      \"type\": \"string\",\n"
    "      \"maxLength\": 240\n"
    "    },\n"
    "    \"fix\": {\n"
    "      \"description\": \"A replacement for whole lines of the file, or null.\",\n"
    "      \"anyOf\": [\n"
    "        { \"type\": \"null\" },\n"
    "        {\n"
    "          \"type\": \"object\",\n"
    "          \"properties\": {\n"
    "            \"start_line\": { \"type\": \"integer\", \"minimum\": 1, \"maximum\": 10000000 },\n"
    "            \"end_line\": { \"type\": \"integer\", \"minimum\": 1, \"maximum\": 10000000 },\n"
    "            \"replacement\": { \"type\": \"string\" }\n"
    "          },\n"
    "          \"required\": [\"start_line\", \"end_line\", \"replacement\"],\n"
    "          \"additionalProperties\": false\n"
    "        }\n"
    "      ]\n"
    "    }\n"
    "  },\n"
    "  \"required\": [\"verdict\", \"confidence\", \"reason\", \"fix\"],\n"
    "  \"additionalProperties\": false\n"
    "}\n";

const char *grammar_verdict_schema(void) { return verdict_schema; }

static const char *const c_keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
    "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
    "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
    "volatile", "while", "_Bool", "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn",
    "_Static_assert", "_Thread_local", "NULL", NULL};

/* The code grammar. Words (identifiers, keywords, numbers) are only ever followed by a
 * gap (punctuation, space, literal) or the end: fix-code alternates words and gaps. */
static const char code_rules[] =
    "fix-code ::= fix-gap fix-code | fix-word fix-after-word | \"\"\n"
    "fix-after-word ::= fix-gap fix-code | \"\"\n"
    "fix-word ::= fix-ident | fix-number\n"
    "fix-number ::= [0-9] [0-9a-fA-FxXuUlL.]{0,24}\n"
    "fix-gap ::= fix-punct | fix-space | fix-str | fix-chr\n"
    "fix-space ::= \" \" | \"\\\\n\" | \"\\\\t\"\n"
    "fix-punct ::= [-+*/%=<>!&|^~?:;,.(){}#\\[\\]]\n"
    /* a C string literal inside a JSON string: \" ... \" */
    "fix-str ::= \"\\\\\\\"\" fix-str-char{0,200} \"\\\\\\\"\"\n"
    "fix-str-char ::= [^\"\\\\\\x00-\\x1F] | \"\\\\\\\\\" [nrt0abfv'?] | \"\\\\\\\\\\\\\\\\\" | \"\\\\\\\\\\\\\\\"\"\n"
    "fix-chr ::= \"'\" ( [^'\"\\\\\\x00-\\x1F] | \"\\\\\\\\\" [nrt0abfv'?] | \"\\\\\\\\\\\\\\\\\" | \"\\\\\\\"\" ) \"'\"\n";

static bool is_c_identifier(const char *s)
{
    if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_')) return false;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

int grammar_verdict_gbnf(char **out, const grammar_fix_options_t *fix, char *err, size_t err_size)
{
    *out = NULL;
    if (!fix)
        return grammar_schema_to_gbnf(out, verdict_schema, strlen(verdict_schema), "verdict.schema.json", NULL, 0,
                                      err, err_size);
    if (!fix->allow_code && fix->n_templates == 0) {
        if (err && err_size)
            snprintf(err, err_size, "verdict grammar: no fix is possible (code not allowed and no templates)");
        return GRAMMAR_ERR_ARG;
    }
    for (size_t i = 0; i < fix->n_identifiers; i++)
        if (!is_c_identifier(fix->identifiers[i])) {
            if (err && err_size)
                snprintf(err, err_size, "verdict grammar: '%s' is not a C identifier", fix->identifiers[i] ? fix->identifiers[i] : "(null)");
            return GRAMMAR_ERR_ARG;
        }
    grammar_text_t body = {0}, extra = {0};
    grammar_text_str(&body, "(");
    for (size_t i = 0; i < fix->n_templates; i++) {
        json_t *s = json_string(fix->templates[i]);
        char *js = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
        json_decref(s);
        if (!js) {
            grammar_text_destroy(&body);
            if (err && err_size) snprintf(err, err_size, "verdict grammar: fix template %zu is not valid UTF-8", i);
            return GRAMMAR_ERR_ARG;
        }
        grammar_text_str(&body, i > 0 ? " | " : " ");
        grammar_text_literal(&body, js, strlen(js));
        free(js);
    }
    if (fix->allow_code) {
        grammar_text_str(&body, fix->n_templates ? " | \"\\\"\" fix-code \"\\\"\"" : " \"\\\"\" fix-code \"\\\"\"");
        grammar_text_str(&extra, code_rules);
        grammar_text_str(&extra, "fix-ident ::=");
        size_t k = 0;
        for (const char *const *kw = c_keywords; *kw; kw++, k++) {
            grammar_text_str(&extra, k ? " | " : " ");
            grammar_text_literal(&extra, *kw, strlen(*kw));
        }
        for (size_t i = 0; i < fix->n_identifiers; i++) {
            grammar_text_str(&extra, " | ");
            grammar_text_literal(&extra, fix->identifiers[i], strlen(fix->identifiers[i]));
        }
        grammar_text_str(&extra, "\n");
    }
    grammar_text_str(&body, " )");
    int rc = GRAMMAR_ERR_NOMEM;
    if (!body.oom && !extra.oom) {
        grammar_schema_override_t o = {REPLACEMENT_POINTER, body.s, extra.s};
        rc = grammar_schema_to_gbnf(out, verdict_schema, strlen(verdict_schema), "verdict.schema.json", &o, 1, err,
                                    err_size);
    } else if (err && err_size) {
        snprintf(err, err_size, "verdict grammar: out of memory");
    }
    grammar_text_destroy(&body);
    grammar_text_destroy(&extra);
    return rc;
}
