package bot

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// fastTransport is the API transport with short back-offs for tests.
func fastTransport(t *testing.T, apiURL string) *apiTransport {
	t.Helper()
	tr, err := newAPITransport(apiURL, http.DefaultTransport)
	if err != nil {
		t.Fatal(err)
	}
	tr.firstDelay, tr.maxDelay = 5*time.Millisecond, 20*time.Millisecond
	return tr
}

func TestTransportRewritesDiscordURLs(t *testing.T) {
	var gotPath, gotAuth atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath.Store(r.URL.RequestURI())
		gotAuth.Store(r.Header.Get("Authorization"))
		_, _ = io.WriteString(w, `{}`)
	}))
	defer srv.Close()
	tests := []struct{ apiURL, want string }{
		{srv.URL + "/api/v9", "/api/v9/gateway?v=9"},
		{srv.URL + "/proxy/discord/api/v9/", "/proxy/discord/api/v9/gateway?v=9"},
	}
	for _, tt := range tests {
		client := &http.Client{Transport: fastTransport(t, tt.apiURL)}
		req, _ := http.NewRequest("GET", "https://discord.com/api/v9/gateway?v=9", nil)
		req.Header.Set("Authorization", "Bot secret")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := gotPath.Load(); got != tt.want {
			t.Errorf("api_url %s: path %v, want %s", tt.apiURL, got, tt.want)
		}
		if gotAuth.Load() != "Bot secret" {
			t.Errorf("authorization header lost")
		}
	}
	if _, err := newAPITransport("ftp://x", nil); err == nil {
		t.Error("ftp api_url accepted")
	}
}

func TestTransportBacksOffOnNonJSON429(t *testing.T) {
	tests := []struct {
		name       string
		failures   int32
		json       bool
		wantStatus int
		wantCalls  int32
	}{
		{"html 429 then ok", 3, false, 200, 4},
		{"html 429 forever gives up", 100, false, 429, non429Retries + 1},
		{"json 429 left to discordgo", 1, true, 429, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if string(body) != `{"content":"x"}` {
					t.Errorf("body not replayed: %q", body)
				}
				if calls.Add(1) <= tt.failures {
					if tt.json {
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(429)
						_, _ = io.WriteString(w, `{"message":"You are being rate limited.","retry_after":0.01,"global":false}`)
						return
					}
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(429)
					_, _ = io.WriteString(w, "<html>error 1015</html>")
					return
				}
				_, _ = io.WriteString(w, `{}`)
			}))
			defer srv.Close()
			client := &http.Client{Transport: fastTransport(t, srv.URL+"/api/v9")}
			req, _ := http.NewRequest("POST", "https://discord.com/api/v9/channels/1/messages", bytes.NewBufferString(`{"content":"x"}`))
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d (body %q)", resp.StatusCode, tt.wantStatus, body)
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("%d calls, want %d", got, tt.wantCalls)
			}
			if tt.json && len(body) == 0 {
				t.Error("JSON 429 body not passed on to discordgo")
			}
		})
	}
}
