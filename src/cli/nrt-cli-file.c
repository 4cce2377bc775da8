/* nrt-cli-file.c: writing an output file of neurite-cli atomically. */
#include "config.h"

#include "nrt-cli-file.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

int
nrt_cli_write_file_atomically (const char *path, const char *contents, gsize length)
{
  g_autofree char *temp_path = NULL;
  gsize written = 0;
  int saved_errno = 0;
  int fd;

  g_return_val_if_fail (path != NULL && contents != NULL, EINVAL);

  /* g_file_set_contents does the same, but its messages name the temporary
   * file. */
  temp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CREAT | O_EXCL, 0666);
  if (fd < 0)
    return errno;

  while (written < length && saved_errno == 0)
    {
      ssize_t count = write (fd, contents + written, length - written);

      if (count >= 0)
        written += (gsize) count;
      else if (errno != EINTR)
        saved_errno = errno;
    }
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
