/* render_prose.c — prose for the editions: the entry point (pol_render_prose), which
 * hands each block to the renderer of its format; links and what each placeholder
 * stands for are in prose_inline.c.
 *
 * A prose block is parsed by cmark once, the first time a tree is asked for, unless it is
 * plain paragraphs (model.h, pol_prose_is_plain), which are written from their lines.
 * pol_render_prose walks that tree once for the output asked for (prose_html.c, prose_md.c) and writes
 * the inline markup from the edition's own inline table as it meets it: there is no
 * second pass over rendered text. Raw HTML is never written (CMARK_OPT_DEFAULT, never
 * CMARK_OPT_UNSAFE), and links with an unsafe destination (pol_url_is_safe) are dropped
 * from every format. Inline texts are always escaped; a placeholder inside an attribute
 * (a link title, an image description) becomes escaped plain text, so nothing can open
 * an attribute or a tag. */
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "emit/prose.h"

void pol_md_escape(pol_buf *b, const char *s, bool line_start)
{
	pol_escape_md(b, s, line_start);
}

void pol_render_prose(pol_buf *b, const pol_site *s, const pol_prose *p, pol_view_mode mode, pol_map *defs,
                      pol_def_fn on_def, void *ctx)
{
	pol_buf_put(b, "", 0);
	if (!p || (!pol_prose_is_plain(p) && !pol_prose_doc(p)))
		return;
	/* Field by field: an initializer would zero all of id[] on every call. */
	pol_prose_out o;
	o.b = b, o.s = s, o.p = p, o.mode = mode, o.defs = defs, o.on_def = on_def, o.ctx = ctx;
	o.id[0] = '\0';
	if (mode == POL_VIEW_MD)
		pol_prose_md(&o);
	else
		pol_prose_html(&o);
}
