module github.com/{{project-name | snake_case}}

go 1.24
