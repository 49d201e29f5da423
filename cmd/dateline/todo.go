package main

import (
	"context"
	"errors"
)

func runIngest(ctx context.Context, c *cli, args []string) error  { return errors.New("todo") }
func runWhen(ctx context.Context, c *cli, args []string) error    { return errors.New("todo") }
func runSearch(ctx context.Context, c *cli, args []string) error  { return errors.New("todo") }
func runReindex(ctx context.Context, c *cli, args []string) error { return errors.New("todo") }
func runServe(ctx context.Context, c *cli, args []string) error   { return errors.New("todo") }
