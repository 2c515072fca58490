/* edition.h — the edition filter: the security boundary.
 *
 * pol_edition_filter turns a full model into a new model that holds only what one
 * edition may show. Every emitter of an edition (HTML, print, Markdown, bundle, diff,
 * history) reads the filtered model only, so no renderer ever decides visibility.
 *
 *   public    — public nodes only. A withheld document that is `listed` appears as a
 *               stub: its title and notice, `withheld` set, no children, no number, no
 *               id (its key and anchor are replaced by a neutral "withheld-N"). A
 *               reference from public text to anything withheld becomes plain text
 *               (node == NULL). Roles, terms and parameters: public ones only.
 *   internal  — everything (the 非公開 edition): a view of the full model (view_of),
 *               the same nodes, prose and facts, unless a term's defining item has no
 *               text (then a copy, which has no defining node for that term).
 *   audience  — the rules whose `applies` includes the role, with the ancestors
 *               needed to read them in context (titles only, no sibling rules), the
 *               terms, parameters and roles they use.
 *
 * Numbers (ordinals, labels, references) are the full model's in every edition; the
 * full model numbers public documents' chapters before the others' (number.c), so
 * an unlisted document leaves no trace in a public number.
 *
 * The filtered model borrows the full model's strings, parsed prose trees and files
 * (and, for the internal edition, everything); free it (pol_model_free) before the
 * full model. */
#ifndef POL_EDITION_H
#define POL_EDITION_H

#include "model/model.h"

/* Returns the filtered model (caller frees), or NULL if audience names no role. */
pol_model *pol_edition_filter(const pol_model *full, pol_edition_kind kind, const char *audience);

/* "public", "internal", "audience-<role>". Caller frees. */
char *pol_edition_name(const pol_model *ed);
/* Japanese label: 公開版, 内部版（非公開）, 委託事業者向け. Caller frees. */
char *pol_edition_label(const pol_model *ed);

#endif
