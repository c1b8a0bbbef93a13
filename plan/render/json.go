package render

import (
	"fmt"
	"io"

	"github.com/ccr-dev/ccr/plan"
)

// JSON writes the versioned machine form of p to w. It is exactly the form
// `ccr plan --out` saves (plan.Plan.Encode), so a consumer needs one parser
// for both, and format_version governs both.
func JSON(w io.Writer, p *plan.Plan) error {
	data, err := p.Encode()
	if err != nil {
		return fmt.Errorf("render json: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("write json plan: %w", err)
	}
	return nil
}
