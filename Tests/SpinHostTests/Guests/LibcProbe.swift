/// A C program that exercises WASI through wasi-libc (stdio, directories,
/// stat, symlinks, clocks, stdin), built by `LibcTests` with zig. Its
/// expected output below was checked against wasmtime 49 (`--dir
/// data::/data --dir ro::/ro --env GREETING=hi probe.wasm one two`), except
/// the read-only line: wasmtime's CLI has no read-only directories.
enum LibcProbe {
    static let source = #"""
        #include <dirent.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/stat.h>
        #include <time.h>
        #include <unistd.h>

        static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

        int main(int argc, char **argv) {
            for (int i = 0; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
            printf("GREETING=%s\n", getenv("GREETING"));

            FILE *file = fopen("/data/out.txt", "w");
            fprintf(file, "line1\nline2\n");
            fclose(file);
            char line[64] = {0};
            file = fopen("/data/out.txt", "r");
            fgets(line, sizeof line, file);
            fseek(file, 0, SEEK_END);
            printf("first line: %s", line);
            printf("size by ftell: %ld\n", ftell(file));
            fclose(file);

            struct stat status;
            printf("stat: %d, regular %d, size %lld\n", stat("/data/out.txt", &status), S_ISREG(status.st_mode),
                   (long long)status.st_size);
            printf("mkdir: %d\n", mkdir("/data/sub", 0755));
            printf("rename: %d\n", rename("/data/out.txt", "/data/sub/moved.txt"));
            file = fopen("/data/sub/second.txt", "w");
            fclose(file);

            DIR *directory = opendir("/data/sub");
            char *names[16];
            int count = 0;
            struct dirent *entry;
            while ((entry = readdir(directory)) != NULL && count < 16) names[count++] = strdup(entry->d_name);
            closedir(directory);
            qsort(names, count, sizeof names[0], compare);
            printf("listing:");
            for (int i = 0; i < count; i++) printf(" %s", names[i]);
            printf("\n");

            errno = 0;
            printf("open ../: %d errno %d\n", open("/data/../outside.txt", O_RDONLY), errno);
            errno = 0;
            printf("symlink out: %d\n", symlink("../outside.txt", "/data/escape"));
            printf("open escape: %d errno %d\n", open("/data/escape", O_RDONLY), errno);
            errno = 0;
            printf("symlink in: %d\n", symlink("sub/moved.txt", "/data/inside"));
            file = fopen("/data/inside", "r");
            printf("open inside: %s\n", file ? "ok" : strerror(errno));
            if (file) fclose(file);

            errno = 0;
            int created = open("/ro/new.txt", O_CREAT | O_WRONLY, 0644);
            printf("create in ro: %d errno %d\n", created, errno);
            file = fopen("/ro/input.txt", "r");
            line[0] = 0;
            if (file) { fgets(line, sizeof line, file); fclose(file); }
            printf("read ro: %s", line);

            struct timespec first, second;
            clock_gettime(CLOCK_MONOTONIC, &first);
            clock_gettime(CLOCK_MONOTONIC, &second);
            printf("monotonic: %s\n", (second.tv_sec > first.tv_sec || (second.tv_sec == first.tv_sec && second.tv_nsec >= first.tv_nsec)) ? "ok" : "backwards");

            char input[128] = {0};
            size_t got = fread(input, 1, sizeof input - 1, stdin);
            printf("stdin %zu: %s\n", got, input);
            fprintf(stderr, "to stderr\n");

            printf("unlink: %d %d %d\n", unlink("/data/sub/moved.txt"), unlink("/data/sub/second.txt"), unlink("/data/inside"));
            unlink("/data/escape");
            printf("rmdir: %d\n", rmdir("/data/sub"));
            return 3;
        }
        """#

    static let expectedOutput = """
        arg 0: probe.wasm
        arg 1: one
        arg 2: two
        GREETING=hi
        first line: line1
        size by ftell: 12
        stat: 0, regular 1, size 12
        mkdir: 0
        rename: 0
        listing: . .. moved.txt second.txt
        open ../: -1 errno 63
        symlink out: 0
        open escape: -1 errno 63
        symlink in: 0
        open inside: ok
        create in ro: -1 errno 63
        read ro: read only content
        monotonic: ok
        stdin 10: from stdin
        unlink: 0 0 0
        rmdir: 0

        """
}
