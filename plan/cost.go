package plan

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// HoursPerMonth turns hourly prices into monthly ones, as Aiven's own CLI
// and Infracost do (365 × 24 / 12).
const HoursPerMonth = 730

// MiBPerGiB converts disk_space_mb, which counts MiB, into the GiB that
// extra disk is priced by.
const MiBPerGiB = 1024

// Currency is the currency of every amount in a plan's cost.
const Currency = "USD"

// Cost is what applying the plan adds to the monthly bill, from Aiven's own
// prices, and what the declared services that exist cost now, for context.
// Every amount is USD per month: a service's is its hourly price ×
// HoursPerMonth rounded half up to the cent, as a bill shows it, and a total
// is the exact sum of its services', so the rows of every cost table add up
// to the total as shown. An amount that cannot be known is null, with the
// reason beside it: a plan never shows a wrong number.
type Cost struct {
	Currency      string `json:"currency"`
	HoursPerMonth int    `json:"hours_per_month"`
	// Tally is the whole plan's: every project together.
	Tally
	// Projects has one entry per project of the file, in file order.
	Projects []ProjectCost `json:"projects"`
	// Changes prices every create and every declared Cassandra service that
	// exists, in the order of Plan.Changes. Blocked creates are left out:
	// apply would not make them.
	Changes []ChangeCost `json:"changes"`
	// Prices are the unit prices Changes used, sorted by project, plan and
	// cloud.
	Prices []UnitPrice `json:"prices"`
	// Budgets are the limits the plan was checked against, whole-plan ones
	// first, then per project in file order.
	Budgets []Budget `json:"budgets"`
}

// Tally sums monthly prices: those of the creates and what updates add or
// save (the increase), and those of the declared services that exist (what
// they cost now).
type Tally struct {
	// MonthlyIncrease is what the creates and updates add per month
	// (negative when updates save more than the creates cost); null when
	// the price of any of them is unknown.
	MonthlyIncrease *USD `json:"monthly_increase"`
	// KnownMonthlyIncrease sums the creates whose price is known; Unpriced
	// counts the others. With Unpriced 0 it equals MonthlyIncrease.
	KnownMonthlyIncrease USD `json:"known_monthly_increase"`
	Unpriced             int `json:"unpriced"`
	// CurrentMonthly is what the declared services that exist cost now;
	// null when the price of any of them is unknown.
	CurrentMonthly *USD `json:"current_monthly"`
}

// ProjectCost is the Tally of one project.
type ProjectCost struct {
	Project string `json:"project"`
	Tally
}

// ChangeCost is the monthly price of one declared service: what it will
// cost once created (Action create) or what it costs now (an existing
// service, Action no-op or blocked).
type ChangeCost struct {
	Project string `json:"project"`
	Service string `json:"service"`
	Action  Action `json:"action"`
	Plan    string `json:"plan"`
	Cloud   string `json:"cloud"`
	// DiskSpaceMB is the service's disk in MiB; 0 on a create that takes
	// the plan's included disk.
	DiskSpaceMB int `json:"disk_space_mb"`
	// IncludedDiskMB is the disk the plan includes (0 when unknown).
	IncludedDiskMB int `json:"included_disk_mb"`
	// ExtraDiskGiB is the disk beyond the included one in whole GiB; a
	// started GiB counts as one, so an estimate may be high by less than
	// one GiB's price, never low.
	ExtraDiskGiB int `json:"extra_disk_gib"`
	// Monthly is (base + extra_disk_gib × extra disk price) × hours per
	// month, rounded half up to the cent; null when unknown.
	Monthly *USD `json:"monthly"`
	// Unknown says why Monthly is null ("" when it is known).
	Unknown string `json:"unknown,omitempty"`
	// Update, on an existing service whose plan or disk an update
	// changes, is its price after the update; nil otherwise.
	Update *UpdateCost `json:"update,omitempty"`
}

// UpdateCost is what an existing service will cost once an update has
// changed its plan or disk, and what that adds to the monthly bill.
type UpdateCost struct {
	Plan           string `json:"plan"`
	DiskSpaceMB    int    `json:"disk_space_mb"`
	IncludedDiskMB int    `json:"included_disk_mb"`
	ExtraDiskGiB   int    `json:"extra_disk_gib"`
	// Monthly is the price after the update; null when unknown.
	Monthly *USD `json:"monthly"`
	// Delta is Monthly minus the service's price now: what the update
	// adds per month, negative when it saves. Null when either is unknown.
	Delta *USD `json:"delta"`
	// Unknown says why Monthly or Delta is null ("" when both are known).
	Unknown string `json:"unknown,omitempty"`
}

