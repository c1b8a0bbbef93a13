package aivensim_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aiven/go-client-codegen/handler/service"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// sim is a running Main.
type sim struct {
	url  string
	stop func() int // cancels the context and returns Main's exit code
}

// startMain runs Main on 127.0.0.1:0 and reads the address from the first
// stdout line, as scripts and the demo do.
func startMain(t *testing.T, args ...string) sim {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	var stderr strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- aivensim.Main(ctx, append([]string{"--addr", "127.0.0.1:0", "--token", testToken}, args...), w, &stderr)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("first stdout line: %v (exit %d, stderr %q)", err, <-code, stderr.String())
	}
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok || !strings.HasPrefix(addr, "http://127.0.0.1:") || strings.HasSuffix(addr, ":0") {
		cancel()
		t.Fatalf("first stdout line = %q, want \"listening on http://127.0.0.1:PORT\"", line)
	}
	stopped := false
	s := sim{url: addr, stop: func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		select {
		case c := <-code:
			return c
		case <-time.After(10 * time.Second):
			t.Fatal("Main did not stop after its context was cancelled")
			return -1
		}
	}}
	t.Cleanup(func() { s.stop() })
	return s
}

func TestMainServesSeed(t *testing.T) {
	s := startMain(t, "--seed", filepath.Join("testdata", "seed.json"))
	c := newClient(t, s.url, testToken)
	list, err := c.ServiceList(context.Background(), "acme-prod")
	if err != nil || len(list) != 2 || list[1].ServiceName != "orders-eu" || !list[1].TerminationProtection {
		t.Fatalf("ServiceList(acme-prod) = %+v, %v", list, err)
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("exit code after shutdown = %d, want 0", code)
	}
}

// TestMainStatePersists restarts the emulator on the same --state file.
func TestMainStatePersists(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	seed := filepath.Join("testdata", "seed.json")
	first := startMain(t, "--seed", seed, "--state", state, "--provision-delay", "1h")
	ctx := context.Background()
	c := newClient(t, first.url, testToken)
	if _, err := c.ServiceCreate(ctx, "acme-prod", &service.ServiceCreateIn{
		ServiceName: "orders-us", ServiceType: "cassandra", Plan: "business-8", Cloud: ptr("aws-us-east-1"),
		UserConfig: &map[string]any{"service_to_join_with": "orders-eu",
			"cassandra": map[string]any{"datacenter": "orders-us"}},
	}); err != nil {
		t.Fatalf("create: %v", err)
	}
	before, _ := c.ServiceGet(ctx, "acme-prod", "orders-us")
	first.stop()
	if entries, _ := os.ReadDir(filepath.Dir(state)); len(entries) != 1 {
		t.Fatalf("state dir holds %d files, want only state.json (no temporary files left)", len(entries))
	}

	// The seed is ignored now: the state file already holds it.
	second := startMain(t, "--seed", seed, "--state", state, "--provision-delay", "1h")
	c = newClient(t, second.url, testToken)
	after, err := c.ServiceGet(ctx, "acme-prod", "orders-us")
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if after.State != service.ServiceStateTypeRebuilding || !after.CreateTime.Equal(before.CreateTime) ||
		after.ServiceUri != before.ServiceUri || after.UserConfig["service_to_join_with"] != "orders-eu" {
		t.Fatalf("after restart = %+v\nbefore = %+v", after, before)
	}
	// The pair survived the restart: orders-eu takes no second peer.
	_, err = c.ServiceCreate(ctx, "acme-prod", &service.ServiceCreateIn{
		ServiceName: "orders-ap", ServiceType: "cassandra", Plan: "business-8", Cloud: ptr("aws-ap-southeast-1"),
		UserConfig: &map[string]any{"service_to_join_with": "orders-eu",
			"cassandra": map[string]any{"datacenter": "orders-ap"}},
	})
	wantAPIError(t, err, 400, `Service "orders-eu" is already in a cross-cluster replication pair with "orders-us"`)
}

func TestMainRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--fault-5xx", "1.5"}, {"--bogus"}, {"extra"},
		{"--lenient-rule", "pg-replica-backup"}, {"--lenient-rule", "nope"}, {"--first-backup-delay", "-1s"}} {
		var stderr strings.Builder
		if code := aivensim.Main(context.Background(), args, io.Discard, &stderr); code != 2 {
			t.Errorf("Main(%q) = %d, want 2", args, code)
		}
		if stderr.Len() == 0 {
			t.Errorf("Main(%q) printed no reason", args)
		}
	}
	var stderr strings.Builder
	if code := aivensim.Main(context.Background(), []string{"--seed", "testdata/missing.json", "--addr", "127.0.0.1:0"},
		io.Discard, &stderr); code != 1 || !strings.Contains(stderr.String(), "missing.json") {
		t.Errorf("missing seed: exit %d, stderr %q", code, stderr.String())
	}
}

// TestMainHelpListsCatalog: -h names the built-in clouds and plans with
// their sizes and prices, and how to print the rest.
func TestMainHelpListsCatalog(t *testing.T) {
	var stderr strings.Builder
	if code := aivensim.Main(context.Background(), []string{"-h"}, io.Discard, &stderr); code != 0 {
		t.Fatalf("-h: exit %d", code)
	}
	help := stderr.String()
	for _, want := range []string{
		"-join-requires-running", "-print-catalog", "-first-backup-delay DUR", "-switchover-delay DUR", "-lenient-replica-rules", "-lenient-rule NAME",
		"  azure-south-africa-north  Africa, South Africa - Azure: South Africa North\n",
		"  business-8   3      2    8192       720000..2160000, 30000       1.5620    0.000250\n",
		"  pg          startup-4    1      2    4096       81920..1044480, 10240        0.0950    0.000250\n",
		"  opensearch  business-8   3      2    8192       537600..2688000, 30720       0.7120    0.000250\n",
		"  valkey      startup-4    1      1    4096       10240..10240, 0              0.0960    -\n",
		"  [V] pg-replica-backup ", "  [I] same-project ", "  [I] replica-plan-on-update ",
		"×1.04 on aws",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("-h lacks %q:\n%s", want, help)
		}
	}
}

// TestMainPrintCatalog: --print-catalog prints a seed file holding the
// catalog with --seed's overrides and every resolved price, and that file
// seeds an emulator with the same prices.
func TestMainPrintCatalog(t *testing.T) {
	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(`{"prices": [{"service_plan": "business-8", "cloud_name": "aws-us-east-1",
		"base_price_usd": "1.9"}], "projects": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := aivensim.Main(context.Background(), []string{"--print-catalog", "--seed", seed}, &stdout, &stderr); code != 0 {
		t.Fatalf("--print-catalog: exit %d: %s", code, stderr.String())
	}
	var f aivensim.SeedFile
	if err := json.Unmarshal([]byte(stdout.String()), &f); err != nil {
		t.Fatalf("output is not a seed file: %v", err)
	}
	prices := map[string]string{}
	for _, p := range f.Prices {
		prices[p.ServiceType+"/"+p.ServicePlan+"/"+p.CloudName] = p.BasePriceUSD
	}
	plans := 0
	for _, typ := range f.ServiceTypes {
		plans += len(typ.ServicePlans) // every built-in plan has a list price
	}
	if len(f.Clouds) != 14 || plans < 41 || len(prices) != plans*14 || prices["cassandra/business-8/aws-us-east-1"] != "1.9" ||
		prices["cassandra/business-8/aws-us-west-2"] != "1.6245" {
		t.Fatalf("catalog: %d clouds, %d prices, business-8 = %s / %s", len(f.Clouds), len(prices),
			prices["cassandra/business-8/aws-us-east-1"], prices["cassandra/business-8/aws-us-west-2"])
	}
	if err := aivensim.New(aivensim.Options{}).Seed(f); err != nil {
		t.Fatalf("the printed catalog does not seed: %v", err)
	}
}
