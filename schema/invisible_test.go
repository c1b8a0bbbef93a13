package schema

import "testing"

func TestInvisibleAt(t *testing.T) {
	for s, want := range map[string]int{
		"":              -1,
		"orders team":   -1,
		"é日🙂\u00a0":     -1,
		"\uFFFD":        -1, // the replacement character itself is graphic
		"a\xffb":        1,  // a byte that is not UTF-8 is not
		"ab\x1b[2J":     2,
		"x\u202eyz":     1,
		"\u2066abc":     0,
		"é\u2028":       2,
		"tab\there":     3,
		"zero\u200bw":   4,
		"private\ue000": 7,
	} {
		if got := InvisibleAt(s); got != want {
			t.Errorf("InvisibleAt(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestLoadInvisible checks the message for each kind of character refused.
func TestLoadInvisible(t *testing.T) {
	checkLoad(t, loadCase{"invisible characters", `
version: 1
projects:
  - project: p
    pairs:
      - services:
          - {name: a, cloud: aws-us-east-1}
          - {name: b, cloud: aws-us-west-2}
        tags:
          bidi: "pay\u202eusd"
          nel: "a\u0085b"
          ls: "a\u2028b"
          zero: "a\u200bb"
          "pri\ue000vate": x
          csi: "\x9b2J"
`, []string{
		"ccr.yaml:10:17: projects[0].pairs[0].tags.bidi: bidirectional control character '\\u202e' (U+202E) is not allowed in a string: ccr prints these values in terminals, CI logs and pull requests",
		"ccr.yaml:11:16: projects[0].pairs[0].tags.nel: control character '\\u0085' (U+0085) is not allowed in a string: ccr prints these values in terminals, CI logs and pull requests",
		"ccr.yaml:12:15: projects[0].pairs[0].tags.ls: line separator '\\u2028' (U+2028) is not allowed in a string: ccr prints these values in terminals, CI logs and pull requests",
		"ccr.yaml:13:17: projects[0].pairs[0].tags.zero: invisible format character '\\u200b' (U+200B) is not allowed in a string: ccr prints these values in terminals, CI logs and pull requests",
		"ccr.yaml:14:11: projects[0].pairs[0].tags[\"pri\\ue000vate\"]: private-use character '\\ue000' (U+E000) is not allowed in a string: ccr prints these values in terminals, CI logs and pull requests",
		"ccr.yaml:15:16: projects[0].pairs[0].tags.csi: control character '\\u009b' (U+009B) is not allowed in a string: ccr prints these values in terminals, CI logs and pull requests",
	}})
}
