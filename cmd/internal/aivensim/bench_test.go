package aivensim_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// BenchmarkServiceList measures one ServiceList of a 1,000-service project,
// in-process, the call every ccr plan makes per project.
func BenchmarkServiceList(b *testing.B) {
	srv := aivensim.New(aivensim.Options{Token: testToken})
	p := aivensim.ProjectSeed{Project: "big"}
	for i := range 1000 {
		p.Services = append(p.Services, aivensim.ServiceSeed{ServiceName: fmt.Sprintf("svc-%04d", i),
			ServiceType: "cassandra", Plan: "business-8", CloudName: "google-europe-west1"})
	}
	if err := srv.AddProject(p); err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/v1/project/big/service?limit=999", nil)
	req.Header.Set("Authorization", "aivenv1 "+testToken)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkServiceCreate measures creates into a growing project.
func BenchmarkServiceCreate(b *testing.B) {
	srv := aivensim.New(aivensim.Options{Token: testToken})
	if err := srv.AddProject(aivensim.ProjectSeed{Project: "p"}); err != nil {
		b.Fatal(err)
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		body := fmt.Sprintf(`{"service_name":"svc-%d","service_type":"cassandra","plan":"business-8","project_vpc_id":null}`, i)
		req := httptest.NewRequest("POST", "/v1/project/p/service", strings.NewReader(body))
		req.Header.Set("Authorization", "aivenv1 "+testToken)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
