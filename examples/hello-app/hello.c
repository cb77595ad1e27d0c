// A WAGI guest: answers every request with a greeting and the path asked for.
// Rebuild hello.wasm with `spin build` (needs pip ziglang==0.17.0).
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *path = getenv("PATH_INFO");
    const char *name = getenv("GREETING_NAME");
    printf("Content-Type: text/plain\n\n");
    printf("Hello, %s! You asked for \"%s\".\n", name ? name : "Spin", path && *path ? path : "/");
    return 0;
}
