// Command aiven-sim serves an emulator of the Aiven API that ccr's tests,
// benchmarks and demo run against. See "aiven-sim -h" and package
// github.com/ccr-dev/ccr/cmd/internal/aivensim.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

func main() {
	// The first SIGINT or SIGTERM cancels ctx: Main stops accepting
	// connections and lets in-flight requests finish.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := aivensim.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
