/* json.h — the small jansson helpers every JSON writer shares. JSON text itself is
 * always written by jansson (escaping included); these only map C values to it. */
#ifndef POL_JSON_H
#define POL_JSON_H

#include <jansson.h>

/* A JSON string of s, or null when s is NULL. */
json_t *pol_json_str(const char *s);
/* The same for an owned string, which is freed. */
json_t *pol_json_take(char *s);
/* Sets o[key] to v, or to null when v is NULL (v's reference is taken). */
void pol_json_set(json_t *o, const char *key, json_t *v);

#endif
