/* diag_json.h — diagnostics for machines: polc's own JSON (docs/diagnostics.schema.json)
 * and SARIF 2.1.0 (emit/sarif.c), both made from the records a pol_diag keeps
 * (lib/diag.h), so they say exactly what the text says. */
#ifndef POL_DIAG_JSON_H
#define POL_DIAG_JSON_H

#include <jansson.h>

#include "lib/diag.h"

typedef enum { POL_DIAG_TEXT, POL_DIAG_JSON, POL_DIAG_SARIF } pol_diag_format;

/* "text", "json" or "sarif" into *out; -1 for anything else. */
int pol_diag_format_parse(pol_diag_format *out, const char *name);

/* The JSON document of d's records (caller json_decref's it). tool_version goes to
 * "tool". Keys in a fixed order, so the same diagnostics give the same bytes. */
json_t *pol_diag_json(const pol_diag *d, const char *tool_version);
/* The SARIF 2.1.0 log of d's records: one run, a rule per code used. */
json_t *pol_diag_sarif(const pol_diag *d, const char *tool_version);
/* Writes the document of format fmt (JSON or SARIF) to f, indented, with a final
 * newline. Returns 0, or -1 when writing failed. */
int pol_diag_write(const pol_diag *d, pol_diag_format fmt, const char *tool_version, FILE *f);

#endif
