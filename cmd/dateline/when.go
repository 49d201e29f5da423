package main

import (
	"context"
	"errors"
)

func runWhen(ctx context.Context, c *cli, args []string) error { return errors.New("not implemented yet") }
