/* history_json.h — the 改定履歴 as JSON: one encoder for every place that shows it
 * (`polc history --format json`, the edition views' `history`). */
#ifndef POL_HISTORY_JSON_H
#define POL_HISTORY_JSON_H

#include <jansson.h>

#include "front/history.h"

/* Makes the JSON value of a text field; ctx is the caller's. */
typedef json_t *(*pol_history_text_fn)(void *ctx, const char *s);

/* The entries of h (an empty array for NULL) as a JSON array of objects with the keys
 * tag, version ("2026-03"), date, era_date, public_summary, internal_summary, commit,
 * short_commit, in that order (documented in docs/history.md); absent values are null.
 * The text fields (tag, version, era_date and the summaries) are made by text when
 * given (the Markdown views escape them), else as JSON strings (null when not valid
 * UTF-8); date and commits are always plain strings. */
json_t *pol_history_json(const pol_history *h, pol_history_text_fn text, void *ctx);

#endif
