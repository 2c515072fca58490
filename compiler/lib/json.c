/* json.c — see json.h. */
#include <stdlib.h>

#include "lib/json.h"

json_t *pol_json_str(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

json_t *pol_json_take(char *s)
{
	json_t *j = pol_json_str(s);
	free(s);
	return j;
}

void pol_json_set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}
