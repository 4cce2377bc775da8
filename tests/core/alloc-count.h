/* alloc-count.h: counts the calls to malloc, calloc and realloc, to show
 * that code under test does not allocate.
 *
 * Allocation counting replaces malloc, calloc, realloc and free with
 * wrappers around glibc's own allocator (__libc_malloc and friends).
 * AddressSanitizer replaces malloc itself, so the counter is left out of
 * sanitized builds: COUNT_ALLOCATIONS is defined only where it works, and
 * tests that need the count check it with #ifdef.
 */
#ifndef ALLOC_COUNT_H
#define ALLOC_COUNT_H

/* Any libc header defines __GLIBC__. */
#include <stdlib.h>

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define COUNT_ALLOCATIONS 1

/* The number of malloc, calloc and realloc calls so far, from every
 * thread. */
long alloc_count_get (void);
#endif

#endif /* ALLOC_COUNT_H */
