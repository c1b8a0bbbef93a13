package aivensim

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

// shutdownGrace bounds how long in-flight requests may run after a stop
// signal before the listener is closed under them.
const shutdownGrace = 5 * time.Second

// config is the parsed command line of aiven-sim.
type config struct {
	addr, seed   string
	printCatalog bool
	opts         Options
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fl := flag.NewFlagSet("aiven-sim", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: aiven-sim [flags]\n\n"+
			"Serves an emulator of the Aiven API on --addr: Cassandra cross-cluster replication, pg/mysql/valkey\n"+
			"read replicas, pg disaster recovery and OpenSearch cross-cluster replication.\n\nFlags:\n")
		fl.PrintDefaults()
		New(Options{}).writeCatalogSummary(stderr)
		writeRules(stderr)
	}
	fl.BoolVar(&c.printCatalog, "print-catalog", false,
		"print the catalog (built-in, with --seed's overrides) as seed JSON, every price included, and exit")
	fl.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen on `ADDR`, host:port (loopback unless you ask otherwise; port 0 picks one)")
	fl.StringVar(&c.opts.Token, "token", DefaultToken, "the API `TOKEN` clients must send")
	fl.StringVar(&c.seed, "seed", "", "JSON `FILE` of projects, services, prices and catalog overrides (see README, \"The seed file\")")
	fl.StringVar(&c.opts.StatePath, "state", "", "JSON `FILE` holding the state across restarts; when it exists it wins over --seed")
	fl.DurationVar(&c.opts.ProvisionDelay, "provision-delay", 0, "how long new or resized services stay REBUILDING/REBALANCING")
	lenientAll := replicationFlags(fl, &c.opts)
	fl.BoolVar(&c.opts.JoinRequiresRunning, "join-requires-running", false,
		"refuse service_to_join_with naming a target that is not RUNNING yet (400 \"is not running yet\"), instead of letting the joiner wait for it")
	fl.DurationVar(&c.opts.Latency, "latency", 0, "added to every API request")
	fl.Float64Var(&c.opts.Fault5xx, "fault-5xx", 0, "answer 500 without running the request, with probability `P` (0 to 1)")
	fl.Float64Var(&c.opts.Fault429, "fault-429", 0, "answer 429 with Retry-After, with probability `P` (0 to 1)")
	fl.Float64Var(&c.opts.FaultDropAfterCommit, "fault-drop-after-commit", 0,
		"run a mutating request, then close the connection without a response, with probability `P` (0 to 1)")
	fl.Uint64Var(&c.opts.FaultSeed, "fault-seed", 1, "seed `N` of the fault generator")
	if err := fl.Parse(args); err != nil {
		return c, err
	}
	if fl.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	if *lenientAll {
		c.opts.LenientRules = inferredRules()
	}
	for name, p := range map[string]float64{"fault-5xx": c.opts.Fault5xx, "fault-429": c.opts.Fault429,
		"fault-drop-after-commit": c.opts.FaultDropAfterCommit} {
		if p < 0 || p > 1 {
			return c, fmt.Errorf("--%s %v: want a probability between 0 and 1", name, p)
		}
	}
	return c, nil
}

// replicationFlags registers the flags of the replication rules and
// backups; the returned bool is --lenient-replica-rules.
func replicationFlags(fl *flag.FlagSet, opts *Options) *bool {
	fl.Func("first-backup-delay", "`DUR` after its first build a service that takes backups (a pg/mysql primary; never a "+
		"replica) takes its first, then one a day; a pg read replica is refused until then (default: a quarter of --provision-delay)",
		func(v string) error {
			d, err := time.ParseDuration(v)
			if err == nil && d < 0 {
				err = fmt.Errorf("negative")
			}
			opts.FirstBackupDelay = &d
			return err
		})
	fl.DurationVar(&opts.SwitchoverDelay, "switchover-delay", 0,
		"`DUR` a disaster recovery switchover takes before the roles swap (default: they swap at once)")
	fl.Func("lenient-rule", "turn off the inferred replication rule `NAME` ([I] below); repeatable", func(v string) error {
		opts.LenientRules = append(opts.LenientRules, v)
		return checkLenientRules([]string{v})
	})
	return fl.Bool("lenient-replica-rules", false, "turn off every inferred replication rule ([I] below)")
}

// Main runs aiven-sim until ctx is done and returns its exit code: 0 after a
// clean shutdown, 1 on a runtime error, 2 on a usage error. The first line on
// stdout is "listening on http://ADDR" with the bound address, so a caller
// passing --addr 127.0.0.1:0 learns the port.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "aiven-sim: %v\n", err)
		return 2
	}
	c.opts.ErrorLog = log.New(stderr, "", log.LstdFlags)
	if c.printCatalog {
		return printCatalog(c, stdout, stderr)
	}
	if err := serve(ctx, c, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "aiven-sim: %v\n", err)
		return 1
	}
	return 0
}

func printCatalog(c config, stdout, stderr io.Writer) int {
	opts := c.opts
	opts.StatePath = "" // read it, never write it
	srv := New(opts)
	err := load(srv, c)
	if err == nil {
		err = srv.writeCatalog(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "aiven-sim: %v\n", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, c config, stdout, stderr io.Writer) error {
	srv := New(c.opts)
	if err := load(srv, c); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if host, _, _ := net.SplitHostPort(c.addr); !isLoopback(host) {
		fmt.Fprintf(stderr, "aiven-sim: warning: listening beyond loopback on %s\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: c.opts.ErrorLog}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// load restores the state file when it exists, otherwise applies the seed:
// the state file already contains whatever the seed once added.
func load(srv *Server, c config) error {
	path := c.seed
	if c.opts.StatePath != "" {
		if _, err := os.Stat(c.opts.StatePath); !errors.Is(err, fs.ErrNotExist) {
			path = c.opts.StatePath
		}
	}
	if path == "" {
		return nil
	}
	f, err := ReadSeedFile(path)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	if err := srv.Seed(f); err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
