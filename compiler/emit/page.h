/* page.h — one page from one template (page.c): the rendering path the checklist, the
 * assessment report and the 新旧対照表 share.
 *
 * The page's data is a JSON value made by the caller from what it read (a bundle, a
 * report, a diff); the template and its partials come from a template set
 * (render.h: built in from templates/, or overridden with --templates). Values are
 * data only: {{x}} is HTML-escaped and nothing in the data is read as a template. */
#ifndef POL_PAGE_H
#define POL_PAGE_H

#include <jansson.h>

#include "emit/render.h"

/* Renders the template called name of t against data, partials from t too. Returns 0
 * and *out (caller frees), or -1 and *err (caller frees): "NAME: line N: ..." for a
 * malformed template, "no template 'NAME'" when t has none. */
int pol_page_render(char **out, char **err, const pol_templates *t, const char *name, json_t *data);

#endif
