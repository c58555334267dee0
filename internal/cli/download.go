package cli

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/go-requests/requests"
)

// runDownload saves the body to a file through the library's Download,
// which writes path.part and resumes it with --continue.
func (c *command) runDownload(s *requests.Session, opts []requests.Option) int {
	target := c.o.output
	if target == "" {
		target = fileNameFor(c.url)
		if !c.o.resume {
			target = unusedName(target)
		}
	}
	if !c.o.resume {
		os.Remove(target + ".part")
		os.Remove(target + ".part.json")
	}
	var bar *progressBar
	if c.env.StderrTTY {
		bar = &progressBar{w: c.env.Stderr, width: c.env.Width, start: time.Now()}
		opts = append(opts, requests.DownloadProgress(bar.update))
	}
	start := time.Now()
	resp, err := s.Download(context.Background(), c.url, target, opts...)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return c.fail(err)
	}
	if c.sess != nil {
		if err := c.sess.save(s, c); err != nil {
			return c.fail(err)
		}
	}
	if c.o.verbose || strings.Contains(c.o.print, "h") || c.o.headers {
		p := c.printer()
		p.what = strings.Map(func(r rune) rune {
			if r == 'b' {
				return -1
			}
			return r
		}, p.what)
		p.exchange(resp, false)
	}
	var size int64
	if fi, err := os.Stat(target); err == nil {
		size = fi.Size()
	}
	took := time.Since(start)
	fmt.Fprintf(c.env.Stderr, "Downloaded %s to %q in %.2fs (%s/s)\n", humanBytes(size), target, took.Seconds(),
		humanBytes(int64(float64(size)/max(took.Seconds(), 1e-3))))
	return c.statusExit(resp)
}

// fileNameFor names a download after the last segment of the URL's path.
func fileNameFor(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "download"
	}
	name := path.Base(u.Path)
	if name == "/" || name == "." || name == "" {
		return "index.html"
	}
	return name
}

// unusedName appends -1, -2, ... until the name is free, as httpie does.
func unusedName(name string) string {
	if _, err := os.Stat(name); os.IsNotExist(err) {
		return name
	}
	for i := 1; i < 1000; i++ {
		n := fmt.Sprintf("%s-%d", name, i)
		if _, err := os.Stat(n); os.IsNotExist(err) {
			return n
		}
	}
	return name
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// progressBar draws one line on a terminal, redrawn in place:
//
//	42% [=========>             ] 4.2 MiB / 10.0 MiB  3.1 MiB/s
//
// Drawn at most ten times a second, and only on a terminal.
type progressBar struct {
	w     io.Writer
	width int
	start time.Time
	last  time.Time
	drawn bool
	done  int64
	total int64
}

func (b *progressBar) update(done, total int64) {
	b.done, b.total = done, total
	if now := time.Now(); now.Sub(b.last) >= 100*time.Millisecond || done == total {
		b.last = now
		b.draw()
	}
}

func (b *progressBar) draw() {
	width := b.width
	if width <= 0 {
		width = 80
	}
	rate := float64(b.done) / max(time.Since(b.start).Seconds(), 1e-3)
	tail := fmt.Sprintf(" %s  %s/s", humanBytes(b.done), humanBytes(int64(rate)))
	if b.total > 0 {
		tail = fmt.Sprintf(" %s / %s  %s/s", humanBytes(b.done), humanBytes(b.total), humanBytes(int64(rate)))
	}
	line := tail
	if barW := width - len(tail) - 8; b.total > 0 && barW >= 10 {
		frac := min(float64(b.done)/float64(b.total), 1)
		fill := int(frac * float64(barW))
		bar := strings.Repeat("=", fill)
		if fill < barW {
			bar += ">" + strings.Repeat(" ", barW-fill-1)
		}
		line = fmt.Sprintf("%3.0f%% [%s]%s", frac*100, bar, tail)
	}
	fmt.Fprintf(b.w, "\r%s\x1b[K", line)
	b.drawn = true
}

func (b *progressBar) finish() {
	if b.drawn || b.done > 0 {
		b.draw()
		fmt.Fprintln(b.w)
	}
}
