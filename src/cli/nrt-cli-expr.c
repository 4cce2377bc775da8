/* nrt-cli-expr.c: "neurite-cli expr", evaluating a file of scalar
 * assignments on the autodiff engine and printing every value and the
 * derivatives of the last assignment. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <float.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "core/nrt-expr.h"
#include "io/nrt-symbolic.h"
#include "nrt-cli-options.h"
#include "nrt-cli.h"

/* Ten significant digits print every digit of a float32 result (9
 * suffice to read one back exactly), where %g's six would round them. The
 * engine computes in float32, so about 7 digits are accurate. */
#define EXPR_NUMBER_FORMAT "%.10g"

/* The maximum size of a program file, in bytes. A program has one formula
 * per line, so 16 MiB is far above any real one. */
#define EXPR_MAX_PROGRAM_BYTES (16 * 1024 * 1024)

typedef struct {
  char **assignments;      /* --set NAME=VALUE items, in order */
  gboolean symbolic;
  char *learning_rate;     /* --step */
  char *steps;             /* --steps */
} ExprArgs;

/* The options, checked. */
typedef struct {
  const char *path;
  double learning_rate;
  int steps;               /* 0 without --step */
} ExprRun;

static void
expr_args_clear (ExprArgs *args)
{
  g_strfreev (args->assignments);
  g_free (args->learning_rate);
  g_free (args->steps);
}

static GOptionContext *
create_option_context (ExprArgs *args)
{
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->assignments,
      N_("Set the input NAME to VALUE; repeat for each input"), N_("NAME=VALUE") },
    { "symbolic", 0, 0, G_OPTION_ARG_NONE, &args->symbolic,
      N_("Also print each derivative as a formula"), NULL },
    { "step", 0, 0, G_OPTION_ARG_STRING, &args->learning_rate,
      N_("Learning rate of gradient descent on the inputs (needs --steps)"), N_("RATE") },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &args->steps,
      N_("Gradient-descent steps to take before printing (needs --step)"), N_("N") },
    { NULL }
  };
  GOptionContext *context;

  context = g_option_context_new (_("FILE"));
  g_option_context_set_summary (context,
    _("Evaluate a program of scalar assignments, one per line, such as\n"
      "\n"
      "  c = a*b + b^3\n"
      "  g = relu(c) / 2\n"
      "\n"
      "and print the derivatives of the last assignment with respect to each input,\n"
      "computed by the same reverse-mode autodiff that trains the models."));
  g_option_context_set_description (context,
    _("The program has numbers, names, + - * /, ^ or ** for powers, unary minus,\n"
      "parentheses and the functions exp, log, sqrt, tanh, sigmoid, relu and abs;\n"
      "'#' starts a comment. A name read before any assignment is an input. An\n"
      "input without --set is 0.\n"
      "\n"
      "The output has one line \"NAME = VALUE\" per assigned name, with its final\n"
      "value, in order of first assignment, then one line \"dOUT/dIN = VALUE\" per\n"
      "input, where OUT is the last assigned name. Numbers have 10 significant\n"
      "digits (printf's %.10g), of which about 7 are accurate, since the engine\n"
      "computes in float32. --symbolic adds \"dOUT/dIN symbolic: FORMULA\" for\n"
      "each input, or a note where no formula can be derived.\n"
      "\n"
      "--step RATE --steps N first takes N steps of gradient descent on every\n"
      "input, IN -= RATE * dOUT/dIN, then prints the inputs' final values\n"
      "before the rest.\n"
      "\n"
      "Exit status: 0 on success, 1 when the file cannot be read, does not parse\n"
      "(the message starts with FILE:LINE:COLUMN) or a value is NaN or infinite,\n"
      "2 for an invalid command line.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

static gboolean
resolve_args (const ExprArgs *args, ExprRun *run, GError **error)
{
  if ((args->learning_rate == NULL) != (args->steps == NULL))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("The option %s needs %s: give both --step RATE and --steps N"),
                   args->learning_rate != NULL ? "--step" : "--steps",
                   args->learning_rate != NULL ? "--steps" : "--step");
      return FALSE;
    }

  run->steps = 0;
  if (args->learning_rate != NULL
      && (!nrt_cli_parse_double ("--step", args->learning_rate, &nrt_cli_learning_rate_range,
                                 &run->learning_rate, error)
          || !nrt_cli_parse_int ("--steps", args->steps, 1, G_MAXINT, &run->steps, error)))
    return FALSE;
  return TRUE;
}

/* Returns the message of a parse error without the core's leading
 * "line L, column C: ", since the caller prints "FILE:L:C: " instead. */
static const char *
strip_location (const char *message)
{
  int line, column, consumed = 0;

  if (sscanf (message, "line %d, column %d: %n", &line, &column, &consumed) == 2
      && consumed > 0)
    return message + consumed;
  return message;
}

