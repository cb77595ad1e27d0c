// memcpy: bulk memory work over two 8 MiB buffers. Large memset/memcpy/
// memmove calls (in wasm: `memory.fill` / `memory.copy` when bulk memory is
// on, as with zig's default CPU), many small copies of varying size and
// alignment (libc calls and inlined load/store pairs), and overlapping moves.
// Stresses bulk-memory instructions, bounds checks and memory growth.
//
// Usage: memcpy [iterations]
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ITERATIONS 200
#define SIZE (8u << 20)

static uint32_t rng_state = 12345;
static inline uint32_t next_random(void) {  // xorshift32: reproducible offsets
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

// Samples every 4099th byte: cheap next to the copies, yet sees their effects.
static uint64_t sample(const uint8_t *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i += 4099) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

struct Record {  // a 24-byte struct copied by value: inlined loads/stores
    uint32_t key;
    uint32_t length;
    uint64_t offset;
    uint64_t tag;
};

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : DEFAULT_ITERATIONS;
    uint8_t *src = malloc(SIZE), *dst = malloc(SIZE);
    struct Record *records = malloc(sizeof(struct Record) * 4096);
    if (!src || !dst || !records) return 2;
    for (size_t i = 0; i < SIZE; i++) src[i] = (uint8_t)(i * 131 + (i >> 9));
    memset(records, 0, sizeof(struct Record) * 4096);

    uint64_t checksum = 0;
    for (int it = 0; it < iterations; it++) {
        // 1. Large fills and copies: the whole buffer, then 64 KiB blocks at odd offsets.
        memset(dst, it & 0xff, SIZE);
        memcpy(dst, src, SIZE / 2);
        for (size_t off = 7; off + 65536 < SIZE; off += 65536 + 13)
            memcpy(dst + off, src + (SIZE - off - 65536), 65536);

        // 2. Many small copies and fills of random size (1..256) and alignment.
        for (int i = 0; i < 20000; i++) {
            uint32_t r = next_random();
            size_t n = 1 + (r & 255);
            size_t from = (r >> 8) % (SIZE - 256), to = next_random() % (SIZE - 256);
            if (i & 3) memcpy(dst + to, src + from, n);
            else memset(dst + to, (int)(r >> 24), n);
        }

        // 3. Overlapping moves, both directions.
        memmove(dst + 1, dst, SIZE / 4);
        memmove(dst + SIZE / 2, dst + SIZE / 2 + 3, SIZE / 4);

        // 4. Struct copies through an array (fixed size: inlined by the compiler).
        for (int i = 0; i < 4096; i++) {
            struct Record r = records[(i * 7) & 4095];
            r.key += (uint32_t)i;
            r.offset += dst[(size_t)i * 2048];
            records[i] = r;
        }

        uint64_t h = sample(dst, SIZE) ^ records[it & 4095].offset;
        if (it == 0) printf("memcpy: first pass sample %016" PRIx64 "\n", h);
        checksum = checksum * 31 + h;
        // Feed back so the next pass copies different bytes.
        memcpy(src + (it * 4096) % (SIZE - 4096), dst + SIZE / 3, 4096);
    }
    printf("memcpy: iterations %d, checksum %016" PRIx64 "\n", iterations, checksum);
    free(src);
    free(dst);
    free(records);
    return 0;
}
