/* readfile.h — reading a file a user names (an answers file, a bundle) without ever
 * blocking: it must be a regular file. */
#ifndef POL_READFILE_H
#define POL_READFILE_H

#include <stddef.h>

/* Reads the regular file at path into *data (NUL-terminated; caller frees) and *len.
 * The file is opened without blocking (a FIFO with no writer would wait forever),
 * looked at with fstat, then read through the same descriptor. Returns NULL, or why it
 * cannot be read (a static message or strerror's) with errno set (ENOENT when there is
 * no such file, EISDIR for a directory, EINVAL for a FIFO, device or socket, which are
 * refused). `what` names the kind of file expected in the message ("a CSV file"). */
const char *pol_read_regular(char **data, size_t *len, const char *path, const char *what);

#endif
