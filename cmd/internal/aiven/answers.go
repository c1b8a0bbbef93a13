package aiven

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	aivenclient "github.com/aiven/go-client-codegen"
)

// serviceKeys are the fields of a service object ccr reads, all of which the
// API marks required.
var serviceKeys = []string{"service_name", "service_type", "plan", "cloud_name", "state", "user_config",
	"termination_protection"}

// answerShape is what ccr reads of a successful answer: top-level fields,
// and the fields every item of a list (or the one object) must have.
type answerShape struct {
	keys []string
	// list names a top-level array, object a top-level object, whose
	// items must each have items.
	list, object string
	items        []string
}

// answerShapes are the fields ccr relies on in the answers it reads, by
// the official client's operation ID. The client decodes into structs, so
// a missing field reads as its zero value: a service list without
// "services" would read as an empty project, and the plan would create a
// service that exists. Only fields the API marks required are listed.
var answerShapes = map[string]answerShape{
	"ServiceList":                {keys: []string{"services"}, list: "services", items: serviceKeys},
	"ServiceGet":                 {keys: []string{"service"}, object: "service", items: serviceKeys},
	"ListProjectClouds":          {keys: []string{"clouds"}, list: "clouds", items: []string{"cloud_name"}},
	"ProjectServicePlanList":     {keys: []string{"service_plans"}, list: "service_plans", items: []string{"service_plan"}},
	"ProjectServicePlanSpecsGet": {keys: []string{"service_plan", "disk_space_mb", "node_count"}},
	"ProjectServicePlanPriceGet": {keys: []string{"base_price_usd"}},
	"VpcList": {keys: []string{"vpcs"}, list: "vpcs",
		items: []string{"project_vpc_id", "cloud_name", "state"}},
}

// answerChecker is the Doer the official client sends through: the
// transport, with every successful answer of an operation in answerShapes
// checked for the fields ccr relies on. A missing one is recorded in the
// call record; do turns it into an error once the client has returned.
type answerChecker struct {
	next aivenclient.Doer
}

// Do sends req and checks the answer's shape.
func (a answerChecker) Do(req *http.Request) (*http.Response, error) {
	resp, err := a.next.Do(req)
	if err != nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp, err
	}
	op, _ := req.Context().Value(aivenclient.OperationIDKey{}).(string)
	shape, ok := answerShapes[op]
	c := callOf(req.Context())
	if !ok || c == nil {
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		// The client reads what came and then the same failure (a broken
		// connection, an answer over MaxResponseBytes), and reports it.
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), failingReader{err}))
		return resp, nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if missing := shape.missing(body); missing != "" {
		c.set(func(i *callInfo) { i.missing = missing })
	}
	return resp, nil
}

// missing names the first field body lacks, such as `"services"` or
// `services[2].state`; "" when it has them all. A field that is null is
// missing, as it is to the client. An answer that is not a JSON object
// lacks everything.
func (s answerShape) missing(body []byte) string {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil || top == nil {
		return fmt.Sprintf("%q", s.keys[0])
	}
	if k := absent(top, s.keys); k != "" {
		return fmt.Sprintf("%q", k)
	}
	switch {
	case s.list != "":
		var items []map[string]json.RawMessage
		if json.Unmarshal(top[s.list], &items) != nil {
			return fmt.Sprintf("%q as a list", s.list)
		}
		for i, item := range items {
			if k := absent(item, s.items); k != "" {
				return fmt.Sprintf("%s[%d].%s", s.list, i, k)
			}
		}
	case s.object != "":
		var item map[string]json.RawMessage
		if json.Unmarshal(top[s.object], &item) != nil {
			return fmt.Sprintf("%q as an object", s.object)
		}
		if k := absent(item, s.items); k != "" {
			return fmt.Sprintf("%s.%s", s.object, k)
		}
	}
	return ""
}

// absent is the first of keys that m lacks or holds as null.
func absent(m map[string]json.RawMessage, keys []string) string {
	for _, k := range keys {
		if v, ok := m[k]; !ok || string(bytes.TrimSpace(v)) == "null" {
			return k
		}
	}
	return ""
}

// incompleteAnswer is a successful answer that lacks a field ccr relies on:
// a permanent error, since the same server will answer the same way.
type incompleteAnswer struct {
	method, url, missing string
}

func (e *incompleteAnswer) Error() string {
	return fmt.Sprintf("%s %s: the answer lacks %s, which the Aiven API always sends", e.method, e.url, e.missing)
}

// failingReader fails every read with err.
type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }
