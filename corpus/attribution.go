package corpus

// Credits finds, for every sentence of body that credits someone, who that
// is ("a security source cited by Shafaq News"). Sentences that refer back to
// an earlier credit ("The source said") inherit it.
func Credits(body string) []Credit {
	return nil
}