// UnitPrice is one hourly price the cost used.
type UnitPrice struct {
	Project string `json:"project"`
	// Type is the service type the plan belongs to.
	Type  string `json:"type"`
	Plan  string `json:"plan"`
	Cloud string `json:"cloud"`
	// BaseHourly is the plan with its included disk; null when unknown.
	BaseHourly *USD `json:"base_hourly"`
	// ExtraDiskHourlyPerGiB is each GiB beyond it; null when Aiven gives
	// none.
	ExtraDiskHourlyPerGiB *USD `json:"extra_disk_hourly_per_gib"`
	// Unknown says why there is no price ("" when there is one).
	Unknown string `json:"unknown,omitempty"`
}

// costOf prices the plan's changes with the catalogs in live. It runs after
// every pair is planned, so Actions are final.
func costOf(changes []Change, projects []string, live Live) *Cost {
	c := &Cost{Currency: Currency, HoursPerMonth: HoursPerMonth}
	tallies := make(map[string]*tally, len(projects))
	for _, name := range projects {
		tallies[name] = &tally{}
	}
	total := &tally{}
	used := map[[4]string]UnitPrice{}
	for _, ch := range changes {
		cat := live.Projects[ch.Project].Catalog
		cc, ok := priceChange(ch, cat)
		if !ok {
			continue
		}
		c.Changes = append(c.Changes, cc)
		for _, t := range []*tally{total, tallies[ch.Project]} {
			if t != nil {
				t.add(cc)
			}
		}
		key := [4]string{ch.Project, ch.ServiceType(), cc.Plan, cc.Cloud}
		if _, seen := used[key]; !seen {
			used[key] = unitPrice(ch.Project, PriceKey{Type: ch.ServiceType(), Plan: cc.Plan, Cloud: cc.Cloud}, cat)
		}
	}
	c.Tally = total.result()
	for _, name := range projects {
		c.Projects = append(c.Projects, ProjectCost{Project: name, Tally: tallies[name].result()})
	}
	for _, u := range used {
		c.Prices = append(c.Prices, u)
	}
	slices.SortFunc(c.Prices, func(a, b UnitPrice) int {
		return cmp.Or(cmp.Compare(a.Project, b.Project), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Plan, b.Plan),
			cmp.Compare(a.Cloud, b.Cloud))
	})
	return c
}

// priceChange prices the service of ch at its type's prices: a create with
// the plan, cloud and disk it will get, an existing service with those it
// has. Other changes (a blocked create, a service of another type than the
// file declares) are not priced.
func priceChange(ch Change, cat Catalog) (ChangeCost, bool) {
	cc := ChangeCost{Project: ch.Project, Service: ch.Service, Action: ch.Action}
	switch {
	case ch.Action == Create:
		cc.Plan, cc.Cloud, cc.DiskSpaceMB, cc.IncludedDiskMB = ch.Plan, ch.Cloud, ch.DiskSpaceMB, ch.PlanDiskSpaceMB
	case ch.Live != nil && ch.Live.Type == ch.ServiceType():
		l := ch.Live
		cc.Plan, cc.Cloud, cc.DiskSpaceMB = l.Plan, l.Cloud, l.DiskSpaceMB
		cc.IncludedDiskMB = cat.Plans(l.Type)[l.Plan].DiskSpaceMB
	default:
		return ChangeCost{}, false
	}
	monthly, err := cc.monthly(cat, ch.ServiceType())
	if err != nil {
		cc.Unknown = err.Error()
	} else {
		cc.Monthly = &monthly
	}
	if ch.Live != nil && resizes(ch) {
		cc.Update = priceUpdate(ch, cc, cat)
	}
	return cc, true
}

// resizes reports whether ch changes its service's plan or disk, by its
// own request or its peer's: either changes the price.
func resizes(ch Change) bool {
	return slices.ContainsFunc(ch.Updates, func(u FieldUpdate) bool { return u.Field == FieldPlan || u.Field == FieldDisk })
}

// diskAfter is the disk ch's service has after its updates: the disk
// update's value (declared, or the new plan's default that Aiven gives),
// else the change's own.
func diskAfter(ch Change) int {
	for _, u := range ch.Updates {
		if u.Field == FieldDisk {
			if mb, err := strconv.Atoi(u.After); err == nil {
				return mb
			}
		}
	}
	return ch.DiskSpaceMB
}

// priceUpdate prices the service of ch after its update, against cc, its
// price now.
func priceUpdate(ch Change, cc ChangeCost, cat Catalog) *UpdateCost {
	after := ChangeCost{Project: ch.Project, Service: ch.Service, Plan: ch.Plan, Cloud: cc.Cloud, DiskSpaceMB: diskAfter(ch)}
	after.IncludedDiskMB = cat.Plans(ch.ServiceType())[ch.Plan].DiskSpaceMB
	u := &UpdateCost{Plan: after.Plan, DiskSpaceMB: after.DiskSpaceMB, IncludedDiskMB: after.IncludedDiskMB}
	monthly, err := after.monthly(cat, ch.ServiceType())
	u.ExtraDiskGiB = after.ExtraDiskGiB
	switch {
	case err != nil:
		u.Unknown = err.Error()
	case cc.Monthly == nil:
		u.Monthly, u.Unknown = &monthly, "the price now is unknown: "+cc.Unknown
	default:
		u.Monthly = &monthly
		if d, err := monthly.minus(*cc.Monthly); err == nil {
			u.Delta = &d
		} else {
			u.Unknown = err.Error()
		}
	}
	return u
}

