package aivensim

import "fmt"

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
	if !secrets {
		password = redacted
	}
	return connection{typ: sv.typ, host: host, user: user, password: password, port: port, secrets: secrets}
}

// uri is the service_uri; without secrets the password is left out of it.
func (c connection) uri() string {
	cred := c.user
	if c.secrets {
		cred += ":" + c.password
	}
	return fmt.Sprintf("%s://%s@%s:%d", c.typ, cred, c.host, c.port)
}

// info is connection_info: host:port under the type's name.
func (c connection) info() map[string]any {
	return map[string]any{c.typ: []string{fmt.Sprintf("%s:%d", c.host, c.port)}}
}
