package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

const (
	apiPrefix      = "/api/v9"
	maxUploadBytes = 10 << 20 // Discord's default upload limit for a message's files together
	maxFiles       = 10
	maxJSONBody    = 1 << 20
)

// apiError is Discord's error body: {"code":…,"message":…,"errors":{…}}.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Errors  any    `json:"errors,omitempty"`
}

// routeAuth says how a route treats the Authorization header.
type routeAuth int

const (
	authRequired routeAuth = iota
	authOptional           // interaction callbacks and webhook routes: the URL's token authorizes; a wrong header still fails
)

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case websocket.IsWebSocketUpgrade(r):
		s.serveGateway(w, r)
	case strings.HasPrefix(r.URL.Path, "/attachments/"):
		s.serveAttachment(w, r)
	case strings.HasPrefix(r.URL.Path, apiPrefix+"/"):
		s.serveAPIWithFaults(w, r)
	default:
		s.fail(w, r, http.StatusNotFound, 0, "404: Not Found", nil)
	}
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if s.take429(w, r) {
		return
	}
	path := strings.TrimPrefix(r.URL.Path, apiPrefix)
	parts := strings.Split(strings.Trim(path, "/"), "/")
	m := r.Method
	route := func(method string, auth routeAuth, h func()) {
		if m != method {
			s.fail(w, r, http.StatusMethodNotAllowed, 0, "405: Method Not Allowed", nil)
			return
		}
		if !s.authorized(w, r, auth) || (auth == authRequired && !s.takeGlobal(w, r)) {
			return
		}
		h()
	}
	switch {
	case len(parts) == 1 && parts[0] == "gateway":
		// Discord answers GET /gateway without authentication; a bad token surfaces as close 4004.
		route("GET", authOptional, func() { s.writeJSON(w, http.StatusOK, map[string]any{"url": s.GatewayURL()}) })
	case len(parts) == 2 && parts[0] == "gateway" && parts[1] == "bot":
		route("GET", authRequired, func() { s.gatewayBot(w) })
	case len(parts) == 2 && parts[0] == "users" && parts[1] == "@me":
		route("GET", authRequired, func() { s.writeJSON(w, http.StatusOK, s.botUser()) })
	case len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		route("POST", authOptional, func() { s.interactionCallback(w, r, parts[1], parts[2]) })
	case len(parts) == 3 && parts[0] == "webhooks":
		route("POST", authOptional, func() {
			if s.takeWebhook(w, r, parts[2]) {
				s.followupCreate(w, r, parts[1], parts[2])
			}
		})
	case len(parts) == 5 && parts[0] == "webhooks" && parts[3] == "messages":
		if !s.authorized(w, r, authOptional) || !s.takeWebhook(w, r, parts[2]) {
			return
		}
		switch m {
		case "GET", "PATCH", "DELETE":
			s.webhookMessage(w, r, parts[1], parts[2], parts[4])
		default:
			s.fail(w, r, http.StatusMethodNotAllowed, 0, "405: Method Not Allowed", nil)
		}
	case len(parts) == 2 && parts[0] == "channels":
		route("GET", authRequired, func() { s.channelGet(w, r, parts[1]) })
	case len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		route("POST", authRequired, func() { s.channelMessageCreate(w, r, parts[1]) })
	case len(parts) == 3 && parts[0] == "applications" && parts[2] == "commands":
		if !s.authorized(w, r, authRequired) || !s.takeGlobal(w, r) {
			return
		}
		s.commandsRoute(w, r, parts[1], "")
	case len(parts) == 5 && parts[0] == "applications" && parts[2] == "guilds" && parts[4] == "commands":
		if !s.authorized(w, r, authRequired) || !s.takeGlobal(w, r) {
			return
		}
		s.commandsRoute(w, r, parts[1], parts[3])
	default:
		s.fail(w, r, http.StatusNotFound, 0, "404: Not Found", nil)
	}
}

// authorized checks the Authorization header: missing where required, or wrong anywhere, is 401.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, auth routeAuth) bool {
	got := r.Header.Get("Authorization")
	if (got == "" && auth == authRequired) || (got != "" && got != s.opts.Token) {
		s.fail(w, r, http.StatusUnauthorized, 0, "401: Unauthorized", nil)
		return false
	}
	return true
}

func (s *Server) gatewayBot(w http.ResponseWriter) {
	s.mu.Lock()
	remaining := s.sessionStartsLeftLocked()
	resetAfter := s.opts.SessionStartResetAfter
	if s.identifies > 0 && remaining < s.opts.SessionStartLimit {
		resetAfter -= time.Since(s.firstIdent)
	}
	s.mu.Unlock()
	s.writeJSON(w, http.StatusOK, map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": s.opts.SessionStartLimit, "remaining": remaining, "reset_after": resetAfter.Milliseconds(), "max_concurrency": 1,
		},
	})
}

