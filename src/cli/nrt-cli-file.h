/* nrt-cli-file.h: writing an output file of neurite-cli atomically. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes length bytes of contents to path so that a reader sees either the
 * old file or the complete new one: a temporary file in the same folder is
 * written, synced and renamed over path. Returns 0, or the errno of the
 * failed step, after removing the temporary file. Callers name path in
 * their messages, never the temporary file, which the user never typed. */
int nrt_cli_write_file_atomically (const char *path, const char *contents, gsize length);

G_END_DECLS
