package wire_test

import (
	"os"
	"testing"

	"github.com/go-requests/requests/internal/testserver"
)

func TestMain(m *testing.M) { os.Exit(testserver.Main(m, func() {})) }
