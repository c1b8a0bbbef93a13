package aivensim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultToken is the API token the emulator accepts when Options.Token is
// empty.
const DefaultToken = "sim-token"

// Options configures a Server. The zero value is a working emulator with the
// default catalog, no projects, token DefaultToken, instant provisioning and
// no faults.
type Options struct {
	// Token is the only API token accepted, sent as "aivenv1 TOKEN" or
	// "Bearer TOKEN". Empty means DefaultToken.
	Token string
	// ProvisionDelay is how long a new (or resized, or powered-on) service
	// stays REBUILDING or REBALANCING before it reports RUNNING. A new
	// service that joins another also waits for its target to be RUNNING.
	ProvisionDelay time.Duration
	// FirstBackupDelay is how long after its first build a service that
	// takes backups takes its first one (then one a day); nil means a
	// quarter of ProvisionDelay. A pg read replica is refused until its
	// primary has a backup.
	FirstBackupDelay *time.Duration
	// SwitchoverDelay is how long a disaster recovery switchover takes: the
	// roles swap that long after the PUT is accepted (both services stay
	// RUNNING meanwhile); zero swaps them at once. Aiven documents no
	// duration. A swap still pending is not written to StatePath.
	SwitchoverDelay time.Duration
	// LenientRules turns off the inferred replication rules it names (see
	// the rule table of "aiven-sim -h"); documented rules stay on.
	LenientRules []string
	// JoinRequiresRunning refuses a create whose service_to_join_with names
	// a target that is not RUNNING yet (400, error_code service_not_ready,
	// a message containing "is not running yet"), an undocumented rule some
	// clients want to be tested against. By default such a join is accepted,
	// as Aiven's CCR guide runs the two creates back to back.
	JoinRequiresRunning bool
	// Clock returns the current time; nil means time.Now. Tests inject a
	// fake clock to step through lifecycles without sleeping.
	Clock func() time.Time
	// Latency is added to every /v1 request before it is answered.
	Latency time.Duration
	// Fault5xx, Fault429 and FaultDropAfterCommit are probabilities in
	// [0,1]. 5xx and 429 answer a request without running it; a drop runs a
	// mutating request (POST, PUT, PATCH, DELETE) and then closes the
	// connection without a response.
	Fault5xx, Fault429, FaultDropAfterCommit float64
	// FaultSeed seeds the fault generator: one seed and one request
	// sequence give the same faults.
	FaultSeed uint64
	// StatePath, when set, receives the full state after every change,
	// written atomically (temporary file + rename).
	StatePath string
	// ErrorLog receives failures the API cannot report, such as a state file
	// that cannot be written. Nil means the standard logger.
	ErrorLog *log.Logger
}

// Server is the emulator. Create it with New; it is safe for concurrent use.
type Server struct {
	opts   Options
	clock  *clock
	now    func() time.Time // clock.now
	mux    *http.ServeMux
	public map[string]bool // route patterns served without a token
	faults *faults
	stats  *stats

	mu       sync.Mutex // guards everything below
	catalog  catalog
	projects map[string]*project
	links    []*link // replication integrations, oldest first
	swaps    []swap  // switchovers accepted whose roles have not swapped yet (roles.go)
}

// New returns an emulator with the default catalog and no projects.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.ErrorLog == nil {
		opts.ErrorLog = log.Default()
	}
	s := &Server{
		opts:     opts,
		clock:    newClock(opts.Clock),
		mux:      http.NewServeMux(),
		public:   map[string]bool{},
		faults:   newFaults(opts),
		stats:    newStats(),
		catalog:  defaultCatalog(),
		projects: map[string]*project{},
	}
	s.now = s.clock.now
	s.routes()
	return s
}

// emptyProjectClouds is the path ListProjectClouds produces for an empty
// project name. ServeMux would answer it with a redirect to a cleaned path,
// which clients do not follow for an API call, so ServeHTTP handles it first.
const emptyProjectClouds = "/v1/project//clouds"

// unmatched is the stats key for requests no route matches.
const unmatched = "unmatched"

