package aivensim

import (
	"fmt"
	"strconv"
)

// connection is how clients reach a service: its fake endpoint and the
// admin user, whose password is redacted unless the request asks for
// secrets.
type connection struct {
	typ, host, user, password string
	port                      int
	secrets                   bool
}

func (s *Server) connection(sv *service, secrets bool) connection {
	host, port, password := endpoint(sv)
	user := "avnadmin"
	if sv.typ == "valkey" {
		user = "default"
	}
	if !secrets {
		password = redacted
	}
	return connection{typ: sv.typ, host: host, user: user, password: password, port: port, secrets: secrets}
}

// uri is the service_uri, in each type's scheme; without secrets the
// password is left out of it.
func (c connection) uri() string {
	cred := c.user
	if c.secrets {
		cred += ":" + c.password
	}
	switch c.typ {
	case "pg":
		return fmt.Sprintf("postgres://%s@%s:%d/defaultdb?sslmode=require", cred, c.host, c.port)
	case "mysql":
		return fmt.Sprintf("mysql://%s@%s:%d/defaultdb?ssl-mode=REQUIRED", cred, c.host, c.port)
	case "valkey":
		return fmt.Sprintf("rediss://%s@%s:%d", cred, c.host, c.port)
	case "opensearch":
		return fmt.Sprintf("https://%s@%s:%d", cred, c.host, c.port)
	}
	return fmt.Sprintf("%s://%s@%s:%d", c.typ, cred, c.host, c.port)
}

// info is connection_info. For pg and mysql it has the URI and its parts
// (pg_params, mysql_params) with the port as a decimal string, which the
// Terraform provider parses; for Cassandra and Kafka, host:port.
func (c connection) info() map[string]any {
	port := strconv.Itoa(c.port)
	switch c.typ {
	case "pg":
		return map[string]any{"pg": []string{c.uri()}, "pg_params": []map[string]string{{"dbname": "defaultdb",
			"host": c.host, "password": c.password, "port": port, "sslmode": "require", "user": c.user}}}
	case "mysql":
		return map[string]any{"mysql": []string{c.uri()}, "mysql_params": []map[string]string{{"dbname": "defaultdb",
			"host": c.host, "password": c.password, "port": port, "ssl-mode": "REQUIRED", "user": c.user}}}
	case "valkey":
		return map[string]any{"valkey": []string{c.uri()}, "valkey_password": c.password}
	case "opensearch":
		return map[string]any{"opensearch": []string{c.uri()}, "opensearch_username": c.user,
			"opensearch_password": c.password}
	}
	return map[string]any{c.typ: []string{fmt.Sprintf("%s:%d", c.host, c.port)}}
}

// metadata is a service's type-specific metadata: for pg, max_connections,
// which the Terraform provider reads.
func metadata(typ string, pl Plan) map[string]any {
	if typ != "pg" {
		return nil
	}
	return map[string]any{"max_connections": maxConnections(pl)}
}

// maxConnections is Aiven's default pg max_connections by plan
// (docs/products/postgresql/reference/pg-connection-limits): 20 on free
// plans, 25 on hobbyist, otherwise 25 per GiB of memory (100 for -4 plans,
// 200 for -8, ...), at most 1000.
func maxConnections(pl Plan) int {
	switch tier(pl.ServicePlan) {
	case "free":
		return 20
	case "hobbyist":
		return 25
	}
	return min(1000, max(25, 25*int(pl.NodeMemoryMB)/1024))
}
