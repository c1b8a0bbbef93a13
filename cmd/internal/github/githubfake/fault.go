package githubfake

import (
	"net/http"
	"strconv"
	"time"
)

// Fault is a canned error response that answers one request.
type Fault struct {
	status int
	header map[string]string
	body   map[string]any
}

// PrimaryRateLimit is GitHub's primary limit: 403 with
// X-RateLimit-Remaining: 0 and the reset time in X-RateLimit-Reset.
func PrimaryRateLimit(reset time.Time) Fault {
	return Fault{
		status: http.StatusForbidden,
		header: map[string]string{
			"X-RateLimit-Limit":     "5000",
			"X-RateLimit-Remaining": "0",
			"X-RateLimit-Used":      "5000",
			"X-RateLimit-Reset":     strconv.FormatInt(reset.Unix(), 10),
		},
		body: map[string]any{
			"message":           "API rate limit exceeded for installation ID 1.",
			"documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
		},
	}
}

// SecondaryRateLimit is GitHub's secondary limit: 403 whose
// documentation_url ends in secondary-rate-limits, with Retry-After.
func SecondaryRateLimit(retryAfter time.Duration) Fault {
	return Fault{
		status: http.StatusForbidden,
		header: map[string]string{"Retry-After": seconds(retryAfter)},
		body: map[string]any{
			"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		},
	}
}

// TooManyRequests is a 429 with Retry-After, which go-github v60 does not
// turn into a rate-limit error.
func TooManyRequests(retryAfter time.Duration) Fault {
	return Fault{
		status: http.StatusTooManyRequests,
		header: map[string]string{"Retry-After": seconds(retryAfter)},
		body:   map[string]any{"message": "Too Many Requests"},
	}
}

// ServerError is a 502, which is not a rate limit and must not be retried
// as one.
func ServerError() Fault {
	return Fault{status: http.StatusBadGateway, body: map[string]any{"message": "Server Error"}}
}

// ErrorAnswer is an error answer with status and message, such as a
// hostile API's 500 whose message holds lines of its own.
func ErrorAnswer(status int, message string) Fault {
	return Fault{status: status, body: map[string]any{"message": message}}
}

func (ft Fault) write(w http.ResponseWriter) {
	for k, v := range ft.header {
		w.Header().Set(k, v)
	}
	writeJSON(w, ft.status, ft.body)
}

func seconds(d time.Duration) string {
	return strconv.Itoa(int(d / time.Second))
}
