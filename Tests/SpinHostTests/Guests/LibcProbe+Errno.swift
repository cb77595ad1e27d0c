extension LibcProbe {
    /// POSIX calls one per line with their result and errno, through
    /// wasi-libc: the errno numbers are WASI's, and `expectedErrnoOutput` is
    /// exactly what wasmtime 49 prints (`--dir data::/data`, stdin "in").
    static let errnoSource = #"""
        #include <dirent.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <stdio.h>
        #include <string.h>
        #include <sys/stat.h>
        #include <unistd.h>
        #include <poll.h>
        #include <time.h>
        #define SHOW(expr) do { errno = 0; long r = (long)(expr); printf("%-40s -> %ld errno %d\n", #expr, r, errno); } while (0)
        int main(void) {
            SHOW(open("/data/missing", O_RDONLY));
            SHOW(mkdir("/data/d", 0755));
            SHOW(mkdir("/data/d", 0755));
            SHOW(close(open("/data/d/f", O_CREAT | O_WRONLY, 0644)));
            SHOW(rmdir("/data/d"));
            SHOW(unlink("/data/d"));
            SHOW(rmdir("/data/d/f"));
            SHOW(open("/data/d/f/", O_RDONLY));
            SHOW(open("/data/d", O_WRONLY));
            SHOW(open("/data/d/f", O_RDONLY | O_DIRECTORY));
            SHOW(open("/data/d/f", O_CREAT | O_EXCL | O_WRONLY, 0644));
            SHOW(rename("/data/d/f", "/data/d/g"));
            SHOW(rename("/data/d/nothing", "/data/d/h"));
            SHOW(link("/data/d/g", "/data/d/hard"));
            SHOW(symlink("g", "/data/d/soft"));
            SHOW(symlink("g", "/data/d/soft"));
            char buf[64] = {0};
            SHOW(readlink("/data/d/soft", buf, sizeof buf));
            printf("readlink: %s\n", buf);
            SHOW(readlink("/data/d/g", buf, sizeof buf));
            struct stat st;
            SHOW(lstat("/data/d/soft", &st)); printf("lnk %d\n", S_ISLNK(st.st_mode));
            SHOW(stat("/data/d/soft", &st)); printf("reg %d nlink %d\n", S_ISREG(st.st_mode), (int)st.st_nlink);
            SHOW(stat("/data/d", &st)); printf("dir %d\n", S_ISDIR(st.st_mode));
            int fd = open("/data/d/g", O_RDWR);
            SHOW(write(fd, "abcdef", 6));
            SHOW(lseek(fd, 2, SEEK_SET));
            SHOW(read(fd, buf, 3)); printf("read: %.3s\n", buf);
            SHOW(lseek(fd, -1, SEEK_END));
            SHOW(lseek(fd, -10, SEEK_CUR));
            SHOW(ftruncate(fd, 2));
            SHOW(fstat(fd, &st)); printf("size %lld\n", (long long)st.st_size);
            SHOW(pwrite(fd, "XY", 2, 4));
            SHOW(fstat(fd, &st)); printf("size %lld\n", (long long)st.st_size);
            SHOW(fsync(fd));
            SHOW(close(fd));
            SHOW(close(fd));
            SHOW(lseek(1, 0, SEEK_CUR));
            SHOW(read(1, buf, 1));
            SHOW(write(0, "x", 1));
            SHOW(isatty(1));
            struct timespec req = {0, 1000000};
            SHOW(nanosleep(&req, NULL));
            struct pollfd p = {0, POLLIN, 0};
            SHOW(poll(&p, 1, 0)); printf("revents %d\n", p.revents);
            SHOW(access("/data/d/g", R_OK));
            SHOW(chdir("/data/d"));
            SHOW(unlink("/data/d/g"));
            SHOW(unlink("/data/d/hard"));
            SHOW(unlink("/data/d/soft"));
            SHOW(rmdir("/data/d"));
            SHOW(open("/data/..", O_RDONLY));
            SHOW(open("/data/.", O_RDONLY));
            SHOW(open("/nowhere/x", O_RDONLY));
            return 0;
        }
        """#

    static let expectedErrnoOutput = #"""
        open("/data/missing", O_RDONLY)          -> -1 errno 44
        mkdir("/data/d", 0755)                   -> 0 errno 0
        mkdir("/data/d", 0755)                   -> -1 errno 20
        close(open("/data/d/f", O_CREAT | O_WRONLY, 0644)) -> 0 errno 0
        rmdir("/data/d")                         -> -1 errno 55
        unlink("/data/d")                        -> -1 errno 31
        rmdir("/data/d/f")                       -> -1 errno 54
        open("/data/d/f/", O_RDONLY)             -> -1 errno 54
        open("/data/d", O_WRONLY)                -> -1 errno 31
        open("/data/d/f", O_RDONLY | O_DIRECTORY) -> -1 errno 54
        open("/data/d/f", O_CREAT | O_EXCL | O_WRONLY, 0644) -> -1 errno 20
        rename("/data/d/f", "/data/d/g")         -> 0 errno 0
        rename("/data/d/nothing", "/data/d/h")   -> -1 errno 44
        link("/data/d/g", "/data/d/hard")        -> 0 errno 0
        symlink("g", "/data/d/soft")             -> 0 errno 0
        symlink("g", "/data/d/soft")             -> -1 errno 20
        readlink("/data/d/soft", buf, sizeof buf) -> 1 errno 0
        readlink: g
        readlink("/data/d/g", buf, sizeof buf)   -> -1 errno 28
        lstat("/data/d/soft", &st)               -> 0 errno 0
        lnk 1
        stat("/data/d/soft", &st)                -> 0 errno 0
        reg 1 nlink 2
        stat("/data/d", &st)                     -> 0 errno 0
        dir 1
        write(fd, "abcdef", 6)                   -> 6 errno 0
        lseek(fd, 2, SEEK_SET)                   -> 2 errno 0
        read(fd, buf, 3)                         -> 3 errno 0
        read: cde
        lseek(fd, -1, SEEK_END)                  -> 5 errno 0
        lseek(fd, -10, SEEK_CUR)                 -> -1 errno 28
        ftruncate(fd, 2)                         -> 0 errno 0
        fstat(fd, &st)                           -> 0 errno 0
        size 2
        pwrite(fd, "XY", 2, 4)                   -> 2 errno 0
        fstat(fd, &st)                           -> 0 errno 0
        size 6
        fsync(fd)                                -> 0 errno 0
        close(fd)                                -> 0 errno 0
        close(fd)                                -> -1 errno 8
        lseek(1, 0, SEEK_CUR)                    -> -1 errno 70
        read(1, buf, 1)                          -> -1 errno 8
        write(0, "x", 1)                         -> -1 errno 8
        isatty(1)                                -> 0 errno 59
        nanosleep(&req, NULL)                    -> 0 errno 0
        poll(&p, 1, 0)                           -> 1 errno 0
        revents 1
        access("/data/d/g", R_OK)                -> 0 errno 0
        chdir("/data/d")                         -> 0 errno 0
        unlink("/data/d/g")                      -> 0 errno 0
        unlink("/data/d/hard")                   -> 0 errno 0
        unlink("/data/d/soft")                   -> 0 errno 0
        rmdir("/data/d")                         -> 0 errno 0
        open("/data/..", O_RDONLY)               -> -1 errno 63
        open("/data/.", O_RDONLY)                -> 4 errno 0
        open("/nowhere/x", O_RDONLY)             -> -1 errno 44

        """#
}
