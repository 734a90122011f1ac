#ifndef SEEDBED_CMALLOC_SHIM_H
#define SEEDBED_CMALLOC_SHIM_H

// glibc's malloc extensions (malloc_trim), which the Glibc module does not import. Elsewhere the server calls
// nothing from here.
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

#endif
