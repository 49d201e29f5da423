package index

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
)

// verifySegments checks every segment file of the index at path against the
// CRC-32 its footer carries (zap ends each segment with the checksum of all
// the bytes before it). Bleve never checks it, so bytes damaged in place
// (sizes unchanged) would otherwise be read as data: wrong answers, errors
// or panics far from the cause.
func verifySegments(path string) error {
	segs, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return fmt.Errorf("list segments: %w", err)
	}
	for _, seg := range segs {
		if err := verifySegment(seg); err != nil {
			return err
		}
	}
	return nil
}

func verifySegment(seg string) error {
	b, err := os.ReadFile(seg)
	if os.IsNotExist(err) {
		return nil // merged away since the listing
	}
	if err != nil {
		return fmt.Errorf("read segment %s: %w", filepath.Base(seg), err)
	}
	if len(b) == 0 {
		// A merge that Close interrupted leaves its new file empty; no
		// segment the index uses is empty (Bleve could not load it), so
		// this is a leftover, not damage.
		return nil
	}
	if len(b) < 4 {
		return fmt.Errorf("segment %s is too short (%d bytes)", filepath.Base(seg), len(b))
	}
	body, footer := b[:len(b)-4], b[len(b)-4:]
	if got, want := crc32.ChecksumIEEE(body), binary.BigEndian.Uint32(footer); got != want {
		return fmt.Errorf("segment %s fails its checksum (%08x, footer says %08x)", filepath.Base(seg), got, want)
	}
	return nil
}

// Verify checks the index's segment files against their checksums: an
// error means the files were damaged since they were written (the index
// must be rebuilt from the store).
func (ix *Index) Verify() error {
	if err := verifySegments(ix.path); err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return nil
}