func (s *Server) botUser() map[string]any {
	return map[string]any{"id": s.opts.BotUserID, "username": "dateline", "discriminator": "0", "global_name": nil, "avatar": nil, "bot": true, "flags": 0}
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("discordtest: marshal response: " + err.Error()) // our own values always marshal
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// apiFailure is an error answer: HTTP status, Discord error code and message, and 50035 field errors.
type apiFailure struct {
	status, code int
	message      string
	errs         *formErrors
}

func invalidForm(errs *formErrors) *apiFailure {
	return &apiFailure{http.StatusBadRequest, 50035, "Invalid Form Body", errs}
}

// String is how a failure reads in Violations: "400 50035 Invalid Form Body: data.content: …".
func (f *apiFailure) String() string {
	detail := ""
	if f.errs != nil && !f.errs.empty() {
		detail = ": " + f.errs.String()
	}
	return fmt.Sprintf("%d %d %s%s", f.status, f.code, f.message, detail)
}

func (f *apiFailure) body() apiError {
	e := apiError{Code: f.code, Message: f.message}
	if f.errs != nil && !f.errs.empty() {
		e.Errors = f.errs.tree()
	}
	return e
}

// fail answers like Discord and records the breach in Violations.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status, code int, message string, errs *formErrors) {
	s.failWith(w, r, &apiFailure{status, code, message, errs})
}

func (s *Server) failWith(w http.ResponseWriter, r *http.Request, f *apiFailure) {
	s.violationf("%s %s: %s", r.Method, redactPath(r.URL.Path), f)
	s.writeJSON(w, f.status, f.body())
}

// redactPath shortens interaction tokens in a path, e.g. /interactions/1/aW50…/callback.
func redactPath(p string) string {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if len(part) > 40 {
			parts[i] = part[:8] + "…"
		}
	}
	return strings.Join(parts, "/")
}

// uploadedFile is one files[n] part of a multipart body.
type uploadedFile struct {
	field, name, contentType string
	data                     []byte
}

// readBody returns the JSON payload of a request, from a JSON body or from the payload_json part of a
// multipart body (with its files). It answers the request itself on failure and returns ok=false.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (payload []byte, files []uploadedFile, ok bool) {
	payload, files, f := parseBody(r.Header.Get("Content-Type"), r.Body)
	if f != nil {
		s.failWith(w, r, f)
		return nil, nil, false
	}
	return payload, files, true
}

var (
	errTooLarge    = &apiFailure{http.StatusRequestEntityTooLarge, 40005, "Request entity too large", nil}
	errInvalidJSON = &apiFailure{http.StatusBadRequest, 50109, "The request body contains invalid JSON.", nil}
)

// parseBody reads a JSON or multipart (payload_json + files[n]) body within Discord's size limits.
func parseBody(contentType string, body io.Reader) ([]byte, []uploadedFile, *apiFailure) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, nil, errInvalidJSON
	}
	switch mediaType {
	case "application/json":
		b, err := io.ReadAll(io.LimitReader(body, maxJSONBody+1))
		if err != nil {
			return nil, nil, errInvalidJSON
		}
		if len(b) > maxJSONBody {
			return nil, nil, errTooLarge
		}
		if !json.Valid(b) {
			return nil, nil, errInvalidJSON
		}
		return b, nil, nil
	case "multipart/form-data":
		return parseMultipart(body, params["boundary"])
	default:
		return nil, nil, errInvalidJSON
	}
}

func parseMultipart(body io.Reader, boundary string) ([]byte, []uploadedFile, *apiFailure) {
	mr := multipart.NewReader(io.LimitReader(body, maxUploadBytes+maxJSONBody+1), boundary)
	var payload []byte
	var files []uploadedFile
	total := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, errTooLarge // a cut-off body is what the size limit produces
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, errTooLarge
		}
		name := part.FormName()
		switch {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files[") && strings.HasSuffix(name, "]"):
			total += len(data)
			files = append(files, uploadedFile{field: name, name: part.FileName(), contentType: part.Header.Get("Content-Type"), data: data})
		default:
			errs := &formErrors{}
			errs.add([]string{name}, "UNKNOWN_FIELD", "Unknown multipart field.")
			return nil, nil, invalidForm(errs)
		}
	}
	if total > maxUploadBytes {
		return nil, nil, errTooLarge
	}
	if len(files) > maxFiles {
		errs := &formErrors{}
		errs.add([]string{"files"}, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxFiles))
		return nil, nil, invalidForm(errs)
	}
	if payload == nil {
		payload = []byte("{}")
	}
	if !json.Valid(payload) {
		return nil, nil, errInvalidJSON
	}
	return payload, files, nil
}

// injected429 is one Inject429 call: the next n requests whose path contains route get a 429.
type injected429 struct {
	route      string
	n          int
	jsonBody   bool
	retryAfter time.Duration
}

// Inject429 makes the next n requests whose path contains route answer 429: with jsonBody, Discord's
// {"message","retry_after","global":false} and X-RateLimit-* headers; without, a text/html page as
// Cloudflare sends. Injected 429s are not violations.
func (s *Server) Inject429(route string, n int, jsonBody bool, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inject = append(s.inject, &injected429{route: route, n: n, jsonBody: jsonBody, retryAfter: retryAfter})
}

func (s *Server) take429(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	var hit *injected429
	for _, in := range s.inject {
		if in.n > 0 && strings.Contains(r.URL.Path, in.route) {
			in.n--
			hit = in
			break
		}
	}
	if hit != nil {
		s.limited++
	}
	s.mu.Unlock()
	if hit == nil {
		return false
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxUploadBytes+maxJSONBody))
	secs := hit.retryAfter.Seconds()
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	if !hit.jsonBody {
		h.Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, "<!DOCTYPE html><html><head><title>Error 1015</title></head><body><h1>You are being rate limited</h1></body></html>")
		return true
	}
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().Add(hit.retryAfter).UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "fake-"+strconv.Itoa(len(hit.route)))
	h.Set("X-RateLimit-Scope", "user")
	s.writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": secs, "global": false})
	return true
}
