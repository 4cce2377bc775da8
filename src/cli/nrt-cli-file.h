/* nrt-cli-file.h: checking and writing the output files of neurite-cli. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Follows the symbolic links of path to the file they end at, which need
 * not exist yet. Returns a newly allocated path (path itself when it is no
 * link), or NULL with errno set to ELOOP after 40 links. Free with g_free. */
char *nrt_cli_resolve_output_path (const char *path);

/* Writes length bytes of contents to path. A regular file, new or existing,
 * is replaced so that a reader sees either the old file or the complete new
 * one: a temporary file in the same folder is written, synced and renamed
 * over it, and an existing file keeps its permission bits. A symbolic link
 * stays in place and its target is written that way. A FIFO or a character
 * device, such as /dev/stdout on a terminal, is written in place, and so is
 * the standard output or error redirected to a regular file, after what was
 * printed to it. Returns 0, or the errno
 * of the failed step, after removing the temporary file. Callers name path
 * in their messages, never the temporary file, which the user never typed. */
int nrt_cli_write_file_atomically (const char *path, const char *contents, gsize length);

/* Checks the path that option (such as "--history") names as a file to
 * write, before any long work. The name must not be empty or a folder. A
 * FIFO or a character device must allow writing. For any other file, the
 * folder of the file, or of its target for a symbolic link, must exist and
 * allow creating files. Returns FALSE with NRT_CLI_ERROR_USAGE for an
 * empty name, whose message suggests example (such as "history.csv"), or
 * NRT_CLI_ERROR_FAILED naming path and what to do. The file itself is
 * neither created nor changed. */
gboolean nrt_cli_check_output_path (const char *option, const char *path, const char *example,
                                    GError **error);

/* Checks that no two of the n_paths files, named by the options of the same
 * index, are the same file, such as an output that would overwrite --data.
 * An existing file is compared by device and inode after following its
 * symbolic links, a missing one by its canonical path. NULL paths, FIFOs,
 * devices and the files of the standard output and error are skipped,
 * since writing to them replaces nothing. Returns
 * FALSE with NRT_CLI_ERROR_USAGE naming both options. */
gboolean nrt_cli_check_distinct_files (const char *const *options, const char *const *paths,
                                       int n_paths, GError **error);

/* Checks the --project and --output options of a command that reads a
 * project and writes one file: both are given, the output can be written
 * (example, such as "weights.npz", is suggested for an empty name) and it
 * is not the project itself. Returns FALSE with NRT_CLI_ERROR_USAGE. */
gboolean nrt_cli_check_project_output (const char *project_path, const char *output_path,
                                       const char *example, GError **error);

G_END_DECLS
