/* replace.h — replacing a file's contents at once. */
#ifndef POL_REPLACE_H
#define POL_REPLACE_H

#include <stddef.h>

/* Replaces the file at path by data[0..len): written to a new file beside it (same
 * folder, so the same file system), flushed to disk, given the old file's mode (and its
 * owner and group where that is allowed), then renamed over path. A reader sees the old
 * file or the new one, never a part; on any failure path is untouched and the new file
 * removed. Returns 0, or -1 with errno set. */
int pol_replace_file(const char *path, const char *data, size_t len);

#endif
