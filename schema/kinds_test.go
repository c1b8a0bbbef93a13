package schema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestWithArticle(t *testing.T) {
	want := map[string]string{
		TypeCassandra: "an Apache Cassandra", TypePostgreSQL: "a PostgreSQL", TypeMySQL: "a MySQL",
		TypeValkey: "a Valkey", TypeOpenSearch: "an OpenSearch",
	}
	for _, st := range serviceTypes {
		if got := st.WithArticle(); got != want[st.Name] {
			t.Errorf("%s: WithArticle() = %q; want %q", st.Name, got, want[st.Name])
		}
	}
}

// TestSchemaKindsPerPrimaryType keeps the group's if/then hints in step
// with the table: one per replica type, listing exactly its kinds, and
// worded with the type's title ("Kinds an OpenSearch primary's members may
// have.") rather than its API name.
func TestSchemaKindsPerPrimaryType(t *testing.T) {
	var doc struct {
		Defs struct {
			Group struct {
				AllOf []struct {
					If struct {
						Properties struct {
							Primary struct {
								Description string
								Properties  struct {
									Type struct{ Const string }
								}
							}
						}
					}
					Then struct {
						Properties struct {
							Members struct {
								Description string
								Items       struct {
									Properties struct {
										Kind struct {
											Description string
											Enum        []string
										}
									}
								}
							}
						}
					}
				}
			}
		} `json:"$defs"`
	}
	if err := json.Unmarshal(JSONSchema(), &doc); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, c := range doc.Defs.Group.AllOf {
		typ := c.If.Properties.Primary.Properties.Type.Const
		types = append(types, typ)
		st, ok := LookupType(typ)
		if !ok {
			t.Errorf("if/then for %q, a type the table lacks", typ)
			continue
		}
		a := st.WithArticle()
		members := c.Then.Properties.Members
		kind := members.Items.Properties.Kind
		for _, d := range [][2]string{
			{c.If.Properties.Primary.Description, strings.ToUpper(a[:1]) + a[1:] + " primary."},
			{members.Description, fmt.Sprintf("Members of %s primary.", a)},
			{kind.Description, fmt.Sprintf("Kinds %s primary's members may have.", a)},
		} {
			if d[0] != d[1] {
				t.Errorf("%s: description %q; want %q", typ, d[0], d[1])
			}
		}
		if !slices.Equal(kind.Enum, kindsOf(typ)) {
			t.Errorf("%s: kinds %v; want %v", typ, kind.Enum, kindsOf(typ))
		}
	}
	if !slices.Equal(types, ReplicaTypes()) {
		t.Errorf("if/then for types %v; want %v", types, ReplicaTypes())
	}
}
