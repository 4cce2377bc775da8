/* main.c: the entry point of the neurite application. */
#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "nrt-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (NrtApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Neurite"));

  application = nrt_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
