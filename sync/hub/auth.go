package hub

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"deputydesk/sync/hub/hubstore"
)

// SessionCookie is the name of the county clerk's session cookie.
const SessionCookie = "deputyhub_session"

// SessionLength is how long a login lasts.
const SessionLength = 8 * time.Hour

// MinPasswordLength is the shortest password an account may have.
const MinPasswordLength = 10

// ErrBadPassword means a password does not meet the rules; its text is Chinese.
var ErrBadPassword = fmt.Errorf("密码至少 %d 个字符", MinPasswordLength)

// AddUser creates a county account with a bcrypt hash of the password.
func (h *Hub) AddUser(ctx context.Context, name, password, role string) error {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 32 || strings.ContainsAny(name, " \t\r\n") {
		return errors.New("账号名应为1到32个字符，不含空格")
	}
	if _, ok := hubstore.ParseRole(role); !ok {
		return errors.New("角色应为 查看 或 审核")
	}
	role, _ = hubstore.ParseRole(role)
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	if err := h.store.AddAccount(ctx, hubstore.Account{Name: name, PasswordHash: hash, Role: role, CreatedAt: h.Now()}); err != nil {
		if errors.Is(err, hubstore.ErrExists) {
			return fmt.Errorf("账号“%s”已存在", name)
		}
		return err
	}
	h.audit(ctx, "命令行", "新建账号", name, "角色 "+hubstore.RoleLabel(role), "")
	return nil
}

// SetUserPassword replaces an account's password and ends its sessions.
func (h *Hub) SetUserPassword(ctx context.Context, name, password string) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	if err := h.store.SetPassword(ctx, name, hash, h.Now()); err != nil {
		return noAccount(name, err)
	}
	h.audit(ctx, "命令行", "修改密码", name, "", "")
	return nil
}

// SetUserDisabled turns an account off (ending its sessions) or on.
func (h *Hub) SetUserDisabled(ctx context.Context, name string, disabled bool) error {
	if err := h.store.SetDisabled(ctx, name, disabled, h.Now()); err != nil {
		return noAccount(name, err)
	}
	what := "停用账号"
	if !disabled {
		what = "启用账号"
	}
	h.audit(ctx, "命令行", what, name, "", "")
	return nil
}

func noAccount(name string, err error) error {
	if errors.Is(err, hubstore.ErrNotFound) {
		return fmt.Errorf("没有账号“%s”", name)
	}
	return err
}

func hashPassword(pw string) (string, error) {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return "", ErrBadPassword
	}
	if len(pw) > 72 { // bcrypt's limit
		return "", errors.New("密码不能超过72字节")
	}
	b, err := bcrypt.GenerateFromPassword([]byte(pw), 12)
	if err != nil {
		return "", fmt.Errorf("hub: hash password: %w", err)
	}
	return string(b), nil
}

// dummyHash is compared when no such account exists, so a wrong name takes
// as long as a wrong password and does not tell which names exist. Making
// it costs a quarter of a second, so it is made when a hub opens (Open
// starts it in the background), not when a program that links this package
// starts.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such account, no such password"), 12)
	return h
})

// throttle slows down password guessing: after five failures for one
// account or one address, logins from it wait, doubling from one minute to
// fifteen. It lives in memory; a restart forgets it, which costs a guesser
// a restart of the county's server.
type throttle struct {
	mu    sync.Mutex
	fails map[string]*failState
}

type failState struct {
	n     int
	until time.Time
}

const freeFailures = 5

func (t *throttle) blocked(now time.Time, keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		if f := t.fails[k]; f != nil && now.Before(f.until) {
			wait = max(wait, f.until.Sub(now))
		}
	}
	return wait
}

func (t *throttle) fail(now time.Time, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		f := t.fails[k]
		if f == nil {
			f = &failState{}
			t.fails[k] = f
		}
		f.n++
		if f.n >= freeFailures {
			d := time.Minute << min(f.n-freeFailures, 4)
			f.until = now.Add(min(d, 15*time.Minute))
		}
	}
}

