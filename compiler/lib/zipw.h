/* zipw.h — writing a zip container (an .docx) with libzip, deterministically (zipw.c).
 *
 * Entries are stored in the order they are added, deflated, each with the same fixed
 * DOS time (1980-01-01 00:00, the earliest a zip can hold) and the same attributes,
 * so the same parts give the same bytes on any machine, in any time zone. libzip
 * writes the archive into a temporary file next to path and renames it when the
 * archive is closed: a failed write leaves no half archive. */
#ifndef POL_ZIPW_H
#define POL_ZIPW_H

#include <stddef.h>

typedef struct pol_zipw pol_zipw;

/* Starts an archive to be written to path (replaced when it exists). NULL and *err
 * (caller frees) on failure. */
pol_zipw *pol_zipw_open(const char *path, char **err);
/* Adds entry name with data[0..len) (copied). Returns 0, or -1 (the error is kept for
 * pol_zipw_close). */
int pol_zipw_add(pol_zipw *z, const char *name, const char *data, size_t len);
/* Writes the archive and frees z. Returns 0, or -1 and *err (caller frees): then
 * nothing is written. */
int pol_zipw_close(pol_zipw *z, char **err);
/* Frees z without writing anything (NULL is a no-op). */
void pol_zipw_discard(pol_zipw *z);

#endif
