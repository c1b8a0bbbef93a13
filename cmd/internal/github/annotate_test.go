package github

import (
	"strings"
	"testing"
)

func TestAnnotationString(t *testing.T) {
	tests := []struct {
		name string
		a    Annotation
		want string
	}{
		{"positioned error",
			Annotation{LevelError, "ccr.yaml", 3, 9, "ccr validate", "projects[0].project: must be a string; got 1"},
			"::error file=ccr.yaml,line=3,col=9,title=ccr validate::projects[0].project: must be a string; got 1"},
		{"data escapes % CR LF but not : or ,",
			Annotation{LevelError, "a.yaml", 1, 1, "", "100% done\r\nnext: a, b"},
			"::error file=a.yaml,line=1,col=1::100%25 done%0D%0Anext: a, b"},
		{"properties also escape : and ,",
			Annotation{LevelWarning, "dir,x/a:b%.yaml", 2, 0, "t: a,b\n", "m"},
			"::warning file=dir%2Cx/a%3Ab%25.yaml,line=2,title=t%3A a%2Cb%0A::m"},
		{"no properties",
			Annotation{Level: LevelNotice, Message: "::error::forged"},
			"::notice::::error::forged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestWriteAnnotationsCapsAndCounts(t *testing.T) {
	var as []Annotation
	for i := 1; i <= 13; i++ {
		as = append(as, Annotation{Level: LevelError, File: "f.yaml", Line: i, Col: 1, Title: "ccr validate", Message: "m"})
	}
	var b strings.Builder
	if err := WriteAnnotations(&b, as, MaxAnnotations); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 11 {
		t.Fatalf("got %d lines; want 10 errors and a notice:\n%s", len(lines), b.String())
	}
	if lines[9] != "::error file=f.yaml,line=10,col=1,title=ccr validate::m" {
		t.Errorf("10th line = %s", lines[9])
	}
	if want := "::notice title=ccr validate::3 more problems not annotated; the step's log lists them all"; lines[10] != want {
		t.Errorf("notice = %s\nwant     %s", lines[10], want)
	}

	b.Reset()
	if err := WriteAnnotations(&b, as[:10], MaxAnnotations); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "::notice") {
		t.Errorf("exactly the limit must not add a notice:\n%s", b.String())
	}
}
