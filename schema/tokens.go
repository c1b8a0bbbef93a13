package schema

import (
	"bytes"
	"unicode/utf8"
)

// MaxTokens is the most YAML tokens a ccr file may hold: words (keys,
// values, the words of comments, indicators such as "-" and "?") and the
// flow indicators [ ] { } and ",". A file of 10,000 pairs holds about
// 300,000.
//
// yaml.v3 keeps a 160-byte node for every value, and a value can take as
// little as one byte ("{a,a,a,…}"), so MaxFileSize alone let a file cost
// a gigabyte of nodes before any check ran. A document has at most
// 2 × tokens + 2 nodes (FuzzLoad checks it), so this cap bounds the tree,
// and everything built from it, to about 200 MB.
const MaxTokens = 500_000

// checkTokens returns the position of the first token of data past
// MaxTokens, if there is one.
func checkTokens(data []byte) (Pos, bool) {
	if n, pos := countTokens(data, MaxTokens); n > MaxTokens {
		return pos, false
	}
	return Pos{}, true
}

// countTokens counts the tokens of data, as MaxTokens defines them, up to
// limit + 1, and returns the position of the last one counted (lines and
// columns as checkText counts them). The count must never be below what
// the parser sees, so it only errs upwards: words in quotes and comments
// count, and every character yaml.v3 reads as a line break (U+0085, U+2028
// and U+2029 too) ends a word.
func countTokens(data []byte, limit int) (int, Pos) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var pos Pos
	line, col := 1, 0
	tokens := 0
	inWord := false
	for len(data) > 0 && tokens <= limit {
		r, size := utf8.DecodeRune(data)
		data = data[size:]
		col++
		switch {
		case r == '\n':
			inWord = false
			line, col = line+1, 0
		case r == ' ' || r == '\t' || isBreak(r):
			inWord = false
		case isFlowIndicator(r) || !inWord:
			inWord = !isFlowIndicator(r)
			tokens++
			pos = Pos{line, col}
		}
	}
	return tokens, pos
}

// isBreak reports whether yaml.v3 reads r as a line break other than "\n".
func isBreak(r rune) bool {
	return r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029
}

func isFlowIndicator(r rune) bool {
	return r == '[' || r == ']' || r == '{' || r == '}' || r == ','
}
