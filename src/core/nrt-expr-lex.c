/* nrt-expr-lex.c: the lexer of the expression language, and the error
 * reporting that the lexer and the parser share. The lexer reads one token
 * of lookahead into the parser. The grammar is in nrt-expr-parse.c.
 */
#include "nrt-expr-private.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- errors ---- */

/* Records the first error only: later ones follow from it. */
void
nrt_expr_parser_fail_at (Parser *parser, int line, int column, const char *format, ...)
{
  char reason[NRT_ERROR_MESSAGE_SIZE];
  va_list args;

  if (parser->failed)
    return;

  va_start (args, format);
  vsnprintf (reason, sizeof reason, format, args);
  va_end (args);
  nrt_error_set (parser->err, NRT_ERROR_INVALID, "line %d, column %d: %s", line, column, reason);
  if (parser->location != NULL)
    {
      parser->location->line = line;
      parser->location->column = column;
    }
  parser->failed = 1;
}

/* Describes a token for "found ..." in a message, such as "'+'", "'foo'",
 * "the number 3" or "end of line". */
void
nrt_expr_describe_token (const Parser *parser, const Token *token, char *buffer, size_t size)
{
  int length = token->length > 40 ? 40 : (int) token->length;

  switch (token->kind)
    {
    case TOKEN_END_OF_LINE:
    case TOKEN_END_OF_INPUT:
      snprintf (buffer, size, "end of line");
      break;
    case TOKEN_NUMBER:
      snprintf (buffer, size, "the number %.*s", length, parser->source + token->start);
      break;
    default:
      snprintf (buffer, size, "'%.*s'", length, parser->source + token->start);
      break;
    }
}

/* ---- lexer ---- */

