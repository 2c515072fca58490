/* overlay.h — a source whose files are an editor's open buffers over a folder on disk.
 *
 * An editor checks what the author sees, not what was last saved: a file open in
 * the editor is read from its buffer, every other file from the folder (through the
 * file-system source, so the same rules hold: nothing beneath the root is followed
 * through a symbolic link, only regular files are read). A buffer for a path that the
 * folder refuses (a link, a FIFO) is refused too, with the folder's reason; a buffer
 * for a file not yet saved is read as if it were there. */
#ifndef POL_OVERLAY_H
#define POL_OVERLAY_H

#include "front/source.h"

/* Asks for the buffer of root-relative path rel: returns its text (lent, len bytes)
 * or NULL when the editor has no buffer for it. */
typedef const char *(*pol_overlay_lookup)(void *ctx, const char *rel, size_t *len);

/* The folder dir (as pol_source_fs_new) with buffers from lookup(ctx, …). Returns NULL
 * when dir is not a readable folder. */
pol_source *pol_source_overlay_new(const char *dir, pol_overlay_lookup lookup, void *ctx);

#endif
