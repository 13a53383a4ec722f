//go:build !race

package diag

const raceEnabled = false
