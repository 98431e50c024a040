package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wushehub/wushe/internal/fault"
)

// httpMultipart serves POST requests in the GraphQL multipart request
// format (github.com/jaydenseric/graphql-multipart-request-spec), which
// carries file uploads: a multipart/form-data body whose first part,
// "operations", is the request as JSON with null where the files go; the
// second, "map", says which file part fills which variable path; the files
// follow. It stands in for gqlgen's transport.MultipartForm, whose refusals
// are its own English text, without extensions.code and mostly with HTTP
// 200 or 422, and which panics on a map path that does not fit the
// variables: here every refusal is 400 (413 over the size) with
// BAD_USER_INPUT in the request's language, and the operation runs and is
// answered as a JSON POST is (execute, transport.go). It goes before
// httpPOST, which claims every POST.
//
// A request may be at most maxUpload bytes, files included; the JSON body
// limit (Limits.MaxBodyBytes) bounds the operations and map parts alone.
// Files up to 1 MB stay in memory, larger ones go to a temporary file
// removed when the request ends.
type httpMultipart struct {
	maxBody   int64
	maxUpload int64
}

var _ graphql.Transport = httpMultipart{}

// inMemory is the largest file kept in memory during a request.
const inMemory = 1 << 20

// Supports claims multipart/form-data POSTs.
func (httpMultipart) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mediaType == "multipart/form-data"
}

// Do answers one multipart request.
func (t httpMultipart) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		refuse(w, r, mediaJSON, http.StatusNotAcceptable, notAcceptable)
		return
	}
	tooLarge := fault.T("the request is larger than %d bytes (WUSHE_MAX_UPLOAD_BYTES)", "请求超过%d字节（WUSHE_MAX_UPLOAD_BYTES）", t.maxUpload)
	if r.ContentLength > t.maxUpload {
		refuse(w, r, media, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	start := graphql.Now()
	r.Body = http.MaxBytesReader(w, r.Body, t.maxUpload)
	params, files, status, text := t.read(r)
	defer func() {
		for _, f := range files {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if text != nil {
		if status == http.StatusRequestEntityTooLarge {
			text = &tooLarge
		}
		refuse(w, r, media, status, *text)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, media, params)
}

// read parses the parts of a multipart request, or says why it is not a
// well-formed one (with its status). The temporary files it made are
// returned to be removed.
func (t httpMultipart) read(r *http.Request) (*graphql.RawParams, []*os.File, int, *fault.Text) {
	var files []*os.File
	bad := func(en, zh string, args ...any) (*graphql.RawParams, []*os.File, int, *fault.Text) {
		text := fault.T(en, zh, args...)
		return nil, files, http.StatusBadRequest, &text
	}
	failed := func(err error, key string) (*graphql.RawParams, []*os.File, int, *fault.Text) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, files, http.StatusRequestEntityTooLarge, &fault.Text{}
		}
		text := fault.T("the multipart body could not be read (part %s)", "无法读取multipart请求体（%s部分）", key)
		return nil, files, http.StatusBadRequest, &text
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return bad("the body is not multipart/form-data with a boundary", "请求体不是带boundary的multipart/form-data")
	}
	part, err := mr.NextPart()
	if err != nil {
		return failed(err, "operations")
	}
	if part.FormName() != "operations" {
		return bad("the first part must be operations (the GraphQL multipart request spec)", "第一部分应为operations（GraphQL multipart请求规范）")
	}
	ops, err := readPart(part, t.maxBody)
	if err != nil {
		return failed(err, "operations")
	}
	if ops == nil {
		return bad("the operations part is larger than %d bytes", "operations部分超过%d字节", t.maxBody)
	}
	if b := bytes.TrimSpace(ops); len(b) > 0 && b[0] == '[' {
		return bad("operations must be one JSON object: batches are not served", "operations应为一个JSON对象：不支持批量请求")
	}
	params, text := decodeBody(ops)
	if text != nil {
		return nil, nil, http.StatusBadRequest, text
	}
	part, err = mr.NextPart()
	if err != nil {
		return failed(err, "map")
	}
	if part.FormName() != "map" {
		return bad("the second part must be map (the GraphQL multipart request spec)", "第二部分应为map（GraphQL multipart请求规范）")
	}
	raw, err := readPart(part, t.maxBody)
	if err != nil {
		return failed(err, "map")
	}
	if raw == nil {
		return bad("the map part is larger than %d bytes", "map部分超过%d字节", t.maxBody)
	}
	var paths map[string][]string
	if err := json.Unmarshal(raw, &paths); err != nil {
		return bad(`the map part must be a JSON object of file keys to variable paths, e.g. {"0": ["variables.file"]}`, `map部分应为文件名到变量路径的JSON对象，例如{"0": ["variables.file"]}`)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return failed(err, "file")
		}
		key := part.FormName()
		targets, ok := paths[key]
		if !ok || len(targets) == 0 {
			return bad("part %q is not named in map", "map中没有“%s”部分", key)
		}
		delete(paths, key)
		upload := graphql.Upload{Filename: part.FileName(), ContentType: part.Header.Get("Content-Type")}
		var head bytes.Buffer
		n, err := io.CopyN(&head, part, inMemory+1)
		if err != nil && err != io.EOF {
			return failed(err, key)
		}
		if n <= inMemory {
			upload.File, upload.Size = bytes.NewReader(head.Bytes()), n
		} else {
			f, err := os.CreateTemp("", "wushe-upload-*")
			if err != nil {
				return nil, files, http.StatusInternalServerError, &fault.Text{En: "internal error", Zh: "内部错误"}
			}
			files = append(files, f)
			if _, err := f.Write(head.Bytes()); err != nil {
				return failed(err, key)
			}
			rest, err := io.Copy(f, part)
			if err != nil {
				return failed(err, key)
			}
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return failed(err, key)
			}
			upload.File, upload.Size = f, n+rest
		}
		for _, p := range targets {
			if text := setUpload(params.Variables, p, upload); text != nil {
				return nil, files, http.StatusBadRequest, text
			}
		}
	}
	for key := range paths {
		return bad("map names part %q, which the request does not have", "map中的“%s”部分不在请求中", key)
	}
	return params, files, 0, nil
}

// readPart reads a part of at most limit bytes; nil when it is larger.
func readPart(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, nil
	}
	return data, nil
}

// setUpload puts upload at path ("variables.file", "variables.files.0") of
// the operation's variables, where the request has null.
func setUpload(vars map[string]any, path string, upload graphql.Upload) *fault.Text {
	wrong := fault.T("map path %q does not name a null variable of the operations", "map路径“%s”不是operations中值为null的变量", path)
	steps := strings.Split(path, ".")
	if len(steps) < 2 || steps[0] != "variables" || vars == nil {
		return &wrong
	}
	var at any = vars
	for i, step := range steps[1:] {
		last := i == len(steps)-2
		switch node := at.(type) {
		case map[string]any:
			v, ok := node[step]
			if !ok {
				return &wrong
			}
			if last {
				if v != nil {
					return &wrong
				}
				node[step] = upload
				return nil
			}
			at = v
		case []any:
			n, err := strconv.Atoi(step)
			if err != nil || n < 0 || n >= len(node) {
				return &wrong
			}
			if last {
				if node[n] != nil {
					return &wrong
				}
				node[n] = upload
				return nil
			}
			at = node[n]
		default:
			return &wrong
		}
	}
	return &wrong
}
