// Command server runs Wushe Hub (五社联动数据枢纽): the GraphQL data hub, and
// its maintenance subcommands. Run `server --help` for the list.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	_ "github.com/lib/pq"                     // PostgreSQL driver
	_ "github.com/wushehub/wushe/ent/runtime" // ent hooks and privacy policies
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}
