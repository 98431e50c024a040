package store

// Copies returns how many INSERTs went as COPY so far.
func Copies() int64 { return copies.Load() }
