// libsqlite3 (Debian: libsqlite3-dev) for SpinHost's key-value and SQLite
// capabilities. SQLITE_TRANSIENT is a cast macro Swift cannot import; the
// inline function gives it a name.
#include <sqlite3.h>

static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
