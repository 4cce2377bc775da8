/* alloc-count.c: the allocation counter of alloc-count.h. The wrappers are
 * linked into the test executable itself, so they take the place of
 * glibc's malloc for the whole process, the core and OpenBLAS included. */
#include "alloc-count.h"

#ifdef COUNT_ALLOCATIONS
#include <stdatomic.h>

extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *pointer, size_t size);
extern void __libc_free (void *pointer);

static atomic_long n_allocations;

void *
malloc (size_t size)
{
  atomic_fetch_add (&n_allocations, 1);
  return __libc_malloc (size);
}

void *
calloc (size_t n, size_t size)
{
  atomic_fetch_add (&n_allocations, 1);
  return __libc_calloc (n, size);
}

void *
realloc (void *pointer, size_t size)
{
  atomic_fetch_add (&n_allocations, 1);
  return __libc_realloc (pointer, size);
}

/* Replaced together with malloc, so every pointer goes back to the
 * allocator that returned it. */
void
free (void *pointer)
{
  __libc_free (pointer);
}

long
alloc_count_get (void)
{
  return atomic_load (&n_allocations);
}
#endif
