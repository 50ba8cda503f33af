/* rule.c — the two questions every module may ask of a loaded rule pack (see rule.h):
 * a rule's default certainty and the rule with a given id. */
#include "core/rule.h"

#include <string.h>

certainty_t rule_default_certainty(const rule_t *rule)
{
    if (!rule) return CERTAINTY_MEDIUM;
    if (rule->certainty != CERTAINTY_UNSET) return rule->certainty; /* set when loaded */
    return rule->engine == RULE_ENGINE_CLANG ? CERTAINTY_HIGH : CERTAINTY_MEDIUM;
}

const rule_t *rule_pack_find(const rule_pack_t *pack, const char *id)
{
    if (!pack || !id) return NULL;
    for (size_t i = 0; i < pack->count; i++)
        if (strcmp(pack->rules[i]->id, id) == 0) return pack->rules[i];
    return NULL;
}
