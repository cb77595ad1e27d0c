// The start-up benchmark's Go program: the Go runtime's own start-up
// (scheduler, heap, GC set-up) plus one fmt.Println, in a ~2 MB module.
package main

import "fmt"

func main() {
	fmt.Println("Hello, world!")
}
