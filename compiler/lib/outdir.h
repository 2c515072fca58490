/* outdir.h — the output folder of `polc build`: one build's editions switch at once.
 *
 * Layout of OUT (docs/editions.md, "The output folder"):
 *
 *   OUT/public   -> .polc/current/public      one link per edition of the last build
 *   OUT/internal -> .polc/current/internal
 *   OUT/.polc/lock                            flock(2)ed while a build writes OUT
 *   OUT/.polc/current -> set-a                the last complete build
 *   OUT/.polc/set-a/{public,internal,…}       its editions
 *   OUT/.polc/set-b/                          the next build, while it renders
 *   OUT/.polc/spare/                          the set the last build replaced
 *
 * A build renders every edition into the set current does not name, then switches
 * current with one rename(2): readers see the old editions or the new ones, never a
 * mix, and a build killed at any point leaves the last complete set in place. The
 * set the switch replaces becomes the spare: the next build's files take the place of
 * its files of the same name (moved, then written over and cut to length:
 * pol_open_over in lib/util.h), so that rebuilding keeps the
 * files instead of deleting and making them anew, which costs file systems such as
 * ext4 much more than writing them; what the build did not take goes with it. The
 * links OUT/NAME are made or removed after the switch, so that OUT holds exactly the
 * editions of the last build; a build killed between the two steps leaves a link
 * missing or dangling, which the next build repairs. Everything polc keeps lives in
 * .polc/ or is such a link; nothing else in OUT (a README, a user's file) is touched.
 * Editions written by earlier polc versions as plain folders (OUT/public/ holding
 * bundle.json), and their .tmp-NAME-XXXXXX / .old-NAME-XXXXXX leftovers, are
 * replaced or removed. */
#ifndef POL_OUTDIR_H
#define POL_OUTDIR_H

#include <stdio.h>

#include "lib/util.h"

typedef struct pol_outdir pol_outdir;

/* Opens OUT for a build: creates it and .polc/, takes the lock (waiting for a build
 * already writing OUT; a note goes to log, when not NULL), repairs the links to the
 * current set, removes stale sets and leftovers, and makes the empty set to render
 * into. NULL and *err (caller frees) on failure. */
pol_outdir *pol_outdir_open(const char *out, FILE *log, char **err);

/* The fresh folder to render edition NAME (public, internal, audience-ROLE) into, in
 * the new set; owned by o. NULL and *err when it cannot be made. */
const char *pol_outdir_edition(pol_outdir *o, const char *name, char **err);

/* Switches OUT to the new set (one rename), then makes OUT/NAME a link for each of its
 * editions and removes the links (and old-style folders) of editions it does not
 * have. 0, or -1 and *err (caller frees): when the switch itself failed (or OUT/NAME
 * is something polc did not make), OUT is as it was before the build; when a link
 * could not be made after it, the new set is current and the next build repairs
 * the link. */
int pol_outdir_commit(pol_outdir *o, char **err);

/* OUT/NAME of an edition, for messages. Caller frees. */
char *pol_outdir_path(const pol_outdir *o, const char *name);

/* Removes the new set unless it was committed, releases the lock, frees o. */
void pol_outdir_close(pol_outdir *o);

#endif
