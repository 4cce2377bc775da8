/* nrt-float-mode.c: the SSE control word on x86; elsewhere nothing. */
#include "nrt-float-mode.h"

#if defined(__SSE2__)
#include <xmmintrin.h>

/* MXCSR bits: FTZ (0x8000) flushes denormal results to zero, DAZ (0x0040)
 * reads denormal inputs as zero. */
#define NRT_MXCSR_FTZ_DAZ 0x8040u
#endif

unsigned int
nrt_float_mode_flush_denormals (void)
{
#if defined(__SSE2__)
  unsigned int saved = _mm_getcsr ();

  _mm_setcsr (saved | NRT_MXCSR_FTZ_DAZ);
  return saved;
#else
  /* NOTE: other architectures keep denormals, and may slow down as described
   * in nrt-float-mode.h. */
  return 0;
#endif
}

void
nrt_float_mode_restore (unsigned int saved)
{
#if defined(__SSE2__)
  _mm_setcsr (saved);
#else
  (void) saved;
#endif
}
