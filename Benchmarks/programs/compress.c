// compress: an LZ77 compressor with hash chains, writing the LZ4 block
// format, and its decompressor, round-tripping 1 MiB of generated text. The
// "real program" of the set: irregular control flow, hash-table lookups,
// byte-compare match loops, variable-length encoding, literal-run memcpy and
// overlapping back-reference copies.
//
// Usage: compress [iterations]
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ITERATIONS 3
#define INPUT_SIZE (1u << 20)
#define WINDOW (1u << 16)  // offsets must fit in LZ4's two bytes
#define HASH_BITS 15
#define MIN_MATCH 4
#define MAX_CHAIN 24      // candidates tried per position: speed versus ratio
#define LAST_LITERALS 5   // LZ4 ends every block with literals
#define MATCH_LIMIT 12    // no match may start in the last 12 bytes

static inline uint32_t hash4(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

// LZ4 lengths: 15 in the token's nibble, then bytes of 255, then the rest.
static uint8_t *put_length(uint8_t *o, size_t length) {
    for (; length >= 255; length -= 255) *o++ = 255;
    *o++ = (uint8_t)length;
    return o;
}

static uint8_t *put_literals(uint8_t *o, const uint8_t *from, size_t count, size_t match_nibble) {
    *o++ = (uint8_t)(((count < 15 ? count : 15) << 4) | match_nibble);
    if (count >= 15) o = put_length(o, count - 15);
    memcpy(o, from, count);
    return o + count;
}

static size_t compress(const uint8_t *in, size_t n, uint8_t *out, int32_t *head, int32_t *prev) {
    for (size_t i = 0; i < (1u << HASH_BITS); i++) head[i] = -1;
    uint8_t *o = out;
    size_t anchor = 0, pos = 0;
    size_t limit = n > MATCH_LIMIT ? n - MATCH_LIMIT : 0;
    while (pos < limit) {
        uint32_t h = hash4(in + pos);
        size_t best_length = 0, best_offset = 0, max = n - LAST_LITERALS - pos;
        int32_t candidate = head[h];
        for (int chain = 0; candidate >= 0 && pos - (size_t)candidate < WINDOW && chain < MAX_CHAIN;
             chain++) {
            const uint8_t *a = in + candidate, *b = in + pos;
            if (a[best_length] == b[best_length]) {  // cheap reject of a shorter match
                size_t length = 0;
                while (length < max && a[length] == b[length]) length++;
                if (length > best_length) {
                    best_length = length;
                    best_offset = pos - (size_t)candidate;
                }
            }
            candidate = prev[candidate & (WINDOW - 1)];
        }
        prev[pos & (WINDOW - 1)] = head[h];
        head[h] = (int32_t)pos;
        if (best_length < MIN_MATCH) {
            pos++;
            continue;
        }
        size_t extra = best_length - MIN_MATCH;
        o = put_literals(o, in + anchor, pos - anchor, extra < 15 ? extra : 15);
        *o++ = (uint8_t)best_offset;
        *o++ = (uint8_t)(best_offset >> 8);
        if (extra >= 15) o = put_length(o, extra - 15);
        // Index the positions inside the match so later data can refer to them.
        size_t end = pos + best_length;
        for (pos++; pos < end; pos++) {
            if (pos >= limit) continue;
            uint32_t hp = hash4(in + pos);
            prev[pos & (WINDOW - 1)] = head[hp];
            head[hp] = (int32_t)pos;
        }
        anchor = pos;
    }
    o = put_literals(o, in + anchor, n - anchor, 0);
    return (size_t)(o - out);
}

// Returns the decompressed size, or SIZE_MAX for malformed input.
static size_t decompress(const uint8_t *in, size_t n, uint8_t *out, size_t capacity) {
    const uint8_t *ip = in, *end = in + n;
    uint8_t *op = out, *out_end = out + capacity;
    while (ip < end) {
        uint8_t token = *ip++;
        size_t literals = token >> 4;
        if (literals == 15) {
            uint8_t byte;
            do literals += byte = *ip++; while (byte == 255 && ip < end);
        }
        if (literals > (size_t)(end - ip) || literals > (size_t)(out_end - op)) return SIZE_MAX;
        memcpy(op, ip, literals);
        op += literals;
        ip += literals;
        if (ip == end) break;  // the last sequence has literals only
        size_t offset = ip[0] | (size_t)ip[1] << 8, length = token & 15;
        ip += 2;
        if (length == 15) {
            uint8_t byte;
            do length += byte = *ip++; while (byte == 255 && ip < end);
        }
        length += MIN_MATCH;
        if (offset == 0 || offset > (size_t)(op - out) || length > (size_t)(out_end - op))
            return SIZE_MAX;
        const uint8_t *match = op - offset;
        if (offset >= length) {
            memcpy(op, match, length);
        } else {  // overlapping: a run that repeats the last `offset` bytes
            for (size_t i = 0; i < length; i++) op[i] = match[i];
        }
        op += length;
    }
    return (size_t)(op - out);
}

static uint32_t rng_state = 2463534242u;
static uint32_t next_random(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

// Text-like input: skewed word choice, punctuation, line breaks and numbers.
static void generate_text(uint8_t *p, size_t n) {
    static const char *const words[] = {
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on",
        "be", "by", "this", "are", "or", "from", "at", "module", "function", "memory", "table",
        "instance", "import", "export", "value", "stack", "frame", "branch", "loop", "block",
        "interpreter", "compiler", "component", "request", "response", "header", "body",
        "store", "engine", "global", "local", "result", "trap", "validate", "decode"};
    const size_t word_count = sizeof words / sizeof words[0];
    size_t i = 0;
    while (i < n) {
        uint32_t r = next_random();
        // The smaller of two draws: common words come up more often.
        size_t w = (r & 0xffff) % word_count, w2 = (r >> 16) % word_count;
        char piece[24];
        int length;
        if ((r & 0x3f) == 7) length = snprintf(piece, sizeof piece, "%u", (unsigned)(next_random() % 100000));
        else length = snprintf(piece, sizeof piece, "%s", words[w < w2 ? w : w2]);
        uint32_t s = next_random() % 20;
        piece[length++] = s == 0 ? '\n' : s == 1 ? ',' : s == 2 ? '.' : ' ';
        for (int k = 0; k < length && i < n; k++) p[i++] = (uint8_t)piece[k];
    }
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : DEFAULT_ITERATIONS;
    size_t capacity = INPUT_SIZE + INPUT_SIZE / 255 + 64;  // LZ4's worst case
    uint8_t *input = malloc(INPUT_SIZE), *packed = malloc(capacity), *unpacked = malloc(INPUT_SIZE);
    int32_t *head = malloc(sizeof(int32_t) << HASH_BITS), *prev = malloc(sizeof(int32_t) * WINDOW);
    if (!input || !packed || !unpacked || !head || !prev) return 2;
    generate_text(input, INPUT_SIZE);
    uint64_t checksum = 0;
    for (int it = 0; it < iterations; it++) {
        input[(it * 104729u) % INPUT_SIZE] ^= 0x20;  // a different input each pass
        size_t packed_size = compress(input, INPUT_SIZE, packed, head, prev);
        size_t unpacked_size = decompress(packed, packed_size, unpacked, INPUT_SIZE);
        if (unpacked_size != INPUT_SIZE || memcmp(input, unpacked, INPUT_SIZE) != 0) {
            printf("compress: round trip FAILED in iteration %d\n", it);
            return 1;
        }
        uint64_t h = 0xcbf29ce484222325ull;
        for (size_t i = 0; i < packed_size; i++) h = (h ^ packed[i]) * 0x100000001b3ull;
        if (it == 0) printf("compress: %u -> %zu bytes, packed hash %016" PRIx64 "\n",
                            (unsigned)INPUT_SIZE, packed_size, h);
        checksum = checksum * 31 + (h ^ packed_size);
    }
    printf("compress: iterations %d, round trips ok, checksum %016" PRIx64 "\n", iterations, checksum);
    return 0;
}
