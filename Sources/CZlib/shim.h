#ifndef SEEDBED_CZLIB_SHIM_H
#define SEEDBED_CZLIB_SHIM_H

#include <zlib.h>

// zlib's init functions are macros that pass the library version and the size of z_stream; Swift does not
// import function-like macros, so these wrap the two the package uses. windowBits -15 is raw DEFLATE
// (RFC 1951, no zlib or gzip wrapper), as ZIP stores it.

static inline int czlib_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

static inline int czlib_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -15);
}

#endif
