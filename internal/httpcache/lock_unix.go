//go:build unix

package httpcache

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f, shared by every process
// that opens the same file; unlock releases it.
func lockFile(f *os.File) (unlock func(), err error) {
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }, nil
}
