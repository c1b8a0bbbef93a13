package aiven

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	aivenclient "github.com/aiven/go-client-codegen"
)

// doer sends one HTTP request: the transport the official client uses.
type doer interface {
	Do(*http.Request) (*http.Response, error)
}

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

// rawClient sends requests the official client cannot express, through
// the same transport (deadline per attempt, retries, call records) and with
// the same headers, and reports API errors as the official client does
// (aivenclient.Error), so that classify treats them alike.
type rawClient struct {
	doer      doer
	host      string
	token     string
	userAgent string
}

func newRawClient(cfg Config, d doer) *rawClient {
	return &rawClient{
		doer:  d,
		host:  strings.TrimSuffix(cfg.URL, "/"),
		token: cfg.Token,
		userAgent: fmt.Sprintf("go-client-codegen/%s %s",
			strings.TrimLeft(aivenclient.Version(), "v"), strings.TrimSpace(cfg.UserAgent)),
	}
}

// send sends one request with a JSON body; operation names it in errors,
// as the official client's operation IDs do. The answer's body is
// discarded on success: callers read the service again to see the effect.
func (c *rawClient) send(ctx context.Context, operation, method, path string, in any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("encode %s: %w", operation, err)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.host+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Authorization", "aivenv1 "+c.token)
	resp, err := c.doer.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		return err
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return apiErrorOf(operation, resp.StatusCode, data)
}

// apiErrorOf reads an error answer as the official client does: Aiven's
// {"message", "errors"} when it is JSON, the text otherwise.
func apiErrorOf(operation string, status int, body []byte) error {
	e := aivenclient.Error{OperationID: operation, Status: status}
	if json.Unmarshal(body, &e) != nil {
		if json.Valid(body) {
			e.Message = "the API's error answer could not be read"
		} else {
			e.Message = string(body)
		}
	}
	return e
}