/* Reads the file at path into a NUL-terminated string, in chunks, and
 * stops with NRT_CLI_ERROR_FAILED once it has read more than
 * EXPR_MAX_PROGRAM_BYTES, so that a device such as /dev/zero or a huge file
 * fails quickly instead of filling the memory. Free the result with g_free. */
static char *
read_program_file (const char *path, gsize *length, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GByteArray) contents = g_byte_array_new ();
  guint8 chunk[64 * 1024];

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;

  for (;;)
    {
      gssize n_read = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, NULL,
                                           error);

      if (n_read < 0)
        return NULL;
      if (n_read == 0)
        break;
      g_byte_array_append (contents, chunk, (guint) n_read);
      if (contents->len > EXPR_MAX_PROGRAM_BYTES)
        {
          g_autofree char *display_name = g_filename_display_name (path);

          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("Could not read the program “%s”: it is larger than the limit of "
                         "%d MiB; a program is a text file of formulas, one per line"),
                       display_name, EXPR_MAX_PROGRAM_BYTES / (1024 * 1024));
          return NULL;
        }
    }

  *length = contents->len;
  g_byte_array_append (contents, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&contents), FALSE);
}

/* Finds the first NUL byte in source[0..length) and returns TRUE with its
 * 1-based line and column, the column counted in characters as the parser
 * counts them: UTF-8 continuation bytes (10xxxxxx) do not start one. */
static gboolean
find_nul_byte (const char *source, gsize length, int *line, int *column)
{
  gsize line_start = 0;

  *line = 1;
  for (gsize i = 0; i < length; i++)
    {
      if (source[i] == '\n')
        {
          (*line)++;
          line_start = i + 1;
        }
      else if (source[i] == '\0')
        {
          *column = 1;
          for (gsize j = line_start; j < i; j++)
            if (((guchar) source[j] & 0xC0) != 0x80)
              (*column)++;
          return TRUE;
        }
    }
  return FALSE;
}

/* Reads and parses the program; returns NULL with an error printed. */
static NrtExpr *
load_program (const char *path, char **source, int *exit_status)
{
  g_autoptr (GError) error = NULL;
  NrtExprLocation location = { 0, 0 };
  NrtError err = { 0 };
  NrtExpr *expr;
  gsize length = 0;
  int nul_line, nul_column;

  *source = read_program_file (path, &length, &error);
  if (*source == NULL)
    {
      g_autofree char *display_name = g_filename_display_name (path);

      /* GLib's message names the path and the reason; the two usual
       * mistakes also get what to do. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_printerr (_("neurite-cli: Could not read the program “%s”: no such file; check the "
                      "path\n"), display_name);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_printerr (_("neurite-cli: Could not read the program “%s”: it is a folder; pass a "
                      "file of formulas, not a folder\n"), display_name);
      else
        g_printerr ("neurite-cli: %s\n", error->message);
      *exit_status = NRT_CLI_EXIT_FAILURE;
      return NULL;
    }

  /* The parser reads a C string, which would end at the first NUL byte and
   * silently drop the rest of the program. */
  if (find_nul_byte (*source, length, &nul_line, &nul_column))
    {
      g_printerr (_("%s:%d:%d: unexpected NUL byte; a program is UTF-8 text, so check that "
                    "the file is not binary or UTF-16\n"), path, nul_line, nul_column);
      *exit_status = NRT_CLI_EXIT_FAILURE;
      return NULL;
    }

  expr = nrt_expr_parse (*source, &err, &location);
  if (expr == NULL)
    {
      /* The GNU format of compiler messages, which editors jump to. */
      g_printerr ("%s:%d:%d: %s\n", path, location.line, location.column,
                  strip_location (err.message));
      *exit_status = NRT_CLI_EXIT_FAILURE;
      return NULL;
    }
  return expr;
}

/* Returns the program's inputs as "a, b", or a note that it has none. */
static char *
list_inputs (const NrtExpr *expr)
{
  GString *names = g_string_new (NULL);
  int n = nrt_expr_get_n_inputs (expr);

  if (n == 0)
    return g_string_free (g_string_append (names, _("none, since every name is assigned "
                                                    "before it is read")), FALSE);
  for (int i = 0; i < n; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", nrt_expr_get_input_name (expr, i));
  return g_string_free (names, FALSE);
}

/* Applies the --set items in order; a later item for the same name wins. */
static gboolean
set_inputs (NrtExpr *expr, const char *path, char **assignments, GError **error)
{
  /* The engine stores each input as a float32. */
  static const NrtCliRange any = {
    -FLT_MAX, FLT_MAX, FALSE, FALSE,
    N_("0 or a number whose magnitude is from 1.17549435e-38 to 3.40282347e38, the range "
       "of normal float32 numbers"),
    TRUE
  };

  for (int i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      const char *item = assignments[i];
      const char *equals = strchr (item, '=');
      g_autofree char *name = NULL;
      g_autofree char *option = NULL;
      double value;
      int input;

      if (equals == NULL || equals == item)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("Invalid value “%s” for --set: expected NAME=VALUE, such as a=-4"),
                       item);
          return FALSE;
        }

      name = g_strstrip (g_strndup (item, equals - item));
      input = nrt_expr_find_input (expr, name);
      if (input < 0)
        {
          g_autofree char *inputs = list_inputs (expr);

          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("Unknown input “%s” in --set %s; the inputs of %s are: %s"),
                       name, item, path, inputs);
          return FALSE;
        }

      option = g_strdup_printf ("--set %s", name);
      if (!nrt_cli_parse_double (option, equals + 1, &any, &value, error))
        return FALSE;
      nrt_expr_set_input_value (expr, input, value);
    }
  return TRUE;
}

