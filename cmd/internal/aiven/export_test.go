package aiven

// SetMaxCapturedBody lowers the bound of a captured answer for a test and
// returns the function that restores it.
func SetMaxCapturedBody(n int) func() {
	old := maxCapturedBody
	maxCapturedBody = n
	return func() { maxCapturedBody = old }
}
