// A static file server as a WAGI handler. Spin mounts the component's files
// read-only at "/" and runs this WASI command once per request with the
// request in CGI variables; PATH_INFO is the path below the route. The
// response goes to stdout: header lines, a blank line, then the body.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_PATH 4096

static const struct {
    const char *extension;
    const char *type;
} content_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"svg", "image/svg+xml"},
    {"ico", "image/x-icon"},
    {"webp", "image/webp"},
    {"txt", "text/plain; charset=utf-8"},
    {"wasm", "application/wasm"},
};

static void respond_error(const char *status) {
    printf("Status: %s\n", status);
    printf("Content-Type: text/plain; charset=utf-8\n");
    printf("\n");
    printf("%s\n", status);
}

static const char *content_type(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (dot == NULL || (slash != NULL && dot < slash)) return "application/octet-stream";
    for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++) {
        if (strcasecmp(dot + 1, content_types[i].extension) == 0) return content_types[i].type;
    }
    return "application/octet-stream";
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decodes `in` into `out`. Fails on a bad escape, an encoded NUL
// or a result that does not fit.
static int percent_decode(const char *in, char *out, size_t capacity) {
    size_t length = 0;
    for (size_t i = 0; in[i] != '\0'; i++) {
        char c = in[i];
        if (c == '%') {
            int high = hex_value(in[i + 1]);
            int low = high < 0 ? -1 : hex_value(in[i + 2]);
            if (low < 0) return -1;
            c = (char)(high * 16 + low);
            if (c == '\0') return -1;
            i += 2;
        }
        if (length + 1 >= capacity) return -1;
        out[length++] = c;
    }
    out[length] = '\0';
    return 0;
}

// True if any "/"-separated segment of `path` is "..".
static int has_parent_segment(const char *path) {
    const char *segment = path;
    for (;;) {
        const char *end = strchr(segment, '/');
        size_t length = end ? (size_t)(end - segment) : strlen(segment);
        if (length == 2 && segment[0] == '.' && segment[1] == '.') return 1;
        if (end == NULL) return 0;
        segment = end + 1;
    }
}

int main(void) {
    const char *method = getenv("REQUEST_METHOD");
    const char *path_info = getenv("PATH_INFO");
    if (method == NULL) method = "GET";
    if (path_info == NULL || path_info[0] == '\0') path_info = "/";

    int head = strcmp(method, "HEAD") == 0;
    if (!head && strcmp(method, "GET") != 0) {
        printf("Status: 405 Method Not Allowed\n");
        printf("Allow: GET, HEAD\n");
        printf("Content-Type: text/plain; charset=utf-8\n");
        printf("\n");
        printf("405 Method Not Allowed\n");
        return 0;
    }

    char decoded[MAX_PATH];
    if (percent_decode(path_info, decoded, sizeof decoded) != 0) {
        respond_error("400 Bad Request");
        return 0;
    }
    // Never leave the mounted files: a ".." segment is refused outright.
    if (has_parent_segment(decoded)) {
        respond_error("404 Not Found");
        return 0;
    }

    // The files are mounted at "/": make the path absolute there.
    char path[MAX_PATH + 16];
    const char *relative = decoded;
    while (*relative == '/') relative++;
    snprintf(path, sizeof path, "/%s", relative);

    struct stat info;
    if (stat(path, &info) == 0 && S_ISDIR(info.st_mode)) {
        size_t length = strlen(path);
        snprintf(path + length, sizeof path - length, "%sindex.html", path[length - 1] == '/' ? "" : "/");
    }
    FILE *file = NULL;
    if (stat(path, &info) != 0 || !S_ISREG(info.st_mode) || (file = fopen(path, "rb")) == NULL) {
        respond_error("404 Not Found");
        return 0;
    }

    printf("Content-Type: %s\n", content_type(path));
    printf("\n");
    if (!head) {
        char buffer[16384];
        size_t count;
        while ((count = fread(buffer, 1, sizeof buffer, file)) > 0) {
            fwrite(buffer, 1, count, stdout);
        }
    }
    fclose(file);
    return 0;
}
