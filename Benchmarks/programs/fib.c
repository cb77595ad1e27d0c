// fib: recursive calls. Stresses call/return (direct `call` and, through a
// function pointer, `call_indirect`), frame set-up and small-integer
// arithmetic; it touches almost no linear memory.
//
// Usage: fib [iterations]
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_ITERATIONS 40

// noinline keeps every level a real call; clang still turns one of the two
// recursive calls into a loop, as it would in any real program.
__attribute__((noinline)) static uint32_t fib(uint32_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

typedef uint32_t (*Step)(uint32_t);
static uint32_t fib_indirect(uint32_t n);
// volatile: the compiler must load the target each time, so the call stays
// a real `call_indirect` instead of being devirtualized.
static Step volatile indirect_target = fib_indirect;

__attribute__((noinline)) static uint32_t fib_indirect(uint32_t n) {
    if (n < 2) return n;
    return indirect_target(n - 1) + indirect_target(n - 2);
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : DEFAULT_ITERATIONS;
    // volatile: stops the compiler from hoisting the pure calls out of the loop.
    volatile uint32_t depth = 27, indirect_depth = 25;
    uint32_t direct = 0, indirect = 0, direct_sum = 0, indirect_sum = 0;
    for (int i = 0; i < iterations; i++) {
        direct = fib(depth);
        indirect = fib_indirect(indirect_depth);
        direct_sum = direct_sum * 31 + direct;
        indirect_sum = indirect_sum * 31 + indirect;
    }
    printf("fib: iterations %d, fib(%u) = %u, fib_indirect(%u) = %u\n", iterations,
           (unsigned)depth, (unsigned)direct, (unsigned)indirect_depth, (unsigned)indirect);
    printf("fib: checksum %08x %08x\n", (unsigned)direct_sum, (unsigned)indirect_sum);
    return 0;
}
