// Upload_image posts an image to the tutorial's Flask application
// (testdata/app.py): the twin of the tutorial's image upload program. The
// file is streamed from disk.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/examples/internal/tutorial"
)

func main() {
	url := tutorial.URL("SERVER_URL", "http://localhost:5000") + "/upload"
	imageFile := tutorial.URL("IMAGE_FILE", "data/sid.jpg")
	files := requests.Files{"image": requests.File(imageFile)}
	resp, err := requests.Post(context.Background(), url, files)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Close()
	if err := resp.RaiseForStatus(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Text())
}
