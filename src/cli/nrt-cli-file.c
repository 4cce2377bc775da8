/* nrt-cli-file.c: checking and writing the output files of neurite-cli. */
#include "config.h"

#include "nrt-cli-file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "nrt-cli-options.h"

/* The number of symbolic links followed before giving up with ELOOP, as
 * Linux's path resolution does. */
#define MAX_SYMLINKS 40

char *
nrt_cli_resolve_output_path (const char *path)
{
  g_autofree char *resolved = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  resolved = g_strdup (path);
  for (int i = 0; i < MAX_SYMLINKS; i++)
    {
      g_autofree char *target = NULL;
      g_autofree char *folder = NULL;
      GStatBuf info;

      /* A missing file, or one that cannot be examined, is the end of the
       * chain: the later steps report what is wrong with it. */
      if (g_lstat (resolved, &info) != 0 || !S_ISLNK (info.st_mode))
        return g_steal_pointer (&resolved);

      /* A link that ends at an existing file is resolved by the kernel.
       * This also covers the links of /proc, such as /dev/stdout, whose
       * text may be "pipe:[1234]" rather than a path: a pipe or a device is
       * opened through the link itself. */
      if (g_stat (resolved, &info) == 0)
        {
          char *real_path;

          if (!S_ISREG (info.st_mode))
            return g_steal_pointer (&resolved);
          real_path = realpath (resolved, NULL);
          if (real_path != NULL)
            {
              target = g_strdup (real_path);
              free (real_path);
              return g_steal_pointer (&target);
            }
        }

      /* A dangling link names the file to create; its text is followed by
       * hand, relative to the folder of the link. */
      target = g_file_read_link (resolved, NULL);
      if (target == NULL)
        return g_steal_pointer (&resolved);
      if (g_path_is_absolute (target))
        {
          g_free (resolved);
          resolved = g_steal_pointer (&target);
          continue;
        }
      folder = g_path_get_dirname (resolved);
      g_free (resolved);
      resolved = g_build_filename (folder, target, NULL);
    }
  errno = ELOOP;
  return NULL;
}

static gboolean
is_stream (const GStatBuf *info)
{
  return S_ISFIFO (info->st_mode) || S_ISCHR (info->st_mode);
}

/* Returns the descriptor, 1 or 2, whose open file is the one info
 * describes, or -1. */
static int
find_standard_stream (const GStatBuf *info)
{
  for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++)
    {
      struct stat stream_info;

      if (fstat (fd, &stream_info) == 0 && stream_info.st_dev == info->st_dev
          && stream_info.st_ino == info->st_ino)
        return fd;
    }
  return -1;
}

/* Writes all of contents to fd, retrying after signals. Returns 0 or errno. */
static int
write_all (int fd, const char *contents, gsize length)
{
  gsize written = 0;

  while (written < length)
    {
      ssize_t count = write (fd, contents + written, length - written);

      if (count >= 0)
        written += (gsize) count;
      else if (errno != EINTR)
        return errno;
    }
  return 0;
}

/* Writes to a FIFO or a character device, such as /dev/stdout, which a
 * rename would replace with a regular file. Opening a FIFO waits for a
 * reader, as a shell redirection does. */
