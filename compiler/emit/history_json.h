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
 * short_commit, version_era (令和8年4月版), in that order (documented in docs/history.md); absent values are null.
 * The text fields (tag, version, era_date, the summaries, version_era) are made by text when
 * given (the Markdown views escape them), else as JSON strings (null when not valid
 * UTF-8); date and commits are always plain strings. */
json_t *pol_history_json(const pol_history *h, pol_history_text_fn text, void *ctx);

/* The 改定履歴 as CSV for a spreadsheet or the 例規集 (a BOM, CRLF records): 版, 年月,
 * 改定の概要, then with internal 改定の概要（内部）, then タグ, and コミット when any entry
 * has one (an edition filter decides that). Cells that would read as formulas get a
 * leading ' (lib/csv.h); control characters are shown as escapes (\x1b), so the
 * CSV printed on a terminal cannot drive it. Caller frees. */
char *pol_history_csv(const pol_history *h, bool internal);

#endif
