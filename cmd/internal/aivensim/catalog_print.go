package aivensim

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
)

// referenceCloud is the cloud whose prices --help shows: Google, Europe,
// where list prices apply unscaled.
const referenceCloud = "google-europe-west1"

// writeCatalogSummary prints the clouds and plans of the catalog for
// --help: what a ccr file can name against a default aiven-sim.
func (s *Server) writeCatalogSummary(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(w, "\nBuilt-in clouds (a seed's \"clouds\" replaces them):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, cl := range s.catalog.clouds {
		fmt.Fprintf(tw, "  %s\t%s\n", cl.CloudName, cl.CloudDescription)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nBuilt-in cassandra plans (a seed's \"service_types\" replaces them; USD per hour in %s):\n",
		referenceCloud)
	s.writePlans(w, []string{"cassandra"}, false)
	var others []string
	for _, name := range slices.Sorted(maps.Keys(s.catalog.types)) {
		if name != "cassandra" {
			others = append(others, name)
		}
	}
	fmt.Fprintf(w, "\nBuilt-in plans of the other service types (versions: the user_config_schema of "+
		"GET /v1/project/P/service-types/TYPE):\n")
	s.writePlans(w, others, true)
	fmt.Fprintf(w, "Other clouds: the price above %s.\n", factorsText())
	fmt.Fprintf(w, "aiven-sim --print-catalog [--seed FILE] prints the whole catalog as a seed file, every price included.\n")
}

// writePlans prints the plans of types as a table, with a TYPE column when
// there are several.
func (s *Server) writePlans(w io.Writer, types []string, withType bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	typeCol := func(typ string) string {
		if withType {
			return typ + "\t"
		}
		return ""
	}
	fmt.Fprintf(tw, "  %sPLAN\tNODES\tCPU\tMEMORY MB\tDISK MB: DEFAULT..CAP, STEP\tUSD/HOUR\tPER EXTRA GIB\n", typeCol("TYPE"))
	ref, _ := s.catalog.cloud(referenceCloud)
	for _, typ := range types {
		for _, pl := range s.catalog.types[typ].ServicePlans {
			pr, _ := s.price(&project{}, typ, pl, ref)
			fmt.Fprintf(tw, "  %s%s\t%d\t%d\t%.0f\t%d..%d, %d\t%s\t%s\n", typeCol(typ), pl.ServicePlan, pl.NodeCount,
				pl.NodeCPUCount, pl.NodeMemoryMB, pl.DiskSpaceMB, max(pl.DiskSpaceCapMB, pl.DiskSpaceMB), pl.DiskSpaceStepMB,
				orDash(pr.BasePriceUSD), orDash(pr.ExtraDiskPricePerGBUSD))
		}
	}
	tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeCatalog prints the catalog as a SeedFile without projects, with an
// explicit price entry for every plan in every cloud where it has one: a
// seed that reproduces it, and a price list to read.
func (s *Server) writeCatalog(w io.Writer) error {
	s.mu.Lock()
	f := SeedFile{Clouds: s.catalog.clouds, ServiceTypes: s.catalog.types, Projects: []ProjectSeed{}}
	for _, typ := range slices.Sorted(maps.Keys(s.catalog.types)) {
		for _, pl := range s.catalog.types[typ].ServicePlans {
			for _, cl := range s.catalog.clouds {
				if pr, ok := s.price(&project{}, typ, pl, cl); ok {
					f.Prices = append(f.Prices, PriceSeed{ServiceType: typ, ServicePlan: pl.ServicePlan,
						CloudName: cl.CloudName, BasePriceUSD: pr.BasePriceUSD,
						ExtraDiskPricePerGBUSD: pr.ExtraDiskPricePerGBUSD})
				}
			}
		}
	}
	b, err := json.MarshalIndent(f, "", "  ")
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("encode catalog: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
