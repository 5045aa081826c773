//go:build race

package ui

// slowdown scales time limits: the race detector makes code 5–10× slower.
const slowdown = 10
