package githubfake

import (
	"context"
	"encoding/json"
	"net/http"
)

// PullRequestEvent is a pull_request event payload for pull request number
// at headSHA, opened from headRepo ("" means the repository itself; another
// name makes it a fork pull request).
func PullRequestEvent(number int, headSHA, headRepo string) []byte {
	base := Owner + "/" + Repo
	if headRepo == "" {
		headRepo = base
	}
	return mustJSON(map[string]any{
		"action": "synchronize",
		"number": number,
		"pull_request": map[string]any{
			"number": number,
			"head":   map[string]any{"sha": headSHA, "ref": "change", "repo": map[string]any{"full_name": headRepo}},
			"base":   map[string]any{"sha": "0000000", "ref": "main", "repo": map[string]any{"full_name": base}},
		},
		"repository": map[string]any{"full_name": base},
	})
}

// PushEvent is a push event payload: ref (e.g. refs/heads/main) now at after.
func PushEvent(ref, after string) []byte {
	return mustJSON(map[string]any{
		"ref": ref, "before": "0000000", "after": after,
		"repository": map[string]any{"full_name": Owner + "/" + Repo},
	})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings and ints always marshal
	}
	return b
}

func contextWithBody(r *http.Request, body []byte) context.Context {
	return context.WithValue(r.Context(), bodyKey{}, body)
}