static int
write_stream (const char *path, const char *contents, gsize length)
{
  int saved_errno;
  int fd;

  fd = g_open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return errno;
  saved_errno = write_all (fd, contents, length);
  if (close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;
  return saved_errno;
}

/* Writes a regular file through a temporary file in its folder. mode is the
 * permission bits to keep, or -1 for a new file, which gets 0666 less the
 * umask. */
static int
write_replacing (const char *path, int mode, const char *contents, gsize length)
{
  g_autofree char *temp_path = NULL;
  int saved_errno;
  int fd;

  /* g_file_set_contents does the same, but its messages name the temporary
   * file. */
  temp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CREAT | O_EXCL, 0666);
  if (fd < 0)
    return errno;

  /* NOTE: the owner and group of the replaced file are not kept: the new
   * file belongs to the user who runs neurite-cli. */
  saved_errno = mode >= 0 && fchmod (fd, (mode_t) mode) != 0 ? errno : 0;
  if (saved_errno == 0)
    saved_errno = write_all (fd, contents, length);
  /* fsync before the rename, so that a crash leaves the old file or the
   * complete new one, never an empty one. */
  if (saved_errno == 0 && fsync (fd) != 0)
    saved_errno = errno;
  if (close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;
  if (saved_errno == 0 && g_rename (temp_path, path) != 0)
    saved_errno = errno;
  if (saved_errno != 0)
    g_unlink (temp_path);
  return saved_errno;
}

int
nrt_cli_write_file_atomically (const char *path, const char *contents, gsize length)
{
  g_autofree char *target = NULL;
  GStatBuf info;

  g_return_val_if_fail (path != NULL && contents != NULL, EINVAL);

  /* The standard output or error redirected to a file, as /dev/stdout may
   * name it, is written after what was printed, since replacing the file
   * would drop the printed lines. */
  if (g_stat (path, &info) == 0 && S_ISREG (info.st_mode))
    {
      int fd = find_standard_stream (&info);

      if (fd >= 0)
        {
          fflush (fd == STDOUT_FILENO ? stdout : stderr);
          return write_all (fd, contents, length);
        }
    }

  target = nrt_cli_resolve_output_path (path);
  if (target == NULL)
    return errno;
  if (g_stat (target, &info) != 0)
    return write_replacing (target, -1, contents, length);
  if (is_stream (&info))
    return write_stream (target, contents, length);
  if (S_ISDIR (info.st_mode))
    return EISDIR;
  if (!S_ISREG (info.st_mode))
    return EINVAL;
  return write_replacing (target, (int) (info.st_mode & 07777), contents, length);
}

/* Checks that the folder of target exists and allows creating the
 * temporary file. path is what the user typed, for the messages. */
static gboolean
check_output_folder (const char *option, const char *path, const char *target,
                     GError **error)
{
  g_autofree char *display_name = g_filename_display_name (path);
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *display_folder = g_filename_display_name (folder);
  GStatBuf info;

  if (g_stat (folder, &info) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                     _("Invalid value “%s” for %s: the folder “%s” does not exist; create it "
                       "first or choose another folder"),
                     display_name, option, display_folder);
      else
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                     _("Invalid value “%s” for %s: cannot open the folder “%s” (%s); check "
                       "the path and the folder's permissions"),
                     display_name, option, display_folder, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISDIR (info.st_mode))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Invalid value “%s” for %s: “%s” is not a folder; choose a path inside "
                     "a folder"),
                   display_name, option, display_folder);
      return FALSE;
    }
  if (g_access (folder, W_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Invalid value “%s” for %s: cannot create files in the folder “%s” "
                     "(%s); choose a folder you may write to"),
                   display_name, option, display_folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
nrt_cli_check_output_path (const char *option, const char *path, const char *example,
                           GError **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *target = NULL;
  GStatBuf info;

  g_return_val_if_fail (option != NULL && path != NULL && example != NULL, FALSE);

  if (path[0] == '\0')
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid value for %s: the file name is empty; give the file to write, "
                     "such as %s %s"),
                   option, option, example);
      return FALSE;
    }

  display_name = g_filename_display_name (path);
  target = nrt_cli_resolve_output_path (path);
  if (target == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Invalid value “%s” for %s: cannot follow its symbolic links (%s); "
                     "give the path of a file"),
                   display_name, option, g_strerror (ELOOP));
      return FALSE;
    }

  if (g_file_test (target, G_FILE_TEST_IS_DIR) || g_str_has_suffix (path, G_DIR_SEPARATOR_S))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Invalid value “%s” for %s: it names a folder; give the path of a file, "
                     "which may be inside that folder"),
                   display_name, option);
      return FALSE;
    }

  if (g_stat (target, &info) == 0 && is_stream (&info))
    {
      if (g_access (target, W_OK) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("Invalid value “%s” for %s: cannot write to it (%s); check its "
                         "permissions or choose another file"),
                       display_name, option, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }
  if (g_stat (target, &info) == 0 && !S_ISREG (info.st_mode))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Invalid value “%s” for %s: it is neither a regular file, a FIFO nor a "
                     "character device; give the path of a file"),
                   display_name, option);
      return FALSE;
    }

  /* A regular file is written through a temporary file in the folder of
   * the symbolic link's target, then renamed. */
  return check_output_folder (option, path, target, error);
}