func (s *Server) routes() {
	s.route("GET /v1/clouds", s.handle(s.listClouds), true)
	s.route("GET /v1/project", s.handle(s.listProjects), false)
	s.route("GET /v1/project/{project}", s.handle(s.getProject), false)
	s.route("GET /v1/project/{project}/clouds", s.handle(s.listProjectClouds), false)
	s.route("GET /v1/project/{project}/service", s.handle(s.listServices), false)
	s.route("POST /v1/project/{project}/service", s.handle(s.createService), false)
	s.route("GET /v1/project/{project}/service/{service}", s.handle(s.getService), false)
	s.route("PUT /v1/project/{project}/service/{service}", s.handle(s.updateService), false)
	s.route("DELETE /v1/project/{project}/service/{service}", s.handle(s.deleteService), false)
	s.route("GET /v1/project/{project}/service/{service}/tags", s.handle(s.getTags), false)
	s.route("PUT /v1/project/{project}/service/{service}/tags", s.handle(s.replaceTags), false)
	s.route("PATCH /v1/project/{project}/service/{service}/tags", s.handle(s.updateTags), false)
	s.route("GET /v1/project/{project}/service_types", s.handle(s.listServiceTypes), false)
	s.route("GET /v1/project/{project}/service-types", s.handle(s.listServiceTypesFlat), false)
	s.route("GET /v1/project/{project}/service-types/{type}", s.handle(s.getServiceType), false)
	s.route("GET /v1/project/{project}/service-types/{type}/plans", s.handle(s.listPlans), false)
	s.route("GET /v1/project/{project}/service-types/{type}/plans/{plan}", s.handle(s.getPlanSpecs), false)
	s.route("GET /v1/project/{project}/service/{service}/backups", s.handle(s.getBackups), false)
	s.route("GET /v1/project/{project}/pricing/service-types/{type}/plans/{plan}/clouds/{cloud}",
		s.handle(s.getPlanPrice), false)
	s.route("GET /v1/project/{project}/vpcs", s.handle(s.listVPCs), false)
	s.route("GET /v1/project/{project}/static-ips", s.handle(s.listStaticIPs), false)
	s.route("POST /v1/project/{project}/integration", s.handle(s.createIntegration), false)
	s.route("GET /v1/project/{project}/integration/{integration_id}", s.handle(s.getIntegration), false)
	s.route("DELETE /v1/project/{project}/integration/{integration_id}", s.handle(s.deleteIntegration), false)
	s.route("GET /v1/project/{project}/service/{service}/integration", s.handle(s.listServiceIntegrations), false)
	s.route("GET /v1/project/{project}/integration_types", s.handle(s.listIntegrationTypes), false)
	s.route("GET /_sim/stats", http.HandlerFunc(s.serveStats), true)
	s.route("POST /_sim/reset-stats", http.HandlerFunc(s.serveResetStats), true)
	s.route("POST /_sim/advance-clock", http.HandlerFunc(s.serveAdvanceClock), true)
}

func (s *Server) route(pattern string, h http.Handler, public bool) {
	s.mux.Handle(pattern, h)
	s.public[pattern] = public
}

// ServeHTTP answers one request: it counts it, authenticates it, injects the
// configured faults into /v1 requests and routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.mux.ServeHTTP(w, r)
		return
	}
	pattern, h := s.match(r)
	s.stats.request(pattern)
	if !s.public[pattern] && !s.authorize(w, r) {
		return
	}
	if !s.faults.wait(r.Context()) || s.faults.reject(w, s.stats) {
		return
	}
	if isMutating(r.Method) && s.faults.drop(s.stats) {
		h.ServeHTTP(discard{header: http.Header{}}, r)
		closeWithoutResponse(w)
		return
	}
	h.ServeHTTP(w, r)
}

