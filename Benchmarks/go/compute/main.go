// A CPU-bound, deterministic Go program for the benchmark: a prime sieve,
// string formatting and parsing, a map keyed by strings, sorting, and the
// garbage collector that all of them feed. It prints a checksum, so a wrong
// answer shows up. The optional argument is the number of rounds.
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

const limit = 1 << 20

// sieve returns the primes below n.
func sieve(n int) []int {
	composite := make([]bool, n)
	primes := make([]int, 0, n/10)
	for i := 2; i < n; i++ {
		if composite[i] {
			continue
		}
		primes = append(primes, i)
		for j := i * i; j < n; j += i {
			composite[j] = true
		}
	}
	return primes
}

type fnv uint64

func (h *fnv) add(s string) {
	for i := 0; i < len(s); i++ {
		*h = (*h ^ fnv(s[i])) * 1099511628211
	}
}

func round(r int, h *fnv) {
	primes := sieve(limit - r)
	// Words from numbers: base-36 spellings, keyed by their last three characters.
	counts := make(map[string]int)
	var text strings.Builder
	for i, p := range primes {
		word := strconv.FormatInt(int64(p)*int64(r+7)+36*36*36, 36)
		counts[word[len(word)-3:]]++
		if i%8 == 0 {
			text.WriteString(word)
			text.WriteByte(' ')
		}
	}
	// Back to numbers: split the text, parse each word, sum the values.
	var total uint64
	for _, field := range strings.Fields(strings.ToUpper(text.String())) {
		v, err := strconv.ParseUint(strings.ToLower(field), 36, 64)
		if err != nil {
			panic(err)
		}
		total += v
	}
	// Sort the keys by count, then name, and hash them in that order.
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if counts[keys[a]] != counts[keys[b]] {
			return counts[keys[a]] > counts[keys[b]]
		}
		return keys[a] < keys[b]
	})
	for _, k := range keys {
		h.add(k)
		h.add(strconv.Itoa(counts[k]))
	}
	h.add(strconv.FormatUint(total, 10))
	h.add(strconv.Itoa(len(primes)))
}

func main() {
	rounds := 2
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil || n < 1 {
			fmt.Fprintln(os.Stderr, "usage: compute [rounds]")
			os.Exit(2)
		}
		rounds = n
	}
	h := fnv(14695981039346656037)
	for r := 0; r < rounds; r++ {
		round(r, &h)
	}
	fmt.Printf("rounds %d checksum %016x\n", rounds, uint64(h))
}
