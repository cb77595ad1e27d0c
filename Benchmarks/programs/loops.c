// loops: tight integer loops. Stresses the interpreter's dispatch on short,
// branchy loop bodies of i32/i64 arithmetic (add, mul, xor, shifts, rotates,
// compares, div/rem) with values kept in locals, plus one byte-array loop.
//
// Usage: loops [iterations]
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ITERATIONS 5

static inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// A nonlinear i32 recurrence: no closed form, so the compiler must run every step.
__attribute__((noinline)) static uint32_t mix32(uint32_t seed, uint32_t n) {
    uint32_t x = seed, y = 0x9e3779b9u;
    for (uint32_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        y ^= x >> 13;
        y = rotl32(y, 5) + i;
        if (y & 1) x ^= y;
    }
    return x ^ y;
}

// Collatz step counts: data-dependent branches, i64 shifts and multiplies.
__attribute__((noinline)) static uint64_t collatz(uint32_t first, uint32_t count) {
    uint64_t total = 0;
    for (uint32_t start = first; start < first + count; start++) {
        uint64_t n = start;
        while (n != 1) {
            n = (n & 1) ? 3 * n + 1 : n >> 1;
            total++;
        }
    }
    return total;
}

// Greatest common divisors by remainder: i32 div/rem in a loop.
__attribute__((noinline)) static uint32_t gcd_sum(uint32_t n) {
    uint32_t sum = 0;
    for (uint32_t a = 1; a <= n; a++) {
        for (uint32_t b = a + 1; b <= a + 64; b++) {
            uint32_t x = a * 2654435761u % 1000003u + 1, y = b;
            while (y != 0) {
                uint32_t t = x % y;
                x = y;
                y = t;
            }
            sum += x;
        }
    }
    return sum;
}

// Sieve of Eratosthenes: the one loop here that touches memory (bytes).
__attribute__((noinline)) static uint32_t sieve(uint8_t *composite, uint32_t limit) {
    memset(composite, 0, limit);
    uint32_t primes = 0;
    for (uint32_t i = 2; i < limit; i++) {
        if (composite[i]) continue;
        primes++;
        for (uint32_t j = i * 2; j < limit; j += i) composite[j] = 1;
    }
    return primes;
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : DEFAULT_ITERATIONS;
    enum { sieve_limit = 1000000 };
    uint8_t *composite = malloc(sieve_limit);
    if (!composite) return 2;
    uint64_t checksum = 0;
    for (int i = 0; i < iterations; i++) {
        uint32_t m = mix32((uint32_t)i, 4000000);
        uint64_t c = collatz(1 + (uint32_t)i, 60000);
        uint32_t g = gcd_sum(4000);
        uint32_t p = sieve(composite, sieve_limit);
        if (i == 0) printf("loops: mix32 %08x, collatz steps %" PRIu64 ", gcd sum %u, primes %u\n",
                           (unsigned)m, c, (unsigned)g, (unsigned)p);
        checksum = checksum * 1000003u ^ m ^ (c << 7) ^ ((uint64_t)g << 21) ^ ((uint64_t)p << 40);
    }
    printf("loops: iterations %d, checksum %016" PRIx64 "\n", iterations, checksum);
    free(composite);
    return 0;
}
