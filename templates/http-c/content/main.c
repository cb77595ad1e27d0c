// A WAGI handler: Spin runs this WASI command once per request, with the
// request in CGI variables (REQUEST_METHOD, PATH_INFO, QUERY_STRING, ...)
// and its body on stdin. Whatever it prints is the response: header lines,
// a blank line, then the body.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *method = getenv("REQUEST_METHOD");
    const char *path = getenv("PATH_INFO");

    printf("Content-Type: text/plain\n");
    printf("\n");
    printf("Hello from {{project-name}}!\n");
    printf("%s %s\n", method ? method : "GET", path && *path ? path : "/");
    return 0;
}
