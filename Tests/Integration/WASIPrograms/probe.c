// A WASI command that exercises what a Spin guest uses from libc: args,
// environment, files inside a preopened directory, clocks and the exit code.
// Its output must be identical under every WASI engine, so it prints facts,
// never times or addresses.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int compare(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path) {
    DIR *dir = opendir(path);
    if (!dir) { printf("opendir %s: %s\n", path, strerror(errno)); return; }
    char *names[64];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 64) {
        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare);
    printf("%s:", path);
    for (int i = 0; i < count; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) printf("argv[%d] = %s\n", i, i == 0 ? "(program)" : argv[i]);
    const char *greeting = getenv("GREETING");
    printf("GREETING = %s\n", greeting ? greeting : "(unset)");
    printf("MISSING = %s\n", getenv("MISSING") ? "set" : "(unset)");

    // Files inside the preopen.
    FILE *file = fopen("/data/notes.txt", "w");
    if (!file) { printf("fopen for writing: %s\n", strerror(errno)); return 2; }
    fprintf(file, "line one\nline two\n");
    fclose(file);
    file = fopen("/data/notes.txt", "a");
    fputs("line three\n", file);
    fclose(file);
    file = fopen("/data/notes.txt", "r");
    char line[128];
    int lines = 0;
    while (fgets(line, sizeof line, file)) lines++;
    fseek(file, 5, SEEK_SET);
    printf("lines = %d, at 5: %c%c%c, tell = %ld\n", lines, fgetc(file), fgetc(file), fgetc(file), ftell(file));
    fclose(file);
    struct stat status;
    stat("/data/notes.txt", &status);
    printf("size = %lld, regular = %d\n", (long long)status.st_size, S_ISREG(status.st_mode));
    mkdir("/data/sub", 0755);
    rename("/data/notes.txt", "/data/sub/moved.txt");
    list("/data");
    list("/data/sub");
    file = fopen("/data/input.txt", "r");
    if (file) { if (fgets(line, sizeof line, file)) printf("input: %s", line); fclose(file); }
    unlink("/data/input.txt");
    list("/data");

    // Nothing outside the preopen is reachable.
    printf("escape ../ = %s\n", fopen("/data/../../etc/passwd", "r") ? "opened" : "refused");
    printf("escape / = %s\n", fopen("/etc/passwd", "r") ? "opened" : "refused");

    // Clocks move forward and are near the present.
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (volatile int i = 0; i < 100000; i++) {}
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long delta = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("monotonic advances = %d\n", delta >= 0);
    printf("realtime after 2024 = %d\n", time(NULL) > 1704067200);

    int code = argc > 1 ? atoi(argv[argc - 1]) : 0;
    printf("exiting with %d\n", code);
    fflush(stdout);
    return code;
}
