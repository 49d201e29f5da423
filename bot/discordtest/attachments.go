package discordtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// attachment is a file the fake serves like Discord's CDN: at a signed URL that expires.
type attachment struct {
	id, channelID, filename, contentType string
	data                                 []byte
	url                                  string
}

func (s *Server) storeAttachmentLocked(channelID, filename, contentType string, data []byte) *attachment {
	if contentType == "" {
		contentType = http.DetectContentType(data)
	}
	a := &attachment{id: s.ids.next(), channelID: channelID, filename: filename, contentType: contentType, data: append([]byte(nil), data...)}
	path := "/attachments/" + channelID + "/" + a.id + "/" + url.PathEscape(filename)
	issued := time.Now().Unix()
	expires := time.Now().Add(s.opts.AttachmentLifetime).Unix()
	ex, is := strconv.FormatInt(expires, 16), strconv.FormatInt(issued, 16)
	a.url = s.http.URL + path + "?ex=" + ex + "&is=" + is + "&hm=" + s.sign(path, ex, is) + "&"
	s.attachments[a.id] = a
	return a
}

func (s *Server) sign(path, ex, is string) string {
	mac := hmac.New(sha256.New, s.secret)
	mac.Write([]byte(path + "\x00" + ex + "\x00" + is))
	return hex.EncodeToString(mac.Sum(nil))
}

func (a *attachment) attachment() *discordgo.MessageAttachment {
	return &discordgo.MessageAttachment{ID: a.id, URL: a.url, ProxyURL: a.url, Filename: a.filename, ContentType: a.contentType, Size: len(a.data)}
}

func (a *attachment) json() map[string]any {
	return map[string]any{"id": a.id, "url": a.url, "proxy_url": a.url, "filename": a.filename, "content_type": a.contentType, "size": len(a.data)}
}

// serveAttachment answers GET /attachments/{channel}/{id}/{filename}?ex&is&hm: the file while the
// signature is valid and unexpired, else 404 as Discord's CDN does.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ex, is, hm := q.Get("ex"), q.Get("is"), q.Get("hm")
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/attachments/"), "/")
	expires, err := strconv.ParseInt(ex, 16, 64)
	path := "/attachments/" + strings.Join(parts, "/")
	if len(parts) == 3 {
		path = "/attachments/" + parts[0] + "/" + parts[1] + "/" + url.PathEscape(parts[2])
	}
	valid := err == nil && len(parts) == 3 && hmac.Equal([]byte(hm), []byte(s.sign(path, ex, is)))
	if !valid || time.Now().Unix() > expires || r.Method != http.MethodGet {
		s.violationf("GET %s: 404 This content is no longer available (bad or expired signature)", r.URL.Path)
		http.Error(w, "This content is no longer available.", http.StatusNotFound)
		return
	}
	s.mu.Lock()
	a := s.attachments[parts[1]]
	s.mu.Unlock()
	if a == nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(a.data)))
	_, _ = w.Write(a.data)
}
