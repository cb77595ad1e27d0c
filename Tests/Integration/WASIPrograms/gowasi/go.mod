module example.com/gowasi

go 1.27
