package apply

import "time"

// Defaults for Options fields left zero. DefaultParallelism is Terraform's
// default -parallelism: with 4, the creates of 50 new pairs took a tenth of
// a provisioning time to send before the last one could start building.
const (
	DefaultParallelism     = 10
	DefaultWaitTimeout     = 30 * time.Minute
	DefaultPollInterval    = 5 * time.Second
	DefaultMaxPollInterval = 30 * time.Second
	DefaultMissingGrace    = 2 * time.Minute
	DefaultMaxAttempts     = 8
	DefaultRetryBase       = 2 * time.Second
	DefaultRetryMax        = time.Minute
)

// Options tunes Run. The zero value is usable: every zero field takes its
// default.
type Options struct {
	// Parallelism bounds the API requests in flight (creates, reads and
	// polls together), not the pairs in progress: waiting costs no slot.
	Parallelism int
	// WaitTimeout bounds the wait for one service to become RUNNING, counted
	// from its create (Terraform's per-resource create timeout).
	WaitTimeout time.Duration
	// PollInterval is how long after its create a service is first polled;
	// later polls come each time the time it has been waited on has grown
	// by a sixteenth, at most MaxPollInterval apart (default
	// 6×PollInterval). Every service keeps that schedule from its own
	// create, so one that becomes RUNNING after D ≥ PollInterval is seen
	// at most D/16 (or MaxPollInterval) late. One list per project serves
	// every service due at a tick.
	PollInterval    time.Duration
	MaxPollInterval time.Duration
	// MissingGrace is how long a created service may be absent from the
	// service list (the API is eventually consistent) before the wait fails.
	MissingGrace time.Duration
	// MaxAttempts bounds the tries of one request that keeps failing with a
	// *TransientError. For a create it bounds the requests sent, all tries
	// together (a refused early join included): the API sends each once.
	MaxAttempts int
	// RetryBase and RetryMax (default 30×RetryBase) shape the exponential
	// backoff between tries; a server's RetryAfter wins when it is longer.
	RetryBase time.Duration
	RetryMax  time.Duration
	// Stop, when closed, asks for a graceful stop: no new create starts, a
	// create already sent finishes (its retries included, as it may have
	// been committed), waiting ends and Run returns a partial Result with
	// Interrupted set. Cancelling ctx is the hard stop.
	Stop <-chan struct{}
	// JoinAfter is the order of a joining create: plan.JoinAfterCreated
	// (as soon as the target's create is committed; if Aiven refuses the
	// early join, wait for RUNNING and try once more) or
	// plan.JoinAfterRunning (only once the target is RUNNING). "" takes the
	// plan's order.
	JoinAfter string
	// Observer receives progress events; nil discards them.
	Observer Observer
	// Now and After replace the clock in tests. After must return a channel
	// that receives once the duration has passed. It paces polls and
	// retries; each wait's WaitTimeout, counted from Now, also runs on a
	// real timer, so that no After a test injects can make a wait endless.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

// withDefaults returns o with every zero field set to its default.
func (o Options) withDefaults() Options {
	setDuration := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	if o.Parallelism <= 0 {
		o.Parallelism = DefaultParallelism
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	setDuration(&o.WaitTimeout, DefaultWaitTimeout)
	setDuration(&o.PollInterval, DefaultPollInterval)
	// The ceilings scale with their floors so that a test setting only
	// millisecond floors does not inherit ceilings of seconds.
	setDuration(&o.MaxPollInterval, o.PollInterval*(DefaultMaxPollInterval/DefaultPollInterval))
	o.MaxPollInterval = max(o.MaxPollInterval, o.PollInterval)
	setDuration(&o.MissingGrace, DefaultMissingGrace)
	setDuration(&o.RetryBase, DefaultRetryBase)
	setDuration(&o.RetryMax, o.RetryBase*(DefaultRetryMax/DefaultRetryBase))
	o.RetryMax = max(o.RetryMax, o.RetryBase)
	if o.Observer == nil {
		o.Observer = ObserverFunc(func(Event) {})
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
	return o
}
