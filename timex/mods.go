package timex

// modKind says what a leading modifier may apply to.
type modKind uint8

const (
	modPart     modKind = iota + 1 // early/late/mid: a part of a calendar period
	modQuantity                    // more than/less than/within: an amount of time
	modApprox                      // about/around/nearly: anything with a value
)

// prefixMods are the modifiers a mention's span starts with, longest first
// within each leading word.
var prefixMods = []struct {
	words []string
	mod   string
	kind  modKind
}{
	// "the last week of September", "the first days of 1990": a part of the
	// period named after "of" (its first word would otherwise read as a
	// week or a span of days counted from the publication date).
	{[]string{"the", "first", "week", "of"}, "START", modPart},
	{[]string{"the", "first", "weeks", "of"}, "START", modPart},
	{[]string{"the", "first", "few", "days", "of"}, "START", modPart},
	{[]string{"the", "first", "days", "of"}, "START", modPart},
	{[]string{"the", "first", "months", "of"}, "START", modPart},
	{[]string{"the", "opening", "days", "of"}, "START", modPart},
	{[]string{"the", "last", "week", "of"}, "END", modPart},
	{[]string{"the", "last", "weeks", "of"}, "END", modPart},
	{[]string{"the", "last", "few", "days", "of"}, "END", modPart},
	{[]string{"the", "last", "days", "of"}, "END", modPart},
	{[]string{"the", "last", "months", "of"}, "END", modPart},
	{[]string{"the", "final", "week", "of"}, "END", modPart},
	{[]string{"the", "final", "weeks", "of"}, "END", modPart},
	{[]string{"the", "final", "days", "of"}, "END", modPart},
	{[]string{"the", "final", "months", "of"}, "END", modPart},
	{[]string{"the", "closing", "days", "of"}, "END", modPart},
	{[]string{"the", "end", "of"}, "END", modPart},
	{[]string{"the", "close", "of"}, "END", modPart},
	{[]string{"the", "beginning", "of"}, "START", modPart},
	{[]string{"the", "start", "of"}, "START", modPart},
	{[]string{"the", "middle", "of"}, "MID", modPart},
	{[]string{"the", "early"}, "START", modPart},
	{[]string{"the", "late"}, "END", modPart},
	{[]string{"the", "mid"}, "MID", modPart},
	{[]string{"end", "of"}, "END", modPart},
	{[]string{"early"}, "START", modPart},
	{[]string{"earlier"}, "START", modPart},
	{[]string{"late"}, "END", modPart},
	{[]string{"later"}, "END", modPart},
	{[]string{"mid"}, "MID", modPart},
	{[]string{"no", "more", "than"}, "EQUAL_OR_LESS", modQuantity},
	{[]string{"more", "than"}, "MORE_THAN", modQuantity},
	{[]string{"less", "than"}, "LESS_THAN", modQuantity},
	{[]string{"fewer", "than"}, "LESS_THAN", modQuantity},
	{[]string{"at", "least"}, "EQUAL_OR_MORE", modQuantity},
	{[]string{"up", "to"}, "EQUAL_OR_LESS", modQuantity},
	{[]string{"just", "over"}, "MORE_THAN", modQuantity},
	{[]string{"well", "over"}, "MORE_THAN", modQuantity},
	{[]string{"over"}, "MORE_THAN", modQuantity},
	{[]string{"some"}, "APPROX", modQuantity},
	{[]string{"about"}, "APPROX", modApprox},
	{[]string{"around"}, "APPROX", modApprox},
	{[]string{"approximately"}, "APPROX", modApprox},
	{[]string{"roughly"}, "APPROX", modApprox},
	{[]string{"nearly"}, "APPROX", modApprox},
	{[]string{"almost"}, "APPROX", modApprox},
}

// prefixMod reads a leading modifier at i. It returns the TIMEX3 mod, what
// the modifier may apply to, and the token after it (i when there is none).
func (s *scanner) prefixMod(i int) (mod string, kind modKind, next int) {
	for _, pm := range prefixMods {
		k := i
		ok := true
		for _, w := range pm.words {
			if s.w(k) != w {
				ok = false
				break
			}
			k++
		}
		if !ok {
			continue
		}
		last := pm.words[len(pm.words)-1]
		if last == "over" && s.w(k) == "the" {
			// "over the past two years": news corpora leave "over" out.
			return "", 0, i
		}
		if last == "mid" && s.p(k) == "-" && s.glued(k) {
			k++ // "mid-2025"
		}
		return pm.mod, pm.kind, k
	}
	return "", 0, i
}

// modFits says whether a leading modifier may apply to what follows it:
// "late" only to calendar periods, "more than" only to amounts of time,
// "about" to either.
func modFits(kind modKind, r result) bool {
	switch kind {
	case modPart:
		return r.hasCal
	case modQuantity:
		return r.typ == Duration || r.amount
	case modApprox:
		return r.typ == Duration || r.hasCal
	}
	return false
}

// suffixMod extends a result over a trailing "or so", "or later" or "and
// beyond".
func (s *scanner) suffixMod(r result) result {
	k := r.end
	switch {
	case s.w(k) == "or" && s.w(k+1) == "so":
		r.end, r.mod = k+2, "APPROX"
	case r.hasCal && s.w(k) == "or" && s.w(k+1) == "later":
		r.end, r.mod = k+2, "ON_OR_AFTER"
	case r.hasCal && s.w(k) == "and" && s.w(k+1) == "beyond":
		r.end, r.mod = k+2, "ON_OR_AFTER"
	case r.hasCal && s.w(k) == "or" && s.w(k+1) == "earlier":
		r.end, r.mod = k+2, "ON_OR_BEFORE"
	}
	return r
}
