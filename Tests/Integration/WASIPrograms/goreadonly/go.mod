module example.com/goreadonly

go 1.27
