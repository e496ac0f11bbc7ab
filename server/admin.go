package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xephang/queue"
	"xephang/web"
)

// registerAdminRoutes adds the admin API to g (/api/v1/admin, admins only).
func (s *Server) registerAdminRoutes(g *echo.Group) {
	g.GET("/services", s.handleServiceList)
	g.POST("/services", s.handleServiceCreate)
	g.PUT("/services/:id", s.handleServiceUpdate)
	g.DELETE("/services/:id", s.handleServiceDelete)

	g.GET("/counters", s.handleCounterList)
	g.POST("/counters", s.handleCounterCreate)
	g.PUT("/counters/:id", s.handleCounterUpdate)
	g.DELETE("/counters/:id", s.handleCounterDelete)

	g.GET("/users", s.handleUserList)
	g.POST("/users", s.handleUserCreate)
	g.PUT("/users/:id", s.handleUserUpdate)
	g.DELETE("/users/:id", s.handleUserDelete)

	g.GET("/settings", s.handleSettings)
	g.PUT("/settings", s.handleSettingsUpdate)
	g.GET("/audit", s.handleAudit)
	g.GET("/backup", s.handleBackup)
}

func (s *Server) handleServiceList(c echo.Context) error {
	list, err := s.store.Services(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleServiceCreate(c echo.Context) error {
	sv := queue.Service{FirstNumber: 1, Digits: 3, Active: true}
	if err := web.Bind(c, &sv); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if sv.ID == "" && strings.TrimSpace(sv.Name) != "" {
		list, err := s.store.Services(ctx)
		if err != nil {
			return err
		}
		base := queue.Slug(sv.Name)
		if base == "" {
			base = "linh-vuc"
		}
		sv.ID = uniqueID(base, func(id string) bool {
			return slices.ContainsFunc(list, func(o queue.Service) bool { return o.ID == id })
		})
	}
	out, err := s.store.CreateService(ctx, web.Actor(c), sv)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

// uniqueID returns base, or base-2, base-3 and so on: the first id that is
// not taken, so that a new service named like an old one still gets an id
// made from its name.
func uniqueID(base string, taken func(string) bool) string {
	if len(base) > 36 {
		base = strings.TrimRight(base[:36], "-")
	}
	id := base
	for n := 2; taken(id); n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

func (s *Server) handleServiceUpdate(c echo.Context) error {
	var p queue.ServicePatch
	if err := web.Bind(c, &p); err != nil {
		return err
	}
	out, err := s.store.UpdateService(c.Request().Context(), web.Actor(c), c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) handleServiceDelete(c echo.Context) error {
	out, err := s.store.DeactivateService(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) handleCounterList(c echo.Context) error {
	list, err := s.store.Counters(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]web.Counter, len(list))
	for i, k := range list {
		out[i] = web.NewCounter(k)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) handleCounterCreate(c echo.Context) error {
	var k web.Counter
	if err := web.Bind(c, &k); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if k.ID == "" && k.Number > 0 {
		list, err := s.store.Counters(ctx)
		if err != nil {
			return err
		}
		k.ID = uniqueID("quay-"+strconv.Itoa(k.Number), func(id string) bool {
			return slices.ContainsFunc(list, func(o queue.Counter) bool { return o.ID == id })
		})
	}
	if strings.TrimSpace(k.Name) == "" && k.Number > 0 {
		k.Name = fmt.Sprintf("Quầy %d", k.Number)
	}
	out, err := s.store.CreateCounter(ctx, web.Actor(c),
		queue.Counter{ID: k.ID, Number: k.Number, Name: k.Name, Services: k.Services})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, web.NewCounter(out))
}

func (s *Server) handleCounterUpdate(c echo.Context) error {
	var p queue.CounterPatch
	if err := web.Bind(c, &p); err != nil {
		return err
	}
	out, err := s.store.UpdateCounter(c.Request().Context(), web.Actor(c), c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, web.NewCounter(out))
}

func (s *Server) handleCounterDelete(c echo.Context) error {
	if err := s.store.DeleteCounter(c.Request().Context(), web.Actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) handleUserList(c echo.Context) error {
	list, err := s.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	for i := range list {
		list[i] = publicUser(list[i])
	}
	return c.JSON(http.StatusOK, list)
}

// publicUser strips what never leaves the server.
func publicUser(u queue.User) queue.User {
	u.PasswordHash = nil
	if u.Counters == nil {
		u.Counters = []string{}
	}
	return u
}

type userCreateRequest struct {
	Username    string   `json:"username"`
	DisplayName string   `json:"display_name"`
	Role        string   `json:"role"`
	Password    string   `json:"password"`
	Active      *bool    `json:"active"`
	Counters    []string `json:"counters"`
}

func (s *Server) handleUserCreate(c echo.Context) error {
	req := userCreateRequest{Role: queue.RoleOfficer}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	u := queue.User{Username: req.Username, DisplayName: req.DisplayName, Role: req.Role,
		Active: req.Active == nil || *req.Active, Counters: req.Counters}
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	hash, err := s.hashPassword(req.Password, u.Username)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	out, err := s.store.CreateUser(c.Request().Context(), web.Actor(c), u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, publicUser(out))
}

func (s *Server) handleUserUpdate(c echo.Context) error {
	var p queue.UserPatch
	if err := web.Bind(c, &p); err != nil {
		return err
	}
	var hash []byte
	if p.Password != nil {
		old, err := s.store.User(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		if hash, err = s.hashPassword(*p.Password, old.Username); err != nil {
			return err
		}
	}
	out, err := s.store.UpdateUser(c.Request().Context(), web.Actor(c), c.Param("id"), p, hash)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, publicUser(out))
}

// handleUserDelete deactivates a user: tickets and the audit trail keep
// naming them, so they are never removed.
func (s *Server) handleUserDelete(c echo.Context) error {
	off := false
	out, err := s.store.UpdateUser(c.Request().Context(), web.Actor(c), c.Param("id"), queue.UserPatch{Active: &off}, nil)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, publicUser(out))
}

func (s *Server) handleSettings(c echo.Context) error {
	st, err := s.store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) handleSettingsUpdate(c echo.Context) error {
	var p queue.SettingsPatch
	if err := web.Bind(c, &p); err != nil {
		return err
	}
	st, err := s.store.UpdateSettings(c.Request().Context(), web.Actor(c), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) handleAudit(c echo.Context) error {
	limit := 200
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5000 {
			return queue.FieldErrorf("limit", "Tham số limit phải từ 1 đến 5000.", "limit must be between 1 and 5000.")
		}
		limit = n
	}
	list, err := s.store.Audit(c.Request().Context(), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// handleBackup streams a consistent copy of the database while the service
// keeps running. The copy holds every password hash, so the audit trail
// records who took one, before it is taken.
func (s *Server) handleBackup(c echo.Context) error {
	name := "xephang-" + s.store.Clock().Format("20060102-1504") + ".db"
	if err := s.store.RecordAudit(c.Request().Context(), web.Actor(c), "backup.download", name, nil); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/octet-stream")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	_, err := s.store.Backup(c.Request().Context(), c.Response())
	return err
}
