package store

import "github.com/dateline-bot/dateline/corpus"

// Same is a stored article that is the same as one being added: it has the
// article's id, or its canonical URL or body in the article's scope or the
// shared archive. Each engine finds them; SameArticles decides what they mean.
type Same struct {
	ID, Scope string
	Live      bool
}

// SameArticles is the duplicate policy of Add, one for every engine. A live
// copy makes the article a duplicate (duplicateOf names it, the shared
// archive's first, since it is everyone's). Otherwise a removed copy is
// nobody's duplicate: the ones with the article's id or in its own scope are
// replaced (replace names them, to delete before the insert), and a removed
// copy in the shared archive stays for Restore.
func SameArticles(id, scope string, same []Same) (duplicateOf string, replace []string) {
	for _, m := range same {
		if m.Live && (duplicateOf == "" || m.Scope == string(corpus.Shared)) {
			duplicateOf = m.ID
		}
	}
	if duplicateOf != "" {
		return duplicateOf, nil
	}
	for _, m := range same {
		if m.ID == id || m.Scope == scope {
			replace = append(replace, m.ID)
		}
	}
	return "", replace
}

// ScopeOf is the article's scope as both engines store it: an empty scope
// is the shared archive.
func ScopeOf(a corpus.Article) string {
	if a.Scope == "" {
		return string(corpus.Shared)
	}
	return string(a.Scope)
}
