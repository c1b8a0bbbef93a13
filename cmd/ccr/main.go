// Command ccr keeps Aiven for Apache Cassandra cross-cluster replication pairs
// declared in a YAML file. See "ccr --help".
package main

import (
	"os"

	"github.com/ccr-dev/ccr/cmd/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.System()))
}
