/* skeleton.h — the source of a new organization's policy (`polc init`). */
#ifndef POL_SKELETON_H
#define POL_SKELETON_H

/* Checks that name can stand in the skeleton's header, titles and prose as it is (one
 * line of text without the characters the language gives a meaning to). Returns NULL,
 * or why not (a static string). */
const char *pol_skeleton_bad_name(const char *name);

/* Writes the skeleton into dir, which must be missing (it is made) or an empty folder:
 * policy.pol (the header, issued = issued, "YYYY-MM"), roles.pol, params.pol and the
 * three tiers basic.pol (public), standards.pol and procedures.pol (internal, listed),
 * with a threat, a measure, a rule with a check and a procedure, so that `polc check`
 * passes with no warning. Files are created, never overwritten. Returns 0, or -1 with
 * *err (caller frees) saying why, having removed what it made. */
int pol_skeleton_write(const char *dir, const char *org, const char *issued, char **err);

/* The files pol_skeleton_write makes, in order, NULL-terminated. */
extern const char *const pol_skeleton_files[];

#endif
