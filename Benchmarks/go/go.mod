module benchmarks

go 1.24
