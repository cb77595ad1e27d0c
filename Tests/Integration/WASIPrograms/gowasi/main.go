// A Go (GOOS=wasip1) command: args, environment, files in a preopened
// directory and the exit code, printed so that engines can be compared.
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
)

func main() {
	fmt.Println("args:", os.Args[1:])
	fmt.Println("GREETING =", os.Getenv("GREETING"))
	if err := os.WriteFile("/data/go.txt", []byte("written by Go\n"), 0o644); err != nil {
		fmt.Println("write:", err)
		os.Exit(2)
	}
	content, err := os.ReadFile("/data/go.txt")
	fmt.Printf("read back: %q %v\n", content, err)
	entries, _ := os.ReadDir("/data")
	names := []string{}
	for _, entry := range entries {
		names = append(names, entry.Name())
	}
	sort.Strings(names)
	fmt.Println("data:", names)
	_, err = os.Open("/etc/passwd")
	fmt.Println("escape refused:", err != nil)
	code := 0
	if len(os.Args) > 1 {
		code, _ = strconv.Atoi(os.Args[len(os.Args)-1])
	}
	os.Exit(code)
}
