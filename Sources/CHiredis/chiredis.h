// libhiredis (Debian: libhiredis-dev) for SpinHost's Redis key-value store,
// outbound Redis and the Redis trigger.
#include <hiredis/hiredis.h>

// The context's error text (a char array Swift sees as a tuple).
static inline const char *chiredis_error_text(const redisContext *context) { return context->errstr; }