// match finds the route pattern (the stats key) and the handler for r,
// answering paths with an empty segment before ServeMux can redirect them.
func (s *Server) match(r *http.Request) (string, http.Handler) {
	if r.URL.Path == emptyProjectClouds && r.Method == http.MethodGet {
		return "GET /v1/project/{project}/clouds", s.handle(s.listClouds)
	}
	if strings.Contains(r.URL.Path, "//") {
		return unmatched, http.HandlerFunc(notEmulated)
	}
	if _, pattern := s.mux.Handler(r); s.known(pattern) {
		// The mux routes again so that the handler sees r.PathValue.
		return pattern, s.mux
	}
	if allow := s.allowed(r); len(allow) > 0 {
		return unmatched, methodNotAllowed(allow)
	}
	return unmatched, http.HandlerFunc(notEmulated)
}

func (s *Server) known(pattern string) bool {
	_, ok := s.public[pattern]
	return ok
}

// routeMethods are the methods the API's routes use, in the order an Allow
// header lists them.
var routeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete}

// allowed lists the methods some route serves r's path with.
func (s *Server) allowed(r *http.Request) []string {
	var allow []string
	for _, m := range routeMethods {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(probe); s.known(pattern) {
			allow = append(allow, m)
		}
	}
	return allow
}

// notEmulated answers a path no route serves: 404 in Aiven's shape, saying
// plainly that the emulator lacks it rather than that something is missing.
func notEmulated(w http.ResponseWriter, r *http.Request) {
	writeError(w, errorf(http.StatusNotFound, "", "aiven-sim: %s %s is not emulated", r.Method, r.URL.EscapedPath()))
}

// methodNotAllowed answers a known path with a method it does not serve.
func methodNotAllowed(allow []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, errorf(http.StatusMethodNotAllowed, "", "aiven-sim: %s %s is not allowed; allowed: %s",
			r.Method, r.URL.EscapedPath(), strings.Join(allow, ", ")))
	})
}

// authorize accepts "aivenv1 TOKEN" and "Bearer TOKEN"; the official clients
// send the first, Aiven's CCR documentation shows the second.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	header := strings.TrimSpace(r.Header.Get("Authorization"))
	scheme, token, _ := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	known := strings.EqualFold(scheme, "aivenv1") || strings.EqualFold(scheme, "bearer")
	switch {
	case !known || token == "":
		writeError(w, errorf(http.StatusUnauthorized, "", "Missing (expired) db token"))
		return false
	case token != s.opts.Token:
		writeError(w, errorf(http.StatusForbidden, "authentication_failed", "Authentication failed"))
		return false
	}
	return true
}

// handle adapts an API operation: it holds the state lock while fn runs,
// persists the state after a successful change and writes the JSON answer.
func (s *Server) handle(fn func(*http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.settleSwapsLocked(s.now())
		out, err := fn(r)
		if err == nil && isMutating(r.Method) {
			s.persistLocked()
		}
		s.mu.Unlock()
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func isMutating(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// decodeBody reads a JSON request body. The Content-Type is not checked:
// clients label bodiless requests inconsistently (application/json,
// application/octet-stream), and Aiven answers them all.
func decodeBody(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return errorf(http.StatusBadRequest, "bad_request", "Could not read request body")
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errorf(http.StatusBadRequest, "bad_request", "Invalid JSON in request body: %v", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"message":"Internal server error","status":500}],"message":"Internal server error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// discard is the ResponseWriter of a request whose response will be lost.
type discard struct{ header http.Header }

func (d discard) Header() http.Header       { return d.header }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

// apiError is a failed response in Aiven's shape:
// {"errors":[{"error_code","message","status"}],"message"}.
type apiError struct {
	Status  int
	Code    string // optional: Aiven is still adding error codes
	Message string
}

func (e *apiError) Error() string { return e.Message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

type errorItem struct {
	ErrorCode string `json:"error_code,omitempty"`
	Message   string `json:"message"`
	Status    int    `json:"status"`
}

type errorBody struct {
	Errors  []errorItem `json:"errors"`
	Message string      `json:"message"`
}

func writeError(w http.ResponseWriter, err error) {
	var e *apiError
	if !errors.As(err, &e) {
		e = errorf(http.StatusInternalServerError, "internal_server_error", "Internal server error")
	}
	writeJSON(w, e.Status, errorBody{
		Errors:  []errorItem{{ErrorCode: e.Code, Message: e.Message, Status: e.Status}},
		Message: e.Message,
	})
}
