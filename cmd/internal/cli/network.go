package cli

import (
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
)

// requestTimeoutEnv sets --request-timeout for every command.
const requestTimeoutEnv = "CCR_REQUEST_TIMEOUT"

// networkOptions are the flags of every command that calls an API.
type networkOptions struct {
	// requestTimeout is the deadline of each HTTP request, to Aiven and to
	// GitHub: without one, an API that accepts and never answers would hold
	// the command until CI kills the job.
	requestTimeout time.Duration
}

func (o *networkOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&o.requestTimeout, "request-timeout", aiven.DefaultRequestTimeout,
		"deadline of each API request, retries not included; env "+requestTimeoutEnv)
}

// resolve takes CCR_REQUEST_TIMEOUT when the flag is not given, and checks
// the result.
func (o *networkOptions) resolve(cmd *cobra.Command, io *IOStreams) error {
	if v := io.Env(requestTimeoutEnv); v != "" && !cmd.Flags().Changed("request-timeout") {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%s=%q: want a duration such as 30s", requestTimeoutEnv, v)
		}
		o.requestTimeout = d
	}
	if o.requestTimeout <= 0 {
		return fmt.Errorf("--request-timeout must be positive, such as 30s")
	}
	return nil
}

// httpClient is the client GitHub calls go through.
func (o *networkOptions) httpClient() *http.Client {
	return &http.Client{Timeout: o.requestTimeout}
}
