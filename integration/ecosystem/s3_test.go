package ecosystem

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/go-requests/requests"
)

// Defect 2 of issue "layers": an object stored gzip-encoded arrived
// decoded with Content-Encoding dropped, and the SDK's checksum failed.
func TestS3GetObjectStoredGzipEncoded(t *testing.T) {
	var stored bytes.Buffer
	zw := gzip.NewWriter(&stored)
	zw.Write(bytes.Repeat([]byte("log line\n"), 100))
	zw.Close()
	sum := crc32.ChecksumIEEE(stored.Bytes())
	checksum := base64.StdEncoding.EncodeToString([]byte{byte(sum >> 24), byte(sum >> 16), byte(sum >> 8), byte(sum)})

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "GET" || r.URL.Path != "/logs/app.log.gz" {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/plain")
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(stored.Len()))
		h.Set("ETag", `"1"`)
		h.Set("x-amz-checksum-crc32", checksum)
		h.Set("x-amz-checksum-type", "FULL_OBJECT")
		w.Write(stored.Bytes())
	}))
	defer srv.Close()

	s := requests.NewSession()
	defer s.Close()
	client := s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		HTTPClient:   s.Client(),
	})
	out, err := client.GetObject(context.Background(), &s3.GetObjectInput{
		Bucket:       aws.String("logs"),
		Key:          aws.String("app.log.gz"),
		ChecksumMode: types.ChecksumModeEnabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil {
		t.Fatalf("reading the object: %v (the SDK's checksum check)", err)
	}
	if !bytes.Equal(got, stored.Bytes()) || aws.ToString(out.ContentEncoding) != "gzip" {
		t.Errorf("GetObject: %d bytes, Content-Encoding %q; want the %d stored bytes and gzip", len(got), aws.ToString(out.ContentEncoding), stored.Len())
	}
}
