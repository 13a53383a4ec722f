module github.com/nlsh/nlsh

go 1.26.8