// monthly computes (base + extra GiB × extra disk price) × HoursPerMonth,
// rounded half up to the cent, setting ExtraDiskGiB, or says why it
// cannot. Rounding each service, not each total, is what makes a table's
// rows add up to its total as shown.
func (cc *ChangeCost) monthly(cat Catalog, typ string) (USD, error) {
	key := PriceKey{Type: typ, Plan: cc.Plan, Cloud: cc.Cloud}
	price, ok := cat.Prices[key]
	switch {
	case cat.Prices == nil:
		return 0, fmt.Errorf("prices of project %s were not read", cc.Project)
	case !ok:
		return 0, fmt.Errorf("the price of %s in %s was not read", cc.Plan, cc.Cloud)
	case price.Unknown != "":
		return 0, errors.New(price.Unknown)
	case cc.DiskSpaceMB > 0 && cc.IncludedDiskMB <= 0:
		return 0, fmt.Errorf("the disk plan %s includes is unknown", cc.Plan)
	}
	cc.ExtraDiskGiB = extraGiB(cc.DiskSpaceMB, cc.IncludedDiskMB)
	hourly := price.BaseHourly
	if cc.ExtraDiskGiB > 0 {
		if price.ExtraDiskHourlyPerGiB == nil {
			return 0, fmt.Errorf("no price for extra disk of %s in %s", cc.Plan, cc.Cloud)
		}
		disk, err := price.ExtraDiskHourlyPerGiB.times(int64(cc.ExtraDiskGiB))
		if err == nil {
			hourly, err = hourly.plus(disk)
		}
		if err != nil {
			return 0, err
		}
	}
	month, err := hourly.times(HoursPerMonth)
	if err != nil {
		return 0, err
	}
	return month.cents()
}

// extraGiB is the disk beyond the included one in whole GiB, a started GiB
// counting as one. A disk of 0 is the plan's own, and a live disk below the
// included one (which Aiven does not allow) costs nothing extra.
func extraGiB(disk, included int) int {
	extra := disk - included
	if disk == 0 || extra <= 0 {
		return 0
	}
	return (extra + MiBPerGiB - 1) / MiBPerGiB
}

func unitPrice(project string, key PriceKey, cat Catalog) UnitPrice {
	u := UnitPrice{Project: project, Type: key.Type, Plan: key.Plan, Cloud: key.Cloud}
	price, ok := cat.Prices[key]
	switch {
	case !ok:
		u.Unknown = "not read"
	case price.Unknown != "":
		u.Unknown = price.Unknown
	default:
		base := price.BaseHourly
		u.BaseHourly, u.ExtraDiskHourlyPerGiB = &base, price.ExtraDiskHourlyPerGiB
	}
	return u
}

// Sum tallies the services of c that keep selects, as the apply report sums
// what a run created: a create adds to the increase, an existing service to
// the current price.
func (c *Cost) Sum(keep func(ChangeCost) bool) Tally {
	t := &tally{}
	for _, cc := range c.Changes {
		if keep(cc) {
			t.add(cc)
		}
	}
	return t.result()
}

// tally accumulates a Tally; an amount that would overflow counts as
// unknown.
type tally struct {
	increase, current USD
	unpriced          int
	currentUnknown    bool
}

func (t *tally) add(cc ChangeCost) {
	if cc.Action != Create {
		sum, err := t.current.plus(derefUSD(cc.Monthly))
		t.currentUnknown = t.currentUnknown || cc.Monthly == nil || err != nil
		t.current = sum
		if cc.Update != nil {
			t.addIncrease(cc.Update.Delta)
		}
		return
	}
	t.addIncrease(cc.Monthly)
}

// addIncrease adds what a create or an update adds per month; nil counts
// as unpriced.
func (t *tally) addIncrease(amount *USD) {
	if amount == nil {
		t.unpriced++
		return
	}
	sum, err := t.increase.plus(*amount)
	if err != nil {
		t.unpriced++
		return
	}
	t.increase = sum
}

func (t *tally) result() Tally {
	r := Tally{KnownMonthlyIncrease: t.increase, Unpriced: t.unpriced}
	if t.unpriced == 0 {
		inc := t.increase
		r.MonthlyIncrease = &inc
	}
	if !t.currentUnknown {
		cur := t.current
		r.CurrentMonthly = &cur
	}
	return r
}

func derefUSD(u *USD) USD {
	if u == nil {
		return 0
	}
	return *u
}