static int
is_name_start (char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* Converts the digits of a number token to a double without strtod, whose
 * decimal separator would follow the process locale. Up to 19 significant
 * digits are kept, which is far more than float32 needs. */
static double
number_value (const char *text, size_t length)
{
  unsigned long long mantissa = 0;
  int digits = 0, exponent = 0, exponent_sign = 1, explicit_exponent = 0;
  size_t i = 0;

  for (; i < length && is_digit (text[i]); i++)
    {
      if (digits < 19)
        {
          mantissa = mantissa * 10 + (unsigned) (text[i] - '0');
          if (mantissa > 0)
            digits++;
        }
      else
        exponent++;
    }
  if (i < length && text[i] == '.')
    for (i++; i < length && is_digit (text[i]); i++)
      if (digits < 19)
        {
          mantissa = mantissa * 10 + (unsigned) (text[i] - '0');
          if (mantissa > 0)
            digits++;
          exponent--;
        }
  if (i < length && (text[i] == 'e' || text[i] == 'E'))
    {
      i++;
      if (text[i] == '+' || text[i] == '-')
        exponent_sign = text[i++] == '-' ? -1 : 1;
      for (; i < length && is_digit (text[i]); i++)
        if (explicit_exponent < 100000)
          explicit_exponent = explicit_exponent * 10 + (text[i] - '0');
    }
  exponent += exponent_sign * explicit_exponent;
  if (mantissa == 0)
    return 0.0;
  return (double) ((long double) mantissa * powl (10.0L, (long double) exponent));
}

/* Scans a number at parser->pos: digits with an optional fraction and
 * exponent, as in 3, 2.5, .5 or 1e-3. */
static void
lex_number (Parser *parser, Token *token)
{
  const char *s = parser->source;
  size_t pos = parser->pos;

  while (is_digit (s[pos]))
    pos++;
  if (s[pos] == '.')
    {
      pos++;
      while (is_digit (s[pos]))
        pos++;
    }
  if (s[pos] == 'e' || s[pos] == 'E')
    {
      size_t exponent_start = pos;

      pos++;
      if (s[pos] == '+' || s[pos] == '-')
        pos++;
      if (!is_digit (s[pos]))
        {
          nrt_expr_parser_fail_at (parser, token->line, token->column,
                                   "malformed number '%.*s': expected digits after the '%c' of "
                                   "the exponent, as in 1e-3",
                                   (int) (pos - token->start), s + token->start,
                                   s[exponent_start]);
          return;
        }
      while (is_digit (s[pos]))
        pos++;
    }

  token->kind = TOKEN_NUMBER;
  token->length = pos - token->start;
  token->number = number_value (s + token->start, token->length);
  parser->pos = pos;
  if (!(token->number <= FLT_MAX))
    nrt_expr_parser_fail_at (parser, token->line, token->column,
                             "the number %.*s is out of the float32 range; use a number of at "
                             "most 3.4e38", (int) token->length, s + token->start);
}

/* Reads the next token into parser->token, skipping spaces and comments. */
void
nrt_expr_lex_next (Parser *parser)
{
  const char *s = parser->source;
  Token *token = &parser->token;
  size_t start;
  char c;

  parser->previous = *token;

  /* Spaces, tabs, carriage returns and comments separate tokens. A comment
   * runs to the end of the line, whose position is where the comment starts. */
  while (s[parser->pos] == ' ' || s[parser->pos] == '\t' || s[parser->pos] == '\r')
    parser->pos++;
  start = parser->pos;
  if (s[parser->pos] == '#')
    while (s[parser->pos] != '\n' && s[parser->pos] != '\0')
      parser->pos++;

  memset (token, 0, sizeof *token);
  token->start = start;
  token->line = parser->line;
  token->column = (int) (start - parser->line_start) + 1;
  token->length = 1;
  c = s[parser->pos];

  if (c == '\0')
    {
      token->kind = TOKEN_END_OF_INPUT;
      token->length = 0;
      return;
    }
  if (c == '\n')
    {
      token->kind = TOKEN_END_OF_LINE;
      parser->pos++;
      parser->line++;
      parser->line_start = parser->pos;
      return;
    }
  if (is_digit (c) || (c == '.' && is_digit (s[parser->pos + 1])))
    {
      lex_number (parser, token);
      return;
    }
  if (is_name_start (c))
    {
      size_t end = parser->pos;

      while (is_name_start (s[end]) || is_digit (s[end]))
        end++;
      token->kind = TOKEN_NAME;
      token->length = end - parser->pos;
      parser->pos = end;
      if (token->length > EXPR_MAX_NAME_LENGTH)
        nrt_expr_parser_fail_at (parser, token->line, token->column,
                                 "the name '%.20s...' is %zu characters long; use at most %d",
                                 s + token->start, token->length, EXPR_MAX_NAME_LENGTH);
      return;
    }

  parser->pos++;
  switch (c)
    {
    case '+':
      token->kind = TOKEN_PLUS;
      return;
    case '-':
      token->kind = TOKEN_MINUS;
      return;
    case '*':
      if (s[parser->pos] == '*')
        {
          token->kind = TOKEN_POWER;
          token->length = 2;
          parser->pos++;
        }
      else
        token->kind = TOKEN_STAR;
      return;
    case '/':
      token->kind = TOKEN_SLASH;
      return;
    case '^':
      token->kind = TOKEN_POWER;
      return;
    case '(':
      token->kind = TOKEN_LEFT_PAREN;
      return;
    case ')':
      token->kind = TOKEN_RIGHT_PAREN;
      return;
    case '=':
      token->kind = TOKEN_EQUALS;
      return;
    default:
      break;
    }

  /* Anything else is a stray character. Bytes outside printable ASCII are
   * shown in hexadecimal, since they may be part of a UTF-8 sequence. */
  if (c > ' ' && c < 127)
    nrt_expr_parser_fail_at (parser, token->line, token->column,
                             "unexpected character '%c'; expected a number, a name, an operator "
                             "(+ - * / ^ **), a parenthesis or '='", c);
  else
    nrt_expr_parser_fail_at (parser, token->line, token->column,
                             "unexpected byte 0x%02X; expected a number, a name, an operator "
                             "(+ - * / ^ **), a parenthesis or '='", (unsigned char) c);
  token->kind = TOKEN_END_OF_INPUT;
}

int
nrt_expr_at_end_of_line (const Parser *parser)
{
  return parser->token.kind == TOKEN_END_OF_LINE || parser->token.kind == TOKEN_END_OF_INPUT;
}
