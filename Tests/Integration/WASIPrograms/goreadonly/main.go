// A Go (GOOS=wasip1) command that only reads its preopened directory: it
// reads, stats and lists files, as a WAGI guest serving its `files` does.
// Our engine runs it on a read-only mount, wasmtime on a plain one (its CLI
// has no read-only --dir); the output must be the same. Go asks for write
// rights on every open, also O_RDONLY ones, so this is what caught hosts that
// refuse an open because of the rights it requests.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

func main() {
	content, err := os.ReadFile("/data/input.txt")
	fmt.Printf("ReadFile: %q %v\n", content, err)

	info, err := os.Stat("/data/input.txt")
	if err == nil {
		fmt.Println("Stat:", info.Name(), info.Size(), info.Mode().IsRegular(), info.IsDir())
	} else {
		fmt.Println("Stat:", err)
	}
	dirInfo, err := os.Stat("/data/nested")
	fmt.Println("Stat dir:", err == nil && dirInfo.IsDir())

	file, err := os.Open("/data/nested/deep.txt")
	if err == nil {
		part := make([]byte, 5)
		n, _ := io.ReadFull(file, part)
		offset, _ := file.Seek(0, io.SeekCurrent)
		rest, _ := io.ReadAll(file)
		fmt.Printf("Open+Read: %q offset %d rest %q\n", part[:n], offset, rest)
		file.Close()
	} else {
		fmt.Println("Open:", err)
	}

	for _, dir := range []string{"/data", "/data/nested"} {
		entries, err := os.ReadDir(dir)
		names := []string{}
		for _, entry := range entries {
			names = append(names, fmt.Sprintf("%s(dir=%v)", entry.Name(), entry.IsDir()))
		}
		sort.Strings(names)
		fmt.Println("ReadDir", dir, names, err)
	}

	_, err = os.Stat("/data/missing.txt")
	fmt.Println("missing is not-exist:", os.IsNotExist(err))
}
