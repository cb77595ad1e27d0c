// matmul: dense f64 matrix multiply (i-k-j order). Stresses f64 loads,
// stores, multiplies and adds in a 3-deep loop nest with address arithmetic.
// The results are bit-exact across engines: wasm f64 is IEEE 754 and the
// native build disables FMA contraction (see build.sh).
//
// Usage: matmul [iterations]
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ITERATIONS 8
#define N 160

static void multiply(double *restrict c, const double *restrict a, const double *restrict b) {
    memset(c, 0, sizeof(double) * N * N);
    for (int i = 0; i < N; i++) {
        for (int k = 0; k < N; k++) {
            double aik = a[i * N + k];
            const double *brow = &b[k * N];
            double *crow = &c[i * N];
            for (int j = 0; j < N; j++) crow[j] += aik * brow[j];
        }
    }
}

static uint64_t bits(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : DEFAULT_ITERATIONS;
    double *a = malloc(sizeof(double) * N * N);
    double *b = malloc(sizeof(double) * N * N);
    double *c = malloc(sizeof(double) * N * N);
    if (!a || !b || !c) return 2;
    // Values with few significant bits, so the sums hold no surprises.
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i * N + j] = (double)((i * 7 + j * 3) % 17 - 8) / 8.0;
            b[i * N + j] = (double)((i * 5 + j * 11) % 13 - 6) / 4.0 + 0.1;
        }
    }
    double checksum = 0;
    uint64_t bit_hash = 1469598103934665603ull;
    for (int it = 0; it < iterations; it++) {
        multiply(c, a, b);
        double trace = 0;
        for (int i = 0; i < N; i++) trace += c[i * N + i];
        checksum += trace + c[(it * 7919) % (N * N)];
        bit_hash = (bit_hash ^ bits(trace)) * 1099511628211ull;
        // Feed the result back so no iteration repeats the previous one.
        a[(it * 31) % (N * N)] += c[(it * 17) % (N * N)] * 0.001;
    }
    printf("matmul: %dx%d f64, iterations %d, checksum %.9e, bits %016" PRIx64 "\n", N, N,
           iterations, checksum, bit_hash);
    free(a);
    free(b);
    free(c);
    return 0;
}