static void
print_value (const char *name, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_print ("%s = %s\n", name, nrt_cli_format_value (EXPR_NUMBER_FORMAT, value, buffer));
}

/* Prints "dOUT/dIN symbolic: FORMULA" for each input, or why there is none. */
static void
print_symbolic (const NrtExpr *expr, const char *source)
{
  const char *output = nrt_expr_get_output_name (expr);

  for (int i = 0; i < nrt_expr_get_n_inputs (expr); i++)
    {
      const char *input = nrt_expr_get_input_name (expr, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *formula = nrt_symbolic_derivative (source, input, &error);

      if (formula != NULL)
        g_print ("d%s/d%s symbolic: %s\n", output, input, formula);
      else
        g_print (_("d%s/d%s symbolic: not available: %s\n"), output, input, error->message);
    }
}

/* Evaluates, takes the gradient-descent steps and prints the results;
 * returns an NrtCliExit. */
static int
evaluate_and_print (NrtExpr *expr, const ExprRun *run, const char *source, gboolean symbolic)
{
  const char *output = nrt_expr_get_output_name (expr);
  NrtError err = { 0 };
  NrtStatus status;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  status = nrt_expr_evaluate (expr, &err);
  for (int step = 0; step < run->steps && status == NRT_OK; step++)
    status = nrt_expr_step (expr, run->learning_rate, NULL, &err);

  /* Values are printed as far as they go, even after a NaN. */
  if (run->steps > 0)
    for (int i = 0; i < nrt_expr_get_n_inputs (expr); i++)
      print_value (nrt_expr_get_input_name (expr, i), nrt_expr_get_input_value (expr, i));
  for (int i = 0; i < nrt_expr_get_n_assigned (expr); i++)
    print_value (nrt_expr_get_assigned_name (expr, i), nrt_expr_get_assigned_value (expr, i));
  for (int i = 0; i < nrt_expr_get_n_inputs (expr); i++)
    g_print ("d%s/d%s = %s\n", output, nrt_expr_get_input_name (expr, i),
             nrt_cli_format_value (EXPR_NUMBER_FORMAT, nrt_expr_get_derivative (expr, i),
                                   buffer));
  if (symbolic)
    print_symbolic (expr, source);

  if (status != NRT_OK)
    {
      g_printerr (_("neurite-cli: Evaluation stopped: %s\n"), err.message);
      return NRT_CLI_EXIT_FAILURE;
    }
  return NRT_CLI_EXIT_OK;
}

int
nrt_cli_expr (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *source = NULL;
  ExprArgs args = { 0 };
  ExprRun run = { 0 };
  NrtExpr *expr = NULL;
  int exit_status = NRT_CLI_EXIT_OK;

  g_set_prgname ("neurite-cli expr");
  context = create_option_context (&args);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      nrt_cli_explain_parse_error (&error, argc, argv);
      g_printerr (_("neurite-cli: %s. Run “neurite-cli expr --help” to list the options\n"),
                  error->message);
      expr_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      if (argc < 2)
        g_printerr (_("neurite-cli: Missing FILE: give the program to evaluate, as in "
                      "“neurite-cli expr program.txt”\n"));
      else
        g_printerr (_("neurite-cli: Unexpected argument “%s”: the expr command takes one "
                      "FILE\n"), argv[2]);
      expr_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }
  run.path = argv[1];

  if (!resolve_args (&args, &run, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      expr_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }

  expr = load_program (run.path, &source, &exit_status);
  if (expr != NULL)
    {
      if (!set_inputs (expr, run.path, args.assignments, &error))
        {
          g_printerr ("neurite-cli: %s\n", error->message);
          exit_status = NRT_CLI_EXIT_USAGE;
        }
      else
        exit_status = evaluate_and_print (expr, &run, source, args.symbolic);
    }

  nrt_expr_free (expr);
  expr_args_clear (&args);
  return exit_status;
}
