// pixels: image-style kernels over byte, 16-bit and float arrays, the loops
// that compilers turn into vector code when SIMD is on (-msimd128 in
// NAME.simd.wasm): a saturating blend of two 8-bit images, a sum of absolute
// differences, a 16-bit dot product, a float brightness scale with clamping,
// and a running minimum and maximum. Built without SIMD it is plain scalar
// code like the other programs. The checksum is exact on every engine.
//
// Usage: pixels [iterations]
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_ITERATIONS 60
#define PIXELS (256 * 1024)

static void blend(uint8_t *restrict out, const uint8_t *restrict a, const uint8_t *restrict b) {
    for (int i = 0; i < PIXELS; i++) {
        unsigned sum = (unsigned)a[i] + b[i];
        out[i] = sum > 255 ? 255 : (uint8_t)sum;
    }
}

static uint32_t absolute_differences(const uint8_t *restrict a, const uint8_t *restrict b) {
    uint32_t total = 0;
    for (int i = 0; i < PIXELS; i++) total += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
    return total;
}

static uint32_t dot(const int16_t *restrict a, const int16_t *restrict b) {
    uint32_t total = 0;  // unsigned: the sum wraps, defined in C, in any order
    for (int i = 0; i < PIXELS; i++) total += (uint32_t)((int32_t)a[i] * b[i]);
    return total;
}

static void scale(float *restrict out, const float *restrict in, float factor) {
    for (int i = 0; i < PIXELS; i++) {
        float value = in[i] * factor;
        out[i] = value > 1.0f ? 1.0f : value;
    }
}

static void extremes(const int32_t *restrict values, int32_t *low, int32_t *high) {
    int32_t lo = values[0], hi = values[0];
    for (int i = 1; i < PIXELS; i++) {
        lo = values[i] < lo ? values[i] : lo;
        hi = values[i] > hi ? values[i] : hi;
    }
    *low = lo;
    *high = hi;
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : DEFAULT_ITERATIONS;
    uint8_t *a = malloc(PIXELS), *b = malloc(PIXELS), *blended = malloc(PIXELS);
    int16_t *x = malloc(sizeof(int16_t) * PIXELS), *y = malloc(sizeof(int16_t) * PIXELS);
    float *light = malloc(sizeof(float) * PIXELS), *scaled = malloc(sizeof(float) * PIXELS);
    int32_t *values = malloc(sizeof(int32_t) * PIXELS);
    if (!a || !b || !blended || !x || !y || !light || !scaled || !values) return 2;
    uint32_t state = 12345;
    for (int i = 0; i < PIXELS; i++) {
        state = state * 1103515245u + 12345u;
        a[i] = (uint8_t)(state >> 16);
        b[i] = (uint8_t)(state >> 24);
        x[i] = (int16_t)(state >> 8);
        y[i] = (int16_t)(state ^ (state >> 13));
        // Multiples of 1/256: products with the factors below stay exact.
        light[i] = (float)(state >> 24) / 256.0f;
        values[i] = (int32_t)state;
    }
    uint64_t checksum = 0;
    for (int round = 0; round < iterations; round++) {
        blend(blended, a, b);
        checksum += blended[(round * 7919) % PIXELS];
        checksum += absolute_differences(a, blended);
        checksum += dot(x, y);
        scale(scaled, light, 1.0f + (float)(round % 4) / 4.0f);
        checksum += (uint64_t)(scaled[(round * 104729) % PIXELS] * 256.0f);
        int32_t low, high;
        extremes(values, &low, &high);
        checksum += (uint64_t)(uint32_t)(high - low);
        a[round % PIXELS] ^= (uint8_t)round;
        values[(round * 31) % PIXELS] += round;
    }
    printf("pixels: %d iterations, checksum %016" PRIx64 "\n", iterations, checksum);
    free(a); free(b); free(blended); free(x); free(y); free(light); free(scaled); free(values);
    return 0;
}
