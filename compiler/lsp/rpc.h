/* rpc.h — JSON-RPC 2.0 messages framed as the Language Server Protocol frames them:
 * a "Content-Length: N" header, a blank line, N bytes of JSON (jansson reads and
 * writes it). */
#ifndef POL_LSP_RPC_H
#define POL_LSP_RPC_H

#include <jansson.h>
#include <stdio.h>

/* The largest message read; a larger one is skipped (its bytes are read and
 * dropped) and reported. Policies may hold 64 MiB: a buffer of that much Japanese
 * text, escaped as JSON, fits. */
#define POL_RPC_MAX ((size_t)256 << 20)

typedef enum pol_rpc_status {
	POL_RPC_MESSAGE = 0, /* *out: the message (caller decrefs) */
	POL_RPC_EOF,         /* the input ended (or ended inside a message) */
	POL_RPC_BAD_FRAME,   /* headers without a usable Content-Length, or a message
	                        over POL_RPC_MAX: *err says which, the input is past it */
	POL_RPC_BAD_JSON,    /* the body is not JSON: *err (jansson's message) */
} pol_rpc_status;

/* Reads the next message from in. *err (caller frees) for the two failures. */
pol_rpc_status pol_rpc_read(FILE *in, json_t **out, char **err);
/* Writes msg (its reference is taken) to out as one framed message, and flushes. */
void pol_rpc_write(FILE *out, json_t *msg);

#endif
