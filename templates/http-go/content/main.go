// A WAGI handler: Spin runs this WASI command once per request, with the
// request in CGI variables (REQUEST_METHOD, PATH_INFO, QUERY_STRING, ...)
// and its body on stdin. Whatever it prints is the response: header lines,
// a blank line, then the body.
package main

import (
	"fmt"
	"os"
)

func main() {
	method := os.Getenv("REQUEST_METHOD")
	if method == "" {
		method = "GET"
	}
	path := os.Getenv("PATH_INFO")
	if path == "" {
		path = "/"
	}

	fmt.Print("Content-Type: text/plain\n")
	fmt.Print("\n")
	fmt.Print("Hello from {{project-name}}!\n")
	fmt.Printf("%s %s\n", method, path)
}
