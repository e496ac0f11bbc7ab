package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"xephang/queue"
	"xephang/web"
)

// SessionCookie is the name of the sign-in cookie.
const SessionCookie = "xephang_session"

// CSRFHeader carries the CSRF token on every state-changing request made
// with a session.
const CSRFHeader = "X-CSRF-Token"

// randomToken returns n random bytes, URL-safe.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashSessionID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// sessionKey is the echo context key of the current auth session.
const sessionKey = "xephang.session"

// authenticate loads the user of the session cookie, if any and valid. It
// rejects nothing: require does, on the routes that need a user.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(SessionCookie)
		if err != nil || ck.Value == "" || len(ck.Value) > 100 {
			return next(c)
		}
		ctx := c.Request().Context()
		a, err := s.store.Session(ctx, hashSessionID(ck.Value))
		if err != nil {
			return next(c)
		}
		u, err := s.store.User(ctx, a.UserID)
		if err != nil || !u.Active {
			return next(c)
		}
		u.PasswordHash = nil
		web.SetUser(c, &u)
		c.Set(sessionKey, &a)
		return next(c)
	}
}

// require admits a signed-in user with one of roles; on state-changing
// methods it also checks the CSRF header against the session's token.
func (s *Server) require(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := web.User(c)
			if u == nil {
				return queue.Errorf(queue.EUNAUTHORIZED, "Vui lòng đăng nhập.", "Please sign in.")
			}
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
			default:
				a, _ := c.Get(sessionKey).(*queue.AuthSession)
				got := c.Request().Header.Get(CSRFHeader)
				if a == nil || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.CSRFToken)) != 1 {
					return queue.Errorf(queue.EFORBIDDEN,
						"Thiếu hoặc sai mã bảo vệ (X-CSRF-Token). Vui lòng tải lại trang.",
						"Missing or wrong X-CSRF-Token. Please reload the page.")
				}
			}
			if !slices.Contains(roles, u.Role) {
				return queue.Errorf(queue.EFORBIDDEN, "Tài khoản của Ông/Bà không có quyền thực hiện việc này.",
					"Your account is not allowed to do this.")
			}
			return next(c)
		}
	}
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// sessionResponse is the answer of login and me: the user, and the token
// the page must send back in X-CSRF-Token.
type sessionResponse struct {
	User      queue.User `json:"user"`
	CSRFToken string     `json:"csrf_token"`
}

// dummyHash is compared against when the username is unknown, so that a
// wrong username costs the same time as a wrong password: it has the cost
// of the server's own hashes. It is made at the first unknown username,
// not at start-up (a bcrypt at the default cost takes tens of ms).
type dummyHash struct {
	once sync.Once
	hash []byte
}

func (s *Server) dummyHash() []byte {
	s.dummy.once.Do(func() {
		s.dummy.hash, _ = bcrypt.GenerateFromPassword([]byte(randomToken(16)), s.bcryptCost())
	})
	return s.dummy.hash
}

// bcryptCost is the cost of new password hashes.
func (s *Server) bcryptCost() int {
	if s.cfg.BcryptCost == 0 {
		return bcrypt.DefaultCost
	}
	return s.cfg.BcryptCost
}

func (s *Server) handleLogin(c echo.Context) error {
	var req loginRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	username := strings.ToLower(strings.TrimSpace(req.Username))
	ip := c.RealIP()
	if !s.loginAddr.allow(ip) || !s.loginUser.allow(username+"\x00"+ip) {
		s.log.Warn("login rate limited", slog.String("ip", ip), slog.String("username", username))
		return queue.Errorf(queue.ETOOMANYREQUESTS, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau một phút.",
			"Too many sign-in attempts. Please try again in a minute.")
	}
	ctx := c.Request().Context()
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil && queue.ErrorCode(err) != queue.ENOTFOUND {
		return err
	}
	hash := u.PasswordHash
	if hash == nil {
		hash = s.dummyHash()
	}
	match := bcrypt.CompareHashAndPassword(hash, []byte(req.Password)) == nil
	if err != nil || !match || !u.Active {
		s.log.Warn("login failed", slog.String("ip", ip), slog.String("username", username))
		return queue.Errorf(queue.EUNAUTHORIZED, "Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password.")
	}
	id := randomToken(32)
	now := s.store.Clock()
	a := queue.AuthSession{
		IDHash: hashSessionID(id), UserID: u.ID, CSRFToken: randomToken(32),
		CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL),
	}
	if err := s.store.CreateSession(ctx, a); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: SessionCookie, Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: s.secureCookie(), MaxAge: int(s.cfg.SessionTTL.Seconds()),
	})
	s.log.Info("login", slog.String("username", u.Username), slog.String("ip", ip))
	u.PasswordHash = nil
	return c.JSON(http.StatusOK, sessionResponse{User: u, CSRFToken: a.CSRFToken})
}

// secureCookie reports whether the session cookie is sent over HTTPS
// only: when the service's public address (--base-url) is https. A
// client's X-Forwarded-Proto decides nothing.
func (s *Server) secureCookie() bool {
	return strings.HasPrefix(strings.ToLower(s.cfg.BaseURL), "https://")
}

func (s *Server) handleLogout(c echo.Context) error {
	if a, _ := c.Get(sessionKey).(*queue.AuthSession); a != nil {
		if err := s.store.DeleteSession(c.Request().Context(), a.IDHash); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secureCookie(), MaxAge: -1})
	return c.JSON(http.StatusOK, map[string]bool{"ok": true})
}

func (s *Server) handleMe(c echo.Context) error {
	a, _ := c.Get(sessionKey).(*queue.AuthSession)
	return c.JSON(http.StatusOK, sessionResponse{User: *web.User(c), CSRFToken: a.CSRFToken})
}

// hashPassword validates and hashes a new password of the user username.
func (s *Server) hashPassword(pw, username string) ([]byte, error) {
	if err := queue.ValidatePassword(pw, username); err != nil {
		return nil, err
	}
	return bcrypt.GenerateFromPassword([]byte(pw), s.bcryptCost())
}
