/* nrt-symbolic-rational.c: exact arithmetic on the simplifier's constants.
 *
 * Constants are exact rationals with 64-bit numerator and denominator, so
 * 0.1 + 0.2 folds to 0.3 and not to 0.30000000000000004. A fold whose result
 * overflows, or that would need a number a decimal cannot print exactly
 * (such as 1/3), is not done and the expression keeps its operator.
 */
#define G_LOG_DOMAIN "neurite-symbolic"

#include "config.h"

#include "nrt-symbolic-simplify-private.h"

/* The maximum number of significant digits of a folded constant. A decimal
 * of at most 15 digits (DBL_DIG) survives conversion to double and back. */
#define MAX_DIGITS 15

gint64
nrt_gcd64 (gint64 a, gint64 b)
{
  a = a < 0 ? -a : a;
  b = b < 0 ? -b : b;
  while (b != 0)
    {
      gint64 t = a % b;

      a = b;
      b = t;
    }
  return a;
}

/* Normalises num/den into *out. G_MININT64 is rejected so that negating
 * any Rational is safe. */
static gboolean
rational_make (gint64 num, gint64 den, Rational *out)
{
  gint64 divisor;

  if (den == 0 || num == G_MININT64 || den == G_MININT64)
    return FALSE;
  if (den < 0)
    {
      num = -num;
      den = -den;
    }
  divisor = nrt_gcd64 (num, den);
  if (divisor > 1)
    {
      num /= divisor;
      den /= divisor;
    }
  out->num = num;
  out->den = num == 0 ? 1 : den;
  return TRUE;
}

Rational
nrt_rational_from_int (gint64 value)
{
  Rational r = { value, 1 };

  return r;
}

gboolean
nrt_rational_add (Rational a, Rational b, Rational *out)
{
  gint64 left, right, num, den;

  if (__builtin_mul_overflow (a.num, b.den, &left)
      || __builtin_mul_overflow (b.num, a.den, &right)
      || __builtin_add_overflow (left, right, &num)
      || __builtin_mul_overflow (a.den, b.den, &den))
    return FALSE;
  return rational_make (num, den, out);
}

gboolean
nrt_rational_multiply (Rational a, Rational b, Rational *out)
{
  gint64 num, den;

  if (__builtin_mul_overflow (a.num, b.num, &num)
      || __builtin_mul_overflow (a.den, b.den, &den))
    return FALSE;
  return rational_make (num, den, out);
}

gboolean
nrt_rational_divide (Rational a, Rational b, Rational *out)
{
  gint64 num, den;

  if (b.num == 0
      || __builtin_mul_overflow (a.num, b.den, &num)
      || __builtin_mul_overflow (a.den, b.num, &den))
    return FALSE;
  return rational_make (num, den, out);
}

Rational
nrt_rational_negate (Rational a)
{
  Rational r = { -a.num, a.den };

  return r;
}

gboolean
nrt_rational_equals (Rational a, gint64 value)
{
  return a.den == 1 && a.num == value;
}

/* base^exponent for an integer exponent of at most 64 in magnitude. */
gboolean
nrt_rational_power (Rational base, Rational exponent, Rational *out)
{
  Rational result = nrt_rational_from_int (1);
  gint64 count;

  if (exponent.den != 1 || exponent.num > 64 || exponent.num < -64)
    return FALSE;
  count = exponent.num < 0 ? -exponent.num : exponent.num;
  for (gint64 i = 0; i < count; i++)
    if (!nrt_rational_multiply (result, base, &result))
      return FALSE;
  if (exponent.num < 0)
    return nrt_rational_divide (nrt_rational_from_int (1), result, out);
  *out = result;
  return TRUE;
}

/* Writes r as an exact decimal such as "-0.25", with no trailing zeros and
 * no ".0" on integers. Fails when the denominator has a prime factor other
 * than 2 and 5, when the digits overflow, or when there are more than
 * max_digits significant digits (0 for no limit). */
gboolean
nrt_rational_format (Rational r, int max_digits, GString *text)
{
  gint64 den = r.den, scale = 1, scaled, magnitude;
  int twos = 0, fives = 0, places;
  char digits[32];
  int length, significant;

  while (den % 2 == 0)
    {
      den /= 2;
      twos++;
    }
  while (den % 5 == 0)
    {
      den /= 5;
      fives++;
    }
  if (den != 1)
    return FALSE;

  /* r = scaled / 10^places exactly. */
  places = MAX (twos, fives);
  for (int i = 0; i < places; i++)
    if (__builtin_mul_overflow (scale, (gint64) 10, &scale))
      return FALSE;
  if (__builtin_mul_overflow (r.num, scale / r.den, &scaled) || scaled == G_MININT64)
    return FALSE;

  magnitude = scaled < 0 ? -scaled : scaled;
  length = g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, magnitude);
  significant = length;
  while (significant > 1 && digits[significant - 1] == '0' && places == 0)
    significant--;
  if (max_digits > 0 && significant > max_digits)
    return FALSE;

  if (scaled < 0)
    g_string_append_c (text, '-');
  if (places == 0)
    {
      g_string_append (text, digits);
      return TRUE;
    }
  if (length <= places)
    {
      g_string_append (text, "0.");
      for (int i = length; i < places; i++)
        g_string_append_c (text, '0');
      g_string_append (text, digits);
    }
  else
    {
      g_string_append_len (text, digits, length - places);
      g_string_append_c (text, '.');
      g_string_append (text, digits + length - places);
    }
  return TRUE;
}

/* TRUE when a fold may produce r: it prints exactly in few digits. */
gboolean
nrt_rational_is_printable (Rational r)
{
  GString *scratch = g_string_new (NULL);
  gboolean printable = nrt_rational_format (r, MAX_DIGITS, scratch);

  g_string_free (scratch, TRUE);
  return printable;
}

/* Reads a decimal such as "12", "0.693147" or "1e-05" exactly. Fails on
 * overflow, so that the number is kept as text. */
gboolean
nrt_rational_parse (const char *text, gsize length, Rational *out)
{
  gint64 mantissa = 0, den = 1;
  int fraction_digits = 0, exponent = 0, exponent_sign = 1;
  gboolean in_fraction = FALSE;
  int n_digits = 0;
  gsize i = 0;

  for (; i < length && (g_ascii_isdigit (text[i]) || text[i] == '.'); i++)
    {
      if (text[i] == '.' && in_fraction)
        return FALSE;
      if (text[i] == '.')
        {
          in_fraction = TRUE;
          continue;
        }
      n_digits++;
      if (__builtin_mul_overflow (mantissa, (gint64) 10, &mantissa)
          || __builtin_add_overflow (mantissa, (gint64) (text[i] - '0'), &mantissa))
        return FALSE;
      if (in_fraction)
        fraction_digits++;
    }
  if (n_digits == 0)
    return FALSE;
  if (i < length)
    {
      /* The lexer has checked the form [eE][+-]?digits. */
      i++;
      if (text[i] == '+' || text[i] == '-')
        exponent_sign = text[i++] == '-' ? -1 : 1;
      for (; i < length; i++)
        {
          exponent = exponent * 10 + (text[i] - '0');
          if (exponent > 400)
            return FALSE;
        }
    }

  exponent = exponent_sign * exponent - fraction_digits;
  for (; exponent > 0; exponent--)
    if (__builtin_mul_overflow (mantissa, (gint64) 10, &mantissa))
      return FALSE;
  for (; exponent < 0; exponent++)
    if (__builtin_mul_overflow (den, (gint64) 10, &den))
      return FALSE;
  return rational_make (mantissa, den, out);
}
