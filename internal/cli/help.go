package cli

import "strings"

// helpText is the text of --help: the options of the command and those
// flags adds, at the end of the Network options. Without --http3 among
// them, it says where to find the build that has it.
func helpText(flags []Flag) string {
	var b strings.Builder
	b.WriteString(helpHead)
	hasHTTP3 := false
	for _, f := range flags {
		writeFlagHelp(&b, f)
		hasHTTP3 = hasHTTP3 || f.Name == "http3"
	}
	if !hasHTTP3 {
		b.WriteString("      --http3               HTTP/3, in the http3 build of this command only:\n")
		b.WriteString("        go install " + http3Build + "@latest\n")
	}
	b.WriteString(helpTail)
	return b.String()
}

const helpHead = `usage: requests [METHOD] URL [REQUEST_ITEM ...]

HTTP for humans on the command line, with httpie's syntax.

METHOD is GET, or POST when the request has data. URL may be
":8080/path" (http://localhost:8080/path), ":/path", or lack its scheme
(http:// is assumed, or the scheme of --default-scheme).

REQUEST_ITEM:
  Header:Value        a request header; "Header:" removes a default one
  Header;             a header with an empty value
  Header:@file        a header whose value is read from a file
  name==value         a query parameter (repeat for a list)
  name==@file         a query parameter whose value is read from a file
  field=value         a JSON string field, or a form field with --form
  field=@file         a field whose value is read from a file
  field:=json         a raw JSON field (number, bool, list, object)
  field:=@file.json   a raw JSON field read from a file
  field@path          a file upload; makes the request multipart
  field@path;type=T   the same, sent with the Content-Type T
A backslash escapes a separator in a name: "a\:b:value".

Nested JSON (the names of JSON fields are paths, as in httpie 3):
  user[name]=x        {"user": {"name": "x"}}
  tags[]=a tags[]:=1  {"tags": ["a", 1]}   ([] appends to an array)
  a[0]=x a[2]:=3      {"a": ["x", null, 3]}
  []:=1 []=x          [1, "x"]             (a top-level array)
  a\[b\]=x            {"a[b]": "x"}        (\[ \] \\ are literal; [\1] is a key)
A path through a value of another type (a[b]=1 after a=x) is an error.
A body piped to stdin is sent as it is.

Body:
  -j, --json          send data fields as JSON (the default)
  -f, --form          send data fields as a form
      --multipart     send data fields as multipart, even without files
      --boundary B    the boundary of a multipart body (default: random)
      --raw TEXT      send TEXT as the body, as it is (as a body on stdin)
      --chunked       send the body with Transfer-Encoding: chunked
  -x, --compress      deflate the body (Content-Encoding: deflate) when that
                      makes it smaller; -xx even when it does not

Authentication:
  -a, --auth USER[:PASS]    credentials; the password is asked for on a terminal
  -A, --auth-type TYPE      basic (default), digest or bearer (--auth TOKEN)

Network:
  -F, --follow              follow redirects
      --max-redirects N     at most N redirects (default 30)
      --max-headers N       fail on a response with more than N headers
                            (default: no limit)
      --timeout SECONDS     connect and read timeout
      --verify no|yes|PATH  verify TLS certificates, or use a CA bundle
      --cert PATH           client certificate (with its key, or --cert-key)
      --cert-key PATH       the client certificate's key
      --proxy [SCHEME:]URL  a proxy, e.g. http:http://127.0.0.1:3128
      --session NAME|PATH   keep headers, credentials and cookies between runs
      --session-read-only NAME|PATH
                            use a session without updating it
      --ignore-netrc        do not take credentials from ~/.netrc
      --default-scheme S    the scheme of a URL without one: http (default)
                            or https
      --unix-socket PATH    connect to this Unix domain socket, whatever the host
      --path-as-is          send "/a/../b" as it is, not as "/b" (not with
                            --proxy, --verify, --cert or --unix-socket)
      --offline             build and print the request; send nothing
      --curl                print the equivalent curl command, credentials
                            shown as REDACTED; send nothing
      --curl-reveal         the same, with the credentials: for your own
                            terminal, not for a bug report
`

const helpTail = `
Output:
  -p, --print WHAT    H request headers, B request body, h response headers,
                      b response body, m metadata (default: hb on a terminal,
                      b otherwise)
  -v, --verbose       the whole exchange (HBhb); -vv with the metadata (HBhbm)
  -h, --headers       the response headers only
  -b, --body          the response body only
  -m, --meta          the metadata only (the elapsed time)
      --all           print the redirects and authentication challenges
                      that led to the response too
  -P, --history-print WHAT
                      what to print of them (default: as --print)
      --pretty STYLE  all, colors, format or none (default: all on a
                      terminal, none otherwise)
  -s, --style auto    the colours: auto, the terminal's own, is the one
                      style; NO_COLOR=1 in the environment turns colours
                      off unless --pretty all or colors asks for them
      --format-options OPTS
                      json.indent:N, json.sort_keys:true|false,
                      json.format:true|false (headers are always sorted)
      --sorted, --unsorted
                      sort the keys of JSON objects (the default), or not
      --response-charset CHARSET
                      decode the response body with CHARSET, whatever the
                      response says (when printing for a person)
      --response-mime TYPE
                      format the response body as TYPE, e.g. application/json
  -S, --stream        print the body line by line as it arrives; a
                      text/event-stream event by event
  -q, --quiet         print nothing on stdout (-qq: no warnings either);
                      errors still go to stderr
  -d, --download      save the body to a file, with a progress bar
  -c, --continue      resume a partial download (Ctrl-C during a download
                      keeps the partial file and prints the command to
                      resume it; exit status 130)
  -o, --output PATH   the file to download to
  -I, --ignore-stdin  do not read a body from stdin
      --check-status  exit 3, 4 or 5 for a 3xx, 4xx or 5xx response
      --completion SHELL  print a completion script for bash, zsh or fish:
                      source <(requests --completion bash)
      --debug         log each exchange's headers on stderr
      --traceback     print the stack of an internal error
      --version       print the version
      --help, --manual  this text

Exit status: 0 success, 1 network or protocol error, 2 bad command line,
bad URL or missing file, 3/4/5 with --check-status, 130 interrupted.

Examples:
  requests :8080/get name==gopher
  requests POST example.org/post name=gopher langs:='["go"]'
  requests -f POST :8080/upload image@photo.png
  requests -d example.org/file.iso
`
