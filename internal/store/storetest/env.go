package storetest

import "os"

// lookupEnv reads the environment; tests are the one place that reads it
// directly rather than through an injected getenv.
func lookupEnv(key string) string { return os.Getenv(key) }
