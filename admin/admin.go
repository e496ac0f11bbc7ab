// Package admin serves the admin API of a center: services, counters,
// users, settings, the audit trail and the backup. Every route needs a
// signed-in admin; the server's middleware sees to that.
package admin

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"xephang/queue"
	"xephang/web"
)

// Store is the part of the store the admin API uses.
type Store interface {
	queue.AdminStore
	Services(ctx context.Context) ([]queue.Service, error)
	Counters(ctx context.Context) ([]queue.Counter, error)
	Users(ctx context.Context) ([]queue.User, error)
	User(ctx context.Context, id string) (queue.User, error)
	Settings(ctx context.Context) (queue.Settings, error)
	Clock() time.Time
}

// Handler serves the admin API.
type Handler struct {
	store Store
	hash  func(password, username string) ([]byte, error)
}

// New returns a Handler on store; hash validates and hashes a new password
// of a user (the server's, with its bcrypt cost).
func New(store Store, hash func(password, username string) ([]byte, error)) *Handler {
	return &Handler{store: store, hash: hash}
}

// Register adds the admin API to g (/api/v1/admin, admins only).
func (h *Handler) Register(g *echo.Group) {
	g.GET("/services", h.handleServiceList)
	g.POST("/services", h.handleServiceCreate)
	g.PUT("/services/:id", h.handleServiceUpdate)
	g.DELETE("/services/:id", h.handleServiceDelete)

	g.GET("/counters", h.handleCounterList)
	g.POST("/counters", h.handleCounterCreate)
	g.PUT("/counters/:id", h.handleCounterUpdate)
	g.DELETE("/counters/:id", h.handleCounterDelete)

	g.GET("/users", h.handleUserList)
	g.POST("/users", h.handleUserCreate)
	g.PUT("/users/:id", h.handleUserUpdate)
	g.DELETE("/users/:id", h.handleUserDelete)

	g.GET("/settings", h.handleSettings)
	g.PUT("/settings", h.handleSettingsUpdate)
	g.GET("/audit", h.handleAudit)
	g.GET("/backup", h.handleBackup)
}

func (h *Handler) handleServiceList(c echo.Context) error {
	list, err := h.store.Services(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (h *Handler) handleServiceCreate(c echo.Context) error {
	sv := queue.Service{FirstNumber: 1, Digits: 3, Active: true}
	if err := web.Bind(c, &sv); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if sv.ID == "" && strings.TrimSpace(sv.Name) != "" {
		list, err := h.store.Services(ctx)
		if err != nil {
			return err
		}
		sv.ID = queue.NewServiceID(sv.Name, func(id string) bool {
			return slices.ContainsFunc(list, func(o queue.Service) bool { return o.ID == id })
		})
	}
	out, err := h.store.CreateService(ctx, web.Actor(c), sv)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

func (h *Handler) handleServiceUpdate(c echo.Context) error {
	var p queue.ServicePatch
	if err := web.Bind(c, &p); err != nil {
		return err
	}
	out, err := h.store.UpdateService(c.Request().Context(), web.Actor(c), c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handler) handleServiceDelete(c echo.Context) error {
	out, err := h.store.DeactivateService(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handler) handleCounterList(c echo.Context) error {
	list, err := h.store.Counters(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]web.Counter, len(list))
	for i, k := range list {
		out[i] = web.NewCounter(k)
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handler) handleCounterCreate(c echo.Context) error {
	var k web.Counter
	if err := web.Bind(c, &k); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if k.ID == "" && k.Number > 0 {
		list, err := h.store.Counters(ctx)
		if err != nil {
			return err
		}
		k.ID = queue.NewCounterID(k.Number, func(id string) bool {
			return slices.ContainsFunc(list, func(o queue.Counter) bool { return o.ID == id })
		})
	}
	if strings.TrimSpace(k.Name) == "" && k.Number > 0 {
		k.Name = queue.CounterName(k.Number)
	}
	out, err := h.store.CreateCounter(ctx, web.Actor(c),
		queue.Counter{ID: k.ID, Number: k.Number, Name: k.Name, Services: k.Services})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, web.NewCounter(out))
}

func (h *Handler) handleCounterUpdate(c echo.Context) error {
	var p queue.CounterPatch
	if err := web.Bind(c, &p); err != nil {
		return err
	}
	out, err := h.store.UpdateCounter(c.Request().Context(), web.Actor(c), c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, web.NewCounter(out))
}

func (h *Handler) handleCounterDelete(c echo.Context) error {
	if err := h.store.DeleteCounter(c.Request().Context(), web.Actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) handleUserList(c echo.Context) error {
	list, err := h.store.Users(c.Request().Context())
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

func (h *Handler) handleUserCreate(c echo.Context) error {
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
	hash, err := h.hash(req.Password, u.Username)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	out, err := h.store.CreateUser(c.Request().Context(), web.Actor(c), u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, publicUser(out))
}

func (h *Handler) handleUserUpdate(c echo.Context) error {
	var p queue.UserPatch
	if err := web.Bind(c, &p); err != nil {
		return err
	}
	var hash []byte
	if p.Password != nil {
		old, err := h.store.User(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		if hash, err = h.hash(*p.Password, old.Username); err != nil {
			return err
		}
	}
	out, err := h.store.UpdateUser(c.Request().Context(), web.Actor(c), c.Param("id"), p, hash)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, publicUser(out))
}

// handleUserDelete deactivates a user: tickets and the audit trail keep
// naming them, so they are never removed.
func (h *Handler) handleUserDelete(c echo.Context) error {
	off := false
	out, err := h.store.UpdateUser(c.Request().Context(), web.Actor(c), c.Param("id"), queue.UserPatch{Active: &off}, nil)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, publicUser(out))
}

func (h *Handler) handleSettings(c echo.Context) error {
	st, err := h.store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (h *Handler) handleSettingsUpdate(c echo.Context) error {
	var p queue.SettingsPatch
	if err := web.Bind(c, &p); err != nil {
		return err
	}
	st, err := h.store.UpdateSettings(c.Request().Context(), web.Actor(c), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (h *Handler) handleAudit(c echo.Context) error {
	limit := 200
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5000 {
			return queue.FieldErrorf("limit", "Tham số limit phải từ 1 đến 5000.", "limit must be between 1 and 5000.")
		}
		limit = n
	}
	list, err := h.store.Audit(c.Request().Context(), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// handleBackup streams a consistent copy of the database while the service
// keeps running. The copy holds every password hash, so the audit trail
// records who took one, before it is taken.
func (h *Handler) handleBackup(c echo.Context) error {
	name := "xephang-" + h.store.Clock().Format("20060102-1504") + ".db"
	if err := h.store.RecordAudit(c.Request().Context(), web.Actor(c), "backup.download", name, nil); err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, "application/octet-stream")
	hd.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	hd.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	_, err := h.store.Backup(c.Request().Context(), c.Response())
	return err
}
