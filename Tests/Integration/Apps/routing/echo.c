// A WAGI guest that reports what it was given: which component it is (from
// its environment), the CGI variables Spin sets, argv and the request body.
#include <stdio.h>
#include <stdlib.h>

static const char *env(const char *name) {
    const char *value = getenv(name);
    return value ? value : "";
}

int main(int argc, char **argv) {
    printf("Content-Type: text/plain\n");
    printf("X-Component: %s\n", env("COMPONENT"));
    printf("\n");
    printf("component=%s\n", env("COMPONENT"));
    const char *names[] = {
        "REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "PATH_TRANSLATED", "QUERY_STRING", "CONTENT_TYPE",
        "CONTENT_LENGTH", "REMOTE_ADDR", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_SOFTWARE",
        "GATEWAY_INTERFACE", "HTTP_X_TEST", "X_FULL_URL", "X_MATCHED_ROUTE", "X_COMPONENT_ROUTE",
        "X_RAW_COMPONENT_ROUTE", "X_BASE_PATH", "X_PATH_MATCH_ID", "GREETING",
    };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) printf("%s=%s\n", names[i], env(names[i]));
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    char buffer[4096];
    size_t total = 0, n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) total += n;
    printf("body-bytes=%zu\n", total);
    return 0;
}
