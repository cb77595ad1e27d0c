// hash: two hash functions over a 1 MiB buffer. FNV-1a reads one byte at a
// time (i32.load8_u, xor, i64.mul: a long serial dependency chain);
// the xxHash64-style hash reads 8 bytes at a time into four lanes
// (i64.load, i64.mul, i64.rotl). Stresses loads and i64 arithmetic.
//
// Usage: hash [iterations]
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ITERATIONS 80
#define BUFFER_SIZE (1u << 20)

static const uint64_t P1 = 0x9E3779B185EBCA87ull, P2 = 0xC2B2AE3D27D4EB4Full,
                      P3 = 0x165667B19E3779F9ull, P4 = 0x85EBCA77C2B2AE63ull,
                      P5 = 0x27D4EB2F165667C5ull;

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// memcpy: the portable unaligned load; it compiles to one i64.load.
static inline uint64_t read64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

__attribute__((noinline)) static uint64_t fnv1a64(const uint8_t *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static inline uint64_t round64(uint64_t acc, uint64_t input) {
    return rotl64(acc + input * P2, 31) * P1;
}

static inline uint64_t merge64(uint64_t acc, uint64_t lane) {
    return (acc ^ round64(0, lane)) * P1 + P4;
}

// The xxHash64 structure (four lanes, then a tail and an avalanche); little
// endian, so native and wasm agree.
__attribute__((noinline)) static uint64_t xxh64(const uint8_t *p, size_t n, uint64_t seed) {
    const uint8_t *end = p + n;
    uint64_t h;
    if (n >= 32) {
        uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
        for (; p + 32 <= end; p += 32) {
            v1 = round64(v1, read64(p));
            v2 = round64(v2, read64(p + 8));
            v3 = round64(v3, read64(p + 16));
            v4 = round64(v4, read64(p + 24));
        }
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
        h = merge64(merge64(merge64(merge64(h, v1), v2), v3), v4);
    } else {
        h = seed + P5;
    }
    h += (uint64_t)n;
    for (; p + 8 <= end; p += 8) h = rotl64(h ^ round64(0, read64(p)), 27) * P1 + P4;
    for (; p < end; p++) h = rotl64(h ^ (*p * P5), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    return h ^ (h >> 32);
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : DEFAULT_ITERATIONS;
    uint8_t *buffer = malloc(BUFFER_SIZE);
    if (!buffer) return 2;
    uint64_t state = 0x243F6A8885A308D3ull;  // xorshift64: reproducible bytes
    for (size_t i = 0; i < BUFFER_SIZE; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        buffer[i] = (uint8_t)(state >> 24);
    }
    uint64_t checksum = 0;
    for (int it = 0; it < iterations; it++) {
        uint64_t f = fnv1a64(buffer, BUFFER_SIZE);
        // Odd lengths and offsets exercise the tail loops too.
        uint64_t x = xxh64(buffer + (it & 7), BUFFER_SIZE - 8 - (it % 13), f);
        uint64_t x2 = 0;
        for (int i = 0; i < 4 * 1024; i++) x2 += xxh64(buffer + i * 8, 1 + (i % 64), x2);
        if (it == 0) printf("hash: fnv1a64 %016" PRIx64 ", xxh64 %016" PRIx64 "\n", f, x);
        checksum = rotl64(checksum, 9) ^ f ^ x ^ x2;
        buffer[(it * 7919) % BUFFER_SIZE] ^= (uint8_t)checksum;  // vary the next pass
    }
    printf("hash: iterations %d, checksum %016" PRIx64 "\n", iterations, checksum);
    free(buffer);
    return 0;
}
