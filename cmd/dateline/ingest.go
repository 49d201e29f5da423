package main

import (
	"context"
	"errors"
)

func runIngest(ctx context.Context, c *cli, args []string) error { return errors.New("not implemented yet") }
