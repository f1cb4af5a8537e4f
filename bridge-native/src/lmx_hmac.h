/* HMAC-SHA-256 (lmx_hmac.c): the host engine's challenge-response.  Self-contained (also compiled
 * into the host tests' scripted fake host). */
#ifndef LMX_HMAC_H
#define LMX_HMAC_H
#include <stddef.h>

void lmx_hmac_sha256(const void *key, size_t kn, const void *msg, size_t mn, unsigned char out[32]);

#endif
