package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/index"
)

// A finding of `dateline doctor`: how bad, what was checked, what was
// found and, when it is not fine, what to do.
type finding struct {
	level       string // "ok", "warn" or "FAIL"
	what, found string
	fix         string
}

// doctorTimeout bounds the reachability check of Discord's API.
const doctorTimeout = 5 * time.Second

// lowDisk is the free space under which the data directory is a warning.
const lowDisk = 1 << 30

// runDoctor checks what a deployment needs (configuration, token shape,
// data directory, store and index health, Discord's API reachable) and
// says what to fix; it exits 1 when any check failed. It changes nothing
// and may run beside `dateline serve`.
func runDoctor(ctx context.Context, c *cli, args []string) error {
	rest, err := parseInterspersed(newFlagSet("doctor"), args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: doctor takes no arguments", errUsage)
	}
	cfg, err := c.config()
	if err != nil {
		c.report(finding{"FAIL", "config", err.Error(), "correct the file (every key is in config.example.toml)"})
		return exitError{1}
	}
	findings := []finding{configFinding(c)}
	findings = append(findings, discordFindings(cfg)...)
	findings = append(findings, dataDirFinding(cfg.DataDir))
	findings = append(findings, storeFindings(app.Diagnose(ctx, cfg))...)
	findings = append(findings, apiFinding(ctx, cfg.Discord.APIURL))
	failed := false
	for _, f := range findings {
		c.report(f)
		failed = failed || f.level == "FAIL"
	}
	if failed {
		return exitError{1}
	}
	return nil
}

func (c *cli) report(f finding) {
	fmt.Fprintf(c.stdout, "%-4s  %s: %s\n", f.level, f.what, f.found)
	if f.fix != "" {
		fmt.Fprintf(c.stdout, "      fix: %s\n", f.fix)
	}
}

func configFinding(c *cli) finding {
	switch {
	case c.global.configPath != "":
		return finding{"ok", "config", c.global.configPath, ""}
	case fileExists(config.DefaultPath):
		return finding{"ok", "config", config.DefaultPath, ""}
	}
	return finding{"ok", "config", "no file: built-in defaults and the environment", ""}
}

// tokenShape is a bot token: three base64url parts, the first the bot's
// id, separated by dots.
var tokenShape = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)

func discordFindings(cfg config.Config) []finding {
	token := strings.TrimPrefix(cfg.Discord.Token, "Bot ")
	var out []finding
	switch {
	case token == "" && cfg.Discord.PublicKey == "":
		out = append(out, finding{"FAIL", "discord", "neither a token nor a public key: serve has nothing to serve",
			"set DISCORD_TOKEN (gateway) or [discord] public_key (HTTP interactions)"})
	case token == "":
		out = append(out, finding{"ok", "discord token", "not set: HTTP interactions only", ""})
	case !tokenShape.MatchString(token) || !snowflakePart(token):
		out = append(out, finding{"FAIL", "discord token", "does not look like a bot token (three dot-separated parts, the first the bot's id)",
			"copy the token from the Developer Portal, Bot page (Reset Token); not the client secret or public key"})
	default:
		out = append(out, finding{"ok", "discord token", "set, shaped like a bot token", ""})
	}
	if k := strings.TrimSpace(cfg.Discord.PublicKey); k != "" {
		if b, err := hex.DecodeString(k); err != nil || len(b) != 32 {
			out = append(out, finding{"FAIL", "discord public_key", "not 64 hex characters",
				"copy the Public Key from the Developer Portal, General Information page"})
		} else {
			out = append(out, finding{"ok", "discord public_key", "64 hex characters", ""})
		}
	}
	return out
}

// snowflakePart says whether a token's first part decodes to a numeric id.
func snowflakePart(token string) bool {
	first, _, _ := strings.Cut(token, ".")
	id, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(first, "="))
	if err != nil {
		id, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(first, "="))
	}
	if err != nil || len(id) == 0 {
		return false
	}
	return strings.Trim(string(id), "0123456789") == ""
}