/* What identifies an output file: its device and inode when it exists,
 * else its canonical path. */
typedef struct {
  gboolean compared;      /* FALSE for no path, a FIFO or a device */
  dev_t device;
  ino_t inode;
  char *canonical;        /* NULL when the file exists */
} FileIdentity;

/* Fills the identity of the file at path, with the symbolic links of the
 * folder resolved for a missing file. A FIFO or a device is not compared,
 * since it is written in place and may be shared. */
static void
identify_file (const char *path, FileIdentity *identity)
{
  g_autofree char *target = nrt_cli_resolve_output_path (path);
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  char *real_folder;
  GStatBuf info;

  if (target == NULL)
    return;
  if (g_stat (target, &info) == 0)
    {
      identity->device = info.st_dev;
      identity->inode = info.st_ino;
      identity->compared = S_ISREG (info.st_mode) && find_standard_stream (&info) < 0;
      return;
    }

  folder = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  real_folder = realpath (folder, NULL);
  if (real_folder != NULL)
    {
      identity->canonical = g_build_filename (real_folder, base, NULL);
      free (real_folder);
    }
  else
    identity->canonical = g_canonicalize_filename (target, NULL);
  identity->compared = TRUE;
}

static gboolean
is_same_file (const FileIdentity *a, const FileIdentity *b)
{
  if (!a->compared || !b->compared)
    return FALSE;
  if (a->canonical == NULL && b->canonical == NULL)
    return a->device == b->device && a->inode == b->inode;
  return a->canonical != NULL && b->canonical != NULL
         && strcmp (a->canonical, b->canonical) == 0;
}

gboolean
nrt_cli_check_distinct_files (const char *const *options, const char *const *paths,
                              int n_paths, GError **error)
{
  g_autofree FileIdentity *identities = g_new0 (FileIdentity, n_paths);
  gboolean distinct = TRUE;

  for (int i = 0; i < n_paths && distinct; i++)
    {
      if (paths[i] != NULL)
        identify_file (paths[i], &identities[i]);
      for (int j = 0; j < i && distinct; j++)
        {
          g_autofree char *display_name = NULL;

          if (!is_same_file (&identities[i], &identities[j]))
            continue;
          display_name = g_filename_display_name (paths[i]);
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("The options %s and %s name the same file “%s”, which %s would "
                         "overwrite; give %s another file name"),
                       options[j], options[i], display_name, options[i], options[i]);
          distinct = FALSE;
        }
    }

  for (int i = 0; i < n_paths; i++)
    g_free (identities[i].canonical);
  return distinct;
}

gboolean
nrt_cli_check_project_output (const char *project_path, const char *output_path,
                              const char *example, GError **error)
{
  const char *options[] = { "--project", "--output" };
  const char *paths[] = { project_path, output_path };

  if (project_path == NULL || project_path[0] == '\0')
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                           _("No project given: add --project FILE.neurite, a file saved "
                             "by train --save"));
      return FALSE;
    }
  if (output_path == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("No output given: add --output %s"), example);
      return FALSE;
    }
  return nrt_cli_check_output_path ("--output", output_path, example, error)
         && nrt_cli_check_distinct_files (options, paths, G_N_ELEMENTS (paths), error);
}
