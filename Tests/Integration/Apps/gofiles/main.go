// A Go (GOOS=wasip1) WAGI guest that answers with a file from its `files`
// mapping, as Spin mounts them: read-only at /. Go asks for write rights on
// every open, also for reading, so a host that refuses opens by rights fails here.
package main

import (
	"fmt"
	"os"
)

func main() {
	content, err := os.ReadFile("/assets/message.txt")
	if err != nil {
		fmt.Print("Status: 500\r\nContent-Type: text/plain\r\n\r\n")
		fmt.Println("read:", err)
		return
	}
	info, _ := os.Stat("/assets/message.txt")
	entries, _ := os.ReadDir("/assets")
	fmt.Print("Content-Type: text/plain\r\n")
	fmt.Printf("X-File-Size: %d\r\nX-Entries: %d\r\n\r\n", info.Size(), len(entries))
	os.Stdout.Write(content)
	// Writing must still be refused below the read-only mount.
	if err := os.WriteFile("/assets/new.txt", []byte("x"), 0o644); err != nil {
		fmt.Println("write refused")
	} else {
		fmt.Println("write allowed")
	}
}