func dataDirFinding(dir string) finding {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return finding{"warn", "data directory", dir + " does not exist yet", "the first command creates it; check the path"}
	}
	if err != nil || !fi.IsDir() {
		return finding{"FAIL", "data directory", fmt.Sprintf("%s is not a usable directory (%v)", dir, err),
			"point data_dir (or DATELINE_DATA, --data) at a directory"}
	}
	probe, err := os.CreateTemp(dir, ".doctor-*")
	if err != nil {
		return finding{"FAIL", "data directory", dir + " is not writable: " + err.Error(),
			"give the user dateline runs as write access (read-only commands still work)"}
	}
	probe.Close()
	os.Remove(probe.Name())
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err == nil {
		free := st.Bavail * uint64(st.Bsize)
		if free < lowDisk {
			return finding{"warn", "data directory", fmt.Sprintf("%s: only %d MiB free", dir, free>>20), "free some space: ingest fails on a full disk"}
		}
		return finding{"ok", "data directory", fmt.Sprintf("%s: writable, %d GiB free", dir, free>>30), ""}
	}
	return finding{"ok", "data directory", dir + ": writable", ""}
}

func storeFindings(d app.Diagnosis) []finding {
	var out []finding
	switch {
	case errors.Is(d.StoreErr, os.ErrNotExist):
		out = append(out, finding{"warn", "store", d.Store + " does not exist yet", "`dateline ingest PATH` creates it"})
	case d.StoreErr != nil:
		out = append(out, finding{"FAIL", "store", d.Store + ": " + d.StoreErr.Error(),
			"check [store] url / DATELINE_STORE_URL and that the database is up; restore from a backup if the file is damaged"})
	default:
		out = append(out, finding{"ok", "store", fmt.Sprintf("%s: %d articles, last change %d", d.Store, d.Articles, d.LastChange), ""})
	}
	switch {
	case errors.Is(d.IndexErr, index.ErrLocked):
		out = append(out, finding{"ok", "index", filepath.Base(d.IndexPath) + " is in use by a running dateline (GET /readyz says how far it has followed the store)", ""})
	case d.IndexErr != nil:
		out = append(out, finding{"warn", "index", d.IndexErr.Error(), "the next start rebuilds it from the store (or run `dateline reindex`)"})
	case d.IndexAbsent:
		out = append(out, finding{"warn", "index", d.IndexPath + " does not exist yet", "the next start builds it from the store"})
	case !d.Index.Current:
		out = append(out, finding{"warn", "index", fmt.Sprintf("mapping version %q is not this dateline's", d.Index.MappingVersion), "the next start rebuilds it"})
	case d.StoreErr == nil && d.Index.Applied > d.LastChange:
		out = append(out, finding{"warn", "index", fmt.Sprintf("has applied change %d, the store has only %d: it follows another store", d.Index.Applied, d.LastChange),
			"the next start rebuilds it (expected after restoring a backup)"})
	case d.StoreErr == nil && d.Index.Applied == d.LastChange:
		out = append(out, finding{"ok", "index", fmt.Sprintf("%d passages, up to date with the store (change %d)", d.Index.Passages, d.Index.Applied), ""})
	case d.StoreErr == nil:
		behind := d.LastChange - d.Index.Applied
		out = append(out, finding{"ok", "index", fmt.Sprintf("%d passages, %d changes behind the store (the next start applies them)", d.Index.Passages, behind), ""})
	default:
		out = append(out, finding{"ok", "index", fmt.Sprintf("%d passages, applied change %d", d.Index.Passages, d.Index.Applied), ""})
	}
	return out
}

func apiFinding(ctx context.Context, apiURL string) finding {
	ctx, cancel := context.WithTimeout(ctx, doctorTimeout)
	defer cancel()
	url := strings.TrimRight(apiURL, "/") + "/gateway"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return finding{"FAIL", "discord api", apiURL + ": " + err.Error(), "fix [discord] api_url (or DATELINE_DISCORD_API_URL)"}
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return finding{"FAIL", "discord api", fmt.Sprintf("GET %s: %v", url, err),
			"check the network, a proxy or firewall, and [discord] api_url"}
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return finding{"FAIL", "discord api", fmt.Sprintf("GET %s: %s", url, resp.Status), "check [discord] api_url"}
	}
	return finding{"ok", "discord api", fmt.Sprintf("GET %s answered in %s", url, time.Since(start).Round(time.Millisecond)), ""}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
