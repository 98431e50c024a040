package dashboard

// Statistical disclosure control of the aggregate-only figures.
//
// A figure that counts persons (volunteers, their hours, social workers,
// students trained, participants in activities) is withheld in an
// aggregate-only area when it counts 1 to MinPersons-1 persons (primary
// suppression). A withheld figure could still be worked out where it is one
// term of a sum whose other terms are shown: a total and its parts (the
// volunteers of each kind add up to all volunteers) or an area and its
// children (the streets' volunteers add up to the district's). So wherever
// exactly one term of such a sum is withheld, another is withheld with it
// (complementary suppression): the smallest positive part, else the total,
// else a zero part — repeated until no sum has a single withheld term.
// Figures of a FULL area are never withheld but still count as shown:
// the viewer may read them. A zero is shown: it singles no one out.

// unit is a figure with the figures withheld along with it (a number of
// volunteers and their hours).
type unit struct {
	counts   []*Count
	measures []*Measure
	open     bool // in a FULL area: shown, never withheld
}

func (u *unit) value() int64 { return u.counts[0].Value }

func (u *unit) withheld() bool { return u.counts[0].Withheld != "" }

func (u *unit) withhold(r Reason) {
	for _, c := range u.counts {
		c.Withheld = r
	}
	for _, m := range u.measures {
		m.Withheld = r
	}
}

// sum says that total is the sum of parts.
type sum struct {
	total *unit
	parts []*unit
}

// figures holds one area's units by a name that is the same in every area,
// so that an area's figure and its children's line up.
type figures struct {
	units map[string]*unit
	order []string
	sums  []sum
}

func (fs *figures) add(name string, open bool, c *Count, ms ...*Measure) *unit {
	u := &unit{counts: []*Count{c}, measures: ms, open: open}
	fs.units[name] = u
	fs.order = append(fs.order, name)
	return u
}

// unitsOf lists the person figures of a and the sums among them.
func unitsOf(a *Area) *figures {
	fs := &figures{units: map[string]*unit{}}
	open := a.Access == Full

	act := fs.add("activities", open, &a.Activities.Total.Participants)
	var parts []*unit
	for _, x := range a.Activities.ByCategory {
		parts = append(parts, fs.add("activities/category/"+string(x.Category), open, &x.Participants))
	}
	fs.sums = append(fs.sums, sum{act, parts})
	parts = nil
	for _, x := range a.Activities.ByMonth {
		parts = append(parts, fs.add("activities/month/"+x.Month, open, &x.Participants))
	}
	fs.sums = append(fs.sums, sum{act, parts})

	v := &a.Volunteers
	vol := fs.add("volunteers", open, &v.Total, &v.Hours)
	parts = nil
	for _, k := range v.ByKind {
		parts = append(parts, fs.add("volunteers/kind/"+string(k.Kind), open, &k.Count, &k.Hours))
	}
	fs.sums = append(fs.sums, sum{vol, parts})
	parts = nil
	for _, s := range v.Stars {
		parts = append(parts, fs.add("volunteers/stars/"+itoa(s.Stars), open, &s.Count))
	}
	fs.sums = append(fs.sums, sum{vol, parts})

	w := &a.Workers
	all := fs.add("workers", open, &w.Total, &w.PerCommunity)
	cert := fs.add("workers/certified", open, &w.Certified)
	var levels, certified []*unit
	for _, l := range w.ByLevel {
		u := fs.add("workers/level/"+string(l.Level), open, &l.Count)
		levels = append(levels, u)
		if l.Level == "NONE" {
			fs.sums = append(fs.sums, sum{all, []*unit{cert, u}})
		} else {
			certified = append(certified, u)
		}
	}
	fs.sums = append(fs.sums, sum{all, levels}, sum{cert, certified})

	// Students trained are distinct persons across batches: neither a sum
	// of the children's nor of anything shown.
	fs.add("students", open, &a.Training.Students)
	return fs
}

// suppress applies primary and complementary suppression to the
// aggregate-only figures of area and its children.
func suppress(area *Area, children []*Area) {
	top := unitsOf(area)
	var kids []*figures
	for _, c := range children {
		kids = append(kids, unitsOf(c))
	}
	sums := top.sums
	var units []*unit
	for _, fs := range append([]*figures{top}, kids...) {
		for _, name := range fs.order {
			units = append(units, fs.units[name])
		}
		if fs != top {
			sums = append(sums, fs.sums...)
		}
	}
	if len(kids) > 0 {
		for _, name := range top.order {
			if name == "students" {
				continue
			}
			s := sum{total: top.units[name]}
			for _, k := range kids {
				if u := k.units[name]; u != nil {
					s.parts = append(s.parts, u)
				}
			}
			sums = append(sums, s)
		}
	}
	for _, u := range units {
		if v := u.value(); !u.open && v > 0 && v < MinPersons {
			u.withhold(SmallCount)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, s := range sums {
			if complement(s) {
				changed = true
			}
		}
	}
	for _, u := range units {
		if u.withheld() {
			for _, c := range u.counts {
				c.Value = 0
			}
			for _, m := range u.measures {
				m.Value = 0
			}
		}
	}
}

// complement withholds a second term of s when exactly one is withheld, and
// reports whether it did.
func complement(s sum) bool {
	withheld := 0
	if s.total.withheld() {
		withheld++
	}
	for _, p := range s.parts {
		if p.withheld() {
			withheld++
		}
	}
	if withheld != 1 {
		return false
	}
	var pick *unit
	for _, p := range s.parts {
		if !p.open && !p.withheld() && p.value() > 0 && (pick == nil || p.value() < pick.value()) {
			pick = p
		}
	}
	if pick == nil && !s.total.open && !s.total.withheld() {
		pick = s.total
	}
	if pick == nil {
		for _, p := range s.parts {
			if !p.open && !p.withheld() {
				pick = p
				break
			}
		}
	}
	if pick == nil {
		return false
	}
	pick.withhold(Complementary)
	return true
}
