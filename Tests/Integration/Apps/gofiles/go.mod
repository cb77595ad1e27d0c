module example.com/gofiles

go 1.27
