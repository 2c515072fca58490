/* lawxml.h — one document of a policy as 法令標準XML (lawxml.c): the Japanese government's
 * XMLSchema for Japanese Law v3 (stdLaw.xsd), for tools that read 例規 in that form.
 * docs/reiki.md says what each part of the model becomes. */
#ifndef POL_LAWXML_H
#define POL_LAWXML_H

#include "lib/diag.h"
#include "lib/util.h"
#include "model/model.h"

/* The XML of document doc of edition model m (a public edition holds only what it may
 * show, so does its XML), into *out (caller frees pol_buf_free). A 例規 needs its
 * 公布日 and 番号 (promulgated=, number=) for the Law element: without them the error
 * goes to d at the document and -1 is returned. A libxml2 that cannot be loaded
 * (lib/dynlib.h) is an error in d too, without a place and counted in d->io_errors.
 * Deterministic: the same model gives the same bytes. A non-public edition says 非公開
 * in a comment before the Law element. */
int pol_lawxml_render(pol_buf *out, const pol_model *m, const pol_node *doc, pol_diag *d);

#endif
