/* server.h — `polc lsp`: a Language Server Protocol server for policies.
 *
 * One process serves one editor over a pair of streams (stdin and stdout).
 * Each open .pol file belongs to the policy of the nearest folder at or above it
 * that holds a policy.pol; that policy is loaded from the editor's buffers over the
 * files on disk (front/overlay.h) when a buffer opens, changes or closes, and its
 * diagnostics — the same as `polc check` — are published for every file of it.
 * Requests (definition, references, hover, completion, document symbols, rename)
 * read the last load and its index (lsp/index.h).
 *
 * Nothing here exits the process: pol_lsp_run returns the exit code. */
#ifndef POL_LSP_SERVER_H
#define POL_LSP_SERVER_H

#include <stdio.h>

/* Serves messages from in, answering on out, until the client's exit notification
 * or the end of in. Problems with the client's messages are logged to log (may be
 * NULL) and answered as JSON-RPC errors. Returns 0 after shutdown and exit, 1 when
 * the input ended or exit came without shutdown (as the protocol asks). */
int pol_lsp_run(FILE *in, FILE *out, FILE *log);

#endif