func (t *throttle) succeed(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.fails, k)
	}
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ErrLoginThrottled means too many failed logins; the text is Chinese.
type ErrLoginThrottled struct{ Wait time.Duration }

func (e *ErrLoginThrottled) Error() string {
	return fmt.Sprintf("登录失败次数过多，请 %d 分钟后再试", int(e.Wait.Minutes())+1)
}

// errLogin is the one message for a wrong name, a wrong password or a
// disabled account, so none of them is told apart.
var errLogin = errors.New("账号或密码不正确，或账号已停用")

// Login checks a name and password and starts a session, returning its
// token. Failures are throttled and every attempt is in the audit trail.
func (h *Hub) Login(ctx context.Context, name, password, remote string) (string, hubstore.Account, error) {
	now := h.Now()
	keys := []string{"account:" + name, "addr:" + remote}
	if wait := h.throttle.blocked(now, keys...); wait > 0 {
		h.audit(ctx, name, "登录被限制", "", "失败次数过多", remote)
		return "", hubstore.Account{}, &ErrLoginThrottled{Wait: wait}
	}
	a, err := h.store.Account(ctx, name)
	hash := dummyHash()
	if err == nil {
		hash = []byte(a.PasswordHash)
	} else if !errors.Is(err, hubstore.ErrNotFound) {
		return "", a, err
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || err != nil || a.Disabled {
		h.throttle.fail(now, keys...)
		h.audit(ctx, name, "登录失败", "", "", remote)
		return "", hubstore.Account{}, errLogin
	}
	h.throttle.succeed(keys[0])
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	if err := h.store.StartSession(ctx, token, a.Name, now, now.Add(SessionLength)); err != nil {
		return "", a, err
	}
	h.audit(ctx, a.Name, "登录", "", "", remote)
	return token, a, nil
}

type ctxKey struct{}

// account returns the clerk of a request that passed requireSession.
func account(r *http.Request) hubstore.Account {
	a, _ := r.Context().Value(ctxKey{}).(hubstore.Account)
	return a
}

// requireSession lets a request through only with a live session of an
// account that has role (查看 is enough for viewer pages; 审核 for changes).
// Without a session a page is sent to the login form and anything else is
// refused with 401; with too small a role it is refused with 403.
func (h *Hub) requireSession(role string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(SessionCookie)
		var a hubstore.Account
		if err == nil {
			a, err = h.store.Session(r.Context(), c.Value, h.Now())
		}
		if err != nil {
			if r.Method == http.MethodGet && !strings.Contains(r.URL.Path, "/download") && r.URL.Path != "/summary" {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, "请先登录", http.StatusUnauthorized)
			return
		}
		if role == hubstore.RoleReviewer && a.Role != hubstore.RoleReviewer {
			h.render(w, http.StatusForbidden, "message.html", map[string]any{"Title": "没有权限", "Text": "这项操作需要“审核”角色的账号。", "Back": "/", "User": a})
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, a)))
	}
}

func setSessionCookie(w http.ResponseWriter, r *http.Request, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
}

func (h *Hub) loginPage(w http.ResponseWriter, r *http.Request) {
	h.render(w, http.StatusOK, "login.html", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

func (h *Hub) loginPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	name, pw := strings.TrimSpace(r.FormValue("name")), r.FormValue("password")
	next := safeNext(r.FormValue("next"))
	token, _, err := h.Login(r.Context(), name, pw, remoteIP(r))
	if err != nil {
		msg := errLogin.Error()
		var te *ErrLoginThrottled
		if errors.As(err, &te) {
			msg = te.Error()
		} else if !errors.Is(err, errLogin) {
			msg = "登录时出错，请重试"
		}
		h.render(w, http.StatusUnauthorized, "login.html", map[string]any{"Next": next, "Error": msg, "Name": name})
		return
	}
	setSessionCookie(w, r, token, int(SessionLength.Seconds()))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Hub) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		h.store.EndSession(r.Context(), c.Value)
	}
	h.audit(r.Context(), account(r).Name, "退出", "", "", remoteIP(r))
	setSessionCookie(w, r, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// safeNext keeps the after-login address on this site.
func safeNext(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") {
		return "/"
	}
	return s
}
