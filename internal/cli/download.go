package cli

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path"
	"strings"
	"time"

	"github.com/go-requests/requests"
)

// runDownload saves the body to a file through the library's Download,
// which writes path.part and resumes it with --continue. Ctrl-C stops it,
// leaves the partial file and prints the command that resumes it.
func (c *command) runDownload(s *requests.Session, opts []requests.Option) int {
	if c.o.output == "" && c.env.StdoutRedirected {
		return c.downloadToStdout(s, opts)
	}
	target := c.o.output
	if target == "" {
		target = fileNameFor(c.url)
		if !c.o.resume {
			target = unusedName(target)
		}
	}
	var onDisk int64 // what a resumed download starts from
	if !c.o.resume {
		os.Remove(target + ".part")
		os.Remove(target + ".part.json")
	} else if fi, err := os.Stat(target + ".part"); err == nil {
		onDisk = fi.Size()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	prog := &downloadProgress{w: c.env.Stderr, target: target, onDisk: onDisk, quiet: c.o.quiet > 0, start: time.Now()}
	if c.env.StderrTTY && c.o.quiet == 0 {
		prog.bar = &progressBar{w: c.env.Stderr, width: c.env.Width, start: prog.start}
	}
	opts = append(opts, requests.DownloadProgress(prog.update))
	resp, err := s.Download(ctx, c.url, target, opts...)
	interrupted := ctx.Err() != nil // before stop, which cancels ctx too
	stop()
	prog.finish()
	if err != nil {
		if interrupted {
			return c.interrupted(target)
		}
		return c.fail(err)
	}
	if c.sess != nil && !c.o.sessionReadOnly {
		if err := c.sess.save(s, c); err != nil {
			return c.fail(err)
		}
	}
	if c.o.verbose > 0 || strings.Contains(c.o.print, "h") || c.o.headers {
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
	if c.o.quiet == 0 {
		took := time.Since(prog.start)
		fmt.Fprintf(c.env.Stderr, "Downloaded %s to %q in %.2fs (%s/s)\n", humanBytes(size), target, took.Seconds(),
			humanBytes(int64(float64(prog.moved())/max(took.Seconds(), 1e-3))))
	}
	return c.statusExit(resp)
}

// downloadToStdout is --download with stdout redirected and no --output:
// the body goes to stdout, the progress to stderr, as httpie does.
func (c *command) downloadToStdout(s *requests.Session, opts []requests.Option) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	prog := &downloadProgress{w: c.env.Stderr, target: "<stdout>", quiet: c.o.quiet > 0, start: time.Now()}
	if c.env.StderrTTY && c.o.quiet == 0 {
		prog.bar = &progressBar{w: c.env.Stderr, width: c.env.Width, start: prog.start}
	}
	opts = append(opts, requests.Stream(true), requests.DownloadProgress(prog.update))
	resp, err := s.Get(ctx, c.url, opts...)
	if err != nil {
		return c.fail(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		return c.fail(err)
	}
	_, err = io.Copy(c.env.Stdout, resp.Reader())
	prog.finish()
	if err != nil {
		if ctx.Err() != nil {
			return exitInterrupted
		}
		return c.fail(err)
	}
	if c.o.quiet == 0 {
		took := time.Since(prog.start)
		fmt.Fprintf(c.env.Stderr, "Downloaded %s to <stdout> in %.2fs\n", humanBytes(prog.moved()), took.Seconds())
	}
	return c.statusExit(resp)
}

// exitInterrupted is the status after Ctrl-C, as a shell reports it.
const exitInterrupted = 130

// interrupted reports a download stopped by Ctrl-C: where the partial file
// is and the exact command that resumes it.
func (c *command) interrupted(target string) int {
	if _, err := os.Stat(target + ".part"); err != nil {
		fmt.Fprintln(c.env.Stderr, "requests: interrupted")
		return exitInterrupted
	}
	fmt.Fprintf(c.env.Stderr, "requests: interrupted; the partial download is in %s\n", shellQuote(target+".part"))
	fmt.Fprintf(c.env.Stderr, "Resume it with:\n  %s\n", c.resumeCommand(target))
	return exitInterrupted
}

// resumeCommand is the command line that resumes this download: the same
// arguments, with --continue and the file named, in front so that a "--"
// among them does not swallow them.
func (c *command) resumeCommand(target string) string {
	words := []string{c.program()}
	if !c.o.resume {
		words = append(words, "--continue")
	}
	if c.o.output == "" {
		words = append(words, "--output", target)
	}
	words = append(words, c.args...)
	for i, w := range words {
		words[i] = shellQuote(w)
	}
	return strings.Join(words, " ")
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// downloadProgress follows a download: it announces the file and its size
// before the first byte, and feeds the progress bar. Only the bytes moved
// in this run count for the rate: a resumed download's bytes already on
// disk do not.
type downloadProgress struct {
	w         io.Writer
	target    string
	onDisk    int64 // the size of the partial file before the run
	quiet     bool
	start     time.Time
	bar       *progressBar
	announced bool
	base      int64 // the bytes the file held when the body started
	done      int64
}

func (d *downloadProgress) update(done, total int64) {
	if !d.announced {
		d.announced = true
		if d.onDisk > 0 && done > d.onDisk {
			d.base = d.onDisk // the server resumed; else it started over
		}
		if !d.quiet {
			size := "unknown size"
			if total >= 0 {
				size = humanBytes(total)
			}
			if d.base > 0 {
				fmt.Fprintf(d.w, "Resuming %q (%s) at %s\n", d.target, size, humanBytes(d.base))
			} else {
				fmt.Fprintf(d.w, "Downloading %q (%s)\n", d.target, size)
			}
		}
		if d.bar != nil {
			d.bar.base = d.base
		}
	}
	d.done = done
	if d.bar != nil {
		d.bar.update(done, total)
	}
}

// moved is the bytes this run wrote.
func (d *downloadProgress) moved() int64 { return d.done - d.base }

func (d *downloadProgress) finish() {
	if d.bar != nil {
		d.bar.finish()
	}
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
//	42% [=========>             ] 4.2 MiB / 10.0 MiB  3.1 MiB/s  ETA 0:02
//
// Drawn at most ten times a second, and only on a terminal.
type progressBar struct {
	w     io.Writer
	base  int64 // bytes on disk before this run: not part of the rate
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
	rate := float64(b.done-b.base) / max(time.Since(b.start).Seconds(), 1e-3)
	tail := fmt.Sprintf(" %s  %s/s", humanBytes(b.done), humanBytes(int64(rate)))
	if b.total > 0 {
		tail = fmt.Sprintf(" %s / %s  %s/s  ETA %s", humanBytes(b.done), humanBytes(b.total), humanBytes(int64(rate)), eta(b.total-b.done, rate))
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

// eta is the time left at rate bytes a second, as m:ss.
func eta(left int64, rate float64) string {
	if left <= 0 {
		return "0:00"
	}
	if rate <= 0 {
		return "-:--"
	}
	secs := int64(float64(left)/rate + 0.5)
	return fmt.Sprintf("%d:%02d", secs/60, secs%60)
}

func (b *progressBar) finish() {
	if b.drawn || b.done > 0 {
		b.draw()
		fmt.Fprintln(b.w)
	}
}
