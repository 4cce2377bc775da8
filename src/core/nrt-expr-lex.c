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

/* Decodes the UTF-8 sequence at s into *code_point and returns its length
 * in bytes (1 to 4). Returns 0 for bytes that are not valid UTF-8 by RFC
 * 3629, section 3: a stray continuation byte, a truncated sequence, an
 * overlong form, a surrogate or a value above U+10FFFF. */
static int
decode_utf8 (const char *s, unsigned long *code_point)
{
  const unsigned char *bytes = (const unsigned char *) s;
  unsigned long value;
  unsigned long min_value;
  int length;

  if (bytes[0] < 0x80)
    {
      *code_point = bytes[0];
      return 1;
    }
  if (bytes[0] >= 0xC2 && bytes[0] <= 0xDF)
    {
      length = 2;
      value = bytes[0] & 0x1F;
      min_value = 0x80;
    }
  else if (bytes[0] >= 0xE0 && bytes[0] <= 0xEF)
    {
      length = 3;
      value = bytes[0] & 0x0F;
      min_value = 0x800;
    }
  else if (bytes[0] >= 0xF0 && bytes[0] <= 0xF4)
    {
      length = 4;
      value = bytes[0] & 0x07;
      min_value = 0x10000;
    }
  else
    return 0;

  /* A NUL terminator is not a continuation byte, so a truncated sequence
   * stops here without reading past the end of the string. */
  for (int i = 1; i < length; i++)
    {
      if ((bytes[i] & 0xC0) != 0x80)
        return 0;
      value = (value << 6) | (bytes[i] & 0x3F);
    }
  if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
    return 0;

  *code_point = value;
  return length;
}

/* Returns the 1-based column, in characters, of byte offset pos on the
 * line that starts at byte offset line_start. UTF-8 continuation bytes
 * (10xxxxxx) do not start a character, so they are not counted. */
static int
column_in_characters (const char *s, size_t line_start, size_t pos)
{
  int column = 1;

  for (size_t i = line_start; i < pos; i++)
    if (((unsigned char) s[i] & 0xC0) != 0x80)
      column++;
  return column;
}

/* Reports the stray character at byte offset start: a printable ASCII
 * character is quoted, a control character and any other Unicode
 * character are named by code point, and bytes that are not UTF-8 are
 * shown in hexadecimal. */
static void
fail_unexpected_character (Parser *parser, const Token *token, size_t start)
{
  static const char expected[] =
    "expected a number, a name, an operator (+ - * / ^ **), a parenthesis or '='";
  const char *s = parser->source;
  unsigned long code_point;
  int length = decode_utf8 (s + start, &code_point);

  if (length == 0)
    nrt_expr_parser_fail_at (parser, token->line, token->column,
                             "unexpected byte 0x%02X, which is not valid UTF-8; %s",
                             (unsigned char) s[start], expected);
  else if (code_point > ' ' && code_point < 127)
    nrt_expr_parser_fail_at (parser, token->line, token->column,
                             "unexpected character '%c'; %s", s[start], expected);
  else if (code_point < 0xA0)
    nrt_expr_parser_fail_at (parser, token->line, token->column,
                             "unexpected control character U+%04lX; %s", code_point, expected);
  else
    nrt_expr_parser_fail_at (parser, token->line, token->column,
                             "unexpected character '%.*s' (U+%04lX); %s", length, s + start,
                             code_point, expected);
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
  token->column = column_in_characters (s, parser->line_start, start);
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

  /* Anything else is a stray character. */
  fail_unexpected_character (parser, token, start);
  token->kind = TOKEN_END_OF_INPUT;
}

int
nrt_expr_at_end_of_line (const Parser *parser)
{
  return parser->token.kind == TOKEN_END_OF_LINE || parser->token.kind == TOKEN_END_OF_INPUT;
}
