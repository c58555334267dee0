package cli

const helpText = `usage: requests [METHOD] URL [REQUEST_ITEM ...]

HTTP for humans on the command line, with httpie's syntax.

METHOD is GET, or POST when the request has data. URL may be
":8080/path" (http://localhost:8080/path), ":/path", or lack its scheme
(http:// is assumed).

REQUEST_ITEM:
  Header:Value        a request header; "Header:" removes a default one
  Header:@file        a header whose value is read from a file
  name==value         a query parameter (repeat for a list)
  field=value         a JSON string field, or a form field with --form
  field=@file         a field whose value is read from a file
  field:=json         a raw JSON field (number, bool, list, object)
  field:=@file.json   a raw JSON field read from a file
  field@path          a file upload; makes the request multipart
A backslash escapes a separator in a name: "a\:b:value".
A body piped to stdin is sent as it is.

Body:
  -j, --json          send data fields as JSON (the default)
  -f, --form          send data fields as a form
      --multipart     send data fields as multipart, even without files

Authentication:
  -a, --auth USER[:PASS]    credentials; the password is asked for on a terminal
  -A, --auth-type TYPE      basic (default), digest or bearer (--auth TOKEN)

Network:
  -F, --follow              follow redirects
      --max-redirects N     at most N redirects (default 30)
      --timeout SECONDS     connect and read timeout
      --verify no|yes|PATH  verify TLS certificates, or use a CA bundle
      --cert PATH           client certificate (with its key, or --cert-key)
      --cert-key PATH       the client certificate's key
      --proxy [SCHEME:]URL  a proxy, e.g. http:http://127.0.0.1:3128
      --session NAME|PATH   keep headers, credentials and cookies between runs
      --offline             build and print the request; send nothing
      --curl                print the equivalent curl command; send nothing

Output:
  -p, --print WHAT    H request headers, B request body, h response headers,
                      b response body, m metadata (default: hb on a terminal,
                      b otherwise)
  -v, --verbose       the whole exchange (HBhb)
  -h, --headers       the response headers only
  -b, --body          the response body only
      --pretty STYLE  all, colors, format or none (default: all on a
                      terminal, none otherwise)
  -S, --stream        print the body line by line as it arrives
  -d, --download      save the body to a file, with a progress bar
  -c, --continue      resume a partial download
  -o, --output PATH   the file to download to
  -I, --ignore-stdin  do not read a body from stdin
      --check-status  exit 3, 4 or 5 for a 3xx, 4xx or 5xx response
      --version       print the version
      --help          this text

Exit status: 0 success, 1 network or protocol error, 2 bad command line or
missing file, 3/4/5 with --check-status.

Examples:
  requests :8080/get name==gopher
  requests POST example.org/post name=gopher langs:='["go"]'
  requests -f POST :8080/upload image@photo.png
  requests -d example.org/file.iso
`
