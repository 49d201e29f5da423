package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/store"
)

// The contract of paging state (store.Pages).
var pagesCases = []struct {
	name string
	run  func(t *testing.T, s store.Store)
}{
	{"PagesRoundTrip", testPagesRoundTrip},
	{"PagesExpire", testPagesExpire},
	{"PagesPerOwnerCap", testPagesPerOwnerCap},
	{"PagesSweep", testPagesSweep},
	{"PagesConcurrentOwners", testPagesConcurrentOwners},
}

var pagesT0 = time.Date(2026, 1, 27, 12, 0, 0, 123456000, time.UTC)

func page(id, owner string, created time.Time, ttl time.Duration) store.PageState {
	return store.PageState{
		ID: id, Command: "when", Query: `{"raw":"russia qamishli «Ä»"}`, Guild: "300000000000000001",
		Owner: owner, Created: created, Expires: created.Add(ttl),
	}
}

func testPagesRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	want := page("0123456789abcdef", "u1", pagesT0, 15*time.Minute)
	if err := s.PutPage(ctx, want, 20); err != nil {
		t.Fatal(err)
	}
	later := pagesT0.Add(5 * time.Minute)
	got, err := s.TouchPage(ctx, want.ID, later, later.Add(15*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	want.Expires = later.Add(15 * time.Minute)
	if got != want {
		t.Errorf("TouchPage = %+v\nwant %+v", got, want)
	}
	if _, err := s.TouchPage(ctx, "fedcba9876543210", later, later); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown page: %v, want ErrNotFound", err)
	}
	if err := s.PutPage(ctx, want, 20); err == nil {
		t.Error("a second page with the same id was stored")
	}
}

func testPagesExpire(t *testing.T, s store.Store) {
	ctx := context.Background()
	p := page("0123456789abcdef", "u1", pagesT0, 15*time.Minute)
	if err := s.PutPage(ctx, p, 20); err != nil {
		t.Fatal(err)
	}
	// Touching moves the expiry: a page in use stays alive.
	at := pagesT0.Add(14 * time.Minute)
	if _, err := s.TouchPage(ctx, p.ID, at, at.Add(15*time.Minute)); err != nil {
		t.Fatalf("live page refused: %v", err)
	}
	at = at.Add(15 * time.Minute) // exactly at its expiry: refused
	if _, err := s.TouchPage(ctx, p.ID, at, at.Add(15*time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired page: %v, want ErrNotFound", err)
	}
}

func testPagesPerOwnerCap(t *testing.T, s store.Store) {
	ctx := context.Background()
	const limit = 3
	// Created times are equal on purpose: the order of storing decides.
	for i := range 5 {
		if err := s.PutPage(ctx, page(fmt.Sprintf("a%015d", i), "u1", pagesT0, time.Hour), limit); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutPage(ctx, page("b000000000000000", "u2", pagesT0, time.Hour), limit); err != nil {
		t.Fatal(err)
	}
	at := pagesT0.Add(time.Minute)
	for i := range 5 {
		_, err := s.TouchPage(ctx, fmt.Sprintf("a%015d", i), at, at.Add(time.Hour))
		if kept := i >= 5-limit; kept != (err == nil) {
			t.Errorf("page %d of 5 with a cap of %d: %v", i, limit, err)
		}
	}
	if _, err := s.TouchPage(ctx, "b000000000000000", at, at.Add(time.Hour)); err != nil {
		t.Errorf("another owner's page was dropped: %v", err)
	}
}

func testPagesSweep(t *testing.T, s store.Store) {
	ctx := context.Background()
	for i, ttl := range []time.Duration{time.Minute, 2 * time.Minute, time.Hour} {
		if err := s.PutPage(ctx, page(fmt.Sprintf("c%015d", i), fmt.Sprintf("u%d", i), pagesT0, ttl), 20); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.SweepPages(ctx, pagesT0.Add(2*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("SweepPages = %d, %v; want 2", n, err)
	}
	if n, err := s.SweepPages(ctx, pagesT0.Add(2*time.Minute)); err != nil || n != 0 {
		t.Errorf("second sweep = %d, %v; want 0", n, err)
	}
	// PutPage sweeps too: the hour-long page is gone once a page is stored after it.
	late := pagesT0.Add(2 * time.Hour)
	if err := s.PutPage(ctx, page("d000000000000000", "u9", late, time.Minute), 20); err != nil {
		t.Fatal(err)
	}
	if n, err := s.SweepPages(ctx, late); err != nil || n != 0 {
		t.Errorf("sweep after PutPage = %d, %v; want 0 (PutPage swept)", n, err)
	}
}

// testPagesConcurrentOwners: many users storing pages at once each keep
// their own newest, within the cap, and nothing fails.
func testPagesConcurrentOwners(t *testing.T, s store.Store) {
	ctx := context.Background()
	const users, each, limit = 4, 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, users*each)
	for u := range users {
		wg.Go(func() {
			for i := range each {
				errs <- s.PutPage(ctx, page(fmt.Sprintf("e%07d%08d", u, i), fmt.Sprintf("u%d", u), pagesT0, time.Hour), limit)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	at := pagesT0.Add(time.Minute)
	for u := range users {
		for i := range each {
			_, err := s.TouchPage(ctx, fmt.Sprintf("e%07d%08d", u, i), at, at.Add(time.Hour))
			if kept := i >= each-limit; kept != (err == nil) {
				t.Errorf("user %d page %d: %v", u, i, err)
			}
		}
	}
}
